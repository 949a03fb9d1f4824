"""The programme dashboard (admin, officer; others 403): KPI cards with the previous
period, a table by kecamatan / gender / age band / poverty status / sector, sortable on
the server (``?sort=<figure>&dir=asc|desc``, links in the headers: works without
JavaScript), the Kota Bandung map and ranked bars coloured by a chosen figure (kecamatan
rows only; a click opens that kecamatan's trainees), and CSV/XLSX exports of both tables.

The figures come from ``reports.dashboard.cached_dashboard``: computed at most every
``DASHBOARD_CACHE_SECONDS`` (the page says when they were computed); ``?refresh=1``
recomputes them now. Wrong query parameters (a bad date, an unknown dimension, figure or
sort column) answer 400 with the reason on the page, never 500.

The views live on the reports blueprint (``reports.views.bp``); ``app.py`` imports this
module so that they register.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Iterator

from flask import current_app, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from markupsafe import Markup
from openpyxl import Workbook
from werkzeug.datastructures import MultiDict

import spreadsheets
from accounts.access import role_required
from extensions import local_today
from formatting import format_rupiah

from . import dashboard as figures
from . import kecamatan_map
from . import services
from .forms import DashboardFilterForm
from .views import STAFF, bp

today = local_today


def now() -> datetime:
    """The current moment (aware, UTC); tests pin it."""
    return datetime.now(timezone.utc)


#: The period shown when none is given: the last three full months and this one so far.
DEFAULT_MONTHS_BACK = 3

#: The table's columns (Row attributes; label and kind from ``reports.dashboard.FIGURES``).
TABLE_FIGURES = ("trainees", "new_trainees", "graduated", "extreme_poor_share", "completion_rate",
                 "loans_disbursed", "amount_disbursed", "principal_outstanding", "par30", "repayment_rate",
                 "sessions_per_trainee_month", "mandiri_share", "sla_compliance")
#: Shown on a phone too, where each row is a card with these figures only.
PHONE_COLUMNS = {"trainees", "extreme_poor_share", "loans_disbursed", "par30", "repayment_rate"}
#: Every figure of a row: (attribute, label, kind), in the rows export (bands follow).
EXPORT_FIGURES = tuple(figures.FIGURES)
COLUMNS = tuple(f for name in TABLE_FIGURES for f in EXPORT_FIGURES if f[0] == name)
#: Columns the table may be sorted by: the name, and every figure of a row.
SORT_KEYS = ("label", *(name for name, _label, _kind in EXPORT_FIGURES))
DIMENSION_LABELS = figures.DIMENSION_LABELS
TABLES = ("kpis", "rows")


# --- Formatting -----------------------------------------------------------------------


def format_figure(value, kind: str) -> str:
    """A figure as the page shows it: counts ``1.234``, money ``Rp 1.500.000``, percent
    ``12,5%`` (at most 2 places), rates ``1,25``; "—" when there is none (no base)."""
    if value is None:
        return "—"
    if kind == "money":
        return format_rupiah(value)
    if kind == "percent":
        return format_decimal(value, format="#,##0.##") + "%"
    if kind == "rate":
        return format_decimal(value, format="#,##0.##")
    return format_decimal(value, format="#,##0")


bp.add_app_template_filter(format_figure, "dashboard_figure")


def change_text(kpi) -> str:
    """The change from the previous period: percentage points for percentages, else
    percent of the previous value (as ``KPI.change``), signed; "—" when none."""
    if kpi.change is None:
        return "—"
    sign = "+" if kpi.change > 0 else ("−" if kpi.change < 0 else "±")
    number = format_decimal(abs(kpi.change), format="#,##0.##")
    if _change_unit(kpi) == "pp":
        return _("%(sign)s%(n)s points", sign=sign, n=number)
    return f"{sign}{number}%"


def _change_unit(kpi) -> str:
    """"pp" (percentage points: percentages) or "%" (relative change: the others)."""
    return getattr(kpi, "change_unit", None) or ("pp" if kpi.kind == "percent" else "%")


def change_tone(kpi) -> str:
    """``good``, ``bad`` or ``same``: the change's direction against the KPI's ``better``."""
    if not kpi.change:
        return "same"
    return "good" if (kpi.change > 0) == (kpi.better == "up") else "bad"


# --- The query string -----------------------------------------------------------------


def default_period(day: date) -> tuple[date, date]:
    """The first day of the month ``DEFAULT_MONTHS_BACK`` months before ``day``'s, to ``day``."""
    month = day.month - DEFAULT_MONTHS_BACK
    year = day.year + (month - 1) // 12
    return date(year, (month - 1) % 12 + 1, 1), day


