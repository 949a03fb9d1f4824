from __future__ import annotations

from datetime import date

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from accounts.access import role_required
from accounts.models import AuditEvent, Role, User
import spreadsheets
from extensions import db, local_today

from . import export, services
from .forms import TraineeForm
from .models import Kecamatan, Kelurahan, PovertyStatus, Trainee

bp = Blueprint("trainees", __name__, url_prefix="/trainees")

LIST_ROLES = (Role.ADMIN, Role.OFFICER, Role.MENTOR)
EDIT_ROLES = (Role.ADMIN, Role.OFFICER)


today = local_today


def _users_with_role(role: Role) -> list[User]:
    return list(db.session.scalars(select(User).where(User.role == role.value, User.is_enabled.is_(True)).order_by(User.full_name)))


def _kelurahan_choices():
    groups: dict[str, list] = {}
    for kel in db.session.scalars(select(Kelurahan).options(joinedload(Kelurahan.kecamatan)).join(Kecamatan).order_by(Kecamatan.name, Kelurahan.name)):
        groups.setdefault(kel.kecamatan.name, []).append((kel.code, kel.name))
    return groups


def _set_choices(form: TraineeForm, trainee: Trainee | None = None) -> None:
    none = [(None, "—")]
    form.kelurahan_code.choices = _kelurahan_choices()
    form.mentor_id.choices = none + [(u.id, u.full_name) for u in _users_with_role(Role.MENTOR)]
    form.officer_id.choices = none + [(u.id, u.full_name) for u in _users_with_role(Role.OFFICER)]
    linked = select(Trainee.user_id).where(Trainee.user_id.is_not(None))
    if trainee is not None and trainee.user_id:
        linked = linked.where(Trainee.user_id != trainee.user_id)
    free = db.session.scalars(
        select(User).where(User.role == Role.TRAINEE.value, User.is_enabled.is_(True), User.id.not_in(linked)).order_by(User.username)
    )
    form.user_id.choices = none + [(u.id, f"{u.username} — {u.full_name}") for u in free]


def _filters_from_args() -> services.TraineeFilters:
    args = request.args

    def _int(name):
        value = args.get(name, "")
        return int(value) if value.isdigit() else None

    status = args.get("poverty_status") or None
    if status not in {p.value for p in PovertyStatus}:
        status = None
    filters = services.TraineeFilters(
        q=(args.get("q") or "").strip()[:100] or None,
        kecamatan=args.get("kecamatan") or None,
        kelurahan=args.get("kelurahan") or None,
        poverty_status=status,
        mentor_id=_int("mentor"),
        officer_id=_int("officer"),
    )
    if current_user.role == Role.MENTOR.value:
        filters.mentor_id = None  # a mentor's list is already theirs only
    return filters


def get_visible_trainee_or_404(id: int) -> Trainee:
    """The trainee if the current user may see it; 404 otherwise (never reveal existence)."""
    trainee = db.session.scalar(services.visible_trainees(current_user).where(Trainee.id == id))
    if trainee is None:
        abort(404)
    return trainee


@bp.get("/")
@role_required(*LIST_ROLES)
def index():
    filters = _filters_from_args()
    query = services.filtered_trainees(current_user, filters).options(
        joinedload(Trainee.kelurahan), joinedload(Trainee.kecamatan), joinedload(Trainee.mentor), selectinload(Trainee.business)
    )
    page = db.paginate(query, per_page=current_app.config["TRAINEES_PER_PAGE"], error_out=False, max_per_page=100)
    kecamatan = list(db.session.scalars(select(Kecamatan).order_by(Kecamatan.name)))
    kelurahan = []
    if filters.kecamatan:
        kelurahan = list(db.session.scalars(select(Kelurahan).where(Kelurahan.kecamatan_code == filters.kecamatan).order_by(Kelurahan.name)))
    is_mentor = current_user.role == Role.MENTOR.value
    return render_template(
        "trainees/list.html",
        page=page,
        filters=filters,
        kecamatan=kecamatan,
        kelurahan=kelurahan,
        statuses=list(PovertyStatus),
        mentors=[] if is_mentor else _users_with_role(Role.MENTOR),
        officers=_users_with_role(Role.OFFICER),
        can_edit=current_user.has_role(*EDIT_ROLES),
    )


