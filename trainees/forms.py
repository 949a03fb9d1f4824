from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from .models import Gender, PovertyStatus, Sector
from .services import BusinessData, TraineeData


def _coerce_int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


class TraineeForm(FlaskForm):
    """Trainee and business in one form. Choices for region and users are set by the view."""

    nik = StringField(_l("NIK"), validators=[DataRequired(), Length(max=32)], render_kw={"inputmode": "numeric", "autocomplete": "off"})
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    gender = SelectField(_l("Gender"), choices=lambda: [(g.value, g.label) for g in Gender], validators=[DataRequired()])
    born_on = DateField(_l("Birth date"), validators=[InputRequired()])
    phone = StringField(_l("Phone"), validators=[Optional(), Length(max=32)], render_kw={"inputmode": "tel", "placeholder": "0812-3456-7890"})
    address = StringField(_l("Address"), validators=[DataRequired(), Length(max=255)])
    rt = StringField(_l("RT"), validators=[DataRequired(), Length(max=3)], render_kw={"inputmode": "numeric"})
    rw = StringField(_l("RW"), validators=[DataRequired(), Length(max=3)], render_kw={"inputmode": "numeric"})
    kelurahan_code = SelectField(_l("Kelurahan (kecamatan)"), validators=[DataRequired()])
    household_size = IntegerField(_l("Household size"), validators=[InputRequired(), NumberRange(1, 30)])
    poverty_status = SelectField(
        _l("Household poverty status"), choices=lambda: [(p.value, p.label) for p in PovertyStatus], validators=[DataRequired()]
    )
    welfare_decile = IntegerField(_l("DTSEN welfare decile (1 = poorest)"), validators=[InputRequired(), NumberRange(1, 10)])
    joined_on = DateField(_l("Joined on"), validators=[InputRequired()])
    consent_on = DateField(_l("Consent to data processing given on"), validators=[InputRequired()])
    mentor_id = SelectField(_l("Mentor"), coerce=_coerce_int_or_none, validators=[Optional()])
    officer_id = SelectField(_l("Loan officer"), coerce=_coerce_int_or_none, validators=[Optional()])
    user_id = SelectField(_l("Linked user account"), coerce=_coerce_int_or_none, validators=[Optional()])

    has_business = BooleanField(_l("Has a business"), default=True)
    business_name = StringField(_l("Business name"), validators=[Optional(), Length(max=120)])
    business_sector = SelectField(
        _l("Sector"), choices=lambda: [(s.value, s.label) for s in Sector], validators=[Optional()]
    )
    business_started_on = DateField(_l("Business started on"), validators=[Optional()])
    business_nib = StringField(_l("NIB (business registration number)"), validators=[Optional(), Length(max=13)], render_kw={"inputmode": "numeric"})
    business_at_home = BooleanField(_l("Business runs at the home address"), default=True)
    business_address = StringField(_l("Business address"), validators=[Optional(), Length(max=255)])
    business_description = TextAreaField(_l("Business description"), validators=[Optional(), Length(max=2000)])

    #: service field name -> form field
    FIELD_MAP = {"business." + k: "business_" + k for k in ("name", "sector", "started_on", "nib", "address")}

    def to_data(self) -> TraineeData:
        business = None
        if self.has_business.data:
            business = BusinessData(
                name=self.business_name.data or "",
                sector=self.business_sector.data or "",
                started_on=self.business_started_on.data,
                nib=self.business_nib.data,
                at_home=bool(self.business_at_home.data),
                address=self.business_address.data,
                description=self.business_description.data,
            )
        return TraineeData(
            nik=self.nik.data,
            full_name=self.full_name.data,
            gender=self.gender.data,
            born_on=self.born_on.data,
            phone=self.phone.data,
            address=self.address.data,
            rt=self.rt.data,
            rw=self.rw.data,
            kelurahan_code=self.kelurahan_code.data,
            household_size=self.household_size.data,
            poverty_status=self.poverty_status.data,
            welfare_decile=self.welfare_decile.data,
            joined_on=self.joined_on.data,
            consent_on=self.consent_on.data,
            mentor_id=self.mentor_id.data,
            officer_id=self.officer_id.data,
            user_id=self.user_id.data,
            business=business,
        )

    def fill_from(self, trainee) -> None:
        for name in ("nik", "full_name", "gender", "born_on", "phone", "address", "rt", "rw", "kelurahan_code",
                     "household_size", "poverty_status", "welfare_decile", "joined_on", "consent_on",
                     "mentor_id", "officer_id", "user_id"):
            getattr(self, name).data = getattr(trainee, name)
        business = trainee.business
        self.has_business.data = business is not None
        if business is not None:
            self.business_name.data = business.name
            self.business_sector.data = business.sector
            self.business_started_on.data = business.started_on
            self.business_nib.data = business.nib
            self.business_at_home.data = business.at_home
            self.business_address.data = business.address
            self.business_description.data = business.description

    def add_service_errors(self, errors: dict[str, str]) -> None:
        for key, message in errors.items():
            field = getattr(self, self.FIELD_MAP.get(key, key), None)
            if field is None:
                self.form_errors.append(message)
            else:
                field.errors = list(field.errors) + [message]
