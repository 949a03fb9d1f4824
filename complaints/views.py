"""Complaints: staff pages (/complaints/...), the public page without login
(/complaints/public, /complaints/track) and the holiday list. Trainees file and follow
their own complaints in the portal (portal/views.py).

Thin views: validate the form, call one service, commit, flash, redirect. Who sees what is
``services.visible_complaints`` / ``services.can_see`` (a misconduct report never reaches
the staff member it accuses; officers and mentors see only what they filed or were
assigned); anything else answers 404, a wrong role 403. The complainant's identity is
shown only where ``services.can_see_identity`` allows.
"""
from __future__ import annotations

import csv
import io
import secrets
from dataclasses import dataclass
from datetime import date, timedelta

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from itsdangerous import BadSignature, SignatureExpired, URLSafeTimedSerializer
from openpyxl import Workbook
from sqlalchemy import or_, select
from sqlalchemy.orm import selectinload

import spreadsheets
from accounts.access import role_required
from accounts.models import Role, User
from extensions import db, label_filter, local_today, utcnow
from trainees.models import Trainee
from trainees.services import TraineeFilters, filtered_trainees, visible_trainees

from . import attachments, services, stats
from .forms import (
    AccusedForm, AssignForm, AttachmentForm, ButtonForm, DeclineForm, HolidayForm, MessageForm, PublicComplaintForm,
    StaffComplaintForm, VerifyForm,
)
from .models import (
    CloseReason, Complaint, ComplaintAttachment, ComplaintCategory, ComplaintChannel, ComplaintKind,
    ComplaintStatus, Holiday,
)

bp = Blueprint("complaints", __name__, url_prefix="/complaints")

STAFF = (Role.ADMIN, Role.OFFICER, Role.MENTOR)
PER_PAGE = 50
#: Trainees a staff member's search offers on the "new complaint" form.
SEARCH_LIMIT = 30
#: The public page's question: signed with SECRET_KEY under this salt, valid this long.
CHALLENGE_SALT = "complaint-challenge"
CHALLENGE_MAX_AGE = 3600

today = local_today


# --- Helpers -----------------------------------------------------------------------------


def _status() -> int:
    """200 for a form shown, 400 for a form sent back with errors."""
    return 400 if request.method == "POST" else 200


def _visible_or_404(id: int) -> Complaint:
    complaint = db.session.get(Complaint, id)
    if complaint is None or not services.can_see(current_user, complaint):
        abort(404)
    return complaint


def _upload(field) -> services.Upload | None:
    storage = field.data
    if not storage or not getattr(storage, "filename", None):
        return None
    return services.Upload(filename=storage.filename, data=storage.read())


def _add_errors(form, errors: dict) -> None:
    """A service's ValidationFailed errors on the form's fields (the others flashed)."""
    for key, message in errors.items():
        # "assignee" lands on assignee_id; a reopen's "reason" on the message body
        field = form._fields.get(key) or form._fields.get(f"{key}_id") or form._fields.get("body")
        if field is None:
            flash(str(message), "danger")
        else:
            field.errors = list(field.errors) + [message]


_send_attachment = attachments.download_response


_LABELLED = {"kind": ComplaintKind, "category": ComplaintCategory, "status": ComplaintStatus,
             "channel": ComplaintChannel, "close_reason": CloseReason}


#: The translated label of a stored complaint enum value: ``c.close_reason|complaint_label("close_reason")``.
complaint_label = label_filter(_LABELLED)
bp.add_app_template_filter(complaint_label, "complaint_label")


