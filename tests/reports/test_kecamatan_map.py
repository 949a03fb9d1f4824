"""The kecamatan map and ranked bars (reports/kecamatan_map.py): pure, no app, no database.
Shapes against the region table, geometry inside the drawing, quantile classes against
hand-worked values, colours, escaping, links, order, and WeasyPrint rendering the SVGs
inline (text checked with pypdf, like the other documents)."""
from __future__ import annotations

import csv
import io
import math
import re
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader

from reports import kecamatan_map as km
from reports.kecamatan_map import MapValue

D = Decimal
SVG = "{http://www.w3.org/2000/svg}"
ROOT = Path(__file__).resolve().parents[2]
# viridis at 0, 1/4, 1/2, 3/4, 1: the five class colours, darkest first
FIVE = ("#440154", "#3B528B", "#21918C", "#5EC962", "#FDE725")


def registry() -> dict[str, str]:
    """code -> name of the 30 kecamatan, from the region table (not from the geojson)."""
    with open(ROOT / "data" / "kota_bandung_wilayah.csv", encoding="utf-8") as handle:
        return {row["kecamatan_code"]: row["kecamatan"] for row in csv.DictReader(handle)}


def values_for(numbers: dict[str, Decimal | None], *, href=True) -> list[MapValue]:
    names = registry()
    return [MapValue(code, names[code], value, "-" if value is None else f"{value}%",
                     f"/trainees/?kecamatan={code}" if href else None) for code, value in numbers.items()]


def first_ten() -> dict[str, Decimal | None]:
    """Values 1..10 for kecamatan 32.73.01..10; the other 20 without data."""
    return {f"32.73.{n:02d}": (D(n) if n <= 10 else None) for n in range(1, 31)}


def parse(svg: str) -> ET.Element:
    return ET.fromstring(svg)


def paths(root: ET.Element) -> dict[str, ET.Element]:
    return {p.get("data-kecamatan"): p for p in root.iter(f"{SVG}path")}


def texts(root: ET.Element) -> list[str]:
    return [t.text for t in root.iter(f"{SVG}text")]


def numbers(d: str) -> list[float]:
    return [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", d)]


def test_module_is_pure():
    """Standard library only: no Flask, no database, nothing of the project."""
    import ast
    import sys

    tree = ast.parse((ROOT / "reports" / "kecamatan_map.py").read_text(encoding="utf-8"))
    imported = {alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import)
                for alias in node.names}
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported and imported <= set(sys.stdlib_module_names) | {"__future__"}


# -- shapes ---------------------------------------------------------------------------

def test_shapes_are_the_30_kecamatan_of_the_region_table():
    shapes = km.load_shapes()
    assert len(shapes) == 30
    assert {s.code: s.name for s in shapes} == registry()
    assert [s.code for s in shapes] == sorted(registry())
    for shape in shapes:
        assert shape.rings and all(len(ring) >= 4 and ring[0] == ring[-1] for ring in shape.rings)
        # Kota Bandung lies around 107.6 E, 6.9 S: longitude first, latitude second
        for lon, lat in (p for ring in shape.rings for p in ring):
            assert 107.5 < lon < 107.8 and -7.0 < lat < -6.8


def test_shapes_are_read_once():
    assert km.load_shapes() is km.load_shapes()
    assert km.load_shapes(ROOT / "data" / "kota_bandung_kecamatan.geojson") is km.load_shapes()


@pytest.mark.parametrize("width", [320, 640, 1200])
def test_every_path_lies_inside_the_view_box(width):
    root = parse(km.choropleth_svg(values_for(first_ten()), title="t", legend_title="l", no_data_label="n",
                                   width=width))
    x0, y0, w, h = map(float, root.get("viewBox").split())
    assert (x0, y0, w) == (0, 0, width) and root.get("width") == str(width)
    drawn = paths(root)
    assert set(drawn) == set(registry())
    for code, path in drawn.items():
        coords = numbers(path.get("d"))
        xs, ys = coords[0::2], coords[1::2]
        assert 0 <= min(xs) and max(xs) <= w, code
        assert 0 <= min(ys) and max(ys) <= h, code
    # the map fills the width it was given (less a margin under 3%)
    every_x = [x for p in drawn.values() for x in numbers(p.get("d"))[0::2]]
    assert max(every_x) - min(every_x) > 0.94 * width
    # legend below the map, inside the drawing
    assert all(0 < float(t.get("y")) <= h for t in root.iter(f"{SVG}text"))


