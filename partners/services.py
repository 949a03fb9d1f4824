"""Every state change of the partners domain: CSR partners, their funding agreements,
the loans financed against an agreement, trainees' stories, and partner logins.

Conventions (as in loans.services and training.services): explicit keyword arguments for
who (``actor``) and when (``on``/``signed_on``/``consent_on``: Bandung dates; nothing here
reads the clock — views pass ``today`` where a date must not be in the future); domain
errors (:class:`PartnersError`), never HTTP errors; services flush and never commit; every
change writes its audit event in the same transaction. A refused call has changed nothing:
every check runs before the first write.

Who: administrators and loan officers manage partners, agreements and fundings; stories
are written by them or by the trainee's current mentor; only administrators create
partner logins (user management is theirs). Views check roles too.

Financing rules (:func:`fund_loan`). A funding says "``amount`` of this disbursed loan's
principal was financed by this agreement". It is refused when

- the amount is not above zero with at most two decimal places;
- the loan is written off, or the partner is no longer active;
- ``on`` is before the agreement was signed or before the loan was disbursed (or after
  ``today``, when the view passes it);
- the trainee or their business does not match the agreement's earmark (each part left
  empty means "any"; a trainee without a business matches no sector earmark);
- the agreement has less than ``amount`` uncommitted (committed − financed so far);
- the loan's principal not yet financed by any agreement is less than ``amount``;
- the agreement already finances this loan (one funding per agreement and loan).

Both rows are locked (``SELECT ... FOR UPDATE``: the agreement, then the loan) before the
sums are read, so two officers financing at the same moment cannot together exceed the
agreement or the loan (PostgreSQL; SQLite serialises writers with its database lock).

Stories (:class:`partners.models.TraineeStory`) are told without the trainee's name: a
title or text containing the trainee's NIK, phone number or any word of their name (three
letters or more) is refused. A story is a draft until published with the trainee's consent
(the day, and who recorded it); a withdrawn consent is final: the story is never shown
again and cannot be edited or published. Editing a published story's text returns it to
draft: the trainee consented to the text they were shown.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from flask_babel import lazy_gettext as _l
from sqlalchemy import exists, func, literal, or_, select, type_coerce
from sqlalchemy.orm import contains_eager

from accounts import audit
from accounts import services as account_services
from accounts.models import Role, User
from extensions import DomainError, Money, db
from formatting import format_rupiah
from loans.models import Loan, LoanStatus
from trainees.identity import normalise_phone
from trainees.models import Business, Kecamatan, PovertyStatus, Sector, Trainee

from .models import Agreement, LoanFunding, Partner, PartnerSector, StoryStatus, TraineeStory

MAX_NAME_LENGTH = 160
MAX_CONTACT_NAME_LENGTH = 120
MAX_EMAIL_LENGTH = 254
MAX_REFERENCE_LENGTH = 60
MAX_NOTES_LENGTH = 5000
MAX_REASON_LENGTH = 500
MAX_TITLE_LENGTH = 120
MAX_BODY_LENGTH = 3000
#: Loose on purpose (as accounts.forms.EMAIL_PATTERN): one "@", a dot in the domain, no spaces.
EMAIL_PATTERN = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
#: Words of the trainee's name this long or longer may not appear in a story.
MIN_NAME_WORD = 3

STAFF_ROLES = (Role.ADMIN.value, Role.OFFICER.value)
SECTORS = tuple(s.value for s in Sector)
POVERTY_STATUSES = tuple(p.value for p in PovertyStatus)
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


# --- Errors -------------------------------------------------------------------------


class PartnersError(DomainError):
    default_message = _l("This operation is not allowed.")


class ValidationFailed(PartnersError):
    """Field -> message for every rule the data breaks (fields are the keyword arguments'
    names: ``name``, ``amount``, ``on``, ``title``...)."""

    def __init__(self, errors: dict[str, str]):
        self.errors = {k: str(v) for k, v in errors.items()}
        super().__init__("; ".join(self.errors.values()), field=next(iter(self.errors), None))


class NotAllowed(PartnersError):
    default_message = _l("You are not allowed to do this.")


class InvalidTransition(PartnersError):
    """The story is not in a state that allows the step."""

    default_message = _l("This step is not possible in the story's current state.")


class EarmarkMismatch(PartnersError):
    """The loan's trainee or business is outside the agreement's earmark; ``reasons`` says
    which part (one sentence each)."""

    def __init__(self, reasons: list[str]):
        self.reasons = list(reasons)
        super().__init__(" ".join(self.reasons), field="loan")


class OverCommitted(PartnersError):
    def __init__(self, *, remaining: Decimal, requested: Decimal):
        super().__init__(_l(
            "The agreement has only %(remaining)s left to finance; %(requested)s requested.",
            remaining=format_rupiah(remaining), requested=format_rupiah(requested)), field="amount")
        self.remaining, self.requested = remaining, requested


class OverFinanced(PartnersError):
    def __init__(self, *, unfinanced: Decimal, requested: Decimal):
        super().__init__(_l(
            "Only %(unfinanced)s of this loan's principal is not yet financed; %(requested)s requested.",
            unfinanced=format_rupiah(unfinanced), requested=format_rupiah(requested)), field="amount")
        self.unfinanced, self.requested = unfinanced, requested


class AlreadyFunded(PartnersError):
    default_message = _l("This agreement already finances this loan.")


class LoanNotFundable(PartnersError):
    default_message = _l("A written-off loan cannot be financed.")


# --- Helpers ------------------------------------------------------------------------


def _text(value) -> str:
    return (value or "").strip()


def _money_ok(value) -> bool:
    """A finite Decimal (or int) with at most two decimal places."""
    if isinstance(value, bool) or not isinstance(value, (Decimal, int)):
        return False
    value = Decimal(value)
    return value.is_finite() and value == value.quantize(CENT, rounding=ROUND_HALF_EVEN)


def _enabled(user: User | None) -> bool:
    return user is not None and getattr(user, "is_enabled", True)


def can_manage(user: User | None) -> bool:
    """Admins and officers manage partners, agreements and fundings."""
    return _enabled(user) and user.role in STAFF_ROLES


def can_write_story(user: User | None, trainee: Trainee) -> bool:
    """Admins, officers, and the trainee's current mentor write and publish stories."""
    if not _enabled(user):
        return False
    return user.role in STAFF_ROLES or (user.role == Role.MENTOR.value and trainee.mentor_id == user.id)


