"""CSV and XLSX export of a (filtered, visibility-restricted) trainee query."""
from __future__ import annotations

import csv
import io
from typing import Iterator

from flask_babel import gettext as _
from openpyxl import Workbook
from sqlalchemy import Select
from sqlalchemy.orm import aliased

from accounts.models import User
from extensions import db
from spreadsheets import csv_cell, xlsx_cell

from .models import Business, Kecamatan, Kelurahan, PovertyStatus, Sector, Trainee

COLUMNS = (
    "nik", "full_name", "gender", "born_on", "phone", "address", "rt", "rw", "kelurahan", "kecamatan",
    "household_size", "poverty_status", "welfare_decile", "joined_on", "consent_on", "mentor", "officer",
    "business_name", "business_sector", "business_started_on", "nib",
)


def _rows(query: Select) -> Iterator[tuple]:
    """One tuple per trainee, in COLUMNS order; one streaming query, no N+1."""
    mentor, officer = aliased(User), aliased(User)
    stmt = (
        query.with_only_columns(
            Trainee.nik, Trainee.full_name, Trainee.gender, Trainee.born_on, Trainee.phone, Trainee.address,
            Trainee.rt, Trainee.rw, Kelurahan.name, Kecamatan.name, Trainee.household_size,
            Trainee.poverty_status, Trainee.welfare_decile, Trainee.joined_on, Trainee.consent_on,
            mentor.username, officer.username, Business.name, Business.sector, Business.started_on, Business.nib,
            maintain_column_froms=True,
        )
        .join(Kelurahan, Kelurahan.code == Trainee.kelurahan_code)
        .join(Kecamatan, Kecamatan.code == Trainee.kecamatan_code)
        .outerjoin(mentor, mentor.id == Trainee.mentor_id)
        .outerjoin(officer, officer.id == Trainee.officer_id)
        .outerjoin(Business, Business.trainee_id == Trainee.id)
        .execution_options(yield_per=2000)
    )
    for row in db.session.execute(stmt):
        yield tuple(row)


def _display(row: tuple) -> list:
    values = list(row)
    values[COLUMNS.index("poverty_status")] = str(PovertyStatus(values[COLUMNS.index("poverty_status")]).label)
    sector = values[COLUMNS.index("business_sector")]
    if sector:
        values[COLUMNS.index("business_sector")] = str(Sector(sector).label)
    return ["" if v is None else v for v in values]


def csv_chunks(query: Select) -> Iterator[str]:
    """Stream CSV text (UTF-8 with BOM so spreadsheet programs read it right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    buffer.write("\ufeff")
    writer.writerow(COLUMNS)
    for i, row in enumerate(_rows(query), 1):
        values = _display(row)
        # Keep the NIK as text in spreadsheets and neutralise formula injection.
        writer.writerow([csv_cell(v) for v in values])
        if i % 1000 == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def xlsx_bytes(query: Select) -> bytes:
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Trainees"))
    sheet.append(list(COLUMNS))
    for row in _rows(query):
        sheet.append([xlsx_cell(sheet, v) for v in _display(row)])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
