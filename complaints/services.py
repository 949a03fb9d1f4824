"""Every state change of a complaint, and the one visibility policy every view uses.

The life of a complaint (SP4N-LAPOR! style; see ``complaints.models``)::

    received --verify--> verified --assign--> assigned --start_work--> in_progress
        |                   |                    |  \\______answer______/   |
        +--decline----------+                    +--------answer-----------+
        v                                                  v
    not_authority / archived                   answered --close / auto-close--> closed
                                                   ^   \\--reopen (once)--> in_progress
                                                   +-- closed --reopen (once)--^

Conventions (as in mentoring.services and loans.services): explicit keyword arguments
for who (``actor``) and when (``now``, an aware UTC datetime; the local date is taken in
Asia/Jakarta; nothing here reads the clock); domain errors, never HTTP errors; services
flush and never commit. Every transition writes a ``ComplaintEvent`` (the timeline) and
an audit event in the same transaction; a refused call changes nothing, because every
check runs before the first write. A transition re-reads the complaint under a row lock
(``FOR UPDATE`` on PostgreSQL), so two people acting at once cannot both pass the
state check (and a complaint cannot be reopened twice).

Who does what:

- admins verify, decline, assign and link the accused of a misconduct report; the
  assignee (or an admin) starts work and answers; staff who can see a complaint add
  internal notes and write to the complainant;
- the complainant (the trainee's login, or anyone holding the tracking code on the
  public page: ``actor=None``) writes back, confirms (closes) and reopens once;
- a report of staff misconduct is for admins only, never for the staff member it
  accuses: they cannot see, handle or be assigned it, and get no notification of it.
"""
from __future__ import annotations

import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from flask import current_app, g, has_request_context
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, false, func, or_, select

from accounts import audit, notifications
from accounts.models import Role, User
from extensions import LOCAL_TZ_NAME, DomainError, db
from trainees.models import Trainee

from . import attachments as attachment_files
from .models import (
    CloseReason,
    Complaint,
    ComplaintAttachment,
    ComplaintCategory,
    ComplaintChannel,
    ComplaintEvent,
    ComplaintKind,
    ComplaintStatus,
    EventKind,
    Holiday,
)
from .workdays import add_working_days, working_days_between

S = ComplaintStatus

SUBJECT_MIN, SUBJECT_MAX = 5, 200
DESCRIPTION_MIN, DESCRIPTION_MAX = 10, 5000
NAME_MAX = 120
CONTACT_MAX = 120
ACCUSED_MAX = 200
MESSAGE_MAX = 5000
REASON_MIN, REASON_MAX = 5, 500
HOLIDAY_NAME_MAX = 120
#: Attachments per complaint (all uploaders together): enough for photos of receipts,
#: not a free file store.
MAX_ATTACHMENTS = 10
TRACKING_CODE_LENGTH = 10
#: No I, L, O, 0 or 1: codes are read aloud and typed from paper.
TRACKING_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"

STAFF_ROLES = (Role.ADMIN.value, Role.OFFICER.value, Role.MENTOR.value)
#: Where the answer clock runs.
ANSWER_STAGE = (S.VERIFIED.value, S.ASSIGNED.value, S.IN_PROGRESS.value)
#: Not finished: staff and complainant may still write.
NOT_FINAL = (S.RECEIVED.value, S.VERIFIED.value, S.ASSIGNED.value, S.IN_PROGRESS.value, S.ANSWERED.value)
DECLINE_STATUSES = (S.NOT_AUTHORITY.value, S.ARCHIVED.value)


# --- Errors -------------------------------------------------------------------------


class ComplaintError(DomainError):
    """A complaint rule refused the operation; ``field`` names the data field it belongs to."""

    default_message = _l("This operation is not allowed.")


class ValidationFailed(ComplaintError):
    """Field -> message for every rule the data breaks (field names of ``ComplaintData``,
    plus ``attachment``, ``body``, ``reason``, ``assignee``, ``accused_user_id``, ``day``...)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = {k: str(v) for k, v in errors.items()}
        super().__init__("; ".join(self.errors.values()), field=next(iter(self.errors), None))


class InvalidTransition(ComplaintError):
    """The step is not possible in the complaint's current state."""

    default_message = _l("This step is not possible in the complaint's current state.")

    def __init__(self, message=None, *, status: str | None = None):
        if message is None and status is not None:
            message = _l("This step is not possible while the complaint is \"%(status)s\".",
                         status=ComplaintStatus(status).label)
        super().__init__(message)


class NotAllowed(ComplaintError):
    default_message = _l("You are not allowed to do this with this complaint.")


class RateLimited(ComplaintError):
    def __init__(self, per_hour: int):
        self.per_hour = per_hour
        super().__init__(_l(
            "Too many complaints from this connection: at most %(n)s per hour. Please try again later, "
            "or contact the programme office in person or by phone.", n=per_hour))


# --- Data ---------------------------------------------------------------------------


@dataclass
class ComplaintData:
    kind: str
    category: str
    subject: str
    description: str
    complainant_name: str | None = None
    complainant_contact: str | None = None
    confidential: bool = False
    #: Misconduct: who the report is about, in the complainant's words.
    accused_description: str | None = None
    #: Staff filing on behalf of a trainee.
    trainee_id: int | None = None


@dataclass
class Upload:
    filename: str
    data: bytes


