"""Every state change of the training domain: programmes, cohorts (angkatan), enrolment
with a waiting list, sessions with attendance, completion and cancellation.

Conventions (as in mentoring.services and loans.services): explicit keyword arguments for
who (``actor``) and when (``now``: an aware UTC datetime; ``on``/``today``/``held_on``:
Bandung dates; nothing here reads the clock); domain errors, never HTTP errors; services
flush and never commit; every change writes its audit event in the same transaction. A
refused call (any ``TrainingError``) has changed nothing: every check runs before the
first write.

Who: admins and loan officers manage programmes, cohorts, enrolment and completion;
mentors (and admins/officers) record sessions and take attendance. Views check the roles
too; the services refuse other actors with ``NotAllowed``.

Seats. A cohort has ``capacity`` seats, taken by its ``enrolled`` enrolments; further
enrolments go to the waiting list, served first come, first served (``enrolled_at``, then
id). Withdrawing an enrolled trainee, or raising the capacity, moves the first waiting
ones up. Changes that count seats lock the cohort row first (PostgreSQL; SQLite
serialises writers), so two officers cannot both take the last seat.

Completion rule (``completion_preview``/``complete_cohort``): attendance at least the
cohort's ``min_attendance_percent`` of the sessions held (the cohort's sessions, rounded
to a whole percent HALF_EVEN) and the final business plan marked submitted.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Iterable
from zoneinfo import ZoneInfo

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, exists, false, func, select

from accounts import audit
from accounts.models import Role, User
from extensions import LOCAL_TZ_NAME, DomainError, db
from trainees.models import Kelurahan, Trainee

from .models import (
    Cohort,
    CohortStatus,
    Enrolment,
    EnrolmentStatus,
    TrainingAttendance,
    TrainingProgramme,
    TrainingSession,
)

MAX_NAME_LENGTH = 120
MAX_COHORT_NAME_LENGTH = 160
MAX_TRAINER_LENGTH = 120
MAX_VENUE_LENGTH = 200
MAX_TOPIC_LENGTH = 200
MAX_TEXT_LENGTH = 5000
MAX_REASON_LENGTH = 500
MAX_CAPACITY = 500
MAX_DURATION_MINUTES = 720
#: Certificate numbers: "BDY/<cohort id>/<year of completion>/<sequence in the cohort>".
CERTIFICATE_PREFIX = "BDY"

STAFF_ROLES = (Role.ADMIN.value, Role.OFFICER.value)
ATTENDANCE_ROLES = (*STAFF_ROLES, Role.MENTOR.value)
OPEN_STATUSES = (CohortStatus.PLANNED.value, CohortStatus.RUNNING.value)


# --- Errors -------------------------------------------------------------------------


class TrainingError(DomainError):
    default_message = _l("This operation is not allowed.")


class ValidationFailed(TrainingError):
    """Field -> message for every rule the data breaks (field names are those of the data
    classes and keyword arguments: ``name``, ``capacity``, ``held_on``...)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = {k: str(v) for k, v in errors.items()}
        super().__init__("; ".join(self.errors.values()), field=next(iter(self.errors), None))


class InvalidTransition(TrainingError):
    """The cohort or enrolment is not in a state that allows the step."""

    default_message = _l("This step is not possible in the cohort's current state.")

    def __init__(self, message=None, *, status: str | None = None):
        super().__init__(message)
        self.status = status


class NotAllowed(TrainingError):
    default_message = _l("You are not allowed to do this.")


# --- Helpers ------------------------------------------------------------------------


