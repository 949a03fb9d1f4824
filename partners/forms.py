"""CSR partner forms: partners, agreements with their earmark, fundings, stories. Money is
typed the Indonesian way ("1.500.000", ``loans.forms.MoneyField``); choices that depend on
the database (kecamatan, eligible loans) are set by the views."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, HiddenField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from accounts.forms import email_field
from loans.forms import MoneyField, ServiceErrorsMixin
from trainees.identity import normalise_phone
from trainees.models import PovertyStatus, Sector

from .models import PartnerSector


def _text(value: str | None) -> str:
    return (value or "").strip()


def _none_if_empty(value):
    return value or None


def _coerce_int_or_none(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


def _any_choice():
    return [("", _l("Any"))]


class PartnerForm(ServiceErrorsMixin, FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=160)])
    sector = SelectField(_l("Line of business"), choices=lambda: [(s.value, s.label) for s in PartnerSector],
                         validators=[DataRequired()])
    contact_name = StringField(_l("Contact person"), validators=[DataRequired(), Length(max=120)])
    contact_email = email_field(_l("Contact e-mail (optional)"))
    contact_phone = StringField(_l("Contact phone (optional)"), validators=[Optional(), Length(max=32)],
                                render_kw={"inputmode": "tel", "placeholder": "022-1234-5678"})
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3})
    #: Shown on the edit page only.
    is_active = BooleanField(_l("Active partner"), default=True)

    FIELDS = ("name", "sector", "contact_name", "contact_email", "contact_phone", "notes")

    def validate_contact_phone(self, field):
        if not _text(field.data):
            field.data = None
            return
        try:
            field.data = normalise_phone(field.data)
        except ValueError:
            raise ValidationError(_l("Enter an Indonesian phone number such as 022-1234-5678 or 0812-3456-7890.")) from None

    def values(self) -> dict:
        return dict(name=_text(self.name.data), sector=self.sector.data, contact_name=_text(self.contact_name.data),
                    contact_email=self.contact_email.data or None, contact_phone=self.contact_phone.data or None,
                    notes=_text(self.notes.data))

    def fill_from(self, partner) -> None:
        for name in self.FIELDS:
            getattr(self, name).data = getattr(partner, name)
        self.is_active.data = partner.is_active


class AgreementForm(ServiceErrorsMixin, FlaskForm):
    reference = StringField(_l("Agreement number"), validators=[DataRequired(), Length(max=60)],
                            render_kw={"placeholder": "PKS/017/CSR/2026"})
    amount_committed = MoneyField(_l("Amount committed (Rp)"), validators=[InputRequired()], minimum=None)
    signed_on = DateField(_l("Signed on"), validators=[InputRequired()])
    earmark_kecamatan_code = SelectField(_l("Only trainees living in kecamatan"), coerce=_none_if_empty,
                                         validators=[Optional()])
    earmark_sector = SelectField(_l("Only businesses in the sector"), coerce=_none_if_empty,
                                 choices=lambda: _any_choice() + [(s.value, s.label) for s in Sector],
                                 validators=[Optional()])
    earmark_poverty_status = SelectField(_l("Only trainees of poverty status"), coerce=_none_if_empty,
                                         choices=lambda: _any_choice() + [(p.value, p.label) for p in PovertyStatus],
                                         validators=[Optional()])
    notes = TextAreaField(_l("Notes"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3})

    FIELDS = ("reference", "amount_committed", "signed_on", "earmark_kecamatan_code", "earmark_sector",
              "earmark_poverty_status", "notes")

    def validate_amount_committed(self, field):
        if field.data is not None and field.data <= 0:
            raise ValidationError(_l("The amount committed must be more than Rp 0."))

    def values(self) -> dict:
        values = {name: getattr(self, name).data for name in self.FIELDS}
        values["reference"], values["notes"] = _text(values["reference"]), _text(values["notes"])
        return values


class FundingForm(ServiceErrorsMixin, FlaskForm):
    """Finance one eligible loan (one small form per loan on the agreement page)."""

    loan_id = HiddenField(validators=[DataRequired()])
    amount = MoneyField(_l("Amount financed (Rp)"), validators=[InputRequired()], places=2, minimum=None)
    funded_on = DateField(_l("Financed on"), validators=[InputRequired()])

    def validate_amount(self, field):
        if field.data is not None and field.data <= 0:
            raise ValidationError(_l("The amount must be more than Rp 0."))

    FIELD_MAP = {"on": "funded_on", "loan": "loan_id"}

    def loan_id_value(self) -> int | None:
        return _coerce_int_or_none(self.loan_id.data)


class RemoveFundingForm(ServiceErrorsMixin, FlaskForm):
    reason = StringField(_l("Reason for removing"), validators=[DataRequired(), Length(max=500)])


class StoryForm(ServiceErrorsMixin, FlaskForm):
    title = StringField(_l("Title"), validators=[DataRequired(), Length(max=120)])
    body = TextAreaField(_l("Story"), validators=[DataRequired(), Length(max=5000)], render_kw={"rows": 8})


class PublishForm(ServiceErrorsMixin, FlaskForm):
    consent_on = DateField(_l("Consent given on"), validators=[InputRequired()])
    consented = BooleanField(_l("The trainee consented to this story being shown to the partners who financed them"),
                             validators=[DataRequired(message=_l("Publish only with the trainee's consent: tick the box."))])

    FIELD_MAP = {"on": "consent_on"}


class WithdrawForm(FlaskForm):
    """The trainee withdrew consent (a button with a CSRF token)."""