@dataclass(frozen=True)
class SlaPolicy:
    verify_days: int  #: working days
    answer_days_urgent: int  #: working days (urgent needs, misconduct)
    answer_days: int  #: working days (everything else)
    soon_days: int  #: working days left that count as "due soon"
    auto_close_days: int  #: calendar days an answer waits for the complainant
    public_per_hour: int  #: public complaints per IP address per hour


@dataclass
class EscalationResult:
    verify_overdue: int = 0
    answer_overdue: int = 0
    auto_closed: int = 0
    notified: int = 0


@dataclass(frozen=True)
class SlaState:
    #: "verify", "answer", or None when no deadline runs (answered, closed, declined).
    stage: str | None
    due_on: date | None
    #: Working days from today to the due date (0 on the day, negative after).
    days_left: int | None
    is_overdue: bool
    is_soon: bool


def sla_policy() -> SlaPolicy:
    config = current_app.config
    return SlaPolicy(
        verify_days=int(config["COMPLAINT_VERIFY_DAYS"]),
        answer_days_urgent=int(config["COMPLAINT_ANSWER_DAYS_URGENT"]),
        answer_days=int(config["COMPLAINT_ANSWER_DAYS"]),
        soon_days=int(config["COMPLAINT_SOON_DAYS"]),
        auto_close_days=int(config["COMPLAINT_AUTO_CLOSE_DAYS"]),
        public_per_hour=int(config["COMPLAINT_PUBLIC_PER_HOUR"]),
    )


def _configured_holidays() -> set[date]:
    days = set()
    for value in current_app.config.get("COMPLAINT_HOLIDAYS") or ():
        try:
            days.add(value if isinstance(value, date) else date.fromisoformat(str(value).strip()))
        except ValueError:
            raise RuntimeError(f"COMPLAINT_HOLIDAYS: {value!r} is not a date (YYYY-MM-DD)") from None
    return days


def holidays() -> frozenset[date]:
    """Holiday rows and ``COMPLAINT_HOLIDAYS`` together. Read once per request (cached on
    ``g`` within a request; outside one, e.g. the CLI or a test, read afresh each call)."""
    if has_request_context() and "complaint_holidays" in g:
        return g.complaint_holidays
    days = frozenset(set(db.session.scalars(select(Holiday.day))) | _configured_holidays())
    if has_request_context():
        g.complaint_holidays = days
    return days


def _forget_cached_holidays() -> None:
    if has_request_context():
        g.pop("complaint_holidays", None)


def answer_days_for(kind: str, policy: SlaPolicy) -> int:
    """Working days to answer: urgent needs and misconduct reports get the short limit."""
    if kind in (ComplaintKind.URGENT.value, ComplaintKind.MISCONDUCT.value):
        return policy.answer_days_urgent
    return policy.answer_days


# --- Small helpers ------------------------------------------------------------------


def local_date(moment: datetime) -> date:
    """The date in Bandung (Asia/Jakarta) at the aware UTC ``moment``."""
    if moment is None or moment.tzinfo is None:
        raise ValueError("naive datetime given; pass an aware UTC datetime")
    return moment.astimezone(ZoneInfo(LOCAL_TZ_NAME)).date()


def _text(value) -> str:
    return "" if value is None else str(value).strip()


def _value(enum_value) -> str:
    return enum_value.value if hasattr(enum_value, "value") else str(enum_value)


def _is_user(user) -> bool:
    return isinstance(user, User) and bool(getattr(user, "is_enabled", False))


def _is_admin(user) -> bool:
    return _is_user(user) and user.role == Role.ADMIN.value


def _is_staff(user) -> bool:
    return _is_user(user) and user.role in STAFF_ROLES


def _is_accused(user, c: Complaint) -> bool:
    return user is not None and c.is_misconduct and c.accused_user_id is not None and c.accused_user_id == user.id


def _lock(c: Complaint) -> Complaint:
    """Re-read ``c`` locked until the transaction ends (PostgreSQL; SQLite serialises
    writers with its database lock)."""
    if c.id is None:
        return c
    return db.session.execute(
        select(Complaint).where(Complaint.id == c.id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def _require_status(c: Complaint, allowed) -> None:
    if c.status not in tuple(_value(s) for s in allowed):
        raise InvalidTransition(status=c.status)


def _require_admin(actor, c: Complaint | None = None) -> None:
    """An enabled admin who is not the accused of this (misconduct) complaint."""
    if not _is_admin(actor):
        raise NotAllowed(_l("Only administrators can do this."))
    if c is not None and _is_accused(actor, c):
        raise NotAllowed()


def _message(body, field: str = "body", *, minimum: int = 1, maximum: int = MESSAGE_MAX) -> str:
    body = _text(body)
    if len(body) < minimum:
        raise ValidationFailed({field: _l("Write at least %(n)s characters.", n=minimum)
                                if minimum > 1 else _l("Write a message.")})
    if len(body) > maximum:
        raise ValidationFailed({field: _l("At most %(n)s characters.", n=maximum)})
    return body


def _event(c: Complaint, kind: EventKind, *, actor, now: datetime, body: str | None = None,
           is_public: bool, **details) -> ComplaintEvent:
    event = ComplaintEvent(complaint=c, kind=kind.value, at=now, actor_id=actor.id if actor is not None else None,
                           body=body, is_public=is_public, details=audit._jsonable(details))
    db.session.add(event)
    return event


def _transition(c: Complaint, to: ComplaintStatus, kind: EventKind, *, actor, now: datetime, action: str,
                body: str | None = None, is_public: bool = True, **details) -> ComplaintEvent:
    """Move ``c`` to ``to`` with its timeline event and audit event (bodies never go
    into the audit trail: they may name people)."""
    before = c.status
    c.status = to.value
    c.updated_at = now
    event = _event(c, kind, actor=actor, now=now, body=body, is_public=is_public, **{"from": before, "to": to.value},
                   **details)
    audit.record(actor, action, c, details={"from": before, "to": to.value, **details})
    return event


def _admins() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role == Role.ADMIN.value, User.is_enabled.is_(True)).order_by(User.id)))


