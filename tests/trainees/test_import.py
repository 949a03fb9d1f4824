"""``flask import-trainees``: all-or-nothing by default, --skip-bad with a reject file,
idempotent on NIK, and clear exit code 2 for files it cannot read."""
from __future__ import annotations

import csv
from datetime import date

import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent, Role
from extensions import db
from trainees import importer
from trainees.identity import build_nik
from trainees.models import Kecamatan, Kelurahan, Trainee


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


def make_rows(n: int, *, mentor: str = "", officer: str = "") -> list[dict[str, str]]:
    """``n`` valid rows in the spellings field staff use (L/P, Indonesian poverty
    words, kelurahan by name with its kecamatan, mixed date formats)."""
    places = db.session.execute(
        select(Kelurahan.name, Kecamatan.name, Kelurahan.kecamatan_code).join(Kecamatan).order_by(Kelurahan.code)
    ).all()
    statuses = ("sangat miskin", "miskin", "hampir miskin", "rentan", "poor")
    rows = []
    for i in range(n):
        kelurahan, kecamatan, kecamatan_code = places[i % len(places)]
        gender = "P" if i % 3 else "L"
        born_on = date(1970 + i % 30, 1 + i % 12, 1 + i % 28)
        rows.append({
            "nik": build_nik("3273" + kecamatan_code[-2:], born_on, "F" if gender == "P" else "M", i + 1),
            "full_name": f"Peserta Impor {i}",
            "gender": gender,
            "birth_date": born_on.strftime("%d/%m/%Y" if i % 2 else "%Y-%m-%d"),
            "phone": f"0812{i:08d}" if i % 5 else "",
            "address": f"Jl. Cikutra No. {i}",
            "rt": str(1 + i % 9),
            "rw": str(1 + i % 7),
            "kelurahan": kelurahan,
            "kecamatan": kecamatan,
            "household_size": str(1 + i % 8),
            "poverty_status": statuses[i % len(statuses)],
            "welfare_decile": str(1 + i % 4),
            "joined_on": "2025-03-01",
            "consent_on": "01-03-2025",
            "mentor": mentor,
            "officer": officer,
            "business_name": f"Warung {i}" if i % 4 else "",
            "business_sector": "retail" if i % 4 else "",
            "business_started_on": "2020-06-15" if i % 4 else "",
            "nib": "",
            "business_address": "Pasar Kosambi Blok A No. 3" if i % 8 == 1 else "",
            "business_description": "",
        })
    return rows


def write_csv(path, rows, *, delimiter=",", columns=importer.COLUMNS, encoding="utf-8"):
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns, delimiter=delimiter, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.fixture
def admin(factory):
    return factory.admin


def test_one_bad_nik_in_1000_rows_imports_nothing_and_names_its_line(runner, admin, tmp_path):
    rows = make_rows(1000)
    bad_index = 617
    rows[bad_index]["nik"] = rows[bad_index]["nik"][:15]  # 15 digits
    path = write_csv(tmp_path / "peserta.csv", rows)

    result = runner.invoke(args=["import-trainees", str(path)])

    assert result.exit_code == 1, result.output
    bad_line = bad_index + 2  # the header is line 1
    assert f"line {bad_line}: nik:" in result.output
    assert sum(1 for line in result.output.splitlines() if line.startswith("line ")) == 1
    assert _count(Trainee) == 0
    assert not (tmp_path / "peserta.rejects.csv").exists()


def test_skip_bad_imports_the_good_rows_and_writes_the_reject_file(runner, admin, tmp_path):
    rows = make_rows(1000)
    rows[41]["nik"] = rows[41]["nik"][:12] + "0000"  # serial 0000 is never issued
    path = write_csv(tmp_path / "peserta.csv", rows)

    result = runner.invoke(args=["import-trainees", str(path), "--skip-bad"])

    assert result.exit_code == 0, result.output
    assert "Imported: 999" in result.output and "rejected: 1" in result.output
    assert _count(Trainee) == 999
    assert _count(AuditEvent, AuditEvent.action == "trainee.created") == 999
    with (tmp_path / "peserta.rejects.csv").open(encoding="utf-8-sig", newline="") as handle:
        rejects = list(csv.DictReader(handle))
    assert len(rejects) == 1
    assert rejects[0]["nik"] == rows[41]["nik"]
    assert rejects[0]["full_name"] == rows[41]["full_name"]
    assert rejects[0]["error"].startswith("nik:")


