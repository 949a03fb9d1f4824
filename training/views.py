"""Training pages (/training/...): programmes, cohorts, enrolment, attendance, completion
and certificates. Thin: validate the form, call one service, commit, flash, redirect.

Who: admins and officers manage programmes, cohorts, enrolment and completion; mentors read
the cohorts and take attendance; trainees reach only the certificate of their own completed
enrolment. Cohorts come from ``services.visible_cohorts``: one the user may not see, or
that does not exist, answers 404; a wrong role 403. Domain errors come back as 400 with
the message on the field (``ValidationFailed``) or are flashed.
"""
from __future__ import annotations

from dataclasses import dataclass

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from accounts.access import role_required
from accounts.models import Role
from extensions import db, local_today, utcnow
from trainees.models import Kecamatan, Kelurahan, Trainee
from trainees.services import TraineeFilters, filtered_trainees

from . import models  # noqa: F401  (registers the tables)
from . import services
from .forms import (
    AttendanceForm, ButtonForm, CancelForm, CohortForm, EnrolForm, PlanForm, ProgrammeForm, SessionForm,
)
from .models import (
    Cohort, CohortStatus, Enrolment, EnrolmentStatus, TrainingAttendance, TrainingProgramme, TrainingSession,
)

bp = Blueprint("training", __name__, url_prefix="/training")

STAFF = (Role.ADMIN, Role.OFFICER)
TRAINING_ROLES = (Role.ADMIN, Role.OFFICER, Role.MENTOR)
#: Trainees the enrolment search offers.
SEARCH_LIMIT = 30
#: Enrolment states that hold (or held) a seat.
SEATED = (EnrolmentStatus.ENROLLED.value, EnrolmentStatus.COMPLETED.value, EnrolmentStatus.NOT_COMPLETED.value)

today = local_today


def _is_staff() -> bool:
    return current_user.has_role(*STAFF)


def _status() -> int:
    """200 for a form shown, 400 for a form sent back with errors."""
    return 400 if request.method == "POST" else 200


def _fail(form, err: Exception) -> None:
    """Roll back a refused service call and show its error on the form (or flash it)."""
    db.session.rollback()
    if isinstance(err, services.ValidationFailed) and form is not None:
        form.add_service_errors(err.errors)
    else:
        flash(str(err), "danger")


def _visible_cohort_or_404(id: int) -> Cohort:
    cohort = db.session.scalar(services.visible_cohorts(current_user).where(Cohort.id == id))
    if cohort is None:
        abort(404)
    return cohort


def _visible_enrolment_or_404(id: int) -> Enrolment:
    enrolment = db.session.get(Enrolment, id)
    if enrolment is None:
        abort(404)
    _visible_cohort_or_404(enrolment.cohort_id)
    return enrolment


def _visible_session_or_404(id: int) -> TrainingSession:
    session = db.session.get(TrainingSession, id)
    if session is None:
        abort(404)
    _visible_cohort_or_404(session.cohort_id)
    return session


def _cohort_page(id: int, anchor: str | None = None):
    return redirect(url_for("training.cohort", id=id, _anchor=anchor))


def _kelurahan_choices() -> dict[str, list]:
    """Kelurahan grouped by kecamatan (``<optgroup>``), after a "choose" option."""
    groups: dict[str, list] = {"": [("", "—")]}
    rows = db.session.execute(
        select(Kelurahan.code, Kelurahan.name, Kecamatan.name.label("kecamatan"))
        .join(Kecamatan, Kelurahan.kecamatan_code == Kecamatan.code).order_by(Kecamatan.name, Kelurahan.name))
    for row in rows:
        groups.setdefault(row.kecamatan, []).append((row.code, row.name))
    return groups


def _seat_counts(cohort_ids) -> dict[int, dict[str, int]]:
    """{cohort id: {enrolment status: count}} in one query."""
    counts: dict[int, dict[str, int]] = {}
    if not cohort_ids:
        return counts
    rows = db.session.execute(
        select(Enrolment.cohort_id, Enrolment.status, func.count())
        .where(Enrolment.cohort_id.in_(list(cohort_ids))).group_by(Enrolment.cohort_id, Enrolment.status))
    for cohort_id, status, n in rows:
        counts.setdefault(cohort_id, {})[status] = n
    return counts


@dataclass
class CohortRow:
    cohort: Cohort
    seats_taken: int
    waitlisted: int


# --- Overview ----------------------------------------------------------------------------------


