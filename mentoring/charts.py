"""The business check-in chart: revenue, costs and profit per month as a pygal line chart.

The SVG is self-contained, for two readers:

- a browser showing it through ``<img src=".../chart.svg">`` (an image runs no script and
  fetches nothing), served with a Content-Security-Policy allowing its one inline
  ``<style>``: ``chart_csp(svg)`` (by hash) or ``STYLE_CSP``;
- WeasyPrint, embedding it in a PDF as ``<img src="data:image/svg+xml;base64,...">``
  (``svg_data_uri``), whose URL fetcher accepts nothing but ``data:``. Give that
  ``<img>`` a width (``width: 100%`` or in mm): at its natural 800 CSS px it is wider
  than an A4 page's text block.

So: no script at all (pygal's tooltip JavaScript is off, ``js=[]``, and the inline
config ``<script>`` pygal always writes is removed), no external stylesheet or web font,
an explicit ``width``/``height`` (an intrinsic size for ``<img>`` and WeasyPrint) plus the
``viewBox`` (CSS ``max-width: 100%; height: auto`` scales it), and the series told apart
by dash pattern, line width and dot size as well as colour (Okabe-Ito colours, legible in grey
print and to colour-blind readers). The SVG carries a ``<title>`` and ``<desc>`` naming the
figures; the page should still show them as a table (and give the ``<img>`` an alt).

Money is plotted in whole rupiah (pygal draws with floats; the figures themselves are
Decimal and are never computed here). The y axis reads "Rp 1,5 jt" (``short_rupiah``):
Indonesian decimal comma in every locale, as ``formatting.format_rupiah``; the unit words
are translatable.
"""
from __future__ import annotations

import base64
import hashlib
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Callable, Iterable, Protocol

import pygal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from pygal.style import Style

#: Content-Security-Policy for the standalone SVG response: nothing but its inline
#: <style> (``chart_csp`` gives the stricter hash-based form).
STYLE_CSP = "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'self'"

#: Okabe-Ito: blue (revenue), vermillion (costs), bluish green (profit).
COLORS = ("#0072B2", "#D55E00", "#009E73")
FONT_FAMILY = ('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", '
               '"DejaVu Sans", sans-serif')

DEFAULT_LABELS = {
    "title": _l("Business check-ins: revenue, costs and profit per month"),
    "revenue": _l("Revenue"),
    "costs": _l("Costs"),
    "profit": _l("Profit"),
    "no_data": _l("No check-ins yet"),
}

_SVG_NS = "http://www.w3.org/2000/svg"


class CheckinLike(Protocol):
    month: date
    revenue: Decimal
    costs: Decimal


def short_rupiah(value) -> str:
    """An axis label: ``1500000`` -> ``"Rp 1,5 jt"`` (Indonesian units after translation;
    English msgids "k", "mn", "bn"), one decimal rounded HALF_EVEN and dropped when zero,
    below a thousand the whole rupiah. Negative: ``"-Rp 500 rb"``. Accepts the floats
    pygal computes for its ticks (display only)."""
    amount = Decimal(repr(value)) if isinstance(value, float) else Decimal(value)
    sign = "-" if amount < 0 else ""
    amount = abs(amount)
    for scale, unit in ((Decimal(10) ** 9, _("bn")), (Decimal(10) ** 6, _("mn")), (Decimal(10) ** 3, _("k"))):
        if amount >= scale:
            scaled = (amount / scale).quantize(Decimal("0.1"), rounding=ROUND_HALF_EVEN)
            if scaled == scaled.to_integral_value():
                text = f"{int(scaled):,}".replace(",", ".")
            else:
                text = f"{scaled:f}".replace(".", ",")
            return f"{sign}Rp {text} {unit}"
    whole = amount.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
    return f"{sign}Rp {int(whole)}" if whole else "Rp 0"


def _month_label(month: date) -> str:
    from flask import has_app_context

    if has_app_context():
        from flask_babel import format_date

        return format_date(month, "MMM yyyy")
    return month.strftime("%b %Y")


def _font_size(width: int) -> int:
    """Axis label size in SVG units. The page scales the whole drawing to its box (an
    800-unit chart on a 360 px phone shows at ~45 %), so the text grows with the width."""
    return max(12, round(width / 42))


