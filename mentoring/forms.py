"""Mentoring forms. Field names follow the service dataclasses (``SessionData``,
``ActionData``, ``CheckinData``) so a ``ValidationFailed``'s errors land on the right field;
choices that depend on the database (participants, kelurahan, mentors) are set by the views."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from wtforms import (
    BooleanField, DateField, IntegerField, MonthField, RadioField, SelectField, SelectMultipleField, StringField,
    TextAreaField, TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, ValidationError
from wtforms.widgets import CheckboxInput, ListWidget

from loans.forms import MoneyField, ServiceErrorsMixin

from .models import ActionOwner, ActionStatus, Practice, SalesChannel, SessionMode, Topic


def _choices(enum_cls):
    return lambda: [(m.value, m.label) for m in enum_cls]


def _coerce_int_or_none(value):
    if value in (None, "", "None"):
        return None
    return int(value)


def _text(value: str | None) -> str | None:
    value = (value or "").strip()
    return value or None


class MultiCheckboxField(SelectMultipleField):
    """Several checkboxes under one name (rendered as chips by the templates)."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SessionForm(ServiceErrorsMixin, FlaskForm):
    participants = MultiCheckboxField(_l("Who took part"), coerce=int)
    #: Participants who were expected but did not come (group sessions).
    absent = MultiCheckboxField(_l("Absent"), coerce=int, validators=[Optional()])
    held_on = DateField(_l("Date"), validators=[InputRequired()])
    starts_at = TimeField(_l("Start time"), validators=[Optional()])
    duration_minutes = IntegerField(_l("Duration (minutes)"), default=60,
                                    validators=[InputRequired(), NumberRange(1, 720)],
                                    render_kw={"inputmode": "numeric", "min": 1, "max": 720, "step": 5})
    mode = RadioField(_l("Mode"), choices=_choices(SessionMode), default=SessionMode.FIELD_VISIT.value,
                      validators=[InputRequired()])
    kelurahan_code = SelectField(_l("Place (kelurahan)"), coerce=lambda v: v or None, validators=[Optional()])
    topics = MultiCheckboxField(_l("Topics"), choices=_choices(Topic))
    topic_other = StringField(_l("Other topic"), validators=[Optional(), Length(max=120)])
    shared_notes = TextAreaField(_l("Notes shared with the trainee"), validators=[Optional(), Length(max=5000)],
                                 render_kw={"rows": 3})
    staff_notes = TextAreaField(_l("Staff-only notes (never shown to trainees)"),
                                validators=[Optional(), Length(max=5000)], render_kw={"rows": 3})
    next_session_on = DateField(_l("Next session"), validators=[Optional()])
    # Optional action item agreed in the session (one per participant when a description is given).
    action_description = TextAreaField(_l("Action item"), validators=[Optional(), Length(max=500)],
                                       render_kw={"rows": 2})
    action_due_on = DateField(_l("Due on"), validators=[Optional()])
    action_owner = RadioField(_l("Who does it"), choices=_choices(ActionOwner), default=ActionOwner.TRAINEE.value,
                              validators=[Optional()])

    FIELD_MAP = {"description": "action_description", "due_on": "action_due_on", "owner": "action_owner"}

    def validate_participants(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one trainee."))

    def validate_topics(self, field):
        if not field.data:
            raise ValidationError(_l("Choose at least one topic."))

    def validate(self, extra_validators=None):
        # Rules across optional fields (an Optional() field skips its own validators).
        ok = super().validate(extra_validators)
        if Topic.OTHER.value in (self.topics.data or []) and not _text(self.topic_other.data):
            self.topic_other.errors = list(self.topic_other.errors) + [_l("Say what the other topic was.")]
            ok = False
        if self.has_action() and not self.action_due_on.data and not self.action_due_on.errors:
            self.action_due_on.errors = list(self.action_due_on.errors) + [_l("Give the action item a due date.")]
            ok = False
        return ok

    def to_data(self, data_cls):
        participants = list(dict.fromkeys(self.participants.data or []))
        return data_cls(
            held_on=self.held_on.data,
            starts_at=self.starts_at.data,
            duration_minutes=self.duration_minutes.data,
            mode=self.mode.data,
            kelurahan_code=self.kelurahan_code.data or None,
            topics=list(dict.fromkeys(self.topics.data or [])),
            topic_other=_text(self.topic_other.data) if Topic.OTHER.value in (self.topics.data or []) else None,
            shared_notes=_text(self.shared_notes.data),
            staff_notes=_text(self.staff_notes.data),
            next_session_on=self.next_session_on.data,
            participants=participants,
            absent=[i for i in dict.fromkeys(self.absent.data or []) if i in participants],
        )

    def has_action(self) -> bool:
        return _text(self.action_description.data) is not None

    def action_data(self, data_cls):
        return data_cls(description=_text(self.action_description.data) or "", due_on=self.action_due_on.data,
                        owner=self.action_owner.data or ActionOwner.TRAINEE.value)

    def fill_from(self, session) -> None:
        for name in ("held_on", "starts_at", "duration_minutes", "mode", "kelurahan_code", "topic_other",
                     "shared_notes", "staff_notes", "next_session_on"):
            getattr(self, name).data = getattr(session, name)
        self.topics.data = [t.topic for t in session.topics]
        self.participants.data = [a.trainee_id for a in session.attendance]
        self.absent.data = [a.trainee_id for a in session.attendance if not a.attended]


class ActionForm(ServiceErrorsMixin, FlaskForm):
    description = TextAreaField(_l("What is to be done"), validators=[DataRequired(), Length(max=500)],
                                render_kw={"rows": 2})
    due_on = DateField(_l("Due on"), validators=[InputRequired()])
    owner = RadioField(_l("Who does it"), choices=_choices(ActionOwner), default=ActionOwner.TRAINEE.value,
                       validators=[InputRequired()])

    def to_data(self, data_cls):
        return data_cls(description=self.description.data.strip(), due_on=self.due_on.data, owner=self.owner.data)

    def fill_from(self, item) -> None:
        self.description.data, self.due_on.data, self.owner.data = item.description, item.due_on, item.owner


class ActionStatusForm(ServiceErrorsMixin, FlaskForm):
    """Done / dropped / reopen buttons: each posts ``status``."""

    status = SelectField(_l("Status"), choices=_choices(ActionStatus), validators=[DataRequired()])


class ConfirmForm(FlaskForm):
    """A button with a CSRF token (confirm a self-reported check-in)."""


class AssignForm(ServiceErrorsMixin, FlaskForm):
    mentor_id = SelectField(_l("New mentor"), coerce=_coerce_int_or_none, validators=[Optional()])
    assigned_on = DateField(_l("From"), validators=[InputRequired()])
    reason = TextAreaField(_l("Reason for the change"), validators=[Optional(), Length(max=2000)],
                           render_kw={"rows": 2})

    FIELD_MAP = {"on": "assigned_on", "mentor": "mentor_id"}


class CheckinForm(ServiceErrorsMixin, FlaskForm):
    month = MonthField(_l("Month"), validators=[InputRequired()])
    revenue = MoneyField(_l("Revenue (sales) in the month (Rp)"), validators=[InputRequired()])
    costs = MoneyField(_l("Business costs in the month (Rp)"), validators=[InputRequired()])
    other_income = MoneyField(_l("Household income from other sources (Rp)"), default=Decimal(0), validators=[InputRequired()])
    savings = MoneyField(_l("Savings balance at the end of the month (Rp)"), default=Decimal(0), validators=[InputRequired()])
    paid_workers = IntegerField(_l("Paid workers"), default=0, validators=[InputRequired(), NumberRange(0, 500)],
                                render_kw={"inputmode": "numeric", "min": 0, "max": 500})
    unpaid_workers = IntegerField(_l("Unpaid workers (family)"), default=0,
                                  validators=[InputRequired(), NumberRange(0, 500)],
                                  render_kw={"inputmode": "numeric", "min": 0, "max": 500})
    channels = MultiCheckboxField(_l("Sales channels"), choices=_choices(SalesChannel))
    keeps_records = BooleanField(_l("Keeps written records"))
    separates_money = BooleanField(_l("Separates business and household money"))
    practices = MultiCheckboxField(_l("Business practices"), choices=_choices(Practice))
    confirmed = BooleanField(_l("I have checked these figures: they are right"))

    def to_data(self, data_cls):
        month = self.month.data
        return data_cls(
            month=month.replace(day=1) if isinstance(month, date) else month,
            revenue=self.revenue.data,
            costs=self.costs.data,
            other_income=self.other_income.data,
            savings=self.savings.data,
            paid_workers=self.paid_workers.data,
            unpaid_workers=self.unpaid_workers.data,
            channels=list(dict.fromkeys(self.channels.data or [])),
            keeps_records=bool(self.keeps_records.data),
            separates_money=bool(self.separates_money.data),
            practices=list(dict.fromkeys(self.practices.data or [])),
            confirmed=bool(self.confirmed.data),
        )

    def fill_from(self, checkin) -> None:
        for name in ("month", "revenue", "costs", "other_income", "savings", "paid_workers", "unpaid_workers",
                     "keeps_records", "separates_money"):
            getattr(self, name).data = getattr(checkin, name)
        self.channels.data = [c.value for c in checkin.channels]
        self.practices.data = [p.value for p, yes in checkin.practices.items() if yes]
