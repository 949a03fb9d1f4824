"""CSV/XLSX helpers shared by every export (trainee list, loan portfolio): cells that
spreadsheet programs will not run as formulas, and the download response."""
from __future__ import annotations

from typing import Iterable

from flask import Response, stream_with_context
from openpyxl.cell import WriteOnlyCell

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_cell(value):
    """A CSV value with formula injection neutralised: text starting with = + - @ gets a
    leading apostrophe, except signed numbers such as phone numbers (+62...)."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@") and not value[1:].replace(" ", "").isdigit():
        return "'" + value
    return value


def xlsx_cell(sheet, value):
    """openpyxl stores any string starting with "=" as a formula; force text instead,
    so a name like '=HYPERLINK(...)' stays a name (formula injection)."""
    if not isinstance(value, str):
        return value
    cell = WriteOnlyCell(sheet, value)
    cell.data_type = "s"
    return cell


def download(fmt: str, *, basename: str, csv_chunks: Iterable[str] | None = None, xlsx: bytes | None = None) -> Response:
    """An attachment response: streamed CSV, or an XLSX workbook's bytes."""
    if fmt == "csv":
        return Response(
            stream_with_context(csv_chunks),
            mimetype="text/csv; charset=utf-8",
            headers={"Content-Disposition": f'attachment; filename="{basename}.csv"'},
        )
    return Response(
        xlsx, mimetype=XLSX_MIMETYPE, headers={"Content-Disposition": f'attachment; filename="{basename}.xlsx"'}
    )
