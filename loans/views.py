"""Loan pages. Thin: validate the form, call one service, commit, flash, redirect.

Domain errors come back as 400 with the message on the field it concerns (or flashed).
Objects the user may not see answer 404 (``services.visible_loans`` /
``visible_applications``); actions the user's role may not take answer 403.
"""
from __future__ import annotations

import secrets
from datetime import date, timedelta
from decimal import Decimal

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from accounts.access import role_required
from accounts.models import Role, User
from extensions import db, label_filter, local_today, utcnow
import spreadsheets
from formatting import format_rupiah
from trainees.models import Kecamatan, Trainee
from trainees.services import visible_trainees

from . import services
from .forms import (
    ApplicationForm, ApproveForm, ConfirmForm, DisburseForm, FundingSourceForm, ProductForm, ReasonForm,
    RecommendForm, RepaymentForm,
)
from .models import (
    Amortization, ApplicationStatus, FeeTiming, FeeType, Frequency, FundingKind, FundingSource, Loan, LoanApplication,
    LoanProduct, LoanStatus, LoanTransaction, Method, PaymentMethod, TransactionKind,
)

bp = Blueprint("loans", __name__, url_prefix="/loans")

STAFF = (Role.ADMIN, Role.OFFICER)
#: Ageing buckets of loans/schedule.ageing_bucket, with their labels.
BUCKETS = {
    "current": _l("Current"),
    "1-30": _l("1-30 days"),
    "31-60": _l("31-60 days"),
    "61-90": _l("61-90 days"),
    "91-180": _l("91-180 days"),
    "over-180": _l("Over 180 days"),
}
#: The portfolio's bucket filter value for written-off loans (loans.portfolio.WRITTEN_OFF).
WRITTEN_OFF_BUCKET = "written_off"
INSTALLMENT_STATES = {
    "paid": (_l("Paid"), "text-bg-success"),
    "partial": (_l("Partially paid"), "text-bg-info"),
    "overdue": (_l("Overdue"), "text-bg-danger"),
    "due": (_l("Due"), "text-bg-warning"),
    "future": (_l("Not yet due"), "text-bg-light border"),
}

today = local_today

_LABELLED = {
    "frequency": Frequency, "method": Method, "amortization": Amortization, "fee_type": FeeType,
    "fee_timing": FeeTiming, "funding_kind": FundingKind, "payment_method": PaymentMethod,
    "transaction_kind": TransactionKind,
}


#: The translated label of a stored enum value: ``"weekly"|loan_label("frequency")``.
loan_label = label_filter(_LABELLED)
bp.add_app_template_filter(loan_label, "loan_label")