@bp.get("/export.<any(csv, xlsx):fmt>")
@role_required(*LIST_ROLES)
def export_list(fmt):
    query = services.filtered_trainees(current_user, _filters_from_args())
    basename = f"trainees-{today().isoformat()}"
    if fmt == "csv":
        return spreadsheets.download("csv", basename=basename, csv_chunks=export.csv_chunks(query))
    return spreadsheets.download("xlsx", basename=basename, xlsx=export.xlsx_bytes(query))


@bp.get("/<int:id>")
@login_required
def detail(id):
    # Everything the page shows about the record in one query (the page's query count
    # stays small and constant; tests/trainees/test_views.py).
    trainee = db.session.scalar(
        services.visible_trainees(current_user).where(Trainee.id == id).options(
            joinedload(Trainee.kelurahan), joinedload(Trainee.kecamatan), joinedload(Trainee.mentor),
            joinedload(Trainee.officer), joinedload(Trainee.user), joinedload(Trainee.consent_recorded_by),
            joinedload(Trainee.graduated_by), joinedload(Trainee.business))
    )
    if trainee is None:
        abort(404)
    history = []
    if current_user.has_role(*EDIT_ROLES):
        history = list(
            db.session.scalars(
                select(AuditEvent)
                .where(AuditEvent.entity_type == "trainee", AuditEvent.entity_id == str(trainee.id))
                .options(joinedload(AuditEvent.actor))
                .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
                .limit(20)
            )
        )
    from loans.models import LoanApplication

    # The trainee is visible, so are their applications and loans (same policy). One
    # query: a disbursed application carries its loan.
    applications = list(db.session.scalars(
        select(LoanApplication).where(LoanApplication.trainee_id == trainee.id)
        .options(joinedload(LoanApplication.product), joinedload(LoanApplication.loan))
        .order_by(LoanApplication.submitted_at.desc(), LoanApplication.id.desc())
    ))
    from mentoring import overview as mentoring_overview
    from mentoring.services import can_manage_trainee

    # Staff notes are never read for a trainee viewing their own page.
    is_staff = current_user.has_role(*LIST_ROLES)
    mentoring = mentoring_overview.trainee_mentoring(trainee, as_of=today(), include_staff_notes=is_staff)
    from reports.views import trainee_section

    # The latest assessment, its history and what the viewer may do (reports.views).
    sustainability = trainee_section(trainee, user=current_user, as_of=today())
    return render_template(
        "trainees/detail.html", trainee=trainee, history=history, can_edit=current_user.has_role(*EDIT_ROLES),
        applications=applications, mentoring=mentoring, is_staff=is_staff, as_of=today(),
        can_manage=can_manage_trainee(current_user, trainee), sustainability=sustainability,
    )


@bp.route("/new", methods=["GET", "POST"])
@role_required(*EDIT_ROLES)
def create():
    form = TraineeForm()
    _set_choices(form)
    if request.method == "GET":
        form.joined_on.data = form.consent_on.data = today()
        form.has_business.data = form.business_at_home.data = True
    if form.validate_on_submit():
        try:
            trainee = services.register_trainee(form.to_data(), actor=current_user, today=today())
        except services.ValidationFailed as err:
            form.add_service_errors(err.errors)
        else:
            db.session.commit()
            flash(_("Trainee %(name)s registered.", name=trainee.full_name), "success")
            return redirect(url_for("trainees.detail", id=trainee.id))
    status = 400 if request.method == "POST" else 200
    return render_template("trainees/form.html", form=form, trainee=None), status


@bp.route("/<int:id>/edit", methods=["GET", "POST"])
@role_required(*EDIT_ROLES)
def edit(id):
    trainee = get_visible_trainee_or_404(id)
    form = TraineeForm()
    _set_choices(form, trainee)
    if request.method == "GET":
        form.fill_from(trainee)
    if form.validate_on_submit():
        try:
            services.update_trainee(trainee, form.to_data(), actor=current_user, today=today())
        except services.ValidationFailed as err:
            form.add_service_errors(err.errors)
        else:
            db.session.commit()
            flash(_("Changes saved."), "success")
            return redirect(url_for("trainees.detail", id=trainee.id))
    status = 400 if request.method == "POST" else 200
    return render_template("trainees/form.html", form=form, trainee=trainee), status
