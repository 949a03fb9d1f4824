"""The trainee's own pages (role trainee): /portal/...

Every view is a :func:`trainee_view`: role trainee only (others 403, anonymous to the
login page); the trainee's own record is found by ``Trainee.user_id`` (a trainee login
not linked to a record sees a friendly page on the plain pages and 404 on the others);
every id in a URL is looked up inside that record, so anyone else's answers 404. Thin:
validate the form, call one service, commit, flash, redirect. Refused input comes back
as 400 with the message on the field (or flashed).
"""
from __future__ import annotations

from decimal import Decimal
from functools import wraps

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_date
from flask_babel import gettext as _
from flask_login import current_user

from accounts import services as account_services
from accounts.access import role_required
from accounts.models import Role
from complaints import attachments as complaint_attachments
from complaints import services as complaint_services
from complaints.models import Complaint, ComplaintChannel
from extensions import db, local_today, utcnow
from loans import services as loan_services
from loans.views import INSTALLMENT_STATES
from mentoring import overview as mentoring_overview
from mentoring import services as mentoring_services
from mentoring.models import ActionOwner

from . import services
from .forms import ApplyForm, ButtonForm, ComplaintForm, MessageForm, OwnCheckinForm, PasswordForm, ReopenForm, month_value

bp = Blueprint("portal", __name__, url_prefix="/portal")

#: Sessions per page of the history.
SESSIONS_PER_PAGE = 20

today = local_today


def trainee_view(view):
    """Role trainee; calls ``view(trainee, **url_values)`` with the user's own record."""

    @wraps(view)
    @role_required(Role.TRAINEE)
    def wrapped(**values):
        trainee = services.own_trainee(current_user)
        if trainee is None:
            if values or request.method != "GET":
                abort(404)
            return render_template("portal/no_record.html")
        return view(trainee, **values)

    return wrapped


def _status() -> int:
    """200 for a form shown, 400 for a form sent back with errors."""
    return 400 if request.method == "POST" else 200


def _fail(form, err: Exception) -> None:
    """Roll back a refused service call and show its error on the form (or flash it)."""
    db.session.rollback()
    errors = getattr(err, "errors", None)
    if isinstance(errors, dict) and hasattr(form, "add_service_errors"):
        form.add_service_errors(errors)
    else:
        flash(str(err), "danger")