def _default_figure() -> str:
    return "extreme_poor_share" if "extreme_poor_share" in figures.MAP_FIGURES else next(iter(figures.MAP_FIGURES))


def _form() -> DashboardFilterForm:
    """The filters from the query string; missing or empty ones take their defaults."""
    args = MultiDict(request.args)
    start, end = default_period(today())
    defaults = {"start": start.isoformat(), "end": end.isoformat(), "dimension": "kecamatan",
                "figure": _default_figure(), "sort": "", "dir": "desc"}
    for name, default in defaults.items():
        if not args.get(name, "").strip():
            args[name] = default
    form = DashboardFilterForm(formdata=args)
    form.dimension.choices = [(d, DIMENSION_LABELS.get(d, d)) for d in figures.DIMENSIONS]
    form.figure.choices = [(key, label) for key, (label, _kind, _worse) in figures.MAP_FIGURES.items()]
    form.sort.choices = [("", _l("As listed")), *((key, key) for key in SORT_KEYS)]
    form.dir.choices = [("asc", _l("Ascending")), ("desc", _l("Descending"))]
    return form


def _dashboard_or_none(form: DashboardFilterForm):
    """The figures for a valid form (cached unless ``?refresh=1``), else None."""
    if not form.validate():
        return None
    max_age = current_app.config.get("DASHBOARD_CACHE_SECONDS", 300)
    # ?refresh=1: recomputed now and kept, so the next visits (within the cache period) see these
    return figures.cached_dashboard(form.start.data, form.end.data, as_of=today(), dimension=form.dimension.data,
                                    now=now(), max_age_seconds=max_age, refresh=request.args.get("refresh") == "1")


def _args(form: DashboardFilterForm, **overrides) -> dict:
    """The page's query string (without ``refresh``), for links that keep the filters."""
    args = {"start": form.start.data.isoformat(), "end": form.end.data.isoformat(),
            "dimension": form.dimension.data, "figure": form.figure.data,
            "sort": form.sort.data, "dir": form.dir.data}
    args.update(overrides)
    return {k: v for k, v in args.items() if v}


def sorted_rows(rows: list, key: str, direction: str) -> list:
    """The rows sorted by ``key`` (a Row attribute or "label"); rows without a value
    (None: no base for a rate) always last; ties keep the service's order."""
    if not key:
        return list(rows)
    present = [r for r in rows if getattr(r, key) is not None]
    missing = [r for r in rows if getattr(r, key) is None]
    if key == "label":
        present.sort(key=lambda r: str(r.label).casefold(), reverse=direction == "desc")
    else:
        present.sort(key=lambda r: getattr(r, key), reverse=direction == "desc")
    return present + missing


# --- The map --------------------------------------------------------------------------


def map_values(rows, figure: str, *, link: bool = True) -> list:
    """``kecamatan_map.MapValue`` of each kecamatan row for ``figure``; each links to the
    trainee list of that kecamatan (``link``)."""
    kind = figures.MAP_FIGURES[figure][1]
    return [kecamatan_map.MapValue(code=row.key, name=str(row.label), value=getattr(row, figure),
                                   label=format_figure(getattr(row, figure), kind),
                                   href=url_for("trainees.index", kecamatan=row.key) if link else None)
            for row in rows if row.key]


@dataclass(frozen=True)
class MapPanel:
    figure: str
    label: str
    map_svg: Markup
    bars_svg: Markup


def map_panel(board, figure: str) -> MapPanel | None:
    """The map and the ranked bars (inline SVG), for kecamatan rows only."""
    if board.dimension != "kecamatan":
        return None
    label, _kind, higher_is_worse = figures.MAP_FIGURES[figure]
    values = map_values(board.rows, figure)
    map_svg = kecamatan_map.choropleth_svg(
        values, title=_("Kota Bandung by kecamatan: %(figure)s", figure=label), legend_title=str(label),
        no_data_label=_("No data"), higher_is_worse=higher_is_worse, width=MAP_WIDTH)
    bars_svg = kecamatan_map.ranked_bars_svg(values, title=_("%(figure)s, highest first", figure=label),
                                             higher_is_worse=higher_is_worse, show_no_data=False)
    return MapPanel(figure=figure, label=str(label), map_svg=Markup(_fluid(map_svg)),
                    bars_svg=Markup(_fluid(bars_svg)))


_ROOT_CLASS = re.compile(r'^(<svg\b[^>]*?\bclass=")')


def _fluid(svg: str) -> str:
    """The drawing at its natural size, but never wider than its card (Bootstrap's
    ``mw-100 h-auto``; the viewBox keeps the proportions): a 360 px phone never scrolls
    sideways."""
    return _ROOT_CLASS.sub(r"\1mw-100 h-auto ", svg, count=1)


