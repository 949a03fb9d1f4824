"""Charts of the programme report (pygal, SVG), drawn to be read on paper.

Each function returns a self-contained SVG string (no script, nothing fetched, a
``<title>`` and ``<desc>``) for ``mentoring.charts.svg_data_uri`` and an ``<img>`` in the
WeasyPrint document, like the trainee's check-in chart (``mentoring.charts``), which the
trainee report reuses as it is.

Legible in print. A chart is drawn ``width`` SVG units wide and printed ``print_mm``
millimetres wide, so one SVG unit is ``print_mm / width`` mm; the text size is chosen so
labels print at about 8 pt (2.8 mm) and values at 7.5 pt, whatever the drawing width.
Colours are Okabe-Ito (told apart by colour-blind readers) and each bar carries its value
as text, so nothing depends on colour alone or on a tooltip (there is none on paper).
Bars are horizontal where the labels are names (kecamatan, bands): long names stay
upright and readable.

Figures come in already computed (``reports.services.programme_figures``); money is
drawn in whole rupiah (pygal uses floats for drawing only) and labelled with
``mentoring.charts.short_rupiah`` ("Rp 1,5 jt").
"""
from __future__ import annotations

import hashlib
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Sequence
from xml.etree import ElementTree as ET

import pygal
from flask_babel import format_date, format_decimal, gettext as _
from pygal.style import Style

from mentoring.charts import FONT_FAMILY, flat_style, short_rupiah

_SVG_NS = "http://www.w3.org/2000/svg"

#: Okabe-Ito colours, and the colour of each sustainability band (green = sustainable,
#: orange = developing, vermillion = at risk, greys for the unknown).
BLUE, ORANGE, GREEN, VERMILLION, SKY, PURPLE, GREY = (
    "#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#6B6B6B")
BAND_COLORS = {
    "mandiri": GREEN,
    "berkembang": ORANGE,
    "rentan": VERMILLION,
    "data_kurang": GREY,
    "not_assessed": "#B4B4B4",
}
#: Target printed text sizes, millimetres (8 pt ≈ 2.8 mm).
LABEL_MM = 2.8
VALUE_MM = 2.6


def _units(width: int, print_mm: float, mm: float) -> int:
    """SVG units that print as ``mm`` millimetres on a chart ``width`` units wide printed
    ``print_mm`` wide."""
    return max(8, round(mm * width / print_mm))


def _style(width: int, print_mm: float, colors: Sequence[str]) -> Style:
    label = _units(width, print_mm, LABEL_MM)
    return flat_style(label_size=label, value_size=_units(width, print_mm, VALUE_MM), colors=colors,
                      no_data_size=label + 2, subtle="#555555", guide="#d0d0d0")


def _chart(cls, width: int, height: int, print_mm: float, colors: Sequence[str], **options):
    """A pygal chart of class ``cls`` with the print style; ``options`` override the defaults.
    pygal's own printed values are off: they are drawn on hover or centred on the bar, so
    :func:`_finish` writes each bar's label itself, beside (or above) its end."""
    label = _units(width, print_mm, LABEL_MM)
    defaults = dict(
        width=width, height=height, explicit_size=True, style=_style(width, print_mm, colors), js=[],
        disable_xml_declaration=True, truncate_label=-1, truncate_legend=-1, margin=label // 2,
        spacing=label // 2, legend_box_size=label, print_values=False, show_legend=False,
    )
    return cls(**{**defaults, **options})


def _finish(chart, *, key: str, title: str, description: str, bar_labels: Sequence[str] = (),
            horizontal: bool = False, label_size: int = 12) -> str:
    """Render; drop pygal's scripts and tooltip layer; write ``bar_labels`` (one per bar,
    in the order the values were added, series after series) at the end of each bar; add
    ``<title>``/``<desc>``; give it a stable id (the same figures give the same bytes, and
    two charts in one page differ)."""
    chart.uuid = key
    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(chart.render(is_unicode=True))
    for parent in list(root.iter()):
        for child in list(parent):
            if child.tag in ("script", f"{{{_SVG_NS}}}script") or "tooltip-overlay" in child.get("class", "").split():
                parent.remove(child)
    bars = [g for g in root.iter(f"{{{_SVG_NS}}}g") if g.get("class") == "bar"]
    if bar_labels and len(bars) == len(bar_labels):
        pad = label_size * 0.4
        for group, text in zip(bars, bar_labels):
            rect = group.find(f"{{{_SVG_NS}}}rect")
            if rect is None or not text:
                continue
            x, y, w, h = (float(rect.get(name) or 0) for name in ("x", "y", "width", "height"))
            label = ET.SubElement(group, f"{{{_SVG_NS}}}text", {
                "font-size": str(label_size), "font-family": FONT_FAMILY, "fill": "#111111", "stroke": "none",
            })
            if horizontal:
                label.set("x", f"{x + w + pad:.1f}")
                label.set("y", f"{y + h / 2 + label_size * 0.35:.1f}")
                label.set("text-anchor", "start")
            else:
                label.set("x", f"{x + w / 2:.1f}")
                label.set("y", f"{y - pad:.1f}")
                label.set("text-anchor", "middle")
            label.text = text
    title_el = ET.Element(f"{{{_SVG_NS}}}title")
    title_el.text = title
    desc_el = ET.Element(f"{{{_SVG_NS}}}desc")
    desc_el.text = description
    root.insert(0, desc_el)
    root.insert(0, title_el)
    root.set("role", "img")
    return ET.tostring(root, encoding="unicode")


def _key(prefix: str, *parts) -> str:
    return f"{prefix}-" + hashlib.sha256(repr(parts).encode()).hexdigest()[:12]