def test_reject_file_once_corrected_imports_as_it_is(runner, admin, tmp_path):
    rows = make_rows(20)
    good_nik = rows[3]["nik"]
    rows[3]["nik"] = "32730"
    path = write_csv(tmp_path / "peserta.csv", rows)
    rejects = tmp_path / "salah.csv"
    assert runner.invoke(args=["import-trainees", str(path), "--skip-bad", "--reject-file", str(rejects)]).exit_code == 0

    rejects.write_text(rejects.read_text(encoding="utf-8-sig").replace("\n32730,", f"\n{good_nik},"), encoding="utf-8-sig")
    result = runner.invoke(args=["import-trainees", str(rejects)])

    assert result.exit_code == 0, result.output
    assert _count(Trainee) == 20


def test_reimporting_the_same_file_skips_registered_niks(runner, admin, tmp_path):
    path = write_csv(tmp_path / "peserta.csv", make_rows(300))
    assert runner.invoke(args=["import-trainees", str(path)]).exit_code == 0
    events = _count(AuditEvent)

    result = runner.invoke(args=["import-trainees", str(path)])

    assert result.exit_code == 0, result.output
    assert "Imported: 0; already registered (skipped): 300; rejected: 0." in result.output
    assert _count(Trainee) == 300
    assert _count(AuditEvent) == events


def test_rows_are_parsed_from_the_field_spellings(runner, factory, admin, tmp_path):
    mentor = factory.user(Role.MENTOR, username="mentor_ujang")
    officer = factory.user(Role.OFFICER, username="officer_rina")
    rows = make_rows(8, mentor="Mentor_Ujang", officer="officer_rina")
    rows[0]["kelurahan"], rows[0]["kecamatan"] = "32.73.02.1003", ""
    # A semicolon file with a BOM, as Excel writes "CSV UTF-8" in Indonesian locales.
    path = write_csv(tmp_path / "peserta.csv", rows, delimiter=";", encoding="utf-8-sig")

    result = runner.invoke(args=["import-trainees", str(path), "--actor", admin.username])

    assert result.exit_code == 0, result.output
    by_name = {t.full_name: t for t in db.session.scalars(select(Trainee))}
    first, second = by_name["Peserta Impor 0"], by_name["Peserta Impor 1"]
    assert (first.gender, first.kelurahan_code, first.kecamatan_code) == ("M", "32.73.02.1003", "32.73.02")
    assert first.poverty_status == "extreme_poor" and first.business is None
    assert (second.gender, second.born_on, second.poverty_status) == ("F", date(1971, 2, 2), "poor")
    assert second.consent_on == date(2025, 3, 1) and second.rt == "002"
    assert second.business.at_home is False and second.business.address == "Pasar Kosambi Blok A No. 3"
    assert {t.mentor_id for t in by_name.values()} == {mentor.id}
    assert {t.officer_id for t in by_name.values()} == {officer.id}
    assert all(t.consent_recorded_by_id == admin.id for t in by_name.values())


def test_every_reason_of_every_bad_row_is_reported(runner, admin, tmp_path):
    rows = make_rows(6)
    rows[1].update(gender="X", birth_date="31/02/1980", kelurahan="Atlantis", mentor="nobody")
    rows[4]["nik"] = rows[2]["nik"]
    rows[5].update(poverty_status="kaya", business_sector="mining", household_size="empat")
    path = write_csv(tmp_path / "peserta.csv", rows)

    result = runner.invoke(args=["import-trainees", str(path)])

    assert result.exit_code == 1
    lines = {line.split(":")[0]: line for line in result.output.splitlines() if line.startswith("line ")}
    assert set(lines) == {"line 3", "line 4", "line 6", "line 7"}
    for column in ("gender:", "birth_date:", "kelurahan:", "mentor:"):
        assert column in lines["line 3"]
    assert "line(s) 6" in lines["line 4"] and "line(s) 4" in lines["line 6"]
    for column in ("household_size:", "poverty_status:", "business_sector:"):
        assert column in lines["line 7"]
    assert _count(Trainee) == 0


