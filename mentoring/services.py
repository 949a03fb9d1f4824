"""Every state change of the mentoring domain: mentor assignments, sessions with
attendance, action items and monthly business check-ins.

Conventions (as in trainees.services and loans.services): explicit keyword arguments for
who (``actor``) and when (``on``/``today``/``now``: nothing here reads the clock); domain
errors, never HTTP errors; services flush and never commit; every change writes its audit
event in the same transaction. A refused call (any ``MentoringError``) has changed
nothing: every check runs before the first write.

Who may act for a trainee (:func:`can_manage_trainee`): admins and loan officers for any
trainee, a mentor only for the trainees currently assigned to them (``Trainee.mentor_id``).
Only admins and officers assign mentors. A trainee acts only on their own record, in the
portal: marking their own action items done and reporting their own monthly figures
(self-reported, out of the assessment until confirmed by :func:`confirm_checkin`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Iterable

from flask_babel import lazy_gettext as _l
from sqlalchemy import insert, select
from sqlalchemy.exc import IntegrityError

from accounts import audit, notifications
from accounts.models import Role, User
from extensions import DomainError, db, utcnow
from formatting import format_rupiah
from trainees.models import Kelurahan, Trainee

from .models import (
    ActionItem,
    ActionOwner,
    ActionStatus,
    BusinessCheckin,
    MentorAssignment,
    MentoringSession,
    Practice,
    SalesChannel,
    SessionAttendance,
    SessionKind,
    SessionMode,
    SessionTopic,
    Topic,
)

#: The author may edit a session for this many days after logging it (``created_at``).
SESSION_EDIT_DAYS = 7
#: Sessions and action-item due dates may lie at most this many days in the past.
MAX_BACKDATE_DAYS = 365
MAX_DURATION_MINUTES = 720
MAX_NOTES_LENGTH = 5000
MAX_REASON_LENGTH = 500
MAX_DESCRIPTION_LENGTH = 500
MAX_TOPIC_OTHER_LENGTH = 120
MAX_WORKERS = 500
#: Check-in amounts (rupiah) above this are typing mistakes (and would not fit the column).
MAX_AMOUNT = Decimal(10) ** 15 - 1
RUPIAH = Decimal(1)
#: A non-zero amount below this (rupiah) was probably typed in thousands: Rp 1,500 for
#: Rp 1,500,000. No business's monthly revenue or costs is under Rp 10,000; a savings
#: balance that small is rare enough to confirm.
THOUSANDS_THRESHOLD = Decimal(10_000)
#: Costs above this many times the revenue need a confirmation.
COSTS_FACTOR = 2

STAFF_ROLES = (Role.ADMIN.value, Role.OFFICER.value)
ACTOR_ROLES = (*STAFF_ROLES, Role.MENTOR.value)
CLOSED_STATUSES = (ActionStatus.DONE.value, ActionStatus.DROPPED.value)
AMOUNT_FIELDS = ("revenue", "costs", "other_income", "savings")


# --- Errors -------------------------------------------------------------------------


class MentoringError(DomainError):
    """A mentoring rule refused the operation; ``field`` names the field of the service's
    data class it belongs to, if any."""

    default_message = _l("This operation is not allowed.")


class NotAllowed(MentoringError):
    """The actor may not act for this trainee (not their mentor, or a role that may not)."""

    default_message = _l("You may only do this for trainees assigned to you.")


class EditWindowClosed(MentoringError):
    default_message = _l("Sessions can be edited for %(days)s days after they were logged; this one is now "
                         "read-only.", days=SESSION_EDIT_DAYS)


class ValidationFailed(MentoringError):
    """Field -> message for every rule the data breaks (field names are those of the
    data classes: ``held_on``, ``participants``, ``revenue``...)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = {k: str(v) for k, v in errors.items()}
        super().__init__("; ".join(self.errors.values()), field=next(iter(self.errors), None))


class NeedsConfirmation(MentoringError):
    """The check-in looks wrong; record it again with ``confirmed=True`` if it is right."""

    def __init__(self, warnings: list[str]):
        self.warnings = [str(w) for w in warnings]
        super().__init__(" ".join(self.warnings))


# --- Small helpers ------------------------------------------------------------------


def _text(value) -> str:
    return (value or "").strip()


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _whole_rupiah(value) -> bool:
    return (isinstance(value, (Decimal, int)) and not isinstance(value, bool)
            and Decimal(value).is_finite() and Decimal(value) == Decimal(value).to_integral_value())