def _params(c: Complaint) -> dict:
    # A misconduct report's subject may name the accused: notifications say only what it is.
    if c.is_misconduct:
        return {"id": c.id, "misconduct": True}
    return {"id": c.id, "subject": c.subject}


def staff_link(c: Complaint) -> str:
    return f"/complaints/{c.id}"


def complainant_link(c: Complaint) -> str:
    """Where the complainant follows the case: the portal for a trainee's login, the
    public tracking page otherwise."""
    if c.complainant_user_id is not None:
        return f"/portal/complaints/{c.id}"
    return f"/complaints/track?code={c.tracking_code}"


def _notify_staff(users, c: Complaint, kind: str, *, now: datetime) -> int:
    """Notify each enabled user once, never the accused of a misconduct report."""
    seen: set[int] = set()
    for user in users:
        if user is None or not user.is_enabled or user.id in seen or _is_accused(user, c):
            continue
        seen.add(user.id)
        notifications.notify(user, kind, params=_params(c), link=staff_link(c), now=now)
    return len(seen)


def _handlers(c: Complaint) -> list[User]:
    """Who should hear from the complainant: the assignee, or every admin if none."""
    if c.assignee is not None and c.assignee.is_enabled:
        return [c.assignee]
    return _admins()


_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _tell_complainant(c: Complaint, kind: str, *, now: datetime) -> int:
    """Notify the complainant: their login if they have one, else an e-mail to the
    contact they left (public page, or staff filing for someone without a login) if it
    is an e-mail address."""
    if c.complainant_user is not None:
        if c.complainant_user.is_enabled:
            notifications.notify(c.complainant_user, kind, params=_params(c), link=complainant_link(c), now=now)
            return 1
        return 0
    contact = _text(c.complainant_contact)
    if _EMAIL.match(contact):
        with force_locale(current_app.config.get("BABEL_DEFAULT_LOCALE", "id")):
            sentence = notifications.render(kind, _params(c))
            how = str(_l("Follow your complaint with the tracking code %(code)s:", code=c.tracking_code))
        body = f"{sentence}\n\n{how}\n{notifications.absolute_link(complainant_link(c))}\n"
        notifications.queue_email(contact, subject=f"Berdaya: {sentence}", body=body, now=now)
        return 1
    return 0


def _new_tracking_code() -> str:
    for _ in range(20):
        code = "".join(secrets.choice(TRACKING_ALPHABET) for _ in range(TRACKING_CODE_LENGTH))
        if db.session.scalar(select(Complaint.id).where(Complaint.tracking_code == code)) is None:
            return code
    raise RuntimeError("could not find a free tracking code")  # 31^10 codes: never in practice


def ip_hash(ip: str) -> str:
    """HMAC-SHA256 of the address with SECRET_KEY: enough to count, useless to read."""
    key = str(current_app.config["SECRET_KEY"]).encode()
    return hmac.new(key, ip.strip().encode(), hashlib.sha256).hexdigest()


# --- Filing -------------------------------------------------------------------------


def _validate(data: ComplaintData) -> dict:
    errors: dict[str, str] = {}
    kinds = {k.value for k in ComplaintKind}
    categories = {k.value for k in ComplaintCategory}
    kind, category = _value(data.kind or ""), _value(data.category or "")
    if kind not in kinds:
        errors["kind"] = _l("Choose what kind of report this is.")
    if category not in categories:
        errors["category"] = _l("Choose a category.")
    subject, description = _text(data.subject), _text(data.description)
    if not SUBJECT_MIN <= len(subject) <= SUBJECT_MAX:
        errors["subject"] = _l("The subject must be %(min)s to %(max)s characters.", min=SUBJECT_MIN, max=SUBJECT_MAX)
    if not DESCRIPTION_MIN <= len(description) <= DESCRIPTION_MAX:
        errors["description"] = _l("The description must be %(min)s to %(max)s characters.",
                                   min=DESCRIPTION_MIN, max=DESCRIPTION_MAX)
    name, contact = _text(data.complainant_name) or None, _text(data.complainant_contact) or None
    if name is not None and len(name) > NAME_MAX:
        errors["complainant_name"] = _l("At most %(n)s characters.", n=NAME_MAX)
    if contact is not None and len(contact) > CONTACT_MAX:
        errors["complainant_contact"] = _l("At most %(n)s characters.", n=CONTACT_MAX)
    accused = _text(data.accused_description) or None
    if kind == ComplaintKind.MISCONDUCT.value:
        if accused is None:
            errors["accused_description"] = _l("Say who the report is about (name, role or where you met them).")
        elif len(accused) > ACCUSED_MAX:
            errors["accused_description"] = _l("At most %(n)s characters.", n=ACCUSED_MAX)
    else:
        accused = None  # only a misconduct report accuses anyone
    if errors:
        raise ValidationFailed(errors)
    return dict(kind=kind, category=category, subject=subject, description=description, complainant_name=name,
                complainant_contact=contact, accused_description=accused, confidential=bool(data.confidential))


