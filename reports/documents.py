"""Printed reports: the trainee progress report and the programme report (TKPK).

API (views and the CLI call these; nothing else here is meant for them):

    trainee_report_html(trainee, *, as_of, assessment, locale=None, generated_on=None, back_url=None) -> str
    trainee_report_pdf(trainee, *, as_of, assessment, locale=None, generated_on=None) -> bytes
    trainee_report_filename(trainee, *, as_of) -> str
    programme_report_html(report, *, locale=None, generated_on=None, back_url=None) -> str
    programme_report_pdf(report, *, locale=None, generated_on=None) -> bytes
    programme_report_filename(report) -> str
    print_csp(html) -> str     the Content-Security-Policy for serving an HTML version

``assessment`` is a ``reports.models.Assessment`` row (usually
``services.latest_assessment(trainee)``) or None: the report then says the trainee has
not been assessed. ``report`` is ``services.programme_figures(filters, as_of=...)``.
``as_of`` is "today" for the data shown (loan balances, days past due, what is overdue);
``generated_on`` (default ``as_of``) is the date printed as the generation date.

Language. The reports are for staff, the trainee and the coordination team, so they are
rendered in the *UI language* (the request's locale; the CLI's default is the app's
default, Indonesian), unlike the loan documents which are always Indonesian. ``locale``
forces one ("id", "en"). The page footer reads "Hal. 1 dari 3" in Indonesian ("Page 1 of
3" in English): the msgid "Page %(page)s of %(pages)s" is split around the two numbers
into a CSS ``content`` with ``counter(page)`` and ``counter(pages)``.

Personal data. The trainee report shows what its readers need: name, NIK masked except
its last four digits (``loans.documents.mask_nik``), kecamatan/kelurahan, business,
mentor, poverty status at entry; no phone, address or date of birth. Mentoring comes from
``mentoring.overview.trainee_mentoring(..., include_staff_notes=False)``, which never
reads a session's staff notes from the database, and no session object is loaded here
(so no lazy load can fetch them either): staff-only notes cannot reach the PDF.

Rendering (``html_to_pdf``). WeasyPrint fetches nothing: ``base_url`` is None and the
URL fetcher accepts only ``data:`` URLs (charts are inlined as ``data:image/svg+xml``,
the stylesheet is inlined by ``{% include %}``), so there is never an HTTP request to our
own server. One ``FontConfiguration`` and one image cache are shared by every render of
a thread (Pango font maps are not meant to be shared between threads; a worker process
of the batch renders all its reports with one). The image cache keeps decoded raster
images (a logo, if one is ever added) across renders, at most ``IMAGE_CACHE_SIZE``,
trimmed after a render (never during one: WeasyPrint reads raster data back from it
while writing the PDF). SVG images are dropped after each render: WeasyPrint's SVG image
keeps the layout context of the document that parsed it (measured: a worker kept at
412 MB instead of 147 MB with 32 cached charts), and our charts differ per report.

Page breaks. Tables repeat their header on each page (``thead``), rows never split, a
heading stays with what follows it, and small blocks (a loan's summary, a key-figure row)
are kept whole: see ``templates/reports/print/print.css``.
"""
from __future__ import annotations

import re
import threading
import unicodedata
from contextlib import nullcontext
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from flask import current_app, render_template
from flask_babel import force_locale, format_decimal, gettext as _
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from extensions import db
from loans import services as loan_services
from loans.documents import format_percent_value, mask_nik, print_csp  # noqa: F401  (print_csp: API)
from loans.models import Loan, LoanTransaction
from mentoring import charts as mentoring_charts
from mentoring.models import ActionStatus
from mentoring.overview import trainee_mentoring
from trainees.models import Gender, PovertyStatus, Trainee

from . import charts, criteria_text, kecamatan_map, services, sustainability
from .models import Assessment

TRAINEE_TEMPLATE = "reports/print/trainee.html"
PROGRAMME_TEMPLATE = "reports/print/programme.html"
#: Printed when the app config has no PROGRAMME_NAME.
DEFAULT_PROGRAMME_NAME = "Berdaya"
#: Check-ins in the trainee report's table (the chart shows up to 24, as the web page).
CHECKIN_ROWS = 12
#: Charts kept in a thread's image cache between renders.
IMAGE_CACHE_SIZE = 32

