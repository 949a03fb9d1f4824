"""The printed partner report (laporan mitra CSR): A4, WeasyPrint.

API (views call these):

    partner_report_html(report, *, locale=None, generated_on=None, back_url=None) -> str
    partner_report_pdf(report, *, locale=None, generated_on=None) -> bytes
    partner_report_filename(report) -> str

``report`` is ``partners.report.partner_report(partner, as_of=...)``.

Language. The report goes to the partner's CSR team in Indonesia, so it is rendered in
Indonesian (``DOCUMENT_LOCALE``) whatever the UI language, like the loan documents;
``locale`` forces another ("en"). Msgids are English, Indonesian through the catalogue.

Privacy. The report holds aggregates only (``partners.report``: rows under ``MIN_CELL``
trainees are merged or show counts only) and stories without names; this module adds
nothing personal.

Rendering: ``reports.documents.html_to_pdf`` (WeasyPrint fetches nothing; the stylesheet
of the printed reports is inlined by the shared layout).
"""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from flask import render_template
from flask_babel import force_locale
from flask_babel import gettext as _

from reports import criteria_text
from reports.documents import _common_context, html_to_pdf

#: Language of the printed report (the partner's).
DOCUMENT_LOCALE = "id"
TEMPLATE = "partners/print/report.html"


def band_labels() -> dict[str, str]:
    """The bands in report order with their labels in the current locale."""
    from reports.services import BAND_KEYS

    return {key: (_("Not assessed") if key == "not_assessed" else criteria_text.band_label(key)) for key in BAND_KEYS}


def partner_report_context(report, *, generated_on: date | None = None) -> dict:
    from .report import MIN_CELL

    return {
        **_common_context(generated_on or report.as_of),
        "document_title": _("Partner report"),
        "footer_extra": " · " + report.partner.name,
        "report": report,
        "band_labels": band_labels(),
        "min_cell": MIN_CELL,
    }


def partner_report_html(report, *, locale: str | None = None, generated_on: date | None = None,
                        back_url: str | None = None) -> str:
    with force_locale(locale or DOCUMENT_LOCALE):
        return render_template(TEMPLATE, back_url=back_url,
                               **partner_report_context(report, generated_on=generated_on))


def partner_report_pdf(report, *, locale: str | None = None, generated_on: date | None = None) -> bytes:
    return html_to_pdf(partner_report_html(report, locale=locale, generated_on=generated_on))


def partner_report_filename(report) -> str:
    """``laporan-mitra-bank-bjb-csr-2026-11-27.pdf`` (ASCII only)."""
    name = unicodedata.normalize("NFKD", report.partner.name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-") or str(report.partner.id)
    return f"laporan-mitra-{slug}-{report.as_of.isoformat()}.pdf"
