"""mentoring.charts: the check-in chart is a self-contained SVG (no script, nothing
fetched) that renders in WeasyPrint, with rupiah axis labels."""
from __future__ import annotations

import base64
import hashlib
import io
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree as ET

import pytest
from hypothesis import given
from hypothesis import strategies as st

from mentoring import charts

SVG = "{http://www.w3.org/2000/svg}"


@dataclass
class Figures:
    month: date
    revenue: Decimal
    costs: Decimal


def months(n: int, first=date(2025, 11, 1)) -> list[Figures]:
    rows = []
    for i in range(n):
        index = first.year * 12 + first.month - 1 + i
        revenue = Decimal(3_000_000 + 250_000 * i)
        rows.append(Figures(date(index // 12, index % 12 + 1, 1), revenue, Decimal(2_500_000 + 150_000 * i)))
    return rows


@pytest.fixture(autouse=True)
def english(app):
    from flask_babel import force_locale

    with force_locale("en"):
        yield


@pytest.mark.parametrize("value, text", [
    (Decimal(0), "Rp 0"),
    (Decimal(750), "Rp 750"),
    (Decimal(1_500), "Rp 1,5 k"),
    (Decimal(750_000), "Rp 750 k"),
    (Decimal(1_000_000), "Rp 1 mn"),
    (Decimal(1_500_000), "Rp 1,5 mn"),
    (Decimal(1_250_000), "Rp 1,2 mn"),  # HALF_EVEN
    (Decimal(12_345_678), "Rp 12,3 mn"),
    (Decimal(2_500_000_000), "Rp 2,5 bn"),
    (Decimal(-500_000), "-Rp 500 k"),
    (1500000.0, "Rp 1,5 mn"),  # pygal's own ticks are floats
    (-0.0, "Rp 0"),
])
def test_short_rupiah(value, text):
    assert charts.short_rupiah(value) == text


def test_the_chart_is_a_self_contained_svg_with_three_series():
    svg = charts.checkin_chart_svg(list(reversed(months(6))))
    root = ET.fromstring(svg)  # well-formed, no XML declaration needed
    assert svg.startswith("<svg")
    assert root.tag == f"{SVG}svg"
    assert (root.get("width"), root.get("height"), root.get("viewBox")) == ("800", "400", "0 0 800 400")
    assert root.find(f"{SVG}title").text == "Business check-ins: revenue, costs and profit per month"
    assert "Apr 2026: Revenue Rp 4.250.000, Costs Rp 3.250.000, Profit Rp 1.000.000" in root.find(f"{SVG}desc").text
    # no script (pygal writes a config <script> even with js=[]), nothing fetched
    assert "<script" not in svg and "javascript" not in svg.lower()
    assert not re.search(r"(?:href|src)\s*=|url\(|@import|xml-stylesheet", svg)
    assert "style=" not in svg  # no style attribute: the CSP allows the one <style> by hash
    assert [el.text for el in root.iter(f"{SVG}style")]  # one inline stylesheet
    texts = {el.text for el in root.iter(f"{SVG}text")}
    assert {"Revenue", "Costs", "Profit"} <= texts
    assert {"Nov 2025", "Apr 2026"} <= texts  # months in order, English
    assert any(t and t.startswith("Rp ") and t.endswith(" mn") for t in texts)


def test_labels_can_be_replaced_and_the_output_is_stable():
    labels = {"revenue": "Pendapatan", "costs": "Biaya", "profit": "Laba", "title": "Grafik"}
    first = charts.checkin_chart_svg(months(3), labels=labels, month_label=lambda m: m.strftime("%m/%Y"))
    again = charts.checkin_chart_svg(months(3), labels=labels, month_label=lambda m: m.strftime("%m/%Y"))
    assert first == again
    texts = {el.text for el in ET.fromstring(first).iter(f"{SVG}text")}
    assert {"Pendapatan", "Biaya", "Laba", "11/2025", "01/2026"} <= texts
    assert first != charts.checkin_chart_svg(months(4), labels=labels)


def test_without_checkins_the_chart_says_so():
    svg = charts.checkin_chart_svg([])
    texts = [el.text for el in ET.fromstring(svg).iter(f"{SVG}text")]
    assert "No check-ins yet" in texts
    assert not [t for t in texts if t and t.startswith("Rp")]


def test_negative_profit_is_drawn_below_zero():
    rows = [Figures(date(2026, m, 1), Decimal(1_000_000), Decimal(1_600_000)) for m in (8, 9, 10)]
    texts = {el.text for el in ET.fromstring(charts.checkin_chart_svg(rows)).iter(f"{SVG}text")}
    assert "Rp 0" in texts and any(t and t.startswith("-Rp") for t in texts)


@pytest.mark.parametrize("count, width", [(1, 800), (24, 800), (6, 360), (24, 360)])
def test_every_size_renders(count, width):
    root = ET.fromstring(charts.checkin_chart_svg(months(count), width=width, height=width // 2 + 60))
    assert root.get("width") == str(width)


def test_csp_allows_exactly_the_inline_style():
    svg = charts.checkin_chart_svg(months(3))
    style = next(ET.fromstring(svg).iter(f"{SVG}style")).text
    digest = base64.b64encode(hashlib.sha256(style.encode()).digest()).decode()
    policy = charts.chart_csp(svg)
    assert f"style-src 'sha256-{digest}'" in policy
    assert "default-src 'none'" in policy and "script-src" not in policy


def test_weasyprint_renders_the_chart_in_a_pdf():
    from pypdf import PdfReader

    from loans.documents import html_to_pdf

    svg = charts.checkin_chart_svg(months(8), labels={"revenue": "Pendapatan", "costs": "Biaya", "profit": "Laba"})
    uri = charts.svg_data_uri(svg)
    assert base64.b64decode(uri.removeprefix("data:image/svg+xml;base64,")).decode() == svg
    # the documents' renderer: it fails on any URL other than data:
    pdf = html_to_pdf(f'<html><body><img style="width: 100%" src="{uri}" alt="grafik"></body></html>')
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    for word in ("Pendapatan", "Biaya", "Laba", "Rp 0", "mn"):
        assert word in text


@given(st.integers(-10**11, 10**11), st.integers(-10**11, 10**11))
def test_axis_ticks_cover_the_figures_with_few_evenly_spaced_labels(a, b):
    from mentoring.charts import nice_ticks

    low, high = min(a, b), max(a, b)
    ticks = nice_ticks(low, high)
    assert ticks[0] <= min(low, 0) and ticks[-1] >= max(high, 0)
    assert 0 in ticks
    assert 2 <= len(ticks) <= 8
    steps = {later - earlier for earlier, later in zip(ticks, ticks[1:])}
    assert len(steps) == 1 and steps.pop() > 0