_HUNDRED = Decimal(100)
#: The bands' own names, as the issue gives them (not translated).
BAND_NAMES = {"mandiri": "Mandiri", "berkembang": "Berkembang", "rentan": "Rentan", "data_kurang": "Data kurang"}
#: An instalment's state (loans.services.Balances.installment_states), as the loan page says it.
STATE_LABELS = {
    "paid": _l("Paid"),
    "partial": _l("Partially paid"),
    "overdue": _l("Overdue"),
    "due": _l("Due"),
    "future": _l("Not yet due"),
}


# -- the trainee progress report --------------------------------------------------------

@dataclass(frozen=True)
class CriterionLine:
    number: int
    title: str
    status: str  #: met / not_met / unknown
    status_label: str
    weight: int
    reason: str


@dataclass(frozen=True)
class InstallmentLine:
    number: int
    due_on: date
    #: Principal + interest + fee + penalties charged so far, and paid towards them (as of).
    due: Decimal
    paid: Decimal
    #: paid / overdue / partial / due / future (loans.services.Balances.installment_states).
    state: str
    paid_on: date | None


@dataclass(frozen=True)
class LoanSection:
    loan: Loan
    balances: loan_services.Balances
    #: Principal repaid as of ``as_of``, rupiah, and in percent of the principal (0-100, whole).
    principal_repaid: Decimal
    repaid_percent: int
    installments: list[InstallmentLine]
    #: Repayments and recoveries dated up to ``as_of``, oldest first (reversed ones too, marked).
    transactions: list[LoanTransaction]


def trainee_report_context(trainee: Trainee, *, as_of: date, assessment: Assessment | None,
                           generated_on: date | None = None) -> dict:
    """The template context of the trainee report (see the module docstring). Eleven SQL
    statements whatever the trainee's history: the trainee with place, business and
    mentor; the mentoring record (six, ``trainee_mentoring``); the previous assessment;
    the loans, their instalments, their transactions."""
    trainee = db.session.scalars(
        select(Trainee).where(Trainee.id == trainee.id)
        .options(joinedload(Trainee.kecamatan), joinedload(Trainee.kelurahan), joinedload(Trainee.business),
                 joinedload(Trainee.mentor))
    ).unique().one()
    mentoring = trainee_mentoring(trainee, as_of=as_of, include_staff_notes=False)
    checkins = [c for c in mentoring.checkins if c.month <= as_of]
    sessions = [s for s in mentoring.sessions if s.held_on <= as_of]
    open_actions = [a for a in mentoring.actions if a.status == ActionStatus.OPEN.value]
    closed_actions = [a for a in mentoring.actions
                      if a.status != ActionStatus.OPEN.value and a.completed_on is not None
                      and a.completed_on <= as_of]
    chart_svg = mentoring_charts.checkin_chart_svg(checkins)  # as on the web page: 800 x 400
    return {
        **_common_context(generated_on or as_of),
        "document_title": _("Progress report"),
        "footer_extra": " · " + trainee.full_name,
        "trainee": trainee,
        "as_of": as_of,
        "nik_masked": mask_nik(trainee.nik),
        "months_in_programme": services.months_between(trainee.joined_on, as_of),
        "poverty_label": PovertyStatus(trainee.poverty_status).label,
        "sector_label": trainee.business.sector_enum.label if trainee.business else None,
        **_assessment_context(assessment),
        "checkin_chart": mentoring_charts.svg_data_uri(chart_svg),
        "has_checkins": bool(checkins),
        "checkin_rows": list(reversed(checkins[-CHECKIN_ROWS:])),
        "checkins_total": len(checkins),
        "loans": _loan_sections(trainee, as_of),
        "sessions": sessions,
        "sessions_total": mentoring.sessions_total,
        "open_actions": open_actions,
        "closed_actions": closed_actions,
        "state_labels": STATE_LABELS,
    }


