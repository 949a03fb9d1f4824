"""Bulk import of trainees from a CSV file (``flask import-trainees``).

Three steps, each usable on its own:

``read_csv``     bytes -> header and rows with their line numbers; a file that cannot be
                 read as a trainee CSV raises ``ImportFileError`` (nothing is checked
                 row by row yet).
``check_rows``   every row parsed and checked by ``trainees.services.validate`` against
                 one ``Refs.load()``; NIKs checked for duplicates inside the file and, in
                 bulk, against the database. Returns an ``ImportPlan``.
``import_rows``  inserts the good rows through ``bulk_register`` in chunks. No commit:
                 the caller commits (or rolls back) the whole import as one transaction.

Messages here are plain English: the import is an operator's tool run from a shell.
"""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Callable, Iterable, Sequence

from sqlalchemy import select

from accounts.models import User
from extensions import db

from .models import Kecamatan, Kelurahan, PovertyStatus, Sector
from .services import BusinessData, Refs, TraineeData, ValidationFailed, bulk_register, existing_niks, validate

#: Header of an import file, in this order (``flask import-trainees --template``).
COLUMNS = (
    "nik", "full_name", "gender", "birth_date", "phone", "address", "rt", "rw", "kelurahan", "kecamatan",
    "household_size", "poverty_status", "welfare_decile", "joined_on", "consent_on", "mentor", "officer",
    "business_name", "business_sector", "business_started_on", "nib", "business_address", "business_description",
)
#: Columns the header must contain (a value may still be empty; validation decides).
REQUIRED_COLUMNS = (
    "nik", "full_name", "gender", "birth_date", "address", "rt", "rw", "kelurahan",
    "household_size", "poverty_status", "welfare_decile", "joined_on", "consent_on",
)
#: The column a reject file adds; ignored on input so a corrected reject file re-imports.
ERROR_COLUMN = "error"
CHUNK_SIZE = 2000

GENDERS = {
    "l": "M", "m": "M", "laki-laki": "M", "laki laki": "M", "lakilaki": "M", "pria": "M", "male": "M",
    "p": "F", "f": "F", "perempuan": "F", "wanita": "F", "female": "F",
}
POVERTY_STATUSES = {
    **{p.value: p.value for p in PovertyStatus},
    "extreme poor": "extreme_poor", "near poor": "near_poor", "near-poor": "near_poor",
    "sangat miskin": "extreme_poor", "miskin ekstrem": "extreme_poor", "miskin": "poor",
    "hampir miskin": "near_poor", "rentan": "vulnerable", "rentan miskin": "vulnerable",
}
SECTORS = {s.value for s in Sector}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y")

#: Where each field of TraineeData comes from in the file, to name it in messages.
FIELD_COLUMNS = {
    "born_on": "birth_date",
    "kelurahan_code": "kelurahan",
    "mentor_id": "mentor",
    "officer_id": "officer",
    "business.name": "business_name",
    "business.sector": "business_sector",
    "business.started_on": "business_started_on",
    "business.nib": "nib",
    "business.address": "business_address",
    "business.description": "business_description",
}


class ImportFileError(Exception):
    """The file as a whole cannot be imported (encoding, header, emptiness)."""


@dataclass
class CsvFile:
    header: list[str]  # as written in the file
    columns: list[str]  # normalised names, same order
    delimiter: str
    #: (line number of the row's first physical line, header = 1; the row's values)
    rows: list[tuple[int, list[str]]]


@dataclass
class BadRow:
    line: int
    values: list[str]
    #: column -> reason
    reasons: dict[str, str]

    def message(self) -> str:
        return "; ".join(f"{column}: {reason}" for column, reason in self.reasons.items())


@dataclass
class ImportPlan:
    good: list[TraineeData] = field(default_factory=list)
    bad: list[BadRow] = field(default_factory=list)
    #: Line numbers of rows whose NIK is already registered (skipped, not errors).
    already_registered: list[int] = field(default_factory=list)
    refs: Refs | None = None


def _normalise_column(name: str) -> str:
    return re.sub(r"[\s\-]+", "_", (name or "").strip().lower())


def template_header(delimiter: str = ",") -> str:
    return delimiter.join(COLUMNS)