def _unique(values: Iterable) -> list:
    """``values`` without repeats, in their first order."""
    return list(dict.fromkeys(values))


def _is_staff(user: User) -> bool:
    return user is not None and user.role in STAFF_ROLES


def can_manage_trainee(user: User, trainee: Trainee) -> bool:
    """May ``user`` log sessions, action items and check-ins for ``trainee``? Admins and
    officers for anyone; a mentor only for a trainee currently assigned to them."""
    if user is None or not user.is_enabled:
        return False
    if _is_staff(user):
        return True
    return user.role == Role.MENTOR.value and trainee.mentor_id == user.id


def _is_manager_role(user: User | None) -> bool:
    return user is not None and user.role in ACTOR_ROLES


def _require_manage(user: User, trainee: Trainee) -> None:
    if not can_manage_trainee(user, trainee):
        raise NotAllowed()


# --- Mentor assignments -------------------------------------------------------------


def current_assignment(trainee: Trainee) -> MentorAssignment | None:
    return db.session.scalar(
        select(MentorAssignment).where(MentorAssignment.trainee_id == trainee.id, MentorAssignment.ended_on.is_(None))
    )


def assign_mentor(trainee: Trainee, mentor: User | None, *, actor: User, on: date,
                  reason: str | None) -> MentorAssignment | None:
    """Make ``mentor`` the trainee's mentor from ``on`` (``None``: no mentor from ``on``).

    The current assignment, if any, ends on ``on`` (the next starts that same day). A
    reason is required when a current mentor is replaced or removed. Admins and officers
    only. Returns the new assignment (None when unassigning)."""
    if not _is_staff(actor):
        raise NotAllowed(_l("Only administrators and loan officers assign mentors."))
    previous_mentor_id = trainee.mentor_id
    errors: dict[str, str] = {}
    if mentor is None:
        if previous_mentor_id is None:
            errors["mentor_id"] = _l("This trainee has no mentor to remove.")
    elif mentor.role != Role.MENTOR.value or not mentor.is_enabled:
        errors["mentor_id"] = _l("The mentor must be an active user with the mentor role.")
    elif mentor.id == previous_mentor_id:
        errors["mentor_id"] = _l("This mentor is already assigned to the trainee.")
    reason = _text(reason) or None
    if previous_mentor_id is not None and reason is None:
        errors["reason"] = _l("Give the reason for changing the mentor.")
    elif reason is not None and len(reason) > MAX_REASON_LENGTH:
        errors["reason"] = _l("The reason must be at most %(n)s characters.", n=MAX_REASON_LENGTH)
    history = db.session.scalars(
        select(MentorAssignment).where(MentorAssignment.trainee_id == trainee.id)
    ).all()
    current = next((a for a in history if a.ended_on is None), None)
    # A new period cannot begin before an earlier one began or ended.
    bound = max((d for a in history for d in (a.started_on, a.ended_on) if d is not None), default=None)
    if on is None:
        errors["on"] = _l("Give the date of the change.")
    elif bound is not None and on < bound:
        errors["on"] = _l("The change cannot be dated before %(date)s, when the current assignment began.",
                          date=bound.isoformat())
    elif trainee.joined_on is not None and on < trainee.joined_on:
        errors["on"] = _l("The change cannot be dated before the trainee joined (%(date)s).",
                          date=trainee.joined_on.isoformat())
    if errors:
        raise ValidationFailed(errors)

    if current is not None:
        current.ended_on, current.ended_by_id = on, actor.id
        db.session.flush()  # end it first: one open assignment per trainee (unique index)
    assignment = None
    if mentor is not None:
        assignment = MentorAssignment(trainee_id=trainee.id, mentor_id=mentor.id, started_on=on, reason=reason,
                                      assigned_by_id=actor.id)
        db.session.add(assignment)
    trainee.mentor_id = mentor.id if mentor is not None else None
    audit.record(actor, "mentor.assigned", trainee, details={
        "mentor_id": trainee.mentor_id, "previous_mentor_id": previous_mentor_id, "reason": reason, "on": on})
    db.session.flush()
    return assignment


