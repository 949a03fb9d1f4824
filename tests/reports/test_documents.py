"""Printed reports (reports/documents.py, reports/charts.py): the trainee progress report
and the programme report as PDFs whose text is checked with pypdf, plus the rendering
rules (nothing fetched, one FontConfiguration, a bounded image cache, A4 pages, the
"Hal. x dari y" footer). Runs on SQLite and PostgreSQL."""
from __future__ import annotations

import io
import itertools
import re
from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale, gettext
from pypdf import PdfReader
from sqlalchemy import event

from accounts.models import Role
from extensions import db
from loans import services as loan_services
from reports import charts, documents, services
from reports.services import ProgrammeFilters
from trainees.models import Kecamatan

D = Decimal
TODAY = date(2026, 11, 27)
A4 = (595.28, 841.89)
STAFF_NOTE = "STAFFNOTEAWAL Suami terlilit utang ke rentenir, jangan dibahas STAFFNOTEAKHIR"
SHARED_NOTE = "CATATANBERSAMA Sudah mulai mencatat penjualan harian"
_keys = itertools.count(1)


def pdf_pages(data: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(data)).pages]


def pdf_text(data: bytes) -> str:
    """All the text, whitespace runs collapsed (pypdf breaks lines where the layout does)."""
    return re.sub(r"\s+", " ", "\n".join(pdf_pages(data)))


def page_sizes(data: bytes) -> list[tuple[float, float]]:
    return [(round(float(p.mediabox.width), 2), round(float(p.mediabox.height), 2))
            for p in PdfReader(io.BytesIO(data)).pages]


@pytest.fixture
def world(factory):
    """A trainee with five check-ins, a Rp 1.500.000 loan with its first instalment
    paid, a session with a shared and a staff-only note, an action item done and one
    open, and an assessment as of TODAY."""
    admin = factory.admin
    mentor = factory.user(Role.MENTOR, full_name="Euis Pendamping")
    trainee = factory.trainee(full_name="Siti Laporan", mentor_id=mentor.id)
    for n, (revenue, costs) in enumerate([(4_000_000, 3_000_000), (4_200_000, 3_100_000), (4_500_000, 3_200_000),
                                          (4_400_000, 3_300_000), (4_800_000, 3_400_000)]):
        factory.checkin(trainee, actor=admin, month=date(2026, 6 + n, 1), revenue=revenue, costs=costs,
                        savings=D(400_000 + 50_000 * n), separates_money=True)
    application = factory.application(trainee=trainee, on=date(2026, 6, 5), approve=True, amount=D(1_500_000), term=6)
    loan = factory.loan(application=application, on=date(2026, 6, 10))
    first = loan.installments[0]
    loan_services.post_repayment(loan, actor=admin, on=first.due_on, amount=first.total_due, method="cash",
                                 idempotency_key=f"doc-{next(_keys)}", today=TODAY)
    db.session.commit()
    factory.mentor_session([trainee], mentor=mentor, held_on=date(2026, 11, 20), shared_notes=SHARED_NOTE,
                           staff_notes=STAFF_NOTE, topics=["bookkeeping", "pricing"])
    factory.action_item(trainee, actor=mentor, due_on=date(2026, 10, 15), status="done",
                        completed_on=date(2026, 10, 10), description="Pisahkan uang usaha dan uang belanja")
    factory.action_item(trainee, actor=mentor, due_on=date(2026, 12, 15),
                        description="Catat semua belanja bahan di buku kas")
    row = services.assess_trainee(trainee, actor=admin, as_of=TODAY)
    db.session.commit()
    return {"trainee": trainee, "loan": loan, "assessment": row, "mentor": mentor}


@pytest.fixture
def trainee_pdf(world):
    return documents.trainee_report_pdf(world["trainee"], as_of=TODAY, assessment=world["assessment"], locale="en")


# --- the trainee progress report --------------------------------------------------------


def test_trainee_report_shows_name_band_loan_amount_and_masked_nik(world, trainee_pdf):
    text = pdf_text(trainee_pdf)
    trainee, row = world["trainee"], world["assessment"]
    assert "Progress report" in text
    assert "Siti Laporan" in text
    with force_locale("en"):
        from reports.criteria_text import band_label

        assert band_label(row.band) in text
    assert "Rp 1.500.000" in text  # the loan's principal
    assert "*" * 12 + trainee.nik[-4:] in text
    assert trainee.nik not in text
    assert "Euis Pendamping" in text  # the mentor
    for heading in ("1. Profile", "2. Sustainability assessment", "3. Business trend", "4. Financing",
                    "5. Mentoring", "6. Next steps agreed"):
        assert heading in text


