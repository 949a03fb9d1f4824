"""Loan forms. Money is typed the Indonesian way ("1.500.000") and parsed to Decimal
without ever passing through float; choices that depend on the database are set by the
views."""
from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, Field, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import TextInput

from .models import Amortization, FeeTiming, FeeType, Frequency, FundingKind, Method, PaymentMethod

#: "1.500.000" (dots group thousands) or "1500000", optionally ",50" sen.
_GROUPED = re.compile(r"^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?$")
#: Rates and percentages: "12,5", "12.5" (one dot followed by anything but exactly three
#: digits is a decimal point) or grouped thousands "1.500".
_DECIMAL_DOT = re.compile(r"^\d+\.\d+$")


def parse_money(text: str, *, places: int = 0) -> Decimal:
    """``"Rp 1.500.000"`` -> ``Decimal("1500000")``. Dots group thousands, a comma starts
    the sen; at most ``places`` decimal places (0: whole rupiah). ValueError otherwise.
    Never goes through float."""
    cleaned = re.sub(r"\s+", "", text or "")
    cleaned = re.sub(r"^(?i:rp)\.?", "", cleaned)
    match = _GROUPED.match(cleaned)
    if not match:
        raise ValueError(text)
    whole, frac = match.group(1).replace(".", ""), match.group(2) or ""
    if len(frac.rstrip("0")) > places:
        raise ValueError(text)
    return Decimal(whole + ("." + frac if frac else ""))


def parse_decimal(text: str, *, places: int = 4) -> Decimal:
    """A rate or percentage: ``"12,5"`` or ``"12.5"`` -> ``Decimal("12.5")``; grouped
    thousands (``"1.500"``) as for money. At most ``places`` decimal places."""
    cleaned = re.sub(r"\s+", "", text or "").rstrip("%")
    if _DECIMAL_DOT.match(cleaned) and not re.match(r"^\d{1,3}(\.\d{3})+$", cleaned):
        cleaned = cleaned.replace(".", ",")
    return parse_money(cleaned, places=places)


def format_plain(value: Decimal | None) -> str:
    """Decimal -> the text a user would type back: ``1500000.00`` -> ``"1.500.000"``,
    ``12.5000`` -> ``"12,5"``."""
    if value is None:
        return ""
    normal = value.normalize() if value == value.to_integral_value() else value
    whole, _, frac = f"{normal:f}".partition(".")
    frac = frac.rstrip("0")
    grouped = f"{int(whole):,}".replace(",", ".")
    return grouped + ("," + frac if frac else "")


class MoneyField(Field):
    """A rupiah amount typed as "1.500.000" or "1500000" (optionally "Rp"), as Decimal.
    Empty input gives None (combine with InputRequired/Optional)."""

    widget = TextInput()

    def __init__(self, label=None, validators=None, *, places: int = 0, minimum: Decimal | None = Decimal(0), **kwargs):
        render_kw = {"inputmode": "numeric" if places == 0 else "decimal", "autocomplete": "off"}
        render_kw.update(kwargs.pop("render_kw", None) or {})
        super().__init__(label, validators, render_kw=render_kw, **kwargs)
        self.places = places
        self.minimum = minimum
        self._raw = None

    def _value(self):
        if self._raw is not None:
            return self._raw
        return format_plain(self.data)

    def process_formdata(self, valuelist):
        self._raw = valuelist[0] if valuelist else None
        if not self._raw or not self._raw.strip():
            self.data = None
            return
        try:
            self.data = self._parse(self._raw)
        except (ValueError, InvalidOperation):
            self.data = None
            raise ValueError(self._message()) from None
        if self.minimum is not None and self.data < self.minimum:
            self.data = None
            raise ValueError(self._message())

    def _parse(self, text):
        return parse_money(text, places=self.places)

    def _message(self):
        if self.places:
            return _l("Enter an amount in rupiah, such as 1.500.000 or 1.500.000,50.")
        return _l("Enter a whole rupiah amount, such as 1.500.000 or 1500000.")


class PercentField(MoneyField):
    """A percentage or rate typed as "12,5" or "12.5" (four decimal places at most)."""

    def __init__(self, label=None, validators=None, *, places: int = 4, **kwargs):
        kwargs.setdefault("render_kw", {"inputmode": "decimal"})
        super().__init__(label, validators, places=places, **kwargs)

    def _parse(self, text):
        return parse_decimal(text, places=self.places)

    def _message(self):
        return _l("Enter a number such as 12 or 12,5.")