def record_initial_assignment(trainee: Trainee, *, actor: User, on: date) -> MentorAssignment | None:
    """The opening period of a newly registered trainee's mentor history (nothing when
    the trainee has no mentor). No audit event of its own: ``trainee.created`` carries
    the mentor, as the bulk path does."""
    if trainee.mentor_id is None:
        return None
    assignment = MentorAssignment(trainee_id=trainee.id, mentor_id=trainee.mentor_id, started_on=on,
                                  reason=None, assigned_by_id=actor.id)
    db.session.add(assignment)
    db.session.flush()
    return assignment


def record_initial_assignments(rows: Iterable[tuple[int, int | None, date]], *, actor: User) -> int:
    """Bulk form of :func:`record_initial_assignment` for (trainee_id, mentor_id,
    started_on) rows of newly inserted trainees: one INSERT, no query per row. Rows
    without a mentor are skipped. Returns how many were written."""
    now = utcnow()
    values = [
        {"trainee_id": trainee_id, "mentor_id": mentor_id, "started_on": started_on, "ended_on": None,
         "reason": None, "assigned_by_id": actor.id, "ended_by_id": None, "created_at": now}
        for trainee_id, mentor_id, started_on in rows if mentor_id is not None
    ]
    if values:
        db.session.execute(insert(MentorAssignment.__table__), values)
    return len(values)


# --- Sessions -----------------------------------------------------------------------


@dataclass
class SessionData:
    held_on: date
    starts_at: time | None
    duration_minutes: int
    mode: str
    kelurahan_code: str | None
    topics: list[str]
    topic_other: str | None
    shared_notes: str | None
    staff_notes: str | None
    next_session_on: date | None
    #: Trainee ids; one makes an individual session, several a group session.
    participants: list[int]
    #: Participants (ids) who did not attend.
    absent: list[int] = field(default_factory=list)


@dataclass
class _CleanSession:
    values: dict
    topics: list[str]
    trainees: list[Trainee]
    absent: set[int]


def _validate_session(data: SessionData, *, actor: User, today: date,
                      session: MentoringSession | None = None) -> _CleanSession:
    if actor is None or actor.role not in ACTOR_ROLES:
        raise NotAllowed(_l("Only mentors, loan officers and administrators log sessions."))
    errors: dict[str, str] = {}
    held_on = data.held_on
    if not isinstance(held_on, date):
        errors["held_on"] = _l("Give the date of the session.")
    elif held_on > today:
        errors["held_on"] = _l("The session date cannot be in the future.")
    elif held_on < today - timedelta(days=MAX_BACKDATE_DAYS):
        errors["held_on"] = _l("The session date cannot be more than a year ago.")
    if data.starts_at is not None and not isinstance(data.starts_at, time):
        errors["starts_at"] = _l("Give the start time as hours and minutes.")
    if not _is_int(data.duration_minutes) or not 1 <= data.duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = _l("The duration must be between 1 and %(max)s minutes.",
                                        max=MAX_DURATION_MINUTES)
    if data.mode not in {m.value for m in SessionMode}:
        errors["mode"] = _l("Choose how the session took place.")
    kelurahan_code = _text(data.kelurahan_code) or None
    if kelurahan_code is not None and db.session.get(Kelurahan, kelurahan_code) is None:
        errors["kelurahan_code"] = _l("Choose a kelurahan of Kota Bandung.")

    topics = _unique(data.topics or [])
    topic_other = _text(data.topic_other) or None
    if not topics:
        errors["topics"] = _l("Choose at least one topic.")
    elif any(t not in {x.value for x in Topic} for t in topics):
        errors["topics"] = _l("Choose topics from the list.")
    elif Topic.OTHER.value in topics:
        if topic_other is None:
            errors["topic_other"] = _l("Describe the other topic.")
        elif len(topic_other) > MAX_TOPIC_OTHER_LENGTH:
            errors["topic_other"] = _l("The other topic must be at most %(n)s characters.", n=MAX_TOPIC_OTHER_LENGTH)
    else:
        topic_other = None  # only kept with the "other" topic
    topics = [t.value for t in Topic if t.value in topics]  # list order

    notes = {}
    for name in ("shared_notes", "staff_notes"):
        notes[name] = _text(getattr(data, name)) or None
        if notes[name] is not None and len(notes[name]) > MAX_NOTES_LENGTH:
            errors[name] = _l("Notes must be at most %(n)s characters.", n=MAX_NOTES_LENGTH)
    next_on = data.next_session_on
    if next_on is not None and (not isinstance(next_on, date) or ("held_on" not in errors and next_on < held_on)):
        errors["next_session_on"] = _l("The next session cannot be before this one.")

    participants = _unique(data.participants or [])
    absent = set(data.absent or [])
    trainees: list[Trainee] = []
    if not participants:
        errors["participants"] = _l("Choose at least one trainee.")
    elif not all(_is_int(p) for p in participants):
        errors["participants"] = _l("Choose trainees from the list.")
    else:
        by_id = {t.id: t for t in db.session.scalars(select(Trainee).where(Trainee.id.in_(participants)))}
        if len(by_id) != len(participants):
            errors["participants"] = _l("Choose trainees from the list.")
        trainees = [by_id[p] for p in participants if p in by_id]
        if not absent <= set(participants):
            errors["absent"] = _l("Only a participant can be marked absent.")
    if actor.role == Role.MENTOR.value:
        # A mentor logs for their own trainees; on an edit, the session's existing
        # participants may stay even if they have since moved to another mentor.
        kept = {a.trainee_id for a in session.attendance} if session is not None else set()
        if any(t.mentor_id != actor.id and t.id not in kept for t in trainees):
            raise NotAllowed(_l("You can only log sessions for trainees assigned to you."))
    if errors:
        raise ValidationFailed(errors)
    values = {
        "kind": (SessionKind.INDIVIDUAL if len(trainees) == 1 else SessionKind.GROUP).value,
        "held_on": held_on, "starts_at": data.starts_at, "duration_minutes": data.duration_minutes,
        "mode": data.mode, "kelurahan_code": kelurahan_code, "topic_other": topic_other,
        "shared_notes": notes["shared_notes"], "staff_notes": notes["staff_notes"], "next_session_on": next_on,
    }
    return _CleanSession(values=values, topics=topics, trainees=trainees, absent=absent)