def test_an_ambiguous_kelurahan_name_needs_its_kecamatan():
    lookups = importer._Lookups(
        kecamatan={"sukasari": "32.73.01", "coblong": "32.73.02"},
        kelurahan_by_code={},
        kelurahan_by_name={"sukaluyu": ["32.73.01.1009", "32.73.02.1009"]},
        kelurahan_kecamatan={"32.73.01.1009": "32.73.01", "32.73.02.1009": "32.73.02"},
        kecamatan_names={"32.73.01": "Sukasari", "32.73.02": "Coblong"},
        users={},
    )
    errors: dict[str, str] = {}
    assert importer._resolve_kelurahan("Sukaluyu", "", lookups, errors) is None
    assert "Coblong, Sukasari" in errors["kelurahan"] and "kecamatan" in errors["kelurahan"]
    assert importer._resolve_kelurahan("SUKALUYU", "Coblong", lookups, {}) == "32.73.02.1009"


@pytest.mark.parametrize(
    "content, message",
    [
        (b"", "empty"),
        (b"\n\n", "empty"),
        (",".join(importer.COLUMNS).encode() + b"\n", "no data rows"),
        ("nik,full_name,alamat\n1,Ani,Jl. Asia Afrika\n".encode(), "unknown column(s): alamat"),
        (",".join(c for c in importer.COLUMNS if c != "consent_on").encode() + b"\n1\n", "missing required column(s): consent_on"),
        (",".join(importer.COLUMNS).encode() + "\n3273,Ujang Sup\u00e9r\n".encode("cp1252"), "not UTF-8 text (first bad byte on line 2)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8"),
    ],
    ids=["empty", "blank-lines", "header-only", "unknown-column", "missing-column", "latin-1", "binary"],
)
def test_a_file_that_is_not_a_trainee_csv_exits_2_with_a_message(runner, admin, tmp_path, content, message):
    path = tmp_path / "peserta.csv"
    path.write_bytes(content)

    result = runner.invoke(args=["import-trainees", str(path)])

    assert result.exit_code == 2, result.output
    assert message in result.output
    assert "Traceback" not in result.output
    assert isinstance(result.exception, SystemExit)


def test_import_without_an_admin_exits_2(runner, tmp_path):
    path = write_csv(tmp_path / "peserta.csv", make_rows(1))
    result = runner.invoke(args=["import-trainees", str(path)])
    assert result.exit_code == 2
    assert "no enabled admin" in result.output


def test_a_mentor_cannot_be_the_actor(runner, factory, admin, tmp_path):
    mentor = factory.user(Role.MENTOR)
    path = write_csv(tmp_path / "peserta.csv", make_rows(1))
    result = runner.invoke(args=["import-trainees", str(path), "--actor", mentor.username])
    assert result.exit_code == 2
    assert _count(Trainee) == 0


def test_template_is_a_header_the_importer_accepts(runner):
    result = runner.invoke(args=["import-trainees", "--template"])
    assert result.exit_code == 0
    header = result.output.strip()
    assert header.split(",") == list(importer.COLUMNS)
    parsed = importer.read_csv((header + "\n" + "," * (len(importer.COLUMNS) - 1) + "x\n").encode())
    assert parsed.columns == list(importer.COLUMNS) and parsed.delimiter == ","


def test_line_numbers_count_physical_lines_of_multiline_cells():
    text = ",".join(importer.COLUMNS) + '\n1,"Ani\nSiti"\n\n2,Budi\n'
    parsed = importer.read_csv(text.encode())
    assert [line for line, _ in parsed.rows] == [2, 5]
