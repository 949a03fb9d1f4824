"""CSR partner pages (/partners/...). Thin: validate the form, call one service, commit,
flash, redirect.

Who:
- admins and officers manage partners, agreements and the loans financed against them,
  and read each partner's report (page and PDF);
- stories are written and published by admins, officers and the trainee's own mentor
  (a trainee the user may not see, or a story of one, answers 404; a trainee 403);
- a ``partner`` user reaches only its own partner's report (``/partners/my`` and its
  PDF). For a partner user nothing else exists: :func:`partners_see_only_their_report`
  answers 404 on every endpoint outside :data:`PARTNER_ENDPOINTS` (and sends ``/`` to
  the report), so a partner never learns which other pages or records exist.

Domain errors (``services.PartnersError``) come back as 400 with the message on the
field they name, or flashed when they belong to no field of the form.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from accounts.access import role_required
from accounts.models import Role, User
from extensions import DomainError, db, local_today
from trainees.models import Kecamatan, Trainee
from trainees.services import visible_trainees

from . import models  # noqa: F401  (the tables must be known to the app)
from . import services
from .report import partner_report
from .forms import AgreementForm, FundingForm, PartnerForm, PublishForm, RemoveFundingForm, StoryForm, WithdrawForm
from .models import Agreement, LoanFunding, Partner, StoryStatus, TraineeStory

bp = Blueprint("partners", __name__, url_prefix="/partners")

STAFF = (Role.ADMIN, Role.OFFICER)
STORY_ROLES = (Role.ADMIN, Role.OFFICER, Role.MENTOR)
#: The only endpoints a logged-in partner user may reach; anything else answers 404.
#: (``index`` redirects to the report; ``healthz`` answers anyone, as for anonymous visitors.)
PARTNER_ENDPOINTS = frozenset({
    "partners.my_report", "partners.my_report_pdf",
    "accounts.login", "accounts.logout", "accounts.set_language", "static", "index", "healthz",
})
#: Eligible loans offered on an agreement's page.
ELIGIBLE_LIMIT = 50

today = local_today


@bp.before_app_request
def partners_see_only_their_report():
    """A partner user gets 404 everywhere but :data:`PARTNER_ENDPOINTS`; ``/`` leads to
    their report. 404, not 403: for a partner, nothing else exists."""
    endpoint = request.endpoint
    if endpoint is None:  # no such URL (404) or method (405): routing answers as for anyone
        return None
    if endpoint == "static" or not current_user.is_authenticated or current_user.role != Role.PARTNER.value:
        return None
    if endpoint == "index":
        return redirect(url_for("partners.my_report"))
    if endpoint not in PARTNER_ENDPOINTS:
        abort(404)
    return None


@bp.app_template_filter("earmark")
def earmark_filter(agreement: Agreement) -> list[str]:
    """The parts of an agreement's earmark as labels (an empty list: any trainee)."""
    from trainees.models import PovertyStatus, Sector

    parts = []
    if agreement.earmark_kecamatan_code:
        kecamatan = agreement.earmark_kecamatan
        parts.append(_("Kecamatan %(name)s", name=kecamatan.name if kecamatan else agreement.earmark_kecamatan_code))
    if agreement.earmark_sector:
        parts.append(str(Sector(agreement.earmark_sector).label))
    if agreement.earmark_poverty_status:
        parts.append(str(PovertyStatus(agreement.earmark_poverty_status).label))
    return parts


def _status() -> int:
    """200 for a form shown, 400 for a form sent back with errors."""
    return 400 if request.method == "POST" else 200


def _fail(form, err: DomainError) -> None:
    """Roll back a refused service call; show its message on the fields it names (or on
    the form, or flashed without a form)."""
    db.session.rollback()
    errors = getattr(err, "errors", None)
    if form is None:
        flash(str(err), "danger")
    elif isinstance(errors, dict) and errors:
        form.add_service_errors({key: str(message) for key, message in errors.items()})
    elif getattr(err, "field", None):
        form.add_service_errors({err.field: str(err)})
    else:
        form.form_errors.append(str(err))