def test_trainee_report_never_contains_a_staff_only_note(world, trainee_pdf):
    text = pdf_text(trainee_pdf)
    assert "CATATANBERSAMA" in text  # the shared note is there ...
    assert "STAFFNOTEAWAL" not in text and "STAFFNOTEAKHIR" not in text  # ... the staff note never
    html = documents.trainee_report_html(world["trainee"], as_of=TODAY, assessment=world["assessment"], locale="en")
    assert "STAFFNOTE" not in html


def test_trainee_report_never_reads_staff_notes_from_the_database(world, app):
    statements = []

    def listener(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    db.session.expire_all()
    event.listen(db.engine, "before_cursor_execute", listener)
    try:
        documents.trainee_report_html(world["trainee"], as_of=TODAY, assessment=world["assessment"], locale="en")
    finally:
        event.remove(db.engine, "before_cursor_execute", listener)
    assert statements
    assert not [s for s in statements if "staff_notes" in s]
    assert len(statements) <= 13  # eleven, plus refreshing the expired trainee and assessment


def test_trainee_report_lists_criteria_with_reasons_checkins_instalments_and_actions(world, trainee_pdf):
    text = pdf_text(trainee_pdf)
    assert "Repays on time" in text and "Engaged in mentoring" in text
    assert "This is the first assessment." in text
    assert "Oct 2026" in text  # the check-in table
    assert "Rp 4.800.000" in text  # October's revenue
    assert "Catat semua belanja bahan di buku kas" in text  # next steps
    assert "Pisahkan uang usaha dan uang belanja" in text  # done
    assert "Paid" in text and "Overdue" in text  # instalment states


def test_trainee_report_is_a4_with_page_numbers_generation_date_and_programme_name(trainee_pdf):
    pages = pdf_pages(trainee_pdf)
    assert set(page_sizes(trainee_pdf)) == {A4}
    for number, text in enumerate(pages, 1):
        flat = re.sub(r"\s+", " ", text)
        assert f"Page {number} of {len(pages)}" in flat
        assert "Berdaya" in flat
        assert "Generated on November 27, 2026" in flat


def test_trainee_report_speaks_indonesian_with_hal_x_dari_y(world):
    pdf = documents.trainee_report_pdf(world["trainee"], as_of=TODAY, assessment=world["assessment"], locale="id")
    pages = pdf_pages(pdf)
    with force_locale("id"):
        footer = gettext("Page %(page)s of %(pages)s", page=1, pages=len(pages))
    assert footer == f"Hal. 1 dari {len(pages)}"
    assert footer in re.sub(r"\s+", " ", pages[0])
    text = pdf_text(pdf)
    assert "Rp 1.500.000" in text
    assert "27 November 2026" in text  # Indonesian date


def test_trainee_report_without_assessment_says_so(world):
    pdf = documents.trainee_report_pdf(world["trainee"], as_of=TODAY, assessment=None, locale="en")
    assert "The trainee has not been assessed yet." in pdf_text(pdf)


def test_changes_since_the_previous_assessment_are_listed(world, factory):
    trainee = world["trainee"]
    # December: a new check-in with a loss changes the picture
    factory.checkin(trainee, actor=factory.admin, month=date(2026, 11, 1), revenue=1_000_000, costs=4_000_000,
                    today=date(2026, 12, 27))
    later = services.assess_trainee(trainee, actor=factory.admin, as_of=date(2026, 12, 27))
    db.session.commit()
    pdf = documents.trainee_report_pdf(trainee, as_of=date(2026, 12, 27), assessment=later, locale="en")
    text = pdf_text(pdf)
    assert "Previous assessment: November 27, 2026." in text
    assert "This is the first assessment." not in text


def test_trainee_report_of_a_bare_trainee_renders(factory):
    trainee = factory.trainee(full_name="Ani Baru")
    pdf = documents.trainee_report_pdf(trainee, as_of=TODAY, assessment=None, locale="en")
    text = pdf_text(pdf)
    assert "Ani Baru" in text
    assert "No business check-in has been recorded yet." in text
    assert "No loan from the programme." in text


def test_trainee_report_filename(world):
    assert documents.trainee_report_filename(world["trainee"], as_of=TODAY) == (
        f"laporan-perkembangan-{world['trainee'].id}-siti-laporan-2026-11-27.pdf")


# --- the programme report ---------------------------------------------------------------


@pytest.fixture
def programme(world, factory):
    other = db.session.get(Kecamatan, "32.73.25")  # a kecamatan other than the world's (32.73.01)
    kelurahan = other.kelurahan[0]
    factory.trainee(full_name="Budi Lain", kelurahan_code=kelurahan.code, poverty_status="extreme_poor",
                    joined_on=date(2026, 3, 1), consent_on=date(2026, 3, 1))
    return services.programme_figures(ProgrammeFilters(start=date(2026, 1, 1), end=date(2026, 11, 30)), as_of=TODAY)


def test_programme_report_contains_kecamatan_and_figures(world, programme):
    pdf = documents.programme_report_pdf(programme, locale="en")
    text = pdf_text(pdf)
    assert "Programme report" in text
    for row in programme.rows_by_kecamatan:  # all 30, even without trainees
        assert row.kecamatan_name in text
    assert "Rp 1.500.000" in text  # disbursed
    assert programme.totals.trainees == 2
    assert "Trainees in the programme 2" in text
    assert "50.0%" in text  # extreme-poor share of the two
    # the kecamatan with the extreme-poor trainee ranks first in the table
    first_row = programme.rows_by_kecamatan[0]
    assert first_row.kecamatan_code == "32.73.25"


def test_programme_report_pages_portrait_then_landscape_tables(programme):
    pdf = documents.programme_report_pdf(programme, locale="en")
    sizes = page_sizes(pdf)
    assert sizes[0] == A4
    assert sizes[-1] == (A4[1], A4[0])  # the tables by kecamatan
    pages = pdf_pages(pdf)
    assert f"Page 1 of {len(pages)}" in re.sub(r"\s+", " ", pages[0])


def test_programme_report_of_one_kecamatan(world):
    report = services.programme_figures(
        ProgrammeFilters(start=date(2026, 6, 1), end=date(2026, 8, 31), kecamatan="32.73.01"), as_of=TODAY)
    html = documents.programme_report_html(report, locale="en")
    assert "Kecamatan Sukasari" in html
    pdf = documents.programme_report_pdf(report, locale="en")
    text = pdf_text(pdf)
    assert "Rp 1.500.000" in text
    assert documents.programme_report_filename(report) == "laporan-program-2026-06-01-2026-08-31-32.73.01.pdf"


# --- rendering rules --------------------------------------------------------------------


def test_html_fetches_nothing_and_has_no_server_urls(world):
    html = documents.trainee_report_html(world["trainee"], as_of=TODAY, assessment=world["assessment"], locale="en")
    assert "/static" not in html
    assert not re.search(r"""(src|href)=["'](?!data:)""", html)


def test_a_url_other_than_data_stops_the_rendering():
    from weasyprint.urls import FatalURLFetchingError

    with pytest.raises(FatalURLFetchingError):
        documents.html_to_pdf('<img src="http://127.0.0.1:5000/static/logo.png">')


def _png_data_uri(shade: int) -> str:
    import base64

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), (shade, shade, shade)).save(buffer, format="PNG")
    return "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()