def test_aspect_ratio_is_corrected_by_the_cosine_of_latitude():
    """Equirectangular with cos(lat): width/height of the drawn map = Δlon·cos(lat)/Δlat."""
    shapes = km.load_shapes()
    points = [p for s in shapes for ring in s.rings for p in ring]
    lons, lats = [p[0] for p in points], [p[1] for p in points]
    expected = (max(lons) - min(lons)) * math.cos(math.radians((max(lats) + min(lats)) / 2)) / (max(lats) - min(lats))
    root = parse(km.choropleth_svg([], title="t", legend_title="l", no_data_label="n", width=1000))
    coords = [numbers(p.get("d")) for p in root.iter(f"{SVG}path")]
    xs = [x for c in coords for x in c[0::2]]
    ys = [y for c in coords for y in c[1::2]]
    assert (max(xs) - min(xs)) / (max(ys) - min(ys)) == pytest.approx(expected, rel=0.002)


# -- classes --------------------------------------------------------------------------

@pytest.mark.parametrize("values, classes, expected", [
    (range(1, 11), 5, (2, 4, 6, 8, 10)),                  # 10 values, 2 per class
    ([10, 20, 30, 40, 50, 60, 70], 3, (30, 50, 70)),      # ranks ceil(7/3)=3, ceil(14/3)=5, 7
    ([5, 1, 3], 5, (1, 3, 5)),                            # fewer values than classes
    ([0] * 20 + list(range(1, 11)), 5, (0, 4, 10)),       # ties at the bottom merge classes
    ([7, 7, 7], 4, (7,)),
    ([], 5, ()),
    ([None, 2, None, 1], 2, (1, 2)),
])
def test_quantile_breaks_of_known_values(values, classes, expected):
    got = km.quantile_breaks([None if v is None else D(v) for v in values], classes)
    assert got == tuple(D(e) for e in expected)


def test_class_colours_are_viridis_darkest_first_and_reversed_when_higher_is_worse():
    assert km.class_colors(5) == FIVE
    assert km.class_colors(5, higher_is_worse=True) == tuple(reversed(FIVE))
    assert km.class_colors(2) == ("#440154", "#FDE725")
    assert km.class_colors(1) == ("#21918C",)
    assert len(set(km.class_colors(9))) == 9


