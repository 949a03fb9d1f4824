"""Every state change of the trainee registry, plus the visibility policy.

Validation of a trainee's data lives here (``validate``) so the web form, the CSV
import and the demo seeder obey the same rules.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field, replace
from datetime import date
from typing import Iterable, Sequence

from flask_babel import lazy_gettext as _l
from sqlalchemy import Select, func, insert, or_, select

from accounts import audit
from accounts.models import Role, User
from extensions import db
from mentoring import services as mentoring_services

from .identity import NIKError, normalise_phone, parse_nik
from .models import Business, Gender, Kelurahan, PovertyStatus, Sector, Trainee

NIK_MESSAGES = {
    "digits": _l("NIK must contain digits only."),
    "length": _l("NIK must be exactly 16 digits."),
    "region": _l("NIK does not start with a valid region code."),
    "birth_date": _l("NIK digits 7-12 do not encode a valid birth date."),
    "serial": _l("NIK serial number (last 4 digits) cannot be 0000."),
}


class ValidationFailed(Exception):
    """Field -> message for every rule the data breaks."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(f"{k}: {v}" for k, v in errors.items()))
        self.errors = errors


@dataclass
class BusinessData:
    name: str
    sector: str
    started_on: date | None = None
    nib: str | None = None
    at_home: bool = True
    address: str | None = None
    description: str | None = None


@dataclass
class TraineeData:
    nik: str
    full_name: str
    gender: str
    born_on: date
    phone: str | None
    address: str
    rt: str
    rw: str
    kelurahan_code: str
    household_size: int
    poverty_status: str
    welfare_decile: int
    joined_on: date
    consent_on: date | None
    mentor_id: int | None = None
    officer_id: int | None = None
    user_id: int | None = None
    business: BusinessData | None = None


@dataclass
class Refs:
    """Reference data loaded once, so validating 100,000 rows runs no query per row."""

    kelurahan: dict[str, str]  # kelurahan code -> kecamatan code
    user_roles: dict[int, str]  # enabled users -> role
    linked_user_ids: set[int] = field(default_factory=set)

    @classmethod
    def load(cls) -> "Refs":
        return cls(
            kelurahan=dict(db.session.execute(select(Kelurahan.code, Kelurahan.kecamatan_code)).all()),
            user_roles=dict(db.session.execute(select(User.id, User.role).where(User.is_enabled.is_(True))).all()),
            linked_user_ids=set(db.session.scalars(select(Trainee.user_id).where(Trainee.user_id.is_not(None)))),
        )


def _pad_rt_rw(value: str) -> str | None:
    value = (value or "").strip()
    if not value.isdigit() or not 1 <= int(value) <= 999:
        return None
    return f"{int(value):03d}"