def _pdf_response(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# --- Partners (admin, officer) -----------------------------------------------------------------


@dataclass
class PartnerLine:
    partner: Partner
    committed: Decimal
    financed: Decimal
    loans: int

    @property
    def remaining(self) -> Decimal:
        return self.committed - self.financed


def _partner_totals(partner_ids=None) -> dict[int, tuple[Decimal, Decimal, int]]:
    """{partner id: (committed, financed, loans financed)} in two statements."""
    committed_q = select(Agreement.partner_id, func.sum(Agreement.amount_committed)).group_by(Agreement.partner_id)
    financed_q = (select(Agreement.partner_id, func.sum(LoanFunding.amount), func.count(func.distinct(LoanFunding.loan_id)))
                  .join(LoanFunding, LoanFunding.agreement_id == Agreement.id).group_by(Agreement.partner_id))
    if partner_ids is not None:
        committed_q = committed_q.where(Agreement.partner_id.in_(list(partner_ids)))
        financed_q = financed_q.where(Agreement.partner_id.in_(list(partner_ids)))
    committed = {pid: amount for pid, amount in db.session.execute(committed_q)}
    financed = {pid: (amount, n) for pid, amount, n in db.session.execute(financed_q)}
    zero = Decimal("0.00")
    return {pid: (committed.get(pid) or zero, (financed.get(pid) or (zero, 0))[0] or zero,
                  (financed.get(pid) or (zero, 0))[1])
            for pid in set(committed) | set(financed)}


@bp.get("/")
@role_required(*STAFF)
def index():
    partners = list(db.session.scalars(select(Partner).order_by(Partner.is_active.desc(), Partner.name)))
    totals = _partner_totals()
    zero = Decimal("0.00")
    lines = [PartnerLine(p, *totals.get(p.id, (zero, zero, 0))) for p in partners]
    return render_template("partners/index.html", lines=lines,
                           total=PartnerLine(None, sum((l.committed for l in lines), zero),
                                             sum((l.financed for l in lines), zero), sum(l.loans for l in lines)))


@bp.route("/new", methods=["GET", "POST"])
@role_required(*STAFF)
def create():
    form = PartnerForm()
    if form.validate_on_submit():
        try:
            partner = services.create_partner(actor=current_user, **form.values())
        except DomainError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Partner %(name)s created.", name=partner.name), "success")
            return redirect(url_for("partners.detail", id=partner.id))
    return render_template("partners/partner_form.html", form=form, partner=None), _status()


@bp.route("/<int:id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def edit(id):
    partner = db.get_or_404(Partner, id)
    form = PartnerForm()
    if request.method == "GET":
        form.fill_from(partner)
    if form.validate_on_submit():
        try:
            services.update_partner(partner, actor=current_user, is_active=bool(form.is_active.data), **form.values())
        except DomainError as err:
            _fail(form, err)
            partner = db.get_or_404(Partner, id)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("partners.detail", id=id))
    return render_template("partners/partner_form.html", form=form, partner=partner), _status()


@dataclass
class AgreementLine:
    agreement: Agreement
    financed: Decimal
    remaining: Decimal
    loans: int


def _agreement_lines(agreements) -> list[AgreementLine]:
    """Each agreement with what it financed (one statement for all of them)."""
    ids = [a.id for a in agreements]
    rows = {}
    if ids:
        rows = {aid: (amount, n) for aid, amount, n in db.session.execute(
            select(LoanFunding.agreement_id, func.sum(LoanFunding.amount), func.count(LoanFunding.id))
            .where(LoanFunding.agreement_id.in_(ids)).group_by(LoanFunding.agreement_id))}
    zero = Decimal("0.00")
    lines = []
    for a in agreements:
        financed, n = rows.get(a.id, (zero, 0))
        financed = financed or zero
        lines.append(AgreementLine(a, financed, a.amount_committed - financed, n))
    return lines


@bp.get("/<int:id>")
@role_required(*STAFF)
def detail(id):
    partner = db.get_or_404(Partner, id)
    agreements = list(db.session.scalars(
        select(Agreement).where(Agreement.partner_id == partner.id).options(joinedload(Agreement.earmark_kecamatan))
        .order_by(Agreement.signed_on.desc(), Agreement.id.desc())))
    users = list(db.session.scalars(select(User).where(User.partner_id == partner.id).order_by(User.username)))
    lines = _agreement_lines(agreements)
    zero = Decimal("0.00")
    total = AgreementLine(None, sum((l.financed for l in lines), zero), sum((l.remaining for l in lines), zero),
                          sum(l.loans for l in lines))
    return render_template("partners/detail.html", partner=partner, lines=lines, total=total, users=users,
                           committed=sum((a.amount_committed for a in agreements), zero))


# --- Agreements and fundings (admin, officer) --------------------------------------------------


def _kecamatan_choices():
    return [("", _("Any"))] + [(k.code, k.name) for k in db.session.scalars(select(Kecamatan).order_by(Kecamatan.name))]


@bp.route("/<int:id>/agreements/new", methods=["GET", "POST"])
@role_required(*STAFF)
def agreement_create(id):
    partner = db.get_or_404(Partner, id)
    form = AgreementForm()
    form.earmark_kecamatan_code.choices = _kecamatan_choices()
    if request.method == "GET":
        form.signed_on.data = today()
    if form.validate_on_submit():
        try:
            agreement = services.create_agreement(partner, actor=current_user, **form.values())
        except DomainError as err:
            _fail(form, err)
            partner = db.get_or_404(Partner, id)
        else:
            db.session.commit()
            flash(_("Agreement %(reference)s saved.", reference=agreement.reference), "success")
            return redirect(url_for("partners.agreement", id=agreement.id))
    return render_template("partners/agreement_form.html", form=form, partner=partner), _status()


def _render_agreement(agreement: Agreement, *, fund_form: FundingForm | None = None,
                      remove_form: RemoveFundingForm | None = None, remove_id: int | None = None, status: int = 200):
    financed, remaining = services.agreement_balance(agreement)
    fundings = list(db.session.scalars(
        select(LoanFunding).where(LoanFunding.agreement_id == agreement.id)
        .options(joinedload(LoanFunding.loan).joinedload(_loan_trainee()), joinedload(LoanFunding.recorded_by))
        .order_by(LoanFunding.funded_on.desc(), LoanFunding.id.desc())))
    q = (request.args.get("q") or "").strip()[:100] or None
    eligible = services.eligible_loans(agreement, limit=ELIGIBLE_LIMIT, search=q) if remaining > 0 else []
    return render_template(
        "partners/agreement.html", agreement=agreement, partner=agreement.partner, financed=financed,
        remaining=remaining, fundings=fundings, eligible=eligible, q=q, limit=ELIGIBLE_LIMIT,
        fund_form=fund_form, remove_form=remove_form, remove_id=remove_id, today=today(),
        problems_of=services.earmark_problems), status


def _loan_trainee():
    from loans.models import Loan

    return Loan.trainee


def _agreement_or_404(id: int) -> Agreement:
    agreement = db.session.scalar(select(Agreement).where(Agreement.id == id).options(
        joinedload(Agreement.partner), joinedload(Agreement.earmark_kecamatan)))
    if agreement is None:
        abort(404)
    return agreement


@bp.get("/agreements/<int:id>")
@role_required(*STAFF)
def agreement(id):
    return _render_agreement(_agreement_or_404(id))


@bp.post("/agreements/<int:id>/fund")
@role_required(*STAFF)
def fund(id):
    from loans.models import Loan

    agreement = _agreement_or_404(id)
    form = FundingForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_agreement(agreement, fund_form=form, status=400)
    loan = db.session.get(Loan, form.loan_id_value()) if form.loan_id_value() is not None else None
    if loan is None:
        abort(404)
    try:
        services.fund_loan(agreement, loan, actor=current_user, amount=form.amount.data, on=form.funded_on.data,
                          today=today())
    except DomainError as err:
        _fail(form, err)
        return _render_agreement(_agreement_or_404(id), fund_form=form, status=400)
    db.session.commit()
    flash(_("%(amount)s of the loan of %(name)s financed.", amount=_rupiah(form.amount.data), name=loan.trainee.full_name),
          "success")
    return redirect(url_for("partners.agreement", id=id, _anchor="fundings"))


@bp.post("/fundings/<int:id>/remove")
@role_required(*STAFF)
def funding_remove(id):
    funding = db.get_or_404(LoanFunding, id)
    agreement_id = funding.agreement_id
    form = RemoveFundingForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_agreement(_agreement_or_404(agreement_id), remove_form=form, remove_id=id, status=400)
    try:
        services.remove_funding(funding, actor=current_user, reason=form.reason.data.strip())
    except DomainError as err:
        _fail(form, err)
        return _render_agreement(_agreement_or_404(agreement_id), remove_form=form, remove_id=id, status=400)
    db.session.commit()
    flash(_("Funding removed."), "success")
    return redirect(url_for("partners.agreement", id=agreement_id, _anchor="fundings"))


def _rupiah(value) -> str:
    from formatting import format_rupiah

    return format_rupiah(value)


# --- Reports: staff view of any partner, a partner user's own ----------------------------------


def _report_of(partner: Partner):
    return partner_report(partner, as_of=today())


def _report_page(partner: Partner, *, own: bool, pdf_url: str):
    from . import documents, report

    return render_template("partners/report.html", report=_report_of(partner), own=own, pdf_url=pdf_url,
                           min_cell=report.MIN_CELL, band_labels=documents.band_labels())


@bp.get("/<int:id>/report")
@role_required(*STAFF)
def report(id):
    return _report_page(db.get_or_404(Partner, id), own=False, pdf_url=url_for("partners.report_pdf", id=id))


@bp.get("/<int:id>/report.pdf")
@role_required(*STAFF)
def report_pdf(id):
    from . import documents

    data = _report_of(db.get_or_404(Partner, id))
    return _pdf_response(documents.partner_report_pdf(data), documents.partner_report_filename(data))


def _own_partner() -> Partner:
    partner = db.session.get(Partner, current_user.partner_id) if current_user.partner_id else None
    if partner is None:
        abort(404)
    return partner


@bp.get("/my")
@role_required(Role.PARTNER)
def my_report():
    return _report_page(_own_partner(), own=True, pdf_url=url_for("partners.my_report_pdf"))


@bp.get("/my/report.pdf")
@role_required(Role.PARTNER)
def my_report_pdf():
    from . import documents

    data = _report_of(_own_partner())
    return _pdf_response(documents.partner_report_pdf(data), documents.partner_report_filename(data))


# --- Stories (admin, officer, the trainee's mentor) --------------------------------------------


def _visible_trainee_or_404(id) -> Trainee:
    trainee = db.session.scalar(visible_trainees(current_user).where(Trainee.id == id)) if id is not None else None
    if trainee is None:
        abort(404)
    return trainee


def _story_or_404(id: int) -> TraineeStory:
    story = db.session.scalar(
        select(TraineeStory).join(Trainee, TraineeStory.trainee_id == Trainee.id)
        .where(TraineeStory.id == id, Trainee.id.in_(visible_trainees(current_user).with_only_columns(Trainee.id)))
        .options(joinedload(TraineeStory.trainee)))
    if story is None:
        abort(404)
    return story


@bp.get("/stories")
@role_required(*STORY_ROLES)
def stories():
    """Stories of the trainees the user may see (``?trainee=<id>``: one trainee's)."""
    trainee_arg = request.args.get("trainee", "")
    trainee = _visible_trainee_or_404(int(trainee_arg)) if trainee_arg.isdigit() else None
    if trainee_arg and trainee is None:
        abort(404)
    query = (select(TraineeStory).join(Trainee, TraineeStory.trainee_id == Trainee.id)
             .where(Trainee.id.in_(visible_trainees(current_user).with_only_columns(Trainee.id)))
             .options(joinedload(TraineeStory.trainee)).order_by(TraineeStory.updated_at.desc(), TraineeStory.id.desc()))
    if trainee is not None:
        query = query.where(TraineeStory.trainee_id == trainee.id)
    page = db.paginate(query, per_page=50, error_out=False)
    return render_template("partners/stories.html", page=page, trainee=trainee, statuses=StoryStatus)


@bp.route("/stories/new", methods=["GET", "POST"])
@role_required(*STORY_ROLES)
def story_create():
    trainee_arg = request.args.get("trainee", "")
    trainee = _visible_trainee_or_404(int(trainee_arg) if trainee_arg.isdigit() else None)
    form = StoryForm()
    if form.validate_on_submit():
        try:
            story = services.create_story(trainee, actor=current_user, title=form.title.data.strip(),
                                          body=form.body.data.strip())
        except DomainError as err:
            _fail(form, err)
            trainee = _visible_trainee_or_404(trainee.id)
        else:
            db.session.commit()
            flash(_("Story saved as a draft. Publish it once the trainee has consented."), "success")
            return redirect(url_for("partners.story_edit", id=story.id))
    return render_template("partners/story_form.html", form=form, trainee=trainee, story=None,
                           publish_form=None, withdraw_form=None), _status()


def _render_story(story: TraineeStory, *, form: StoryForm | None = None, publish_form: PublishForm | None = None,
                  status: int = 200):
    form = form or StoryForm(formdata=None, obj=story)
    if publish_form is None:
        publish_form = PublishForm(formdata=None)
        publish_form.consent_on.data = today()
    return render_template("partners/story_form.html", form=form, trainee=story.trainee, story=story,
                           publish_form=publish_form, withdraw_form=WithdrawForm(), today=today()), status


@bp.route("/stories/<int:id>/edit", methods=["GET", "POST"])
@role_required(*STORY_ROLES)
def story_edit(id):
    story = _story_or_404(id)
    form = StoryForm()
    if request.method == "GET":
        return _render_story(story)
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_story(story, form=form, status=400)
    try:
        services.update_story(story, actor=current_user, title=form.title.data.strip(), body=form.body.data.strip())
    except DomainError as err:
        _fail(form, err)
        return _render_story(_story_or_404(id), form=form, status=400)
    db.session.commit()
    flash(_("Changes saved."), "success")
    return redirect(url_for("partners.story_edit", id=id))


@bp.post("/stories/<int:id>/publish")
@role_required(*STORY_ROLES)
def story_publish(id):
    story = _story_or_404(id)
    form = PublishForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_story(story, publish_form=form, status=400)
    try:
        services.publish_story(story, actor=current_user, consent_on=form.consent_on.data, today=today())
    except DomainError as err:
        _fail(form, err)
        return _render_story(_story_or_404(id), publish_form=form, status=400)
    db.session.commit()
    flash(_("Story published: it appears in the reports of the partners who financed this trainee."), "success")
    return redirect(url_for("partners.story_edit", id=id))


@bp.post("/stories/<int:id>/withdraw")
@role_required(*STORY_ROLES)
def story_withdraw(id):
    story = _story_or_404(id)
    if not WithdrawForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw_story(story, actor=current_user, on=today())
    except DomainError as err:
        _fail(None, err)
        return redirect(url_for("partners.story_edit", id=id))
    db.session.commit()
    flash(_("Consent withdrawn: the story will never be shown again."), "success")
    return redirect(url_for("partners.story_edit", id=id))


@bp.app_template_filter("money_plain")
def money_plain_filter(value) -> str:
    """An amount as a user would type it back: ``1500000.00`` -> ``"1.500.000"``."""
    from loans.forms import format_plain

    return format_plain(value)