def _assessment_context(row: Assessment | None) -> dict:
    if row is None:
        return {"assessment": None}
    result = services.result_of(row)
    lines = [
        CriterionLine(number=c.number, title=criteria_text.criterion_title(c.code), status=c.status,
                      status_label=criteria_text.status_label(c.status), weight=c.weight,
                      reason=criteria_text.reason_text(c))
        for c in sorted(result.criteria, key=lambda c: c.number)
    ]
    previous = services.previous_assessment(row)
    changes = sustainability.changes(services.result_of(previous) if previous is not None else None, result)
    thresholds = _thresholds_of(row)
    return {
        "assessment": row,
        "result": result,
        "band_label": criteria_text.band_label(result.band),
        "score_text": format_decimal(result.score, format="#,##0.0") if result.score is not None else None,
        "criteria": lines,
        "blockers": [criteria_text.blocker_text(code, thresholds=thresholds) for code in result.graduation_blockers],
        "previous": previous,
        "changes": [criteria_text.change_text(change) for change in changes] if previous is not None else [],
        "weights_total": sum(line.weight for line in lines),
    }


def _thresholds_of(row: Assessment) -> sustainability.Thresholds:
    """The thresholds the snapshot was computed with (their figures appear in the
    blocker sentences), or the defaults when they cannot be read back."""
    stored = (row.results or {}).get(services.THRESHOLDS_KEY)
    try:
        return sustainability.Thresholds.from_overrides(stored) if stored else sustainability.DEFAULT_THRESHOLDS
    except (ValueError, TypeError, KeyError):
        return sustainability.DEFAULT_THRESHOLDS


def _loan_sections(trainee: Trainee, as_of: date) -> list[LoanSection]:
    """The trainee's loans disbursed on or before ``as_of``, newest first, with their
    balances recomputed as of ``as_of``. Three statements."""
    loans = db.session.scalars(
        select(Loan).where(Loan.trainee_id == trainee.id, Loan.disbursed_on <= as_of)
        .options(joinedload(Loan.product), selectinload(Loan.installments), selectinload(Loan.transactions))
        .order_by(Loan.disbursed_on.desc(), Loan.id.desc())
    ).unique().all()
    sections = []
    for loan in loans:
        allocation = loan_services.allocation_as_of(loan, as_of=as_of)
        balances = loan_services.balances(loan, as_of=as_of)
        repaid = loan.principal - balances.principal_outstanding
        share = (repaid * _HUNDRED / loan.principal).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
        lines = [
            InstallmentLine(number=s.number, due_on=s.due_on, due=s.total_due, paid=s.total_paid,
                            state=balances.installment_states.get(s.number, "future"),
                            paid_on=s.paid_on if s.paid_on is not None and s.paid_on <= as_of else None)
            for s in allocation.installments
        ]
        sections.append(LoanSection(
            loan=loan, balances=balances, principal_repaid=repaid, repaid_percent=int(min(max(share, 0), 100)),
            installments=lines, transactions=[t for t in loan.transactions if t.paid_on <= as_of],
        ))
    return sections


def trainee_report_html(trainee: Trainee, *, as_of: date, assessment: Assessment | None,
                        locale: str | None = None, generated_on: date | None = None,
                        back_url: str | None = None) -> str:
    """The progress report as an HTML page (what the PDF is made from)."""
    with _locale(locale):
        context = trainee_report_context(trainee, as_of=as_of, assessment=assessment, generated_on=generated_on)
        return render_template(TRAINEE_TEMPLATE, back_url=back_url, **context)


def trainee_report_pdf(trainee: Trainee, *, as_of: date, assessment: Assessment | None,
                       locale: str | None = None, generated_on: date | None = None) -> bytes:
    """The progress report as an A4 PDF."""
    return html_to_pdf(trainee_report_html(trainee, as_of=as_of, assessment=assessment, locale=locale,
                                           generated_on=generated_on))


def trainee_report_filename(trainee: Trainee, *, as_of: date) -> str:
    """``laporan-perkembangan-42-siti-nurhaliza-2026-11-27.pdf``: id first (unique), then
    the name in ASCII for whoever sorts the files by hand."""
    return f"laporan-perkembangan-{trainee.id}-{_slug(trainee.full_name)}-{as_of.isoformat()}.pdf"


# -- the programme report ---------------------------------------------------------------

