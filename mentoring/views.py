"""Mentoring pages. Thin: validate the form, call one service, commit, flash, redirect.

Who sees what: mentors work with the trainees assigned to them now
(``trainees.services.visible_trainees``); admins and officers with everyone; a trainee
reaches none of these pages except their own chart (their trainee page embeds it).
Objects the user may not see answer 404, a wrong role 403. Domain errors come back as 400
with the message on the field (``ValidationFailed``) or flashed.
"""
from __future__ import annotations

import base64
import hashlib
import html
import re
from dataclasses import dataclass
from datetime import date, timedelta

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from accounts.access import role_required
from accounts.models import Role, User
from extensions import db, local_today, utcnow
from trainees.models import Kecamatan, Kelurahan, Trainee
from trainees.services import TraineeFilters, filtered_trainees, visible_trainees

from . import models  # noqa: F401  (registers the tables)
from . import overview, services
from .forms import ActionForm, ActionStatusForm, AssignForm, CheckinForm, ConfirmForm, SessionForm
from .models import ActionItem, BusinessCheckin, MentorAssignment, MentoringSession, SessionAttendance

bp = Blueprint("mentoring", __name__, url_prefix="/mentoring")

STAFF = (Role.ADMIN, Role.OFFICER)
MENTORING_ROLES = (Role.ADMIN, Role.OFFICER, Role.MENTOR)
#: Sessions per page of a trainee's history.
SESSIONS_PER_PAGE = 20
#: Trainees a staff member's search offers as participants.
SEARCH_LIMIT = 30
#: How many months of check-ins the chart and the check-in page show.
CHART_MONTHS = 24
#: Chart sizes (px): a phone gets a smaller drawing, so its text stays readable when scaled.
CHART_SIZES = {"large": (800, 400), "small": (480, 360)}
#: Default due date of a new action item: two weeks from today.
ACTION_DUE_DAYS = 14

today = local_today


def _is_staff() -> bool:
    return current_user.has_role(*STAFF)


def _status() -> int:
    """200 for a form shown, 400 for a form sent back with errors."""
    return 400 if request.method == "POST" else 200


def _int_arg(name: str) -> int | None:
    value = request.args.get(name, "")
    return int(value) if value.isdigit() else None


def _int_args(name: str) -> list[int]:
    return list(dict.fromkeys(int(v) for v in request.args.getlist(name) if v.isdigit()))


def _month_arg(name: str) -> date | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})", request.args.get(name, ""))
    if not match:
        return None
    try:
        return date(int(match.group(1)), int(match.group(2)), 1)
    except ValueError:
        return None


def _fail(form, err: Exception) -> None:
    """Roll back a refused service call and show its error on the form (or flash it)."""
    db.session.rollback()
    if isinstance(err, services.ValidationFailed):
        form.add_service_errors(err.errors)
    else:
        flash(str(err), "danger")


def get_visible_trainee_or_404(id: int) -> Trainee:
    trainee = db.session.scalar(visible_trainees(current_user).where(Trainee.id == id))
    if trainee is None:
        abort(404)
    return trainee


def _visible_session_or_404(id: int) -> MentoringSession:
    session = overview.visible_session(current_user, id)
    if session is None:
        abort(404)
    return session


def _visible_action_or_404(id: int) -> ActionItem:
    item = db.session.get(ActionItem, id)
    if item is None:
        abort(404)
    get_visible_trainee_or_404(item.trainee_id)
    return item


def _mentors() -> list[User]:
    return list(db.session.scalars(
        select(User).where(User.role == Role.MENTOR.value, User.is_enabled.is_(True)).order_by(User.full_name)))


def _kelurahan_choices() -> dict[str, list]:
    """Kelurahan grouped by kecamatan (``<optgroup>``), after a "none" option."""
    groups: dict[str, list] = {"": [("", "—")]}
    rows = db.session.execute(
        select(Kelurahan.code, Kelurahan.name, Kecamatan.name.label("kecamatan"))
        .join(Kecamatan, Kelurahan.kecamatan_code == Kecamatan.code).order_by(Kecamatan.name, Kelurahan.name))
    for row in rows:
        groups.setdefault(row.kecamatan, []).append((row.code, row.name))
    return groups


# --- Home: caseload and early warning --------------------------------------------------------


@bp.get("/")
@role_required(*MENTORING_ROLES)
def home():
    if current_user.has_role(Role.MENTOR):
        return _mentor_home(current_user)
    return render_template("mentoring/staff_home.html", rows=overview.mentor_caseloads(as_of=today()),
                           as_of=today())


