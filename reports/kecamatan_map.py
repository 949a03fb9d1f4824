"""A choropleth of Kota Bandung's 30 kecamatan and its ranked bars, as inline SVG.

Pure: the standard library only, no Flask and no database. The caller passes the figures
already computed and formatted (:class:`MapValue`: the value to classify, the label to
print, the link to follow) and every word already translated; this module only draws.

Drawing rules, shared with ``reports.charts`` (drawn to be read on paper):

- Each function returns one self-contained ``<svg>`` (no XML declaration, no script, no
  ``style`` element or attribute: only presentation attributes, so the site's
  Content-Security-Policy ``style-src 'self'`` lets it render inline; nothing fetched),
  with ``role="img"``, a ``<title>`` and a ``<desc>`` listing every figure.
- Text is sized so it prints at about 8 pt (2.8 mm) when the drawing, ``width`` SVG
  units wide, is printed ``print_mm`` millimetres wide — and never under 12 units, so it
  stays readable on a screen at its natural size.
- Classes are quantiles of the values present (:func:`quantile_breaks`); the legend says
  so and gives each class the range of the values in it, written with the caller's own
  labels (so "Rp 1,5 jt – Rp 3 jt" or "4% – 9%", whatever the figure).
- Colours: viridis (perceptually even, told apart by colour-blind readers and still
  ordered when printed in grey). Darker means "look here": for a figure where higher is
  better (repayment rate) the lowest class is darkest; with ``higher_is_worse`` (PAR30)
  the palette is reversed and the highest class is darkest. No data: light grey with a
  hatch, so it is not read as the lightest class.
- Every text is escaped (``xml.sax.saxutils``); a link is kept only when it is relative
  or http(s).

Projection: equirectangular with the longitude scaled by cos(mean latitude) — at 6.9° S
over 25 km the distortion is far below what the simplified boundaries carry anyway.
"""
from __future__ import annotations

import hashlib
import json
import math
import textwrap
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache
from pathlib import Path
from typing import Sequence
from urllib.parse import urlsplit
from xml.sax.saxutils import escape, quoteattr

DEFAULT_PATH = Path(__file__).resolve().parents[1] / "data" / "kota_bandung_kecamatan.geojson"

#: viridis sampled at 0, 1/8, ..., 1 (dark purple -> yellow).
VIRIDIS = ("#440154", "#472D7B", "#3B528B", "#2C728E", "#21918C", "#28AE80", "#5EC962", "#ADDC30", "#FDE725")
NO_DATA_FILL = "#D9D9D9"
NO_DATA_HATCH = "#8C8C8C"
BORDER = "#FFFFFF"
TEXT = "#111111"
SUBTLE = "#444444"
FONT_FAMILY = ('system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", '
               '"DejaVu Sans", sans-serif')
#: Printed text sizes, millimetres (8 pt ≈ 2.8 mm), and the smallest size on screen, SVG units.
LABEL_MM = 2.8
NOTE_MM = 2.5
MIN_FONT = 12
MAX_CLASSES = len(VIRIDIS)
DEFAULT_SCHEME_LABEL = "Quantile classes: each holds about the same number of kecamatan."
_DASH = "\u2013"


@dataclass(frozen=True)
class MapValue:
    """One kecamatan's figure. ``value`` is what is classified (None: no data); ``label``
    is how it is printed ("12,5%", "Rp 1,5 jt"); ``href`` is where a click goes."""
    code: str
    name: str
    value: Decimal | None
    label: str
    href: str | None = None


@dataclass(frozen=True)
class Shape:
    """A kecamatan's boundary: ``rings`` of (longitude, latitude) degrees, outer ring(s)
    and holes alike (drawn with the even-odd rule); ``centroid`` (lon, lat)."""
    code: str
    name: str
    rings: tuple[tuple[tuple[float, float], ...], ...]
    centroid: tuple[float, float]


# -- shapes ---------------------------------------------------------------------------