def _session_snapshot(session: MentoringSession) -> dict:
    return {
        "kind": session.kind, "held_on": session.held_on,
        "starts_at": session.starts_at.isoformat(timespec="minutes") if session.starts_at is not None else None,
        "duration_minutes": session.duration_minutes, "mode": session.mode,
        "kelurahan_code": session.kelurahan_code, "topics": sorted(t.topic for t in session.topics),
        "topic_other": session.topic_other, "shared_notes": session.shared_notes,
        "staff_notes": session.staff_notes, "next_session_on": session.next_session_on,
        "participants": sorted(a.trainee_id for a in session.attendance),
        "absent": sorted(a.trainee_id for a in session.attendance if not a.attended),
    }


def log_session(data: SessionData, *, actor: User, today: date) -> MentoringSession:
    """Log a session held by ``actor`` (its author) with the given participants: an
    individual session for one trainee, a group session for several."""
    clean = _validate_session(data, actor=actor, today=today)
    session = MentoringSession(**clean.values, mentor_id=actor.id)
    session.topics = [SessionTopic(topic=t) for t in clean.topics]
    session.attendance = [
        SessionAttendance(trainee_id=t.id, attended=t.id not in clean.absent, held_on=clean.values["held_on"])
        for t in clean.trainees
    ]
    db.session.add(session)
    db.session.flush()
    audit.record(actor, "mentoring_session.logged", session, details=_session_snapshot(session))
    db.session.flush()
    return session


def _within_edit_window(session: MentoringSession, now: datetime) -> bool:
    return now - session.created_at <= timedelta(days=SESSION_EDIT_DAYS)


def can_edit_session(session: MentoringSession, user: User, *, now: datetime) -> bool:
    """Only the author, and only for SESSION_EDIT_DAYS days after logging it."""
    return (user is not None and user.is_enabled and session.mentor_id == user.id
            and _within_edit_window(session, now))