def _text(value) -> str:
    return (value or "").strip()


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def local_date(moment: datetime) -> date:
    """The Bandung date of an aware datetime (a naive one is refused)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime given; pass an aware UTC datetime")
    return moment.astimezone(ZoneInfo(LOCAL_TZ_NAME)).date()


def _can(user: User | None, roles) -> bool:
    return user is not None and getattr(user, "is_enabled", True) and user.role in roles


def can_manage(user: User | None) -> bool:
    """Admins and officers manage programmes, cohorts, enrolment and completion."""
    return _can(user, STAFF_ROLES)


def can_take_attendance(user: User | None) -> bool:
    """Admins, officers and mentors record sessions and attendance."""
    return _can(user, ATTENDANCE_ROLES)


def _require_manage(actor) -> None:
    if not can_manage(actor):
        raise NotAllowed(_l("Only administrators and loan officers can do this."))


def _require_attendance(actor) -> None:
    if not can_take_attendance(actor):
        raise NotAllowed(_l("Only administrators, loan officers and mentors can take attendance."))


def _lock(cohort: Cohort) -> Cohort:
    """Re-read ``cohort`` locked until the transaction ends (PostgreSQL; SQLite
    serialises writers with its database lock)."""
    if cohort.id is None:
        return cohort
    return db.session.execute(
        select(Cohort).where(Cohort.id == cohort.id).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


def _require_status(cohort: Cohort, allowed: Iterable[CohortStatus], message=None) -> None:
    if cohort.status not in tuple(s.value for s in allowed):
        raise InvalidTransition(
            message or _l("This step is not possible while the cohort is \"%(status)s\".",
                          status=cohort.status_enum.label),
            status=cohort.status)


def _enrolments(cohort: Cohort, status: EnrolmentStatus) -> list[Enrolment]:
    order = (Enrolment.enrolled_at, Enrolment.id) if status is EnrolmentStatus.WAITLISTED else (Enrolment.id,)
    return list(db.session.scalars(
        select(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.status == status.value).order_by(*order)
    ))


def seats_taken(cohort: Cohort) -> int:
    """Enrolled (seated) trainees of the cohort."""
    return db.session.scalar(select(func.count()).select_from(Enrolment).where(
        Enrolment.cohort_id == cohort.id, Enrolment.status == EnrolmentStatus.ENROLLED.value)) or 0


def _promote(cohort: Cohort, free: int, *, actor, reason: str) -> list[Enrolment]:
    """Move up to ``free`` waiting enrolments (first come, first served) onto seats."""
    promoted = []
    if free <= 0:
        return promoted
    for enrolment in _enrolments(cohort, EnrolmentStatus.WAITLISTED)[:free]:
        enrolment.status = EnrolmentStatus.ENROLLED.value
        audit.record(actor, "training.promoted", enrolment, details={
            "cohort_id": cohort.id, "trainee_id": enrolment.trainee_id, "reason": reason})
        promoted.append(enrolment)
    return promoted


# --- Programmes ---------------------------------------------------------------------


@dataclass
class ProgrammeData:
    name: str
    description: str = ""
    curriculum: str = ""  #: topics, one per line


def _programme_errors(data: ProgrammeData, programme: TrainingProgramme | None) -> dict:
    errors: dict[str, object] = {}
    name = _text(data.name)
    if not name:
        errors["name"] = _l("Give the programme a name.")
    elif len(name) > MAX_NAME_LENGTH:
        errors["name"] = _l("The name must be at most %(n)s characters.", n=MAX_NAME_LENGTH)
    else:
        query = select(TrainingProgramme.id).where(func.lower(TrainingProgramme.name) == name.lower())
        if programme is not None and programme.id is not None:
            query = query.where(TrainingProgramme.id != programme.id)
        if db.session.scalar(query) is not None:
            errors["name"] = _l("A programme with this name already exists.")
    for field in ("description", "curriculum"):
        if len(_text(getattr(data, field))) > MAX_TEXT_LENGTH:
            errors[field] = _l("This text must be at most %(n)s characters.", n=MAX_TEXT_LENGTH)
    return errors


def create_programme(data: ProgrammeData, *, actor: User) -> TrainingProgramme:
    _require_manage(actor)
    errors = _programme_errors(data, None)
    if errors:
        raise ValidationFailed(errors)
    programme = TrainingProgramme(name=_text(data.name), description=_text(data.description),
                                  curriculum=_text(data.curriculum), created_by_id=actor.id)
    db.session.add(programme)
    db.session.flush()
    audit.record(actor, "training.programme_created", programme, details={"name": programme.name})
    db.session.flush()
    return programme


def update_programme(programme: TrainingProgramme, data: ProgrammeData, *, actor: User) -> TrainingProgramme:
    _require_manage(actor)
    errors = _programme_errors(data, programme)
    if errors:
        raise ValidationFailed(errors)
    fields = ("name", "description", "curriculum")
    before = {f: getattr(programme, f) for f in fields}
    after = {f: _text(getattr(data, f)) for f in fields}
    for f, v in after.items():
        setattr(programme, f, v)
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor, "training.programme_updated", programme, details={"changes": changes})
    db.session.flush()
    return programme


# --- Cohorts ------------------------------------------------------------------------


@dataclass
class CohortData:
    programme_id: int
    name: str
    trainer: str
    kelurahan_code: str
    venue: str
    starts_on: date
    ends_on: date
    capacity: int  #: seats
    min_attendance_percent: int = 75  #: percent of the sessions held


def _cohort_errors(data: CohortData, cohort: Cohort | None) -> dict:
    errors: dict[str, object] = {}
    programme = db.session.get(TrainingProgramme, data.programme_id) if _is_int(data.programme_id) else None
    if programme is None:
        errors["programme_id"] = _l("Choose a programme.")
    elif cohort is not None and data.programme_id != cohort.programme_id:
        if cohort.status != CohortStatus.PLANNED.value:
            errors["programme_id"] = _l("The programme can only be changed before the cohort starts.")
        elif not programme.is_active:
            errors["programme_id"] = _l("This programme is no longer offered.")
    elif cohort is None and not programme.is_active:
        errors["programme_id"] = _l("This programme is no longer offered.")

    name = _text(data.name)
    if not name:
        errors["name"] = _l("Give the cohort a name.")
    elif len(name) > MAX_COHORT_NAME_LENGTH:
        errors["name"] = _l("The name must be at most %(n)s characters.", n=MAX_COHORT_NAME_LENGTH)
    else:
        query = select(Cohort.id).where(func.lower(Cohort.name) == name.lower())
        if cohort is not None and cohort.id is not None:
            query = query.where(Cohort.id != cohort.id)
        if db.session.scalar(query) is not None:
            errors["name"] = _l("A cohort with this name already exists.")

    for field, maximum, missing in (
        ("trainer", MAX_TRAINER_LENGTH, _l("Name the trainer.")),
        ("venue", MAX_VENUE_LENGTH, _l("Give the venue (balai RW, aula kelurahan, ...).")),
    ):
        value = _text(getattr(data, field))
        if not value:
            errors[field] = missing
        elif len(value) > maximum:
            errors[field] = _l("This text must be at most %(n)s characters.", n=maximum)

    code = _text(data.kelurahan_code)
    if not code or db.session.get(Kelurahan, code) is None:
        errors["kelurahan_code"] = _l("Choose the kelurahan where the cohort meets.")

    if not isinstance(data.starts_on, date):
        errors["starts_on"] = _l("Give the start date.")
    if not isinstance(data.ends_on, date):
        errors["ends_on"] = _l("Give the end date.")
    elif isinstance(data.starts_on, date) and data.ends_on < data.starts_on:
        errors["ends_on"] = _l("The end date cannot be before the start date.")
    if cohort is not None and cohort.id is not None and "starts_on" not in errors and "ends_on" not in errors:
        held = db.session.execute(select(func.min(TrainingSession.held_on), func.max(TrainingSession.held_on))
                                  .where(TrainingSession.cohort_id == cohort.id)).one()
        if held[0] is not None and data.starts_on > held[0]:
            errors["starts_on"] = _l("A session was held on %(date)s, before this start date.",
                                     date=held[0].isoformat())
        if held[1] is not None and data.ends_on < held[1]:
            errors["ends_on"] = _l("A session was held on %(date)s, after this end date.", date=held[1].isoformat())

    if not _is_int(data.capacity) or not 1 <= data.capacity <= MAX_CAPACITY:
        errors["capacity"] = _l("The capacity must be a whole number from 1 to %(n)s.", n=MAX_CAPACITY)
    elif cohort is not None and cohort.id is not None:
        taken = seats_taken(cohort)
        if data.capacity < taken:
            errors["capacity"] = _l("%(n)s trainees already have a seat; the capacity cannot be lower.", n=taken)
    if not _is_int(data.min_attendance_percent) or not 0 <= data.min_attendance_percent <= 100:
        errors["min_attendance_percent"] = _l("The minimum attendance must be a whole percent from 0 to 100.")
    return errors


COHORT_FIELDS = ("programme_id", "name", "trainer", "kelurahan_code", "venue", "starts_on", "ends_on", "capacity",
                 "min_attendance_percent")


def _cohort_values(data: CohortData) -> dict:
    values = {f: getattr(data, f) for f in COHORT_FIELDS}
    for f in ("name", "trainer", "kelurahan_code", "venue"):
        values[f] = _text(values[f])
    return values


def create_cohort(data: CohortData, *, actor: User) -> Cohort:
    _require_manage(actor)
    errors = _cohort_errors(data, None)
    if errors:
        raise ValidationFailed(errors)
    cohort = Cohort(**_cohort_values(data), status=CohortStatus.PLANNED.value, created_by_id=actor.id)
    db.session.add(cohort)
    db.session.flush()
    audit.record(actor, "training.cohort_created", cohort, details=_cohort_values(data))
    db.session.flush()
    return cohort


def update_cohort(cohort: Cohort, data: CohortData, *, actor: User) -> Cohort:
    """Edit a planned or running cohort. The capacity cannot go below the seats taken; a
    higher capacity moves waiting trainees up."""
    _require_manage(actor)
    cohort = _lock(cohort)
    _require_status(cohort, (CohortStatus.PLANNED, CohortStatus.RUNNING))
    errors = _cohort_errors(data, cohort)
    if errors:
        raise ValidationFailed(errors)
    before = {f: getattr(cohort, f) for f in COHORT_FIELDS}
    after = _cohort_values(data)
    for f, v in after.items():
        setattr(cohort, f, v)
    changes = audit.diff(before, after)
    if changes:
        audit.record(actor, "training.cohort_updated", cohort, details={"changes": changes})
    db.session.flush()
    _promote(cohort, cohort.capacity - seats_taken(cohort), actor=actor, reason="capacity")
    db.session.flush()
    return cohort


def start_cohort(cohort: Cohort, *, actor: User, now: datetime) -> Cohort:
    """PLANNED -> RUNNING (also done by the first session recorded)."""
    _require_attendance(actor)
    cohort = _lock(cohort)
    _require_status(cohort, (CohortStatus.PLANNED,))
    _start(cohort, actor=actor, now=now)
    db.session.flush()
    return cohort


def _start(cohort: Cohort, *, actor, now: datetime) -> None:
    cohort.status = CohortStatus.RUNNING.value
    audit.record(actor, "training.cohort_started", cohort, details={"on": local_date(now)})


def cancel_cohort(cohort: Cohort, reason: str, *, actor: User, now: datetime) -> Cohort:
    """PLANNED or RUNNING -> CANCELLED with a reason (kept in the audit event); enrolled
    and waiting trainees are withdrawn."""
    _require_manage(actor)
    cohort = _lock(cohort)
    _require_status(cohort, (CohortStatus.PLANNED, CohortStatus.RUNNING))
    reason = _text(reason)
    if not reason:
        raise ValidationFailed({"reason": _l("Give the reason for cancelling the cohort.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationFailed({"reason": _l("The reason must be at most %(n)s characters.", n=MAX_REASON_LENGTH)})
    withdrawn = []
    for status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED):
        for enrolment in _enrolments(cohort, status):
            enrolment.status = EnrolmentStatus.WITHDRAWN.value
            withdrawn.append(enrolment.id)
    cohort.status = CohortStatus.CANCELLED.value
    audit.record(actor, "training.cohort_cancelled", cohort, details={
        "reason": reason, "on": local_date(now), "withdrawn_enrolment_ids": withdrawn})
    db.session.flush()
    return cohort


def visible_cohorts(user) -> Select:
    """Cohorts ``user`` may see in /training: admins, officers and mentors all; anyone
    else none (a trainee reaches only their own certificate). Unordered."""
    if can_take_attendance(user):
        return select(Cohort)
    return select(Cohort).where(false())


# --- Enrolment ----------------------------------------------------------------------


def enrol(cohort: Cohort, trainee: Trainee, *, actor: User, now: datetime) -> Enrolment:
    """Enrol ``trainee``: a seat if one is free, else the waiting list. A trainee who
    withdrew earlier is enrolled again (same row, at the back of the queue)."""
    _require_manage(actor)
    local_date(now)  # refuses a naive datetime before any write
    cohort = _lock(cohort)
    _require_status(cohort, (CohortStatus.PLANNED, CohortStatus.RUNNING),
                    _l("Trainees can only be enrolled in a planned or running cohort."))
    existing = db.session.scalar(
        select(Enrolment).where(Enrolment.cohort_id == cohort.id, Enrolment.trainee_id == trainee.id))
    if existing is not None and existing.status != EnrolmentStatus.WITHDRAWN.value:
        raise ValidationFailed({"trainee_id": _l("%(name)s is already in this cohort (%(status)s).",
                                                 name=trainee.full_name, status=existing.status_enum.label)})
    status = (EnrolmentStatus.ENROLLED if seats_taken(cohort) < cohort.capacity else EnrolmentStatus.WAITLISTED)
    if existing is not None:
        enrolment = existing
        enrolment.status, enrolment.enrolled_at, enrolment.enrolled_by_id = status.value, now, actor.id
        enrolment.business_plan_submitted_on = None
    else:
        enrolment = Enrolment(cohort_id=cohort.id, trainee_id=trainee.id, status=status.value, enrolled_at=now,
                              enrolled_by_id=actor.id)
        db.session.add(enrolment)
    db.session.flush()
    action = "training.enrolled" if status is EnrolmentStatus.ENROLLED else "training.waitlisted"
    audit.record(actor, action, enrolment, details={"cohort_id": cohort.id, "trainee_id": trainee.id,
                                                    "re_enrolled": existing is not None})
    db.session.flush()
    return enrolment


def withdraw(enrolment: Enrolment, *, actor: User, now: datetime) -> list[Enrolment]:
    """Withdraw an enrolled or waiting trainee. A freed seat goes to the first waiting
    trainee. Returns the enrolments moved up (empty or one)."""
    _require_manage(actor)
    local_date(now)
    cohort = _lock(enrolment.cohort)
    _require_status(cohort, (CohortStatus.PLANNED, CohortStatus.RUNNING),
                    _l("Trainees can only withdraw from a planned or running cohort."))
    db.session.refresh(enrolment)
    if enrolment.status not in (EnrolmentStatus.ENROLLED.value, EnrolmentStatus.WAITLISTED.value):
        raise InvalidTransition(_l("This trainee is not enrolled or waiting in the cohort."), status=enrolment.status)
    was = enrolment.status
    enrolment.status = EnrolmentStatus.WITHDRAWN.value
    audit.record(actor, "training.withdrawn", enrolment, details={
        "cohort_id": cohort.id, "trainee_id": enrolment.trainee_id, "was": was, "on": local_date(now)})
    db.session.flush()
    promoted = []
    if was == EnrolmentStatus.ENROLLED.value:
        promoted = _promote(cohort, cohort.capacity - seats_taken(cohort), actor=actor, reason="withdrawal")
        db.session.flush()
    return promoted


def mark_business_plan(enrolment: Enrolment, submitted: bool, *, actor: User, on: date) -> Enrolment:
    """Mark the final business plan handed in on ``on`` (or not handed in)."""
    _require_manage(actor)
    _require_status(enrolment.cohort, (CohortStatus.PLANNED, CohortStatus.RUNNING))
    if enrolment.status != EnrolmentStatus.ENROLLED.value:
        raise InvalidTransition(_l("Only an enrolled trainee's business plan can be marked."),
                                status=enrolment.status)
    if submitted and not isinstance(on, date):
        raise ValidationFailed({"on": _l("Give the date the plan was handed in.")})
    before = enrolment.business_plan_submitted_on
    enrolment.business_plan_submitted_on = on if submitted else None
    if before != enrolment.business_plan_submitted_on:
        audit.record(actor, "training.business_plan", enrolment, details={
            "submitted": bool(submitted), "on": enrolment.business_plan_submitted_on, "before": before})
    db.session.flush()
    return enrolment


# --- Sessions and attendance --------------------------------------------------------


def _present_errors(cohort: Cohort, present_ids, enrolled: list[Enrolment]) -> dict:
    enrolled_ids = {e.id for e in enrolled}
    if not all(_is_int(i) for i in present_ids) or not set(present_ids) <= enrolled_ids:
        return {"present_enrolment_ids": _l("Attendance can only be taken for trainees enrolled in this cohort.")}
    return {}


def record_session(cohort: Cohort, *, held_on: date, topic: str, duration_minutes: int,
                   present_enrolment_ids: set[int], actor: User, today: date) -> TrainingSession:
    """Record a session held on ``held_on`` with one attendance row per enrolled trainee
    (present if their enrolment id is in ``present_enrolment_ids``). A planned cohort
    starts with its first session. ``held_on`` lies within the cohort's dates and not
    after ``today`` (Bandung)."""
    _require_attendance(actor)
    cohort = _lock(cohort)
    _require_status(cohort, (CohortStatus.PLANNED, CohortStatus.RUNNING),
                    _l("Sessions can only be recorded for a planned or running cohort."))
    present_enrolment_ids = set(present_enrolment_ids or ())
    enrolled = _enrolments(cohort, EnrolmentStatus.ENROLLED)
    errors: dict[str, object] = {}
    if not isinstance(held_on, date):
        errors["held_on"] = _l("Give the date of the session.")
    elif not cohort.starts_on <= held_on <= cohort.ends_on:
        errors["held_on"] = _l("The session must lie within the cohort's dates (%(start)s to %(end)s).",
                               start=cohort.starts_on.isoformat(), end=cohort.ends_on.isoformat())
    elif held_on > today:
        errors["held_on"] = _l("The session date cannot be in the future.")
    topic = _text(topic)
    if not topic:
        errors["topic"] = _l("Give the session's topic.")
    elif len(topic) > MAX_TOPIC_LENGTH:
        errors["topic"] = _l("The topic must be at most %(n)s characters.", n=MAX_TOPIC_LENGTH)
    if not _is_int(duration_minutes) or not 1 <= duration_minutes <= MAX_DURATION_MINUTES:
        errors["duration_minutes"] = _l("The duration must be from 1 to %(n)s minutes.", n=MAX_DURATION_MINUTES)
    errors.update(_present_errors(cohort, present_enrolment_ids, enrolled))
    if errors:
        raise ValidationFailed(errors)

    if cohort.status == CohortStatus.PLANNED.value:
        cohort.status = CohortStatus.RUNNING.value
        audit.record(actor, "training.cohort_started", cohort, details={"on": held_on, "by_session": True})
    session = TrainingSession(cohort_id=cohort.id, held_on=held_on, topic=topic, duration_minutes=duration_minutes,
                              recorded_by_id=actor.id)
    session.attendance = [TrainingAttendance(enrolment_id=e.id, present=e.id in present_enrolment_ids)
                          for e in enrolled]
    db.session.add(session)
    db.session.flush()
    audit.record(actor, "training.session_recorded", session, details={
        "cohort_id": cohort.id, "held_on": held_on, "topic": topic, "duration_minutes": duration_minutes,
        "present": sorted(present_enrolment_ids), "enrolled": len(enrolled)})
    db.session.flush()
    return session


def update_attendance(session: TrainingSession, present_enrolment_ids: set[int], *,
                      actor: User) -> dict[int, list[bool]]:
    """Re-take a session's attendance. Trainees enrolled since the session get a row too;
    rows of trainees who withdrew since are kept as they are. Returns the changes
    {enrolment id: [before, after]} (audited)."""
    _require_attendance(actor)
    cohort = _lock(session.cohort)
    _require_status(cohort, (CohortStatus.RUNNING,),
                    _l("Attendance can only be changed while the cohort is running."))
    present_enrolment_ids = set(present_enrolment_ids or ())
    enrolled = _enrolments(cohort, EnrolmentStatus.ENROLLED)
    errors = _present_errors(cohort, present_enrolment_ids, enrolled)
    if errors:
        raise ValidationFailed(errors)
    rows = {row.enrolment_id: row for row in session.attendance}
    changes: dict[int, list[bool]] = {}
    for e in enrolled:
        present = e.id in present_enrolment_ids
        row = rows.get(e.id)
        if row is None:
            session.attendance.append(TrainingAttendance(enrolment_id=e.id, present=present))
            changes[e.id] = [None, present]
        elif row.present != present:
            changes[e.id] = [row.present, present]
            row.present = present
    if changes:
        audit.record(actor, "training.attendance_updated", session, details={
            "cohort_id": cohort.id, "changes": {str(k): v for k, v in changes.items()}})
    db.session.flush()
    return changes


def _percent(present: int, held: int) -> int | None:
    """present/held as a whole percent, rounded HALF_EVEN; None when nothing was held."""
    if not held:
        return None
    return int((Decimal(present) * 100 / Decimal(held)).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def _attendance_counts(cohort: Cohort) -> tuple[int, dict[int, int]]:
    """(sessions held, {enrolment id: sessions present})."""
    held = db.session.scalar(select(func.count()).select_from(TrainingSession)
                             .where(TrainingSession.cohort_id == cohort.id)) or 0
    present = dict(db.session.execute(
        select(TrainingAttendance.enrolment_id, func.count())
        .join(TrainingSession, TrainingSession.id == TrainingAttendance.session_id)
        .where(TrainingSession.cohort_id == cohort.id, TrainingAttendance.present.is_(True))
        .group_by(TrainingAttendance.enrolment_id)
    ).all())
    return held, present


def attendance_percent(enrolment: Enrolment) -> int | None:
    """Share of the cohort's sessions the trainee attended, whole percent rounded
    HALF_EVEN; None when no session was held. For an evaluated enrolment (completed or
    not) the figure kept at completion."""
    if enrolment.status in (EnrolmentStatus.COMPLETED.value, EnrolmentStatus.NOT_COMPLETED.value) \
            and enrolment.attendance_percent is not None:
        return enrolment.attendance_percent
    held, present = _attendance_counts(enrolment.cohort)
    return _percent(present.get(enrolment.id, 0), held)


def completion_preview(cohort: Cohort) -> list[tuple[Enrolment, int | None, bool, bool]]:
    """(enrolment, attendance percent, business plan submitted, will complete) for each
    enrolled trainee, in enrolment order: what ``complete_cohort`` would decide now."""
    held, present = _attendance_counts(cohort)
    rows = []
    for e in _enrolments(cohort, EnrolmentStatus.ENROLLED):
        percent = _percent(present.get(e.id, 0), held)
        plan_ok = e.business_plan_submitted_on is not None
        rows.append((e, percent, plan_ok,
                     percent is not None and percent >= cohort.min_attendance_percent and plan_ok))
    return rows


def complete_cohort(cohort: Cohort, *, actor: User, now: datetime) -> tuple[list[Enrolment], list[Enrolment]]:
    """RUNNING -> COMPLETED. Each enrolled trainee who meets the rule becomes COMPLETED
    (with a certificate number, ``completed_on`` = the Bandung date of ``now`` and the
    attendance percent kept), the others NOT_COMPLETED; waiting ones are WITHDRAWN.
    Refused when no session was held. Returns (completed, not completed)."""
    _require_manage(actor)
    on = local_date(now)
    cohort = _lock(cohort)
    _require_status(cohort, (CohortStatus.RUNNING,), _l("Only a running cohort can be completed."))
    preview = completion_preview(cohort)
    if not cohort.sessions:
        raise InvalidTransition(_l("Record at least one session before completing the cohort."),
                                status=cohort.status)
    completed, not_completed = [], []
    for seq, (e, percent, _plan_ok, ok) in enumerate((row for row in preview if row[3]), start=1):
        e.status = EnrolmentStatus.COMPLETED.value
        e.attendance_percent, e.completed_on = percent, on
        e.certificate_number = f"{CERTIFICATE_PREFIX}/{cohort.id}/{on.year}/{seq:04d}"
        completed.append(e)
    for e, percent, _plan_ok, ok in preview:
        if not ok:
            e.status = EnrolmentStatus.NOT_COMPLETED.value
            e.attendance_percent = percent
            not_completed.append(e)
    withdrawn = []
    for e in _enrolments(cohort, EnrolmentStatus.WAITLISTED):
        e.status = EnrolmentStatus.WITHDRAWN.value
        withdrawn.append(e.id)
    cohort.status = CohortStatus.COMPLETED.value
    cohort.completed_at, cohort.completed_by_id = now, actor.id
    audit.record(actor, "training.cohort_completed", cohort, details={
        "on": on, "completed": [e.id for e in completed], "not_completed": [e.id for e in not_completed],
        "withdrawn_from_waiting_list": withdrawn})
    db.session.flush()
    return completed, not_completed


# --- Questions other packages ask ---------------------------------------------------


def has_completed_training(trainee_id: int) -> bool:
    """Has the trainee completed a training cohort (any programme)? Loan products with
    ``requires_training`` ask this."""
    return bool(db.session.scalar(select(exists().where(
        Enrolment.trainee_id == trainee_id, Enrolment.status == EnrolmentStatus.COMPLETED.value))))


def can_download_certificate(user, enrolment: Enrolment) -> bool:
    """Staff (admin, officer, mentor) for any completed enrolment; a trainee for their own."""
    if enrolment.status != EnrolmentStatus.COMPLETED.value or user is None:
        return False
    if can_take_attendance(user):
        return True
    return (getattr(user, "role", None) == Role.TRAINEE.value and enrolment.trainee.user_id is not None
            and enrolment.trainee.user_id == user.id)
