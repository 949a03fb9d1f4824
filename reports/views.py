"""Report pages. Thin: check who may act, call one service, commit, flash, redirect.

Who sees what: a trainee's assessments and progress report are for whoever may see the
trainee (``trainees.services.visible_trainees``: admins and officers everyone, a mentor
their current trainees, a trainee their own record); anyone else gets 404, never a hint
that the record exists. Assessing: admins, officers and the trainee's mentor.
Graduating and the programme report: admins and officers (others 403).

The trainee page's "Sustainability" section is built by :func:`trainee_section`
(called from ``trainees.views.detail``): one query for the history (the latest and the
previous come from it) plus ``services.is_stale`` (none to four).
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from datetime import date
from typing import Iterator

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_login import current_user, login_required
from openpyxl import Workbook
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.datastructures import MultiDict

import spreadsheets
from accounts.access import role_required
from accounts.models import Role, User
from extensions import db, local_today
from trainees.models import Gender, Kecamatan, PovertyStatus, Trainee
from trainees.services import visible_trainees

from . import criteria_text, services, sustainability
from .forms import AssessForm, GraduateForm, ProgrammeFilterForm
from .models import Assessment

bp = Blueprint("reports", __name__, url_prefix="/reports")

STAFF = (Role.ADMIN, Role.OFFICER)
ASSESS_ROLES = (Role.ADMIN, Role.OFFICER, Role.MENTOR)
#: Assessments listed in a trainee's history.
HISTORY_LIMIT = 12
#: Bootstrap badge classes of the bands (Indonesian names stay: they are the method's words).
BAND_BADGES = {
    sustainability.MANDIRI: "text-bg-success",
    sustainability.BERKEMBANG: "text-bg-warning",
    sustainability.RENTAN: "text-bg-danger",
    sustainability.DATA_KURANG: "text-bg-secondary",
}

today = local_today


@bp.app_template_filter("score")
def score_filter(value) -> str:
    """An assessment score (0-100, one decimal) in the locale: ``82,5``; "—" when None."""
    if value is None:
        return "—"
    return format_decimal(value, format="#,##0.#")


@bp.app_context_processor
def report_helpers():
    return {"criteria_text": criteria_text, "band_badges": BAND_BADGES}


def _visible_trainee_or_404(id: int) -> Trainee:
    trainee = db.session.scalar(visible_trainees(current_user).where(Trainee.id == id))
    if trainee is None:
        abort(404)
    return trainee


def _pdf_response(data: bytes, filename: str) -> Response:
    return Response(data, mimetype="application/pdf",
                    headers={"Content-Disposition": f'attachment; filename="{filename}"'})


def _trainee_page(trainee_id: int):
    return redirect(url_for("trainees.detail", id=trainee_id, _anchor="sustainability"))


def can_assess(user: User, trainee: Trainee) -> bool:
    """Admins and officers for anyone; a mentor for a trainee assigned to them now."""
    if user.has_role(*STAFF):
        return True
    return user.has_role(Role.MENTOR) and trainee.mentor_id == user.id


def _thresholds_of(row: Assessment) -> sustainability.Thresholds:
    """The thresholds a snapshot was computed with (the defaults if unreadable)."""
    try:
        return sustainability.Thresholds.from_overrides(row.results.get(services.THRESHOLDS_KEY) or {})
    except (TypeError, ValueError):
        return sustainability.DEFAULT_THRESHOLDS


# --- The trainee page's section -------------------------------------------------------


@dataclass
class TraineeSection:
    """What the "Sustainability" section of a trainee page shows."""

    history: list[Assessment] = field(default_factory=list)  #: latest first
    latest: Assessment | None = None
    result: sustainability.Assessment | None = None
    previous: Assessment | None = None
    changes: list[sustainability.Change] = field(default_factory=list)
    thresholds: sustainability.Thresholds = sustainability.DEFAULT_THRESHOLDS
    #: Data, month, method or thresholds changed since the latest assessment.
    is_stale: bool = False
    can_assess: bool = False
    #: The viewer may graduate (admin, officer) and the trainee has not graduated.
    can_graduate: bool = False
    #: ... and the latest assessment says ready and is not stale: the button shows.
    may_graduate_now: bool = False


def _history(trainee_id: int, limit: int) -> list[Assessment]:
    """As ``services.assessment_history`` (same order), with the assessor in the same query."""
    a = Assessment
    return list(db.session.scalars(
        select(a).where(a.trainee_id == trainee_id).options(joinedload(a.assessed_by))
        .order_by(a.as_of.desc(), a.created_at.desc(), a.id.desc()).limit(limit)))


def trainee_section(trainee: Trainee, *, user: User, as_of: date) -> TraineeSection:
    """The latest assessment with its reasons, the changes since the previous one, the
    last ``HISTORY_LIMIT`` assessments and what ``user`` may do. One query, plus up to
    four when there is an assessment of this month to check for staleness."""
    section = TraineeSection(history=_history(trainee.id, HISTORY_LIMIT), can_assess=can_assess(user, trainee),
                             can_graduate=user.has_role(*STAFF) and trainee.graduated_on is None)
    if not section.history:
        return section
    latest = section.latest = section.history[0]
    section.result = services.result_of(latest)
    section.thresholds = _thresholds_of(latest)
    section.previous = section.history[1] if len(section.history) > 1 else None
    if section.previous is not None:  # the history's order is services.previous_assessment's
        section.changes = sustainability.changes(services.result_of(section.previous), section.result)
    section.is_stale = services.is_stale(latest, trainee, as_of=as_of)
    section.may_graduate_now = section.can_graduate and latest.ready_to_graduate and not section.is_stale
    return section


# --- Assess, graduate, download -------------------------------------------------------


@bp.post("/trainees/<int:id>/assess")
@role_required(*ASSESS_ROLES)
def assess(id):
    trainee = _visible_trainee_or_404(id)
    if not can_assess(current_user, trainee):
        abort(403)
    if not AssessForm().validate_on_submit():
        abort(400)
    before = services.latest_assessment(trainee)
    row = services.assess_trainee(trainee, actor=current_user, as_of=today())
    db.session.commit()
    if before is not None and row.id == before.id:
        flash(_("Nothing has changed since today's assessment: it stays as it was."), "info")
    elif row.score is None:
        flash(_("Assessed: %(band)s.", band=criteria_text.band_label(row.band)), "success")
    else:
        flash(_("Assessed: score %(score)s, %(band)s.", score=score_filter(row.score),
                band=criteria_text.band_label(row.band)), "success")
    return _trainee_page(id)


@bp.post("/trainees/<int:id>/graduate")
@role_required(*STAFF)
def graduate(id):
    trainee = _visible_trainee_or_404(id)
    if not GraduateForm().validate_on_submit():
        abort(400)
    try:
        services.graduate(trainee, actor=current_user, on=today())
    except services.NotReadyToGraduate as err:
        db.session.rollback()
        reasons = [criteria_text.blocker_text(code) for code in err.blockers if code != services.NOT_ASSESSED]
        flash(" ".join([str(err), *reasons]), "danger")
    except services.ReportsError as err:
        db.session.rollback()
        flash(str(err), "danger")
    else:
        db.session.commit()
        flash(_("%(name)s has graduated from the programme.", name=trainee.full_name), "success")
    return _trainee_page(id)


@bp.get("/trainees/<int:id>/report.pdf")
@login_required
def trainee_report(id):
    from . import documents

    trainee = _visible_trainee_or_404(id)
    as_of = today()
    pdf = documents.trainee_report_pdf(trainee, as_of=as_of, assessment=services.latest_assessment(trainee))
    return _pdf_response(pdf, documents.trainee_report_filename(trainee, as_of=as_of))


def _summary_of(row: Assessment) -> dict:
    """The snapshot's summary of its inputs, months as dates."""
    summary = dict(row.results.get(services.SUMMARY_KEY) or {})
    for key in ("first_checkin_month", "last_checkin_month", "last_session_on"):
        if summary.get(key):
            summary[key] = date.fromisoformat(summary[key])
    return summary


