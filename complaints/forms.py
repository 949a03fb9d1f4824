"""Complaint forms. Field names follow ``services.ComplaintData`` so a ``ValidationFailed``'s
errors land on the right field; choices that depend on the database (trainees, staff) are
set by the views. The lengths repeat the service's rules so the form answers first."""
from __future__ import annotations

from flask import current_app
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField, DateField, HiddenField, IntegerField, RadioField, SelectField, StringField, TextAreaField,
)
from wtforms.validators import DataRequired, InputRequired, Length, Optional, ValidationError

from loans.forms import ServiceErrorsMixin

from .models import ComplaintCategory, ComplaintKind, ComplaintStatus

#: What the browser's file picker offers (the server checks the content, not the name).
ACCEPT = "image/jpeg,image/png,image/webp,application/pdf,.jpg,.jpeg,.png,.webp,.pdf"


def _choices(enum_cls, *, exclude=()):
    return lambda: [(m.value, m.label) for m in enum_cls if m not in exclude]


def _coerce_int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


def max_upload_size(form, field) -> None:
    """Refuse a file above ``COMPLAINT_ATTACHMENT_MAX_BYTES`` with a message in MB
    (the service checks again, and checks the content)."""
    upload = field.data
    if not upload or not getattr(upload, "filename", None):
        return
    limit = current_app.config["COMPLAINT_ATTACHMENT_MAX_BYTES"]
    upload.stream.seek(0, 2)
    size = upload.stream.tell()
    upload.stream.seek(0)
    if size > limit:
        raise ValidationError(_l("The file is too large: at most %(mb)s MB.", mb=_megabytes(limit)))


def _megabytes(limit: int) -> str:
    mb = limit / (1024 * 1024)
    return f"{mb:.0f}" if mb == int(mb) else f"{mb:.1f}"


def attachment_field(label=None):
    return FileField(label or _l("Photo or document (optional)"), validators=[Optional(), max_upload_size],
                     render_kw={"accept": ACCEPT})


class _ComplaintFields(ServiceErrorsMixin):
    """The fields every way of filing shares."""

    kind = RadioField(_l("What is it?"), choices=_choices(ComplaintKind), default=ComplaintKind.COMPLAINT.value,
                      validators=[InputRequired()])
    category = SelectField(_l("About"), choices=_choices(ComplaintCategory), validators=[DataRequired()])
    subject = StringField(_l("Subject"), validators=[DataRequired(), Length(min=5, max=200)], filters=[_text])
    description = TextAreaField(_l("What happened?"), validators=[DataRequired(), Length(min=10, max=5000)],
                                filters=[_text], render_kw={"rows": 6})
    accused_description = StringField(_l("Who is the report about? (name, role, where)"),
                                      validators=[Length(max=200)], filters=[_text])
    attachment = attachment_field()

    def validate_accused_description(self, field):  # no Optional(): it would stop this check
        if self.kind.data == ComplaintKind.MISCONDUCT.value and not field.data:
            raise ValidationError(_l("Say who the report is about."))

    def complaint_values(self) -> dict:
        return dict(kind=self.kind.data, category=self.category.data, subject=self.subject.data,
                    description=self.description.data,
                    accused_description=self.accused_description.data if self.kind.data == "misconduct" else None)


class StaffComplaintForm(_ComplaintFields, FlaskForm):
    """Staff file on someone's behalf (a phone call, a visit, a letter)."""

    trainee_id = SelectField(_l("Trainee concerned (optional)"), coerce=_coerce_int_or_none, validators=[Optional()])
    complainant_name = StringField(_l("Complainant's name"), validators=[Optional(), Length(max=120)], filters=[_text])
    complainant_contact = StringField(_l("Complainant's phone or e-mail"), validators=[Optional(), Length(max=120)],
                                      filters=[_text])
    confidential = BooleanField(_l("Keep the complainant's identity confidential"))


class PublicComplaintForm(_ComplaintFields, FlaskForm):
    """The public page: no login, name and contact optional, a question instead of an account."""

    complainant_name = StringField(_l("Your name (optional)"), validators=[Optional(), Length(max=120)],
                                   filters=[_text], render_kw={"autocomplete": "name"})
    complainant_contact = StringField(_l("Phone or e-mail for our answer (optional)"),
                                      validators=[Optional(), Length(max=120)], filters=[_text],
                                      render_kw={"autocomplete": "email"})
    confidential = BooleanField(_l("Keep my identity confidential"))
    #: The signed question (itsdangerous token), see views.public_new.
    challenge = HiddenField()
    challenge_answer = IntegerField(validators=[InputRequired(message=_l("Answer the question."))],
                                    render_kw={"inputmode": "numeric", "autocomplete": "off"})
    #: Honeypot: hidden from people, filled in by robots.
    website = StringField(_l("Leave this empty"), validators=[Optional()],
                          render_kw={"autocomplete": "off", "tabindex": "-1"})


# --- Handling (staff) --------------------------------------------------------------------


class MessageForm(FlaskForm):
    """One text: an internal note, a message to the complainant, the answer, a reason."""

    body = TextAreaField(_l("Message"), validators=[DataRequired(), Length(max=5000)], filters=[_text],
                         render_kw={"rows": 4})


class VerifyForm(FlaskForm):
    category = SelectField(_l("Category"), choices=_choices(ComplaintCategory), validators=[DataRequired()])
    accused_user_id = SelectField(_l("Staff member concerned"), coerce=_coerce_int_or_none, validators=[Optional()])


class DeclineForm(FlaskForm):
    status = RadioField(_l("Outcome"), choices=[
        (ComplaintStatus.NOT_AUTHORITY.value, ComplaintStatus.NOT_AUTHORITY.label),
        (ComplaintStatus.ARCHIVED.value, ComplaintStatus.ARCHIVED.label),
    ], default=ComplaintStatus.NOT_AUTHORITY.value, validators=[InputRequired()])
    reason = TextAreaField(_l("Reason (the complainant sees it)"), validators=[DataRequired(), Length(max=500)],
                           filters=[_text], render_kw={"rows": 3})


class AssignForm(FlaskForm):
    assignee_id = SelectField(_l("Assign to"), coerce=_coerce_int_or_none, validators=[DataRequired()])


class AccusedForm(FlaskForm):
    accused_user_id = SelectField(_l("Staff member concerned"), coerce=_coerce_int_or_none, validators=[DataRequired()])


class AttachmentForm(FlaskForm):
    attachment = FileField(_l("File"), validators=[DataRequired(message=_l("Choose a file.")), max_upload_size],
                           render_kw={"accept": ACCEPT})
    is_public = BooleanField(_l("The complainant may see it"), default=True)


class ButtonForm(FlaskForm):
    """A bare CSRF-protected form for one-button actions (start work, close)."""


class HolidayForm(FlaskForm):
    day = DateField(_l("Date"), validators=[InputRequired()])
    name = StringField(_l("Name"), validators=[DataRequired(), Length(max=120)], filters=[_text])