def update_session(session: MentoringSession, data: SessionData, *, actor: User, now: datetime,
                   today: date) -> MentoringSession:
    """Edit a session (author only, within SESSION_EDIT_DAYS days). Topics and attendance
    rows are kept, added or removed to match ``data``; attendance keeps the session date."""
    if actor is None or session.mentor_id != actor.id:
        raise NotAllowed(_l("Only the mentor who logged this session can edit it."))
    if not _within_edit_window(session, now):
        raise EditWindowClosed()
    clean = _validate_session(data, actor=actor, today=today, session=session)
    before = _session_snapshot(session)
    for name, value in clean.values.items():
        setattr(session, name, value)
    wanted_topics = set(clean.topics)
    for row in list(session.topics):
        if row.topic not in wanted_topics:
            session.topics.remove(row)
    have = {row.topic for row in session.topics}
    session.topics.extend(SessionTopic(topic=t) for t in clean.topics if t not in have)
    wanted = {t.id for t in clean.trainees}
    for row in list(session.attendance):
        if row.trainee_id not in wanted:
            session.attendance.remove(row)
    existing = {row.trainee_id: row for row in session.attendance}
    for trainee in clean.trainees:
        row = existing.get(trainee.id)
        if row is None:
            row = SessionAttendance(trainee_id=trainee.id)
            session.attendance.append(row)
        row.attended = trainee.id not in clean.absent
        row.held_on = session.held_on
    db.session.flush()
    changes = audit.diff(before, _session_snapshot(session))
    if changes:
        audit.record(actor, "mentoring_session.updated", session, details={"changes": changes})
    db.session.flush()
    return session


def session_defaults(mentor: User) -> dict:
    """Form defaults from the mentor's latest session (by date, then the latest logged):
    ``{"mode": ..., "kelurahan_code": ...}``, or ``{}`` when they have logged none."""
    row = db.session.execute(
        select(MentoringSession.mode, MentoringSession.kelurahan_code)
        .where(MentoringSession.mentor_id == mentor.id)
        .order_by(MentoringSession.held_on.desc(), MentoringSession.id.desc())
        .limit(1)
    ).first()
    return {} if row is None else {"mode": row.mode, "kelurahan_code": row.kelurahan_code}


# --- Action items -------------------------------------------------------------------


@dataclass
class ActionData:
    description: str
    due_on: date
    owner: str


def _validate_action(data: ActionData, *, today: date, item: ActionItem | None = None) -> dict:
    errors: dict[str, str] = {}
    description = " ".join(_text(data.description).split())
    if not description:
        errors["description"] = _l("Describe the action.")
    elif len(description) > MAX_DESCRIPTION_LENGTH:
        errors["description"] = _l("The description must be at most %(n)s characters.", n=MAX_DESCRIPTION_LENGTH)
    unchanged_due = item is not None and data.due_on == item.due_on
    if not isinstance(data.due_on, date):
        errors["due_on"] = _l("Give the due date.")
    elif not unchanged_due and data.due_on < today - timedelta(days=MAX_BACKDATE_DAYS):
        errors["due_on"] = _l("The due date cannot be more than a year ago.")
    if data.owner not in {o.value for o in ActionOwner}:
        errors["owner"] = _l("Choose who does it: the trainee or the mentor.")
    if errors:
        raise ValidationFailed(errors)
    return {"description": description, "due_on": data.due_on, "owner": data.owner}


def _action_snapshot(item: ActionItem) -> dict:
    return {"description": item.description, "due_on": item.due_on, "owner": item.owner}


def add_action_item(trainee: Trainee, data: ActionData, *, actor: User, today: date,
                    session: MentoringSession | None = None) -> ActionItem:
    """A new open action item for ``trainee``, agreed in ``session`` if given (the
    trainee must be one of its participants)."""
    _require_manage(actor, trainee)
    values = _validate_action(data, today=today)
    if session is not None and trainee.id not in {a.trainee_id for a in session.attendance}:
        raise ValidationFailed({"session_id": _l("The trainee did not take part in this session.")})
    item = ActionItem(trainee_id=trainee.id, session_id=session.id if session is not None else None,
                      status=ActionStatus.OPEN.value, created_by_id=actor.id, **values)
    db.session.add(item)
    db.session.flush()
    audit.record(actor, "action_item.created", item, details={
        **values, "trainee_id": trainee.id, "session_id": item.session_id})
    return item


def update_action_item(item: ActionItem, data: ActionData, *, actor: User, today: date) -> ActionItem:
    _require_manage(actor, item.trainee)
    values = _validate_action(data, today=today, item=item)
    before = _action_snapshot(item)
    for name, value in values.items():
        setattr(item, name, value)
    changes = audit.diff(before, values)
    if changes:
        audit.record(actor, "action_item.updated", item, details={"changes": changes})
    db.session.flush()
    return item