def flat_style(*, label_size: int, value_size: int, colors, no_data_size: int,
               subtle: str = "#6c757d", guide: str = "#dee2e6") -> Style:
    """A static pygal style (white, no hover effects, one guide colour): the web
    check-in chart and the print charts of reports.charts differ only in sizes and greys."""
    return Style(
        background="#ffffff",
        plot_background="#ffffff",
        foreground="#212529",
        foreground_strong="#212529",
        foreground_subtle=subtle,
        colors=tuple(colors),
        font_family=FONT_FAMILY,
        label_font_size=label_size,
        major_label_font_size=label_size,
        legend_font_size=label_size,
        title_font_size=label_size + 2,
        no_data_font_size=no_data_size,
        value_font_size=value_size,
        value_label_font_size=value_size,
        tooltip_font_size=value_size,
        # one colour for every guide (pygal marks some ticks "major" arbitrarily)
        guide_stroke_color=guide,
        major_guide_stroke_color=guide,
        guide_stroke_dasharray="0",
        major_guide_stroke_dasharray="0",
        opacity="1",
        opacity_hover="1",
        stroke_opacity="1",
        stroke_opacity_hover="1",
        stroke_width="3",
        stroke_width_hover="3",
        transition="0ms",
    )


def _style(width: int) -> Style:
    size = _font_size(width)
    return flat_style(label_size=size, value_size=size, colors=COLORS, no_data_size=size + 4)


