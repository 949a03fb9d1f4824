"""Dashboard figures against hand-built cases: counts, median working days and hours to
verify and to answer, SLA compliance (a complaint still open past its deadline counts as
missed; one still within its deadlines is not counted), the period filter and the
overdue list over the complaints an admin may see."""
from __future__ import annotations

from datetime import date, datetime, timedelta, timezone
from decimal import Decimal

import pytest

from accounts.models import Role
from complaints import stats
from complaints.models import Complaint, ComplaintCategory, ComplaintKind, ComplaintStatus
from tests.complaints.ui_support import EN, TODAY, pinned_clock  # noqa: F401

NO_HOLIDAYS = frozenset()


def local(day: date, hour: int) -> datetime:
    """``hour`` o'clock in Bandung on ``day``, as aware UTC (Bandung is UTC+7)."""
    return datetime(day.year, day.month, day.day, hour, tzinfo=timezone.utc) - timedelta(hours=7)


def case(*, status: str, received: tuple[date, int], verified: tuple[date, int] | None = None,
         answered: tuple[date, int] | None = None, answer_days: int = 14, kind: str = "complaint",
         category: str = "loan", closed: tuple[date, int] | None = None, verify_days: int = 3) -> Complaint:
    """A complaint built by hand (not saved): received/verified/answered at (day, local hour)."""
    from complaints.workdays import add_working_days

    c = Complaint(kind=kind, category=category, channel="staff", status=status, subject="Kasus", description="Uraian",
                  received_on=received[0], received_at=local(*received),
                  verify_due_on=add_working_days(received[0], verify_days, NO_HOLIDAYS), reopen_count=0)
    if verified:
        c.verified_on, c.verified_at, c.answer_days = verified[0], local(*verified), answer_days
        c.answer_due_on = add_working_days(verified[0], answer_days, NO_HOLIDAYS)
    if answered:
        c.answered_on, c.answered_at = answered[0], local(*answered)
        c.last_answered_at = c.answered_at
    if closed:
        c.closed_at = local(*closed)
    return c


MON, TUE, WED, THU, FRI = (date(2026, 11, d) for d in (2, 3, 4, 5, 6))
NEXT_MON = date(2026, 11, 9)


@pytest.fixture
def cases(app):
    return {
        # verified after 1 working day (24 h), answered 3 working days later (72 h): met
        "A": case(status="closed", received=(MON, 9), verified=(TUE, 9), answered=(FRI, 9), closed=(FRI, 12)),
        # verified Friday, after its Thursday deadline (4 working days, 96 h): missed, whatever follows
        "B": case(status="answered", received=(MON, 9), verified=(FRI, 9), answered=(NEXT_MON, 15)),
        # verified in 2 working days (48 h); a 5-day answer deadline (Wed 11 Nov) long past, still open: missed
        "C": case(status="in_progress", kind="urgent", category="mentoring", received=(MON, 9),
                  verified=(WED, 9), answer_days=5),
        # received on Wednesday 25 Nov: verification due Monday 30 Nov: not decided yet
        "D": case(status="received", kind="aspiration", category="training", received=(date(2026, 11, 25), 9)),
        # archived on Tuesday without verification, before its Thursday deadline: met
        "E": case(status="archived", received=(MON, 9), closed=(TUE, 10)),
    }


def test_counts_by_kind_category_and_status_list_every_member(cases):
    figures = stats.figures(list(cases.values()), today=TODAY, holidays=NO_HOLIDAYS)
    assert figures.total == 5
    assert dict(figures.by_kind) == {ComplaintKind.COMPLAINT: 3, ComplaintKind.ASPIRATION: 1,
                                     ComplaintKind.INFORMATION: 0, ComplaintKind.URGENT: 1,
                                     ComplaintKind.MISCONDUCT: 0}
    assert [m for m, _ in figures.by_category] == list(ComplaintCategory)
    assert dict(figures.by_category)[ComplaintCategory.LOAN] == 3
    assert [m for m, _ in figures.by_status] == list(ComplaintStatus)
    assert dict(figures.by_status)[ComplaintStatus.RECEIVED] == 1


def test_medians_in_working_days_and_hours(cases):
    figures = stats.figures(list(cases.values()), today=TODAY, holidays=NO_HOLIDAYS)
    # verify: A 1 day / 24 h, B 4 / 96, C 2 / 48
    assert figures.to_verify == stats.Duration(count=3, working_days=2.0, hours=Decimal("48.0"))
    # answer, from verification: A Tue->Fri 3 days / 72 h, B Fri 9:00 -> Mon 15:00 1 day / 78 h
    assert figures.to_answer == stats.Duration(count=2, working_days=2.0, hours=Decimal("75.0"))


def test_sla_compliance_counts_open_complaints_past_their_deadline_as_missed(cases):
    figures = stats.figures(list(cases.values()), today=TODAY, holidays=NO_HOLIDAYS)
    assert (figures.sla_met, figures.sla_missed, figures.sla_pending) == (2, 2, 1)  # A E / B C / D
    assert figures.sla_compliance == Decimal("50.0")


def test_an_open_complaint_within_its_deadline_is_not_counted_yet(cases):
    on_time = case(status="in_progress", received=(date(2026, 11, 23), 9), verified=(date(2026, 11, 24), 9))
    figures = stats.figures([cases["A"], on_time], today=TODAY, holidays=NO_HOLIDAYS)
    assert (figures.sla_met, figures.sla_missed, figures.sla_pending) == (1, 0, 1)
    assert figures.sla_compliance == Decimal("100.0")