def _require_manage(actor) -> None:
    if not can_manage(actor):
        raise NotAllowed(_l("Only administrators and loan officers can do this."))


def _require_story_writer(actor, trainee: Trainee) -> None:
    if not can_write_story(actor, trainee):
        raise NotAllowed(_l("Only administrators, loan officers and the trainee's mentor can do this."))


def _locked(model, id_):
    """The row, re-read and locked until the transaction ends (PostgreSQL; SQLite
    serialises writers with its database lock)."""
    return db.session.execute(
        select(model).where(model.id == id_).with_for_update().execution_options(populate_existing=True)
    ).scalar_one()


# --- Partners -----------------------------------------------------------------------


def _partner_values(*, name, sector, contact_name, contact_email, contact_phone, notes,
                    partner: Partner | None) -> dict:
    """Validated, normalised column values; raises ValidationFailed."""
    errors: dict[str, object] = {}
    name = _text(name)
    if not name:
        errors["name"] = _l("Give the partner's name.")
    elif len(name) > MAX_NAME_LENGTH:
        errors["name"] = _l("The name must be at most %(n)s characters.", n=MAX_NAME_LENGTH)
    else:
        query = select(Partner.id).where(func.lower(Partner.name) == name.lower())
        if partner is not None and partner.id is not None:
            query = query.where(Partner.id != partner.id)
        if db.session.scalar(query) is not None:
            errors["name"] = _l("A partner with this name already exists.")
    if sector not in {s.value for s in PartnerSector}:
        errors["sector"] = _l("Choose the partner's sector.")
    contact_name = _text(contact_name)
    if not contact_name:
        errors["contact_name"] = _l("Name the contact person.")
    elif len(contact_name) > MAX_CONTACT_NAME_LENGTH:
        errors["contact_name"] = _l("The name must be at most %(n)s characters.", n=MAX_CONTACT_NAME_LENGTH)
    contact_email = _text(contact_email) or None
    if contact_email is not None and (len(contact_email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(contact_email)):
        errors["contact_email"] = _l("Enter an e-mail address such as nama@contoh.id.")
    contact_phone = _text(contact_phone) or None
    if contact_phone is not None:
        try:
            contact_phone = normalise_phone(contact_phone)
        except ValueError:
            errors["contact_phone"] = _l("Enter an Indonesian phone number, e.g. 022 1234567 or 0812 3456 7890.")
    notes = _text(notes)
    if len(notes) > MAX_NOTES_LENGTH:
        errors["notes"] = _l("This text must be at most %(n)s characters.", n=MAX_NOTES_LENGTH)
    if errors:
        raise ValidationFailed(errors)
    return dict(name=name, sector=sector, contact_name=contact_name, contact_email=contact_email,
                contact_phone=contact_phone, notes=notes)


def create_partner(*, actor: User, name: str, sector: str, contact_name: str, contact_email: str | None = None,
                   contact_phone: str | None = None, notes: str = "") -> Partner:
    _require_manage(actor)
    values = _partner_values(name=name, sector=sector, contact_name=contact_name, contact_email=contact_email,
                              contact_phone=contact_phone, notes=notes, partner=None)
    partner = Partner(**values, is_active=True, created_by_id=actor.id)
    db.session.add(partner)
    db.session.flush()
    audit.record(actor, "partner.created", partner, details={"name": partner.name, "sector": partner.sector})
    db.session.flush()
    return partner


def update_partner(partner: Partner, *, actor: User, name: str, sector: str, contact_name: str,
                   contact_email: str | None, contact_phone: str | None, notes: str, is_active: bool) -> None:
    """Edit the partner (audited with the changed fields). An inactive partner keeps its
    agreements, fundings and report but cannot sign or finance anything new."""
    _require_manage(actor)
    values = _partner_values(name=name, sector=sector, contact_name=contact_name, contact_email=contact_email,
                             contact_phone=contact_phone, notes=notes, partner=partner)
    values["is_active"] = bool(is_active)
    before = {f: getattr(partner, f) for f in values}
    for f, v in values.items():
        setattr(partner, f, v)
    changes = audit.diff(before, values)
    if changes:
        audit.record(actor, "partner.updated", partner, details={"changes": changes})
    db.session.flush()


# --- Agreements ---------------------------------------------------------------------


def create_agreement(partner: Partner, *, actor: User, reference: str, amount_committed: Decimal, signed_on: date,
                     earmark_kecamatan_code: str | None = None, earmark_sector: str | None = None,
                     earmark_poverty_status: str | None = None, notes: str = "") -> Agreement:
    """A funding agreement of an active partner. Each earmark part left empty (None or
    "") means "any"."""
    _require_manage(actor)
    errors: dict[str, object] = {}
    if not partner.is_active:
        errors["partner"] = _l("This partner is no longer active.")
    reference = _text(reference)
    if not reference:
        errors["reference"] = _l("Give the agreement's number.")
    elif len(reference) > MAX_REFERENCE_LENGTH:
        errors["reference"] = _l("The number must be at most %(n)s characters.", n=MAX_REFERENCE_LENGTH)
    elif db.session.scalar(select(Agreement.id).where(func.lower(Agreement.reference) == reference.lower())):
        errors["reference"] = _l("An agreement with this number already exists.")
    if not _money_ok(amount_committed) or amount_committed <= 0:
        errors["amount_committed"] = _l("The amount committed must be above zero, with at most two decimals.")
    if not isinstance(signed_on, date):
        errors["signed_on"] = _l("Give the day the agreement was signed.")
    earmark_kecamatan_code = _text(earmark_kecamatan_code) or None
    if earmark_kecamatan_code is not None and db.session.get(Kecamatan, earmark_kecamatan_code) is None:
        errors["earmark_kecamatan_code"] = _l("Choose a kecamatan of Kota Bandung.")
    earmark_sector = _text(earmark_sector) or None
    if earmark_sector is not None and earmark_sector not in SECTORS:
        errors["earmark_sector"] = _l("Choose a business sector.")
    earmark_poverty_status = _text(earmark_poverty_status) or None
    if earmark_poverty_status is not None and earmark_poverty_status not in POVERTY_STATUSES:
        errors["earmark_poverty_status"] = _l("Choose a poverty status.")
    notes = _text(notes)
    if len(notes) > MAX_NOTES_LENGTH:
        errors["notes"] = _l("This text must be at most %(n)s characters.", n=MAX_NOTES_LENGTH)
    if errors:
        raise ValidationFailed(errors)
    agreement = Agreement(
        partner_id=partner.id, reference=reference, amount_committed=Decimal(amount_committed), signed_on=signed_on,
        earmark_kecamatan_code=earmark_kecamatan_code, earmark_sector=earmark_sector,
        earmark_poverty_status=earmark_poverty_status, notes=notes, created_by_id=actor.id)
    db.session.add(agreement)
    db.session.flush()
    audit.record(actor, "agreement.created", agreement, details={
        "partner_id": partner.id, "reference": reference, "amount_committed": agreement.amount_committed,
        "signed_on": signed_on, "earmark_kecamatan_code": earmark_kecamatan_code, "earmark_sector": earmark_sector,
        "earmark_poverty_status": earmark_poverty_status})
    db.session.flush()
    return agreement


def _financed(agreement_id: int) -> Decimal:
    return db.session.scalar(select(func.coalesce(func.sum(LoanFunding.amount, type_=Money), literal(0)))
                             .where(LoanFunding.agreement_id == agreement_id)) or ZERO


def _loan_financed(loan_id: int) -> Decimal:
    """Principal of the loan financed by all agreements together."""
    return db.session.scalar(select(func.coalesce(func.sum(LoanFunding.amount, type_=Money), literal(0)))
                             .where(LoanFunding.loan_id == loan_id)) or ZERO


def agreement_balance(agreement: Agreement) -> tuple[Decimal, Decimal]:
    """(financed, remaining): rupiah financed against the agreement so far, and what is
    left of its commitment."""
    financed = Decimal(_financed(agreement.id)).quantize(CENT)
    return financed, agreement.amount_committed - financed


def _earmark_reasons(agreement: Agreement, kecamatan_code: str, sector: str | None, poverty_status: str) -> list[str]:
    reasons = []
    if agreement.earmark_kecamatan_code and kecamatan_code != agreement.earmark_kecamatan_code:
        earmark = db.session.get(Kecamatan, agreement.earmark_kecamatan_code)
        actual = db.session.get(Kecamatan, kecamatan_code)
        reasons.append(str(_l("The trainee lives in kecamatan %(actual)s; the agreement is earmarked for %(earmark)s.",
                              actual=actual.name if actual else kecamatan_code,
                              earmark=earmark.name if earmark else agreement.earmark_kecamatan_code)))
    if agreement.earmark_sector:
        earmark = Sector(agreement.earmark_sector).label
        if sector is None:
            reasons.append(str(_l("The trainee has no business recorded; the agreement is earmarked for the "
                                  "%(earmark)s sector.", earmark=earmark)))
        elif sector != agreement.earmark_sector:
            reasons.append(str(_l("The business is in the %(actual)s sector; the agreement is earmarked for "
                                  "%(earmark)s.", actual=Sector(sector).label, earmark=earmark)))
    if agreement.earmark_poverty_status and poverty_status != agreement.earmark_poverty_status:
        reasons.append(str(_l("The trainee's household is %(actual)s; the agreement is earmarked for %(earmark)s.",
                              actual=PovertyStatus(poverty_status).label,
                              earmark=PovertyStatus(agreement.earmark_poverty_status).label)))
    return reasons


def earmark_problems(agreement: Agreement, loan: Loan) -> list[str]:
    """Why the loan's trainee (where they live, their household's poverty status) or
    business (sector) is outside the agreement's earmark, one translated sentence per
    part; [] when it matches."""
    trainee = loan.trainee
    sector = trainee.business.sector if trainee.business is not None else None
    return _earmark_reasons(agreement, trainee.kecamatan_code, sector, trainee.poverty_status)


def _earmark_conditions(agreement: Agreement) -> list:
    """SQL: the loan's trainee (joined) and business (outer-joined) match the earmark."""
    conditions = []
    if agreement.earmark_kecamatan_code:
        conditions.append(Trainee.kecamatan_code == agreement.earmark_kecamatan_code)
    if agreement.earmark_sector:
        conditions.append(Business.sector == agreement.earmark_sector)
    if agreement.earmark_poverty_status:
        conditions.append(Trainee.poverty_status == agreement.earmark_poverty_status)
    return conditions


def eligible_loans(agreement: Agreement, *, limit: int = 50, search: str | None = None) -> list[tuple[Loan, Decimal]]:
    """Loans the agreement could finance: disbursed, not written off, matching the
    earmark, not yet financed by this agreement, with principal not yet financed by any
    agreement (returned beside each loan) above zero. Newest disbursement first; at most
    ``limit``. ``search`` narrows to the trainee's name (any part) or the loan number.
    One statement; the trainee and business are loaded with the loans."""
    funded = (select(LoanFunding.loan_id.label("loan_id"), func.sum(LoanFunding.amount).label("amount"))
              .group_by(LoanFunding.loan_id).subquery("funded"))
    unfinanced = Loan.principal - func.coalesce(funded.c.amount, 0)
    stmt = (
        select(Loan, type_coerce(unfinanced, Money))
        .join(Loan.trainee)
        .outerjoin(Trainee.business)
        .outerjoin(funded, funded.c.loan_id == Loan.id)
        .where(
            Loan.status != LoanStatus.WRITTEN_OFF.value,
            unfinanced > 0,
            ~exists().where(LoanFunding.agreement_id == agreement.id, LoanFunding.loan_id == Loan.id),
            *_earmark_conditions(agreement),
        )
        .options(contains_eager(Loan.trainee).contains_eager(Trainee.business))
        .order_by(Loan.disbursed_on.desc(), Loan.id.desc())
        .limit(limit)
    )
    term = _text(search)
    if term:
        like = f"%{term.lower()}%"
        stmt = stmt.where(or_(func.lower(Trainee.full_name).like(like),
                              Loan.id == int(term) if term.isdigit() else literal(False)))
    return [(loan, amount) for loan, amount in db.session.execute(stmt)]


def fund_loan(agreement: Agreement, loan: Loan, *, actor: User, amount: Decimal, on: date,
              today: date | None = None) -> LoanFunding:
    """Record that ``amount`` of the loan's principal is financed by the agreement from
    ``on``. See the module docstring for every rule; refusals raise ValidationFailed,
    LoanNotFundable, EarmarkMismatch, AlreadyFunded, OverCommitted or OverFinanced."""
    _require_manage(actor)
    errors: dict[str, object] = {}
    if not _money_ok(amount) or amount <= 0:
        errors["amount"] = _l("The amount must be above zero, with at most two decimals.")
    if not isinstance(on, date):
        errors["on"] = _l("Give the day the financing starts.")
    if errors:
        raise ValidationFailed(errors)
    amount = Decimal(amount).quantize(CENT)
    agreement = _locked(Agreement, agreement.id)
    loan = _locked(Loan, loan.id)
    if not agreement.partner.is_active:
        raise ValidationFailed({"agreement": _l("This partner is no longer active.")})
    if loan.status == LoanStatus.WRITTEN_OFF.value:
        raise LoanNotFundable()
    if on < agreement.signed_on:
        errors["on"] = _l("The financing cannot start before the agreement was signed (%(date)s).",
                          date=agreement.signed_on.isoformat())
    elif on < loan.disbursed_on:
        errors["on"] = _l("The financing cannot start before the loan was disbursed (%(date)s).",
                          date=loan.disbursed_on.isoformat())
    elif today is not None and on > today:
        errors["on"] = _l("The financing cannot be dated in the future.")
    if errors:
        raise ValidationFailed(errors)
    reasons = earmark_problems(agreement, loan)
    if reasons:
        raise EarmarkMismatch(reasons)
    if db.session.scalar(select(LoanFunding.id).where(LoanFunding.agreement_id == agreement.id,
                                                      LoanFunding.loan_id == loan.id)) is not None:
        raise AlreadyFunded()
    financed, remaining = agreement_balance(agreement)
    if amount > remaining:
        raise OverCommitted(remaining=remaining, requested=amount)
    unfinanced = loan.principal - Decimal(_loan_financed(loan.id))
    if amount > unfinanced:
        raise OverFinanced(unfinanced=unfinanced, requested=amount)
    funding = LoanFunding(agreement_id=agreement.id, loan_id=loan.id, amount=amount, funded_on=on,
                          recorded_by_id=actor.id)
    db.session.add(funding)
    db.session.flush()
    audit.record(actor, "loan_funding.created", funding, details={
        "agreement_id": agreement.id, "partner_id": agreement.partner_id, "loan_id": loan.id, "amount": amount,
        "on": on, "agreement_remaining_before": remaining, "loan_unfinanced_before": unfinanced})
    db.session.flush()
    return funding


def remove_funding(funding: LoanFunding, *, actor: User, reason: str) -> None:
    """Undo a funding recorded by mistake; the audit event keeps what it was and why."""
    _require_manage(actor)
    reason = _text(reason)
    if not reason:
        raise ValidationFailed({"reason": _l("Give the reason for removing the financing.")})
    if len(reason) > MAX_REASON_LENGTH:
        raise ValidationFailed({"reason": _l("The reason must be at most %(n)s characters.", n=MAX_REASON_LENGTH)})
    agreement = _locked(Agreement, funding.agreement_id)
    audit.record(actor, "loan_funding.removed", funding, details={
        "agreement_id": agreement.id, "partner_id": agreement.partner_id, "loan_id": funding.loan_id,
        "amount": funding.amount, "funded_on": funding.funded_on, "reason": reason})
    db.session.delete(funding)
    db.session.flush()


# --- Stories ------------------------------------------------------------------------


def _identifying(trainee: Trainee, text: str) -> bool:
    """Does ``text`` contain the trainee's NIK, phone number or a word of their name?"""
    lowered = text.casefold()
    digits = re.sub(r"\D", "", text)
    if trainee.nik and trainee.nik in digits:
        return True
    if trainee.phone:
        national = re.sub(r"\D", "", trainee.phone)
        local = "0" + national[2:] if national.startswith("62") else national
        if (len(national) >= 8 and national in digits) or (len(local) >= 8 and local in digits):
            return True
    for word in re.findall(r"\w+", trainee.full_name.casefold()):
        if len(word) >= MIN_NAME_WORD and re.search(rf"(?<!\w){re.escape(word)}(?!\w)", lowered):
            return True
    return False


def _story_values(trainee: Trainee, title, body) -> tuple[str, str]:
    errors: dict[str, object] = {}
    title, body = _text(title), _text(body)
    if not title:
        errors["title"] = _l("Give the story a title.")
    elif len(title) > MAX_TITLE_LENGTH:
        errors["title"] = _l("The title must be at most %(n)s characters.", n=MAX_TITLE_LENGTH)
    elif _identifying(trainee, title):
        errors["title"] = _l("Leave out the trainee's name, NIK and phone number: stories are anonymous.")
    if not body:
        errors["body"] = _l("Write the story.")
    elif len(body) > MAX_BODY_LENGTH:
        errors["body"] = _l("The story must be at most %(n)s characters.", n=MAX_BODY_LENGTH)
    elif _identifying(trainee, body):
        errors["body"] = _l("Leave out the trainee's name, NIK and phone number: stories are anonymous.")
    if errors:
        raise ValidationFailed(errors)
    return title, body


def create_story(trainee: Trainee, *, actor: User, title: str, body: str) -> TraineeStory:
    """A draft story about the trainee's business (anonymous: see the module docstring)."""
    _require_story_writer(actor, trainee)
    title, body = _story_values(trainee, title, body)
    story = TraineeStory(trainee_id=trainee.id, title=title, body=body, status=StoryStatus.DRAFT.value,
                         created_by_id=actor.id)
    db.session.add(story)
    db.session.flush()
    audit.record(actor, "story.created", story, details={"trainee_id": trainee.id, "title": title})
    db.session.flush()
    return story


def update_story(story: TraineeStory, *, actor: User, title: str, body: str) -> None:
    """Edit the text. Refused once consent was withdrawn; a published story whose text
    changes goes back to draft (publish it again with the trainee's consent)."""
    _require_story_writer(actor, story.trainee)
    if story.status == StoryStatus.WITHDRAWN.value:
        raise InvalidTransition(_l("The trainee withdrew consent: this story can no longer be edited."))
    title, body = _story_values(story.trainee, title, body)
    before = {"title": story.title, "body": story.body}
    after = {"title": title, "body": body}
    changes = audit.diff(before, after)
    if not changes:
        return
    story.title, story.body = title, body
    details: dict = {"changes": changes}
    if story.status == StoryStatus.PUBLISHED.value:
        story.status, story.consent_on, story.consent_recorded_by_id = StoryStatus.DRAFT.value, None, None
        details["unpublished"] = True
    audit.record(actor, "story.updated", story, details=details)
    db.session.flush()


def publish_story(story: TraineeStory, *, actor: User, consent_on: date, today: date | None = None) -> None:
    """Publish a draft with the trainee's consent given on ``consent_on`` (recorded with
    the actor). With ``today`` (views pass it), consent dated in the future is refused."""
    _require_story_writer(actor, story.trainee)
    if story.status != StoryStatus.DRAFT.value:
        if story.status == StoryStatus.WITHDRAWN.value:
            raise InvalidTransition(_l("The trainee withdrew consent: this story can never be published again."))
        raise InvalidTransition(_l("This story is already published."))
    if not isinstance(consent_on, date):
        raise ValidationFailed({"consent_on": _l("Give the day the trainee consented.")})
    if today is not None and consent_on > today:
        raise ValidationFailed({"consent_on": _l("The consent cannot be dated in the future.")})
    story.status = StoryStatus.PUBLISHED.value
    story.consent_on, story.consent_recorded_by_id = consent_on, actor.id
    audit.record(actor, "story.published", story, details={"trainee_id": story.trainee_id, "consent_on": consent_on})
    db.session.flush()


def withdraw_story(story: TraineeStory, *, actor: User, on: date) -> None:
    """The trainee withdrew consent on ``on``: the story is never shown again (a draft
    can be withdrawn too, so it is never published)."""
    _require_story_writer(actor, story.trainee)
    if story.status == StoryStatus.WITHDRAWN.value:
        raise InvalidTransition(_l("Consent was already withdrawn."))
    if not isinstance(on, date):
        raise ValidationFailed({"on": _l("Give the day the trainee withdrew consent.")})
    if story.consent_on is not None and on < story.consent_on:
        raise ValidationFailed({"on": _l("Consent cannot be withdrawn before it was given (%(date)s).",
                                         date=story.consent_on.isoformat())})
    previous = story.status
    story.status = StoryStatus.WITHDRAWN.value
    audit.record(actor, "story.withdrawn", story, details={"trainee_id": story.trainee_id, "on": on,
                                                          "previous_status": previous})
    db.session.flush()


# --- Partner logins -----------------------------------------------------------------


def create_partner_user(partner: Partner, *, actor: User, username: str, full_name: str, password: str,
                        email: str | None = None) -> User:
    """A login with role ``partner`` for the partner's staff (administrators only), made by
    ``accounts.services.create_user`` (which audits ``user.created`` with the partner)."""
    if not (_enabled(actor) and actor.role == Role.ADMIN.value):
        raise NotAllowed(_l("Only administrators can create logins."))
    errors: dict[str, object] = {}
    normalised = account_services.normalise_username(username)
    if not normalised:
        errors["username"] = _l("Choose a username.")
    elif account_services.get_user_by_username(normalised) is not None:
        errors["username"] = _l("The username %(u)s is already taken.", u=normalised)
    if not _text(full_name):
        errors["full_name"] = _l("Give the person's full name.")
    problem = account_services.password_problem(password or "", username=normalised or None)
    if problem:
        errors["password"] = problem
    email = _text(email) or None
    if email is not None and (len(email) > MAX_EMAIL_LENGTH or not EMAIL_PATTERN.match(email)):
        errors["email"] = _l("Enter an e-mail address such as nama@contoh.id.")
    if errors:
        raise ValidationFailed(errors)

    try:
        user = account_services.create_user(username=normalised, full_name=full_name, role=Role.PARTNER,
                                            password=password, actor=actor, partner_id=partner.id)
    except account_services.AccountError as err:  # a race on the username
        raise ValidationFailed({"username": err.message}) from err
    if email is not None:
        user.email = email
    audit.record(actor, "partner.user_created", partner, details={
        "user_id": user.id, "username": user.username, "email": bool(email)})
    db.session.flush()
    return user


def partner_users(partner: Partner) -> list[User]:
    """The partner's logins, by username."""
    return list(db.session.scalars(select(User).where(User.partner_id == partner.id).order_by(User.username)))


__all__ = [
    "PartnersError", "ValidationFailed", "NotAllowed", "InvalidTransition", "EarmarkMismatch", "OverCommitted",
    "OverFinanced", "AlreadyFunded", "LoanNotFundable", "can_manage", "can_write_story", "create_partner",
    "update_partner", "create_agreement", "agreement_balance", "earmark_problems", "eligible_loans", "fund_loan",
    "remove_funding", "create_story", "update_story", "publish_story", "withdraw_story", "create_partner_user",
    "partner_users",
]