@bp.get("/")
@role_required(*TRAINING_ROLES)
def index():
    cohorts = list(db.session.scalars(
        services.visible_cohorts(current_user)
        .options(joinedload(Cohort.programme), joinedload(Cohort.kelurahan))
        .order_by(Cohort.starts_on.desc(), Cohort.id.desc())))
    counts = _seat_counts([c.id for c in cohorts])
    open_states = (CohortStatus.PLANNED.value, CohortStatus.RUNNING.value)
    rows = [CohortRow(c, sum(counts.get(c.id, {}).get(s, 0) for s in SEATED),
                      counts.get(c.id, {}).get(EnrolmentStatus.WAITLISTED.value, 0)) for c in cohorts]
    current = [r for r in rows if r.cohort.status in open_states]
    past = [r for r in rows if r.cohort.status not in open_states]
    programmes = list(db.session.scalars(select(TrainingProgramme).order_by(TrainingProgramme.name)))
    return render_template("training/index.html", current=current, past=past, programmes=programmes,
                           can_manage=_is_staff())


# --- Programmes (admin, officer) ---------------------------------------------------------------


@bp.route("/programmes/new", methods=["GET", "POST"])
@role_required(*STAFF)
def programme_create():
    form = ProgrammeForm()
    if form.validate_on_submit():
        try:
            programme = services.create_programme(form.to_data(services.ProgrammeData), actor=current_user)
        except services.TrainingError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Programme %(name)s created.", name=programme.name), "success")
            return redirect(url_for("training.index"))
    return render_template("training/programme_form.html", form=form, programme=None), _status()


@bp.route("/programmes/<int:id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def programme_edit(id):
    programme = db.get_or_404(TrainingProgramme, id)
    form = ProgrammeForm()
    if request.method == "GET":
        form.fill_from(programme)
    if form.validate_on_submit():
        try:
            services.update_programme(programme, form.to_data(services.ProgrammeData), actor=current_user)
        except services.TrainingError as err:
            _fail(form, err)
            programme = db.get_or_404(TrainingProgramme, id)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("training.index"))
    return render_template("training/programme_form.html", form=form, programme=programme), _status()


# --- Cohorts -----------------------------------------------------------------------------------


def _cohort_form() -> CohortForm:
    form = CohortForm()
    form.programme_id.choices = [(None, "—")] + [
        (p.id, p.name) for p in db.session.scalars(select(TrainingProgramme).order_by(TrainingProgramme.name))]
    form.kelurahan_code.choices = _kelurahan_choices()
    return form


@bp.route("/cohorts/new", methods=["GET", "POST"])
@role_required(*STAFF)
def cohort_create():
    form = _cohort_form()
    if request.method == "GET":
        programme = request.args.get("programme", "")
        form.programme_id.data = int(programme) if programme.isdigit() else None
    if form.validate_on_submit():
        try:
            cohort = services.create_cohort(form.to_data(services.CohortData), actor=current_user)
        except services.TrainingError as err:
            _fail(form, err)
        else:
            db.session.commit()
            flash(_("Cohort %(name)s created.", name=cohort.name), "success")
            return _cohort_page(cohort.id)
    return render_template("training/cohort_form.html", form=form, cohort=None), _status()


@bp.route("/cohorts/<int:id>/edit", methods=["GET", "POST"])
@role_required(*STAFF)
def cohort_edit(id):
    cohort = _visible_cohort_or_404(id)
    form = _cohort_form()
    if request.method == "GET":
        form.fill_from(cohort)
    if form.validate_on_submit():
        try:
            services.update_cohort(cohort, form.to_data(services.CohortData), actor=current_user)
        except services.TrainingError as err:
            _fail(form, err)
            cohort = _visible_cohort_or_404(id)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return _cohort_page(id)
    return render_template("training/cohort_form.html", form=form, cohort=cohort), _status()


@dataclass
class EnrolledRow:
    enrolment: Enrolment
    percent: int | None
    plan_ok: bool
    will_complete: bool | None


def _enrolments(cohort: Cohort) -> list[Enrolment]:
    return list(db.session.scalars(
        select(Enrolment).where(Enrolment.cohort_id == cohort.id).options(joinedload(Enrolment.trainee))
        .order_by(Enrolment.id)))


def _present_counts(cohort: Cohort) -> dict[int, int]:
    """{session id: trainees present}."""
    rows = db.session.execute(
        select(TrainingAttendance.session_id, func.count()).join(TrainingSession)
        .where(TrainingSession.cohort_id == cohort.id, TrainingAttendance.present.is_(True))
        .group_by(TrainingAttendance.session_id))
    return dict(rows.all())