def file_complaint(data: ComplaintData, *, channel: ComplaintChannel | str, actor: User | None, now: datetime,
                   ip: str | None = None, attachment: Upload | None = None) -> Complaint:
    """Record a new complaint (status received) with its tracking code and verification
    deadline, and tell every admin.

    ``portal``: ``actor`` is a trainee with a trainee record; the complaint is theirs.
    ``staff``: an admin, officer or mentor files on someone's behalf, optionally for a
    trainee (a mentor only for their own trainees). ``public``: no actor; ``ip`` is
    required and at most ``COMPLAINT_PUBLIC_PER_HOUR`` public complaints per address
    per hour are accepted (RateLimited)."""
    channel = ComplaintChannel(_value(channel))
    local_date(now)  # refuses a naive datetime early
    policy = sla_policy()
    trainee: Trainee | None = None
    complainant_user_id = filed_by_id = hashed_ip = None

    if channel is ComplaintChannel.PORTAL:
        if not _is_user(actor) or actor.role != Role.TRAINEE.value:
            raise NotAllowed(_l("Only trainees file complaints in the portal."))
        trainee = db.session.scalar(select(Trainee).where(Trainee.user_id == actor.id))
        if trainee is None:
            raise NotAllowed(_l("Your login is not linked to a trainee record; please ask the programme office."))
        if data.trainee_id is not None and data.trainee_id != trainee.id:
            raise NotAllowed()
        complainant_user_id = actor.id
    elif channel is ComplaintChannel.STAFF:
        if not _is_staff(actor):
            raise NotAllowed(_l("Only staff file complaints on someone's behalf."))
        filed_by_id = actor.id
        if data.trainee_id is not None:
            trainee = db.session.get(Trainee, data.trainee_id)
            if trainee is None:
                raise ValidationFailed({"trainee_id": _l("No such trainee.")})
            if actor.role == Role.MENTOR.value and trainee.mentor_id != actor.id:
                raise NotAllowed(_l("You may only do this for trainees assigned to you."))
            complainant_user_id = trainee.user_id
    else:
        if actor is not None:
            raise ValueError("public complaints have no actor")
        if not ip:
            raise ValueError("public complaints need the client's IP address")
        if data.trainee_id is not None:
            raise NotAllowed()

    values = _validate(data)
    content_type = None
    if attachment is not None:
        content_type = attachment_files.check(attachment, max_bytes=_max_bytes())

    if channel is ComplaintChannel.PUBLIC:
        hashed_ip = ip_hash(ip)
        recent = db.session.scalar(
            select(func.count()).select_from(Complaint).where(
                Complaint.channel == ComplaintChannel.PUBLIC.value, Complaint.ip_hash == hashed_ip,
                Complaint.received_at > now - timedelta(hours=1))
        )
        if recent >= policy.public_per_hour:
            raise RateLimited(policy.public_per_hour)

    if trainee is not None and values["complainant_name"] is None:
        values["complainant_name"] = trainee.full_name
    received_on = local_date(now)
    c = Complaint(
        tracking_code=_new_tracking_code(), channel=channel.value, status=S.RECEIVED.value,
        complainant_user_id=complainant_user_id, trainee_id=trainee.id if trainee else None,
        filed_by_id=filed_by_id, ip_hash=hashed_ip, received_at=now, received_on=received_on,
        verify_due_on=add_working_days(received_on, policy.verify_days, holidays()),
        reopen_count=0, created_at=now, updated_at=now, **values,
    )
    db.session.add(c)
    db.session.flush()
    _event(c, EventKind.RECEIVED, actor=actor, now=now, is_public=True, to=S.RECEIVED.value, channel=channel.value)
    details = {"kind": c.kind, "category": c.category, "channel": c.channel, "confidential": c.confidential,
               "verify_due_on": c.verify_due_on}
    if not c.confidential and c.trainee_id is not None:
        details["trainee_id"] = c.trainee_id
    audit.record(actor, "complaint.filed", c, details=details)
    if attachment is not None:
        _attach(c, attachment, content_type, actor=actor, now=now, is_public=True)
    _notify_staff(_admins(), c, "complaint.received", now=now)
    db.session.flush()
    return c


# --- Admin steps --------------------------------------------------------------------


def _accused_user(c: Complaint, accused_user_id, *, actor) -> User:
    if not c.is_misconduct:
        raise ValidationFailed({"accused_user_id": _l("Only a report of staff misconduct accuses someone.")})
    user = db.session.get(User, accused_user_id) if isinstance(accused_user_id, int) else None
    if user is None or user.role not in STAFF_ROLES:
        raise ValidationFailed({"accused_user_id": _l("Choose a staff member.")})
    if user.id == actor.id:
        raise ValidationFailed({"accused_user_id": _l("You cannot link yourself: another administrator must "
                                                      "handle this report.")})
    if c.assignee_id == user.id:
        raise ValidationFailed({"accused_user_id": _l("This person is handling the report: assign it to another "
                                                      "administrator first.")})
    return user