@bp.app_template_filter("decimal1")
def decimal1(value) -> str:
    """A number with at most one decimal, in the locale's notation: 2.5 -> "2,5" (id)."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.#")


# --- List, filters, export ----------------------------------------------------------------


@dataclass
class Filters:
    status: str | None = None
    kind: str | None = None
    category: str | None = None
    overdue: bool = False
    mine: bool = False
    q: str | None = None
    start: date | None = None
    end: date | None = None


def _date_arg(name: str) -> date | None:
    try:
        return date.fromisoformat(request.args.get(name, ""))
    except ValueError:
        return None


def _choice_arg(name: str, enum_cls) -> str | None:
    value = request.args.get(name, "")
    return value if value in {m.value for m in enum_cls} else None


def _filters() -> Filters:
    return Filters(
        status=_choice_arg("status", ComplaintStatus), kind=_choice_arg("kind", ComplaintKind),
        category=_choice_arg("category", ComplaintCategory), overdue=request.args.get("overdue") == "1",
        mine=request.args.get("mine") == "1", q=(request.args.get("q") or "").strip()[:100] or None,
        start=_date_arg("from"), end=_date_arg("to"))


def _filtered(f: Filters):
    query = stats.in_period(services.visible_complaints(current_user), f.start, f.end)
    if f.status:
        query = query.where(Complaint.status == f.status)
    if f.kind:
        query = query.where(Complaint.kind == f.kind)
    if f.category:
        query = query.where(Complaint.category == f.category)
    if f.overdue:
        query = query.where(stats.overdue_clause(today()))
    if f.mine:
        query = query.where(Complaint.assignee_id == current_user.id)
    if f.q:
        escaped = f.q.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(or_(Complaint.subject.ilike(f"%{escaped}%", escape="\\"),
                                Complaint.tracking_code == f.q.upper().replace(" ", "")))
    return query.order_by(Complaint.received_at.desc(), Complaint.id.desc())


@bp.get("/")
@role_required(*STAFF)
def index():
    f = _filters()
    page = db.paginate(_filtered(f).options(selectinload(Complaint.assignee)), per_page=PER_PAGE, error_out=False)
    holidays = services.holidays()
    rows = [(c, services.sla_state(c, today=today(), holidays=holidays)) for c in page.items]
    return render_template(
        "complaints/index.html", page=page, rows=rows, filters=f, statuses=list(ComplaintStatus),
        kinds=[k for k in ComplaintKind if k is not ComplaintKind.MISCONDUCT or current_user.has_role(Role.ADMIN)],
        categories=list(ComplaintCategory), can_see_identity=services.can_see_identity)


EXPORT_COLUMNS = (
    "id", "tracking_code", "received_on", "kind", "category", "channel", "status", "subject", "complainant",
    "trainee", "assignee", "verify_due_on", "verified_on", "answer_due_on", "answered_on", "closed_on",
    "close_reason", "reopened", "sla_met",
)


def _export_rows(query):
    """One list per complaint, in EXPORT_COLUMNS order. No description text; the
    complainant of a confidential complaint stays "confidential" (files travel)."""
    holidays = services.holidays()
    query = query.options(selectinload(Complaint.assignee), selectinload(Complaint.trainee))
    for c in db.session.scalars(query):
        if c.confidential:
            complainant = trainee = _("confidential")
        else:
            complainant = c.complainant_name or ""
            trainee = c.trainee.full_name if c.trainee else ""
        met = stats.sla_outcome(c, today=today(), holidays=holidays)
        yield [
            c.id, c.tracking_code, c.received_on, str(c.kind_enum.label), str(c.category_enum.label),
            str(c.channel_enum.label), str(c.status_enum.label), c.subject, complainant, trainee,
            c.assignee.full_name if c.assignee else "", c.verify_due_on, c.verified_on or "", c.answer_due_on or "",
            c.answered_on or "", services.local_date(c.closed_at) if c.closed_at else "",
            complaint_label(c.close_reason, "close_reason"),
            _("yes") if c.reopen_count else "", "" if met is None else (_("yes") if met else _("no")),
        ]


def _csv_chunks(query):
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(EXPORT_COLUMNS)
    for i, row in enumerate(_export_rows(query), 1):
        writer.writerow([spreadsheets.csv_cell(v) for v in row])
        if i % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def _xlsx_bytes(query) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Complaints"))
    sheet.append(list(EXPORT_COLUMNS))
    for row in _export_rows(query):
        sheet.append([spreadsheets.xlsx_cell(sheet, v) for v in row])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@bp.get("/export.<any(csv, xlsx):fmt>")
@role_required(Role.ADMIN)
def export(fmt):
    query = _filtered(_filters())
    basename = f"complaints-{today().isoformat()}"
    if fmt == "csv":
        return spreadsheets.download("csv", basename=basename, csv_chunks=_csv_chunks(query))
    return spreadsheets.download("xlsx", basename=basename, xlsx=_xlsx_bytes(query))


# --- Dashboard ----------------------------------------------------------------------------


def _period_presets(day: date) -> list[tuple[str, date, date]]:
    month_start = day.replace(day=1)
    last_month_end = month_start - timedelta(days=1)
    return [
        (_("This month"), month_start, day),
        (_("Last month"), last_month_end.replace(day=1), last_month_end),
        (_("Last 90 days"), day - timedelta(days=89), day),
        (_("This year"), day.replace(month=1, day=1), day),
    ]


@bp.get("/dashboard")
@role_required(Role.ADMIN)
def dashboard():
    start, end = _date_arg("from"), _date_arg("to")
    figures = stats.dashboard(current_user, start=start, end=end, today=today())
    period_args = {k: v.isoformat() for k, v in (("from", start), ("to", end)) if v}
    return render_template("complaints/dashboard.html", figures=figures, start=start, end=end, as_of=today(),
                           presets=_period_presets(today()), period_args=period_args)


# --- Filing on someone's behalf -------------------------------------------------------------


def _trainee_choices(wanted: list[int], q: str | None) -> list[tuple]:
    """A mentor's own trainees; for admins and officers the wanted one(s) and a search's hits."""
    columns = (Trainee.id, Trainee.full_name)
    found: dict[int, str] = {}
    if current_user.has_role(Role.MENTOR):
        queries = [visible_trainees(current_user).with_only_columns(*columns).order_by(Trainee.full_name)]
    else:
        queries = []
        if wanted:
            queries.append(visible_trainees(current_user).with_only_columns(*columns).where(Trainee.id.in_(wanted)))
        if q:
            queries.append(filtered_trainees(current_user, TraineeFilters(q=q[:100])).with_only_columns(*columns)
                           .order_by(Trainee.full_name).limit(SEARCH_LIMIT))
    for query in queries:
        for row in db.session.execute(query):
            found.setdefault(row.id, row.full_name)
    return [("", "—")] + [(i, name) for i, name in found.items()]


@bp.route("/new", methods=["GET", "POST"])
@role_required(*STAFF)
def new():
    wanted = [int(v) for v in request.args.getlist("trainee") + request.form.getlist("trainee_id") if v.isdigit()]
    q = (request.args.get("q") or "").strip() or None
    form = StaffComplaintForm()
    form.trainee_id.choices = _trainee_choices(wanted, q)
    if request.method == "GET" and wanted and any(i == wanted[0] for i, _n in form.trainee_id.choices[1:]):
        form.trainee_id.data = wanted[0]
    if form.validate_on_submit():
        data = services.ComplaintData(
            **form.complaint_values(), complainant_name=form.complainant_name.data,
            complainant_contact=form.complainant_contact.data, confidential=form.confidential.data,
            trainee_id=form.trainee_id.data)
        try:
            complaint = services.file_complaint(data, channel=ComplaintChannel.STAFF, actor=current_user,
                                                now=utcnow(), attachment=_upload(form.attachment))
        except services.ValidationFailed as err:
            db.session.rollback()
            _add_errors(form, err.errors)
        except services.ComplaintError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Complaint filed. Tracking code: %(code)s.", code=complaint.tracking_code), "success")
            if services.can_see(current_user, complaint):
                return redirect(url_for("complaints.detail", id=complaint.id))
            return redirect(url_for("complaints.index"))  # a misconduct report: administrators handle it
    return render_template("complaints/new.html", form=form, q=q), _status()


# --- One complaint ------------------------------------------------------------------------------


def _staff_choices(*roles: Role, exclude: set[int] = frozenset()) -> list[tuple]:
    users = db.session.scalars(select(User).where(User.role.in_([r.value for r in roles]), User.is_enabled.is_(True))
                               .order_by(User.full_name))
    return [(u.id, f"{u.full_name} ({u.role_enum.label})") for u in users if u.id not in exclude]


def _assignee_choices(c: Complaint) -> list[tuple]:
    if c.is_misconduct:  # only administrators, never the accused
        return [("", "—")] + _staff_choices(Role.ADMIN, exclude={c.accused_user_id} if c.accused_user_id else set())
    return [("", "—")] + _staff_choices(*STAFF)


def _accused_choices() -> list[tuple]:
    return [("", "—")] + _staff_choices(*STAFF, exclude={current_user.id})


def _forms(c: Complaint, given: dict) -> dict:
    """Every action form of the detail page (the one sent back with errors in ``given``)."""
    forms = {
        "verify_form": VerifyForm(prefix="verify", category=c.category),
        "decline_form": DeclineForm(prefix="decline"),
        "assign_form": AssignForm(prefix="assign", assignee_id=c.assignee_id),
        "accused_form": AccusedForm(prefix="accused", accused_user_id=c.accused_user_id),
        "note_form": MessageForm(prefix="note"),
        "reply_form": MessageForm(prefix="reply"),
        "answer_form": MessageForm(prefix="answer"),
        "attachment_form": AttachmentForm(prefix="file"),
        "button_form": ButtonForm(),
    }
    forms.update(given)
    forms["verify_form"].accused_user_id.choices = _accused_choices()
    forms["accused_form"].accused_user_id.choices = _accused_choices()
    forms["assign_form"].assignee_id.choices = _assignee_choices(c)
    return forms


def _detail_page(c: Complaint, *, status: int = 200, **given):
    is_admin = current_user.has_role(Role.ADMIN)
    handler = is_admin or c.assignee_id == current_user.id
    return render_template(
        "complaints/detail.html", c=c, sla=services.sla_state(c, today=today(), holidays=services.holidays()),
        show_identity=services.can_see_identity(current_user, c), is_admin=is_admin, is_handler=handler,
        met=services.sla_met(c, holidays=services.holidays()), **_forms(c, given)), status


@bp.get("/<int:id>")
@role_required(*STAFF)
def detail(id):
    return _detail_page(_visible_or_404(id))


def _act(c: Complaint, form, form_name: str, call, success: str):
    """Validate ``form``, run ``call()`` (one service call), commit, flash, redirect. Field
    errors re-render the page (400); a refused transition is flashed; a wrong person 403."""
    if not form.validate_on_submit():
        return _detail_page(c, status=400, **{form_name: form})
    try:
        call(form)
    except services.ValidationFailed as err:
        db.session.rollback()
        _add_errors(form, err.errors)
        return _detail_page(c, status=400, **{form_name: form})
    except services.NotAllowed:
        db.session.rollback()
        abort(403)
    except services.ComplaintError as err:
        db.session.rollback()
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for("complaints.detail", id=c.id))


@bp.post("/<int:id>/verify")
@role_required(Role.ADMIN)
def verify(id):
    c = _visible_or_404(id)
    form = VerifyForm(prefix="verify")
    form.accused_user_id.choices = _accused_choices()
    return _act(c, form, "verify_form", lambda f: services.verify(
        c, actor=current_user, now=utcnow(), category=f.category.data,
        accused_user_id=f.accused_user_id.data if c.is_misconduct else None), _("Complaint verified."))


@bp.post("/<int:id>/decline")
@role_required(Role.ADMIN)
def decline(id):
    c = _visible_or_404(id)
    return _act(c, DeclineForm(prefix="decline"), "decline_form", lambda f: services.decline(
        c, status=f.status.data, reason=f.reason.data, actor=current_user, now=utcnow()), _("Complaint closed."))


@bp.post("/<int:id>/assign")
@role_required(Role.ADMIN)
def assign(id):
    c = _visible_or_404(id)
    form = AssignForm(prefix="assign")
    form.assignee_id.choices = _assignee_choices(c)

    def call(f):
        services.assign(c, db.session.get(User, f.assignee_id.data), actor=current_user, now=utcnow())

    return _act(c, form, "assign_form", call, _("Complaint assigned."))


@bp.post("/<int:id>/accused")
@role_required(Role.ADMIN)
def accused(id):
    c = _visible_or_404(id)
    form = AccusedForm(prefix="accused")
    form.accused_user_id.choices = _accused_choices()
    return _act(c, form, "accused_form", lambda f: services.link_accused(
        c, f.accused_user_id.data, actor=current_user, now=utcnow()), _("Staff member linked to the report."))


@bp.post("/<int:id>/start")
@role_required(*STAFF)
def start(id):
    c = _visible_or_404(id)
    return _act(c, ButtonForm(), "button_form", lambda f: services.start_work(c, actor=current_user, now=utcnow()),
                _("Work started."))


@bp.post("/<int:id>/note")
@role_required(*STAFF)
def note(id):
    c = _visible_or_404(id)
    return _act(c, MessageForm(prefix="note"), "note_form", lambda f: services.add_note(
        c, f.body.data, actor=current_user, now=utcnow()), _("Note added."))


@bp.post("/<int:id>/reply")
@role_required(*STAFF)
def reply(id):
    c = _visible_or_404(id)
    return _act(c, MessageForm(prefix="reply"), "reply_form", lambda f: services.reply(
        c, f.body.data, actor=current_user, now=utcnow()), _("Message sent to the complainant."))


@bp.post("/<int:id>/answer")
@role_required(*STAFF)
def answer(id):
    c = _visible_or_404(id)
    return _act(c, MessageForm(prefix="answer"), "answer_form", lambda f: services.answer(
        c, f.body.data, actor=current_user, now=utcnow()), _("Answer sent."))


@bp.post("/<int:id>/attachments")
@role_required(*STAFF)
def attachment_add(id):
    c = _visible_or_404(id)

    def call(f):
        services.add_attachment(c, _upload(f.attachment), actor=current_user, now=utcnow(), is_public=f.is_public.data)

    return _act(c, AttachmentForm(prefix="file"), "attachment_form", call, _("File attached."))


@bp.get("/<int:id>/attachments/<int:att_id>")
@role_required(*STAFF)
def attachment(id, att_id):
    c = _visible_or_404(id)
    att = db.session.get(ComplaintAttachment, att_id)
    if att is None or att.complaint_id != c.id:
        abort(404)
    return _send_attachment(att)


# --- Public page (no login) ---------------------------------------------------------------------


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=CHALLENGE_SALT)


def _new_challenge(form: PublicComplaintForm) -> tuple[int, int]:
    """Put a fresh signed question in the form (and clear the old answer)."""
    a, b = secrets.randbelow(9) + 1, secrets.randbelow(9) + 1
    form.challenge.data = _serializer().dumps({"a": a, "b": b, "answer": a + b})
    form.challenge_answer.raw_data, form.challenge_answer.data = [], None
    return a, b


#: Why a question was not accepted.
_WRONG = _l("That is not the right answer to the question. Please answer the new question.")
_EXPIRED = _l("The question has expired (it is valid for one hour). Please answer the new question.")


def _challenge_error(form: PublicComplaintForm) -> str | None:
    try:
        payload = _serializer().loads(form.challenge.data or "", max_age=CHALLENGE_MAX_AGE)
    except SignatureExpired:
        return str(_EXPIRED)
    except BadSignature:
        return str(_WRONG)
    if form.website.data:  # the honeypot: a person never sees this field
        return str(_WRONG)
    if not isinstance(payload, dict) or form.challenge_answer.data != payload.get("answer"):
        return str(_WRONG)
    return None


@bp.route("/public", methods=["GET", "POST"])
def public_new():
    form = PublicComplaintForm()
    status, problem = 200, None
    if request.method == "POST":
        status = 400
        if form.validate_on_submit():
            error = _challenge_error(form)
            if error:
                form.challenge_answer.errors = list(form.challenge_answer.errors) + [error]
            else:
                data = services.ComplaintData(
                    **form.complaint_values(), complainant_name=form.complainant_name.data,
                    complainant_contact=form.complainant_contact.data, confidential=form.confidential.data)
                try:
                    complaint = services.file_complaint(data, channel=ComplaintChannel.PUBLIC, actor=None, now=utcnow(),
                                                        ip=request.remote_addr, attachment=_upload(form.attachment))
                except services.RateLimited as err:
                    db.session.rollback()
                    status, problem = 429, str(err)
                except services.ValidationFailed as err:
                    db.session.rollback()
                    _add_errors(form, err.errors)
                except services.ComplaintError as err:
                    db.session.rollback()
                    problem = str(err)
                else:
                    db.session.commit()
                    flash(_("Thank you: your complaint was received. Keep your tracking code %(code)s to follow it.",
                            code=complaint.tracking_code), "success")
                    return redirect(url_for("complaints.track", code=complaint.tracking_code))
    question = _new_challenge(form)
    return render_template("complaints/public_new.html", form=form, question=question, problem=problem), status


# --- Tracking (no login: whoever holds the code) -------------------------------------------------


def _tracked_or_404(code: str) -> Complaint:
    complaint = services.find_by_tracking_code(code)
    if complaint is None:
        abort(404)
    return complaint


def _complainant_actor(c: Complaint) -> User | None:
    """The logged-in complainant acting on their own complaint, else the public complainant."""
    if current_user.is_authenticated and current_user.id == c.complainant_user_id:
        return current_user
    return None


def _track_page(c: Complaint, *, status: int = 200, reply_form=None, reopen_form=None, problem=None):
    return render_template(
        "complaints/track.html", c=c, events=services.public_events(c), attachments=services.public_attachments(c),
        sla=services.sla_state(c, today=today(), holidays=services.holidays()),
        reply_form=reply_form or MessageForm(prefix="reply"), reopen_form=reopen_form or MessageForm(prefix="reopen"),
        button_form=ButtonForm(), problem=problem), status


@bp.get("/track")
def track():
    code = (request.args.get("code") or "").strip()
    if not code:
        return render_template("complaints/track_form.html", code=""), 200
    complaint = services.find_by_tracking_code(code)
    if complaint is None:
        return render_template("complaints/track_form.html", code=code[:32], not_found=True), 404
    return _track_page(complaint)


def _track_act(c: Complaint, form, form_name: str, call, success: str):
    if not form.validate_on_submit():
        return _track_page(c, status=400, **{form_name: form})
    try:
        call(form)
    except services.ValidationFailed as err:
        db.session.rollback()
        _add_errors(form, err.errors)
        return _track_page(c, status=400, **({form_name: form} if form_name != "button_form" else {}))
    except services.ComplaintError as err:
        db.session.rollback()
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(success, "success")
    return redirect(url_for("complaints.track", code=c.tracking_code))


@bp.post("/track/<code>/reply")
def track_reply(code):
    c = _tracked_or_404(code)
    return _track_act(c, MessageForm(prefix="reply"), "reply_form", lambda f: services.complainant_reply(
        c, f.body.data, actor=_complainant_actor(c), now=utcnow()), _("Your message was sent."))


@bp.post("/track/<code>/close")
def track_close(code):
    c = _tracked_or_404(code)
    return _track_act(c, ButtonForm(), "button_form", lambda f: services.close(
        c, actor=_complainant_actor(c), now=utcnow()), _("Thank you. The complaint is closed."))


@bp.post("/track/<code>/reopen")
def track_reopen(code):
    c = _tracked_or_404(code)
    return _track_act(c, MessageForm(prefix="reopen"), "reopen_form", lambda f: services.reopen(
        c, f.body.data, actor=_complainant_actor(c), now=utcnow()), _("The complaint is open again."))


@bp.get("/track/<code>/attachments/<int:att_id>")
def track_attachment(code, att_id):
    c = _tracked_or_404(code)
    att = next((a for a in services.public_attachments(c) if a.id == att_id), None)
    if att is None:
        abort(404)
    return _send_attachment(att)


# --- Holidays (admin) ----------------------------------------------------------------------------


def _holidays_page(form: HolidayForm, status: int = 200):
    rows = services.holiday_list()
    configured = sorted(d for d in services.holidays() if d not in {h.day for h in rows})
    return render_template("complaints/holidays.html", form=form, rows=rows, configured=configured,
                           button_form=ButtonForm()), status


@bp.route("/holidays", methods=["GET", "POST"])
@role_required(Role.ADMIN)
def holidays():
    form = HolidayForm()
    if form.validate_on_submit():
        try:
            services.add_holiday(form.day.data, form.name.data, actor=current_user, now=utcnow())
        except services.ValidationFailed as err:
            db.session.rollback()
            _add_errors(form, err.errors)
        except services.ComplaintError as err:
            db.session.rollback()
            flash(str(err), "danger")
        else:
            db.session.commit()
            flash(_("Holiday added."), "success")
            return redirect(url_for("complaints.holidays"))
    return _holidays_page(form, _status())


@bp.post("/holidays/<day>/delete")
@role_required(Role.ADMIN)
def holiday_delete(day):
    try:
        when = date.fromisoformat(day)
    except ValueError:
        abort(404)
    if db.session.get(Holiday, when) is None:
        abort(404)
    if not ButtonForm().validate_on_submit():
        abort(400)
    services.delete_holiday(when, actor=current_user, now=utcnow())
    db.session.commit()
    flash(_("Holiday removed."), "success")
    return redirect(url_for("complaints.holidays"))