def _render_cohort(cohort: Cohort, *, cancel_form: CancelForm | None = None, status: int = 200):
    enrolments = _enrolments(cohort)
    q = (request.args.get("q") or "").strip()[:100] or None
    preview = {}
    if cohort.status in (CohortStatus.PLANNED.value, CohortStatus.RUNNING.value) and cohort.sessions:
        preview = {e.id: (pct, plan_ok, will) for e, pct, plan_ok, will in services.completion_preview(cohort)}
    seated, waiting, left = [], [], []
    for e in enrolments:
        if e.status == EnrolmentStatus.WAITLISTED.value:
            waiting.append(e)
        elif e.status == EnrolmentStatus.WITHDRAWN.value:
            left.append(e)
        else:
            if e.id in preview:
                pct, plan_ok, will = preview[e.id]
            elif e.status == EnrolmentStatus.ENROLLED.value:
                pct, plan_ok, will = services.attendance_percent(e), e.business_plan_submitted_on is not None, None
            else:  # completed or not: the figure kept at completion
                pct, plan_ok, will = e.attendance_percent, e.business_plan_submitted_on is not None, None
            seated.append(EnrolledRow(e, pct, plan_ok, will))
    seated.sort(key=lambda r: (r.enrolment.trainee.full_name, r.enrolment.id))
    hits = []
    can_manage = _is_staff()
    is_open = cohort.status in (CohortStatus.PLANNED.value, CohortStatus.RUNNING.value)
    if can_manage and q and is_open:
        taken = {e.trainee_id for e in enrolments}
        hits = [t for t in db.session.scalars(filtered_trainees(current_user, TraineeFilters(q=q)).limit(SEARCH_LIMIT))
                if t.id not in taken]
    will_complete = sum(1 for r in seated if r.will_complete)
    return render_template(
        "training/cohort.html", cohort=cohort, seated=seated, waiting=waiting, left=left,
        sessions=cohort.sessions, present_counts=_present_counts(cohort), q=q, hits=hits,
        can_manage=can_manage, is_open=is_open, preview=bool(preview), will_complete=will_complete,
        seats_taken=sum(1 for r in seated), cancel_form=cancel_form or CancelForm(), button=ButtonForm(),
        today=today()), status


@bp.get("/cohorts/<int:id>")
@role_required(*TRAINING_ROLES)
def cohort(id):
    return _render_cohort(_visible_cohort_or_404(id))


# --- Enrolment (admin, officer) ----------------------------------------------------------------


@bp.post("/cohorts/<int:id>/enrol")
@role_required(*STAFF)
def enrol(id):
    cohort = _visible_cohort_or_404(id)
    form = EnrolForm()
    if not form.validate_on_submit() or form.trainee_id_value() is None:
        abort(400)
    trainee = db.session.scalar(filtered_trainees(current_user, TraineeFilters()).where(
        Trainee.id == form.trainee_id_value()))
    if trainee is None:
        abort(404)
    try:
        enrolment = services.enrol(cohort, trainee, actor=current_user, now=utcnow())
    except services.TrainingError as err:
        _fail(None, err)
        return _cohort_page(id, "enrolled")
    waitlisted = enrolment.status == EnrolmentStatus.WAITLISTED.value
    db.session.commit()
    if waitlisted:
        flash(_("The cohort is full: %(name)s is on the waiting list.", name=trainee.full_name), "warning")
    else:
        flash(_("%(name)s enrolled.", name=trainee.full_name), "success")
    return _cohort_page(id, "waiting-list" if waitlisted else "enrolled")


@bp.post("/enrolments/<int:id>/withdraw")
@role_required(*STAFF)
def withdraw(id):
    enrolment = _visible_enrolment_or_404(id)
    cohort_id, name = enrolment.cohort_id, enrolment.trainee.full_name
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        services.withdraw(enrolment, actor=current_user, now=utcnow())
    except services.TrainingError as err:
        _fail(None, err)
    else:
        db.session.commit()
        flash(_("%(name)s withdrawn.", name=name), "success")
    return _cohort_page(cohort_id, "enrolled")


@bp.post("/enrolments/<int:id>/plan")
@role_required(*STAFF)
def plan(id):
    enrolment = _visible_enrolment_or_404(id)
    cohort_id = enrolment.cohort_id
    form = PlanForm()
    if not form.validate_on_submit():
        abort(400)
    submitted = form.submitted.data == "1"
    try:
        services.mark_business_plan(enrolment, submitted, actor=current_user, on=today())
    except services.TrainingError as err:
        _fail(None, err)
    else:
        db.session.commit()
        flash(_("Business plan marked as handed in.") if submitted else _("Business plan marked as not handed in."),
              "success")
    return _cohort_page(cohort_id, "enrolled")


# --- Sessions and attendance (admin, officer, mentor) ------------------------------------------


def _attendance_choices(enrolments) -> list[tuple[int, str]]:
    rows = sorted(enrolments, key=lambda e: (e.trainee.full_name, e.id))
    return [(e.id, e.trainee.full_name) for e in rows]