def verify(c: Complaint, *, actor: User, now: datetime, category: str | None = None,
           accused_user_id: int | None = None) -> None:
    """Admin: accept a received complaint as ours (received -> verified); the answer
    deadline starts (``answer_days_for`` working days from today). ``category`` corrects
    the complainant's choice; a misconduct report's accused may be linked here."""
    c = _lock(c)
    _require_admin(actor, c)
    _require_status(c, [S.RECEIVED])
    errors = {}
    if category is not None and _value(category) not in {k.value for k in ComplaintCategory}:
        errors["category"] = _l("Choose a category.")
    if errors:
        raise ValidationFailed(errors)
    accused = _accused_user(c, accused_user_id, actor=actor) if accused_user_id is not None else None
    policy = sla_policy()
    c.verified_at, c.verified_on = now, local_date(now)
    c.answer_days = answer_days_for(c.kind, policy)
    c.answer_due_on = add_working_days(c.verified_on, c.answer_days, holidays())
    details = {"answer_due_on": c.answer_due_on}
    if category is not None and _value(category) != c.category:
        details["category"] = [c.category, _value(category)]
        c.category = _value(category)
    _transition(c, S.VERIFIED, EventKind.VERIFIED, actor=actor, now=now, action="complaint.verified", **details)
    if accused is not None:
        _link(c, accused, actor=actor, now=now)
    db.session.flush()


def _link(c: Complaint, accused: User, *, actor, now) -> None:
    previous = c.accused_user_id
    c.accused_user_id = accused.id
    c.updated_at = now
    # Internal: never shown to the complainant (nor, of course, to the accused).
    _event(c, EventKind.NOTE, actor=actor, now=now, is_public=False, accused_user_id=accused.id,
           previous_accused_user_id=previous)
    audit.record(actor, "complaint.accused_linked", c, details={"accused_user_id": accused.id,
                                                                "previous_accused_user_id": previous})


def link_accused(c: Complaint, accused_user_id: int, *, actor: User, now: datetime) -> None:
    """Admin: link the staff member a misconduct report is about. From then on they
    cannot see it; they cannot be its assignee (refused while they are) and the actor
    cannot link himself."""
    c = _lock(c)
    _require_admin(actor, c)
    if c.status in DECLINE_STATUSES:
        raise InvalidTransition(status=c.status)
    accused = _accused_user(c, accused_user_id, actor=actor)
    if accused.id == c.accused_user_id:
        raise ValidationFailed({"accused_user_id": _l("This person is already linked.")})
    _link(c, accused, actor=actor, now=now)
    db.session.flush()


def decline(c: Complaint, *, status: str, reason: str, actor: User, now: datetime) -> None:
    """Admin: end a received or verified complaint as not our authority, or archive it
    (duplicate, no substance), with the reason the complainant is told."""
    c = _lock(c)
    _require_admin(actor, c)
    _require_status(c, [S.RECEIVED, S.VERIFIED])
    status = _value(status)
    errors = {}
    if status not in DECLINE_STATUSES:
        errors["status"] = _l("Choose \"not our authority\" or \"archived\".")
    reason_text = _text(reason)
    if not REASON_MIN <= len(reason_text) <= REASON_MAX:
        errors["reason"] = _l("Give the reason in %(min)s to %(max)s characters.", min=REASON_MIN, max=REASON_MAX)
    if errors:
        raise ValidationFailed(errors)
    c.resolution_reason = reason_text
    c.closed_at = now
    kind = EventKind.NOT_AUTHORITY if status == S.NOT_AUTHORITY.value else EventKind.ARCHIVED
    _transition(c, ComplaintStatus(status), kind, actor=actor, now=now, action=f"complaint.{status}",
                body=reason_text)
    _tell_complainant(c, "complaint.closed", now=now)
    db.session.flush()


def assign(c: Complaint, assignee: User, *, actor: User, now: datetime) -> None:
    """Admin: give a verified complaint to an enabled staff member (or hand it to
    another one later). A misconduct report goes only to an admin who is not the
    accused."""
    c = _lock(c)
    _require_admin(actor, c)
    _require_status(c, [S.VERIFIED, S.ASSIGNED, S.IN_PROGRESS])
    if not _is_staff(assignee):
        raise ValidationFailed({"assignee": _l("Choose an active staff member.")})
    if c.is_misconduct and (assignee.role != Role.ADMIN.value or assignee.id == c.accused_user_id):
        raise ValidationFailed({"assignee": _l("A report of staff misconduct can only be assigned to an "
                                               "administrator it does not concern.")})
    if assignee.id == c.assignee_id:
        raise ValidationFailed({"assignee": _l("The complaint is already assigned to this person.")})
    previous = c.assignee_id
    c.assignee_id, c.assigned_at = assignee.id, now
    c.assignee = assignee
    to = S.IN_PROGRESS if c.status == S.IN_PROGRESS.value else S.ASSIGNED
    _transition(c, to, EventKind.ASSIGNED, actor=actor, now=now, action="complaint.assigned",
                assignee_id=assignee.id, previous_assignee_id=previous)
    _notify_staff([assignee], c, "complaint.assigned", now=now)
    db.session.flush()


def _require_handler(actor, c: Complaint) -> None:
    """The assignee, or an admin (not the accused)."""
    if _is_user(actor) and actor.id == c.assignee_id and _is_staff(actor):
        return
    if _is_admin(actor) and not _is_accused(actor, c):
        return
    raise NotAllowed(_l("Only the person the complaint is assigned to, or an administrator, can do this."))


def start_work(c: Complaint, *, actor: User, now: datetime) -> None:
    """The assignee (or an admin) starts work: assigned -> in_progress."""
    c = _lock(c)
    _require_handler(actor, c)
    _require_status(c, [S.ASSIGNED])
    _transition(c, S.IN_PROGRESS, EventKind.STARTED, actor=actor, now=now, action="complaint.started")
    db.session.flush()


def _require_staff_viewer(actor, c: Complaint) -> None:
    if not (_is_staff(actor) and can_see(actor, c)):
        raise NotAllowed()