def load_shapes(path: str | Path = DEFAULT_PATH) -> tuple[Shape, ...]:
    """The kecamatan of a GeoJSON FeatureCollection (Polygon or MultiPolygon features with
    properties ``kecamatan_code``, ``kecamatan`` and optionally ``centroid``), in code
    order. Read once per path and kept for the life of the process."""
    return _load_shapes(str(Path(path).resolve()))


@lru_cache(maxsize=4)
def _load_shapes(path: str) -> tuple[Shape, ...]:
    with open(path, encoding="utf-8") as handle:
        collection = json.load(handle)
    shapes = []
    for feature in collection["features"]:
        geometry, properties = feature["geometry"], feature["properties"]
        if geometry["type"] == "Polygon":
            polygons = [geometry["coordinates"]]
        elif geometry["type"] == "MultiPolygon":
            polygons = geometry["coordinates"]
        else:
            raise ValueError(f"{properties.get('kecamatan_code')}: unsupported geometry {geometry['type']}")
        rings = tuple(tuple((float(lon), float(lat)) for lon, lat, *_alt in ring)
                      for polygon in polygons for ring in polygon)
        if properties.get("centroid"):
            lon, lat = properties["centroid"][:2]
            centroid = (float(lon), float(lat))
        else:
            points = [p for ring in rings for p in ring[:-1]] or [p for ring in rings for p in ring]
            centroid = (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))
        shapes.append(Shape(str(properties["kecamatan_code"]), str(properties["kecamatan"]), rings, centroid))
    return tuple(sorted(shapes, key=lambda s: s.code))


@dataclass(frozen=True)
class _Projection:
    lon0: float
    lat_top: float
    kx: float      # SVG units per degree of longitude (already × cos(lat))
    ky: float      # SVG units per degree of latitude
    margin: float

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (self.margin + (lon - self.lon0) * self.kx, self.margin + (self.lat_top - lat) * self.ky)