@bp.get("/mentors/<int:mentor_id>")
@role_required(*STAFF)
def mentor_home(mentor_id):
    mentor = db.session.get(User, mentor_id)
    if mentor is None or mentor.role != Role.MENTOR.value:
        abort(404)
    return _mentor_home(mentor)


def _mentor_home(mentor: User):
    rows = overview.caseload(mentor.id, as_of=today())
    return render_template("mentoring/home.html", mentor=mentor, rows=rows, warnings=overview.early_warning(rows),
                           as_of=today(), is_own=mentor.id == current_user.id)


# --- Sessions --------------------------------------------------------------------------------


@dataclass
class Candidate:
    """A trainee offered as a participant."""

    id: int
    full_name: str
    kelurahan_code: str | None


def _candidate_query():
    return visible_trainees(current_user).with_only_columns(Trainee.id, Trainee.full_name, Trainee.kelurahan_code)


def _candidates(*, wanted: list[int], include_caseload_of: int | None, q: str | None) -> list[Candidate]:
    """Trainees the form offers: a mentor's own caseload; for staff the ``wanted`` ones,
    the caseload of their mentor (a group is usually one mentor's) and the search's hits."""
    found: dict[int, Candidate] = {}

    def add(query):
        for row in db.session.execute(query):
            found.setdefault(row.id, Candidate(row.id, row.full_name, row.kelurahan_code))

    if not _is_staff():
        add(_candidate_query().order_by(Trainee.full_name))
        return list(found.values())
    if wanted:
        add(_candidate_query().where(Trainee.id.in_(wanted)))
    if include_caseload_of:
        add(_candidate_query().where(Trainee.mentor_id == include_caseload_of).order_by(Trainee.full_name))
    if q:
        add(filtered_trainees(current_user, TraineeFilters(q=q[:100]))
            .with_only_columns(Trainee.id, Trainee.full_name, Trainee.kelurahan_code).limit(SEARCH_LIMIT))
    return sorted(found.values(), key=lambda c: (c.full_name, c.id))


def _posted_ids(name: str) -> list[int]:
    return [int(v) for v in request.form.getlist(name) if v.isdigit()]


def _set_session_choices(form: SessionForm, candidates: list[Candidate]) -> None:
    form.participants.choices = [(c.id, c.full_name) for c in candidates]
    form.absent.choices = form.participants.choices
    form.kelurahan_code.choices = _kelurahan_choices()


def _render_session_form(form: SessionForm, candidates, *, session=None, q=None, wanted=()):
    day = today()
    date_options = [(day.isoformat(), _("Today")), ((day - timedelta(days=1)).isoformat(), _("Yesterday"))]
    next_options = [((day + timedelta(days=n)).isoformat(), label)
                    for n, label in ((7, _("In 1 week")), (14, _("In 2 weeks")), (28, _("In 4 weeks")))]
    return render_template("mentoring/session_form.html", form=form, candidates=candidates, session=session,
                           q=q, wanted=list(wanted), is_staff=_is_staff(), today=day, date_options=date_options,
                           next_options=next_options), _status()


@bp.route("/sessions/new", methods=["GET", "POST"])
@role_required(*MENTORING_ROLES)
def session_create():
    wanted = _int_args("trainee")
    q = (request.args.get("q") or "").strip() or None
    mentor_of_wanted = None
    if _is_staff() and wanted:
        mentor_of_wanted = db.session.scalar(select(Trainee.mentor_id).where(Trainee.id == wanted[0]))
    candidates = _candidates(wanted=wanted + _posted_ids("participants"), include_caseload_of=mentor_of_wanted, q=q)
    form = SessionForm()
    _set_session_choices(form, candidates)
    if request.method == "GET":
        offered = {c.id: c for c in candidates}
        form.held_on.data = today()
        form.participants.data = [i for i in wanted if i in offered]
        defaults = services.session_defaults(current_user)
        form.mode.data = defaults.get("mode") or form.mode.default
        place = defaults.get("kelurahan_code")
        if place is None and len(form.participants.data) == 1:
            place = offered[form.participants.data[0]].kelurahan_code
        form.kelurahan_code.data = place
        form.action_due_on.data = today() + timedelta(days=ACTION_DUE_DAYS)
    if form.validate_on_submit():
        try:
            session = services.log_session(form.to_data(services.SessionData), actor=current_user, today=today())
            _add_session_actions(form, session)
        except services.MentoringError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Session logged."), "success")
            return redirect(url_for("mentoring.session_detail", id=session.id))
    return _render_session_form(form, candidates, q=q, wanted=wanted)