def read_csv(data: bytes) -> CsvFile:
    """Decode and split an import file. UTF-8 (a BOM is tolerated); ``;`` or ``,``
    delimiter, whichever the header line uses more. Raises ImportFileError."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        raise ImportFileError(
            f"The file is not UTF-8 text (first bad byte on line {line}). "
            "Save it as 'CSV UTF-8' and try again."
        ) from None
    if not text.strip():
        raise ImportFileError("The file is empty.")
    first_line = text.lstrip("\r\n").split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
        while not any(cell.strip() for cell in header):
            header = next(reader)
    except StopIteration:
        raise ImportFileError("The file is empty.") from None
    except csv.Error as err:
        raise ImportFileError(f"The header line cannot be read as CSV: {err}.") from None
    header_line = reader.line_num
    columns = [_normalise_column(name) for name in header]
    _check_header(columns, header_line)
    rows = []
    line = header_line
    try:
        for values in reader:
            start, line = line + 1, reader.line_num
            if any(value.strip() for value in values):
                rows.append((start, values))
    except csv.Error as err:
        raise ImportFileError(f"Line {line + 1} cannot be read as CSV: {err}.") from None
    if not rows:
        raise ImportFileError("The file has a header but no data rows.")
    return CsvFile(header=header, columns=columns, delimiter=delimiter, rows=rows)


def _check_header(columns: list[str], line: int) -> None:
    known = set(COLUMNS) | {ERROR_COLUMN}
    problems = []
    unknown = [c or "(empty)" for c in columns if c not in known]
    if unknown:
        problems.append(f"unknown column(s): {', '.join(unknown)}")
    duplicated = sorted({c for c in columns if c and columns.count(c) > 1})
    if duplicated:
        problems.append(f"column(s) given twice: {', '.join(duplicated)}")
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    if missing:
        problems.append(f"missing required column(s): {', '.join(missing)}")
    if problems:
        raise ImportFileError(
            f"The header (line {line}) is not a trainee import header: {'; '.join(problems)}. "
            f"Expected columns: {', '.join(COLUMNS)} (see --template)."
        )


# --- Parsing one row ----------------------------------------------------------------


def _key(name: str) -> str:
    """Place names compared without case, spaces or punctuation ("Buah Batu" = "Buahbatu")."""
    return re.sub(r"[^0-9a-z]", "", (name or "").lower())


@dataclass
class _Lookups:
    """Everything a row refers to by name, loaded once."""

    kecamatan: dict[str, str]  # key of name or code -> kecamatan code
    kelurahan_by_code: dict[str, str]  # key of code -> kelurahan code
    kelurahan_by_name: dict[str, list[str]]  # key of name -> kelurahan codes
    kelurahan_kecamatan: dict[str, str]  # kelurahan code -> kecamatan code
    kecamatan_names: dict[str, str]  # kecamatan code -> name
    users: dict[str, int]  # username -> id

    @classmethod
    def load(cls) -> "_Lookups":
        kecamatan, names = {}, {}
        for code, name in db.session.execute(select(Kecamatan.code, Kecamatan.name)):
            kecamatan[_key(code)] = kecamatan[_key(name)] = code
            names[code] = name
        by_code, by_name, parent = {}, {}, {}
        for code, name, kec in db.session.execute(select(Kelurahan.code, Kelurahan.name, Kelurahan.kecamatan_code)):
            by_code[_key(code)] = code
            by_name.setdefault(_key(name), []).append(code)
            parent[code] = kec
        users = dict(db.session.execute(select(User.username, User.id)).all())
        return cls(kecamatan, by_code, by_name, parent, names, users)


def _date(value: str) -> date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(value, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _parse_row(row: dict[str, str], lookups: _Lookups) -> tuple[TraineeData, dict[str, str]]:
    """TraineeData from one row, plus column -> reason for values that could not be
    read. Unreadable values become None so that validation still reports the rest."""
    errors: dict[str, str] = {}

    def get(column: str) -> str:
        return (row.get(column) or "").strip()

    def date_or_none(column: str) -> date | None:
        value = get(column)
        if not value:
            return None
        try:
            return _date(value)
        except ValueError:
            errors[column] = f"{value!r} is not a date (use YYYY-MM-DD, DD/MM/YYYY or DD-MM-YYYY)"
            return None

    def int_or_none(column: str) -> int | None:
        value = get(column)
        if re.fullmatch(r"\d+(\.0+)?", value):  # "4.0" from a spreadsheet
            return int(value.split(".")[0])
        if value:
            errors[column] = f"{value!r} is not a whole number"
        return None

    def user_or_none(column: str) -> int | None:
        username = get(column).lower()
        if not username:
            return None
        if username not in lookups.users:
            errors[column] = f"no user with the username {username!r}"
        return lookups.users.get(username)

    gender_raw = get("gender")
    gender = GENDERS.get(gender_raw.lower(), gender_raw)
    if gender_raw and gender not in {"M", "F"}:
        errors["gender"] = f"{gender_raw!r} is not a gender (use L/P, M/F, laki-laki/perempuan)"

    status_raw = get("poverty_status")
    status = POVERTY_STATUSES.get(" ".join(status_raw.lower().replace("_", " ").split()), status_raw)
    if status_raw and status not in {p.value for p in PovertyStatus}:
        errors["poverty_status"] = (
            f"{status_raw!r} is not a poverty status (use extreme_poor, poor, near_poor, vulnerable "
            "or sangat miskin, miskin, hampir miskin, rentan)"
        )

    kelurahan_code = _resolve_kelurahan(get("kelurahan"), get("kecamatan"), lookups, errors)

    business = None
    business_values = [get(c) for c in COLUMNS if c.startswith("business_") or c == "nib"]
    if any(business_values):
        sector_raw = get("business_sector")
        sector = sector_raw.lower()
        if sector_raw and sector not in SECTORS:
            errors["business_sector"] = f"{sector_raw!r} is not a sector (use {', '.join(s.value for s in Sector)})"
        business_address = get("business_address")
        business = BusinessData(
            name=get("business_name"),
            sector=sector,
            started_on=date_or_none("business_started_on"),
            nib=get("nib") or None,
            at_home=not business_address,
            address=business_address or None,
            description=get("business_description") or None,
        )

    data = TraineeData(
        nik=get("nik").lstrip("'"),  # a leading apostrophe keeps spreadsheets from mangling the digits
        full_name=get("full_name"),
        gender=gender,
        born_on=date_or_none("birth_date"),
        phone=get("phone") or None,
        address=get("address"),
        rt=get("rt"),
        rw=get("rw"),
        kelurahan_code=kelurahan_code or "",
        household_size=int_or_none("household_size"),
        poverty_status=status,
        welfare_decile=int_or_none("welfare_decile"),
        joined_on=date_or_none("joined_on"),
        consent_on=date_or_none("consent_on"),
        mentor_id=user_or_none("mentor"),
        officer_id=user_or_none("officer"),
        business=business,
    )
    return data, errors


def _resolve_kelurahan(kelurahan: str, kecamatan: str, lookups: _Lookups, errors: dict[str, str]) -> str | None:
    """Kelurahan code from a name or code; the kecamatan (name or code) is optional
    unless the kelurahan name exists in more than one kecamatan."""
    kec_code = None
    if kecamatan:
        kec_code = lookups.kecamatan.get(_key(kecamatan))
        if kec_code is None:
            errors["kecamatan"] = f"{kecamatan!r} is not a kecamatan of Kota Bandung"
    if not kelurahan:
        return None  # validation reports the missing kelurahan
    code = lookups.kelurahan_by_code.get(_key(kelurahan))
    if code is None:
        candidates = lookups.kelurahan_by_name.get(_key(kelurahan), [])
        if kec_code is not None:
            candidates = [c for c in candidates if lookups.kelurahan_kecamatan[c] == kec_code]
        if len(candidates) == 1:
            return candidates[0]
        if not candidates:
            where = f" in kecamatan {lookups.kecamatan_names[kec_code]}" if kec_code else ""
            errors["kelurahan"] = f"{kelurahan!r} is not a kelurahan of Kota Bandung{where}"
            return None
        in_kecamatan = ", ".join(sorted(lookups.kecamatan_names[lookups.kelurahan_kecamatan[c]] for c in candidates))
        errors["kelurahan"] = f"{kelurahan!r} exists in several kecamatan ({in_kecamatan}); fill in the kecamatan column"
        return None
    if kec_code is not None and lookups.kelurahan_kecamatan[code] != kec_code:
        errors["kelurahan"] = f"{kelurahan!r} is not in kecamatan {lookups.kecamatan_names[kec_code]}"
        return None
    return code


# --- Checking and importing -----------------------------------------------------------


def check_rows(
    csv_file: CsvFile, *, today: date, progress: Callable[[int], None] | None = None
) -> ImportPlan:
    """Parse and validate every row; nothing is written.

    Rows whose NIK is already registered go to ``already_registered`` (the import is
    idempotent on NIK). A NIK given on several lines is an error on each of those lines:
    the file cannot tell which one is right. Queries: reference data once, the NIKs in
    bulk (chunks of 5,000), never one per row."""
    refs = Refs.load()
    lookups = _Lookups.load()
    columns = csv_file.columns
    width = len(columns)
    niks = [_nik_of(values, columns) for _, values in csv_file.rows]
    registered = existing_niks({nik for nik in niks if nik})
    lines_by_nik: dict[str, list[int]] = {}
    for (line, _), nik in zip(csv_file.rows, niks):
        if nik and nik not in registered:
            lines_by_nik.setdefault(nik, []).append(line)

    plan = ImportPlan(refs=refs)
    reported = 0
    for index, ((line, values), nik) in enumerate(zip(csv_file.rows, niks), start=1):
        if nik in registered:
            plan.already_registered.append(line)
        elif len(values) > width and any(v.strip() for v in values[width:]):
            plan.bad.append(BadRow(line, values, {"row": f"{len(values)} values but the header has {width} columns"}))
        else:
            data, errors = _parse_row(dict(zip(columns, values)), lookups)
            try:
                data = validate(data, refs=refs, today=today)
            except ValidationFailed as err:
                for name, reason in err.errors.items():
                    errors.setdefault(FIELD_COLUMNS.get(name, name), reason)
            others = [other for other in lines_by_nik.get(nik, ()) if other != line]
            if others:
                duplicate = f"the same NIK is also on line(s) {', '.join(map(str, others))}"
                errors["nik"] = f"{errors['nik']} Also, {duplicate}" if "nik" in errors else duplicate
            if errors:
                plan.bad.append(BadRow(line, values, _in_column_order(errors)))
            else:
                plan.good.append(data)
        if progress is not None and (index - reported >= 500 or index == len(niks)):
            progress(index - reported)
            reported = index
    return plan


def _nik_of(values: list[str], columns: list[str]) -> str:
    index = columns.index("nik")
    return values[index].strip().lstrip("'") if index < len(values) else ""


def _in_column_order(errors: dict[str, str]) -> dict[str, str]:
    order = {name: i for i, name in enumerate(COLUMNS)}
    return dict(sorted(errors.items(), key=lambda item: order.get(item[0], len(order))))


def import_rows(
    rows: Sequence[TraineeData],
    *,
    actor: User,
    refs: Refs,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Insert validated, NIK-unique rows (with their audit events). No commit."""
    for start in range(0, len(rows), chunk_size):
        chunk = rows[start : start + chunk_size]
        bulk_register(chunk, actor=actor, refs=refs)
        if progress is not None:
            progress(len(chunk))
    return len(rows)


def write_rejects(handle, csv_file: CsvFile, bad: Iterable[BadRow]) -> None:
    """The bad rows with their original columns and an ``error`` column, in the input's
    delimiter; an existing ``error`` column is overwritten, so a corrected reject file
    can be imported again as it is."""
    header = list(csv_file.header)
    error_index = csv_file.columns.index(ERROR_COLUMN) if ERROR_COLUMN in csv_file.columns else None
    if error_index is None:
        header.append(ERROR_COLUMN)
    writer = csv.writer(handle, delimiter=csv_file.delimiter)
    writer.writerow(header)
    width = len(csv_file.header)
    for row in bad:
        values = (row.values + [""] * width)[:width] if len(row.values) <= width else list(row.values)
        if error_index is None:
            writer.writerow(values[:width] + [row.message()] + values[width:])
        else:
            values[error_index] = row.message()
            writer.writerow(values)