def _coerce_int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def _choices(enum_cls):
    return lambda: [(m.value, m.label) for m in enum_cls]


class ServiceErrorsMixin:
    """Attach a service's ValidationFailed errors to the matching fields."""

    FIELD_MAP: dict[str, str] = {}

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            field = getattr(self, self.FIELD_MAP.get(key, key), None)
            if not isinstance(field, Field):
                self.form_errors.append(message)
            else:
                field.errors = list(field.errors) + [message]


# --- Products and funding sources (admin) ----------------------------------------------


class ProductForm(ServiceErrorsMixin, FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=2000)])
    min_amount = MoneyField(_l("Smallest amount (Rp)"), validators=[InputRequired()])
    max_amount = MoneyField(_l("Largest amount (Rp)"), validators=[InputRequired()])
    frequency = SelectField(_l("Repayment frequency"), choices=_choices(Frequency), validators=[DataRequired()])
    min_term = IntegerField(_l("Shortest term (instalments)"), validators=[InputRequired(), NumberRange(1, 520)])
    max_term = IntegerField(_l("Longest term (instalments)"), validators=[InputRequired(), NumberRange(1, 520)])
    method = SelectField(_l("Interest method"), choices=_choices(Method), validators=[DataRequired()])
    amortization = SelectField(_l("Amortization"), choices=_choices(Amortization), validators=[DataRequired()])
    annual_rate = PercentField(_l("Interest rate (% per year, nominal)"), validators=[InputRequired()])
    max_grace_periods = IntegerField(_l("Most grace instalments (interest only)"), default=0,
                                     validators=[InputRequired(), NumberRange(0, 520)])
    rounding_multiple = MoneyField(_l("Round instalments to a multiple of (Rp)"), default=Decimal(1),
                                   validators=[InputRequired()])
    fee_type = SelectField(_l("Administration fee"), choices=_choices(FeeType), default=FeeType.NONE.value)
    fee_value = PercentField(_l("Fee (rupiah, or percent of the principal)"), default=Decimal(0), validators=[Optional()])
    fee_timing = SelectField(_l("Fee is paid"), choices=_choices(FeeTiming), default=FeeTiming.DEDUCTED.value)
    penalty_amount = MoneyField(_l("Late penalty per overdue instalment (Rp)"), validators=[Optional()])
    penalty_after_days = IntegerField(_l("Penalty after this many days late"), validators=[Optional(), NumberRange(0, 365)])
    requires_training = BooleanField(_l("Applicants must have completed training"))
    is_active = BooleanField(_l("Active (offered to new applicants)"), default=True)

    def to_data(self, data_cls):
        return data_cls(
            name=self.name.data.strip(),
            description=(self.description.data or "").strip() or None,
            min_amount=self.min_amount.data,
            max_amount=self.max_amount.data,
            min_term=self.min_term.data,
            max_term=self.max_term.data,
            frequency=self.frequency.data,
            method=self.method.data,
            amortization=self.amortization.data,
            annual_rate=self.annual_rate.data,
            max_grace_periods=self.max_grace_periods.data,
            rounding_multiple=self.rounding_multiple.data,
            fee_type=self.fee_type.data,
            fee_value=self.fee_value.data if self.fee_value.data is not None else Decimal(0),
            fee_timing=self.fee_timing.data,
            penalty_amount=self.penalty_amount.data,
            penalty_after_days=self.penalty_after_days.data,
            requires_training=bool(self.requires_training.data),
            is_active=bool(self.is_active.data),
        )

    def fill_from(self, product) -> None:
        for name in ("name", "description", "min_amount", "max_amount", "min_term", "max_term", "frequency",
                     "method", "amortization", "annual_rate", "max_grace_periods", "rounding_multiple", "fee_type",
                     "fee_value", "fee_timing", "penalty_amount", "penalty_after_days", "requires_training",
                     "is_active"):
            getattr(self, name).data = getattr(product, name)