#: The map's width in SVG units: its natural width on a desktop; on a phone it shrinks
#: to ~340 px, where its 12-unit legend text is still ~8.5 px.
MAP_WIDTH = 480


# --- Pages ----------------------------------------------------------------------------


def _page(form, board, status=200):
    context = {"form": form, "board": board, "columns": COLUMNS, "phone_columns": PHONE_COLUMNS,
               "bands": services.BAND_KEYS, "dimension_labels": DIMENSION_LABELS,
               "change_text": change_text, "change_tone": change_tone}
    if board is not None:
        context.update(
            args=_args(form), rows=sorted_rows(board.rows, form.sort.data, form.dir.data),
            panel=map_panel(board, form.figure.data),
            sort_url=lambda key: _sort_url(form, key), aria_sort=lambda key: _aria_sort(form, key),
            cache_minutes=max(1, round(board.cache_seconds / 60)) if board.cache_seconds else 0)
    return render_template("reports/dashboard.html", **context), status


def _sort_url(form, key: str) -> str:
    """The header link: sorts by ``key``, the other way round when it is sorted already
    (figures start highest first, names A to Z)."""
    if form.sort.data == key:
        direction = "asc" if form.dir.data == "desc" else "desc"
    else:
        direction = "asc" if key == "label" else "desc"
    return url_for("reports.dashboard", **_args(form, sort=key, dir=direction))


def _aria_sort(form, key: str) -> str | None:
    if form.sort.data != key:
        return None
    return "ascending" if form.dir.data == "asc" else "descending"


@bp.get("/dashboard")
@role_required(*STAFF)
def dashboard():
    form = _form()
    board = _dashboard_or_none(form)
    return _page(form, board, 200 if board is not None else 400)


# --- Exports --------------------------------------------------------------------------


def _kpi_table(board) -> tuple[list[str], list[list]]:
    """One line per KPI: this period, the previous one and the change (as on the cards)."""
    header = ["figure", "label", "kind", "period_start", "period_end", "value", "previous_start",
              "previous_end", "previous", "change", "change_unit", "better"]
    lines = [[k.key, str(k.label), k.kind, board.start, board.end, k.value, board.previous_start,
              board.previous_end, k.previous, k.change, _change_unit(k), k.better]
             for k in board.kpis]
    return header, lines


def _rows_table(board, rows) -> tuple[list[str], list[list]]:
    """One line per row of the dimension (in the page's order), then the total."""
    header = ["dimension", "key", "label", *(name for name, _label, _kind in EXPORT_FIGURES),
              *(f"band_{b}" for b in services.BAND_KEYS)]

    def line(row, key, label):
        return [board.dimension, key, label, *(getattr(row, name) for name, _label, _kind in EXPORT_FIGURES),
                *(row.bands.get(b, 0) for b in services.BAND_KEYS)]

    lines = [line(row, row.key or "", str(row.label)) for row in rows]
    lines.append(line(board.totals, "", _("Total")))
    return header, lines


def _cells(values: list) -> list:
    return ["" if v is None else (v.isoformat() if isinstance(v, date) else v) for v in values]


def _csv(header, lines) -> Iterator[str]:
    buffer = io.StringIO()
    buffer.write("\ufeff")  # UTF-8 BOM: spreadsheet programs then read the names right
    writer = csv.writer(buffer)
    writer.writerow(header)
    for values in lines:
        writer.writerow([spreadsheets.csv_cell(v) for v in _cells(values)])
    yield buffer.getvalue()


def _xlsx(sheet_name: str, header, lines) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(sheet_name)
    sheet.append(header)
    for values in lines:
        sheet.append([spreadsheets.xlsx_cell(sheet, v) for v in _cells(values)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


@bp.get("/dashboard.<any(csv, xlsx):fmt>")
@role_required(*STAFF)
def dashboard_export(fmt):
    form = _form()
    table = request.args.get("table") or "rows"
    if table in TABLES:
        board = _dashboard_or_none(form)
    else:
        form.validate()
        form.form_errors.append(_("Unknown table: choose kpis or rows."))
        board = None
    if board is None:
        return _page(form, None, 400)
    if table == "kpis":
        header, lines = _kpi_table(board)
        sheet = _("Key figures")
    else:
        header, lines = _rows_table(board, sorted_rows(board.rows, form.sort.data, form.dir.data))
        sheet = str(DIMENSION_LABELS.get(board.dimension, board.dimension))
    basename = f"dashboard-{table}-{board.dimension}-{board.start.isoformat()}-{board.end.isoformat()}"
    if fmt == "csv":
        return spreadsheets.download("csv", basename=basename, csv_chunks=_csv(header, lines))
    return spreadsheets.download("xlsx", basename=basename, xlsx=_xlsx(sheet[:31], header, lines))