def programme_report_context(report: services.ProgrammeReport, *, generated_on: date | None = None) -> dict:
    """The template context of the programme report: the figures, labels and charts."""
    totals = report.totals
    band_labels = {band: criteria_text.band_label(band) for band in sustainability.BANDS}
    band_labels[services.NOT_ASSESSED] = _("Not assessed")
    # table headers: the band's Indonesian name only (the full labels are in the chart)
    band_short = {**BAND_NAMES, services.NOT_ASSESSED: _("Not assessed")}
    poverty_labels = {p.value: p.label for p in PovertyStatus}
    gender_labels = {g.value: g.label for g in Gender}
    months = [m.month for m in report.trend]
    kecamatan_name = report.rows_by_kecamatan[0].kecamatan_name if report.filters.kecamatan and report.rows_by_kecamatan else None
    single_kecamatan = bool(report.filters.kecamatan)
    bands_svg = charts.bands_chart_svg(totals.bands, band_labels, title=_("Sustainability bands"))
    people_svg = charts.trend_counts_chart_svg(
        months, [(_("New trainees"), [m.new_trainees for m in report.trend]),
                 (_("Loans disbursed"), [m.loans_disbursed for m in report.trend])],
        title=_("New trainees and loans disbursed per month"))
    amount_svg = charts.trend_amount_chart_svg(
        months, [m.amount_disbursed for m in report.trend], name=_("Amount disbursed"),
        title=_("Amount disbursed per month"))
    sessions_svg = charts.trend_counts_chart_svg(
        months, [(_("Mentoring sessions"), [m.sessions for m in report.trend])],
        title=_("Mentoring sessions per month"), width=800, height=260, print_mm=180)
    kecamatan_svg = map_svg = None
    if not single_kecamatan:
        map_svg, kecamatan_svg = programme_map_svgs(report)
    return {
        **_common_context(generated_on or report.as_of),
        "document_title": _("Programme report"),
        "report": report,
        "totals": totals,
        "kecamatan_name": kecamatan_name,
        "band_labels": band_labels,
        "band_short": band_short,
        "poverty_labels": poverty_labels,
        "gender_labels": gender_labels,
        "bands_chart": mentoring_charts.svg_data_uri(bands_svg),
        "people_chart": mentoring_charts.svg_data_uri(people_svg),
        "amount_chart": mentoring_charts.svg_data_uri(amount_svg),
        "sessions_chart": mentoring_charts.svg_data_uri(sessions_svg),
        "kecamatan_chart": mentoring_charts.svg_data_uri(kecamatan_svg) if kecamatan_svg else None,
        "kecamatan_map": mentoring_charts.svg_data_uri(map_svg) if map_svg else None,
        "kecamatan_without_trainees": sum(1 for row in report.rows_by_kecamatan if not row.trainees),
        "share": lambda part, whole: _share(part, whole),
    }


def programme_report_map_values(report: services.ProgrammeReport) -> list[kecamatan_map.MapValue]:
    """Each kecamatan's extreme-poor share of its trainees for the map (no data without
    trainees); no links on paper."""
    return [kecamatan_map.MapValue(code=row.kecamatan_code, name=row.kecamatan_name,
                                   value=row.extreme_poor_share if row.trainees else None,
                                   label=format_percent_value(row.extreme_poor_share, 1) if row.trainees else "—")
            for row in report.rows_by_kecamatan]


def programme_map_svgs(report: services.ProgrammeReport) -> tuple[str, str]:
    """The map of Kota Bandung coloured by the extreme-poor share (darkest: highest) and
    its ranked bars in the same colours (kecamatan with trainees only), both drawn to
    print 170 mm wide with ~8 pt text."""
    values = programme_report_map_values(report)
    legend = _("Extreme-poor share of the trainees")
    map_svg = kecamatan_map.choropleth_svg(
        values, title=_("Extreme poor share of the trainees, by kecamatan"), legend_title=legend,
        no_data_label=_("No trainees"), higher_is_worse=True, print_mm=170,
        scheme_label=_("Quantile classes: each holds about the same number of kecamatan."))
    bars_svg = kecamatan_map.ranked_bars_svg(
        values, title=_("Extreme poor share of the trainees, by kecamatan"), higher_is_worse=True,
        width=720, print_mm=170, show_no_data=False)
    return map_svg, bars_svg


def programme_report_html(report: services.ProgrammeReport, *, locale: str | None = None,
                          generated_on: date | None = None, back_url: str | None = None) -> str:
    """The programme report as an HTML page (what the PDF is made from)."""
    with _locale(locale):
        return render_template(PROGRAMME_TEMPLATE, back_url=back_url,
                               **programme_report_context(report, generated_on=generated_on))