def set_action_status(item: ActionItem, status: str, *, actor: User, on: date) -> ActionItem:
    """Mark an item done or dropped (completed on ``on`` by ``actor``) or reopen it
    (clears both). Setting the status it already has changes nothing."""
    _require_manage(actor, item.trainee)
    if status not in {s.value for s in ActionStatus}:
        raise ValidationFailed({"status": _l("Choose open, done or dropped.")})
    if status == item.status:
        return item
    previous = item.status
    item.status = status
    if status == ActionStatus.OPEN.value:
        item.completed_on, item.completed_by_id = None, None
    else:
        item.completed_on, item.completed_by_id = on, actor.id
    audit.record(actor, "action_item.status", item, details={"from": previous, "to": status, "on": on})
    db.session.flush()
    return item


# --- Business check-ins -------------------------------------------------------------


@dataclass
class CheckinData:
    #: Any day of the month (normalised to its first day).
    month: date
    #: Rupiah, whole.
    revenue: Decimal
    costs: Decimal
    other_income: Decimal
    savings: Decimal
    paid_workers: int
    unpaid_workers: int
    #: SalesChannel values.
    channels: list[str]
    keeps_records: bool
    separates_money: bool
    #: Practice values the trainee follows.
    practices: list[str]
    #: Set to record despite the sanity warnings (checkin_warnings).
    confirmed: bool = False


AMOUNT_LABELS = {
    "revenue": _l("Revenue"),
    "costs": _l("Business costs"),
    "other_income": _l("Other household income"),
    "savings": _l("Savings"),
}


def _valid_amount(value) -> bool:
    return _whole_rupiah(value) and 0 <= value <= MAX_AMOUNT


def checkin_warnings(data: CheckinData) -> list[str]:
    """Plausibility warnings (rendered in the current locale) that need a confirmation:
    costs far above revenue, and amounts that look typed in thousands. Amounts that are
    not valid rupiah are left to validation."""
    warnings: list[str] = []
    revenue, costs = data.revenue, data.costs
    if _valid_amount(revenue) and _valid_amount(costs) and costs > 0 and costs > COSTS_FACTOR * revenue:
        warnings.append(str(_l(
            "Business costs (%(costs)s) are far above revenue (%(revenue)s). Check the figures, then confirm.",
            costs=format_rupiah(costs), revenue=format_rupiah(revenue))))
    for name in AMOUNT_FIELDS:
        value = getattr(data, name)
        if _valid_amount(value) and 0 < value < THOUSANDS_THRESHOLD:
            warnings.append(str(_l(
                "%(label)s of %(amount)s looks like thousands — enter full rupiah (1500000, not 1500).",
                label=AMOUNT_LABELS[name], amount=format_rupiah(value))))
    return warnings


def _validate_checkin(data: CheckinData, *, today: date) -> dict:
    errors: dict[str, str] = {}
    month = data.month.replace(day=1) if isinstance(data.month, date) else None
    if month is None:
        errors["month"] = _l("Choose the month.")
    elif month > today.replace(day=1):
        errors["month"] = _l("The month cannot be in the future.")
    for name in AMOUNT_FIELDS:
        value = getattr(data, name)
        if not _whole_rupiah(value):
            errors[name] = _l("Enter a whole rupiah amount.")
        elif value < 0:
            errors[name] = _l("The amount cannot be negative.")
        elif value > MAX_AMOUNT:
            errors[name] = _l("The amount is too large.")
    for name in ("paid_workers", "unpaid_workers"):
        value = getattr(data, name)
        if not _is_int(value) or not 0 <= value <= MAX_WORKERS:
            errors[name] = _l("The number of workers must be between 0 and %(max)s.", max=MAX_WORKERS)
    channels = set(data.channels or [])
    if not channels <= {c.value for c in SalesChannel}:
        errors["channels"] = _l("Choose sales channels from the list.")
    practices = set(data.practices or [])
    if not practices <= {p.value for p in Practice}:
        errors["practices"] = _l("Choose practices from the list.")
    if errors:
        raise ValidationFailed(errors)
    values = {"month": month, **{name: Decimal(getattr(data, name)) for name in AMOUNT_FIELDS},
              "paid_workers": data.paid_workers, "unpaid_workers": data.unpaid_workers,
              "keeps_records": bool(data.keeps_records), "separates_money": bool(data.separates_money)}
    values.update({f"sells_{c.value}": c.value in channels for c in SalesChannel})
    values.update({f"practice_{p.value}": p.value in practices for p in Practice})
    return values


