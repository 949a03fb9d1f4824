"""Report forms: the two buttons on the trainee page (CSRF token only) and the programme
report's filters (a GET form without a token: it changes nothing)."""
from __future__ import annotations

from datetime import date

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import DateField, SelectField
from wtforms.validators import InputRequired, ValidationError

#: The longest period the programme report accepts (a month-by-month trend is computed).
MAX_PERIOD_YEARS = 10


class PeriodDateField(DateField):
    """A date typed as YYYY-MM-DD (what a date input sends), with a message that says so."""

    def process_formdata(self, valuelist):
        try:
            super().process_formdata(valuelist)
        except ValueError:
            self.data = None
            raise ValueError(_l("Enter a date as YYYY-MM-DD, e.g. 2026-01-31.")) from None


class AssessForm(FlaskForm):
    """"Assess now": a button with a CSRF token."""


class GraduateForm(FlaskForm):
    """"Graduate": a button with a CSRF token."""


class ProgrammeFilterForm(FlaskForm):
    """Period (both days included) and an optional kecamatan. Read from the query string;
    the view sets the kecamatan choices and the defaults."""

    class Meta:
        csrf = False

    start = PeriodDateField(_l("From"), validators=[InputRequired(_l("Enter the first day of the period."))])
    end = PeriodDateField(_l("To"), validators=[InputRequired(_l("Enter the last day of the period."))])
    kecamatan = SelectField(_l("Kecamatan"), coerce=lambda v: v or None, validate_choice=False)

    def validate_end(self, field):
        start, end = self.start.data, field.data
        if not isinstance(start, date) or not isinstance(end, date):
            return
        if end < start:
            raise ValidationError(_l("The period must not end before it starts."))
        if end.year - start.year > MAX_PERIOD_YEARS or (
                end.year - start.year == MAX_PERIOD_YEARS and (end.month, end.day) >= (start.month, start.day)):
            raise ValidationError(_l("The period can be at most %(years)d years long.", years=MAX_PERIOD_YEARS))

    def validate_kecamatan(self, field):
        offered = {value for value, _label in self.kecamatan.choices or []}
        if field.data is not None and field.data not in offered:
            raise ValidationError(_l("Unknown kecamatan: choose one from the list."))


class DashboardFilterForm(FlaskForm):
    """The programme dashboard's query string: period (both days included), the dimension
    of the table, the figure that colours the map and the table's sort. The view sets the
    choices (from ``reports.dashboard``) and the defaults; anything not offered is an
    error (the page answers 400 and says which)."""

    class Meta:
        csrf = False

    start = PeriodDateField(_l("From"), validators=[InputRequired(_l("Enter the first day of the period."))])
    end = PeriodDateField(_l("To"), validators=[InputRequired(_l("Enter the last day of the period."))])
    dimension = SelectField(_l("Rows by"), validate_choice=False)
    figure = SelectField(_l("Map colour"), validate_choice=False)
    sort = SelectField(_l("Sort by"), validate_choice=False)
    dir = SelectField(_l("Order"), validate_choice=False)

    validate_end = ProgrammeFilterForm.validate_end

    @staticmethod
    def _offered(field, message):
        if field.data not in {value for value, _label in field.choices or []}:
            raise ValidationError(message)

    def validate_dimension(self, field):
        self._offered(field, _l("Unknown dimension: choose one from the list."))

    def validate_figure(self, field):
        self._offered(field, _l("Unknown figure: choose one from the list."))

    def validate_sort(self, field):
        self._offered(field, _l("Unknown column to sort by."))

    def validate_dir(self, field):
        self._offered(field, _l("The order must be asc or desc."))