def add_note(c: Complaint, body: str, *, actor: User, now: datetime) -> ComplaintEvent:
    """Staff who can see the complaint add an internal note (never shown to the
    complainant), in any state."""
    _require_staff_viewer(actor, c)
    body = _message(body)
    event = _event(c, EventKind.NOTE, actor=actor, now=now, body=body, is_public=False)
    audit.record(actor, "complaint.noted", c)
    db.session.flush()
    return event


def reply(c: Complaint, body: str, *, actor: User, now: datetime) -> ComplaintEvent:
    """Staff who can see the complaint write to the complainant (a public message; not
    the answer), while it is not finished (received ... answered)."""
    c = _lock(c)
    _require_staff_viewer(actor, c)
    _require_status(c, NOT_FINAL)
    body = _message(body)
    event = _event(c, EventKind.REPLY, actor=actor, now=now, body=body, is_public=True)
    c.updated_at = now
    audit.record(actor, "complaint.replied", c)
    _tell_complainant(c, "complaint.reply", now=now)
    db.session.flush()
    return event


def answer(c: Complaint, body: str, *, actor: User, now: datetime) -> ComplaintEvent:
    """The assignee (or an admin) answers: assigned/in_progress -> answered. The first
    answer is the SLA measure (``answered_at``/``answered_on`` never change after);
    ``last_answered_at`` starts the auto-close clock each time."""
    c = _lock(c)
    _require_handler(actor, c)
    _require_status(c, [S.ASSIGNED, S.IN_PROGRESS])
    body = _message(body)
    if c.answered_at is None:
        c.answered_at, c.answered_on = now, local_date(now)
    c.last_answered_at = now
    event = _transition(c, S.ANSWERED, EventKind.ANSWERED, actor=actor, now=now, action="complaint.answered",
                        body=body, first=c.answered_at == now)
    _tell_complainant(c, "complaint.answered", now=now)
    db.session.flush()
    return event


# --- The complainant's steps ----------------------------------------------------------


def _require_complainant(actor, c: Complaint) -> None:
    """``actor`` None: the public tracking page (the view checked the code). Otherwise
    the complainant's own login."""
    if actor is None:
        return
    if not (_is_user(actor) and c.complainant_user_id is not None and actor.id == c.complainant_user_id):
        raise NotAllowed()


def complainant_reply(c: Complaint, body: str, *, actor: User | None, now: datetime) -> ComplaintEvent:
    """The complainant writes (more detail, an answer to a question) while the complaint
    is not finished; the assignee (or the admins) hear of it."""
    c = _lock(c)
    _require_complainant(actor, c)
    _require_status(c, NOT_FINAL)
    body = _message(body)
    event = _event(c, EventKind.COMPLAINANT_REPLY, actor=actor, now=now, body=body, is_public=True)
    c.updated_at = now
    audit.record(actor, "complaint.complainant_replied", c)
    _notify_staff(_handlers(c), c, "complaint.complainant_reply", now=now)
    db.session.flush()
    return event


def close(c: Complaint, *, actor: User | None, now: datetime) -> None:
    """The complainant accepts the answer: answered -> closed (confirmed)."""
    c = _lock(c)
    _require_complainant(actor, c)
    _require_status(c, [S.ANSWERED])
    c.closed_at, c.close_reason = now, CloseReason.CONFIRMED.value
    _transition(c, S.CLOSED, EventKind.CLOSED, actor=actor, now=now, action="complaint.closed",
                reason=CloseReason.CONFIRMED.value)
    _notify_staff(_handlers(c), c, "complaint.closed", now=now)
    db.session.flush()


def reopen(c: Complaint, reason: str, *, actor: User | None, now: datetime) -> None:
    """The complainant is not satisfied: answered or closed -> in_progress, once only,
    with the same assignee and a new answer deadline counted from today."""
    c = _lock(c)
    _require_complainant(actor, c)
    _require_status(c, [S.ANSWERED, S.CLOSED])
    if c.reopen_count >= 1:
        raise InvalidTransition(_l("A complaint can be reopened only once. Please file a new complaint if "
                                   "something is still wrong."))
    reason_text = _message(reason, "reason", minimum=REASON_MIN)
    policy = sla_policy()
    days = c.answer_days or answer_days_for(c.kind, policy)
    c.reopen_count = 1
    c.closed_at = c.close_reason = None
    c.answer_escalated_at = None  # a new deadline: escalate again if it is missed
    c.answer_due_on = add_working_days(local_date(now), days, holidays())
    to = S.IN_PROGRESS if c.assignee_id is not None else S.VERIFIED
    _transition(c, to, EventKind.REOPENED, actor=actor, now=now, action="complaint.reopened", body=reason_text,
                answer_due_on=c.answer_due_on)
    _notify_staff(_handlers(c), c, "complaint.reopened", now=now)
    db.session.flush()


# --- Attachments --------------------------------------------------------------------


def _max_bytes() -> int:
    return int(current_app.config["COMPLAINT_ATTACHMENT_MAX_BYTES"])


def _attach(c: Complaint, upload: Upload, content_type: str, *, actor, now, is_public: bool) -> ComplaintAttachment:
    stored = attachment_files.store(upload.data, content_type)
    att = ComplaintAttachment(
        complaint=c, original_name=attachment_files.clean_name(upload.filename), stored_name=stored,
        content_type=content_type, size=len(upload.data), sha256=hashlib.sha256(upload.data).hexdigest(),
        is_public=is_public, uploaded_by_id=actor.id if actor is not None else None, created_at=now,
    )
    db.session.add(att)
    db.session.flush()
    _event(c, EventKind.ATTACHMENT, actor=actor, now=now, is_public=is_public, attachment_id=att.id,
           name=att.original_name)
    audit.record(actor, "complaint.attachment_added", c, details={"attachment_id": att.id, "size": att.size,
                                                                  "content_type": content_type,
                                                                  "is_public": is_public})
    return att


