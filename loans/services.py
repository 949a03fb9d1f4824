"""Every state change of the loans domain, plus balances and the visibility policy.

Conventions (as in trainees.services): explicit keyword arguments for who (``actor``)
and when (``on``/``today``/``now``: nothing here reads the clock); domain errors, never
HTTP errors; services flush and never commit; every change writes its audit event in the
same transaction. Money is Decimal in whole rupiah (``digits=0``), rounded HALF_EVEN.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, select
from sqlalchemy.exc import IntegrityError

from accounts import audit
from accounts.models import Role, User
from extensions import LOCAL_TZ_NAME, DomainError, db
from formatting import format_rupiah
from trainees.models import Trainee
from training.services import has_completed_training

from . import schedule as sched
from .allocation import Allocation, InstallmentDue, Payment, PenaltyRule, allocate
from .models import (
    Amortization,
    ApplicationStatus,
    FeeTiming,
    FeeType,
    Frequency,
    FundingKind,
    FundingSource,
    Loan,
    LoanApplication,
    LoanInstallment,
    LoanProduct,
    LoanStatus,
    LoanTransaction,
    Method,
    PaymentMethod,
    TransactionKind,
)

#: Rupiah amounts are whole rupiah; schedules are built with this many decimal places.
DIGITS = 0
RUPIAH = Decimal(1)
DEFAULT_CAPACITY_THRESHOLD = Decimal("30")
#: Months per period of each frequency, to turn an instalment into a monthly equivalent.
MONTHLY_FACTOR = {
    Frequency.WEEKLY.value: Decimal(52) / Decimal(12),
    Frequency.BIWEEKLY.value: Decimal(26) / Decimal(12),
    Frequency.MONTHLY.value: Decimal(1),
}
#: Terms that change what existing loans owe; refused on a product in use.
FINANCIAL_TERMS = (
    "annual_rate", "frequency", "method", "amortization", "rounding_multiple",
    "fee_type", "fee_value", "fee_timing", "penalty_amount", "penalty_after_days",
)
#: Terms copied from the product onto an application (and from it onto the loan).
TERM_COLUMNS = FINANCIAL_TERMS
OPEN_STATUSES = (ApplicationStatus.SUBMITTED.value, ApplicationStatus.APPROVED.value)


# --- Errors -------------------------------------------------------------------------


class LoanError(DomainError):
    """A loan rule refused the operation."""

    default_message = _l("This operation is not allowed.")


class InvalidTransition(LoanError):
    """The application, loan or transaction is not in a state that allows the action."""

    def __init__(self, message=None, *, status: str | None = None, action: str | None = None):
        super().__init__(message)
        self.status, self.action = status, action


class FourEyesViolation(LoanError):
    default_message = _l("You submitted this application, so another person must approve it.")


class InsufficientFunds(LoanError):
    def __init__(self, *, available: Decimal, requested: Decimal):
        super().__init__(_l(
            "The funding source does not have enough money: %(available)s available, "
            "%(requested)s requested.",
            available=format_rupiah(available), requested=format_rupiah(requested)))
        self.available, self.requested = available, requested


class ValidationFailed(LoanError):
    """Field -> message for every rule the data breaks."""

    def __init__(self, errors: dict[str, str]):
        self.errors = {k: str(v) for k, v in errors.items()}
        super().__init__("; ".join(self.errors.values()))


# --- Small validation helpers -------------------------------------------------------


def _whole_rupiah(value) -> bool:
    return (isinstance(value, (Decimal, int)) and not isinstance(value, bool)
            and Decimal(value).is_finite() and Decimal(value) == Decimal(value).to_integral_value())


def _decimal_places(value, places: int) -> bool:
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        return False
    value = Decimal(value)
    return value.is_finite() and value == value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _text(value) -> str:
    return (value or "").strip()


# --- Products -----------------------------------------------------------------------


@dataclass
class ProductData:
    name: str
    description: str | None
    min_amount: Decimal
    max_amount: Decimal
    min_term: int
    max_term: int
    frequency: str
    method: str
    amortization: str
    annual_rate: Decimal
    max_grace_periods: int
    rounding_multiple: Decimal
    fee_type: str
    fee_value: Decimal
    fee_timing: str
    penalty_amount: Decimal | None = None
    penalty_after_days: int | None = None
    requires_training: bool = False
    is_active: bool = True


def _unique_name(raw, model, existing, errors: dict, *, taken) -> str:
    """``raw`` with its whitespace collapsed; records an error under "name" when it is
    empty, longer than 120 characters, or used by another row of ``model``."""
    name = " ".join(_text(raw).split())
    if not name:
        errors["name"] = _l("Name is required.")
    elif len(name) > 120:
        errors["name"] = _l("Name must be at most 120 characters.")
    else:
        query = select(model.id).where(model.name == name)
        if existing is not None:
            query = query.where(model.id != existing.id)
        if db.session.scalar(query) is not None:
            errors["name"] = taken
    return name


def _validate_product(data: ProductData, *, product: LoanProduct | None = None) -> ProductData:
    errors: dict[str, str] = {}
    name = _unique_name(data.name, LoanProduct, product, errors,
                        taken=_l("Another product already has this name."))
    if not _whole_rupiah(data.min_amount) or data.min_amount <= 0:
        errors["min_amount"] = _l("The smallest amount must be a whole rupiah amount above zero.")
    if not _whole_rupiah(data.max_amount) or data.max_amount <= 0:
        errors["max_amount"] = _l("The largest amount must be a whole rupiah amount above zero.")
    elif "min_amount" not in errors and data.max_amount < data.min_amount:
        errors["max_amount"] = _l("The largest amount must not be below the smallest amount.")
    if not _is_int(data.min_term) or data.min_term < 1:
        errors["min_term"] = _l("The shortest term must be at least 1 instalment.")
    if not _is_int(data.max_term) or data.max_term < 1:
        errors["max_term"] = _l("The longest term must be at least 1 instalment.")
    elif "min_term" not in errors and data.max_term < data.min_term:
        errors["max_term"] = _l("The longest term must not be shorter than the shortest term.")
    if data.frequency not in {f.value for f in Frequency}:
        errors["frequency"] = _l("Choose a repayment frequency.")
    if data.method not in {m.value for m in Method}:
        errors["method"] = _l("Choose an interest method.")
    if data.amortization not in {a.value for a in Amortization}:
        errors["amortization"] = _l("Choose an amortization.")
    if not _decimal_places(data.annual_rate, 4) or not 0 <= data.annual_rate <= 100:
        errors["annual_rate"] = _l("The interest rate must be between 0 and 100 % per year, with at most four decimals.")
    if not _is_int(data.max_grace_periods) or data.max_grace_periods < 0:
        errors["max_grace_periods"] = _l("Grace instalments cannot be negative.")
    elif "min_term" not in errors and data.max_grace_periods >= data.min_term:
        errors["max_grace_periods"] = _l("Grace instalments must be fewer than the shortest term.")
    if not _whole_rupiah(data.rounding_multiple) or data.rounding_multiple <= 0:
        errors["rounding_multiple"] = _l("Round to a whole rupiah amount above zero, such as 1 or 100.")
    fee_value = data.fee_value if data.fee_value is not None else Decimal(0)
    if data.fee_type not in {f.value for f in FeeType}:
        errors["fee_type"] = _l("Choose a fee type.")
    elif data.fee_type == FeeType.NONE.value:
        fee_value = Decimal(0)
    elif data.fee_type == FeeType.FLAT.value:
        if not _whole_rupiah(fee_value) or fee_value <= 0:
            errors["fee_value"] = _l("A flat fee must be a whole rupiah amount above zero.")
        elif "min_amount" not in errors and fee_value >= data.min_amount:
            errors["fee_value"] = _l("A flat fee must be less than the smallest amount.")
    elif not _decimal_places(fee_value, 4) or not 0 < fee_value < 100:
        errors["fee_value"] = _l("A percentage fee must be above 0 and below 100 %.")
    if data.fee_timing not in {t.value for t in FeeTiming}:
        errors["fee_timing"] = _l("Choose when the fee is paid.")
    if (data.penalty_amount is None) != (data.penalty_after_days is None):
        errors["penalty_amount"] = _l("Give both the penalty amount and the days after which it is charged, or neither.")
    elif data.penalty_amount is not None:
        if not _whole_rupiah(data.penalty_amount) or data.penalty_amount <= 0:
            errors["penalty_amount"] = _l("The penalty must be a whole rupiah amount above zero.")
        if not _is_int(data.penalty_after_days) or data.penalty_after_days < 0:
            errors["penalty_after_days"] = _l("Days before the penalty cannot be negative.")
    if errors:
        raise ValidationFailed(errors)
    return replace(data, name=name, description=_text(data.description) or None, fee_value=fee_value,
                   requires_training=bool(data.requires_training), is_active=bool(data.is_active))


def product_in_use(product: LoanProduct) -> bool:
    """True once any application (hence possibly a loan) uses the product."""
    return db.session.scalar(
        select(LoanApplication.id).where(LoanApplication.product_id == product.id).limit(1)
    ) is not None or db.session.scalar(
        select(Loan.id).where(Loan.product_id == product.id).limit(1)
    ) is not None


def create_product(data: ProductData, *, actor: User) -> LoanProduct:
    data = _validate_product(data)
    product = LoanProduct(**asdict(data))
    db.session.add(product)
    db.session.flush()
    audit.record(actor, "loan_product.created", product, details=asdict(data))
    return product


def _product_snapshot(product: LoanProduct) -> dict:
    return {name: getattr(product, name) for name in ProductData.__dataclass_fields__}


def update_product(product: LoanProduct, data: ProductData, *, actor: User) -> LoanProduct:
    """Edit a product. Once it is in use, its financial terms (FINANCIAL_TERMS) are fixed:
    create a new product instead. Ranges, texts and the active flag stay editable."""
    data = _validate_product(data, product=product)
    before = _product_snapshot(product)
    after = asdict(data)
    changed_terms = [name for name in FINANCIAL_TERMS if before[name] != after[name]]
    if changed_terms and product_in_use(product):
        message = _l("This product is already used by applications or loans, so its financial terms "
                     "cannot change. Create a new product instead.")
        raise ValidationFailed({name: message for name in changed_terms})
    for name, value in after.items():
        setattr(product, name, value)
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor, "loan_product.updated", product, details={"changes": changes})
    db.session.flush()
    return product


# --- Funding sources ----------------------------------------------------------------


def _validate_source(*, name, kind, partner_name, committed, source: FundingSource | None = None) -> dict:
    errors: dict[str, str] = {}
    name = _unique_name(name, FundingSource, source, errors,
                        taken=_l("Another funding source already has this name."))
    if kind not in {k.value for k in FundingKind}:
        errors["kind"] = _l("Choose the kind of funding source.")
    partner_name = _text(partner_name) or None
    if partner_name is not None and len(partner_name) > 160:
        errors["partner_name"] = _l("Partner name must be at most 160 characters.")
    if not _whole_rupiah(committed) or committed < 0:
        errors["committed"] = _l("The committed amount must be a whole rupiah amount, zero or more.")
    elif source is not None:
        # Lowering the commitment below what is lent out would make "available" negative.
        lent_out = source.committed - funding_available(source)
        if committed < lent_out:
            errors["committed"] = _l("The committed amount cannot be below the %(amount)s currently lent out.",
                                     amount=format_rupiah(lent_out))
    if errors:
        raise ValidationFailed(errors)
    return {"name": name, "kind": kind, "partner_name": partner_name, "committed": Decimal(committed)}


def create_funding_source(*, name: str, kind: str, partner_name: str | None, committed: Decimal,
                          actor: User) -> FundingSource:
    values = _validate_source(name=name, kind=kind, partner_name=partner_name, committed=committed)
    source = FundingSource(**values, is_active=True)
    db.session.add(source)
    db.session.flush()
    audit.record(actor, "funding_source.created", source, details=values)
    return source


def update_funding_source(source: FundingSource, *, name: str, kind: str, partner_name: str | None,
                          committed: Decimal, is_active: bool, actor: User) -> FundingSource:
    values = _validate_source(name=name, kind=kind, partner_name=partner_name, committed=committed, source=source)
    values["is_active"] = bool(is_active)
    before = {k: getattr(source, k) for k in values}
    for key, value in values.items():
        setattr(source, key, value)
    changes = audit.diff(before, values)
    if changes:
        audit.record(actor, "funding_source.updated", source, details={"changes": changes})
    db.session.flush()
    return source


def funding_available(source: FundingSource) -> Decimal:
    """Committed − principal disbursed from the source + principal repaid on its loans
    (live transactions only): repaid principal revolves back. Two SQL sums, one query."""
    disbursed = (select(func.coalesce(func.sum(Loan.principal), Decimal(0)))
                 .where(Loan.funding_source_id == source.id).scalar_subquery())
    repaid = (select(func.coalesce(func.sum(LoanTransaction.principal_part), Decimal(0)))
              .join(Loan, Loan.id == LoanTransaction.loan_id)
              .where(Loan.funding_source_id == source.id, LoanTransaction.reversed_at.is_(None))
              .scalar_subquery())
    disbursed_amount, repaid_amount = db.session.execute(select(disbursed, repaid)).one()
    return source.committed - Decimal(disbursed_amount) + Decimal(repaid_amount)


# --- Applications -------------------------------------------------------------------


@dataclass
class ApplicationData:
    trainee_id: int
    product_id: int
    amount: Decimal
    term: int
    grace_periods: int = 0
    purpose: str = ""
    business_plan: str = ""
    monthly_revenue: Decimal = Decimal(0)
    monthly_costs: Decimal = Decimal(0)
    household_expenses: Decimal = Decimal(0)
    other_installments: Decimal = Decimal(0)


@dataclass(frozen=True)
class Capacity:
    """Repayment capacity: ``ratio`` = monthly-equivalent instalment ÷ monthly net income
    (revenue − business costs − household expenses − other instalments), percent with two
    places (HALF_EVEN); None when net income is zero or negative."""

    monthly_installment: Decimal
    net_income: Decimal
    ratio: Decimal | None
    is_flagged: bool


def _training_completed(trainee: Trainee) -> bool:
    """Has the trainee completed an entrepreneurship training cohort (training.services)?"""
    return has_completed_training(trainee.id)


def _terms_of(source: LoanApplication | ApplicationData) -> dict:
    if isinstance(source, LoanApplication):
        return {name: getattr(source, name) for name in TERM_COLUMNS}
    product = db.session.get(LoanProduct, source.product_id)
    return {name: getattr(product, name) for name in TERM_COLUMNS}


def _build(terms: dict, *, amount: Decimal, term: int, grace_periods: int,
           start: date | None = None) -> list[sched.Installment]:
    return sched.build_schedule(
        principal=Decimal(amount), annual_rate=terms["annual_rate"], periods=term,
        frequency=terms["frequency"], method=terms["method"], amortization=terms["amortization"],
        grace_periods=grace_periods, digits=DIGITS, multiple=terms["rounding_multiple"], start=start)


def monthly_equivalent_installment(source: LoanApplication | ApplicationData) -> Decimal:
    """The first instalment after grace (fee excluded) as a monthly amount: weekly × 52/12,
    biweekly × 26/12, monthly × 1, rounded HALF_EVEN to whole rupiah."""
    terms = _terms_of(source)
    installments = _build(terms, amount=source.amount, term=source.term, grace_periods=source.grace_periods)
    first = installments[source.grace_periods].total
    return (first * MONTHLY_FACTOR[terms["frequency"]]).quantize(RUPIAH, rounding=ROUND_HALF_EVEN)


def capacity(source: LoanApplication | ApplicationData, *,
             threshold: Decimal = DEFAULT_CAPACITY_THRESHOLD) -> Capacity:
    """Repayment capacity of an application (or of data about to be submitted; its
    product's terms are used). Flagged above ``threshold`` percent or with no net income."""
    monthly = monthly_equivalent_installment(source)
    net = (source.monthly_revenue - source.monthly_costs - source.household_expenses
           - source.other_installments)
    if net <= 0:
        return Capacity(monthly, net, None, True)
    ratio = (monthly * 100 / net).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    return Capacity(monthly, net, ratio, ratio > threshold)


def open_application(trainee_id: int) -> LoanApplication | None:
    return db.session.scalar(select(LoanApplication).where(
        LoanApplication.trainee_id == trainee_id, LoanApplication.status.in_(OPEN_STATUSES)))


def validate_application(data: ApplicationData) -> tuple[ApplicationData, LoanProduct, Trainee]:
    """The checks :func:`submit_application` makes (the portal shows them before submitting)."""
    errors: dict[str, str] = {}
    trainee = db.session.get(Trainee, data.trainee_id) if _is_int(data.trainee_id) else None
    if trainee is None:
        errors["trainee_id"] = _l("Choose a registered trainee.")
    else:
        existing = open_application(trainee.id)
        if existing is not None:
            errors["trainee_id"] = _l("This trainee already has an open application (no. %(id)s); "
                                      "decide or withdraw it first.", id=existing.id)
    product = db.session.get(LoanProduct, data.product_id) if _is_int(data.product_id) else None
    if product is None or not product.is_active:
        errors["product_id"] = _l("Choose an active loan product.")
    elif trainee is not None and product.requires_training and not _training_completed(trainee):
        errors["product_id"] = _l("This product requires a completed entrepreneurship training (Pelatihan "
                                  "Wirausaha). The trainee has not completed one yet.")
    if product is not None:
        if not _whole_rupiah(data.amount) or data.amount <= 0:
            errors["amount"] = _l("Enter the amount as whole rupiah.")
        elif not product.min_amount <= data.amount <= product.max_amount:
            errors["amount"] = _l("For %(product)s the amount must be between %(min)s and %(max)s.",
                                  product=product.name, min=format_rupiah(product.min_amount),
                                  max=format_rupiah(product.max_amount))
        if not _is_int(data.term) or not product.min_term <= data.term <= product.max_term:
            errors["term"] = _l("For %(product)s the term must be between %(min)s and %(max)s instalments.",
                                product=product.name, min=product.min_term, max=product.max_term)
        if not _is_int(data.grace_periods) or data.grace_periods < 0:
            errors["grace_periods"] = _l("Grace instalments cannot be negative.")
        elif data.grace_periods > product.max_grace_periods:
            errors["grace_periods"] = _l("For %(product)s at most %(max)s grace instalments are allowed.",
                                         product=product.name, max=product.max_grace_periods)
        elif "term" not in errors and data.grace_periods >= data.term:
            errors["grace_periods"] = _l("Grace instalments must be fewer than the term.")
    purpose = " ".join(_text(data.purpose).split())
    if not purpose:
        errors["purpose"] = _l("Purpose is required.")
    elif len(purpose) > 255:
        errors["purpose"] = _l("Purpose must be at most 255 characters.")
    if not _text(data.business_plan):
        errors["business_plan"] = _l("A short business plan is required.")
    for name in ("monthly_revenue", "monthly_costs", "household_expenses", "other_installments"):
        value = getattr(data, name)
        if value is None or not _whole_rupiah(value) or value < 0:
            errors[name] = _l("Enter a whole rupiah amount, zero or more.")
    if errors:
        raise ValidationFailed(errors)
    data = replace(data, purpose=purpose, business_plan=_text(data.business_plan))
    return data, product, trainee


def submit_application(data: ApplicationData, *, actor: User, on: date,
                       capacity_threshold: Decimal = DEFAULT_CAPACITY_THRESHOLD) -> LoanApplication:
    """Submit an application: validated against the product, the product's terms copied
    onto it, repayment capacity computed and flagged above ``capacity_threshold`` %."""
    data, product, trainee = validate_application(data)
    application = LoanApplication(
        **asdict(data),
        **{name: getattr(product, name) for name in TERM_COLUMNS},
        status=ApplicationStatus.SUBMITTED.value,
        submitted_by_id=actor.id,
        submitted_on=on,
    )
    result = capacity(application, threshold=capacity_threshold)
    application.capacity_ratio, application.is_flagged = result.ratio, result.is_flagged
    try:
        # The partial unique index catches a concurrent second open application.
        with db.session.begin_nested():
            db.session.add(application)
            db.session.flush()
    except IntegrityError:
        raise ValidationFailed({"trainee_id": _l("This trainee already has an open application.")}) from None
    audit.record(actor, "loan_application.submitted", application, details={
        **asdict(data), "monthly_installment": result.monthly_installment, "net_income": result.net_income,
        "capacity_ratio": result.ratio, "is_flagged": result.is_flagged, "threshold": capacity_threshold})
    db.session.flush()
    return application


def _require_status(application: LoanApplication, status: ApplicationStatus, action: str, message) -> None:
    if application.status != status.value:
        raise InvalidTransition(message, status=application.status, action=action)


def recommend(application: LoanApplication, *, text: str, actor: User) -> None:
    """The trainee's mentor (or an officer/admin) adds a recommendation for the approver."""
    _require_status(application, ApplicationStatus.SUBMITTED, "recommend",
                    _l("Only a submitted application can receive a recommendation."))
    allowed = actor.role in {Role.ADMIN.value, Role.OFFICER.value} or (
        actor.role == Role.MENTOR.value and application.trainee.mentor_id == actor.id)
    if not allowed:
        raise LoanError(_l("Only the trainee's mentor, an officer or an administrator can recommend."))
    text = _text(text)
    if not text:
        raise ValidationFailed({"text": _l("Write the recommendation.")})
    application.mentor_recommendation = text
    application.recommended_by_id = actor.id
    audit.record(actor, "loan_application.recommended", application, details={"text": text})
    db.session.flush()


def _decide(application: LoanApplication, *, status: ApplicationStatus, actor: User, on: date,
            note: str | None, action: str, details: dict | None = None) -> None:
    if on < application.submitted_on:
        raise ValidationFailed({"on": _l("The decision cannot be dated before the submission.")})
    application.status = status.value
    application.decided_by_id = actor.id
    application.decided_on = on
    application.decision_note = note
    audit.record(actor, f"loan_application.{action}", application, details={"on": on, "note": note, **(details or {})})
    db.session.flush()


def approve_application(application: LoanApplication, *, actor: User, on: date,
                        justification: str | None = None) -> None:
    """Approve a submitted application. Four-eyes: the approver is not the submitter. A
    flagged application (capacity above the threshold) needs a written justification."""
    _require_status(application, ApplicationStatus.SUBMITTED, "approve",
                    _l("Only a submitted application can be approved."))
    if application.submitted_by_id == actor.id:
        raise FourEyesViolation()
    justification = _text(justification) or None
    if application.is_flagged and justification is None:
        raise ValidationFailed({"justification": _l(
            "This application is flagged for repayment capacity; write why it should be approved anyway.")})
    _decide(application, status=ApplicationStatus.APPROVED, actor=actor, on=on, note=justification,
            action="approved", details={"is_flagged": application.is_flagged,
                                        "capacity_ratio": application.capacity_ratio})


def reject_application(application: LoanApplication, *, actor: User, on: date, reason: str) -> None:
    _require_status(application, ApplicationStatus.SUBMITTED, "reject",
                    _l("Only a submitted application can be rejected."))
    reason = _text(reason)
    if not reason:
        raise ValidationFailed({"reason": _l("Give the reason for rejecting.")})
    _decide(application, status=ApplicationStatus.REJECTED, actor=actor, on=on, note=reason, action="rejected")


def withdraw_application(application: LoanApplication, *, actor: User, on: date) -> None:
    _require_status(application, ApplicationStatus.SUBMITTED, "withdraw",
                    _l("Only a submitted application can be withdrawn."))
    _decide(application, status=ApplicationStatus.WITHDRAWN, actor=actor, on=on, note=None, action="withdrawn")


def cancel_application(application: LoanApplication, *, actor: User, on: date, reason: str) -> None:
    """Cancel an approved application before disbursement. The approval (decided_by,
    decided_on, decision_note: who approved it and the justification) is kept; the
    cancellation goes to its own columns."""
    _require_status(application, ApplicationStatus.APPROVED, "cancel",
                    _l("Only an approved application can be cancelled."))
    reason = _text(reason)
    if not reason:
        raise ValidationFailed({"reason": _l("Give the reason for cancelling.")})
    if on < application.submitted_on:
        raise ValidationFailed({"on": _l("The decision cannot be dated before the submission.")})
    application.status = ApplicationStatus.CANCELLED.value
    application.cancelled_by_id, application.cancelled_on = actor.id, on
    application.cancellation_reason = reason
    audit.record(actor, "loan_application.cancelled", application, details={
        "on": on, "note": reason, "approved_by_id": application.decided_by_id,
        "approved_on": application.decided_on})
    db.session.flush()


# --- Disclosure ---------------------------------------------------------------------


def fee_for(amount: Decimal, *, fee_type: str, fee_value: Decimal) -> Decimal:
    """The fee in whole rupiah: flat ``fee_value`` rupiah, or ``fee_value`` percent of
    ``amount`` rounded HALF_EVEN to the rupiah; 0 without a fee."""
    if fee_type == FeeType.FLAT.value:
        return Decimal(fee_value).quantize(RUPIAH, rounding=ROUND_HALF_EVEN)
    if fee_type == FeeType.PERCENT.value:
        return (Decimal(amount) * fee_value / 100).quantize(RUPIAH, rounding=ROUND_HALF_EVEN)
    return Decimal(0)


@dataclass(frozen=True)
class Disclosure:
    amount: Decimal
    fee_amount: Decimal
    fee_timing: str
    #: What the trainee receives: amount − fee when the fee is deducted, else amount.
    net_disbursed: Decimal
    #: The schedule; instalment 1's ``total`` includes the fee when it is added to it
    #: (then ``total != principal + interest`` for that row).
    installments: list[sched.Installment]
    total_interest: Decimal
    #: Sum of the instalment totals (fee included when added to instalment 1).
    total_to_repay: Decimal
    #: Interest + fee.
    total_cost_of_credit: Decimal
    #: Percent per year, two places (IRR of the cash flows, compounded).
    effective_annual_rate: Decimal
    first_due_on: date
    last_due_on: date


def _schedule_with_fee(terms: dict, *, amount: Decimal, term: int, grace_periods: int,
                       start: date) -> tuple[list[sched.Installment], Decimal]:
    installments = _build(terms, amount=amount, term=term, grace_periods=grace_periods, start=start)
    fee = fee_for(amount, fee_type=terms["fee_type"], fee_value=terms["fee_value"])
    return installments, fee


def disclosure(application: LoanApplication, *, start: date) -> Disclosure:
    """The figures shown to the trainee before disbursement on ``start``."""
    terms = _terms_of(application)
    installments, fee = _schedule_with_fee(terms, amount=application.amount, term=application.term,
                                           grace_periods=application.grace_periods, start=start)
    added = terms["fee_timing"] == FeeTiming.FIRST_INSTALLMENT.value and fee > 0
    if added:
        first = installments[0]
        installments = [replace(first, total=first.total + fee), *installments[1:]]
    net = application.amount - (fee if not added else Decimal(0))
    return Disclosure(
        amount=application.amount,
        fee_amount=fee,
        fee_timing=terms["fee_timing"],
        net_disbursed=net,
        installments=installments,
        total_interest=sum((i.interest for i in installments), Decimal(0)),
        total_to_repay=sum((i.total for i in installments), Decimal(0)),
        total_cost_of_credit=sched.total_cost_of_credit(
            application.amount, installments, fees=Decimal(0) if added else fee),
        effective_annual_rate=sched.effective_annual_rate(net, installments, frequency=terms["frequency"]),
        first_due_on=installments[0].due_on,
        last_due_on=installments[-1].due_on,
    )


# --- Disbursement -------------------------------------------------------------------


def _refresh_locked(model, id_):
    """The row, re-read and locked ``FOR UPDATE`` until the transaction ends (PostgreSQL;
    SQLite ignores the clause and serialises writers with its database lock)."""
    return db.session.execute(
        select(model).where(model.id == id_).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def disburse(application: LoanApplication, *, actor: User, on: date, funding_source: FundingSource,
             method: str, reference: str | None = None, today: date | None = None) -> Loan:
    """Turn an approved application into an active loan disbursed on ``on`` from
    ``funding_source``: instalment rows from the application's terms, the fee fixed,
    the source's availability checked under a row lock, one audit event. With ``today``
    (the views pass it), a disbursement dated in the future is refused."""
    application = _refresh_locked(LoanApplication, application.id)
    _require_status(application, ApplicationStatus.APPROVED, "disburse",
                    _l("Only an approved application can be disbursed."))
    errors: dict[str, str] = {}
    if method not in {m.value for m in PaymentMethod}:
        errors["method"] = _l("Choose how the money is paid out.")
    reference = _text(reference) or None
    if reference is not None and len(reference) > 80:
        errors["reference"] = _l("Reference must be at most 80 characters.")
    if application.decided_on is not None and on < application.decided_on:
        errors["on"] = _l("Disbursement cannot be dated before the approval.")
    elif today is not None and on > today:
        errors["on"] = _l("Disbursement cannot be dated in the future.")
    if funding_source is None or not funding_source.is_active:
        errors["funding_source"] = _l("Choose an active funding source.")
    if errors:
        raise ValidationFailed(errors)
    source = _refresh_locked(FundingSource, funding_source.id)
    if not source.is_active:
        raise ValidationFailed({"funding_source": _l("Choose an active funding source.")})
    available = funding_available(source)
    if application.amount > available:
        raise InsufficientFunds(available=available, requested=application.amount)

    terms = _terms_of(application)
    installments, fee = _schedule_with_fee(terms, amount=application.amount, term=application.term,
                                           grace_periods=application.grace_periods, start=on)
    fee_in_first = terms["fee_timing"] == FeeTiming.FIRST_INSTALLMENT.value
    trainee = db.session.get(Trainee, application.trainee_id)
    loan = Loan(
        **terms,
        application_id=application.id,
        trainee_id=application.trainee_id,
        product_id=application.product_id,
        funding_source_id=source.id,
        officer_id=trainee.officer_id,
        principal=application.amount,
        periods=application.term,
        grace_periods=application.grace_periods,
        fee_amount=fee,
        disbursed_on=on,
        disbursement_method=method,
        disbursement_reference=reference,
        disbursed_by_id=actor.id,
        status=LoanStatus.ACTIVE.value,
    )
    loan.installments = [
        LoanInstallment(
            number=i.number, due_on=i.due_on, principal_due=i.principal, interest_due=i.interest,
            fee_due=fee if (fee_in_first and i.number == 1) else Decimal(0), penalty_due=Decimal(0),
            principal_paid=Decimal(0), interest_paid=Decimal(0), fee_paid=Decimal(0), penalty_paid=Decimal(0),
        )
        for i in installments
    ]
    store_summary(loan, loan.installments)
    db.session.add(loan)
    application.status = ApplicationStatus.DISBURSED.value
    db.session.flush()
    audit.record(actor, "loan.disbursed", loan, details={
        "application_id": application.id, "principal": loan.principal, "fee_amount": fee,
        "fee_timing": loan.fee_timing, "net_disbursed": loan.principal - (Decimal(0) if fee_in_first else fee),
        "funding_source_id": source.id, "available_before": available, "on": on, "method": method,
        "reference": reference, "periods": loan.periods,
        "total_interest": sum((i.interest for i in installments), Decimal(0))})
    db.session.flush()
    return loan


# --- Allocation against the database ------------------------------------------------


def _dues(rows) -> list[InstallmentDue]:
    return [InstallmentDue(number=r.number, due_on=r.due_on, principal=r.principal_due,
                           interest=r.interest_due, fee=r.fee_due) for r in rows]


def _penalty_rule(loan: Loan) -> PenaltyRule | None:
    if loan.penalty_amount is None or loan.penalty_after_days is None:
        return None
    return PenaltyRule(amount=loan.penalty_amount, after_days=loan.penalty_after_days)


def _payments(txns) -> list[Payment]:
    return [Payment(id=t.id, paid_on=t.paid_on, amount=t.amount)
            for t in sorted(txns, key=lambda t: (t.paid_on, t.id))]


def _penalty_as_of(loan: Loan, as_of: date) -> date:
    # no penalties accrue after a write-off
    if loan.status == LoanStatus.WRITTEN_OFF.value and loan.written_off_on is not None:
        return min(as_of, loan.written_off_on)
    return as_of


def _locked_state(loan_id: int) -> tuple[Loan, list[LoanInstallment], list[LoanTransaction]]:
    """Lock the loan row, then read its instalments and live repayments afresh."""
    loan = _refresh_locked(Loan, loan_id)
    rows = list(db.session.scalars(
        select(LoanInstallment).where(LoanInstallment.loan_id == loan.id).order_by(LoanInstallment.number)
        .execution_options(populate_existing=True)))
    txns = list(db.session.scalars(
        select(LoanTransaction).where(LoanTransaction.loan_id == loan.id, LoanTransaction.reversed_at.is_(None),
                                      LoanTransaction.kind == TransactionKind.REPAYMENT.value)
        .order_by(LoanTransaction.paid_on, LoanTransaction.id)
        .execution_options(populate_existing=True)))
    return loan, rows, txns


def store_summary(loan: Loan, rows) -> None:
    """Rewrite the loan's summary columns from its instalment ``rows`` (as stored):
    principal_outstanding, total_outstanding (penalties charged so far included) and
    oldest_unpaid_due_on (the earliest instalment whose principal + interest + fee is not
    fully paid; an unpaid penalty alone does not count, as in ``balances``). Called by
    every service that writes the rows, in the same transaction."""
    principal = total = Decimal(0)
    oldest = None
    for row in rows:
        principal += row.principal_due - row.principal_paid
        total += row.outstanding
        scheduled_due = row.principal_due + row.interest_due + row.fee_due
        scheduled_paid = row.principal_paid + row.interest_paid + row.fee_paid
        if scheduled_due > scheduled_paid and (oldest is None or row.due_on < oldest):
            oldest = row.due_on
    loan.principal_outstanding, loan.total_outstanding, loan.oldest_unpaid_due_on = principal, total, oldest


def _store(loan: Loan, rows, txns, result: Allocation, *, actor: User) -> None:
    """Write an allocation onto the rows, then close or reopen the loan."""
    by_number = {s.number: s for s in result.installments}
    for row in rows:
        state = by_number[row.number]
        row.penalty_due = state.penalty_due
        row.principal_paid, row.interest_paid = state.principal_paid, state.interest_paid
        row.fee_paid, row.penalty_paid = state.fee_paid, state.penalty_paid
        row.paid_on = state.paid_on
    for txn in txns:
        parts = result.payments[txn.id]
        txn.principal_part, txn.interest_part = parts.principal, parts.interest
        txn.fee_part, txn.penalty_part, txn.excess_part = parts.fee, parts.penalty, parts.excess
    store_summary(loan, rows)
    if loan.status == LoanStatus.ACTIVE.value and result.is_settled:
        loan.status = LoanStatus.CLOSED.value
        loan.closed_on = max((s.paid_on for s in result.installments if s.paid_on is not None), default=None)
        audit.record(actor, "loan.closed", loan, details={"closed_on": loan.closed_on})
    elif loan.status == LoanStatus.CLOSED.value and not result.is_settled:
        audit.record(actor, "loan.reopened", loan, details={"closed_on": loan.closed_on})
        loan.status = LoanStatus.ACTIVE.value
        loan.closed_on = None


def _transaction_by_key(key: str) -> LoanTransaction | None:
    return db.session.scalar(select(LoanTransaction).where(LoanTransaction.idempotency_key == key))


def _replay(existing: LoanTransaction, loan: Loan) -> tuple[LoanTransaction, bool]:
    if existing.loan_id != loan.id:
        raise ValidationFailed({"idempotency_key": _l("This key was already used for a payment on another loan.")})
    return existing, False


def _parts_details(txn: LoanTransaction) -> dict:
    return {"principal": txn.principal_part, "interest": txn.interest_part, "fee": txn.fee_part,
            "penalty": txn.penalty_part, "excess": txn.excess_part}


def post_repayment(loan: Loan, *, actor: User, on: date, amount: Decimal, method: str,
                   reference: str | None = None, idempotency_key: str, today: date,
                   allow_excess: bool = False) -> tuple[LoanTransaction, bool]:
    """Record a payment received on ``on`` and re-allocate all of the loan's live
    repayments (so a back-dated one takes its place). Returns (transaction, created):
    the same ``idempotency_key`` returns the first transaction and created=False.

    The loan row is locked (``SELECT ... FOR UPDATE``) so concurrent postings on one loan
    run one after the other. Paying beyond the whole balance is refused unless
    ``allow_excess`` (the excess is then kept in ``excess_part``). On a written-off loan
    the payment is a RECOVERY: all of it in ``excess_part``, the instalments untouched."""
    key = _text(idempotency_key)
    if not key or len(key) > 64:
        raise ValidationFailed({"idempotency_key": _l("A posting key of 1 to 64 characters is required.")})
    existing = _transaction_by_key(key)
    if existing is not None:
        return _replay(existing, loan)
    loan, rows, txns = _locked_state(loan.id)
    # A concurrent posting with this key may have committed while we waited for the lock.
    existing = _transaction_by_key(key)
    if existing is not None:
        return _replay(existing, loan)

    errors: dict[str, str] = {}
    if not _whole_rupiah(amount) or amount <= 0:
        errors["amount"] = _l("The amount must be a whole rupiah amount above zero.")
    if method not in {m.value for m in PaymentMethod}:
        errors["method"] = _l("Choose a payment method.")
    reference = _text(reference) or None
    if reference is not None and len(reference) > 80:
        errors["reference"] = _l("Reference must be at most 80 characters.")
    if on > today:
        errors["on"] = _l("The payment date cannot be in the future.")
    elif on < loan.disbursed_on:
        errors["on"] = _l("The payment date cannot be before the disbursement (%(date)s).",
                          date=loan.disbursed_on.isoformat())
    recovery = loan.status == LoanStatus.WRITTEN_OFF.value
    if recovery and "on" not in errors and on < loan.written_off_on:
        errors["on"] = _l("A payment on a written-off loan cannot be dated before the write-off (%(date)s).",
                          date=loan.written_off_on.isoformat())
    if errors:
        raise ValidationFailed(errors)
    amount = Decimal(amount)

    # penalties are charged up to today (or the latest payment, if dated later)
    as_of = max([today, *(t.paid_on for t in txns)])
    if not recovery:
        dues, penalty = _dues(rows), _penalty_rule(loan)
        before = allocate(dues, _payments(txns), as_of=as_of, penalty=penalty)
        # the new payment goes after every payment of its date (its id will be the largest)
        new = Payment(id=None, paid_on=on, amount=amount)
        ordered = sorted([*_payments(txns), new], key=lambda p: (p.paid_on, p.id is None))
        trial = allocate(dues, ordered, as_of=as_of, penalty=penalty)
        extra = trial.excess - before.excess
        if extra > 0 and not allow_excess:
            raise ValidationFailed({"amount": _l(
                "This is more than everything the loan still owes (%(balance)s). Record the overpayment "
                "only if you mean to.", balance=format_rupiah(amount - extra))})

    txn = LoanTransaction(
        loan_id=loan.id,
        kind=(TransactionKind.RECOVERY if recovery else TransactionKind.REPAYMENT).value,
        paid_on=on, amount=amount, method=method, reference=reference, idempotency_key=key,
        posted_by_id=actor.id,
        excess_part=amount if recovery else Decimal(0),
    )
    try:
        # a concurrent posting with the same key (on another loan, or on SQLite) loses
        # here: the unique key refuses it, we roll back to the savepoint and replay
        with db.session.begin_nested():
            db.session.add(txn)
            db.session.flush()
    except IntegrityError:
        existing = _transaction_by_key(key)
        if existing is None:
            raise
        return _replay(existing, loan)

    if recovery:
        audit.record(actor, "loan.recovery_posted", loan, details={
            "transaction_id": txn.id, "amount": amount, "on": on, "method": method, "reference": reference})
    else:
        txns.append(txn)
        result = allocate(_dues(rows), _payments(txns), as_of=as_of, penalty=_penalty_rule(loan))
        _store(loan, rows, txns, result, actor=actor)
        audit.record(actor, "loan.repayment_posted", loan, details={
            "transaction_id": txn.id, "amount": amount, "on": on, "method": method, "reference": reference,
            "parts": _parts_details(txn), "back_dated": any(t.paid_on > on for t in txns if t is not txn)})
    db.session.flush()
    db.session.expire(loan, ["transactions"])  # a collection loaded earlier lacks the new one
    return txn, True


def _local_date(moment: datetime) -> date:
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; pass an aware UTC datetime")
    return moment.astimezone(ZoneInfo(LOCAL_TZ_NAME)).date()


def reverse_transaction(txn: LoanTransaction, *, actor: User, reason: str, now: datetime) -> None:
    """Mark ``txn`` reversed (never deleted; the only change a transaction accepts besides
    its recomputed parts), re-allocate the loan's remaining repayments and reopen the loan
    if it is no longer fully paid."""
    reason = _text(reason)
    if not reason:
        raise ValidationFailed({"reason": _l("Give the reason for the reversal.")})
    loan, rows, txns = _locked_state(txn.loan_id)
    txn = db.session.execute(select(LoanTransaction).where(LoanTransaction.id == txn.id)
                             .execution_options(populate_existing=True)).scalar_one()
    if txn.reversed_at is not None:
        raise InvalidTransition(_l("This transaction is already reversed."), status="reversed", action="reverse")
    txn.reversed_at, txn.reversed_by_id, txn.reversal_reason = now, actor.id, reason
    details = {"transaction_id": txn.id, "kind": txn.kind, "amount": txn.amount, "paid_on": txn.paid_on,
               "reason": reason, "parts": _parts_details(txn)}
    if txn.kind == TransactionKind.REPAYMENT.value:
        live = [t for t in txns if t.id != txn.id]
        as_of = max([_local_date(now), *(t.paid_on for t in live)])
        result = allocate(_dues(rows), _payments(live), as_of=as_of, penalty=_penalty_rule(loan))
        _store(loan, rows, live, result, actor=actor)
    audit.record(actor, "loan.transaction_reversed", loan, details=details)
    db.session.flush()


def write_off(loan: Loan, *, actor: User, on: date, reason: str) -> None:
    """Write off an active loan (admin only: the views enforce the role). Later payments
    are recoveries."""
    loan = _refresh_locked(Loan, loan.id)
    if loan.status != LoanStatus.ACTIVE.value:
        raise InvalidTransition(_l("Only an active loan can be written off."), status=loan.status, action="write_off")
    reason = _text(reason)
    errors: dict[str, str] = {}
    if not reason:
        errors["reason"] = _l("Give the reason for the write-off.")
    if on < loan.disbursed_on:
        errors["on"] = _l("The write-off cannot be dated before the disbursement.")
    if errors:
        raise ValidationFailed(errors)
    owed = balances(loan, as_of=on)
    # The rows are not re-allocated (later payments are recoveries), but the summary is
    # rewritten from them so the loan leaves the portfolio with what it stored.
    store_summary(loan, loan.installments)
    loan.status = LoanStatus.WRITTEN_OFF.value
    loan.written_off_on, loan.write_off_reason, loan.written_off_by_id = on, reason, actor.id
    audit.record(actor, "loan.written_off", loan, details={
        "on": on, "reason": reason, "principal_outstanding": owed.principal_outstanding,
        "total_outstanding": owed.total_outstanding, "days_past_due": owed.days_past_due})
    db.session.flush()


# --- Balances -----------------------------------------------------------------------


@dataclass(frozen=True)
class Balances:
    principal_outstanding: Decimal
    interest_outstanding: Decimal
    fee_outstanding: Decimal
    penalty_outstanding: Decimal
    total_outstanding: Decimal
    days_past_due: int
    bucket: str
    #: Outstanding on instalments that fell due before ``as_of`` (penalties included).
    overdue_amount: Decimal
    #: The first instalment not fully paid that falls due on or after ``as_of``.
    next_due_on: date | None
    next_due_amount: Decimal
    #: number -> "paid" (nothing outstanding), "overdue" (due before as_of, not fully
    #: paid, even if partly), "partial" (not yet due, partly paid), "due" (the first
    #: unpaid instalment not yet overdue), "future" (the later ones).
    installment_states: dict[int, str]


def allocation_as_of(loan: Loan, *, as_of: date) -> Allocation:
    """The loan's allocation recomputed in memory as of ``as_of``: repayments dated up to
    ``as_of`` and penalties charged up to it, or up to the write-off date for a loan
    written off earlier (payments after a write-off are recoveries, never allocated).
    Uses the loan's loaded ``installments`` and ``transactions``."""
    cap = _penalty_as_of(loan, as_of)
    live = [t for t in loan.transactions if t.reversed_at is None
            and t.kind == TransactionKind.REPAYMENT.value and t.paid_on <= cap]
    return allocate(_dues(loan.installments), _payments(live), as_of=cap, penalty=_penalty_rule(loan))


def balances(loan: Loan, *, as_of: date) -> Balances:
    """What the loan owes as of ``as_of``, recomputed from its instalments and live
    repayments (penalties up to ``as_of`` included), with days past due and ageing bucket
    from loans.schedule."""
    result = allocation_as_of(loan, as_of=as_of)
    states = result.installments

    def outstanding(part: str) -> Decimal:
        return sum((getattr(s, f"{part}_due") - getattr(s, f"{part}_paid") for s in states), Decimal(0))

    scheduled = [sched.Installment(number=s.number, due_on=s.due_on, principal=s.principal_due,
                                   interest=s.interest_due, total=s.scheduled_due) for s in states]
    dpd = sched.days_past_due(scheduled, {s.number: s.scheduled_paid for s in states}, as_of)
    labels: dict[int, str] = {}
    next_due = None
    for s in states:
        if s.outstanding == 0:
            labels[s.number] = "paid"
        elif s.due_on < as_of:
            labels[s.number] = "overdue"
        elif s.total_paid > 0:
            labels[s.number] = "partial"
        elif next_due is None:
            labels[s.number] = "due"
        else:
            labels[s.number] = "future"
        if next_due is None and s.outstanding > 0 and s.due_on >= as_of:
            next_due = s
    principal, interest = outstanding("principal"), outstanding("interest")
    fee, penalty = outstanding("fee"), outstanding("penalty")
    return Balances(
        principal_outstanding=principal,
        interest_outstanding=interest,
        fee_outstanding=fee,
        penalty_outstanding=penalty,
        total_outstanding=principal + interest + fee + penalty,
        days_past_due=dpd,
        bucket=sched.ageing_bucket(dpd),
        overdue_amount=sum((s.outstanding for s in states if s.due_on < as_of), Decimal(0)),
        next_due_on=next_due.due_on if next_due else None,
        next_due_amount=next_due.outstanding if next_due else Decimal(0),
        installment_states=labels,
    )


# --- Visibility policy --------------------------------------------------------------


def _visible_trainee_ids(user: User):
    if user.role == Role.MENTOR.value:
        return select(Trainee.id).where(Trainee.mentor_id == user.id)
    if user.role == Role.TRAINEE.value:
        return select(Trainee.id).where(Trainee.user_id == user.id)
    return None


def visible_loans(user: User) -> Select:
    """Loans ``user`` may see: admin and officer all; a mentor those of their trainees; a
    trainee their own; anyone else none. (An IN-subquery, so callers may join Trainee.)"""
    query = select(Loan)
    if user.role in {Role.ADMIN.value, Role.OFFICER.value}:
        return query
    ids = _visible_trainee_ids(user)
    return query.where(False) if ids is None else query.where(Loan.trainee_id.in_(ids))


def visible_applications(user: User) -> Select:
    """Applications ``user`` may see, by the same policy as :func:`visible_loans`."""
    query = select(LoanApplication)
    if user.role in {Role.ADMIN.value, Role.OFFICER.value}:
        return query
    ids = _visible_trainee_ids(user)
    return query.where(False) if ids is None else query.where(LoanApplication.trainee_id.in_(ids))