def programme_report_pdf(report: services.ProgrammeReport, *, locale: str | None = None,
                         generated_on: date | None = None) -> bytes:
    """The programme report as an A4 PDF (the table by kecamatan on landscape pages)."""
    return html_to_pdf(programme_report_html(report, locale=locale, generated_on=generated_on))


def programme_report_filename(report: services.ProgrammeReport) -> str:
    """``laporan-program-2026-01-01-2026-11-30[-32.73.01].pdf``."""
    f = report.filters
    area = f"-{f.kecamatan}" if f.kecamatan else ""
    return f"laporan-program-{f.start.isoformat()}-{f.end.isoformat()}{area}.pdf"


# -- shared -----------------------------------------------------------------------------

def _common_context(generated_on: date) -> dict:
    return {
        "programme_name": current_app.config.get("PROGRAMME_NAME") or DEFAULT_PROGRAMME_NAME,
        "generated_on": generated_on,
        "page_counter": page_counter_content(),
        "css_string": css_string,
        "percent": format_percent_value,
        "document_locale": _current_locale(),
    }


def page_counter_content() -> str:
    """The CSS ``content`` value of the page number in the current locale:
    ``"Hal. " counter(page) " dari " counter(pages)`` in Indonesian."""
    marker_page, marker_pages = "\x00PAGE\x00", "\x00PAGES\x00"
    text = _("Page %(page)s of %(pages)s", page=marker_page, pages=marker_pages)
    parts = []
    for piece in re.split(r"(\x00PAGES?\x00)", text):
        if piece == marker_page:
            parts.append("counter(page)")
        elif piece == marker_pages:
            parts.append("counter(pages)")
        elif piece:
            parts.append(css_string(piece))
    return " ".join(parts)


def css_string(text: str) -> str:
    """``text`` as a double-quoted CSS string, safe inside a ``<style>`` element."""
    escaped = "".join(c if c.isalnum() or c in " .,:;!?()-_/·%'" else f"\\{ord(c):x} " for c in str(text))
    return f'"{escaped}"'


def _share(part, whole) -> Decimal | None:
    """Percent, two places HALF_EVEN; None without a whole."""
    if not whole:
        return None
    return (Decimal(part) * _HUNDRED / Decimal(whole)).quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)


def _slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-") or "peserta"


def _current_locale() -> str:
    from flask_babel import get_locale

    locale = get_locale()
    return locale.language if locale is not None else current_app.config.get("BABEL_DEFAULT_LOCALE", "id")


def _locale(locale: str | None):
    return force_locale(locale) if locale else nullcontext()


# -- WeasyPrint -------------------------------------------------------------------------

class _ImageCache(dict):
    """WeasyPrint's image cache (it must be a dict), trimmed between renders."""

    def after_render(self, keep: int) -> None:
        """Forget the SVG images (each holds the layout context of the render that parsed
        it, i.e. that whole document: ~8 MB apiece, and our charts differ per report
        anyway) and keep the latest ``keep`` raster images, which carry no context."""
        from weasyprint.images import SVGImage

        for key in [key for key, image in self.items() if isinstance(image, SVGImage)]:
            del self[key]
        self.trim(keep)

    def trim(self, keep: int) -> None:
        for key in list(self)[:max(len(self) - keep, 0)]:
            del self[key]


class _Renderer(threading.local):
    """Per thread: one FontConfiguration, one image cache, one URL fetcher."""

    def __init__(self):
        self.font_config = None
        self.cache = _ImageCache()
        self.fetcher = None


_renderer = _Renderer()


def html_to_pdf(html: str) -> bytes:
    """Render HTML made here with WeasyPrint, sharing the thread's FontConfiguration and
    image cache. Nothing is fetched: ``base_url`` is None and any URL other than
    ``data:`` stops the rendering with an error."""
    # Imported here: WeasyPrint loads Pango through cffi, which the app's start-up does not need.
    from weasyprint import HTML
    from weasyprint.text.fonts import FontConfiguration
    from weasyprint.urls import URLFetcher

    state = _renderer
    if state.font_config is None:
        state.font_config = FontConfiguration()
        state.fetcher = URLFetcher(allowed_protocols={"data"}, fail_on_errors=True)
    document = HTML(string=html, base_url=None, url_fetcher=state.fetcher)
    try:
        return document.write_pdf(font_config=state.font_config, cache=state.cache)
    finally:
        state.cache.after_render(IMAGE_CACHE_SIZE)