def _whole(amount: Decimal) -> int:
    return int(Decimal(amount).quantize(Decimal(1), rounding=ROUND_HALF_EVEN))


def _integer(value) -> str:
    return format_decimal(int(round(value)), format="#,##0")


def _percent_label(value) -> str:
    number = Decimal(str(value)).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
    return _("%(number)s%%", number=format_decimal(number, format="#,##0.#"))


def _ceiling(value: float, step: float) -> float:
    return max(step, -(-value // step) * step)


def bands_chart_svg(counts: dict[str, int], labels: dict[str, str], *, title: str, width: int = 800,
                    print_mm: float = 180) -> str:
    """Horizontal bars: how many trainees are in each band, in the order of ``labels``
    (band code -> printed name; e.g. mandiri, berkembang, rentan, data_kurang,
    not_assessed) from the top, each bar in its band's colour, "116 (38.7%)" at its end."""
    codes = list(labels)
    values = [int(counts.get(code, 0)) for code in codes]
    total = sum(values)
    label = _units(width, print_mm, LABEL_MM)
    height = len(codes) * _units(width, print_mm, 7.5) + 3 * label
    # room at the right of the longest bar for its label
    top = _ceiling(max(values, default=0) * 1.35, 5)
    chart = _chart(
        pygal.HorizontalBar, width, height, print_mm, [BAND_COLORS.get(c, GREY) for c in codes],
        show_x_labels=False, show_x_guides=False, show_y_guides=False, range=(0, top),
        x_labels=[str(labels[c]) for c in reversed(codes)], no_data_text=_("No trainees"),
    )
    bar_labels = []
    if total:
        # pygal draws the first value at the bottom: reversed, so the order reads from the top
        chart.add("", [{"value": v, "color": BAND_COLORS.get(c, GREY)}
                       for c, v in reversed(list(zip(codes, values)))])
        bar_labels = [f"{_integer(v)} ({_percent_label(Decimal(v) * 100 / total)})" for v in reversed(values)]
    description = "; ".join(f"{labels[c]}: {v}" for c, v in zip(codes, values))
    return _finish(chart, key=_key("bands", codes, values, width), title=title, description=description,
                   bar_labels=bar_labels, horizontal=True, label_size=_units(width, print_mm, VALUE_MM))


def trend_counts_chart_svg(months: Sequence[date], series: Sequence[tuple[str, Sequence[int]]], *, title: str,
                           width: int = 600, height: int = 380, print_mm: float = 88) -> str:
    """Grouped vertical bars per month for a few counts (e.g. new trainees, sessions,
    loans disbursed), one colour and legend entry per series; the counts are printed on
    the bars when there are at most six months (else the table under the chart has them)."""
    colors = (BLUE, ORANGE, GREEN, PURPLE)
    month_labels = [_month_label(m) for m in months]
    label = _units(width, print_mm, LABEL_MM)
    chart = _chart(
        pygal.Bar, width, height, print_mm, colors[:len(series)],
        x_labels=month_labels, x_label_rotation=_rotation(month_labels, width, print_mm),
        show_legend=True, legend_at_bottom=True, legend_at_bottom_columns=max(len(series), 1),
        show_x_guides=False, value_formatter=_integer, no_data_text=_("No data"), include_x_axis=True,
        min_scale=3, max_scale=6, margin_top=label * 2,
    )
    bar_labels = []
    for name, values in series:
        chart.add(str(name), [int(v) for v in values])
        bar_labels += [_integer(v) if v else "" for v in values]
    if len(months) > 6:
        bar_labels = []
    description = "; ".join(f"{name}: " + ", ".join(f"{m} {v}" for m, v in zip(month_labels, values))
                            for name, values in series)
    return _finish(chart, key=_key("trend-counts", month_labels, [list(v) for _n, v in series], width),
                   title=title, description=description, bar_labels=bar_labels,
                   label_size=_units(width, print_mm, VALUE_MM))


def trend_amount_chart_svg(months: Sequence[date], amounts: Sequence[Decimal], *, name: str, title: str,
                           width: int = 600, height: int = 380, print_mm: float = 88) -> str:
    """Vertical bars per month of a rupiah amount (loans disbursed), axis in "Rp 1,5 jt";
    amounts printed on the bars when there are at most six months."""
    month_labels = [_month_label(m) for m in months]
    label = _units(width, print_mm, LABEL_MM)
    chart = _chart(
        pygal.Bar, width, height, print_mm, [GREEN],
        x_labels=month_labels, x_label_rotation=_rotation(month_labels, width, print_mm),
        show_legend=True, legend_at_bottom=True, show_x_guides=False, value_formatter=short_rupiah,
        no_data_text=_("No data"), include_x_axis=True, min_scale=3, max_scale=6, margin_top=label * 2,
    )
    chart.add(str(name), [_whole(a) for a in amounts])
    bar_labels = [short_rupiah(a) if a else "" for a in amounts] if len(months) <= 6 else []
    description = ", ".join(f"{m} {short_rupiah(a)}" for m, a in zip(month_labels, amounts))
    return _finish(chart, key=_key("trend-amount", month_labels, [str(a) for a in amounts], width),
                   title=title, description=description, bar_labels=bar_labels,
                   label_size=_units(width, print_mm, VALUE_MM))


def _month_label(month: date) -> str:
    return format_date(month, "MMM yy")


def _rotation(labels: Sequence[str], width: int, print_mm: float) -> int:
    """Upright month labels when they fit side by side, else slanted."""
    label = _units(width, print_mm, LABEL_MM)
    needed = sum(0.6 * label * len(text) + label for text in labels)
    return 0 if needed <= width * 0.8 else 45
