"""Loans: products, funding sources, applications, loans, instalments, transactions.

Money columns use ``Money`` (exact, Decimal); rates use ``Percent`` (12 means 12 % per
year, nominal). A loan copies its product's terms when it is disbursed (and an
application when it is submitted), so editing a product never changes existing loans.
"""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from flask_babel import lazy_gettext as _l
from sqlalchemy import CheckConstraint, ForeignKey, Index, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from extensions import LabelledEnum, Money, Percent, UTCDateTime, db, in_enum, register_labels, utcnow

if TYPE_CHECKING:
    from accounts.models import User
    from trainees.models import Trainee

ZERO = Decimal("0.00")


class Frequency(LabelledEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class Method(LabelledEnum):
    FLAT = "flat"
    DECLINING = "declining"


class Amortization(LabelledEnum):
    EQUAL_INSTALLMENTS = "equal_installments"
    EQUAL_PRINCIPAL = "equal_principal"


class FeeType(LabelledEnum):
    NONE = "none"
    FLAT = "flat"  #: fee_value is rupiah
    PERCENT = "percent"  #: fee_value is percent of principal


class FeeTiming(LabelledEnum):
    DEDUCTED = "deducted"  #: taken from the disbursed amount
    FIRST_INSTALLMENT = "first_installment"  #: added to instalment 1


class FundingKind(LabelledEnum):
    CITY_BUDGET = "city_budget"
    CSR = "csr"
    REVOLVING = "revolving"


class ApplicationStatus(LabelledEnum):
    SUBMITTED = "submitted"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"
    CANCELLED = "cancelled"
    DISBURSED = "disbursed"


class LoanStatus(LabelledEnum):
    ACTIVE = "active"
    CLOSED = "closed"
    WRITTEN_OFF = "written_off"


class PaymentMethod(LabelledEnum):
    CASH = "cash"
    BANK_TRANSFER = "bank_transfer"
    QRIS = "qris"  #: QRIS or e-wallet


class TransactionKind(LabelledEnum):
    REPAYMENT = "repayment"
    RECOVERY = "recovery"  #: a payment received after write-off


_LABEL_PAIRS = [
    (Frequency.WEEKLY, _l("Weekly")),
    (Frequency.BIWEEKLY, _l("Every two weeks")),
    (Frequency.MONTHLY, _l("Monthly")),
    (Method.FLAT, _l("Flat interest")),
    (Method.DECLINING, _l("Declining balance")),
    (Amortization.EQUAL_INSTALLMENTS, _l("Equal instalments")),
    (Amortization.EQUAL_PRINCIPAL, _l("Equal principal")),
    (FeeType.NONE, _l("No fee")),
    (FeeType.FLAT, _l("Flat amount")),
    (FeeType.PERCENT, _l("Percent of principal")),
    (FeeTiming.DEDUCTED, _l("Deducted at disbursement")),
    (FeeTiming.FIRST_INSTALLMENT, _l("Added to the first instalment")),
    (FundingKind.CITY_BUDGET, _l("City budget")),
    (FundingKind.CSR, _l("CSR partner")),
    (FundingKind.REVOLVING, _l("Revolving fund")),
    (ApplicationStatus.SUBMITTED, _l("Submitted")),
    (ApplicationStatus.APPROVED, _l("Approved")),
    (ApplicationStatus.REJECTED, _l("Rejected")),
    (ApplicationStatus.WITHDRAWN, _l("Withdrawn")),
    (ApplicationStatus.CANCELLED, _l("Cancelled")),
    (ApplicationStatus.DISBURSED, _l("Disbursed")),
    (LoanStatus.ACTIVE, _l("Active")),
    (LoanStatus.CLOSED, _l("Closed")),
    (LoanStatus.WRITTEN_OFF, _l("Written off")),
    (PaymentMethod.CASH, _l("Cash")),
    (PaymentMethod.BANK_TRANSFER, _l("Bank transfer")),
    (PaymentMethod.QRIS, _l("QRIS / e-wallet")),
    (TransactionKind.REPAYMENT, _l("Repayment")),
    (TransactionKind.RECOVERY, _l("Recovery after write-off")),
]
register_labels(_LABEL_PAIRS)



class FundingSource(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    kind: Mapped[str] = mapped_column(String(20))
    #: The partner organisation (CSR company, donor) if any.
    partner_name: Mapped[str | None] = mapped_column(String(160))
    #: Rupiah committed to the programme by this source.
    committed: Mapped[Decimal] = mapped_column(Money)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint(in_enum("kind", FundingKind), name="kind"),
        CheckConstraint("committed >= 0", name="committed"),
    )


class LoanProduct(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    description: Mapped[str | None] = mapped_column(Text)
    min_amount: Mapped[Decimal] = mapped_column(Money)
    max_amount: Mapped[Decimal] = mapped_column(Money)
    #: Term limits in periods of ``frequency``.
    min_term: Mapped[int]
    max_term: Mapped[int]
    frequency: Mapped[str] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(10))
    amortization: Mapped[str] = mapped_column(String(20))
    #: Nominal percent per year (12 = 12 %).
    annual_rate: Mapped[Decimal] = mapped_column(Percent)
    #: Most leading interest-only periods an application may ask for.
    max_grace_periods: Mapped[int] = mapped_column(default=0)
    #: Instalment amounts are rounded to a multiple of this many rupiah (e.g. 100).
    rounding_multiple: Mapped[Decimal] = mapped_column(Money)
    fee_type: Mapped[str] = mapped_column(String(10), default=FeeType.NONE.value)
    #: Rupiah (flat) or percent of principal (percent); 0 with no fee.
    fee_value: Mapped[Decimal] = mapped_column(Percent, default=Decimal(0))
    fee_timing: Mapped[str] = mapped_column(String(20), default=FeeTiming.DEDUCTED.value)
    #: Flat rupiah charged once per instalment still unpaid ``penalty_after_days`` after its due date.
    penalty_amount: Mapped[Decimal | None] = mapped_column(Money)
    penalty_after_days: Mapped[int | None]
    #: Hook for the training issue: applicants must have completed training.
    requires_training: Mapped[bool] = mapped_column(default=False)
    is_active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    __table_args__ = (
        CheckConstraint("min_amount > 0 AND max_amount >= min_amount", name="amounts"),
        CheckConstraint("min_term >= 1 AND max_term >= min_term", name="terms"),
        CheckConstraint("annual_rate >= 0", name="rate"),
        CheckConstraint("rounding_multiple > 0", name="multiple"),
        CheckConstraint("max_grace_periods >= 0", name="grace"),
        CheckConstraint(in_enum("frequency", Frequency), name="frequency"),
        CheckConstraint(in_enum("method", Method), name="method"),
        CheckConstraint(in_enum("amortization", Amortization), name="amortization"),
        CheckConstraint(in_enum("fee_type", FeeType), name="fee_type"),
        CheckConstraint(in_enum("fee_timing", FeeTiming), name="fee_timing"),
    )


class TermsMixin:
    """The financial terms copied from the product (application at submission, loan at
    disbursement)."""

    annual_rate: Mapped[Decimal] = mapped_column(Percent)
    frequency: Mapped[str] = mapped_column(String(10))
    method: Mapped[str] = mapped_column(String(10))
    amortization: Mapped[str] = mapped_column(String(20))
    rounding_multiple: Mapped[Decimal] = mapped_column(Money)
    fee_type: Mapped[str] = mapped_column(String(10))
    fee_value: Mapped[Decimal] = mapped_column(Percent)
    fee_timing: Mapped[str] = mapped_column(String(20))
    penalty_amount: Mapped[Decimal | None] = mapped_column(Money)
    penalty_after_days: Mapped[int | None]


class LoanApplication(TermsMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("loan_product.id"), index=True)
    amount: Mapped[Decimal] = mapped_column(Money)
    #: Number of instalment periods (of ``frequency``).
    term: Mapped[int]
    grace_periods: Mapped[int] = mapped_column(default=0)
    purpose: Mapped[str] = mapped_column(String(255))
    business_plan: Mapped[str] = mapped_column(Text)
    #: Monthly rupiah figures declared by the applicant.
    monthly_revenue: Mapped[Decimal] = mapped_column(Money)
    monthly_costs: Mapped[Decimal] = mapped_column(Money)
    household_expenses: Mapped[Decimal] = mapped_column(Money)
    other_installments: Mapped[Decimal] = mapped_column(Money)
    #: Monthly-equivalent instalment ÷ monthly net income, percent (None: net income <= 0).
    capacity_ratio: Mapped[Decimal | None] = mapped_column(Percent)
    #: True when capacity_ratio is above the threshold (or net income <= 0).
    is_flagged: Mapped[bool] = mapped_column(default=False)
    status: Mapped[str] = mapped_column(String(12), default=ApplicationStatus.SUBMITTED.value, index=True)
    submitted_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    submitted_on: Mapped[date]
    submitted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    mentor_recommendation: Mapped[str | None] = mapped_column(Text)
    recommended_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    #: Who approved, rejected or withdrew it, and when (kept when an approved application
    #: is later cancelled: see cancelled_*).
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    decided_on: Mapped[date | None]
    #: Rejection reason, or the justification for approving a flagged application.
    decision_note: Mapped[str | None] = mapped_column(Text)
    #: Cancellation of an approved application (before disbursement).
    cancelled_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    cancelled_on: Mapped[date | None]
    cancellation_reason: Mapped[str | None] = mapped_column(Text)

    trainee: Mapped["Trainee"] = relationship()
    product: Mapped[LoanProduct] = relationship()
    submitted_by: Mapped["User"] = relationship(foreign_keys=[submitted_by_id])
    decided_by: Mapped["User | None"] = relationship(foreign_keys=[decided_by_id])
    cancelled_by: Mapped["User | None"] = relationship(foreign_keys=[cancelled_by_id])
    recommended_by: Mapped["User | None"] = relationship(foreign_keys=[recommended_by_id])
    loan: Mapped["Loan | None"] = relationship(back_populates="application", uselist=False)

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount"),
        CheckConstraint("term >= 1 AND grace_periods >= 0 AND grace_periods < term", name="term"),
        CheckConstraint(in_enum("status", ApplicationStatus), name="status"),
        # One open application per trainee, enforced by the database too.
        Index(
            "uq_loan_application_open_per_trainee",
            "trainee_id",
            unique=True,
            sqlite_where=text("status IN ('submitted', 'approved')"),
            postgresql_where=text("status IN ('submitted', 'approved')"),
        ),
    )

    @property
    def status_enum(self) -> ApplicationStatus:
        return ApplicationStatus(self.status)


