"""The read side of mentoring: a mentor's caseload with its early warnings, the mentors'
table for admins and officers, one trainee's mentoring record, and which session a user
may open. Read-only; every date is passed in (``as_of`` is "today").

Query budget. Each function runs a fixed number of SQL statements, whatever the number
of sessions, attendances, check-ins, action items, loans or trainees
(``tests/mentoring/test_overview.py`` counts them):

==================== ========== =========================================================
function             statements what
==================== ========== =========================================================
caseload             3          the trainees, each with correlated subqueries (last
                                attended session, the latest session's planned next
                                date, current assignment start, open/overdue action
                                counts); the last 4 check-ins per trainee (window
                                ``row_number``); the latest loan per trainee (window)
mentor_caseloads     1          every enabled mentor with correlated counts
trainee_mentoring    6          latest 10 sessions (with the total and the last
                                attended date); their topics; action items; check-ins;
                                assignments with their users; the latest loan
trainee_sessions     2          the page (with the total); its topics (3 when the page
                                is past the end: the total is then counted apart)
visible_session      1
==================== ========== =========================================================

"Last session" means the last session the trainee *attended* (a session they missed
does not count); ``next_session_on`` is the date planned at the latest session they were
part of (attended or not) and may lie in the past (a missed plan).

Early-warning rules (``Warning.code``, weight; a row's ``risk`` is the sum of its
weights, and ``early_warning`` lists the rows with any warning, highest risk first):

- ``no_session`` — no attended session for 30+ days: weight 2, or 3 from 60 days. Never
  had one: counted from the start of the current mentor assignment (the trainee's
  ``joined_on`` when there is no assignment row), so a newly assigned mentor has 30
  days; weight 3 once those have passed.
- ``profit_negative`` — the latest check-in's profit (revenue − costs) is below zero:
  weight 3.
- ``profit_falling`` — each of the last three check-ins' profit is lower than the one
  before (needs 4 check-ins): weight 2.
- ``no_checkin`` — no check-in at all, or the latest is for a month before the first
  day of the month two months before ``as_of``'s (on 27 Nov: none for September or
  later): weight 1.
- ``loan_overdue`` — the trainee's latest active or written-off loan is 1+ days past
  due (``as_of`` − ``Loan.oldest_unpaid_due_on``, as the portfolio): weight 3 for 1-30
  days, 5 from 31 days (a written-off loan keeps its days past due).
- ``actions_overdue`` — open action items whose due date is before ``as_of``: weight 1,
  2 from three items.

Messages are localised with the caller's locale (call inside a request or
``force_locale``) and carry the figure ("No session for 41 days").
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from flask_babel import format_date, gettext as _, ngettext
from sqlalchemy import and_, case, exists, func, or_, select
from sqlalchemy.orm import joinedload

from accounts.models import Role, User
from extensions import db
from formatting import format_rupiah
from loans.models import Loan, LoanStatus
from trainees.models import Kelurahan, Trainee

from .models import (
    ActionItem, ActionStatus, BusinessCheckin, MentorAssignment, MentoringSession, SessionAttendance,
    SessionKind, SessionMode, SessionTopic, Topic,
)

#: No attended session for this many days (or since assignment, when never) is a warning.
NO_SESSION_DAYS = 30
#: ... and a heavier one from this many days.
NO_SESSION_LONG_DAYS = 60
#: Overdue action items from this many weigh more.
MANY_OVERDUE_ACTIONS = 3
#: A loan this many days past due or more weighs more.
LOAN_LATE_DAYS = 31
#: Check-ins read per trainee for the profit rules (the latest and three before it).
PROFIT_CHECKINS = 4
#: Latest sessions on the trainee page; closed action items shown; check-ins charted.
LATEST_SESSIONS = 10
CLOSED_ACTIONS = 10
CHART_MONTHS = 24

WEIGHTS = {
    "no_session": 2,
    "no_session_long": 3,
    "profit_negative": 3,
    "profit_falling": 2,
    "no_checkin": 1,
    "loan_overdue": 3,
    "loan_overdue_long": 5,
    "actions_overdue": 1,
    "actions_overdue_many": 2,
}
_LOAN_STATUSES = (LoanStatus.ACTIVE.value, LoanStatus.WRITTEN_OFF.value)
_OPEN = ActionStatus.OPEN.value
_TOPIC_ORDER = {topic: n for n, topic in enumerate(Topic)}


@dataclass(frozen=True)
class Warning:  # noqa: A001 - the contract's name; shadows the builtin only in this module
    code: str
    #: Localised, with the figure: "No session for 41 days".
    message: str
    weight: int

    @property
    def level(self) -> str:
        """A CSS-ish severity: "danger" for weight 3 and more, else "warning"."""
        return "danger" if self.weight >= 3 else "warning"


@dataclass
class TraineeRow:
    trainee: Trainee
    #: The last session the trainee attended.
    last_session_on: date | None
    #: as_of − last_session_on; None if they never attended one.
    days_since_session: int | None
    #: Planned at the latest session they were part of (may be past: a missed plan).
    next_session_on: date | None
    open_actions: int
    overdue_actions: int
    latest_checkin_month: date | None
    #: Revenue − costs of the latest check-in, rupiah.
    latest_profit: Decimal | None
    #: The latest active or written-off loan.
    loan: Loan | None
    days_past_due: int
    warnings: list[Warning]
    risk: int
    #: Start of the current mentor assignment (None without an assignment row).
    assigned_on: date | None = None


@dataclass
class MentorCaseload:
    mentor: User
    #: Trainees currently assigned (Trainee.mentor_id).
    trainees: int
    #: Sessions the mentor logged from the first of as_of's month up to as_of.
    sessions_this_month: int
    #: Current trainees with the ``no_session`` warning (same rule as the caseload).
    without_session_30d: int
    #: Open action items due before as_of, of the current trainees.
    overdue_actions: int


@dataclass
class SessionEntry:
    id: int
    held_on: date
    starts_at: time | None
    duration_minutes: int
    mode: SessionMode
    kind: SessionKind
    topics: list[Topic]
    topic_other: str | None
    shared_notes: str | None
    #: None when the caller may not see them (never loaded from the database then).
    staff_notes: str | None
    mentor_name: str
    #: Whether this trainee attended (None outside a trainee's history).
    attended: bool | None
    participants_count: int
    next_session_on: date | None
    created_at: datetime
    mentor_id: int
    kelurahan_code: str | None = None
    kelurahan_name: str | None = None


@dataclass
class TraineeMentoring:
    #: The latest LATEST_SESSIONS sessions the trainee was part of, newest first.
    sessions: list[SessionEntry]
    sessions_total: int
    #: Open items by due date, then the last CLOSED_ACTIONS closed ones (latest first).
    actions: list[ActionItem]
    #: Ascending by month, the last CHART_MONTHS.
    checkins: list[BusinessCheckin]
    latest_checkin: BusinessCheckin | None
    #: Mentor assignment history, newest first (mentor, assigned_by, ended_by loaded).
    assignments: list[MentorAssignment]
    last_session_on: date | None = None
    next_session_on: date | None = None
    open_actions: int = 0
    overdue_actions: int = 0
    #: The latest active or written-off loan and its days past due.
    loan: Loan | None = None
    days_past_due: int = 0
    warnings: list[Warning] = field(default_factory=list)

    @property
    def risk(self) -> int:
        return sum(w.weight for w in self.warnings)

    @property
    def current_assignment(self) -> MentorAssignment | None:
        return next((a for a in self.assignments if a.ended_on is None), None)


# -- the rules (pure) ------------------------------------------------------------------

def _months_before(first: date, months: int) -> date:
    """The first day of the month ``months`` months before ``first``'s month."""
    index = first.year * 12 + first.month - 1 - months
    return date(index // 12, index % 12 + 1, 1)


def assess(*, as_of: date, last_session_on: date | None, assigned_on: date | None,
           profits: list[Decimal], latest_checkin_month: date | None, days_past_due: int,
           loan_written_off: bool, overdue_actions: int) -> list[Warning]:
    """The early warnings for one trainee (see the module docstring). ``profits``: the
    latest check-ins' profit in rupiah, newest first (at least the latest 4 when there
    are that many); ``assigned_on``: start of the current assignment, or the trainee's
    joined_on. Pure: no database; messages use the current locale."""
    warnings = []
    if last_session_on is not None:
        days = (as_of - last_session_on).days
        if days >= NO_SESSION_DAYS:
            weight = WEIGHTS["no_session_long" if days >= NO_SESSION_LONG_DAYS else "no_session"]
            warnings.append(Warning("no_session", _("No session for %(days)d days", days=days), weight))
    elif assigned_on is not None and (as_of - assigned_on).days >= NO_SESSION_DAYS:
        days = (as_of - assigned_on).days
        warnings.append(Warning(
            "no_session", _("No session yet, %(days)d days after assignment", days=days),
            WEIGHTS["no_session_long"],
        ))
    if profits and profits[0] < 0:
        warnings.append(Warning(
            "profit_negative", _("Loss of %(amount)s in the latest check-in", amount=format_rupiah(-profits[0])),
            WEIGHTS["profit_negative"],
        ))
    if len(profits) >= PROFIT_CHECKINS and all(
        profits[i] < profits[i + 1] for i in range(PROFIT_CHECKINS - 1)
    ):
        warnings.append(Warning(
            "profit_falling", _("Profit fell %(count)d months in a row", count=PROFIT_CHECKINS - 1),
            WEIGHTS["profit_falling"],
        ))
    threshold = _months_before(_first_of_month(as_of), 2)
    if latest_checkin_month is None:
        warnings.append(Warning("no_checkin", _("No business check-in yet"), WEIGHTS["no_checkin"]))
    elif latest_checkin_month < threshold:
        warnings.append(Warning(
            "no_checkin",
            _("No check-in since %(month)s", month=format_date(latest_checkin_month, "MMM yyyy")),
            WEIGHTS["no_checkin"],
        ))
    if days_past_due >= 1:
        weight = WEIGHTS["loan_overdue_long" if days_past_due >= LOAN_LATE_DAYS else "loan_overdue"]
        if loan_written_off:
            message = ngettext("Loan written off, %(num)d day past due",
                               "Loan written off, %(num)d days past due", days_past_due)
        else:
            message = ngettext("Loan %(num)d day past due", "Loan %(num)d days past due", days_past_due)
        warnings.append(Warning("loan_overdue", message, weight))
    if overdue_actions:
        weight = WEIGHTS["actions_overdue_many" if overdue_actions >= MANY_OVERDUE_ACTIONS else "actions_overdue"]
        warnings.append(Warning(
            "actions_overdue",
            ngettext("%(num)d action item overdue", "%(num)d action items overdue", overdue_actions),
            weight,
        ))
    return warnings


def _first_of_month(day: date) -> date:
    return day.replace(day=1)


def _days_past_due(loan: Loan | None, as_of: date) -> int:
    """As the portfolio: as_of − the oldest unpaid due date when that is before as_of."""
    if loan is None or loan.oldest_unpaid_due_on is None or loan.oldest_unpaid_due_on >= as_of:
        return 0
    return (as_of - loan.oldest_unpaid_due_on).days


# -- SQL pieces ------------------------------------------------------------------------

def _last_attended_on(trainee_id):
    """Scalar subquery: the held_on of the trainee's last attended session (walks
    ix_session_attendance_trainee_held backwards; stops at the first attended row)."""
    return (
        select(SessionAttendance.held_on)
        .where(SessionAttendance.trainee_id == trainee_id, SessionAttendance.attended.is_(True))
        .order_by(SessionAttendance.held_on.desc())
        .limit(1)
        .scalar_subquery()
    )


def _assigned_on(trainee_id):
    """Scalar subquery: start of the trainee's current (open) assignment."""
    return (
        select(MentorAssignment.started_on)
        .where(MentorAssignment.trainee_id == trainee_id, MentorAssignment.ended_on.is_(None))
        .limit(1)
        .scalar_subquery()
    )


def _latest_loans(trainee_ids) -> dict[int, Loan]:
    """trainee id -> their latest active or written-off loan. One statement."""
    ranked = (
        select(
            Loan.id.label("id"),
            func.row_number().over(
                partition_by=Loan.trainee_id, order_by=(Loan.disbursed_on.desc(), Loan.id.desc())
            ).label("rn"),
        )
        .where(Loan.trainee_id.in_(trainee_ids), Loan.status.in_(_LOAN_STATUSES))
        .subquery("ranked")
    )
    loans = db.session.scalars(select(Loan).join(ranked, ranked.c.id == Loan.id).where(ranked.c.rn == 1))
    return {loan.trainee_id: loan for loan in loans}


def _latest_checkins(trainee_ids, per_trainee: int) -> dict[int, list[tuple[date, Decimal]]]:
    """trainee id -> [(month, profit)] of their latest ``per_trainee`` check-ins, newest
    first. One statement (row_number over the trainee's check-ins, newest first)."""
    ranked = (
        select(
            BusinessCheckin.trainee_id.label("trainee_id"),
            BusinessCheckin.month.label("month"),
            BusinessCheckin.revenue.label("revenue"),
            BusinessCheckin.costs.label("costs"),
            func.row_number().over(
                partition_by=BusinessCheckin.trainee_id, order_by=BusinessCheckin.month.desc()
            ).label("rn"),
        )
        .where(BusinessCheckin.trainee_id.in_(trainee_ids))
        .subquery("ranked")
    )
    result: dict[int, list[tuple[date, Decimal]]] = {}
    rows = db.session.execute(
        select(ranked.c.trainee_id, ranked.c.month, ranked.c.revenue, ranked.c.costs)
        .where(ranked.c.rn <= per_trainee)
        .order_by(ranked.c.trainee_id, ranked.c.month.desc())
    )
    for trainee_id, month, revenue, costs in rows:
        result.setdefault(trainee_id, []).append((month, revenue - costs))
    return result


# -- a mentor's caseload ---------------------------------------------------------------

def _rows(where, *, as_of: date) -> list[TraineeRow]:
    """TraineeRows of the trainees matching ``where`` (on Trainee), sorted by name."""
    next_planned = (
        select(MentoringSession.next_session_on)
        .join(SessionAttendance, SessionAttendance.session_id == MentoringSession.id)
        .where(SessionAttendance.trainee_id == Trainee.id)
        .order_by(SessionAttendance.held_on.desc(), MentoringSession.id.desc())
        .limit(1)
        .scalar_subquery()
    )
    open_count = (
        select(func.count()).select_from(ActionItem)
        .where(ActionItem.trainee_id == Trainee.id, ActionItem.status == _OPEN)
        .scalar_subquery()
    )
    overdue_count = (
        select(func.count()).select_from(ActionItem)
        .where(ActionItem.trainee_id == Trainee.id, ActionItem.status == _OPEN, ActionItem.due_on < as_of)
        .scalar_subquery()
    )
    stmt = (
        select(
            Trainee, _last_attended_on(Trainee.id), next_planned, _assigned_on(Trainee.id), open_count,
            overdue_count,
        )
        .where(where)
        .options(joinedload(Trainee.kelurahan), joinedload(Trainee.business))
        .order_by(Trainee.full_name, Trainee.id)
    )
    facts = db.session.execute(stmt).all()
    ids = select(Trainee.id).where(where)
    checkins = _latest_checkins(ids, PROFIT_CHECKINS) if facts else {}
    loans = _latest_loans(ids) if facts else {}

    rows = []
    for trainee, last_on, next_on, assigned_on, open_actions, overdue_actions in facts:
        recent = checkins.get(trainee.id, [])
        loan = loans.get(trainee.id)
        dpd = _days_past_due(loan, as_of)
        warnings = assess(
            as_of=as_of, last_session_on=last_on, assigned_on=assigned_on or trainee.joined_on,
            profits=[profit for _month, profit in recent],
            latest_checkin_month=recent[0][0] if recent else None,
            days_past_due=dpd, loan_written_off=loan is not None and loan.status == LoanStatus.WRITTEN_OFF.value,
            overdue_actions=overdue_actions,
        )
        rows.append(TraineeRow(
            trainee=trainee, last_session_on=last_on,
            days_since_session=(as_of - last_on).days if last_on is not None else None,
            next_session_on=next_on, open_actions=open_actions, overdue_actions=overdue_actions,
            latest_checkin_month=recent[0][0] if recent else None,
            latest_profit=recent[0][1] if recent else None,
            loan=loan, days_past_due=dpd, warnings=warnings, risk=sum(w.weight for w in warnings),
            assigned_on=assigned_on,
        ))
    # the same order on every backend (PostgreSQL's collation may differ from SQLite's)
    rows.sort(key=lambda r: (r.trainee.full_name.casefold(), r.trainee.id))
    return rows


def caseload(mentor_id: int, *, as_of: date) -> list[TraineeRow]:
    """The trainees currently assigned to the mentor (``Trainee.mentor_id``), sorted by
    name, each with its figures and early warnings. Three statements."""
    return _rows(Trainee.mentor_id == mentor_id, as_of=as_of)


def early_warning(rows: list[TraineeRow]) -> list[TraineeRow]:
    """The rows with any warning: highest risk first, then most days past due, then name."""
    return sorted(
        (r for r in rows if r.warnings),
        key=lambda r: (-r.risk, -r.days_past_due, r.trainee.full_name.casefold(), r.trainee.id),
    )


# -- the mentors' table ----------------------------------------------------------------

def mentor_caseloads(*, as_of: date) -> list[MentorCaseload]:
    """Every enabled mentor (also those with no trainees), by name, with their caseload
    figures. One statement: correlated counts per mentor. ``without_session_30d`` uses
    the ``no_session`` rule (a trainee who never had a session counts once 30 days have
    passed since the assignment began)."""
    cutoff = as_of - timedelta(days=NO_SESSION_DAYS)  # a session on or before it is 30+ days old
    attended = SessionAttendance.attended.is_(True)
    recent = exists().where(SessionAttendance.trainee_id == Trainee.id, attended, SessionAttendance.held_on > cutoff)
    ever = exists().where(SessionAttendance.trainee_id == Trainee.id, attended)
    assigned_on = func.coalesce(_assigned_on(Trainee.id), Trainee.joined_on)
    lacking = case((recent, 0), (and_(~ever, assigned_on > cutoff), 0), else_=1)
    trainees = (
        select(func.count()).select_from(Trainee).where(Trainee.mentor_id == User.id)
        .correlate(User).scalar_subquery()
    )
    without_session = (
        select(func.coalesce(func.sum(lacking), 0)).select_from(Trainee).where(Trainee.mentor_id == User.id)
        .correlate(User).scalar_subquery()
    )
    sessions = (
        select(func.count()).select_from(MentoringSession)
        .where(MentoringSession.mentor_id == User.id, MentoringSession.held_on >= _first_of_month(as_of),
               MentoringSession.held_on <= as_of)
        .correlate(User).scalar_subquery()
    )
    overdue = (
        select(func.count()).select_from(ActionItem).join(Trainee, Trainee.id == ActionItem.trainee_id)
        .where(Trainee.mentor_id == User.id, ActionItem.status == _OPEN, ActionItem.due_on < as_of)
        .correlate(User).scalar_subquery()
    )
    stmt = (
        select(User, trainees, sessions, without_session, overdue)
        .where(User.role == Role.MENTOR.value, User.is_enabled.is_(True))
        .order_by(User.full_name, User.id)
    )
    result = [
        MentorCaseload(mentor=mentor, trainees=n, sessions_this_month=s, without_session_30d=int(w),
                       overdue_actions=o)
        for mentor, n, s, w, o in db.session.execute(stmt)
    ]
    result.sort(key=lambda m: (m.mentor.full_name.casefold(), m.mentor.id))
    return result


# -- one trainee's mentoring -----------------------------------------------------------

def _session_entries(trainee_id: int, *, include_staff_notes: bool, limit: int, offset: int = 0,
                     with_last_attended: bool = False) -> tuple[list[SessionEntry], int | None, date | None]:
    """The trainee's sessions, newest first: (entries, total or None when the page is
    empty, last attended date when asked). Two statements: the page, its topics.

    ``staff_notes`` is selected only when ``include_staff_notes``: otherwise the text is
    never read from the database."""
    s = MentoringSession
    participants = (
        select(func.count()).select_from(SessionAttendance)
        .where(SessionAttendance.session_id == s.id).correlate(s).scalar_subquery()
    )
    columns = [
        s.id, s.held_on, s.starts_at, s.duration_minutes, s.mode, s.kind, s.topic_other, s.shared_notes,
        s.next_session_on, s.created_at, s.mentor_id, s.kelurahan_code,
        User.full_name.label("mentor_name"), SessionAttendance.attended, participants.label("participants"),
        Kelurahan.name.label("kelurahan_name"), func.count().over().label("total"),
    ]
    if include_staff_notes:
        columns.append(s.staff_notes)
    if with_last_attended:
        columns.append(_last_attended_on(trainee_id).label("last_attended"))
    stmt = (
        select(*columns)
        .select_from(SessionAttendance)
        .join(s, s.id == SessionAttendance.session_id)
        .join(User, User.id == s.mentor_id)
        .outerjoin(Kelurahan, Kelurahan.code == s.kelurahan_code)
        .where(SessionAttendance.trainee_id == trainee_id)
        .order_by(SessionAttendance.held_on.desc(), s.starts_at.desc().nulls_last(), s.id.desc())
        .limit(limit)
        .offset(offset)
    )
    rows = db.session.execute(stmt).all()
    if not rows:
        return [], None, None
    topics: dict[int, list[Topic]] = {}
    for session_id, topic in db.session.execute(
        select(SessionTopic.session_id, SessionTopic.topic).where(SessionTopic.session_id.in_([r.id for r in rows]))
    ):
        topics.setdefault(session_id, []).append(Topic(topic))
    entries = [
        SessionEntry(
            id=row.id, held_on=row.held_on, starts_at=row.starts_at, duration_minutes=row.duration_minutes,
            mode=SessionMode(row.mode), kind=SessionKind(row.kind),
            topics=sorted(topics.get(row.id, []), key=_TOPIC_ORDER.__getitem__),
            topic_other=row.topic_other, shared_notes=row.shared_notes,
            staff_notes=row.staff_notes if include_staff_notes else None,
            mentor_name=row.mentor_name, attended=bool(row.attended), participants_count=row.participants,
            next_session_on=row.next_session_on, created_at=row.created_at, mentor_id=row.mentor_id,
            kelurahan_code=row.kelurahan_code, kelurahan_name=row.kelurahan_name,
        )
        for row in rows
    ]
    last_attended = rows[0].last_attended if with_last_attended else None
    return entries, rows[0].total, last_attended


def trainee_sessions(trainee: Trainee, *, include_staff_notes: bool, page: int = 1,
                     per_page: int = 20) -> tuple[list[SessionEntry], int]:
    """One page (1-based) of the trainee's sessions, newest first, and their total.
    Two statements (three for a page past the end)."""
    page = max(page, 1)
    entries, total, _last = _session_entries(
        trainee.id, include_staff_notes=include_staff_notes, limit=per_page, offset=(page - 1) * per_page
    )
    if total is None:
        total = 0 if page == 1 else db.session.scalar(
            select(func.count()).select_from(SessionAttendance).where(SessionAttendance.trainee_id == trainee.id)
        )
    return entries, total


def trainee_mentoring(trainee: Trainee, *, as_of: date, include_staff_notes: bool) -> TraineeMentoring:
    """Everything the trainee page shows about mentoring, and the trainee's early
    warnings. Six statements. With ``include_staff_notes=False`` (a trainee viewing their
    own page) no staff note is read from the database."""
    sessions, total, last_attended = _session_entries(
        trainee.id, include_staff_notes=include_staff_notes, limit=LATEST_SESSIONS, with_last_attended=True
    )
    closed = (
        select(ActionItem.id)
        .where(ActionItem.trainee_id == trainee.id, ActionItem.status != _OPEN)
        .order_by(ActionItem.completed_on.desc(), ActionItem.id.desc())
        .limit(CLOSED_ACTIONS)
    )
    items = list(db.session.scalars(
        select(ActionItem)
        .where(ActionItem.trainee_id == trainee.id, or_(ActionItem.status == _OPEN, ActionItem.id.in_(closed)))
        .options(joinedload(ActionItem.completed_by))
    ))
    open_items = sorted((i for i in items if i.status == _OPEN), key=lambda i: (i.due_on, i.id))
    closed_items = sorted((i for i in items if i.status != _OPEN), key=lambda i: (i.completed_on, i.id), reverse=True)
    checkins = list(db.session.scalars(
        select(BusinessCheckin).where(BusinessCheckin.trainee_id == trainee.id)
        .order_by(BusinessCheckin.month.desc()).limit(CHART_MONTHS)
    ))
    checkins.reverse()
    assignments = list(db.session.scalars(
        select(MentorAssignment).where(MentorAssignment.trainee_id == trainee.id)
        .options(joinedload(MentorAssignment.mentor), joinedload(MentorAssignment.assigned_by),
                 joinedload(MentorAssignment.ended_by))
        .order_by(MentorAssignment.started_on.desc(), MentorAssignment.id.desc())
    ))
    loan = _latest_loans([trainee.id]).get(trainee.id)

    dpd = _days_past_due(loan, as_of)
    overdue = sum(1 for i in open_items if i.due_on < as_of)
    current = next((a for a in assignments if a.ended_on is None), None)
    profits = [c.profit for c in reversed(checkins[-PROFIT_CHECKINS:])]
    warnings = assess(
        as_of=as_of, last_session_on=last_attended,
        assigned_on=current.started_on if current is not None else trainee.joined_on,
        profits=profits, latest_checkin_month=checkins[-1].month if checkins else None,
        days_past_due=dpd, loan_written_off=loan is not None and loan.status == LoanStatus.WRITTEN_OFF.value,
        overdue_actions=overdue,
    )
    return TraineeMentoring(
        sessions=sessions, sessions_total=total or 0, actions=open_items + closed_items, checkins=checkins,
        latest_checkin=checkins[-1] if checkins else None, assignments=assignments,
        last_session_on=last_attended, next_session_on=sessions[0].next_session_on if sessions else None,
        open_actions=len(open_items), overdue_actions=overdue, loan=loan, days_past_due=dpd, warnings=warnings,
    )


# -- access to one session -------------------------------------------------------------

def visible_session(user: User, session_id: int) -> MentoringSession | None:
    """The session if ``user`` may open it: admin and officer any; a mentor the sessions
    they logged (also after the trainees moved on to another mentor) and those with a
    participant currently assigned to them; anyone else (trainees included) none. One
    statement."""
    if not user.is_enabled:
        return None
    stmt = select(MentoringSession).where(MentoringSession.id == session_id)
    if user.role in (Role.ADMIN.value, Role.OFFICER.value):
        return db.session.scalar(stmt)
    if user.role == Role.MENTOR.value:
        theirs = (
            exists()
            .where(SessionAttendance.session_id == MentoringSession.id)
            .where(SessionAttendance.trainee_id == Trainee.id, Trainee.mentor_id == user.id)
        )
        return db.session.scalar(stmt.where(or_(MentoringSession.mentor_id == user.id, theirs)))
    return None