@bp.get("/assessments/<int:id>")
@login_required
def assessment(id):
    row = db.session.scalar(select(Assessment).where(Assessment.id == id).options(joinedload(Assessment.assessed_by)))
    if row is None:
        abort(404)
    trainee = _visible_trainee_or_404(row.trainee_id)
    result, previous = services.result_of(row), services.previous_assessment(row)
    changes = sustainability.changes(services.result_of(previous), result) if previous is not None else []
    return render_template(
        "reports/assessment.html", row=row, trainee=trainee, result=result, previous=previous, changes=changes,
        thresholds=_thresholds_of(row), summary=_summary_of(row),
        is_staff=current_user.has_role(*ASSESS_ROLES))


# --- Programme report (admin, officer) ------------------------------------------------


def _programme_form() -> ProgrammeFilterForm:
    """The filters from the query string; a missing or empty date means the default
    period, 1 January of this year to today."""
    args = MultiDict(request.args)
    day = today()
    for name, default in (("start", day.replace(month=1, day=1)), ("end", day)):
        if not args.get(name, "").strip():
            args[name] = default.isoformat()
    form = ProgrammeFilterForm(formdata=args)
    form.kecamatan.choices = [("", _("All"))] + [
        (k.code, k.name) for k in db.session.scalars(select(Kecamatan).order_by(Kecamatan.name))]
    return form


