"""The trainee portal: what a trainee sees of their own record, and the one change the
portal makes that no other domain already offers (a loan application the trainee files
themselves). Everything else the portal changes goes through the owning domain's
services: ``mentoring.services.complete_own_action_item`` / ``record_own_checkin``,
``complaints.services``, ``accounts.services.change_own_password``.

Whose record: the trainee whose ``Trainee.user_id`` is the logged-in user
(:func:`own_trainee`); every lookup by id below is restricted to that record, so an id of
someone else's object finds nothing (the views answer 404).

Query budget (``tests/portal/test_services.py`` counts them): :func:`home_summary` runs
a fixed number of statements whatever the trainee's history — the current loan with its
instalments and repayments (3), the open application (1), the latest assessment (1),
open action items (1), last and next session (1), this and last month's check-ins (1),
open complaints (1).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date, datetime
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from accounts import notifications
from accounts.models import Role, User
from complaints.models import Complaint, FINAL_STATUSES
from complaints.services import own_complaints
from extensions import db
from loans import services as loan_services
from loans.models import ApplicationStatus, Loan, LoanApplication, LoanProduct, LoanStatus, LoanTransaction
from mentoring.models import ActionItem, ActionStatus, BusinessCheckin, MentoringSession, SessionAttendance
from mentoring.services import own_checkin_months
from reports.models import Assessment
from reports.services import latest_assessment
from trainees.models import Trainee

#: Loans the trainee still owes on (a written-off loan is still owed: recoveries).
OWED_STATUSES = (LoanStatus.ACTIVE.value, LoanStatus.WRITTEN_OFF.value)
#: Applications still waiting for a decision or for the money.
OPEN_APPLICATION_STATUSES = (ApplicationStatus.SUBMITTED.value, ApplicationStatus.APPROVED.value)
#: Open complaints shown on the home page.
HOME_COMPLAINTS = 5


def own_trainee(user: User | None) -> Trainee | None:
    """The trainee record linked to ``user`` (a trainee login), with mentor, officer and
    business; None for any other user or an unlinked trainee login. One statement."""
    if user is None or not getattr(user, "is_authenticated", False) or user.role != Role.TRAINEE.value:
        return None
    return db.session.scalar(
        select(Trainee).where(Trainee.user_id == user.id)
        .options(joinedload(Trainee.mentor), joinedload(Trainee.officer), joinedload(Trainee.business)))


# --- Loans --------------------------------------------------------------------------


def _loan_query(trainee: Trainee):
    return (
        select(Loan).where(Loan.trainee_id == trainee.id)
        .options(joinedload(Loan.product), joinedload(Loan.application), selectinload(Loan.installments),
                 selectinload(Loan.transactions))
    )


def current_loan(trainee: Trainee) -> Loan | None:
    """The latest loan still owed (active or written off), with its instalments and
    repayments. Three statements."""
    return db.session.scalar(
        _loan_query(trainee).where(Loan.status.in_(OWED_STATUSES))
        .order_by(Loan.disbursed_on.desc(), Loan.id.desc()).limit(1))


def own_loan(trainee: Trainee, loan_id: int) -> Loan | None:
    """The trainee's loan ``loan_id`` (None when it is not theirs), instalments and
    repayments loaded."""
    return db.session.scalar(_loan_query(trainee).where(Loan.id == loan_id))


def own_transaction(loan: Loan, txn_id: int) -> LoanTransaction | None:
    """A repayment of ``loan`` (already the trainee's own), or None."""
    return next((t for t in loan.transactions if t.id == txn_id), None)


def own_applications(trainee: Trainee) -> list[LoanApplication]:
    """Every application of the trainee, newest first, each with its product and its
    loan (when disbursed). One statement."""
    return list(db.session.scalars(
        select(LoanApplication).where(LoanApplication.trainee_id == trainee.id)
        .options(joinedload(LoanApplication.product), joinedload(LoanApplication.loan))
        .order_by(LoanApplication.submitted_at.desc(), LoanApplication.id.desc())))


def open_application(trainee: Trainee) -> LoanApplication | None:
    """The application waiting for a decision or for disbursement, with its product."""
    return db.session.scalar(
        select(LoanApplication)
        .where(LoanApplication.trainee_id == trainee.id, LoanApplication.status.in_(OPEN_APPLICATION_STATUSES))
        .options(joinedload(LoanApplication.product))
        .order_by(LoanApplication.id.desc()).limit(1))


def active_products() -> list[LoanProduct]:
    return list(db.session.scalars(
        select(LoanProduct).where(LoanProduct.is_active.is_(True)).order_by(LoanProduct.name)))


def preview_application(data: loan_services.ApplicationData, *,
                        threshold: Decimal = loan_services.DEFAULT_CAPACITY_THRESHOLD) -> loan_services.Capacity:
    """The repayment capacity of an application about to be filed, after the same checks
    ``submit_application`` makes (raises ``loans.services.ValidationFailed``). Writes
    nothing."""
    data, _product, _trainee = loan_services.validate_application(data)  # the submit's own checks
    return loan_services.capacity(data, threshold=threshold)


def submit_own_application(trainee: Trainee, data: loan_services.ApplicationData, *, actor: User, on: date,
                           now: datetime, threshold: Decimal = loan_services.DEFAULT_CAPACITY_THRESHOLD
                           ) -> LoanApplication:
    """The trainee files their own loan application (``submitted_by`` = the trainee, so
    any officer may approve it: four-eyes holds). Their loan officer, if any, is notified
    ("application.submitted_by_trainee"). Audited by ``loans.services.submit_application``."""
    if (actor is None or not actor.is_enabled or actor.role != Role.TRAINEE.value
            or trainee.user_id != actor.id):
        raise loan_services.LoanError(_l("You may only apply for a loan for yourself."))
    application = loan_services.submit_application(
        replace(data, trainee_id=trainee.id), actor=actor, on=on, capacity_threshold=threshold)
    officer = db.session.get(User, trainee.officer_id) if trainee.officer_id else None
    if officer is not None and officer.is_enabled:
        notifications.notify(officer, "application.submitted_by_trainee", params={
            "id": application.id, "trainee": trainee.full_name, "amount": str(application.amount)},
            link=f"/loans/applications/{application.id}", now=now)
    db.session.flush()
    return application


# --- Mentoring ----------------------------------------------------------------------


def own_action_item(trainee: Trainee, item_id: int) -> ActionItem | None:
    return db.session.scalar(
        select(ActionItem).where(ActionItem.id == item_id, ActionItem.trainee_id == trainee.id))


def open_actions(trainee: Trainee) -> list[ActionItem]:
    """Open action items, earliest due first. One statement."""
    return list(db.session.scalars(
        select(ActionItem).where(ActionItem.trainee_id == trainee.id, ActionItem.status == ActionStatus.OPEN.value)
        .order_by(ActionItem.due_on, ActionItem.id)))


def closed_actions(trainee: Trainee, limit: int = 20) -> list[ActionItem]:
    """The latest closed (done or dropped) action items, latest first. One statement."""
    return list(db.session.scalars(
        select(ActionItem).where(ActionItem.trainee_id == trainee.id, ActionItem.status != ActionStatus.OPEN.value)
        .order_by(ActionItem.completed_on.desc(), ActionItem.id.desc()).limit(limit)))


def session_dates(trainee: Trainee) -> tuple[date | None, date | None]:
    """(last session attended, next session planned at the latest session the trainee
    was part of — possibly already past). One statement."""
    last = (
        select(SessionAttendance.held_on)
        .where(SessionAttendance.trainee_id == trainee.id, SessionAttendance.attended.is_(True))
        .order_by(SessionAttendance.held_on.desc()).limit(1).scalar_subquery()
    )
    planned = (
        select(MentoringSession.next_session_on)
        .join(SessionAttendance, SessionAttendance.session_id == MentoringSession.id)
        .where(SessionAttendance.trainee_id == trainee.id)
        .order_by(SessionAttendance.held_on.desc(), MentoringSession.id.desc()).limit(1).scalar_subquery()
    )
    row = db.session.execute(select(last.label("last"), planned.label("next"))).one()
    return row.last, row.next


def checkins(trainee: Trainee, limit: int = 24) -> list[BusinessCheckin]:
    """The latest ``limit`` check-ins, newest first. One statement."""
    return list(db.session.scalars(
        select(BusinessCheckin).where(BusinessCheckin.trainee_id == trainee.id)
        .order_by(BusinessCheckin.month.desc()).limit(limit)))


@dataclass(frozen=True)
class MonthToReport:
    """A month the trainee may report: "missing", "pending" (self-reported, waiting for
    the mentor), "recorded" (by staff, or confirmed) — only "missing" and "pending" can
    be (re)reported."""

    month: date
    state: str

    @property
    def can_report(self) -> bool:
        return self.state in ("missing", "pending")


def months_to_report(trainee: Trainee, *, today: date) -> list[MonthToReport]:
    """Last month and this month with their state. One statement."""
    months = own_checkin_months(today)
    rows = db.session.execute(
        select(BusinessCheckin.month, BusinessCheckin.is_self_reported, BusinessCheckin.confirmed_at)
        .where(BusinessCheckin.trainee_id == trainee.id, BusinessCheckin.month.in_(months)))
    states = {month: ("pending" if self_reported and confirmed_at is None else "recorded")
              for month, self_reported, confirmed_at in rows}
    return [MonthToReport(m, states.get(m, "missing")) for m in months]


# --- Complaints ---------------------------------------------------------------------


def own_complaint(user: User, complaint_id: int) -> Complaint | None:
    """The complaint ``complaint_id`` if ``user`` filed it (or it was filed for them)."""
    return db.session.scalar(own_complaints(user).where(Complaint.id == complaint_id))


def open_complaints(user: User, limit: int = HOME_COMPLAINTS) -> list[Complaint]:
    """The user's complaints not yet closed, latest first. One statement."""
    final = [s.value for s in FINAL_STATUSES]
    return list(db.session.scalars(
        own_complaints(user).where(Complaint.status.not_in(final))
        .order_by(Complaint.received_at.desc(), Complaint.id.desc()).limit(limit)))


# --- The home page ------------------------------------------------------------------


@dataclass
class HomeSummary:
    trainee: Trainee
    #: The latest loan still owed, and its balances as of today.
    loan: Loan | None
    balances: loan_services.Balances | None
    application: LoanApplication | None
    assessment: Assessment | None
    actions: list[ActionItem]
    last_session_on: date | None
    next_session_on: date | None
    months: list[MonthToReport]
    complaints: list[Complaint]
    today: date
    overdue_actions: int = field(init=False)

    def __post_init__(self):
        self.overdue_actions = sum(1 for a in self.actions if a.is_overdue(self.today))

    @property
    def month_to_report(self) -> MonthToReport | None:
        """The month the home page asks about: last month until it is reported, then
        this month once it is."""
        missing = [m for m in self.months if m.state == "missing"]
        return missing[0] if missing else None

    @property
    def pending_months(self) -> list[MonthToReport]:
        return [m for m in self.months if m.state == "pending"]


def home_summary(trainee: Trainee, user: User, *, today: date) -> HomeSummary:
    """Everything the portal home shows (see the module docstring for its statements)."""
    loan = current_loan(trainee)
    last_on, next_on = session_dates(trainee)
    return HomeSummary(
        trainee=trainee,
        loan=loan,
        balances=loan_services.balances(loan, as_of=today) if loan is not None else None,
        application=open_application(trainee),
        assessment=latest_assessment(trainee),
        actions=open_actions(trainee),
        last_session_on=last_on,
        next_session_on=next_on,
        months=months_to_report(trainee, today=today),
        complaints=open_complaints(user),
        today=today,
    )



def trainings(trainee: Trainee) -> list:
    """The trainee's training enrolments, newest cohort first (with cohort and programme)."""
    from sqlalchemy.orm import joinedload

    from training.models import Cohort, Enrolment

    return list(db.session.scalars(
        select(Enrolment).join(Cohort).where(Enrolment.trainee_id == trainee.id)
        .options(joinedload(Enrolment.cohort).joinedload(Cohort.programme))
        .order_by(Cohort.starts_on.desc())))