def _checkin_snapshot(checkin: BusinessCheckin) -> dict:
    values = {name: Decimal(getattr(checkin, name)).quantize(RUPIAH) for name in AMOUNT_FIELDS}
    values.update({name: getattr(checkin, name) for name in (
        "paid_workers", "unpaid_workers", "keeps_records", "separates_money", "recorded_by_id")})
    values["channels"] = [c.value for c in checkin.channels]
    values["practices"] = [p.value for p, yes in checkin.practices.items() if yes]
    return values


def _existing_checkin(trainee: Trainee, month: date) -> BusinessCheckin | None:
    return db.session.scalar(
        select(BusinessCheckin).where(BusinessCheckin.trainee_id == trainee.id, BusinessCheckin.month == month)
    )


def _replace_checkin(checkin: BusinessCheckin, values: dict, *, actor: User) -> BusinessCheckin:
    """Replace a month's figures. Staff recording over a trainee's self-reported month
    make it staff-recorded (no longer waiting for confirmation)."""
    before = _checkin_snapshot(checkin)
    for name, value in values.items():
        setattr(checkin, name, value)
    checkin.recorded_by_id = actor.id
    changes = audit.diff(before, _checkin_snapshot(checkin))
    if checkin.is_self_reported and _is_manager_role(actor):
        checkin.is_self_reported = False
        checkin.confirmed_by_id, checkin.confirmed_at = None, None
        changes["is_self_reported"] = [True, False]
    if changes:
        audit.record(actor, "business_checkin.replaced", checkin, details={
            "trainee_id": checkin.trainee_id, "month": checkin.month, "changes": changes})
    db.session.flush()
    return checkin


def record_checkin(trainee: Trainee, data: CheckinData, *, actor: User, today: date) -> BusinessCheckin:
    """Record the trainee's figures for ``data.month`` (normalised to its first day),
    replacing that month's check-in if there is one. Raises NeedsConfirmation when
    :func:`checkin_warnings` has something to say and ``data.confirmed`` is false."""
    _require_manage(actor, trainee)
    values = _validate_checkin(data, today=today)
    warnings = checkin_warnings(data)
    if warnings and not data.confirmed:
        raise NeedsConfirmation(warnings)
    existing = _existing_checkin(trainee, values["month"])
    if existing is not None:
        return _replace_checkin(existing, values, actor=actor)
    checkin = BusinessCheckin(trainee_id=trainee.id, recorded_by_id=actor.id, **values)
    try:
        # a concurrent request may have recorded the same month meanwhile: the unique
        # (trainee, month) refuses ours, and we replace theirs instead
        with db.session.begin_nested():
            db.session.add(checkin)
            db.session.flush()
    except IntegrityError:
        existing = _existing_checkin(trainee, values["month"])
        if existing is None:
            raise
        return _replace_checkin(existing, values, actor=actor)
    details = _checkin_snapshot(checkin)
    details.pop("recorded_by_id")
    audit.record(actor, "business_checkin.recorded", checkin, details={
        "trainee_id": trainee.id, "month": checkin.month, **details})
    db.session.flush()
    return checkin


# --- The trainee's own action items and check-ins (portal) ----------------------------


#: A trainee may report the figures of this many months: the current one and the one before.
OWN_CHECKIN_MONTHS = 2


class AlreadyClosed(MentoringError):
    default_message = _l("This action item is already closed.")


class NotPending(MentoringError):
    default_message = _l("This check-in is not waiting for confirmation.")


def _require_own(actor: User | None, trainee: Trainee) -> None:
    """Only the trainee whose record it is (an enabled user with the trainee role)."""
    if (actor is None or not actor.is_enabled or actor.role != Role.TRAINEE.value
            or trainee.user_id is None or trainee.user_id != actor.id):
        raise NotAllowed(_l("You may only do this for your own record."))


def _notify(user_id: int | None, kind: str, *, params: dict, link: str, now: datetime) -> None:
    """Tell ``user_id`` (the trainee's mentor) about a change; nobody when there is none
    or the account is disabled. ``now`` defaults to the current time (the notification's
    timestamp only)."""
    if user_id is None:
        return
    user = db.session.get(User, user_id)
    if user is None or not user.is_enabled:
        return
    notifications.notify(user, kind, params=params, link=link, now=now)