def add_attachment(c: Complaint, upload: Upload, *, actor: User | None, now: datetime,
                   is_public: bool = True) -> ComplaintAttachment:
    """Attach a photo or PDF (checked by content, at most COMPLAINT_ATTACHMENT_MAX_BYTES)
    while the complaint is not finished. The complainant's files are always public;
    staff who can see the complaint choose (``is_public=False``: internal)."""
    c = _lock(c)
    if _is_staff(actor):
        _require_staff_viewer(actor, c)
    else:
        _require_complainant(actor, c)
        is_public = True
    _require_status(c, NOT_FINAL)
    if len(c.attachments) >= MAX_ATTACHMENTS:
        raise ValidationFailed({"attachment": _l("A complaint can have at most %(n)s attachments.",
                                                 n=MAX_ATTACHMENTS)})
    content_type = attachment_files.check(upload, max_bytes=_max_bytes())
    att = _attach(c, upload, content_type, actor=actor, now=now, is_public=is_public)
    c.updated_at = now
    db.session.flush()
    return att


# --- Deadlines: escalation and auto-close -------------------------------------------


def escalate(*, now: datetime) -> EscalationResult:
    """The daily job (``flask complaints escalate``): mark missed deadlines and close
    answers nobody replied to. Idempotent: a second run the same day changes nothing.

    - received and ``verify_due_on`` before today, not yet escalated: ESCALATED event,
      the admins are told (``complaint.overdue_verify``);
    - verified/assigned/in_progress and ``answer_due_on`` before today, not yet
      escalated: ESCALATED event, the assignee and the admins are told;
    - answered, and more than ``COMPLAINT_AUTO_CLOSE_DAYS`` calendar days since the
      latest answer's local date: closed (no reply), a public event.
    """
    today = local_date(now)
    policy = sla_policy()
    result = EscalationResult()
    admins = _admins()

    def locked(query):
        return list(db.session.scalars(query.order_by(Complaint.id).with_for_update(skip_locked=True)))

    for c in locked(select(Complaint).where(Complaint.status == S.RECEIVED.value, Complaint.verify_due_on < today,
                                            Complaint.verify_escalated_at.is_(None))):
        c.verify_escalated_at = now
        _event(c, EventKind.ESCALATED, actor=None, now=now, is_public=False, stage="verify", due_on=c.verify_due_on)
        audit.record(None, "complaint.escalated", c, details={"stage": "verify", "due_on": c.verify_due_on})
        result.verify_overdue += 1
        result.notified += _notify_staff(admins, c, "complaint.overdue_verify", now=now)

    for c in locked(select(Complaint).where(Complaint.status.in_(ANSWER_STAGE), Complaint.answer_due_on < today,
                                            Complaint.answer_escalated_at.is_(None))):
        c.answer_escalated_at = now
        _event(c, EventKind.ESCALATED, actor=None, now=now, is_public=False, stage="answer", due_on=c.answer_due_on)
        audit.record(None, "complaint.escalated", c, details={"stage": "answer", "due_on": c.answer_due_on})
        result.answer_overdue += 1
        result.notified += _notify_staff([c.assignee, *admins], c, "complaint.overdue_answer", now=now)

    # The SQL bound is a superset (local date + N < today implies answered > N days ago).
    for c in locked(select(Complaint).where(Complaint.status == S.ANSWERED.value,
                                            Complaint.last_answered_at < now - timedelta(days=policy.auto_close_days))):
        # Compared by local date, so the result does not depend on the hour the job runs.
        if local_date(c.last_answered_at) + timedelta(days=policy.auto_close_days) >= today:
            continue
        c.closed_at, c.close_reason = now, CloseReason.NO_REPLY.value
        _transition(c, S.CLOSED, EventKind.CLOSED, actor=None, now=now, action="complaint.auto_closed",
                    reason=CloseReason.NO_REPLY.value)
        result.auto_closed += 1
        result.notified += _notify_staff([c.assignee], c, "complaint.closed", now=now)
        result.notified += _tell_complainant(c, "complaint.closed", now=now)
    db.session.flush()
    return result


# --- Holidays (admin) -----------------------------------------------------------------


def add_holiday(day: date, name: str, *, actor: User, now: datetime) -> Holiday:
    """Admin: a public holiday (not a working day for deadlines set from now on;
    deadlines already fixed stay as they are)."""
    _require_admin(actor)
    name = _text(name)
    errors = {}
    if not isinstance(day, date):
        errors["day"] = _l("Give a date.")
    elif db.session.get(Holiday, day) is not None:
        errors["day"] = _l("This day is already a holiday.")
    if not 1 <= len(name) <= HOLIDAY_NAME_MAX:
        errors["name"] = _l("Give the holiday's name (at most %(n)s characters).", n=HOLIDAY_NAME_MAX)
    if errors:
        raise ValidationFailed(errors)
    holiday = Holiday(day=day, name=name, created_by_id=actor.id, created_at=now)
    db.session.add(holiday)
    audit.record(actor, "holiday.added", entity_type="holiday", entity_id=day.isoformat(), details={"name": name})
    _forget_cached_holidays()
    db.session.flush()
    return holiday