def _projection(shapes: Sequence[Shape], width: int, margin: float) -> tuple[_Projection, float]:
    """Fit every shape into ``width`` (less a margin each side); return the projection and
    the height of the map."""
    points = [p for s in shapes for ring in s.rings for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    squeeze = math.cos(math.radians((north + south) / 2))
    scale = (width - 2 * margin) / ((east - west) * squeeze)
    projection = _Projection(west, north, scale * squeeze, scale, margin)
    return projection, (north - south) * scale + 2 * margin


def _path_data(shape: Shape, project: _Projection) -> str:
    parts = []
    for ring in shape.rings:
        xy = [project(lon, lat) for lon, lat in ring]
        if len(xy) > 1 and xy[0] == xy[-1]:
            xy = xy[:-1]
        parts.append("M" + " L".join(f"{x:.1f},{y:.1f}" for x, y in xy) + " Z")
    return " ".join(parts)


# -- classes and colours --------------------------------------------------------------

def quantile_breaks(values: Sequence[Decimal], classes: int = 5) -> tuple[Decimal, ...]:
    """Upper bounds of quantile classes, ascending and distinct: with the ``n`` values
    sorted, class ``i`` (1..classes) ends at the value of rank ``ceil(i·n/classes)``, so
    each class holds about n/classes values. Equal values always share a class, so ties
    can leave fewer classes than asked for. None values are ignored; no values: ()."""
    if not 1 <= classes <= MAX_CLASSES:
        raise ValueError(f"classes must be 1..{MAX_CLASSES}")
    present = sorted(Decimal(v) for v in values if v is not None)
    n = len(present)
    breaks: list[Decimal] = []
    for i in range(1, classes + 1):
        upper = present[-(-i * n // classes) - 1] if n else None
        if upper is not None and (not breaks or upper > breaks[-1]):
            breaks.append(upper)
    return tuple(breaks)


def class_index(value: Decimal | None, breaks: Sequence[Decimal]) -> int | None:
    """The class (0 = lowest) of ``value``: the first whose upper bound is >= it; None for
    no data. A value above the last bound (not among the classified) joins the last class."""
    if value is None or not breaks:
        return None
    for index, upper in enumerate(breaks):
        if value <= upper:
            return index
    return len(breaks) - 1


def class_colors(count: int, *, higher_is_worse: bool = False) -> tuple[str, ...]:
    """``count`` colours for classes from the lowest to the highest value: viridis spread
    over its whole range, darkest where attention is due (the lowest class, or the
    highest when ``higher_is_worse``)."""
    if count <= 0:
        return ()
    if count == 1:
        return (VIRIDIS[len(VIRIDIS) // 2],)
    last = len(VIRIDIS) - 1
    dark_to_light = tuple(VIRIDIS[round(i * last / (count - 1))] for i in range(count))
    return tuple(reversed(dark_to_light)) if higher_is_worse else dark_to_light


def _classes(values: Sequence[MapValue], classes: int, higher_is_worse: bool):
    """(breaks, colours, {code: class index or None}) for the values given."""
    breaks = quantile_breaks([v.value for v in values], classes)
    colors = class_colors(len(breaks), higher_is_worse=higher_is_worse)
    return breaks, colors, {item.code: class_index(item.value, breaks) for item in values}


# -- SVG helpers ----------------------------------------------------------------------

def _units(width: int, print_mm: float, mm: float) -> int:
    """SVG units that print as ``mm`` millimetres on a drawing ``width`` units wide printed
    ``print_mm`` wide; at least MIN_FONT so the screen size stays readable."""
    return max(MIN_FONT, round(mm * width / print_mm))


def _key(prefix: str, *parts) -> str:
    """A stable id: the same figures give the same bytes; two drawings in a page differ."""
    return f"{prefix}-" + hashlib.sha256(repr(parts).encode()).hexdigest()[:12]


def safe_href(href: str | None) -> str | None:
    """``href`` when it is safe to follow: relative (``/trainees/?kecamatan=…``, ``?x=1``,
    ``#top``) or http(s); None otherwise (``javascript:``, ``data:``, …)."""
    if not href:
        return None
    scheme = urlsplit(href.strip()).scheme.lower()
    return href if scheme in ("", "http", "https") else None


def _text(x: float, y: float, text: str, size: int, *, anchor: str = "start", fill: str = TEXT,
          weight: str | None = None) -> str:
    bold = f' font-weight="{weight}"' if weight else ""
    return (f'<text x="{x:.1f}" y="{y:.1f}" font-size="{size}" font-family={quoteattr(FONT_FAMILY)} '
            f'fill="{fill}" text-anchor="{anchor}"{bold}>{escape(text)}</text>')


def _chars(width: float, size: int) -> int:
    """About how many characters of a ``size`` font fit in ``width`` units."""
    return max(8, int(width / (0.56 * size)))


def _open_svg(key: str, width: int, height: float, title: str, description: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height:.0f}" '
        f'viewBox="0 0 {width} {height:.0f}" role="img" aria-labelledby="{key}-title {key}-desc" '
        f'id="{key}" class="kecamatan-figure">',
        f'<title id="{key}-title">{escape(title)}</title>',
        f'<desc id="{key}-desc">{escape(description)}</desc>',
    ]


def _hatch(key: str) -> str:
    return (f'<defs><pattern id="{key}-nodata" patternUnits="userSpaceOnUse" width="6" height="6" '
            f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{NO_DATA_FILL}"/>'
            f'<line x1="0" y1="0" x2="0" y2="6" stroke="{NO_DATA_HATCH}" stroke-width="1.5"/></pattern></defs>')


def _linked(element: str, href: str | None, label: str) -> str:
    href = safe_href(href)
    if not href:
        return element
    return f'<a href={quoteattr(href)} aria-label={quoteattr(label)}>{element}</a>'


def _range_label(members: Sequence[MapValue]) -> str:
    low = min(members, key=lambda m: m.value)
    high = max(members, key=lambda m: m.value)
    return low.label if low.value == high.value else f"{low.label} {_DASH} {high.label}"


def _description(lead: str, items: Sequence[tuple[str, str]]) -> str:
    return f"{lead}. " + "; ".join(f"{name}: {label}" for name, label in items)


# -- the map --------------------------------------------------------------------------

def choropleth_svg(values: Sequence[MapValue], *, title: str, legend_title: str, no_data_label: str,
                   classes: int = 5, higher_is_worse: bool = False, width: int = 640, print_mm: float = 170,
                   scheme_label: str = DEFAULT_SCHEME_LABEL, shapes: Sequence[Shape] | None = None) -> str:
    """The map: every kecamatan of ``shapes`` (default :func:`load_shapes`) a ``<path>``
    with ``data-kecamatan="<code>"``, filled by the quantile class of its value
    (``classes`` asked for, 1..9; ties can merge some), or hatched grey when it has no
    value (None, or no MapValue), with a ``<title>`` "Name: label" and, when the value has
    an ``href``, wrapped in a link. Below the map the legend: ``legend_title``,
    ``scheme_label`` (translate it: it says how classes are made), one swatch per class
    with the range "lowest label – highest label" of its kecamatan, then ``no_data_label``
    when some kecamatan has no data. Values whose code is not a shape are ignored.
    ``width`` SVG units wide; text prints at ~8 pt when printed ``print_mm`` mm wide."""
    shapes = tuple(shapes) if shapes is not None else load_shapes()
    known = {s.code for s in shapes}
    by_code = {v.code: v for v in values if v.code in known}
    present = list(by_code.values())
    breaks, colors, indexes = _classes(present, classes, higher_is_worse)
    key = _key("kecamatan-map", [(v.code, str(v.value), v.label, v.href) for v in present], title, legend_title,
               no_data_label, classes, higher_is_worse, width, print_mm, scheme_label, [s.code for s in shapes])

    label_size = _units(width, print_mm, LABEL_MM)
    note_size = _units(width, print_mm, NOTE_MM)
    margin = label_size / 2
    project, map_height = _projection(shapes, width, margin)

    body = []
    described = []
    for shape in shapes:
        item = by_code.get(shape.code)
        name = item.name if item else shape.name
        index = indexes.get(shape.code)
        label = item.label if index is not None else no_data_label
        described.append((name, label))
        tooltip = f"{name}: {label}"
        fill = f"url(#{key}-nodata)" if index is None else colors[index]
        path = (f'<path d="{_path_data(shape, project)}" fill="{fill}" '
                f'stroke="{BORDER}" stroke-width="1" stroke-linejoin="round" fill-rule="evenodd" '
                f'data-kecamatan={quoteattr(shape.code)} data-class="{"none" if index is None else index}">'
                f'<title>{escape(tooltip)}</title></path>')
        body.append(_linked(path, item.href if item else None, tooltip))

    # legend, under the map
    legend = []
    y = map_height + label_size * 0.5
    line = label_size * 1.35
    for text in textwrap.wrap(legend_title, _chars(width - 2 * margin, label_size)):
        y += line
        legend.append(_text(margin, y, text, label_size, weight="bold"))
    for text in textwrap.wrap(scheme_label, _chars(width - 2 * margin, note_size)) if breaks else ():
        y += note_size * 1.35
        legend.append(_text(margin, y, text, note_size, fill=SUBTLE))
    swatch = label_size
    rows = []
    for index, color in enumerate(colors):
        members = [v for v in present if v.value is not None and class_index(v.value, breaks) == index]
        rows.append((color, _range_label(members)))
    if any(indexes.get(s.code) is None for s in shapes):
        rows.append((None, no_data_label))
    y += label_size * 0.4
    for color, text in rows:
        top = y + (line - swatch) / 2
        legend.append(f'<rect x="{margin:.1f}" y="{top:.1f}" width="{swatch}" height="{swatch}" '
                      f'fill="{color or f"url(#{key}-nodata)"}" stroke="{SUBTLE}" stroke-width="0.5"/>')
        legend.append(_text(margin + swatch * 1.6, y + line / 2 + label_size * 0.35, text, label_size))
        y += line
    height = y + margin

    parts = _open_svg(key, width, height, title, _description(legend_title, described))
    parts.append(_hatch(key))
    parts.append('<g class="kecamatan-shapes">' + "".join(body) + "</g>")
    parts.append('<g class="kecamatan-legend">' + "".join(legend) + "</g>")
    parts.append("</svg>")
    return "".join(parts)


# -- ranked bars ----------------------------------------------------------------------

def ranked(values: Sequence[MapValue]) -> list[MapValue]:
    """Highest value first (ties by name), then the kecamatan without data, by name."""
    with_data = sorted((v for v in values if v.value is not None), key=lambda v: (-v.value, v.name))
    return with_data + sorted((v for v in values if v.value is None), key=lambda v: v.name)


def ranked_bars_svg(values: Sequence[MapValue], *, title: str, width: int = 360, classes: int = 5,
                    higher_is_worse: bool = False, print_mm: float = 85, show_no_data: bool = True) -> str:
    """Horizontal bars, highest first (:func:`ranked`): the name at the left, the bar in
    its map class's colour (the same ``classes`` and ``higher_is_worse`` as the map give
    the same colours), the value's label at the bar's end; each row (name and bar) linked
    to its ``href``. Kecamatan without data come last with their label and no bar (or are
    left out with ``show_no_data=False``). Bars start at zero; a negative value draws no
    bar (its label still says it). Text prints at ~8 pt when printed ``print_mm`` mm wide."""
    rows = [v for v in ranked(values) if show_no_data or v.value is not None]
    _breaks, colors, indexes = _classes(rows, classes, higher_is_worse)
    key = _key("kecamatan-bars", [(v.code, str(v.value), v.label, v.href) for v in rows], title, classes,
               higher_is_worse, width, print_mm, show_no_data)

    size = _units(width, print_mm, LABEL_MM)
    margin = size / 2
    row_height = round(size * 1.6)
    bar_height = round(size * 1.05)
    char = 0.62 * size      # a generous average glyph width (DejaVu Sans is wide)
    name_width = min(max((len(v.name) for v in rows), default=4) * char, width * 0.45)
    label_width = max((len(v.label) for v in rows), default=4) * char + size * 0.5
    bar_x = margin + name_width + size * 0.5
    bar_room = max(width - bar_x - label_width - margin, size)
    top_value = max((v.value for v in rows if v.value is not None), default=Decimal(0))
    top_y = margin

    body = []
    for index, item in enumerate(rows):
        y = top_y + index * row_height
        middle = y + row_height / 2 + size * 0.35
        length = 0.0
        if item.value is not None and item.value > 0 and top_value > 0:
            length = float(item.value / top_value) * bar_room
        tooltip = f"{item.name}: {item.label}"
        index = indexes.get(item.code)
        row = [f'<title>{escape(tooltip)}</title>',
               # the whole row is the link's target, not only the (maybe short) bar
               f'<rect x="0" y="{y:.1f}" width="{width}" height="{row_height}" fill="#FFFFFF" fill-opacity="0"/>',
               _text(bar_x - size * 0.5, middle, item.name, size, anchor="end")]
        if length:
            row.append(f'<rect x="{bar_x:.1f}" y="{y + (row_height - bar_height) / 2:.1f}" width="{length:.1f}" '
                       f'height="{bar_height}" fill="{colors[index]}"/>')
        row.append(_text(bar_x + length + size * 0.4, middle, item.label, size, fill=TEXT if length else SUBTLE))
        group = (f'<g class="kecamatan-bar" data-kecamatan={quoteattr(item.code)} '
                 f'data-class="{"none" if index is None else index}">' + "".join(row) + "</g>")
        body.append(_linked(group, item.href, tooltip))
    height = top_y + max(len(rows), 1) * row_height + margin

    parts = _open_svg(key, width, height, title, _description(title, [(v.name, v.label) for v in rows]))
    parts.append("".join(body))
    parts.append("</svg>")
    return "".join(parts)