def test_renders_share_one_font_configuration_and_a_bounded_image_cache(app):
    from mentoring.charts import svg_data_uri

    documents.html_to_pdf("<p>one</p>")
    font_config = documents._renderer.font_config
    assert font_config is not None
    logo = _png_data_uri(0)
    documents.html_to_pdf(f'<img src="{logo}">')
    assert logo in documents._renderer.cache  # a raster image is kept for the next render
    for n in range(documents.IMAGE_CACHE_SIZE + 5):
        svg = f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="{n + 1}" height="5"/></svg>'
        documents.html_to_pdf(f'<img src="{svg_data_uri(svg)}"><img src="{_png_data_uri(n + 1)}">')
    assert documents._renderer.font_config is font_config
    cache = documents._renderer.cache
    assert 0 < len(cache) <= documents.IMAGE_CACHE_SIZE
    assert not [key for key in cache if key.startswith("data:image/svg")]  # SVGs hold their render: dropped


def test_page_counter_content_is_a_css_value():
    with force_locale("en"):
        assert documents.page_counter_content() == '"Page " counter(page) " of " counter(pages)'
    assert documents.css_string('a "b" </style>') == '"a \\22 b\\22  \\3c /style\\3e "'


# --- charts -----------------------------------------------------------------------------


def test_charts_are_self_contained_svg_with_labels(app):
    with force_locale("en"):
        bands = charts.bands_chart_svg({"mandiri": 3, "berkembang": 1, "rentan": 0, "data_kurang": 0},
                                       {"mandiri": "Mandiri", "berkembang": "Berkembang", "rentan": "Rentan",
                                        "data_kurang": "Data kurang"}, title="Bands")
        trend = charts.trend_amount_chart_svg([date(2026, 1, 1), date(2026, 2, 1)], [D(1_500_000), D(0)],
                                              name="Disbursed", title="Trend")
    for svg in (bands, trend):
        assert "<script" not in svg and "http://" not in svg.replace("http://www.w3.org", "")
        assert "<title>" in svg
    assert "3 (75%)" in bands and "1 (25%)" in bands
    assert "Rp 1,5 mn" in trend