def delete_holiday(day: date, *, actor: User, now: datetime) -> None:
    """Admin: remove a holiday (deadlines already fixed stay as they are)."""
    _require_admin(actor)
    holiday = db.session.get(Holiday, day)
    if holiday is None:
        raise ValidationFailed({"day": _l("This day is not in the holiday list.")})
    audit.record(actor, "holiday.deleted", entity_type="holiday", entity_id=day.isoformat(),
                 details={"name": holiday.name})
    db.session.delete(holiday)
    _forget_cached_holidays()
    db.session.flush()


def holiday_list() -> list[Holiday]:
    return list(db.session.scalars(select(Holiday).order_by(Holiday.day)))


# --- Visibility ---------------------------------------------------------------------


def _none() -> Select:
    return select(Complaint).where(false())


def visible_complaints(user) -> Select:
    """The staff view of complaints: admins see all but misconduct reports accusing
    them; officers and mentors see what is assigned to them or what they filed, never
    misconduct reports. Trainees and anonymous users: nothing (see ``own_complaints``)."""
    if not _is_staff(user):
        return _none()
    if user.role == Role.ADMIN.value:
        return select(Complaint).where(or_(
            Complaint.kind != ComplaintKind.MISCONDUCT.value,
            Complaint.accused_user_id.is_(None),
            Complaint.accused_user_id != user.id,
        ))
    return select(Complaint).where(
        Complaint.kind != ComplaintKind.MISCONDUCT.value,
        or_(Complaint.assignee_id == user.id, Complaint.filed_by_id == user.id),
    )


def can_see(user, c: Complaint) -> bool:
    """``visible_complaints`` for one complaint (staff view)."""
    if not _is_staff(user) or c is None:
        return False
    if user.role == Role.ADMIN.value:
        return not _is_accused(user, c)
    return not c.is_misconduct and user.id in (c.assignee_id, c.filed_by_id)


def own_complaints(user) -> Select:
    """A trainee's own complaints (misconduct reports included: they filed them)."""
    if not _is_user(user) or user.role != Role.TRAINEE.value:
        return _none()
    return select(Complaint).where(Complaint.complainant_user_id == user.id)


def can_see_identity(user, c: Complaint) -> bool:
    """May ``user`` see who complained (name, contact, trainee)? The complainant always;
    staff who can see the complaint unless it is confidential, then admins only."""
    if _is_user(user) and c.complainant_user_id is not None and user.id == c.complainant_user_id:
        return True
    if not can_see(user, c):
        return False
    return not c.confidential or user.role == Role.ADMIN.value


def normalise_tracking_code(code: str | None) -> str:
    return re.sub(r"[\s\-]", "", code or "").upper()


def find_by_tracking_code(code: str | None) -> Complaint | None:
    """The complaint with this tracking code (case, spaces and dashes ignored)."""
    code = normalise_tracking_code(code)
    if len(code) != TRACKING_CODE_LENGTH or any(ch not in TRACKING_ALPHABET for ch in code):
        return None
    return db.session.scalar(select(Complaint).where(Complaint.tracking_code == code))


def public_events(c: Complaint) -> list[ComplaintEvent]:
    """The complainant's timeline: no internal notes, escalations or internal files."""
    return [e for e in c.events if e.is_public]


def public_attachments(c: Complaint) -> list[ComplaintAttachment]:
    return [a for a in c.attachments if a.is_public]


# --- SLA ----------------------------------------------------------------------------


def sla_state(c: Complaint, *, today: date, holidays: frozenset[date] | None = None) -> SlaState:
    """Where the running deadline stands on ``today`` (pass ``holidays=holidays()``
    once when computing many rows)."""
    if c.status == S.RECEIVED.value:
        stage, due = "verify", c.verify_due_on
    elif c.status in ANSWER_STAGE and c.answer_due_on is not None:
        stage, due = "answer", c.answer_due_on
    else:
        return SlaState(stage=None, due_on=None, days_left=None, is_overdue=False, is_soon=False)
    days = _holidays_or(holidays)
    left = working_days_between(today, due, days)
    overdue = today > due
    return SlaState(stage=stage, due_on=due, days_left=left, is_overdue=overdue,
                    is_soon=not overdue and left <= sla_policy().soon_days)


def _holidays_or(days):
    return holidays() if days is None else days


def original_answer_due_on(c: Complaint, *, holidays: frozenset[date] | None = None) -> date | None:
    """The first answer deadline (a reopened complaint's ``answer_due_on`` is the new one)."""
    if c.verified_on is None or c.answer_days is None:
        return None
    if c.reopen_count == 0 and c.answer_due_on is not None:
        return c.answer_due_on  # set at verification and moved only by a reopening
    return add_working_days(c.verified_on, c.answer_days, _holidays_or(holidays))


def sla_met(c: Complaint, *, holidays: frozenset[date] | None = None) -> bool | None:
    """Were both deadlines met: verified (or declined) by ``verify_due_on``, and first
    answered (or declined after verification) by the first answer deadline? None while
    undecided (not yet verified/declined, or verified and not yet answered/declined)."""
    declined_on = local_date(c.closed_at) if c.status in DECLINE_STATUSES and c.closed_at else None
    if c.verified_on is None:
        return None if declined_on is None else declined_on <= c.verify_due_on
    if c.verified_on > c.verify_due_on:
        return False  # verified late: whatever follows, the promise was broken
    finished_on = c.answered_on or declined_on
    if finished_on is None:
        return None
    due = original_answer_due_on(c, holidays=holidays)
    return due is not None and finished_on <= due