def test_map_fills_each_kecamatan_by_its_class():
    root = parse(km.choropleth_svg(values_for(first_ten()), title="t", legend_title="l", no_data_label="n"))
    drawn = paths(root)
    for n in range(1, 11):
        # 1..10 in five quantile classes of two: 1-2, 3-4, ... -> class (n-1)//2
        path = drawn[f"32.73.{n:02d}"]
        assert path.get("fill") == FIVE[(n - 1) // 2], n
        assert path.get("data-class") == str((n - 1) // 2)


def test_no_value_and_missing_kecamatan_are_grey_no_data():
    numbers_ = first_ten()
    numbers_["32.73.11"] = None            # explicitly no data
    del numbers_["32.73.12"]               # not passed at all
    root = parse(km.choropleth_svg(values_for(numbers_), title="t", legend_title="l", no_data_label="Belum ada data"))
    drawn = paths(root)
    pattern = next(root.iter(f"{SVG}pattern"))
    for code in ("32.73.11", "32.73.12", "32.73.30"):
        assert drawn[code].get("fill") == f"url(#{pattern.get('id')})"
        assert drawn[code].get("data-class") == "none"
        assert drawn[code].find(f"{SVG}title").text.endswith(": Belum ada data")
    # the pattern is grey, not one of the class colours
    assert {el.get("fill") for el in pattern if el.get("fill")} == {km.NO_DATA_FILL}
    assert km.NO_DATA_FILL not in FIVE
    assert "Belum ada data" in texts(root)


def test_no_data_row_only_when_some_kecamatan_has_none():
    every = {code: D(i) for i, code in enumerate(sorted(registry()))}
    root = parse(km.choropleth_svg(values_for(every), title="t", legend_title="l", no_data_label="Belum ada data"))
    assert "Belum ada data" not in texts(root)
    assert all(p.get("data-class") != "none" for p in root.iter(f"{SVG}path"))


def test_higher_is_worse_makes_the_highest_class_darkest():
    kw = dict(title="t", legend_title="l", no_data_label="n")
    better = paths(parse(km.choropleth_svg(values_for(first_ten()), **kw)))
    worse = paths(parse(km.choropleth_svg(values_for(first_ten()), higher_is_worse=True, **kw)))
    assert better["32.73.01"].get("fill") == "#440154" and better["32.73.10"].get("fill") == "#FDE725"
    assert worse["32.73.01"].get("fill") == "#FDE725" and worse["32.73.10"].get("fill") == "#440154"


def test_legend_gives_each_class_the_range_of_its_values_and_the_scheme():
    root = parse(km.choropleth_svg(values_for(first_ten()), title="t", legend_title="Extreme poor share",
                                   no_data_label="No data", scheme_label="Kelas kuantil"))
    words = texts(root)
    assert words[:2] == ["Extreme poor share", "Kelas kuantil"]
    assert words[2:] == ["1% – 2%", "3% – 4%", "5% – 6%", "7% – 8%", "9% – 10%", "No data"]
    # the swatches, in the legend order: the five class colours, then the hatch
    legend = next(g for g in root.iter(f"{SVG}g") if g.get("class") == "kecamatan-legend")
    fills = [r.get("fill") for r in legend.iter(f"{SVG}rect")]
    assert fills[:5] == list(FIVE) and fills[5].startswith("url(#")


def test_default_legend_says_the_classes_are_quantiles():
    root = parse(km.choropleth_svg(values_for(first_ten()), title="t", legend_title="l", no_data_label="n"))
    assert any("Quantile" in t for t in texts(root))


def test_a_class_of_equal_values_shows_one_label():
    numbers_ = {"32.73.01": D(0), "32.73.02": D(0), "32.73.03": D(5)}
    words = texts(parse(km.choropleth_svg(values_for(numbers_), title="t", legend_title="l", no_data_label="n",
                                          scheme_label="s")))
    assert words[2:] == ["0%", "5%", "n"]


# -- links, escaping, accessibility ---------------------------------------------------

def test_each_path_is_linked_titled_and_escaped():
    hostile = [MapValue("32.73.01", 'Suka<sari> & "Co"', D(3), "3 < 4", "/trainees/?kecamatan=32.73.01&page=2"),
               MapValue("32.73.02", "Coblong", D(4), "4", 'javascript:alert("x")'),
               MapValue("32.73.03", "Babakan Ciparay", D(5), "5", None)]
    svg = km.choropleth_svg(hostile, title='Peta <b> & "x"', legend_title="A & B", no_data_label="<none>")
    assert "<b>" not in svg and "<none>" not in svg and "javascript" not in svg
    assert 'href="/trainees/?kecamatan=32.73.01&amp;page=2"' in svg
    root = parse(svg)                       # well-formed despite the names
    links = {a.find(f"{SVG}path").get("data-kecamatan"): a for a in root.iter(f"{SVG}a")}
    assert set(links) == {"32.73.01"}       # unsafe and missing hrefs draw no link
    assert links["32.73.01"].get("href") == "/trainees/?kecamatan=32.73.01&page=2"
    assert paths(root)["32.73.01"].find(f"{SVG}title").text == 'Suka<sari> & "Co": 3 < 4'
    assert root.find(f"{SVG}title").text == 'Peta <b> & "x"'


def test_svg_is_accessible_and_needs_no_script_or_inline_style():
    svg = km.choropleth_svg(values_for(first_ten()), title="Peta", legend_title="l", no_data_label="n")
    root = parse(svg)
    assert root.get("role") == "img"
    title, desc = root[0], root[1]
    assert (title.tag, desc.tag) == (f"{SVG}title", f"{SVG}desc")
    assert root.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert "Sukasari: 1%" in desc.text and "Mandalajati: n" in desc.text
    for el in root.iter():
        assert el.tag not in (f"{SVG}script", f"{SVG}style", f"{SVG}foreignObject")
        assert "style" not in el.attrib and not any(a.startswith("on") for a in el.attrib)
    assert not svg.startswith("<?xml")


def test_same_figures_give_the_same_bytes_and_other_figures_other_ids():
    kw = dict(title="t", legend_title="l", no_data_label="n")
    a = km.choropleth_svg(values_for(first_ten()), **kw)
    assert a == km.choropleth_svg(values_for(first_ten()), **kw)
    b = km.choropleth_svg(values_for(first_ten()), higher_is_worse=True, **kw)
    ids = lambda svg: {el.get("id") for el in parse(svg).iter() if el.get("id")}
    assert not ids(a) & ids(b)


@pytest.mark.parametrize("width, print_mm", [(640, 170), (360, 85), (1000, 170)])
def test_text_prints_at_least_eight_points(width, print_mm):
    for svg in (km.choropleth_svg(values_for(first_ten()), title="t", legend_title="l", no_data_label="n",
                                  width=width, print_mm=print_mm),
                km.ranked_bars_svg(values_for(first_ten()), title="t", width=width, print_mm=print_mm)):
        sizes = [float(t.get("font-size")) for t in parse(svg).iter(f"{SVG}text")]
        smallest_mm = min(sizes) * print_mm / width
        assert smallest_mm >= 2.45 and min(sizes) >= 12     # notes 2.5 mm (7 pt), labels 2.8 mm


# -- ranked bars ----------------------------------------------------------------------

def bar_rows(root: ET.Element) -> list[ET.Element]:
    return [g for g in root.iter(f"{SVG}g") if g.get("class") == "kecamatan-bar"]


def test_ranked_bars_highest_first_ties_by_name_no_data_last():
    numbers_ = {"32.73.01": D(5), "32.73.02": D("12.5"), "32.73.03": None, "32.73.04": D(5),
                "32.73.05": D(0), "32.73.06": None}
    root = parse(km.ranked_bars_svg(values_for(numbers_), title="Ranking"))
    order = [g.get("data-kecamatan") for g in bar_rows(root)]
    # Coblong 12.5; Bojongloa Kaler 5 and Sukasari 5 by name; Andir 0; then Babakan Ciparay, Cicendo (no data)
    assert order == ["32.73.02", "32.73.04", "32.73.01", "32.73.05", "32.73.03", "32.73.06"]
    names = [t.text for g in bar_rows(root) for t in g.iter(f"{SVG}text")][0::2]
    assert names == ["Coblong", "Bojongloa Kaler", "Sukasari", "Andir", "Babakan Ciparay", "Cicendo"]
    rows = parse(km.ranked_bars_svg(values_for(numbers_), title="Ranking", show_no_data=False))
    assert [g.get("data-kecamatan") for g in bar_rows(rows)] == ["32.73.02", "32.73.04", "32.73.01", "32.73.05"]


def test_bars_are_proportional_labelled_and_coloured_like_the_map():
    values = values_for(first_ten())
    root = parse(km.ranked_bars_svg(values, title="t", show_no_data=False))
    the_map = paths(parse(km.choropleth_svg(values, title="t", legend_title="l", no_data_label="n")))
    lengths = {}
    for group in bar_rows(root):
        code = group.get("data-kecamatan")
        bar = [r for r in group.iter(f"{SVG}rect") if r.get("fill") != "#FFFFFF"]
        assert len(bar) == 1
        assert bar[0].get("fill") == the_map[code].get("fill")
        lengths[code] = float(bar[0].get("width"))
        label = [t.text for t in group.iter(f"{SVG}text")][1]
        assert label == f"{int(code[-2:])}%"
        # the label starts after the end of the bar
        assert float(group.findall(f"{SVG}text")[1].get("x")) > float(bar[0].get("x")) + lengths[code]
    assert lengths["32.73.05"] / lengths["32.73.10"] == pytest.approx(0.5, abs=0.01)
    assert lengths["32.73.01"] / lengths["32.73.10"] == pytest.approx(0.1, abs=0.01)
    width = float(parse(km.ranked_bars_svg(values, title="t")).get("width"))
    assert all(float(r.get("x")) + float(r.get("width")) <= width for r in root.iter(f"{SVG}rect"))


def test_each_bar_is_linked_and_no_data_has_no_bar():
    values = values_for({"32.73.01": D(3), "32.73.02": None}) + [
        MapValue("32.73.03", "A<B", D(1), "1", "/trainees/?kecamatan=32.73.03&x=<y>")]
    svg = km.ranked_bars_svg(values, title="Bars & <more>")
    assert "&x=<y>" not in svg and "A<B" not in svg
    root = parse(svg)
    links = [(a.get("href"), a.find(f"{SVG}g").get("data-kecamatan")) for a in root.iter(f"{SVG}a")]
    assert links == [("/trainees/?kecamatan=32.73.01", "32.73.01"),
                     ("/trainees/?kecamatan=32.73.03&x=<y>", "32.73.03"),
                     ("/trainees/?kecamatan=32.73.02", "32.73.02")]
    no_data = bar_rows(root)[-1]
    assert no_data.get("data-class") == "none"
    assert [r.get("fill") for r in no_data.iter(f"{SVG}rect")] == ["#FFFFFF"]     # only the click target
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Bars & <more>"


# -- rendering ------------------------------------------------------------------------

def test_weasyprint_renders_both_svgs_inline():
    from reports.documents import html_to_pdf

    values = values_for(first_ten())
    the_map = km.choropleth_svg(values, title="Peta", legend_title="Persentase sangat miskin",
                                no_data_label="Tidak ada data", higher_is_worse=True)
    bars = km.ranked_bars_svg(values, title="Peringkat", higher_is_worse=True)
    # the documents' renderer: any URL other than data: would stop it (the links are not fetched)
    pdf = html_to_pdf(f"<html><body><h1>Uji</h1>{the_map}<div>{bars}</div></body></html>")
    text = re.sub(r"\s+", " ", "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
    for words in ("Persentase sangat miskin", "1% – 2%", "9% – 10%", "Tidak ada data", "Sukasari", "Astanaanyar 10%"):
        assert words in text