class Loan(TermsMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("loan_application.id"), unique=True)
    trainee_id: Mapped[int] = mapped_column(ForeignKey("trainee.id"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("loan_product.id"), index=True)
    funding_source_id: Mapped[int] = mapped_column(ForeignKey("funding_source.id"), index=True)
    #: The loan officer responsible (the trainee's officer at disbursement).
    officer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"), index=True)
    principal: Mapped[Decimal] = mapped_column(Money)
    periods: Mapped[int]
    grace_periods: Mapped[int]
    #: Fee in rupiah, fixed at disbursement (see fee_timing).
    fee_amount: Mapped[Decimal] = mapped_column(Money)
    disbursed_on: Mapped[date]
    disbursement_method: Mapped[str] = mapped_column(String(20))
    disbursement_reference: Mapped[str | None] = mapped_column(String(80))
    disbursed_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    status: Mapped[str] = mapped_column(String(12), default=LoanStatus.ACTIVE.value, index=True)
    closed_on: Mapped[date | None]
    written_off_on: Mapped[date | None]
    write_off_reason: Mapped[str | None] = mapped_column(Text)
    written_off_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Summary of the instalment rows, rewritten by services.store_summary in the same
    # transaction whenever they change (disbursement, posting, reversal, write-off), so
    # the portfolio reads one row per loan instead of every instalment.
    #: Rupiah: Σ (principal_due − principal_paid).
    principal_outstanding: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    #: Rupiah: principal + interest + fee + penalties charged so far, not yet paid.
    total_outstanding: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    #: Earliest due date of an instalment whose principal + interest + fee is not fully
    #: paid (None when none is): days past due = as_of − this date, when it is before as_of.
    oldest_unpaid_due_on: Mapped[date | None]

    application: Mapped[LoanApplication] = relationship(back_populates="loan")
    trainee: Mapped["Trainee"] = relationship()
    product: Mapped[LoanProduct] = relationship()
    funding_source: Mapped[FundingSource] = relationship()
    officer: Mapped["User | None"] = relationship(foreign_keys=[officer_id])
    installments: Mapped[list["LoanInstallment"]] = relationship(
        back_populates="loan", order_by="LoanInstallment.number", cascade="all, delete-orphan"
    )
    transactions: Mapped[list["LoanTransaction"]] = relationship(
        back_populates="loan", order_by=lambda: [LoanTransaction.paid_on, LoanTransaction.id]
    )

    __table_args__ = (
        CheckConstraint("principal > 0", name="principal"),
        CheckConstraint("fee_amount >= 0", name="fee"),
        CheckConstraint(in_enum("status", LoanStatus), name="status"),
        CheckConstraint(in_enum("disbursement_method", PaymentMethod), name="disbursement_method"),
        # the portfolio's buckets and PAR are ranges of oldest_unpaid_due_on per status
        Index("ix_loan_status_oldest_unpaid_due_on", "status", "oldest_unpaid_due_on"),
    )

    @property
    def status_enum(self) -> LoanStatus:
        return LoanStatus(self.status)


class LoanInstallment(db.Model):
    """One scheduled instalment. The *_due amounts are fixed at disbursement (penalty_due
    grows when a penalty is charged); the *_paid amounts are the result of allocating the
    loan's live transactions, recomputed on every posting and reversal."""

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"))
    number: Mapped[int]
    due_on: Mapped[date]
    principal_due: Mapped[Decimal] = mapped_column(Money)
    interest_due: Mapped[Decimal] = mapped_column(Money)
    fee_due: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    penalty_due: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    principal_paid: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    interest_paid: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    fee_paid: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    penalty_paid: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    #: Date the instalment became fully paid (None while anything is outstanding).
    paid_on: Mapped[date | None]

    loan: Mapped[Loan] = relationship(back_populates="installments")

    __table_args__ = (
        UniqueConstraint("loan_id", "number", name="uq_loan_installment_loan_number"),
        CheckConstraint("principal_due >= 0 AND interest_due >= 0 AND fee_due >= 0 AND penalty_due >= 0", name="due"),
        CheckConstraint("principal_paid >= 0 AND interest_paid >= 0 AND fee_paid >= 0 AND penalty_paid >= 0", name="paid"),
        # the collection list: instalments not fully paid, by due date (a small part of
        # the table once loans are repaid)
        Index("ix_loan_installment_unpaid_due_on", "due_on",
              sqlite_where=text("paid_on IS NULL"), postgresql_where=text("paid_on IS NULL")),
        # the dashboard's past portfolio: instalments paid after a day (late on that day);
        # the included columns never change after disbursement
        Index("ix_loan_installment_paid_on", "paid_on",
              postgresql_include=["due_on", "loan_id", "principal_due", "interest_due", "fee_due"],
              sqlite_where=text("paid_on IS NOT NULL"), postgresql_where=text("paid_on IS NOT NULL")),
    )

    @property
    def total_due(self) -> Decimal:
        return self.principal_due + self.interest_due + self.fee_due + self.penalty_due

    @property
    def total_paid(self) -> Decimal:
        return self.principal_paid + self.interest_paid + self.fee_paid + self.penalty_paid

    @property
    def outstanding(self) -> Decimal:
        return self.total_due - self.total_paid


class LoanTransaction(db.Model):
    """A repayment (or recovery) received. Never deleted: a reversal marks it reversed,
    and the allocation of the loan's remaining transactions is recomputed."""

    id: Mapped[int] = mapped_column(primary_key=True)
    loan_id: Mapped[int] = mapped_column(ForeignKey("loan.id"), index=True)
    kind: Mapped[str] = mapped_column(String(12), default=TransactionKind.REPAYMENT.value)
    paid_on: Mapped[date]
    amount: Mapped[Decimal] = mapped_column(Money)
    method: Mapped[str] = mapped_column(String(20))
    reference: Mapped[str | None] = mapped_column(String(80))
    #: Client-chosen key: the same key never posts twice (hidden form token or Idempotency-Key header).
    idempotency_key: Mapped[str | None] = mapped_column(String(64), unique=True)
    posted_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    posted_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # Allocation of this transaction (recomputed when an earlier one is reversed or back-dated).
    principal_part: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    interest_part: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    fee_part: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    penalty_part: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    #: Paid beyond the whole balance (only when explicitly accepted) or received after write-off.
    excess_part: Mapped[Decimal] = mapped_column(Money, default=ZERO)
    reversed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reversed_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reversal_reason: Mapped[str | None] = mapped_column(Text)

    loan: Mapped[Loan] = relationship(back_populates="transactions")
    posted_by: Mapped["User"] = relationship(foreign_keys=[posted_by_id])
    reversed_by: Mapped["User | None"] = relationship(foreign_keys=[reversed_by_id])

    __table_args__ = (
        CheckConstraint("amount > 0", name="amount"),
        CheckConstraint(in_enum("kind", TransactionKind), name="kind"),
        CheckConstraint(in_enum("method", PaymentMethod), name="method"),
        # the dashboard's past portfolio: principal repaid after a day
        Index("ix_loan_transaction_repaid_paid_on", "paid_on",
              postgresql_include=["loan_id", "principal_part"],
              sqlite_where=text("kind = 'repayment' AND reversed_at IS NULL"),
              postgresql_where=text("kind = 'repayment' AND reversed_at IS NULL")),
    )

    @property
    def is_reversed(self) -> bool:
        return self.reversed_at is not None