@bp.app_template_filter("percent")
def percent_filter(value: Decimal | None) -> str:
    """``Decimal("12.5000")`` -> ``"12,5%"`` (locale's decimal sign, at most 2 places)."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.##") + "%"


def _is_staff() -> bool:
    return current_user.has_role(*STAFF)


def _error_text(err: Exception) -> str:
    return str(getattr(err, "message", None) or err)


def _capacity_threshold() -> Decimal:
    return Decimal(str(current_app.config.get("LOAN_CAPACITY_THRESHOLD", "30")))


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _users_with_role(role: Role) -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role == role.value, User.is_enabled.is_(True)).order_by(User.full_name)))


def _pdf_response(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _fail(form, err: Exception) -> None:
    """Roll back a failed service call and show its error on the form (or flash it)."""
    db.session.rollback()
    if isinstance(err, services.ValidationFailed):
        form.add_service_errors(err.errors)
    else:
        flash(_error_text(err), "danger")


# --- Products (admin) ------------------------------------------------------------------------


@bp.get("/products")
@role_required(Role.ADMIN)
def products():
    items = list(db.session.scalars(select(LoanProduct).order_by(LoanProduct.is_active.desc(), LoanProduct.name)))
    return render_template("loans/products.html", products=items)


@bp.route("/products/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def product_create():
    form = ProductForm()
    if form.validate_on_submit():
        try:
            product = services.create_product(form.to_data(services.ProductData), actor=current_user)
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Loan product %(name)s created.", name=product.name), "success")
            return redirect(url_for("loans.products"))
    return render_template("loans/product_form.html", form=form, product=None, in_use=False), _status()


@bp.route("/products/<int:id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def product_edit(id):
    product = db.get_or_404(LoanProduct, id)
    form = ProductForm()
    if request.method == "GET":
        form.fill_from(product)
    if form.validate_on_submit():
        try:
            services.update_product(product, form.to_data(services.ProductData), actor=current_user)
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("loans.products"))
    product = db.get_or_404(LoanProduct, id)
    return render_template("loans/product_form.html", form=form, product=product,
                           in_use=services.product_in_use(product)), _status()


def _status() -> int:
    """200 for a form shown, 400 for a form sent back with errors."""
    return 400 if request.method == "POST" else 200


# --- Funding sources (admin) -------------------------------------------------------------


@bp.get("/funding")
@role_required(Role.ADMIN)
def funding_sources():
    sources = list(db.session.scalars(select(FundingSource).order_by(FundingSource.is_active.desc(), FundingSource.name)))
    rows = [(s, services.funding_available(s)) for s in sources]
    return render_template("loans/funding.html", rows=rows)


@bp.route("/funding/new", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def funding_create():
    form = FundingSourceForm()
    if form.validate_on_submit():
        try:
            source = services.create_funding_source(**form.values(), actor=current_user)
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Funding source %(name)s created.", name=source.name), "success")
            return redirect(url_for("loans.funding_sources"))
    return render_template("loans/funding_form.html", form=form, source=None, available=None), _status()


@bp.route("/funding/<int:id>/edit", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def funding_edit(id):
    source = db.get_or_404(FundingSource, id)
    form = FundingSourceForm()
    if request.method == "GET":
        form.fill_from(source)
    if form.validate_on_submit():
        try:
            services.update_funding_source(source, **form.values(), is_active=bool(form.is_active.data),
                                           actor=current_user)
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("loans.funding_sources"))
    source = db.get_or_404(FundingSource, id)
    return render_template("loans/funding_form.html", form=form, source=source,
                           available=services.funding_available(source)), _status()


# --- Applications ---------------------------------------------------------------------------


def _application_query():
    return services.visible_applications(current_user).options(
        joinedload(LoanApplication.trainee).joinedload(Trainee.mentor),
        joinedload(LoanApplication.trainee).joinedload(Trainee.officer),
        joinedload(LoanApplication.product),
        joinedload(LoanApplication.submitted_by),
        joinedload(LoanApplication.decided_by),
        joinedload(LoanApplication.recommended_by),
        joinedload(LoanApplication.loan),
    )


def get_visible_application_or_404(id: int) -> LoanApplication:
    application = db.session.scalar(_application_query().where(LoanApplication.id == id))
    if application is None:
        abort(404)
    return application


@bp.get("/applications")
@login_required
def applications():
    status = request.args.get("status") or None
    if status not in {s.value for s in ApplicationStatus}:
        status = None
    officer_id = _int_arg("officer") if _is_staff() else None
    query = _application_query().order_by(LoanApplication.submitted_at.desc(), LoanApplication.id.desc())
    if status:
        query = query.where(LoanApplication.status == status)
    if officer_id:
        query = query.where(LoanApplication.trainee_id.in_(select(Trainee.id).where(Trainee.officer_id == officer_id)))
    page = db.paginate(query, per_page=50, error_out=False, max_per_page=100)
    return render_template("loans/applications.html", page=page, status=status, officer_id=officer_id,
                           statuses=list(ApplicationStatus),
                           officers=_users_with_role(Role.OFFICER) if _is_staff() else [])


def _set_application_choices(form: ApplicationForm) -> list[LoanProduct]:
    trainees = db.session.execute(
        visible_trainees(current_user).with_only_columns(Trainee.id, Trainee.full_name, Trainee.nik).order_by(Trainee.full_name)
    ).all()
    form.trainee_id.choices = [(None, "—")] + [(t.id, f"{t.full_name} ({t.nik})") for t in trainees]
    products = list(db.session.scalars(select(LoanProduct).where(LoanProduct.is_active.is_(True)).order_by(LoanProduct.name)))
    form.product_id.choices = [(None, "—")] + [(p.id, p.name) for p in products]
    return products


@bp.route("/applications/new", methods=["GET", "POST"])
@role_required(*STAFF)
def application_create():
    form = ApplicationForm()
    products = _set_application_choices(form)
    if request.method == "GET":
        form.trainee_id.data = _int_arg("trainee")
    if form.validate_on_submit():
        try:
            application = services.submit_application(
                form.to_data(services.ApplicationData), actor=current_user, on=today(),
                capacity_threshold=_capacity_threshold())
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Application submitted. Another officer must approve it."), "success")
            return redirect(url_for("loans.application", id=application.id))
    return render_template("loans/application_form.html", form=form, products=products), _status()


def _render_application(application: LoanApplication, *, status: int = 200, **forms):
    forms.setdefault("recommend_form", RecommendForm(prefix="recommend", formdata=None))
    forms.setdefault("approve_form", ApproveForm(prefix="approve", formdata=None))
    forms.setdefault("reject_form", ReasonForm(prefix="reject", formdata=None))
    forms.setdefault("cancel_form", ReasonForm(prefix="cancel", formdata=None))
    forms.setdefault("withdraw_form", ConfirmForm(prefix="withdraw", formdata=None))
    submitted = application.status == ApplicationStatus.SUBMITTED.value
    staff = _is_staff()
    is_mentor_of_trainee = (current_user.has_role(Role.MENTOR) and application.trainee.mentor_id == current_user.id)
    return render_template(
        "loans/application.html",
        application=application,
        installment=services.monthly_equivalent_installment(application),
        threshold=_capacity_threshold(),
        can_recommend=submitted and is_mentor_of_trainee,  # officers may too (service), but the form is the mentor's
        can_decide=submitted and staff,
        is_submitter=application.submitted_by_id == current_user.id,
        can_cancel=application.status == ApplicationStatus.APPROVED.value and staff,
        can_disburse=application.status == ApplicationStatus.APPROVED.value and staff,
        **forms,
    ), status


@bp.get("/applications/<int:id>")
@login_required
def application(id):
    return _render_application(get_visible_application_or_404(id))


@bp.post("/applications/<int:id>/recommend")
@role_required(Role.MENTOR, *STAFF)
def recommend(id):
    application = get_visible_application_or_404(id)
    form = RecommendForm(prefix="recommend")
    if form.validate_on_submit():
        try:
            services.recommend(application, text=form.text.data.strip(), actor=current_user)
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Recommendation saved."), "success")
            return redirect(url_for("loans.application", id=id))
    return _render_application(get_visible_application_or_404(id), recommend_form=form, status=400)


@bp.post("/applications/<int:id>/approve")
@role_required(*STAFF)
def approve(id):
    application = get_visible_application_or_404(id)
    form = ApproveForm(prefix="approve")
    if form.validate_on_submit():
        try:
            services.approve_application(application, actor=current_user, on=today(),
                                         justification=(form.justification.data or "").strip() or None)
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Application approved."), "success")
            return redirect(url_for("loans.application", id=id))
    return _render_application(get_visible_application_or_404(id), approve_form=form, status=400)


def _decide_with_reason(id: int, name: str, action, done_message: str):
    application = get_visible_application_or_404(id)
    form = ReasonForm(prefix=name)
    if form.validate_on_submit():
        try:
            action(application, actor=current_user, on=today(), reason=form.reason.data.strip())
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(done_message, "success")
            return redirect(url_for("loans.application", id=id))
    return _render_application(get_visible_application_or_404(id), status=400, **{f"{name}_form": form})


@bp.post("/applications/<int:id>/reject")
@role_required(*STAFF)
def reject(id):
    return _decide_with_reason(id, "reject", services.reject_application, _("Application rejected."))


@bp.post("/applications/<int:id>/cancel")
@role_required(*STAFF)
def cancel(id):
    return _decide_with_reason(id, "cancel", services.cancel_application, _("Approved application cancelled."))


@bp.post("/applications/<int:id>/withdraw")
@role_required(*STAFF)
def withdraw(id):
    application = get_visible_application_or_404(id)
    form = ConfirmForm(prefix="withdraw")
    if form.validate_on_submit():
        try:
            services.withdraw_application(application, actor=current_user, on=today())
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Application withdrawn."), "success")
            return redirect(url_for("loans.application", id=id))
    return _render_application(get_visible_application_or_404(id), withdraw_form=form, status=400)


def _disclosure_context(id: int) -> dict:
    application = get_visible_application_or_404(id)
    start = _date_arg("start") or (application.loan.disbursed_on if application.loan else today())
    return dict(application=application, disclosure=services.disclosure(application, start=start), start=start)


@bp.get("/applications/<int:id>/disclosure")
@login_required
def disclosure(id):
    from . import documents

    context = _disclosure_context(id)
    html = documents.disclosure_html(context["application"], context["disclosure"],
                                     back_url=url_for("loans.application", id=id))
    return _printable(html, documents)


@bp.get("/applications/<int:id>/disclosure.pdf")
@login_required
def disclosure_pdf(id):
    from . import documents

    context = _disclosure_context(id)
    pdf = documents.disclosure_pdf(context["application"], context["disclosure"])
    return _pdf_response(pdf, documents.disclosure_filename(context["application"]))


def _printable(html: str, documents) -> Response:
    """A printable page: its inline stylesheet (shared with the PDF) is allowed by hash."""
    return Response(html, mimetype="text/html", headers={"Content-Security-Policy": documents.print_csp(html)})


@bp.route("/applications/<int:id>/disburse", methods=["GET", "POST"])
@role_required(*STAFF)
def disburse(id):
    application = get_visible_application_or_404(id)
    sources = list(db.session.scalars(select(FundingSource).where(FundingSource.is_active.is_(True)).order_by(FundingSource.name)))
    available = {s.id: services.funding_available(s) for s in sources}
    form = DisburseForm()
    form.funding_source_id.choices = [(None, "—")] + [
        (s.id, _("%(name)s (available %(amount)s)", name=s.name, amount=format_rupiah(available[s.id]))) for s in sources
    ]
    if request.method == "GET":
        form.disbursed_on.data = today()
        form.method.data = PaymentMethod.BANK_TRANSFER.value
    can_disburse = application.status == ApplicationStatus.APPROVED.value
    if can_disburse and form.validate_on_submit():
        source = db.session.get(FundingSource, form.funding_source_id.data)
        try:
            loan = services.disburse(application, actor=current_user, on=form.disbursed_on.data, funding_source=source,
                                     method=form.method.data, reference=(form.reference.data or "").strip() or None,
                                     today=today())
        except services.InsufficientFunds as err:
            db.session.rollback()
            form.funding_source_id.errors = list(form.funding_source_id.errors) + [_error_text(err)]
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Loan disbursed."), "success")
            return redirect(url_for("loans.detail", id=loan.id))
    elif request.method == "POST" and not can_disburse:
        flash(_("Only an approved application can be disbursed."), "danger")
    application = get_visible_application_or_404(id)
    return render_template("loans/disburse.html", application=application, form=form, can_disburse=can_disburse,
                           sources=sources, available=available), _status()


# --- Loans -------------------------------------------------------------------------------------


def get_visible_loan_or_404(id: int) -> Loan:
    loan = db.session.scalar(
        services.visible_loans(current_user).where(Loan.id == id).options(
            joinedload(Loan.trainee),
            joinedload(Loan.product),
            joinedload(Loan.funding_source),
            joinedload(Loan.officer),
            joinedload(Loan.application),
            selectinload(Loan.installments),
            selectinload(Loan.transactions).joinedload(LoanTransaction.posted_by),
            selectinload(Loan.transactions).joinedload(LoanTransaction.reversed_by),
        )
    )
    if loan is None:
        abort(404)
    return loan


def _transaction_or_404(loan: Loan, txn_id: int) -> LoanTransaction:
    txn = next((t for t in loan.transactions if t.id == txn_id), None)
    if txn is None:
        abort(404)
    return txn


@bp.get("/")
@login_required
def index():
    status = request.args.get("status") or None
    if status not in {s.value for s in LoanStatus}:
        status = None
    query = services.visible_loans(current_user).options(
        joinedload(Loan.trainee), joinedload(Loan.product), joinedload(Loan.officer)
    ).order_by(Loan.disbursed_on.desc(), Loan.id.desc())
    if status:
        query = query.where(Loan.status == status)
    page = db.paginate(query, per_page=50, error_out=False, max_per_page=100)
    return render_template("loans/list.html", page=page, status=status, statuses=list(LoanStatus))


def new_repayment_form() -> RepaymentForm:
    form = RepaymentForm(formdata=None)
    form.paid_on.data = today()
    form.method.data = PaymentMethod.CASH.value
    form.idempotency_key.data = secrets.token_urlsafe(24)
    return form


def _render_loan(loan: Loan, *, status: int = 200, repay_form=None, reverse_forms=None, writeoff_form=None):
    balances = services.balances(loan, as_of=today())
    staff = _is_staff()
    open_for_payments = loan.status in (LoanStatus.ACTIVE.value, LoanStatus.WRITTEN_OFF.value)
    reverse_forms = reverse_forms or {}
    if staff:
        for txn in loan.transactions:
            if not txn.is_reversed and txn.id not in reverse_forms:
                reverse_forms[txn.id] = ReasonForm(prefix=f"reverse-{txn.id}", formdata=None)
    return render_template(
        "loans/detail.html",
        loan=loan,
        balances=balances,
        states=INSTALLMENT_STATES,
        buckets=BUCKETS,
        can_pay=staff and open_for_payments,
        repay_form=repay_form or (new_repayment_form() if staff and open_for_payments else None),
        reverse_forms=reverse_forms,
        can_write_off=current_user.has_role(Role.ADMIN) and loan.status == LoanStatus.ACTIVE.value,
        writeoff_form=writeoff_form or ReasonForm(prefix="writeoff", formdata=None),
    ), status


@bp.get("/<int:id>")
@login_required
def detail(id):
    return _render_loan(get_visible_loan_or_404(id))


@bp.post("/<int:id>/repayments")
@role_required(*STAFF)
def repay(id):
    loan = get_visible_loan_or_404(id)
    form = RepaymentForm()
    header_key = request.headers.get("Idempotency-Key", "").strip()
    if header_key:  # non-form clients send the key as a header
        form.idempotency_key.data = header_key
    if form.validate_on_submit():
        try:
            txn, created = services.post_repayment(
                loan, actor=current_user, on=form.paid_on.data, amount=form.amount.data, method=form.method.data,
                reference=(form.reference.data or "").strip() or None, idempotency_key=form.idempotency_key.data,
                today=today(), allow_excess=bool(form.allow_excess.data))
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            if created:
                flash(_("Payment of %(amount)s recorded.", amount=format_rupiah(txn.amount)), "success")
            else:
                flash(_("This payment was already recorded; it was not posted twice."), "info")
            return redirect(url_for("loans.detail", id=id, _anchor="transactions"))
    if form.idempotency_key.errors:  # a hidden field: say it above the form, and issue a fresh key
        form.form_errors.extend(str(e) for e in form.idempotency_key.errors)
        form.form_errors.append(_("Please enter the payment again."))
        form.idempotency_key.data = secrets.token_urlsafe(24)
    return _render_loan(get_visible_loan_or_404(id), repay_form=form, status=400)


@bp.post("/<int:id>/transactions/<int:txn_id>/reverse")
@role_required(*STAFF)
def reverse(id, txn_id):
    loan = get_visible_loan_or_404(id)
    txn = _transaction_or_404(loan, txn_id)
    form = ReasonForm(prefix=f"reverse-{txn_id}")
    if form.validate_on_submit():
        try:
            services.reverse_transaction(txn, actor=current_user, reason=form.reason.data.strip(), now=utcnow())
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Payment reversed; the balances were recomputed."), "success")
            return redirect(url_for("loans.detail", id=id, _anchor="transactions"))
    return _render_loan(get_visible_loan_or_404(id), reverse_forms={txn_id: form}, status=400)


@bp.post("/<int:id>/write-off")
@role_required(Role.ADMIN)
def write_off(id):
    loan = get_visible_loan_or_404(id)
    form = ReasonForm(prefix="writeoff")
    if form.validate_on_submit():
        try:
            services.write_off(loan, actor=current_user, on=today(), reason=form.reason.data.strip())
        except services.LoanError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Loan written off."), "warning")
            return redirect(url_for("loans.detail", id=id))
    return _render_loan(get_visible_loan_or_404(id), writeoff_form=form, status=400)


@bp.get("/<int:id>/transactions/<int:txn_id>/receipt")
@login_required
def receipt(id, txn_id):
    from . import documents

    loan = get_visible_loan_or_404(id)
    html = documents.receipt_html(_transaction_or_404(loan, txn_id), back_url=url_for("loans.detail", id=id))
    return _printable(html, documents)


@bp.get("/<int:id>/transactions/<int:txn_id>/receipt.pdf")
@login_required
def receipt_pdf(id, txn_id):
    from . import documents

    loan = get_visible_loan_or_404(id)
    txn = _transaction_or_404(loan, txn_id)
    return _pdf_response(documents.receipt_pdf(txn), documents.receipt_filename(txn))


# --- Portfolio and collection (officer, admin) ---------------------------------------------------


PORTFOLIO_PAGE_SIZE = 100


def _portfolio_filters():
    from .portfolio import PortfolioFilters

    bucket = request.args.get("bucket") or None
    kecamatan = request.args.get("kecamatan") or None
    return PortfolioFilters(
        officer_id=_int_arg("officer"),
        product_id=_int_arg("product"),
        funding_source_id=_int_arg("source"),
        kecamatan=kecamatan[:8] if kecamatan else None,
        bucket=bucket if bucket in BUCKETS or bucket == WRITTEN_OFF_BUCKET else None,
    )


@bp.get("/portfolio")
@role_required(*STAFF)
def portfolio():
    from . import portfolio as reports

    filters = _portfolio_filters()
    page = max(_int_arg("page") or 1, 1)
    report = reports.portfolio(current_user, filters, as_of=today(), limit=PORTFOLIO_PAGE_SIZE,
                               offset=(page - 1) * PORTFOLIO_PAGE_SIZE)
    pages = max((report.row_count + PORTFOLIO_PAGE_SIZE - 1) // PORTFOLIO_PAGE_SIZE, 1)
    return render_template(
        "loans/portfolio.html", report=report, filters=filters, buckets=BUCKETS, as_of=today(),
        page=page, pages=pages,
        officers=_users_with_role(Role.OFFICER),
        products=list(db.session.scalars(select(LoanProduct).order_by(LoanProduct.name))),
        sources=list(db.session.scalars(select(FundingSource).order_by(FundingSource.name))),
        kecamatan=list(db.session.scalars(select(Kecamatan).order_by(Kecamatan.name))),
    )


@bp.get("/portfolio.<any(csv, xlsx):fmt>")
@role_required(*STAFF)
def portfolio_export(fmt):
    from . import portfolio as reports

    report = reports.portfolio(current_user, _portfolio_filters(), as_of=today())
    basename = f"portfolio-{today().isoformat()}"
    if fmt == "csv":
        return spreadsheets.download("csv", basename=basename, csv_chunks=reports.export_csv(report))
    return spreadsheets.download("xlsx", basename=basename, xlsx=reports.export_xlsx(report))


#: Instalments per page of the collection list (it can run to thousands).
COLLECTION_PER_PAGE = 100


@bp.get("/collection")
@role_required(*STAFF)
def collection():
    from . import portfolio as reports

    officer_id = _int_arg("officer")
    page = max(1, _int_arg("page") or 1)
    rows = reports.collection_list(current_user, as_of=today(), officer_id=officer_id,
                                   limit=COLLECTION_PER_PAGE, offset=(page - 1) * COLLECTION_PER_PAGE)
    pages = max(1, -(-rows.total // COLLECTION_PER_PAGE))
    return render_template("loans/collection.html", rows=rows, officer_id=officer_id, as_of=today(),
                           week_end=today() + timedelta(days=6), page=page, pages=pages,
                           officers=_users_with_role(Role.OFFICER))
