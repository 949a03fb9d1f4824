"""Portal forms: plain words for a trainee on a phone. Field names follow the service
data classes (``CheckinData``, ``ApplicationData``, ``ComplaintData``) so a service's
``ValidationFailed`` errors land on the right field. Choices that depend on the date or
the database (months, products) are set by the views."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import BooleanField, IntegerField, PasswordField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, EqualTo, InputRequired, Length, NumberRange, Optional

from complaints.models import ComplaintCategory, ComplaintKind
from loans.forms import MoneyField, ServiceErrorsMixin
from mentoring.forms import CheckinForm


def _choices(enum_cls, *, exclude=()):
    return lambda: [(m.value, m.label) for m in enum_cls if m not in exclude]


class ButtonForm(FlaskForm):
    """A button with a CSRF token (mark done, close a complaint)."""


# --- Business figures -------------------------------------------------------------------


def month_value(month: date) -> str:
    """``date(2026, 10, 1)`` -> ``"2026-10"`` (the value of a month choice)."""
    return month.isoformat()[:7]


class OwnCheckinForm(CheckinForm):
    """The staff check-in form, with the month chosen from last month and this month."""

    month = RadioField(_l("Which month?"), validators=[InputRequired(_l("Choose the month."))])
    revenue = MoneyField(_l("Money from sales in the month (Rp)"), validators=[InputRequired()])
    costs = MoneyField(_l("Money spent on the business in the month (Rp)"), validators=[InputRequired()])
    other_income = MoneyField(_l("Other household income in the month (Rp)"), default=Decimal(0),
                              validators=[InputRequired()])
    savings = MoneyField(_l("Savings at the end of the month (Rp)"), default=Decimal(0), validators=[InputRequired()])

    def month_date(self) -> date | None:
        try:
            year, month = (int(part) for part in (self.month.data or "").split("-"))
            return date(year, month, 1)
        except ValueError:
            return None

    def to_data(self, data_cls):
        data = super().to_data(data_cls)
        data.month = self.month_date()
        return data

    def fill_from(self, checkin) -> None:
        super().fill_from(checkin)
        self.month.data = month_value(checkin.month)


# --- Loan application ----------------------------------------------------------------


class ApplyForm(ServiceErrorsMixin, FlaskForm):
    """The buttons post ``action``: "check" shows the repayment check, "submit" files the
    application, "change" goes back to the form."""

    product_id = RadioField(_l("Which loan?"), coerce=int, validators=[InputRequired(_l("Choose a loan."))])
    amount = MoneyField(_l("How much do you want to borrow? (Rp)"), validators=[InputRequired()])
    term = IntegerField(_l("Pay back in how many instalments?"), validators=[InputRequired(), NumberRange(1, 520)],
                        render_kw={"inputmode": "numeric"})
    purpose = StringField(_l("What is the money for?"), validators=[DataRequired(), Length(max=255)])
    business_plan = TextAreaField(_l("How will it help your business?"),
                                  validators=[DataRequired(), Length(max=5000)], render_kw={"rows": 3})
    monthly_revenue = MoneyField(_l("Money from sales per month (Rp)"), validators=[InputRequired()])
    monthly_costs = MoneyField(_l("Money spent on the business per month (Rp)"), validators=[InputRequired()])
    household_expenses = MoneyField(_l("Household spending per month (Rp)"), validators=[InputRequired()])
    other_installments = MoneyField(_l("Other loan instalments you pay per month (Rp)"), default=Decimal(0),
                                    validators=[InputRequired()])

    def to_data(self, data_cls, *, trainee_id: int):
        return data_cls(
            trainee_id=trainee_id,
            product_id=self.product_id.data,
            amount=self.amount.data,
            term=self.term.data,
            grace_periods=0,
            purpose=(self.purpose.data or "").strip(),
            business_plan=(self.business_plan.data or "").strip(),
            monthly_revenue=self.monthly_revenue.data,
            monthly_costs=self.monthly_costs.data,
            household_expenses=self.household_expenses.data,
            other_installments=self.other_installments.data,
        )


# --- Account -------------------------------------------------------------------------


class PasswordForm(ServiceErrorsMixin, FlaskForm):
    current = PasswordField(_l("Your current password"), validators=[DataRequired(), Length(max=256)],
                            render_kw={"autocomplete": "current-password"})
    new = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)],
                        render_kw={"autocomplete": "new-password"})
    again = PasswordField(_l("New password again"),
                          validators=[DataRequired(), EqualTo("new", message=_l("The two new passwords differ."))],
                          render_kw={"autocomplete": "new-password"})


# --- Complaints ----------------------------------------------------------------------


class ComplaintForm(ServiceErrorsMixin, FlaskForm):
    kind = RadioField(_l("What is it?"), choices=_choices(ComplaintKind), default=ComplaintKind.COMPLAINT.value,
                      validators=[InputRequired()])
    category = SelectField(_l("About"), choices=_choices(ComplaintCategory), validators=[DataRequired()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(max=200)])
    description = TextAreaField(_l("Tell us what happened"), validators=[DataRequired(), Length(max=5000)],
                                render_kw={"rows": 5})
    accused_description = StringField(_l("Who is it about? (for a report of staff misconduct)"),
                                      validators=[Optional(), Length(max=200)])
    confidential = BooleanField(_l("Keep my name hidden from the staff handling it"))
    attachment = FileField(_l("Photo or document (optional)"),
                           render_kw={"accept": "image/jpeg,image/png,image/webp,application/pdf"})

    def to_data(self, data_cls):
        return data_cls(
            kind=self.kind.data,
            category=self.category.data,
            subject=(self.subject.data or "").strip(),
            description=(self.description.data or "").strip(),
            confidential=bool(self.confidential.data),
            accused_description=(self.accused_description.data or "").strip() or None,
        )


class MessageForm(ServiceErrorsMixin, FlaskForm):
    body = TextAreaField(_l("Your message"), validators=[DataRequired(), Length(max=5000)], render_kw={"rows": 3})


class ReopenForm(ServiceErrorsMixin, FlaskForm):
    reason = TextAreaField(_l("Why is the answer not enough?"), validators=[DataRequired(), Length(max=5000)],
                           render_kw={"rows": 3})