def validate(data: TraineeData, *, refs: Refs, today: date, trainee: Trainee | None = None) -> TraineeData:
    """Check every rule; return normalised data or raise ValidationFailed.

    Uniqueness of the NIK is checked by the callers against the database (one query
    for a single trainee, one set for a bulk import)."""
    errors: dict[str, str] = {}
    nik = (data.nik or "").strip()
    try:
        info = parse_nik(nik)
    except NIKError as err:
        errors["nik"] = str(NIK_MESSAGES[err.code])
        info = None
    if not (data.full_name or "").strip():
        errors["full_name"] = str(_l("Full name is required."))
    if data.gender not in {g.value for g in Gender}:
        errors["gender"] = str(_l("Choose a gender."))
    if data.born_on is None or data.born_on > today or data.born_on.year < today.year - 110:
        errors["born_on"] = str(_l("Birth date is not plausible."))
    elif today.year - data.born_on.year - ((today.month, today.day) < (data.born_on.month, data.born_on.day)) < 17:
        errors["born_on"] = str(_l("Trainees must be at least 17 years old."))
    if info is not None and "born_on" not in errors and not info.matches_birth_date(data.born_on):
        errors["nik"] = str(_l("NIK digits 7-12 do not match the birth date."))
    if info is not None and data.gender in {"M", "F"} and info.gender != data.gender:
        errors["nik"] = str(_l("NIK does not match the gender (women have 40 added to the birth day)."))
    phone = None
    if data.phone and data.phone.strip():
        try:
            phone = normalise_phone(data.phone)
        except ValueError:
            errors["phone"] = str(_l("Not a valid Indonesian phone number."))
    if not (data.address or "").strip():
        errors["address"] = str(_l("Address is required."))
    rt, rw = _pad_rt_rw(data.rt), _pad_rt_rw(data.rw)
    if rt is None:
        errors["rt"] = str(_l("RT must be a number from 1 to 999."))
    if rw is None:
        errors["rw"] = str(_l("RW must be a number from 1 to 999."))
    if data.kelurahan_code not in refs.kelurahan:
        errors["kelurahan_code"] = str(_l("Choose a kelurahan of Kota Bandung."))
    if not isinstance(data.household_size, int) or not 1 <= data.household_size <= 30:
        errors["household_size"] = str(_l("Household size must be between 1 and 30."))
    if data.poverty_status not in {p.value for p in PovertyStatus}:
        errors["poverty_status"] = str(_l("Choose a poverty status."))
    if not isinstance(data.welfare_decile, int) or not 1 <= data.welfare_decile <= 10:
        errors["welfare_decile"] = str(_l("Welfare decile must be between 1 and 10."))
    if data.joined_on is None or data.joined_on > today:
        errors["joined_on"] = str(_l("Joined-on date cannot be in the future."))
    if data.consent_on is None:
        errors["consent_on"] = str(_l("Consent to data processing is required."))
    elif data.consent_on > today:
        errors["consent_on"] = str(_l("Consent date cannot be in the future."))
    if data.mentor_id is not None and refs.user_roles.get(data.mentor_id) != Role.MENTOR.value:
        errors["mentor_id"] = str(_l("The mentor must be an active user with the mentor role."))
    if data.officer_id is not None and refs.user_roles.get(data.officer_id) != Role.OFFICER.value:
        errors["officer_id"] = str(_l("The loan officer must be an active user with the officer role."))
    if data.user_id is not None:
        if refs.user_roles.get(data.user_id) != Role.TRAINEE.value:
            errors["user_id"] = str(_l("The linked account must be an active user with the trainee role."))
        elif data.user_id in refs.linked_user_ids and (trainee is None or trainee.user_id != data.user_id):
            errors["user_id"] = str(_l("This account is already linked to another trainee."))
    business = data.business
    if business is not None:
        if not (business.name or "").strip():
            errors["business.name"] = str(_l("Business name is required."))
        if business.sector not in {s.value for s in Sector}:
            errors["business.sector"] = str(_l("Choose a sector."))
        if business.started_on is not None and business.started_on > today:
            errors["business.started_on"] = str(_l("Start date cannot be in the future."))
        nib = (business.nib or "").strip() or None
        if nib is not None and (not nib.isdigit() or len(nib) != 13):
            errors["business.nib"] = str(_l("NIB must be 13 digits."))
        address = (business.address or "").strip() or None
        if not business.at_home and address is None:
            errors["business.address"] = str(_l("Give the business address, or mark it as at home."))
        business = replace(
            business,
            name=(business.name or "").strip(),
            nib=nib,
            address=None if business.at_home else address,
            description=(business.description or "").strip() or None,
        )
    if errors:
        raise ValidationFailed(errors)
    return replace(
        data,
        nik=nik,
        full_name=" ".join(data.full_name.split()),
        phone=phone,
        address=data.address.strip(),
        rt=rt,
        rw=rw,
        business=business,
    )


def _nik_taken(nik: str, *, exclude_id: int | None = None) -> bool:
    query = select(Trainee.id).where(Trainee.nik == nik)
    if exclude_id is not None:
        query = query.where(Trainee.id != exclude_id)
    return db.session.scalar(query) is not None