class FundingSourceForm(ServiceErrorsMixin, FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    kind = SelectField(_l("Kind"), choices=_choices(FundingKind), validators=[DataRequired()])
    partner_name = StringField(_l("Partner organisation"), validators=[Optional(), Length(max=160)])
    committed = MoneyField(_l("Committed amount (Rp)"), validators=[InputRequired()])
    is_active = BooleanField(_l("Active (can fund new loans)"), default=True)

    def values(self) -> dict:
        return dict(name=self.name.data.strip(), kind=self.kind.data,
                    partner_name=(self.partner_name.data or "").strip() or None, committed=self.committed.data)

    def fill_from(self, source) -> None:
        for name in ("name", "kind", "partner_name", "committed", "is_active"):
            getattr(self, name).data = getattr(source, name)


# --- Applications -------------------------------------------------------------------------


class ApplicationForm(ServiceErrorsMixin, FlaskForm):
    trainee_id = SelectField(_l("Trainee"), coerce=_coerce_int_or_none, validators=[InputRequired()])
    product_id = SelectField(_l("Loan product"), coerce=_coerce_int_or_none, validators=[InputRequired()])
    amount = MoneyField(_l("Amount (Rp)"), validators=[InputRequired()])
    term = IntegerField(_l("Term (number of instalments)"), validators=[InputRequired(), NumberRange(1, 520)],
                        render_kw={"inputmode": "numeric"})
    grace_periods = IntegerField(_l("Grace instalments (interest only)"), default=0,
                                 validators=[InputRequired(), NumberRange(0, 520)], render_kw={"inputmode": "numeric"})
    purpose = StringField(_l("Purpose of the loan"), validators=[DataRequired(), Length(max=255)])
    business_plan = TextAreaField(_l("Business plan summary"), validators=[DataRequired(), Length(max=5000)])
    monthly_revenue = MoneyField(_l("Monthly business revenue (Rp)"), validators=[InputRequired()])
    monthly_costs = MoneyField(_l("Monthly business costs (Rp)"), validators=[InputRequired()])
    household_expenses = MoneyField(_l("Monthly household expenses (Rp)"), validators=[InputRequired()])
    other_installments = MoneyField(_l("Instalments already owed elsewhere, per month (Rp)"), default=Decimal(0),
                                    validators=[InputRequired()])

    def to_data(self, data_cls):
        return data_cls(
            trainee_id=self.trainee_id.data,
            product_id=self.product_id.data,
            amount=self.amount.data,
            term=self.term.data,
            grace_periods=self.grace_periods.data or 0,
            purpose=self.purpose.data.strip(),
            business_plan=self.business_plan.data.strip(),
            monthly_revenue=self.monthly_revenue.data,
            monthly_costs=self.monthly_costs.data,
            household_expenses=self.household_expenses.data,
            other_installments=self.other_installments.data,
        )


class RecommendForm(ServiceErrorsMixin, FlaskForm):
    text = TextAreaField(_l("Mentor recommendation"), validators=[DataRequired(), Length(max=5000)])


class ApproveForm(ServiceErrorsMixin, FlaskForm):
    justification = TextAreaField(_l("Justification for approving despite the capacity flag"),
                                  validators=[Optional(), Length(max=5000)])


class ReasonForm(ServiceErrorsMixin, FlaskForm):
    """Reject, cancel, reverse, write off: a reason is required."""

    reason = TextAreaField(_l("Reason"), validators=[DataRequired(), Length(max=2000)])


class ConfirmForm(FlaskForm):
    """A button with a CSRF token (withdraw)."""


class DisburseForm(ServiceErrorsMixin, FlaskForm):
    disbursed_on = DateField(_l("Disbursement date"), validators=[InputRequired()])
    funding_source_id = SelectField(_l("Funding source"), coerce=_coerce_int_or_none, validators=[InputRequired()])
    method = SelectField(_l("Method"), choices=_choices(PaymentMethod), validators=[DataRequired()])
    reference = StringField(_l("Reference (transfer number, receipt)"), validators=[Optional(), Length(max=80)])

    FIELD_MAP = {"funding_source": "funding_source_id", "on": "disbursed_on"}


# --- Loans -----------------------------------------------------------------------------------


class RepaymentForm(ServiceErrorsMixin, FlaskForm):
    paid_on = DateField(_l("Payment date"), validators=[InputRequired()])
    amount = MoneyField(_l("Amount received (Rp)"), validators=[InputRequired()])
    method = SelectField(_l("Method"), choices=_choices(PaymentMethod), validators=[DataRequired()])
    reference = StringField(_l("Reference"), validators=[Optional(), Length(max=80)])
    allow_excess = BooleanField(_l("Record an amount above the whole balance as overpaid"))
    #: One per rendering of the form: resubmitting the same form never posts twice.
    idempotency_key = HiddenField(validators=[DataRequired(), Length(min=16, max=64)])

    FIELD_MAP = {"on": "paid_on", "today": "paid_on"}