def _programme_report_or_400():
    """``(form, report)``; report None when the filters are wrong (the page then shows
    why, with status 400)."""
    form = _programme_form()
    if not form.validate():
        return form, None
    filters = services.ProgrammeFilters(start=form.start.data, end=form.end.data, kecamatan=form.kecamatan.data)
    return form, services.programme_figures(filters, as_of=today())


def _programme_page(form, report, status=200):
    args = {k: v for k, v in request.args.items() if k in ("start", "end", "kecamatan")}
    return render_template("reports/programme.html", form=form, report=report, args=args, as_of=today(),
                           poverty_statuses=list(PovertyStatus), genders=list(Gender),
                           bands=services.BAND_KEYS), status


@bp.get("/programme")
@role_required(*STAFF)
def programme():
    form, report = _programme_report_or_400()
    return _programme_page(form, report, 200 if report is not None else 400)


@bp.get("/programme.pdf")
@role_required(*STAFF)
def programme_pdf():
    from . import documents

    form, report = _programme_report_or_400()
    if report is None:
        return _programme_page(form, None, 400)
    return _pdf_response(documents.programme_report_pdf(report), documents.programme_report_filename(report))


#: The kecamatan table's columns in the CSV/XLSX export (machine-readable names, as the
#: other exports; money in rupiah, percentages as numbers of percent).
EXPORT_COLUMNS = (
    "kecamatan_code", "kecamatan", "trainees",
    *(f"poverty_{p.value}" for p in PovertyStatus), "extreme_poor_share_percent",
    *(f"gender_{g.value}" for g in Gender), "new_trainees", "graduated",
    "loans_disbursed", "amount_disbursed", "active_loans", "principal_outstanding", "par30_amount",
    "par30_percent", "amount_due", "amount_collected", "repayment_rate_percent", "sessions",
    "trainees_mentored", *(f"band_{b}" for b in services.BAND_KEYS),
)


def _export_values(row: services.Figures) -> list:
    values = [
        row.kecamatan_code, row.kecamatan_name, row.trainees,
        *(row.by_poverty[p.value] for p in PovertyStatus), row.extreme_poor_share,
        *(row.by_gender[g.value] for g in Gender), row.new_trainees, row.graduated,
        row.loans_disbursed, row.amount_disbursed, row.active_loans, row.principal_outstanding, row.par30_amount,
        row.par30, row.amount_due, row.amount_collected, row.repayment_rate, row.sessions,
        row.trainees_mentored, *(row.bands[b] for b in services.BAND_KEYS),
    ]
    return ["" if v is None else v for v in values]


def _export_csv(report: services.ProgrammeReport) -> Iterator[str]:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # UTF-8 BOM: spreadsheet programs then read the names right
    writer = csv.writer(buffer)
    writer.writerow(EXPORT_COLUMNS)
    for row in report.rows_by_kecamatan:
        writer.writerow([spreadsheets.csv_cell(v) for v in _export_values(row)])
    yield buffer.getvalue()


def _export_xlsx(report: services.ProgrammeReport) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Kecamatan"))
    sheet.append(list(EXPORT_COLUMNS))
    for row in report.rows_by_kecamatan:
        sheet.append([spreadsheets.xlsx_cell(sheet, v) for v in _export_values(row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@bp.get("/programme.<any(csv, xlsx):fmt>")
@role_required(*STAFF)
def programme_export(fmt):
    form, report = _programme_report_or_400()
    if report is None:
        return _programme_page(form, None, 400)
    f = report.filters
    basename = f"programme-kecamatan-{f.start.isoformat()}-{f.end.isoformat()}"
    if f.kecamatan:
        basename += f"-{f.kecamatan}"
    if fmt == "csv":
        return spreadsheets.download("csv", basename=basename, csv_chunks=_export_csv(report))
    return spreadsheets.download("xlsx", basename=basename, xlsx=_export_xlsx(report))
