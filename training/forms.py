"""Training forms. Field names follow the service dataclasses (``ProgrammeData``,
``CohortData``) so a ``ValidationFailed``'s errors land on the right field; choices that
depend on the database (programmes, kelurahan, enrolled trainees) are set by the views."""
from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, HiddenField, IntegerField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional

from loans.forms import ServiceErrorsMixin
from mentoring.forms import MultiCheckboxField


def _text(value: str | None) -> str:
    return (value or "").strip()


def _coerce_int_or_none(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ProgrammeForm(ServiceErrorsMixin, FlaskForm):
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)])
    description = TextAreaField(_l("Description"), validators=[Optional(), Length(max=5000)], render_kw={"rows": 3})
    curriculum = TextAreaField(_l("Curriculum (one topic per line)"), validators=[Optional(), Length(max=5000)],
                               render_kw={"rows": 6})

    def to_data(self, data_cls):
        return data_cls(name=_text(self.name.data), description=_text(self.description.data),
                        curriculum=_text(self.curriculum.data))

    def fill_from(self, programme) -> None:
        self.name.data, self.description.data, self.curriculum.data = (
            programme.name, programme.description, programme.curriculum)


class CohortForm(ServiceErrorsMixin, FlaskForm):
    programme_id = SelectField(_l("Programme"), coerce=_coerce_int_or_none, validators=[InputRequired()])
    name = StringField(_l("Name (angkatan)"), validators=[DataRequired(), Length(max=160)])
    trainer = StringField(_l("Trainer"), validators=[DataRequired(), Length(max=120)])
    kelurahan_code = SelectField(_l("Kelurahan"), coerce=lambda v: v or None, validators=[DataRequired()])
    venue = StringField(_l("Venue"), validators=[DataRequired(), Length(max=200)])
    starts_on = DateField(_l("Starts on"), validators=[InputRequired()])
    ends_on = DateField(_l("Ends on"), validators=[InputRequired()])
    capacity = IntegerField(_l("Seats"), default=25, validators=[InputRequired(), NumberRange(1, 500)],
                            render_kw={"inputmode": "numeric", "min": 1, "max": 500})
    min_attendance_percent = IntegerField(_l("Attendance needed to complete (%)"), default=75,
                                          validators=[InputRequired(), NumberRange(0, 100)],
                                          render_kw={"inputmode": "numeric", "min": 0, "max": 100})

    FIELD_MAP = {"programme": "programme_id", "kelurahan": "kelurahan_code"}
    FIELDS = ("programme_id", "name", "trainer", "kelurahan_code", "venue", "starts_on", "ends_on", "capacity",
              "min_attendance_percent")

    def validate_programme_id(self, field):
        if field.data is None:
            raise ValueError(_l("Choose a programme."))

    def to_data(self, data_cls):
        values = {name: getattr(self, name).data for name in self.FIELDS}
        for name in ("name", "trainer", "venue"):
            values[name] = _text(values[name])
        return data_cls(**values)

    def fill_from(self, cohort) -> None:
        for name in self.FIELDS:
            getattr(self, name).data = getattr(cohort, name)


class EnrolForm(FlaskForm):
    """One "Enrol" button per search hit: posts the trainee's id."""

    trainee_id = HiddenField(validators=[DataRequired()])

    def trainee_id_value(self) -> int | None:
        return _coerce_int_or_none(self.trainee_id.data)


class PlanForm(FlaskForm):
    """Business plan handed in (``submitted=1``) or not (``0``)."""

    submitted = SelectField(choices=[("1", "1"), ("0", "0")], validators=[DataRequired()])


class CancelForm(ServiceErrorsMixin, FlaskForm):
    reason = TextAreaField(_l("Reason for cancelling"), validators=[DataRequired(), Length(max=500)],
                           render_kw={"rows": 2})


class ButtonForm(FlaskForm):
    """A button with a CSRF token (withdraw, start, complete)."""


class AttendanceForm(ServiceErrorsMixin, FlaskForm):
    """Who was present: one big toggle per enrolled trainee, all absent unless ticked."""

    present = MultiCheckboxField(_l("Present"), coerce=int, validators=[Optional()])

    FIELD_MAP = {"present_enrolment_ids": "present"}

    def present_ids(self) -> set[int]:
        return set(self.present.data or [])


class SessionForm(AttendanceForm):
    held_on = DateField(_l("Date"), validators=[InputRequired()])
    topic = StringField(_l("Topic"), validators=[DataRequired(), Length(max=200)])
    duration_minutes = IntegerField(_l("Duration (minutes)"), default=120,
                                    validators=[InputRequired(), NumberRange(1, 720)],
                                    render_kw={"inputmode": "numeric", "min": 1, "max": 720, "step": 15})