def _add_session_actions(form: SessionForm, session: MentoringSession) -> None:
    """The action item typed in the session form, for each trainee who attended (or each
    participant when nobody is marked present)."""
    if not form.has_action():
        return
    rows = session.attendance
    attended = [a for a in rows if a.attended] or list(rows)
    trainees = {t.id: t for t in db.session.scalars(select(Trainee).where(Trainee.id.in_([a.trainee_id for a in attended])))}
    data = form.action_data(services.ActionData)
    for row in attended:
        services.add_action_item(trainees[row.trainee_id], data, actor=current_user, today=today(), session=session)


@bp.get("/sessions/<int:id>")
@role_required(*MENTORING_ROLES)
def session_detail(id):
    session = _visible_session_or_404(id)
    attendance = list(db.session.scalars(
        select(SessionAttendance).where(SessionAttendance.session_id == session.id)
        .options(joinedload(SessionAttendance.trainee)).join(SessionAttendance.trainee).order_by(Trainee.full_name)))
    visible_ids = set(db.session.scalars(
        visible_trainees(current_user).with_only_columns(Trainee.id)
        .where(Trainee.id.in_([a.trainee_id for a in attendance]))))
    actions = list(db.session.scalars(
        select(ActionItem).where(ActionItem.session_id == session.id)
        .options(joinedload(ActionItem.trainee), joinedload(ActionItem.completed_by))
        .order_by(ActionItem.due_on, ActionItem.id)))
    return render_template("mentoring/session.html", session=session, attendance=attendance, actions=actions,
                           visible_ids=visible_ids, as_of=today(),
                           can_edit=services.can_edit_session(session, current_user, now=utcnow()),
                           edit_until=session.created_at + timedelta(days=services.SESSION_EDIT_DAYS))


@bp.route("/sessions/<int:id>/edit", methods=["GET", "POST"])
@role_required(*MENTORING_ROLES)
def session_edit(id):
    session = _visible_session_or_404(id)
    if session.mentor_id != current_user.id:
        abort(403)
    if not services.can_edit_session(session, current_user, now=utcnow()):
        flash(_("Sessions can be edited for %(days)d days after they were logged; this one is now read-only.",
                days=services.SESSION_EDIT_DAYS), "warning")
        return redirect(url_for("mentoring.session_detail", id=id))
    q = (request.args.get("q") or "").strip() or None
    current = [a.trainee_id for a in session.attendance]
    candidates = _candidates(wanted=current + _posted_ids("participants"), include_caseload_of=None, q=q)
    # A participant who has since moved to another mentor stays on the session.
    offered = {c.id for c in candidates}
    for a in session.attendance:
        if a.trainee_id not in offered:
            candidates.append(Candidate(a.trainee_id, a.trainee.full_name, a.trainee.kelurahan_code))
    form = SessionForm()
    _set_session_choices(form, candidates)
    if request.method == "GET":
        form.fill_from(session)
    if form.validate_on_submit():
        try:
            services.update_session(session, form.to_data(services.SessionData), actor=current_user, now=utcnow(),
                                    today=today())
            _add_session_actions(form, session)
        except services.MentoringError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("mentoring.session_detail", id=id))
        session = _visible_session_or_404(id)
    return _render_session_form(form, candidates, session=session, q=q)