def _pdf(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _month_label(month) -> str:
    return format_date(month, "MMMM yyyy")


# --- Home ------------------------------------------------------------------------------------


@bp.get("/")
@trainee_view
def home(trainee):
    summary = services.home_summary(trainee, current_user, today=today())
    return render_template("portal/home.html", trainee=trainee, s=summary, as_of=today(), active="home")


# --- Loans -----------------------------------------------------------------------------------


@bp.get("/loans")
@trainee_view
def loans(trainee):
    applications = services.own_applications(trainee)
    return render_template("portal/loans.html", trainee=trainee, applications=applications, as_of=today(),
                           active="loans")


def _own_loan_or_404(trainee, id):
    loan = services.own_loan(trainee, id)
    if loan is None:
        abort(404)
    return loan


@bp.get("/loans/<int:id>")
@trainee_view
def loan(trainee, id):
    loan = _own_loan_or_404(trainee, id)
    return render_template(
        "portal/loan.html", trainee=trainee, loan=loan, balances=loan_services.balances(loan, as_of=today()),
        disclosure=loan_services.disclosure(loan.application, start=loan.disbursed_on), states=INSTALLMENT_STATES,
        as_of=today(), active="loans")


@bp.get("/loans/<int:id>/disclosure.pdf")
@trainee_view
def loan_disclosure_pdf(trainee, id):
    from loans import documents

    loan = _own_loan_or_404(trainee, id)
    application = loan.application
    pdf = documents.disclosure_pdf(application, loan_services.disclosure(application, start=loan.disbursed_on))
    return _pdf(pdf, documents.disclosure_filename(application))


@bp.get("/loans/<int:id>/receipts/<int:txn_id>.pdf")
@trainee_view
def receipt_pdf(trainee, id, txn_id):
    from loans import documents

    txn = services.own_transaction(_own_loan_or_404(trainee, id), txn_id)
    if txn is None:
        abort(404)
    return _pdf(documents.receipt_pdf(txn), documents.receipt_filename(txn))


def _capacity_threshold() -> Decimal:
    return Decimal(str(current_app.config.get("LOAN_CAPACITY_THRESHOLD", "30")))


@bp.route("/apply", methods=["GET", "POST"])
@trainee_view
def apply(trainee):
    products = services.active_products()
    form = ApplyForm()
    form.product_id.choices = [(p.id, p.name) for p in products]
    action = request.form.get("action", "check") if request.method == "POST" else "check"
    capacity = None
    status = 200
    if request.method == "GET" and len(products) == 1:
        form.product_id.data = products[0].id
    if request.method == "POST" and action != "change":
        status = 400
        if form.validate_on_submit():
            data = form.to_data(loan_services.ApplicationData, trainee_id=trainee.id)
            try:
                if action == "submit":
                    application = services.submit_own_application(
                        trainee, data, actor=current_user, on=today(), now=utcnow(), threshold=_capacity_threshold())
                else:
                    capacity = services.preview_application(data, threshold=_capacity_threshold())
            except loan_services.LoanError as err:
                _fail(form, err)
            else:
                if action == "submit":
                    db.session.commit()
                    flash(_("Your application has been sent. Your loan officer will contact you."), "success")
                    return redirect(url_for("portal.loans", _anchor=f"application-{application.id}"))
                status = 200
    return render_template(
        "portal/apply.html", trainee=trainee, form=form, products=products, capacity=capacity,
        threshold=_capacity_threshold(), open_application=services.open_application(trainee),
        product=next((p for p in products if p.id == form.product_id.data), None), active="loans"), status


# --- Mentoring -------------------------------------------------------------------------------


@bp.get("/sessions")
@trainee_view
def sessions(trainee):
    page = request.args.get("page", "1")
    page = max(int(page), 1) if page.isdigit() else 1
    entries, total = mentoring_overview.trainee_sessions(trainee, include_staff_notes=False, page=page,
                                                         per_page=SESSIONS_PER_PAGE)
    last_on, next_on = services.session_dates(trainee)
    return render_template("portal/sessions.html", trainee=trainee, entries=entries, total=total, page=page,
                           pages=max(-(-total // SESSIONS_PER_PAGE), 1), last_on=last_on, next_on=next_on,
                           as_of=today(), active="mentoring")


def _render_actions(trainee, *, status: int = 200):
    return render_template("portal/actions.html", trainee=trainee, open_items=services.open_actions(trainee),
                           closed_items=services.closed_actions(trainee), as_of=today(),
                           trainee_owner=ActionOwner.TRAINEE.value, active="mentoring"), status


@bp.get("/actions")
@trainee_view
def actions(trainee):
    return _render_actions(trainee)


@bp.post("/actions/<int:id>/done")
@trainee_view
def action_done(trainee, id):
    item = services.own_action_item(trainee, id)
    if item is None:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        mentoring_services.complete_own_action_item(item, actor=current_user, on=today(), now=utcnow())
    except mentoring_services.MentoringError as err:
        db.session.rollback()
        flash(str(err), "danger")
        return _render_actions(services.own_trainee(current_user), status=400)
    db.session.commit()
    flash(_("Well done! Your mentor will see that you finished it."), "success")
    return redirect(url_for("portal.actions"))


# --- Business figures ------------------------------------------------------------------------


@bp.get("/business")
@trainee_view
def business(trainee):
    rows = services.checkins(trainee)
    return render_template("portal/business.html", trainee=trainee, checkins=rows,
                           latest=rows[0] if rows else None, trainings=services.trainings(trainee),
                           months=services.months_to_report(trainee, today=today()), as_of=today(),
                           active="business")


def _month_choices(months) -> list[tuple[str, str]]:
    this_month = today().replace(day=1)
    choices = []
    for m in months:
        if not m.can_report:
            continue
        if m.month == this_month:
            label = _("%(month)s (this month so far)", month=_month_label(m.month))
        else:
            label = _("%(month)s (last month)", month=_month_label(m.month))
        if m.state == "pending":
            label += " · " + _("reported, you can still correct it")
        choices.append((month_value(m.month), label))
    return choices


@bp.route("/business/checkin", methods=["GET", "POST"])
@trainee_view
def checkin(trainee):
    months = services.months_to_report(trainee, today=today())
    form = OwnCheckinForm()
    form.month.choices = _month_choices(months)
    if not form.month.choices:
        flash(_("Your mentor has already recorded the figures of both months."), "info")
        return redirect(url_for("portal.business"))
    warnings: list[str] = []
    if request.method == "GET":
        wanted = request.args.get("month")
        value = wanted if wanted in {v for v, _label in form.month.choices} else form.month.choices[0][0]
        pending = next((c for c in services.checkins(trainee, limit=2) if month_value(c.month) == value
                        and c.is_pending_confirmation), None)
        if pending is not None:
            form.fill_from(pending)
        form.month.data = value
    if form.validate_on_submit():
        try:
            record = mentoring_services.record_own_checkin(
                trainee, form.to_data(mentoring_services.CheckinData), actor=current_user, today=today(),
                now=utcnow())
        except mentoring_services.NeedsConfirmation as err:
            db.session.rollback()
            warnings = err.warnings
        except mentoring_services.MentoringError as err:
            _fail(form, err)
        else:
            month = record.month
            db.session.commit()
            flash(_("Thank you! Your figures for %(month)s are saved. Your mentor will check them.",
                    month=_month_label(month)), "success")
            return redirect(url_for("portal.business"))
        trainee = services.own_trainee(current_user)
    return render_template("portal/checkin.html", trainee=trainee, form=form, warnings=warnings,
                           active="business"), _status()


@bp.get("/report.pdf")
@trainee_view
def report_pdf(trainee):
    from reports import documents
    from reports.services import latest_assessment

    as_of = today()
    pdf = documents.trainee_report_pdf(trainee, as_of=as_of, assessment=latest_assessment(trainee))
    return _pdf(pdf, documents.trainee_report_filename(trainee, as_of=as_of))


# --- Account ---------------------------------------------------------------------------------


@bp.route("/account", methods=["GET", "POST"])
@trainee_view
def account(trainee):
    form = PasswordForm()
    if form.validate_on_submit():
        try:
            account_services.change_own_password(current_user, form.current.data, form.new.data, now=utcnow())
        except account_services.WrongPassword as err:
            db.session.rollback()
            form.current.errors = list(form.current.errors) + [str(err)]
        except account_services.AccountError as err:
            db.session.rollback()
            form.new.errors = list(form.new.errors) + [str(err)]
        else:
            db.session.commit()
            flash(_("Your password has been changed. You stay logged in here; other devices are logged out."),
                  "success")
            return redirect(url_for("portal.account"))
    return render_template("portal/account.html", trainee=trainee, form=form, active="account",
                           min_password_length=account_services.MIN_PASSWORD_LENGTH), _status()


# --- Complaints ------------------------------------------------------------------------------


def _complaint_or_404(id):
    complaint = services.own_complaint(current_user, id)
    if complaint is None:
        abort(404)
    return complaint


@bp.get("/complaints")
@trainee_view
def complaints(trainee):
    rows = list(db.session.scalars(
        complaint_services.own_complaints(current_user).order_by(Complaint.received_at.desc(), Complaint.id.desc())))
    return render_template("portal/complaints.html", trainee=trainee, complaints=rows, active="complaints")


def _upload(form):
    storage = form.attachment.data
    if not storage or not getattr(storage, "filename", None):
        return None
    return complaint_services.Upload(filename=storage.filename, data=storage.read())


@bp.route("/complaints/new", methods=["GET", "POST"])
@trainee_view
def complaint_new(trainee):
    form = ComplaintForm()
    if form.validate_on_submit():
        try:
            complaint = complaint_services.file_complaint(
                form.to_data(complaint_services.ComplaintData), channel=ComplaintChannel.PORTAL,
                actor=current_user, now=utcnow(), ip=request.remote_addr, attachment=_upload(form))
        except complaint_services.ComplaintError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Thank you. We received your message and will answer it. Tracking code: %(code)s",
                    code=complaint.tracking_code), "success")
            return redirect(url_for("portal.complaint", id=complaint.id))
    return render_template("portal/complaint_new.html", trainee=trainee, form=form, active="complaints"), _status()


def _render_complaint(trainee, complaint, *, status: int = 200, reply_form=None, reopen_form=None):
    events = complaint_services.public_events(complaint)
    answers = [e for e in events if e.kind == "answered"]
    return render_template(
        "portal/complaint.html", trainee=trainee, complaint=complaint, events=events,
        answer=answers[-1] if answers else None,
        attachments=complaint_services.public_attachments(complaint),
        reply_form=reply_form or MessageForm(formdata=None), reopen_form=reopen_form or ReopenForm(formdata=None),
        close_form=ButtonForm(formdata=None), active="complaints"), status


@bp.get("/complaints/<int:id>")
@trainee_view
def complaint(trainee, id):
    return _render_complaint(trainee, _complaint_or_404(id))


def _complaint_step(id: int, form, step, done_message: str, *, form_name: str | None = None):
    """The complainant's reply, close or reopen: ``step(complaint)`` once the form is
    valid; refused -> the complaint page again with the message, 400."""
    complaint = _complaint_or_404(id)
    if form.validate_on_submit():
        try:
            step(complaint)
        except complaint_services.ComplaintError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(done_message, "success")
            return redirect(url_for("portal.complaint", id=id))
    forms = {form_name: form} if form_name else {}
    return _render_complaint(services.own_trainee(current_user), _complaint_or_404(id), status=400, **forms)


@bp.post("/complaints/<int:id>/reply")
@trainee_view
def complaint_reply(trainee, id):
    form = MessageForm()
    return _complaint_step(
        id, form, lambda c: complaint_services.complainant_reply(c, form.body.data, actor=current_user, now=utcnow()),
        _("Your message has been sent."), form_name="reply_form")


@bp.post("/complaints/<int:id>/close")
@trainee_view
def complaint_close(trainee, id):
    return _complaint_step(
        id, ButtonForm(), lambda c: complaint_services.close(c, actor=current_user, now=utcnow()),
        _("Thank you. Your complaint is closed."))


@bp.post("/complaints/<int:id>/reopen")
@trainee_view
def complaint_reopen(trainee, id):
    form = ReopenForm()
    return _complaint_step(
        id, form, lambda c: complaint_services.reopen(c, form.reason.data, actor=current_user, now=utcnow()),
        _("Your complaint is open again. We will look at it once more."), form_name="reopen_form")


@bp.get("/complaints/<int:id>/attachments/<int:att_id>")
@trainee_view
def complaint_attachment(trainee, id, att_id):
    complaint = _complaint_or_404(id)
    attachment = next((a for a in complaint_services.public_attachments(complaint) if a.id == att_id), None)
    if attachment is None:
        abort(404)
    return complaint_attachments.download_response(attachment)