def nice_ticks(low: int, high: int, *, most: int = 6) -> list[int]:
    """Round axis ticks (1, 2, 2.5 or 5 × 10^k apart) covering ``low``..``high`` with at
    most ``most`` + 1 labels: pygal's own choice crowds a tall axis with 15+ labels."""
    low, high = min(low, 0), max(high, 0)
    if low == high:
        return [0, 1] if high == 0 else [low, high]
    span = high - low
    magnitude = 10 ** max(len(str(int(span // most))) - 1, 0)
    step = magnitude
    for factor in (1, 2, 2.5, 5, 10, 20, 25, 50):
        step = int(magnitude * factor)
        if span / step <= most:
            break
    first = -(-low // step) * step if low % step == 0 else (low // step) * step
    ticks, value = [], first
    while value < high + step:
        ticks.append(value)
        if value >= high:
            break
        value += step
    return ticks


def checkin_chart_svg(checkins: Iterable[CheckinLike], *, labels: dict | None = None, width: int = 800,
                      height: int = 400, month_label: Callable[[date], str] | None = None) -> str:
    """The SVG (a str, no XML declaration: it can be served as a file or inlined) of
    revenue, costs and profit (revenue − costs) per check-in month, in month order.

    ``labels`` overrides any of DEFAULT_LABELS' keys (title, revenue, costs, profit,
    no_data; lazy strings are fine); ``month_label`` formats a month for the x axis
    (default: the locale's "MMM yyyy" inside an app context). With no check-in the chart
    says ``no_data``. Only these figures go in: nothing else about the trainee."""
    names = {**DEFAULT_LABELS, **(labels or {})}
    month_label = month_label or _month_label
    rows = sorted(checkins, key=lambda c: c.month)
    # whole rupiah for the drawing (check-ins are whole rupiah; sen would be rounded)
    revenue = [int(c.revenue.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)) for c in rows]
    costs = [int(c.costs.quantize(Decimal(1), rounding=ROUND_HALF_EVEN)) for c in rows]
    profit = [r - c for r, c in zip(revenue, costs)]
    size = _font_size(width)
    month_labels = [month_label(c.month) for c in rows]
    series = [str(names["revenue"]), str(names["costs"]), str(names["profit"])]
    # estimated text widths (pygal's own estimate: 0.6 em a character) decide the layout
    plot_width = width - 11 * size
    label_width = 0.6 * size * max((len(m) for m in month_labels), default=0) + size
    upright = len(rows) * label_width <= plot_width
    # slanted labels take ~0.7 of their length across; keep one in every `every` months
    every = 1 if upright else max(1, -(-len(rows) * 0.7 * label_width // plot_width))
    legend_columns = 3 if sum(0.6 * size * len(s) + 2 * size for s in series) <= plot_width else 1
    chart = pygal.Line(
        width=width,
        height=height,
        explicit_size=True,
        style=_style(width),
        js=[],
        disable_xml_declaration=True,
        value_formatter=short_rupiah,
        x_labels=month_labels,
        # (pygal fails on explicit y labels without data)
        y_labels=nice_ticks(min(revenue + costs + profit), max(revenue + costs + profit)) if rows else None,
        x_label_rotation=0 if upright else 40,
        x_labels_major_every=int(every) if every > 1 else None,
        show_minor_x_labels=every == 1,
        # room for the last month's label, centred (or slanted) on the last point
        margin_right=5 * size,
        truncate_label=-1,
        truncate_legend=-1,
        legend_at_bottom=True,
        # 1 or 3: pygal under-counts the rows of a partly filled last row
        legend_at_bottom_columns=legend_columns,
        legend_box_size=size,
        include_x_axis=bool(rows),
        show_x_guides=False,
        show_y_guides=bool(rows),
        show_y_labels=bool(rows),
        show_legend=bool(rows),
        dots_size=4,
        margin=size,
        spacing=size * 3 // 4,
        no_data_text=str(names["no_data"]),
        print_values=False,
    )
    # a stable id (pygal draws a random one): the same figures give the same bytes (ETag,
    # tests), and two different charts inlined in one page keep distinct ids
    fingerprint = repr((width, height, series, month_labels, revenue, costs)).encode()
    chart.uuid = "checkins-" + hashlib.sha256(fingerprint).hexdigest()[:12]
    if rows:
        chart.add(series[0], revenue)
        chart.add(series[1], costs, stroke_style={"dasharray": "10, 6", "width": 3})
        chart.add(series[2], profit, stroke_style={"width": 4}, dots_size=5)
    return _finish(chart, title=str(names["title"]), description=_describe(rows, names, month_label))


def _describe(rows, names, month_label) -> str:
    """A text equivalent for the SVG's <desc>: the latest month's figures."""
    if not rows:
        return str(names["no_data"])
    from formatting import format_rupiah

    last = rows[-1]
    return _(
        "%(month)s: %(revenue_label)s %(revenue)s, %(costs_label)s %(costs)s, %(profit_label)s %(profit)s "
        "(%(count)d months shown).",
        month=month_label(last.month),
        revenue_label=str(names["revenue"]), revenue=format_rupiah(last.revenue),
        costs_label=str(names["costs"]), costs=format_rupiah(last.costs),
        profit_label=str(names["profit"]), profit=format_rupiah(last.revenue - last.costs),
        count=len(rows),
    )


def _finish(chart, *, title: str, description: str) -> str:
    """Render, then drop every <script> and the tooltip layer, and add <title>/<desc>
    (the accessible name)."""
    from xml.etree import ElementTree as ET

    ET.register_namespace("", _SVG_NS)
    ET.register_namespace("xlink", "http://www.w3.org/1999/xlink")
    root = ET.fromstring(chart.render(is_unicode=True))
    for parent in list(root.iter()):
        for child in list(parent):
            # the scripts, and the tooltip layer only pygal's JavaScript uses (it is the
            # one element with a style="" attribute, which a strict CSP would refuse)
            if child.tag in ("script", f"{{{_SVG_NS}}}script") or "tooltip-overlay" in child.get("class", "").split():
                parent.remove(child)
    title_el = ET.Element(f"{{{_SVG_NS}}}title")
    title_el.text = title
    desc_el = ET.Element(f"{{{_SVG_NS}}}desc")
    desc_el.text = description
    root.insert(0, desc_el)
    root.insert(0, title_el)
    root.set("role", "img")
    return ET.tostring(root, encoding="unicode")


def chart_csp(svg: str) -> str:
    """The Content-Security-Policy for serving ``svg`` by itself: no script, nothing
    fetched, its inline stylesheet allowed by hash (``'sha256-...'``)."""
    from xml.etree import ElementTree as ET

    root = ET.fromstring(svg)
    hashes = " ".join(
        "'sha256-" + base64.b64encode(hashlib.sha256((el.text or "").encode("utf-8")).digest()).decode() + "'"
        for el in root.iter(f"{{{_SVG_NS}}}style")
    )
    return f"default-src 'none'; style-src {hashes}; frame-ancestors 'self'"


def svg_data_uri(svg: str) -> str:
    """``data:image/svg+xml;base64,...`` for an ``<img>`` in a WeasyPrint document (its URL
    fetcher accepts only data: URLs) or anywhere an inline image is wanted."""
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")