@bp.route("/cohorts/<int:id>/sessions/new", methods=["GET", "POST"])
@role_required(*TRAINING_ROLES)
def session_create(id):
    cohort = _visible_cohort_or_404(id)
    enrolled = [e for e in _enrolments(cohort) if e.status == EnrolmentStatus.ENROLLED.value]
    form = SessionForm()
    form.present.choices = _attendance_choices(enrolled)
    if request.method == "GET":
        form.held_on.data = min(max(today(), cohort.starts_on), cohort.ends_on)
        held = {s.topic for s in cohort.sessions}
        form.topic.data = next((t for t in cohort.programme.topics if t not in held), None)
    if form.validate_on_submit():
        try:
            session = services.record_session(
                cohort, held_on=form.held_on.data, topic=form.topic.data.strip(),
                duration_minutes=form.duration_minutes.data, present_enrolment_ids=form.present_ids(),
                actor=current_user, today=today())
        except services.TrainingError as err:
            _fail(form, err)
            cohort = _visible_cohort_or_404(id)
        else:
            present = len(form.present_ids())
            db.session.commit()
            flash(_("Session saved: %(present)d of %(total)d present.", present=present, total=len(enrolled)),
                  "success")
            return _cohort_page(session.cohort_id, "sessions")
    return render_template("training/session_form.html", form=form, cohort=cohort, session=None,
                           topics=cohort.programme.topics, today=today()), _status()


@bp.route("/sessions/<int:id>/attendance", methods=["GET", "POST"])
@role_required(*TRAINING_ROLES)
def attendance(id):
    session = _visible_session_or_404(id)
    rows = list(db.session.scalars(
        select(TrainingAttendance).where(TrainingAttendance.session_id == session.id)
        .options(joinedload(TrainingAttendance.enrolment).joinedload(Enrolment.trainee))))
    form = AttendanceForm()
    form.present.choices = _attendance_choices([r.enrolment for r in rows])
    if request.method == "GET":
        form.present.data = [r.enrolment_id for r in rows if r.present]
    if form.validate_on_submit():
        try:
            services.update_attendance(session, form.present_ids(), actor=current_user)
        except services.TrainingError as err:
            _fail(form, err)
            session = _visible_session_or_404(id)
        else:
            cohort_id = session.cohort_id
            db.session.commit()
            flash(_("Attendance saved: %(present)d of %(total)d present.", present=len(form.present_ids()),
                    total=len(rows)), "success")
            return _cohort_page(cohort_id, "sessions")
    return render_template("training/attendance.html", form=form, cohort=session.cohort, session=session), _status()


# --- Start, complete, cancel (admin, officer) --------------------------------------------------


@bp.post("/cohorts/<int:id>/start")
@role_required(*STAFF)
def start(id):
    cohort = _visible_cohort_or_404(id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        services.start_cohort(cohort, actor=current_user, now=utcnow())
    except services.TrainingError as err:
        _fail(None, err)
    else:
        db.session.commit()
        flash(_("Cohort started."), "success")
    return _cohort_page(id)


@bp.post("/cohorts/<int:id>/complete")
@role_required(*STAFF)
def complete(id):
    cohort = _visible_cohort_or_404(id)
    if not ButtonForm().validate_on_submit():
        abort(400)
    try:
        completed, not_completed = services.complete_cohort(cohort, actor=current_user, now=utcnow())
    except services.TrainingError as err:
        _fail(None, err)
    else:
        done, missed = len(completed), len(not_completed)
        db.session.commit()
        flash(_("Cohort completed: %(done)d completed the training, %(missed)d did not.", done=done, missed=missed),
              "success")
    return _cohort_page(id)


@bp.post("/cohorts/<int:id>/cancel")
@role_required(*STAFF)
def cancel(id):
    cohort = _visible_cohort_or_404(id)
    form = CancelForm()
    if not form.validate_on_submit():
        if "csrf_token" in form.errors:
            abort(400)
        return _render_cohort(cohort, cancel_form=form, status=400)
    try:
        services.cancel_cohort(cohort, form.reason.data.strip(), actor=current_user, now=utcnow())
    except services.TrainingError as err:
        _fail(form, err)
        return _render_cohort(_visible_cohort_or_404(id), cancel_form=form, status=400)
    db.session.commit()
    flash(_("Cohort cancelled."), "success")
    return _cohort_page(id)


# --- Certificate -------------------------------------------------------------------------------


@bp.get("/enrolments/<int:id>/certificate.pdf")
@login_required
def certificate(id):
    """Staff see every completed enrolment's certificate; a trainee only their own."""
    from . import documents

    enrolment = db.session.get(Enrolment, id)
    if enrolment is None or not services.can_download_certificate(current_user, enrolment):
        abort(404)
    pdf = documents.certificate_pdf(enrolment)
    filename = "sertifikat-" + (enrolment.certificate_number or str(enrolment.id)).replace("/", "-") + ".pdf"
    return Response(pdf, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})