@bp.get("/trainees/<int:id>/sessions")
@role_required(*MENTORING_ROLES)
def trainee_sessions(id):
    trainee = get_visible_trainee_or_404(id)
    page = max(_int_arg("page") or 1, 1)
    entries, total = overview.trainee_sessions(trainee, include_staff_notes=True, page=page,
                                               per_page=SESSIONS_PER_PAGE)
    pages = max(-(-total // SESSIONS_PER_PAGE), 1)
    return render_template("mentoring/trainee_sessions.html", trainee=trainee, entries=entries, total=total,
                           page=page, pages=pages, can_manage=services.can_manage_trainee(current_user, trainee))


# --- Assignment (admin, officer) ---------------------------------------------------------------


@bp.route("/trainees/<int:id>/assign", methods=["GET", "POST"])
@role_required(*STAFF)
def assign(id):
    trainee = get_visible_trainee_or_404(id)
    form = AssignForm()
    form.mentor_id.choices = [(None, _("— No mentor"))] + [(m.id, m.full_name) for m in _mentors()]
    if request.method == "GET":
        form.mentor_id.data = trainee.mentor_id
        form.assigned_on.data = today()
    if form.validate_on_submit():
        mentor = db.session.get(User, form.mentor_id.data) if form.mentor_id.data else None
        try:
            services.assign_mentor(trainee, mentor, actor=current_user, on=form.assigned_on.data,
                                   reason=form.reason.data)
        except services.MentoringError as err:
            _fail(form, err)
        else:
            db.session.commit()
            if mentor is None:
                flash(_("%(name)s no longer has a mentor.", name=trainee.full_name), "success")
            else:
                flash(_("%(mentor)s now mentors %(name)s.", mentor=mentor.full_name, name=trainee.full_name),
                      "success")
            return redirect(url_for("trainees.detail", id=id, _anchor="mentoring"))
        trainee = get_visible_trainee_or_404(id)
    history = list(db.session.scalars(
        select(MentorAssignment).where(MentorAssignment.trainee_id == trainee.id)
        .options(joinedload(MentorAssignment.mentor), joinedload(MentorAssignment.assigned_by))
        .order_by(MentorAssignment.started_on.desc(), MentorAssignment.id.desc())))
    return render_template("mentoring/assign.html", trainee=trainee, form=form, history=history), _status()


# --- Action items ----------------------------------------------------------------------------


def _trainee_page(trainee_id: int, anchor: str):
    return redirect(url_for("trainees.detail", id=trainee_id, _anchor=anchor))


@bp.route("/trainees/<int:id>/actions/new", methods=["GET", "POST"])
@role_required(*MENTORING_ROLES)
def action_create(id):
    trainee = get_visible_trainee_or_404(id)
    form = ActionForm()
    if request.method == "GET":
        form.due_on.data = today() + timedelta(days=ACTION_DUE_DAYS)
    if form.validate_on_submit():
        try:
            services.add_action_item(trainee, form.to_data(services.ActionData), actor=current_user, today=today())
        except services.MentoringError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Action item added."), "success")
            return _trainee_page(id, "mentoring-actions")
        trainee = get_visible_trainee_or_404(id)
    return render_template("mentoring/action_form.html", form=form, trainee=trainee, item=None), _status()


@bp.route("/actions/<int:id>/edit", methods=["GET", "POST"])
@role_required(*MENTORING_ROLES)
def action_edit(id):
    item = _visible_action_or_404(id)
    form = ActionForm()
    if request.method == "GET":
        form.fill_from(item)
    if form.validate_on_submit():
        try:
            services.update_action_item(item, form.to_data(services.ActionData), actor=current_user, today=today())
        except services.MentoringError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return _trainee_page(item.trainee_id, "mentoring-actions")
        item = _visible_action_or_404(id)
    return render_template("mentoring/action_form.html", form=form, trainee=item.trainee, item=item), _status()


@bp.post("/actions/<int:id>/status")
@role_required(*MENTORING_ROLES)
def action_status(id):
    item = _visible_action_or_404(id)
    trainee_id = item.trainee_id
    form = ActionStatusForm()
    if not form.validate_on_submit():  # the buttons always send a valid status
        abort(400)
    try:
        services.set_action_status(item, form.status.data, actor=current_user, on=today())
    except services.MentoringError as err:
        db.session.rollback()
        flash(str(err), "danger")
        return _trainee_page(trainee_id, "mentoring-actions")
    db.session.commit()
    messages = {"done": _("Action item marked done."), "dropped": _("Action item dropped."),
                "open": _("Action item reopened.")}
    flash(messages[form.status.data], "success")
    return _trainee_page(trainee_id, "mentoring-actions")


# --- Monthly business check-ins --------------------------------------------------------------


def _recent_checkins(trainee_id: int, limit: int = CHART_MONTHS) -> list[BusinessCheckin]:
    """The latest ``limit`` check-ins, oldest first."""
    rows = list(db.session.scalars(
        select(BusinessCheckin).where(BusinessCheckin.trainee_id == trainee_id)
        .order_by(BusinessCheckin.month.desc()).limit(limit)))
    return rows[::-1]


def _checkin_of(trainee_id: int, month: date) -> BusinessCheckin | None:
    return db.session.scalar(select(BusinessCheckin).where(
        BusinessCheckin.trainee_id == trainee_id, BusinessCheckin.month == month))


def default_checkin_month(as_of: date) -> date:
    """The last complete month: check-ins are usually taken early in the next month."""
    return (as_of.replace(day=1) - timedelta(days=1)).replace(day=1)


@bp.route("/trainees/<int:id>/checkin", methods=["GET", "POST"])
@role_required(*MENTORING_ROLES)
def checkin(id):
    trainee = get_visible_trainee_or_404(id)
    form = CheckinForm()
    warnings: list[str] = []
    if request.method == "GET":
        month = _month_arg("month") or default_checkin_month(today())
        existing = _checkin_of(trainee.id, month)
        if existing is not None:
            form.fill_from(existing)
        else:
            form.month.data = month
    if form.validate_on_submit():
        try:
            record = services.record_checkin(trainee, form.to_data(services.CheckinData), actor=current_user,
                                             today=today())
        except services.NeedsConfirmation as err:
            db.session.rollback()
            warnings = err.warnings
        except services.MentoringError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Check-in for %(month)s saved.", month=_month_label(record.month)), "success")
            return _trainee_page(id, "mentoring-checkins")
        trainee = get_visible_trainee_or_404(id)
    recorded = _recent_checkins(trainee.id)
    month = form.month.data.replace(day=1) if isinstance(form.month.data, date) else None
    replaces = None
    if month is not None:
        replaces = next((c for c in recorded if c.month == month), None) or _checkin_of(trainee.id, month)
    return render_template("mentoring/checkin_form.html", form=form, trainee=trainee, warnings=warnings,
                           recorded=recorded[::-1], replaces=replaces), _status()


@bp.post("/checkins/<int:id>/confirm")
@role_required(*MENTORING_ROLES)
def checkin_confirm(id):
    """Confirm a check-in the trainee reported in the portal: it then counts in the assessment."""
    record = db.session.get(BusinessCheckin, id)
    if record is None:
        abort(404)
    trainee_id = record.trainee_id
    get_visible_trainee_or_404(trainee_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    try:
        services.confirm_checkin(record, actor=current_user, now=utcnow())
    except services.MentoringError as err:
        db.session.rollback()
        flash(str(err), "danger")
    else:
        month = record.month
        db.session.commit()
        flash(_("Check-in for %(month)s confirmed.", month=_month_label(month)), "success")
    return _trainee_page(trainee_id, "mentoring-checkins")


def _month_label(month: date) -> str:
    from flask_babel import format_date

    return format_date(month, "MMMM yyyy")


@bp.app_template_filter("month")
def month_filter(value: date | None, fmt: str = "MMM yyyy") -> str:
    """``date(2026, 10, 1)|month`` -> "Okt 2026" (locale's month name)."""
    from flask_babel import format_date

    return format_date(value, fmt) if value else ""


_STYLE_RE = re.compile(r"<style[^>]*>(.*?)</style>", re.S)
_STYLE_ATTR_RE = re.compile(r'\sstyle="([^"]*)"')


def _sha256(css: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(css.encode()).digest()).decode() + "'"


def svg_csp(svg: str) -> str:
    """A Content-Security-Policy for one chart: nothing may load or run; its own
    ``<style>`` elements and ``style=""`` attributes (pygal styles the chart inline) are
    allowed by hash, nothing else."""
    # Browsers hash the parsed text: "&gt;" in the XML source is ">" then.
    sources = dict.fromkeys(_sha256(html.unescape(css)) for css in _STYLE_RE.findall(svg))
    attributes = dict.fromkeys(_sha256(html.unescape(css)) for css in _STYLE_ATTR_RE.findall(svg))
    if attributes:
        sources.update({"'unsafe-hashes'": None, **attributes})
    style_src = " ".join(sources) or "'none'"
    return f"default-src 'none'; style-src {style_src}; frame-ancestors 'self'"


@bp.get("/trainees/<int:id>/chart.svg")
@login_required
def checkin_chart(id):
    from . import charts

    trainee = get_visible_trainee_or_404(id)
    width, height = CHART_SIZES.get(request.args.get("size", ""), CHART_SIZES["large"])
    svg = charts.checkin_chart_svg(
        _recent_checkins(trainee.id), width=width, height=height,
        labels={"revenue": _("Revenue"), "costs": _("Business costs"), "profit": _("Profit"),
                "title": _("Business figures per month"), "no_data": _("No check-ins yet")})
    return Response(svg, mimetype="image/svg+xml", headers={"Content-Security-Policy": svg_csp(svg)})
