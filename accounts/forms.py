from __future__ import annotations

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import BooleanField, DateField, PasswordField, SelectField, StringField, SubmitField
from wtforms.validators import DataRequired, EqualTo, Length, Optional, Regexp, ValidationError

from .models import Role
from .services import password_problem

#: Deliberately loose (no email-validator dependency): one "@", a dot in the domain, no
#: spaces. Whether the address works shows when mail is sent.
EMAIL_PATTERN = r"^[^@\s]+@[^@\s]+\.[^@\s]+$"


def _strip_or_none(value):
    value = (value or "").strip()
    return value or None


def email_field(label=None):
    return StringField(
        label or _l("E-mail (optional)"),
        validators=[Optional(), Length(max=254),
                    Regexp(EMAIL_PATTERN, message=_l("Enter an e-mail address such as nama@contoh.id."))],
        filters=[_strip_or_none],
        render_kw={"type": "email", "autocomplete": "email"},
    )


def role_choices():
    return [(r.value, r.label) for r in Role]


def changeable_role_choices():
    """Roles a user can be switched to: not ``partner`` (a partner login is created for
    its partner and stays one; see partners.services.create_partner_user)."""
    return [(r.value, r.label) for r in Role if r is not Role.PARTNER]


def _coerce_int_or_none(value):
    if value in (None, "", "None"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired(), Length(max=64)])
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    submit = SubmitField(_l("Log in"))


class _NewPasswordMixin:
    def validate_password(self, field):
        username = getattr(getattr(self, "username", None), "data", None) or getattr(self, "_username", None)
        problem = password_problem(field.data or "", username=username)
        if problem:
            raise ValidationError(str(problem))


class UserCreateForm(_NewPasswordMixin, FlaskForm):
    username = StringField(
        _l("Username"),
        validators=[
            DataRequired(),
            Length(min=3, max=64),
            Regexp(r"^[A-Za-z0-9._-]+$", message=_l("Use letters, digits, dot, dash or underscore.")),
        ],
    )
    full_name = StringField(_l("Full name"), validators=[DataRequired(), Length(max=120)])
    email = email_field()
    role = SelectField(_l("Role"), choices=role_choices, validators=[DataRequired()])
    #: For role ``partner`` only: the CSR partner the user works for (choices set by the view).
    partner_id = SelectField(_l("Partner (for a CSR partner login)"), coerce=_coerce_int_or_none)
    password = PasswordField(_l("Password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat password"), validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))]
    )
    submit = SubmitField(_l("Create user"))

    def validate_partner_id(self, field):
        if self.role.data == Role.PARTNER.value and field.data is None:
            raise ValidationError(_l("Choose the partner this user works for."))


class PasswordResetForm(_NewPasswordMixin, FlaskForm):
    password = PasswordField(_l("New password"), validators=[DataRequired(), Length(max=256)])
    confirm = PasswordField(
        _l("Repeat password"), validators=[DataRequired(), EqualTo("password", message=_l("The passwords differ."))]
    )
    submit = SubmitField(_l("Set password"))

    def __init__(self, *args, username: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self._username = username


class RoleForm(FlaskForm):
    role = SelectField(_l("Role"), choices=changeable_role_choices, validators=[DataRequired()])
    submit = SubmitField(_l("Change role"))


class EmailForm(FlaskForm):
    email = email_field(_l("E-mail"))
    submit = SubmitField(_l("Save e-mail"))


class EnabledForm(FlaskForm):
    """A bare CSRF-protected form for the enable/disable button."""

    submit = SubmitField()


class LanguageForm(FlaskForm):
    language = StringField(validators=[DataRequired(), Length(max=5)])
    next = StringField(validators=[Optional(), Length(max=512)])


class NotificationsReadForm(FlaskForm):
    """Mark notifications read: the ``ids`` posted (checkboxes or one button), or all."""

    next = StringField(validators=[Optional(), Length(max=512)])


class AuditFilterForm(FlaskForm):
    class Meta:
        csrf = False  # GET filter form: no state change

    action = StringField(_l("Action"), validators=[Optional(), Length(max=64)])
    actor = StringField(_l("Actor (username)"), validators=[Optional(), Length(max=64)])
    entity_type = StringField(_l("Entity type"), validators=[Optional(), Length(max=40)])
    entity_id = StringField(_l("Entity id"), validators=[Optional(), Length(max=40)])
    date_from = DateField(_l("From"), validators=[Optional()])
    date_to = DateField(_l("To"), validators=[Optional()])
