"""The training certificate: a one-page A4 landscape PDF with the trainee's name, the
programme and cohort, the certificate number and the signature line; only for a
completed enrolment. Text checked with pypdf."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from training import documents
from training.services import InvalidTransition


def pdf_text(data: bytes) -> tuple[str, list]:
    reader = PdfReader(io.BytesIO(data))
    return re.sub(r"\s+", " ", "\n".join(p.extract_text() for p in reader.pages)), reader.pages


def test_certificate_pdf_shows_name_number_programme_and_is_one_landscape_page(factory):
    enrolment = factory.completed_enrolment(trainee=factory.trainee(full_name="Siti Aminah"))
    data = documents.certificate_pdf(enrolment)
    assert data.startswith(b"%PDF")
    text, pages = pdf_text(data)
    assert "Siti Aminah" in text
    assert enrolment.certificate_number in text
    assert enrolment.cohort.programme.name in text and enrolment.cohort.name in text
    assert "TKPK Kota Bandung" in text and "100%" in text
    assert len(pages) == 1
    box = pages[0].mediabox
    assert float(box.width) > float(box.height)  # landscape
    assert round(float(box.width) / 72 * 25.4) == 297


def test_certificate_in_english_when_asked(factory):
    enrolment = factory.completed_enrolment()
    text, _ = pdf_text(documents.certificate_pdf(enrolment, locale="en"))
    assert "CERTIFICATE" in text and "Chair, TKPK Kota Bandung" in text


def test_no_certificate_for_an_enrolment_not_completed(factory):
    enrolment = factory.enrolment()
    with pytest.raises(InvalidTransition):
        documents.certificate_pdf(enrolment)


def test_certificate_html_and_filename(factory):
    enrolment = factory.completed_enrolment(trainee=factory.trainee(full_name="Dédé Supriatna"))
    html = documents.certificate_html(enrolment, back_url="/training/")
    assert "Dédé Supriatna" in html and 'href="/training/"' in html
    assert "style-src" in documents.print_csp(html)
    number = enrolment.certificate_number.replace("/", "-")
    assert documents.certificate_filename(enrolment) == f"sertifikat-{number}-dede-supriatna.pdf"