def test_compliance_is_rounded_to_a_tenth(cases):
    figures = stats.figures([cases["A"], cases["E"], cases["B"]], today=TODAY, holidays=NO_HOLIDAYS)
    assert figures.sla_compliance == Decimal("66.7")


def test_nothing_decided_gives_no_percentage_and_no_medians(cases):
    figures = stats.figures([cases["D"]], today=TODAY, holidays=NO_HOLIDAYS)
    assert figures.sla_compliance is None
    assert figures.to_verify == stats.Duration(0, None, None)
    assert stats.figures([], today=TODAY, holidays=NO_HOLIDAYS).total == 0


def test_working_days_skip_holidays(app):
    # received Monday, verified Friday; with Wednesday a holiday that is 3 working days
    c = case(status="verified", received=(MON, 9), verified=(FRI, 9))
    assert stats.figures([c], today=MON, holidays=frozenset({WED})).to_verify.working_days == 3.0
    assert stats.figures([c], today=MON, holidays=NO_HOLIDAYS).to_verify.working_days == 4.0


def test_median_of_an_even_count_may_be_a_half_day(app):
    one = case(status="verified", received=(MON, 9), verified=(TUE, 9))
    two = case(status="verified", received=(MON, 9), verified=(WED, 9))
    assert stats.figures([one, two], today=TUE, holidays=NO_HOLIDAYS).to_verify == stats.Duration(
        2, 1.5, Decimal("36.0"))


# --- Over the database: period, visibility, overdue ---------------------------------------------


def test_dashboard_filters_on_the_received_date_and_lists_overdue_now(app, factory):
    admin = factory.admin
    early = factory.complaint(now=datetime(2026, 10, 5, 3, tzinfo=timezone.utc))  # received, long overdue
    answered = factory.complaint(status="answered")  # 23 Nov, verified and answered the same day
    late = factory.complaint()  # 23 Nov, due Thu 26 Nov: overdue on the 27th
    everything = stats.dashboard(admin, start=None, end=None, today=TODAY)
    assert everything.total == 3
    assert (everything.sla_met, everything.sla_missed) == (1, 2)
    assert [r.complaint.id for r in everything.overdue] == [early.id, late.id]  # longest overdue first
    november = stats.dashboard(admin, start=date(2026, 11, 1), end=date(2026, 11, 30), today=TODAY)
    assert november.total == 2 and november.sla_compliance == Decimal("50.0")
    assert november.to_verify == stats.Duration(1, 0.0, Decimal("1.0"))
    assert november.to_answer == stats.Duration(1, 0.0, Decimal("3.0"))
    assert len(november.overdue) == 2  # the overdue list ignores the period
    assert stats.dashboard(admin, start=date(2026, 11, 24), end=None, today=TODAY).total == 0
    assert answered.id


def test_dashboard_leaves_out_misconduct_reports_accusing_the_viewer(app, factory):
    accused = factory.user(Role.ADMIN)
    factory.complaint(kind="misconduct", status="verified", accused=accused,
                      now=datetime(2026, 10, 5, 3, tzinfo=timezone.utc))
    factory.complaint()
    mine = stats.dashboard(accused, start=None, end=None, today=TODAY)
    theirs = stats.dashboard(factory.admin, start=None, end=None, today=TODAY)
    assert (mine.total, len(mine.overdue)) == (1, 1)
    assert (theirs.total, len(theirs.overdue)) == (2, 2)
    assert dict(mine.by_kind)[ComplaintKind.MISCONDUCT] == 0


@pytest.mark.usefixtures("pinned_clock")
def test_dashboard_page_shows_the_figures_and_the_period(client, login, factory):
    login(factory.admin)
    factory.complaint(status="answered")
    late = factory.complaint(subject="Belum disentuh sama sekali")
    html = client.get("/complaints/dashboard", headers=EN).get_data(as_text=True)
    assert 'id="sla-compliance">50%<' in html
    assert "1 kept, 1 missed, 0 still running" in html
    assert 'id="total">2<' in html
    assert f'data-complaint="{late.id}"' in html and "Belum disentuh sama sekali" in html
    html = client.get("/complaints/dashboard?from=2026-12-01&to=2026-12-31", headers=EN).get_data(as_text=True)
    assert 'id="total">0<' in html and 'id="sla-compliance">—<' in html
    assert f'data-complaint="{late.id}"' in html  # overdue now, whatever the period
    assert client.get("/complaints/dashboard?from=garbage", headers=EN).status_code == 200


def test_the_dashboard_lists_the_longest_overdue_and_counts_them_all(app, factory, monkeypatch, client, login):
    monkeypatch.setattr(stats, "OVERDUE_SHOWN", 2)
    oldest = factory.complaint(now=datetime(2026, 10, 5, 3, tzinfo=timezone.utc))
    older = factory.complaint(now=datetime(2026, 10, 20, 3, tzinfo=timezone.utc))
    factory.complaint()  # 23 Nov, overdue on the 27th
    factory.complaint(status="answered")  # not overdue
    figures = stats.dashboard(factory.admin, start=None, end=None, today=TODAY)
    assert [r.complaint.id for r in figures.overdue] == [oldest.id, older.id]
    assert figures.overdue_total == 3
    login(factory.admin)
    page = client.get("/complaints/dashboard", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert 'id="overdue-total">3<' in page and "see all 3 in the complaint list" in page
