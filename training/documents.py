"""The printed training certificate (sertifikat) of a completed enrolment.

API (views call these):

    certificate_html(enrolment, *, locale=None, back_url=None) -> str
    certificate_pdf(enrolment, *, locale=None) -> bytes
    certificate_filename(enrolment) -> str
    print_csp(html) -> str     the Content-Security-Policy for serving the HTML version

Only a ``completed`` enrolment has a certificate; any other raises
``services.InvalidTransition`` (views answer 404 before that).

Language. The certificate is the trainee's, so it is rendered in Indonesian
(``DOCUMENT_LOCALE``) like the loan documents; ``locale`` forces another ("en"). The
template uses ``_()`` with English msgids, Indonesian through the catalogue.

Rendering: ``reports.documents.html_to_pdf`` (WeasyPrint fetches nothing; the stylesheet
is inline in the template). One A4 landscape page.
"""
from __future__ import annotations

import re
import unicodedata

from flask import render_template
from flask_babel import force_locale
from flask_babel import lazy_gettext as _l

from reports.documents import html_to_pdf
from loans.documents import print_csp  # noqa: F401  (API)

from .models import Enrolment, EnrolmentStatus
from .services import InvalidTransition

#: Language of the certificate (the trainee's).
DOCUMENT_LOCALE = "id"
CERTIFICATE_TEMPLATE = "training/print/certificate.html"


def certificate_context(enrolment: Enrolment) -> dict:
    if enrolment.status != EnrolmentStatus.COMPLETED.value or not enrolment.certificate_number:
        raise InvalidTransition(_l("Only a completed enrolment has a certificate."), status=enrolment.status)
    cohort = enrolment.cohort
    return {
        "enrolment": enrolment,
        "trainee_name": enrolment.trainee.full_name,
        "programme_name": cohort.programme.name,
        "cohort": cohort,
        "kelurahan_name": cohort.kelurahan.name,
        "sessions_held": len(cohort.sessions),
        "certificate_number": enrolment.certificate_number,
        "issued_on": enrolment.completed_on,
    }


def certificate_html(enrolment: Enrolment, *, locale: str | None = None, back_url: str | None = None) -> str:
    context = certificate_context(enrolment)
    document_locale = locale or DOCUMENT_LOCALE
    with force_locale(document_locale):
        return render_template(CERTIFICATE_TEMPLATE, document_locale=document_locale, back_url=back_url, **context)


def certificate_pdf(enrolment: Enrolment, *, locale: str | None = None) -> bytes:
    return html_to_pdf(certificate_html(enrolment, locale=locale))


def certificate_filename(enrolment: Enrolment) -> str:
    """``sertifikat-BDY-3-2026-0012-siti-aminah.pdf`` (ASCII only)."""
    name = unicodedata.normalize("NFKD", enrolment.trainee.full_name).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")
    number = re.sub(r"[^A-Za-z0-9]+", "-", enrolment.certificate_number or str(enrolment.id))
    return f"sertifikat-{number}{'-' + slug if slug else ''}.pdf"