def _trainee_columns(data: TraineeData, refs: Refs) -> dict:
    values = asdict(data)
    values.pop("business")
    values["kecamatan_code"] = refs.kelurahan[data.kelurahan_code]
    return values


def register_trainee(data: TraineeData, *, actor: User, today: date, refs: Refs | None = None) -> Trainee:
    refs = refs or Refs.load()
    data = validate(data, refs=refs, today=today)
    if _nik_taken(data.nik):
        raise ValidationFailed({"nik": str(_l("A trainee with this NIK is already registered."))})
    trainee = Trainee(**_trainee_columns(data, refs), consent_recorded_by_id=actor.id)
    if data.business is not None:
        trainee.business = Business(**asdict(data.business))
    db.session.add(trainee)
    db.session.flush()
    # the opening period of the mentor history starts when the trainee joined (as the
    # migration that introduced the history backfilled it)
    mentoring_services.record_initial_assignment(trainee, actor=actor, on=data.joined_on)
    audit.record(actor, "trainee.created", trainee, details=_audit_details(data))
    return trainee


def _audit_details(data: TraineeData) -> dict:
    details = asdict(data)
    details.pop("nik")  # personal data: the NIK stays in the registry, not the log
    return details


def _snapshot(trainee: Trainee) -> dict:
    values = {name: getattr(trainee, name) for name in TraineeData.__dataclass_fields__ if name != "business"}
    # Business keys are always present (None without a business), so that removing a
    # business shows up in ``audit.diff``, which only looks at the keys of "after".
    business = trainee.business
    values.update({f"business.{k}": getattr(business, k, None) for k in BusinessData.__dataclass_fields__})
    return values


def update_trainee(trainee: Trainee, data: TraineeData, *, actor: User, today: date) -> Trainee:
    """Save the form's data. A changed mentor goes through
    ``mentoring.services.assign_mentor`` (dated ``today``, reason "Changed in the trainee
    form"), so the assignment history stays in step; its refusals come back as
    ValidationFailed on ``mentor_id``."""
    refs = Refs.load()
    data = validate(data, refs=refs, today=today, trainee=trainee)
    if data.nik != trainee.nik and _nik_taken(data.nik, exclude_id=trainee.id):
        raise ValidationFailed({"nik": str(_l("A trainee with this NIK is already registered."))})
    before = _snapshot(trainee)
    if data.mentor_id != trainee.mentor_id:
        mentor = db.session.get(User, data.mentor_id) if data.mentor_id is not None else None
        try:
            # the last check before any change, so a refusal saves nothing
            mentoring_services.assign_mentor(trainee, mentor, actor=actor, on=today,
                                             reason=str(_l("Changed in the trainee form")))
        except mentoring_services.MentoringError as err:
            raise ValidationFailed({"mentor_id": str(err)}) from err
    columns = _trainee_columns(data, refs)
    if columns["consent_on"] != trainee.consent_on:
        trainee.consent_recorded_by_id = actor.id
    for name, value in columns.items():
        setattr(trainee, name, value)
    if data.business is None:
        if trainee.business is not None:
            db.session.delete(trainee.business)
            trainee.business = None
    elif trainee.business is None:
        trainee.business = Business(**asdict(data.business))
    else:
        for name, value in asdict(data.business).items():
            setattr(trainee.business, name, value)
    changes = audit.diff(before, _snapshot(trainee))
    if "nik" in changes:
        changes["nik"] = ["…", "…"]  # record that it changed, not the values
    if changes:
        audit.record(actor, "trainee.updated", trainee, details={"changes": changes})
    db.session.flush()
    return trainee


