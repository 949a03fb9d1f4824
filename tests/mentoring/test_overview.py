"""mentoring.overview: caseload figures, early-warning rules, the mentors' table, a
trainee's mentoring record, session visibility, and constant statement counts."""
from __future__ import annotations

from datetime import date, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import event

from accounts.models import Role
from extensions import db, utcnow
from loans import services as loan_services
from mentoring import overview
from mentoring.models import SessionKind, SessionMode, Topic
from mentoring import services as mentoring_services

AS_OF = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


@pytest.fixture
def mentor(factory):
    return factory.user(Role.MENTOR, full_name="Euis Komalasari")


def days_ago(n: int) -> date:
    return AS_OF - timedelta(days=n)


def codes(warnings) -> dict[str, tuple[str, int]]:
    return {w.code: (w.message, w.weight) for w in warnings}


def count_statements(fn):
    """(result of fn(), the SQL statements it ran)."""
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        result = fn()
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    return result, statements


def recent_checkins(factory, trainee, actor, profits_oldest_first, *, last_month=date(2026, 10, 1)):
    """Check-ins for consecutive months ending at ``last_month`` with these profits
    (revenue 5 M, costs 5 M − profit)."""
    n = len(profits_oldest_first)
    for i, profit in enumerate(profits_oldest_first):
        index = last_month.year * 12 + last_month.month - 1 - (n - 1 - i)
        month = date(index // 12, index % 12 + 1, 1)
        factory.checkin(trainee, actor=actor, month=month, revenue=Decimal(5_000_000),
                        costs=Decimal(5_000_000) - Decimal(profit))


def overdue_loan(factory, trainee, days: int):
    """A monthly loan whose first instalment fell due ``days`` days before AS_OF, unpaid."""
    due = days_ago(days)
    disbursed = date(due.year - (due.month == 1), (due.month - 2) % 12 + 1, due.day)
    loan = factory.loan(application=factory.application(trainee=trainee, on=disbursed, approve=True), on=disbursed)
    assert loan.oldest_unpaid_due_on == due
    return loan


# -- the rules, one at a time -------------------------------------------------------------

def rules(**overrides):
    values = dict(as_of=AS_OF, last_session_on=days_ago(3), assigned_on=date(2026, 1, 15),
                  profits=[Decimal(1_000_000)] * 4, latest_checkin_month=date(2026, 10, 1), days_past_due=0,
                  loan_written_off=False, overdue_actions=0)
    values.update(overrides)
    return codes(overview.assess(**values))


def test_a_trainee_doing_well_has_no_warning():
    assert rules() == {}


@pytest.mark.parametrize("days, expected", [
    (29, None),
    (30, ("No session for 30 days", 2)),
    (59, ("No session for 59 days", 2)),
    (60, ("No session for 60 days", 3)),
])
def test_no_session_warning_from_30_days_heavier_from_60(days, expected):
    assert rules(last_session_on=days_ago(days)).get("no_session") == expected


def test_never_a_session_counts_from_the_assignment():
    assert "no_session" not in rules(last_session_on=None, assigned_on=days_ago(29))
    assert rules(last_session_on=None, assigned_on=days_ago(41))["no_session"] == (
        "No session yet, 41 days after assignment", 3)


def test_profit_rules():
    assert rules(profits=[Decimal(-250_000), Decimal(100)])["profit_negative"] == (
        "Loss of Rp 250.000 in the latest check-in", 3)
    assert "profit_negative" not in rules(profits=[Decimal(0)])
    # newest first: each of the last three lower than the one before
    falling = [Decimal(1), Decimal(2), Decimal(3), Decimal(4)]
    assert rules(profits=falling)["profit_falling"] == ("Profit fell 3 months in a row", 2)
    assert "profit_falling" not in rules(profits=falling[:3])  # needs four check-ins
    assert "profit_falling" not in rules(profits=[Decimal(1), Decimal(2), Decimal(2), Decimal(4)])  # a flat month
    assert "profit_falling" not in rules(profits=[Decimal(1), Decimal(2), Decimal(3), Decimal(1)])


def test_no_checkin_for_two_months():
    # on 27 Nov a September check-in is recent enough; August is not
    assert "no_checkin" not in rules(latest_checkin_month=date(2026, 9, 1))
    assert rules(latest_checkin_month=date(2026, 8, 1))["no_checkin"] == ("No check-in since Aug 2026", 1)
    assert rules(latest_checkin_month=None, profits=[])["no_checkin"] == ("No business check-in yet", 1)
    # across the new year: on 15 Jan 2027 November is the limit
    assert "no_checkin" not in codes(overview.assess(
        as_of=date(2027, 1, 15), last_session_on=date(2027, 1, 10), assigned_on=None, profits=[],
        latest_checkin_month=date(2026, 11, 1), days_past_due=0, loan_written_off=False, overdue_actions=0))
    assert "no_checkin" in codes(overview.assess(
        as_of=date(2027, 1, 15), last_session_on=date(2027, 1, 10), assigned_on=None, profits=[],
        latest_checkin_month=date(2026, 10, 1), days_past_due=0, loan_written_off=False, overdue_actions=0))


def test_loan_and_action_weights():
    assert "loan_overdue" not in rules(days_past_due=0)
    assert rules(days_past_due=1)["loan_overdue"] == ("Loan 1 day past due", 3)
    assert rules(days_past_due=30)["loan_overdue"] == ("Loan 30 days past due", 3)
    assert rules(days_past_due=31)["loan_overdue"] == ("Loan 31 days past due", 5)
    assert rules(days_past_due=200, loan_written_off=True)["loan_overdue"] == (
        "Loan written off, 200 days past due", 5)
    assert rules(overdue_actions=1)["actions_overdue"] == ("1 action item overdue", 1)
    assert rules(overdue_actions=2)["actions_overdue"] == ("2 action items overdue", 1)
    assert rules(overdue_actions=3)["actions_overdue"] == ("3 action items overdue", 2)


# -- the caseload ---------------------------------------------------------------------------

def test_caseload_lists_the_mentors_current_trainees_by_name_with_their_figures(factory, mentor):
    other = factory.user(Role.MENTOR)
    budi = factory.trainee(mentor_id=mentor.id, full_name="Budi Santoso")
    ani = factory.trainee(mentor_id=mentor.id, full_name="ani Rahayu")
    citra = factory.trainee(mentor_id=mentor.id, full_name="Citra Lestari")
    factory.trainee(mentor_id=other.id, full_name="Aan Bukan Milik")
    factory.trainee(full_name="Aam Tanpa Pendamping")

    factory.mentor_session([budi], mentor=mentor, held_on=days_ago(20))
    factory.mentor_session([budi, ani], mentor=mentor, held_on=days_ago(5), absent=[ani.id],
                           next_session_on=AS_OF + timedelta(days=9))
    factory.action_item(budi, actor=mentor, due_on=days_ago(1))  # overdue
    factory.action_item(budi, actor=mentor, due_on=AS_OF)  # due today: not overdue
    factory.action_item(budi, actor=mentor, due_on=days_ago(9), status="done")
    factory.checkin(budi, actor=mentor, month=date(2026, 9, 1))
    factory.checkin(budi, actor=mentor, month=date(2026, 10, 1), revenue=4_000_000, costs=4_500_000)

    rows = overview.caseload(mentor.id, as_of=AS_OF)

    assert [r.trainee.full_name for r in rows] == ["ani Rahayu", "Budi Santoso", "Citra Lestari"]
    by_name = {r.trainee.full_name: r for r in rows}
    b = by_name["Budi Santoso"]
    assert (b.last_session_on, b.days_since_session, b.next_session_on) == (days_ago(5), 5, AS_OF + timedelta(days=9))
    assert (b.open_actions, b.overdue_actions) == (2, 1)
    assert (b.latest_checkin_month, b.latest_profit) == (date(2026, 10, 1), Decimal("-500000.00"))
    assert (b.loan, b.days_past_due) == (None, 0)
    assert codes(b.warnings) == {
        "profit_negative": ("Loss of Rp 500.000 in the latest check-in", 3),
        "actions_overdue": ("1 action item overdue", 1),
    }
    assert b.risk == 4
    a = by_name["ani Rahayu"]
    # absent from the only session: no last session, but its plan is hers too
    assert (a.last_session_on, a.days_since_session, a.next_session_on) == (None, None, AS_OF + timedelta(days=9))
    assert a.assigned_on == date(2026, 1, 15)
    assert set(codes(a.warnings)) == {"no_session", "no_checkin"}
    c = by_name["Citra Lestari"]
    assert (c.open_actions, c.overdue_actions, c.latest_checkin_month, c.latest_profit) == (0, 0, None, None)


def test_caseload_reads_the_latest_active_or_written_off_loan(factory, mentor):
    late = factory.trainee(mentor_id=mentor.id, full_name="Dedeh Terlambat")
    written_off = factory.trainee(mentor_id=mentor.id, full_name="Eti Dihapusbukukan")
    factory.mentor_session([late, written_off], mentor=mentor, held_on=days_ago(2))
    loan = overdue_loan(factory, late, 12)
    gone = overdue_loan(factory, written_off, 45)
    loan_services.write_off(gone, actor=factory.admin, on=AS_OF, reason="Usaha tutup")
    db.session.commit()

    rows = {r.trainee.full_name: r for r in overview.caseload(mentor.id, as_of=AS_OF)}

    assert rows["Dedeh Terlambat"].loan.id == loan.id
    assert rows["Dedeh Terlambat"].days_past_due == 12
    assert codes(rows["Dedeh Terlambat"].warnings)["loan_overdue"] == ("Loan 12 days past due", 3)
    assert rows["Eti Dihapusbukukan"].loan.id == gone.id
    assert codes(rows["Eti Dihapusbukukan"].warnings)["loan_overdue"] == ("Loan written off, 45 days past due", 5)


def test_caseload_profit_falling_uses_the_last_four_checkins(factory, mentor):
    trainee = factory.trainee(mentor_id=mentor.id)
    factory.mentor_session([trainee], mentor=mentor, held_on=days_ago(1))
    # an early high month, then four falling ones: only the last four are read
    recent_checkins(factory, trainee, mentor, [100, 900_000, 800_000, 700_000, 600_000])
    [row] = overview.caseload(mentor.id, as_of=AS_OF)
    assert codes(row.warnings) == {"profit_falling": ("Profit fell 3 months in a row", 2)}


def test_new_trainee_has_thirty_days_for_a_first_session(factory, mentor):
    factory.trainee(mentor_id=mentor.id, full_name="Baru", joined_on=days_ago(10), consent_on=days_ago(10))
    [row] = overview.caseload(mentor.id, as_of=AS_OF)
    assert row.assigned_on == days_ago(10)
    assert "no_session" not in codes(row.warnings)
    [row] = overview.caseload(mentor.id, as_of=AS_OF + timedelta(days=20))
    assert codes(row.warnings)["no_session"] == ("No session yet, 30 days after assignment", 3)


def test_early_warning_orders_by_risk_then_days_past_due_then_name(factory, mentor):
    fine = factory.trainee(mentor_id=mentor.id, full_name="Aman Sejahtera")
    x = factory.trainee(mentor_id=mentor.id, full_name="Xena")
    y = factory.trainee(mentor_id=mentor.id, full_name="Yani")
    z = factory.trainee(mentor_id=mentor.id, full_name="Zaenab")
    for trainee in (fine, x, y, z):
        factory.mentor_session([trainee], mentor=mentor, held_on=days_ago(3))
        factory.checkin(trainee, actor=mentor, month=date(2026, 10, 1))
    overdue_loan(factory, x, 5)  # 3
    overdue_loan(factory, y, 20)  # 3, more days past due
    factory.action_item(z, actor=mentor, due_on=days_ago(3))  # 1
    rows = overview.caseload(mentor.id, as_of=AS_OF)
    assert [r.trainee.full_name for r in overview.early_warning(rows)] == ["Yani", "Xena", "Zaenab"]


# -- the mentors' table ---------------------------------------------------------------------

def test_mentor_caseloads_lists_every_enabled_mentor(factory, mentor):
    from accounts import services as account_services

    idle = factory.user(Role.MENTOR, full_name="Agus Tanpa Peserta")
    gone = factory.user(Role.MENTOR, full_name="Bambang Nonaktif")
    account_services.set_enabled(gone, False, actor=factory.admin, now=utcnow())
    db.session.commit()
    factory.user(Role.OFFICER)

    seen = factory.trainee(mentor_id=mentor.id)
    stale = factory.trainee(mentor_id=mentor.id)
    never_old = factory.trainee(mentor_id=mentor.id)
    factory.trainee(mentor_id=mentor.id, joined_on=days_ago(10), consent_on=days_ago(10))  # new: not yet counted
    factory.mentor_session([seen], mentor=mentor, held_on=date(2026, 11, 2))
    factory.mentor_session([stale], mentor=mentor, held_on=days_ago(30))  # 28 Oct: last month, 30 days
    factory.mentor_session([seen, stale], mentor=mentor, held_on=date(2026, 11, 20), absent=[stale.id])
    factory.action_item(never_old, actor=mentor, due_on=days_ago(1))
    factory.action_item(seen, actor=mentor, due_on=days_ago(1), status="dropped")

    table = overview.mentor_caseloads(as_of=AS_OF)

    assert [m.mentor.full_name for m in table] == ["Agus Tanpa Peserta", "Euis Komalasari"]
    agus, euis = table
    assert (agus.trainees, agus.sessions_this_month, agus.without_session_30d, agus.overdue_actions) == (0, 0, 0, 0)
    assert (euis.trainees, euis.sessions_this_month, euis.without_session_30d, euis.overdue_actions) == (4, 2, 2, 1)
    assert idle.id == agus.mentor.id


# -- one trainee ----------------------------------------------------------------------------

def test_trainee_mentoring_gathers_sessions_actions_checkins_and_history(factory, mentor):
    trainee = factory.trainee(mentor_id=mentor.id)
    peer = factory.trainee(mentor_id=mentor.id)
    for n in range(12):
        factory.mentor_session([trainee], mentor=mentor, held_on=days_ago(100 - n * 7))
    group = factory.mentor_session(
        [trainee, peer], mentor=mentor, held_on=days_ago(4), topics=["pricing", "other", "bookkeeping"],
        topic_other="Kemasan", shared_notes="Naikkan harga Rp 500", staff_notes="Suami sakit, rahasia",
        mode="group_meeting", starts_at=time(9, 30), next_session_on=AS_OF + timedelta(days=7),
        kelurahan_code="32.73.01.1001", absent=[trainee.id],
    )
    for n in range(3):
        factory.action_item(trainee, actor=mentor, due_on=days_ago(5 - n * 5))  # -5, 0, +5 days
    for n in range(12):
        factory.action_item(trainee, actor=mentor, due_on=days_ago(60), status="done", completed_on=days_ago(40 - n))
    for n in range(26):
        index = 2026 * 12 + 9 - n
        factory.checkin(trainee, actor=mentor, month=date(index // 12, index % 12 + 1, 1))
    officer = factory.user(Role.OFFICER)
    second = factory.user(Role.MENTOR, full_name="Bambang Wijaya")
    mentoring_services.assign_mentor(trainee, second, actor=officer, on=days_ago(2), reason="Pindah wilayah")
    db.session.commit()

    result = overview.trainee_mentoring(trainee, as_of=AS_OF, include_staff_notes=True)

    assert result.sessions_total == 13
    assert len(result.sessions) == 10
    latest = result.sessions[0]
    assert latest.id == group.id
    assert (latest.kind, latest.mode, latest.participants_count, latest.attended) == (
        SessionKind.GROUP, SessionMode.GROUP_MEETING, 2, False)
    assert latest.topics == [Topic.BOOKKEEPING, Topic.PRICING, Topic.OTHER]
    assert (latest.topic_other, latest.shared_notes, latest.staff_notes) == ("Kemasan", "Naikkan harga Rp 500",
                                                                           "Suami sakit, rahasia")
    assert (latest.mentor_name, latest.mentor_id, latest.kelurahan_code) == ("Euis Komalasari", mentor.id,
                                                                          "32.73.01.1001")
    assert latest.kelurahan_name and latest.starts_at.hour == 9
    assert [s.held_on for s in result.sessions] == sorted((s.held_on for s in result.sessions), reverse=True)
    assert result.sessions[1].attended is True and result.sessions[1].kind is SessionKind.INDIVIDUAL
    # absent from the latest: the last session is the one before; the plan is the latest's
    assert result.last_session_on == days_ago(100 - 11 * 7)
    assert result.next_session_on == AS_OF + timedelta(days=7)

    assert [a.status for a in result.actions] == ["open"] * 3 + ["done"] * 10
    assert [a.due_on for a in result.actions[:3]] == [days_ago(5), days_ago(0), days_ago(-5)]
    assert [a.completed_on for a in result.actions[3:]] == [days_ago(40 - n) for n in range(11, 1, -1)]
    assert (result.open_actions, result.overdue_actions) == (3, 1)

    assert len(result.checkins) == 24
    assert result.checkins[0].month == date(2024, 11, 1) and result.checkins[-1].month == date(2026, 10, 1)
    assert result.latest_checkin.month == date(2026, 10, 1)

    assert [(a.mentor.full_name, a.ended_on) for a in result.assignments] == [
        ("Bambang Wijaya", None), ("Euis Komalasari", days_ago(2))]
    assert result.current_assignment.mentor_id == second.id
    assert result.assignments[0].assigned_by.id == officer.id
    assert codes(result.warnings) == {"actions_overdue": ("1 action item overdue", 1)}


def test_trainee_mentoring_without_staff_notes_never_reads_them(factory, mentor):
    trainee = factory.trainee(mentor_id=mentor.id)
    factory.mentor_session([trainee], mentor=mentor, held_on=days_ago(3), shared_notes="Catatan bersama",
                           staff_notes="RAHASIA-STAF-123")

    result, statements = count_statements(
        lambda: overview.trainee_mentoring(trainee, as_of=AS_OF, include_staff_notes=False))

    assert result.sessions[0].shared_notes == "Catatan bersama"
    assert result.sessions[0].staff_notes is None
    assert "RAHASIA-STAF-123" not in repr(result)
    assert not [s for s in statements if "staff_notes" in s]
    entries, total = overview.trainee_sessions(trainee, include_staff_notes=False, page=1, per_page=5)
    assert total == 1 and entries[0].staff_notes is None and "RAHASIA-STAF-123" not in repr(entries)
    entries, _total = overview.trainee_sessions(trainee, include_staff_notes=True, page=1, per_page=5)
    assert entries[0].staff_notes == "RAHASIA-STAF-123"


def test_trainee_mentoring_of_a_trainee_with_nothing_yet(factory, mentor):
    trainee = factory.trainee(mentor_id=mentor.id)
    result = overview.trainee_mentoring(trainee, as_of=AS_OF, include_staff_notes=True)
    assert (result.sessions, result.sessions_total, result.actions, result.checkins, result.latest_checkin) == (
        [], 0, [], [], None)
    assert [a.mentor_id for a in result.assignments] == [mentor.id]
    assert set(codes(result.warnings)) == {"no_session", "no_checkin"}


def test_trainee_sessions_pages(factory, mentor):
    trainee = factory.trainee(mentor_id=mentor.id)
    for n in range(25):
        factory.mentor_session([trainee], mentor=mentor, held_on=days_ago(n))
    page1, total = overview.trainee_sessions(trainee, include_staff_notes=True, page=1, per_page=10)
    page3, total3 = overview.trainee_sessions(trainee, include_staff_notes=True, page=3, per_page=10)
    past, total_past = overview.trainee_sessions(trainee, include_staff_notes=True, page=4, per_page=10)
    assert (len(page1), total, len(page3), total3, past, total_past) == (10, 25, 5, 25, [], 25)
    assert page1[0].held_on == AS_OF and page3[-1].held_on == days_ago(24)


# -- who may open a session -----------------------------------------------------------------

def test_visible_session(factory, mentor):
    second = factory.user(Role.MENTOR)
    stranger = factory.user(Role.MENTOR)
    trainee = factory.trainee(mentor_id=mentor.id)
    trainee_user = factory.user(Role.TRAINEE)
    session = factory.mentor_session([trainee], mentor=mentor, held_on=days_ago(3))

    assert overview.visible_session(factory.admin, session.id).id == session.id
    assert overview.visible_session(factory.user(Role.OFFICER), session.id).id == session.id
    assert overview.visible_session(mentor, session.id).id == session.id
    assert overview.visible_session(second, session.id) is None
    assert overview.visible_session(trainee_user, session.id) is None
    assert overview.visible_session(factory.admin, session.id + 1000) is None

    mentoring_services.assign_mentor(trainee, second, actor=factory.admin, on=AS_OF, reason="Cuti")
    db.session.commit()
    assert overview.visible_session(mentor, session.id).id == session.id  # the author keeps it
    assert overview.visible_session(second, session.id).id == session.id  # the current mentor of a participant
    assert overview.visible_session(stranger, session.id) is None


# -- statement counts do not grow -----------------------------------------------------------

def _build(factory, mentor, trainees: list, sessions: int, made: list) -> None:
    """Grow the data: sessions (individual and group) with topics, check-ins, actions."""
    while len(made) < sessions:
        n = len(made)
        group = trainees[: 2 + n % 2] if n % 3 == 0 else [trainees[n % len(trainees)]]
        made.append(factory.mentor_session(
            group, mentor=mentor, held_on=days_ago(n * 3 % 90), topics=["bookkeeping", "stock"][: 1 + n % 2],
            staff_notes="staf", shared_notes="bersama"))
        trainee = trainees[n % len(trainees)]
        month_index = 2026 * 12 + 9 - n // len(trainees)
        factory.checkin(trainee, actor=mentor, month=date(month_index // 12, month_index % 12 + 1, 1))
        factory.action_item(trainee, actor=mentor, due_on=days_ago(n % 7 - 3), status="open" if n % 2 else "done")


def test_statement_counts_do_not_grow_with_sessions_checkins_or_trainees(factory, mentor):
    other = factory.user(Role.MENTOR)
    counts = {}
    trainees, made = [], []
    for size, n_trainees in ((3, 2), (30, 6)):
        while len(trainees) < n_trainees:
            trainees.append(factory.trainee(mentor_id=mentor.id))
            factory.trainee(mentor_id=other.id)
        _build(factory, mentor, trainees, size, made)
        if size == 30:
            overdue_loan(factory, trainees[0], 12)
        db.session.expire_all()
        target = trainees[0]
        mentor.id, target.id, other.role  # noqa: B018 - load the expired objects outside the counts
        first_session_id = made[0].id
        caseload, s1 = count_statements(lambda: overview.caseload(mentor.id, as_of=AS_OF))
        table, s2 = count_statements(lambda: overview.mentor_caseloads(as_of=AS_OF))
        record, s3 = count_statements(
            lambda: overview.trainee_mentoring(target, as_of=AS_OF, include_staff_notes=True))
        page, s4 = count_statements(
            lambda: overview.trainee_sessions(target, include_staff_notes=False, page=1, per_page=20))
        visible, s5 = count_statements(lambda: overview.visible_session(other, first_session_id))
        assert len(caseload) == n_trainees
        assert sum(m.trainees for m in table) == 2 * n_trainees
        assert record.sessions_total == page[1] > 0
        assert visible is None
        counts[size] = (len(s1), len(s2), len(s3), len(s4), len(s5))
    assert counts[3] == counts[30] == (3, 1, 6, 2, 1)