def complete_own_action_item(item: ActionItem, *, actor: User, on: date,
                             now: datetime) -> ActionItem:
    """The trainee marks one of their own open action items (owner "trainee") done on
    ``on``; ``completed_by`` is the trainee, so the mentor's pages say "marked done by"
    them. The mentor is notified ("action.done_by_trainee")."""
    trainee = item.trainee
    _require_own(actor, trainee)
    if item.owner != ActionOwner.TRAINEE.value:
        raise NotAllowed(_l("This action item is for your mentor to do."))
    if item.status != ActionStatus.OPEN.value:
        raise AlreadyClosed()
    item.status = ActionStatus.DONE.value
    item.completed_on, item.completed_by_id = on, actor.id
    audit.record(actor, "action_item.status", item, details={
        "from": ActionStatus.OPEN.value, "to": ActionStatus.DONE.value, "on": on, "by_trainee": True})
    _notify(trainee.mentor_id, "action.done_by_trainee",
            params={"id": item.id, "trainee": trainee.full_name, "description": item.description},
            link=f"/trainees/{trainee.id}#mentoring-actions", now=now)
    db.session.flush()
    return item


def own_checkin_months(today: date) -> list[date]:
    """The months (first days) a trainee may report on ``today``: last month, then this one."""
    this_month = today.replace(day=1)
    last_month = (this_month - timedelta(days=1)).replace(day=1)
    return [last_month, this_month]


def _month_text(month: date) -> str:
    from flask_babel import format_date

    return format_date(month, "MMMM yyyy")


def record_own_checkin(trainee: Trainee, data: CheckinData, *, actor: User, today: date,
                       now: datetime) -> BusinessCheckin:
    """The trainee reports their own figures for this month or last month (portal). The
    check-in is self-reported: marked as such everywhere and left out of the assessment
    until the mentor (or an officer/admin) confirms it (:func:`confirm_checkin`). A month
    already recorded by staff, or confirmed, cannot be replaced; a pending self-report
    of the same month is replaced. Raises NeedsConfirmation as :func:`record_checkin`.
    The mentor is notified ("checkin.self_reported")."""
    _require_own(actor, trainee)
    values = _validate_checkin(data, today=today)
    month = values["month"]
    if month not in own_checkin_months(today):
        raise ValidationFailed({"month": _l("You can report this month or last month only.")})
    refused = {"month": _l("The figures for %(month)s are already recorded by your mentor. If something is "
                           "wrong, tell your mentor.", month=_month_text(month))}
    existing = _existing_checkin(trainee, month)
    if existing is not None and not existing.is_pending_confirmation:
        raise ValidationFailed(refused)
    warnings = checkin_warnings(data)
    if warnings and not data.confirmed:
        raise NeedsConfirmation(warnings)
    if existing is not None:
        checkin = _replace_checkin(existing, values, actor=actor)
    else:
        checkin = BusinessCheckin(trainee_id=trainee.id, recorded_by_id=actor.id, is_self_reported=True, **values)
        try:
            with db.session.begin_nested():
                db.session.add(checkin)
                db.session.flush()
        except IntegrityError:
            existing = _existing_checkin(trainee, month)
            if existing is None:
                raise
            if not existing.is_pending_confirmation:
                raise ValidationFailed(refused) from None
            checkin = _replace_checkin(existing, values, actor=actor)
        else:
            details = _checkin_snapshot(checkin)
            details.pop("recorded_by_id")
            audit.record(actor, "business_checkin.self_reported", checkin, details={
                "trainee_id": trainee.id, "month": month, **details})
    _notify(trainee.mentor_id, "checkin.self_reported",
            params={"id": checkin.id, "trainee": trainee.full_name, "month": month.isoformat()},
            link=f"/trainees/{trainee.id}#mentoring-checkins", now=now)
    db.session.flush()
    return checkin


def confirm_checkin(checkin: BusinessCheckin, *, actor: User, now: datetime) -> BusinessCheckin:
    """The mentor (or an officer/admin) confirms a trainee's self-reported check-in: from
    now on it counts in the assessment."""
    _require_manage(actor, checkin.trainee)
    if not checkin.is_pending_confirmation:
        raise NotPending()
    checkin.confirmed_by_id, checkin.confirmed_at = actor.id, now
    audit.record(actor, "business_checkin.confirmed", checkin, details={
        "trainee_id": checkin.trainee_id, "month": checkin.month})
    db.session.flush()
    return checkin