def bulk_register(rows: Sequence[TraineeData], *, actor: User, refs: Refs) -> list[int]:
    """Insert already-validated, NIK-unique rows in a few statements (import and demo
    seeding at scale). Writes one audit event per trainee, as the single path does, and
    opens the mentor history (from ``joined_on``) of those with a mentor."""
    if not rows:
        return []
    trainee_rows = [
        {**_trainee_columns(r, refs), "consent_recorded_by_id": actor.id} for r in rows
    ]
    # Core inserts (not ORM bulk, which splits rows into runs by which values are None),
    # ids matched back by the unique NIK: sort_by_parameter_order has no sentinel column
    # here and falls back to one INSERT per row.
    table = Trainee.__table__
    id_by_nik = dict(
        (nik, tid) for tid, nik in db.session.execute(insert(table).returning(table.c.id, table.c.nik), trainee_rows)
    )
    ids = [id_by_nik[r.nik] for r in rows]
    business_rows = [
        {**asdict(r.business), "trainee_id": tid} for tid, r in zip(ids, rows) if r.business is not None
    ]
    if business_rows:
        db.session.execute(insert(Business.__table__), business_rows)
    mentoring_services.record_initial_assignments(
        ((tid, r.mentor_id, r.joined_on) for tid, r in zip(ids, rows)), actor=actor)
    from accounts.models import AuditEvent

    ip = audit.request_ip()
    db.session.execute(
        insert(AuditEvent),
        [
            {
                "actor_id": actor.id,
                "action": "trainee.created",
                "entity_type": "trainee",
                "entity_id": str(tid),
                "details": audit._jsonable({**_audit_details(r), "via": "bulk"}),
                "ip": ip,
            }
            for tid, r in zip(ids, rows)
        ],
    )
    return ids


def existing_niks(niks: Iterable[str]) -> set[str]:
    niks = list(niks)
    found: set[str] = set()
    for start in range(0, len(niks), 5000):
        found.update(db.session.scalars(select(Trainee.nik).where(Trainee.nik.in_(niks[start : start + 5000]))))
    return found


# --- Visibility policy ------------------------------------------------------------


def visible_trainees(user: User) -> Select:
    """Trainees ``user`` may see: admin and officer all; a mentor those assigned to them;
    a trainee only their own record; anyone else none."""
    query = select(Trainee)
    if user.role in {Role.ADMIN.value, Role.OFFICER.value}:
        return query
    if user.role == Role.MENTOR.value:
        return query.where(Trainee.mentor_id == user.id)
    if user.role == Role.TRAINEE.value:
        return query.where(Trainee.user_id == user.id)
    return query.where(False)


@dataclass
class TraineeFilters:
    q: str | None = None
    kecamatan: str | None = None
    kelurahan: str | None = None
    poverty_status: str | None = None
    mentor_id: int | None = None
    officer_id: int | None = None


def filtered_trainees(user: User, filters: TraineeFilters) -> Select:
    query = visible_trainees(user)
    q = (filters.q or "").strip()
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        # "%" and "_" typed by the user are text, not LIKE wildcards. ILIKE (not
        # lower() LIKE) so PostgreSQL can use the trigram index on full_name.
        escaped = q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        conditions = [Trainee.full_name.ilike(f"%{escaped}%", escape="\\")]
        if digits and len(digits) >= 4 and digits == q.replace(" ", "").lstrip("+"):
            conditions.append(Trainee.nik.startswith(digits))
        try:
            conditions.append(Trainee.phone == normalise_phone(q))
        except ValueError:
            pass
        query = query.where(or_(*conditions))
    if filters.kecamatan:
        query = query.where(Trainee.kecamatan_code == filters.kecamatan)
    if filters.kelurahan:
        query = query.where(Trainee.kelurahan_code == filters.kelurahan)
    if filters.poverty_status:
        query = query.where(Trainee.poverty_status == filters.poverty_status)
    if filters.mentor_id:
        query = query.where(Trainee.mentor_id == filters.mentor_id)
    if filters.officer_id:
        query = query.where(Trainee.officer_id == filters.officer_id)
    if q:
        # Case-insensitive order for search results. It also keeps PostgreSQL from
        # walking the name index past thousands of non-matching rows: the matches come
        # from the trigram index and are sorted (top-N), whatever the table size.
        return query.order_by(func.lower(Trainee.full_name), Trainee.id)
    return query.order_by(Trainee.full_name, Trainee.id)
