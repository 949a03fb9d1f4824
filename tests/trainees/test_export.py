"""CSV and XLSX export: the rows the user may see under the current filters, safely."""
from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from openpyxl import load_workbook

from accounts.models import Role
from trainees.export import COLUMNS


def read_csv(response) -> list[dict]:
    assert response.status_code == 200
    assert response.mimetype == "text/csv"
    body = response.get_data()
    assert body.startswith("\ufeff".encode())  # BOM: Excel reads the file as UTF-8
    return list(csv.DictReader(io.StringIO(body.decode("utf-8-sig"))))


def read_xlsx(response):
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.get_data())).active
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return header, [dict(zip(header, row)) for row in rows[1:]]


@pytest.fixture
def registry(factory):
    mentor, other_mentor = factory.user(Role.MENTOR), factory.user(Role.MENTOR)
    people = {
        "ani": factory.trainee(full_name="Ani Suryani", kelurahan_code="32.73.01.1001", mentor_id=mentor.id),
        "budi": factory.trainee(full_name="Budi Santoso", kelurahan_code="32.73.02.1004", mentor_id=mentor.id,
                                poverty_status="extreme_poor"),
        "cici": factory.trainee(full_name="Cici Lestari", kelurahan_code="32.73.02.1004",
                                mentor_id=other_mentor.id),
        "dedi": factory.trainee(full_name="Dedi Kurnia", kelurahan_code="32.73.01.1002", business=None),
    }
    return dict(people=people, mentor=mentor, other_mentor=other_mentor)


def test_csv_has_every_visible_trainee_once_with_its_details(client, login, registry):
    login("admin")
    rows = read_csv(client.get("/trainees/export.csv"))
    assert list(rows[0].keys()) == list(COLUMNS)
    by_nik = {r["nik"]: r for r in rows}
    assert len(rows) == len(by_nik) == 4
    ani = registry["people"]["ani"]
    row = by_nik[ani.nik]
    assert row["full_name"] == "Ani Suryani"
    assert row["kelurahan"] == "Sukarasa" and row["kecamatan"] == "Sukasari"
    assert row["mentor"] == registry["mentor"].username
    assert row["born_on"] == ani.born_on.isoformat()
    assert row["business_name"] == ani.business.name
    assert by_nik[registry["people"]["dedi"].nik]["business_name"] == ""  # no business, still listed


def test_csv_follows_the_list_filters(client, login, registry):
    login("officer")
    rows = read_csv(client.get("/trainees/export.csv", query_string={"kecamatan": "32.73.02"}))
    assert {r["full_name"] for r in rows} == {"Budi Santoso", "Cici Lestari"}
    rows = read_csv(client.get("/trainees/export.csv", query_string={"kecamatan": "32.73.02",
                                                                     "poverty_status": "extreme_poor"}))
    assert [r["full_name"] for r in rows] == ["Budi Santoso"]
    rows = read_csv(client.get("/trainees/export.csv", query_string={"q": "suryani"}))
    assert [r["full_name"] for r in rows] == ["Ani Suryani"]


def test_mentor_export_contains_only_their_trainees(client, login, registry):
    login(registry["mentor"])
    expected = {"Ani Suryani", "Budi Santoso"}
    assert {r["full_name"] for r in read_csv(client.get("/trainees/export.csv"))} == expected
    _, rows = read_xlsx(client.get("/trainees/export.xlsx"))
    assert {r["full_name"].value for r in rows} == expected
    # A mentor filter naming another mentor does not widen the export.
    other = registry["other_mentor"].id
    assert {r["full_name"] for r in read_csv(client.get(f"/trainees/export.csv?mentor={other}"))} == expected


def test_trainee_user_cannot_export(client, login, factory):
    account = login("trainee")
    factory.trainee(user_id=account.id)
    assert client.get("/trainees/export.csv").status_code == 403
    assert client.get("/trainees/export.xlsx").status_code == 403


def test_xlsx_has_the_same_rows_and_keeps_nik_as_text(client, login, registry):
    login("admin")
    header, rows = read_xlsx(client.get("/trainees/export.xlsx", query_string={"kecamatan": "32.73.01"}))
    assert header == list(COLUMNS)
    assert {r["full_name"].value for r in rows} == {"Ani Suryani", "Dedi Kurnia"}
    for row in rows:
        cell = row["nik"]
        assert cell.data_type == "s", "a 16-digit NIK stored as a number loses its last digit"
        assert len(cell.value) == 16 and cell.value.isdigit()
    ani = next(r for r in rows if r["full_name"].value == "Ani Suryani")
    assert ani["nik"].value == registry["people"]["ani"].nik
    assert ani["phone"].value == registry["people"]["ani"].phone  # "+62...", text as well
    assert ani["born_on"].value.date() == registry["people"]["ani"].born_on  # a real date cell


def test_csv_keeps_nik_digits_exactly(client, login, factory):
    login("admin")
    trainee = factory.trainee()
    [row] = read_csv(client.get("/trainees/export.csv"))
    assert row["nik"] == trainee.nik


DANGEROUS = ["=HYPERLINK(\"http://evil.example\",\"klik\")", "+SUM(1,2)", "-2+3+cmd|' /C calc'!A0", "@SUM(A1)"]


@pytest.mark.parametrize("payload", DANGEROUS)
def test_csv_neutralises_formulas(client, login, factory, payload):
    login("admin")
    factory.trainee(full_name=payload, address=payload)
    [row] = read_csv(client.get("/trainees/export.csv"))
    for column in ("full_name", "address"):
        assert row[column][0] not in "=+-@", row[column]
        assert row[column].endswith(payload)  # the text itself is kept


@pytest.mark.parametrize("payload", DANGEROUS)
def test_xlsx_stores_formula_like_text_as_text(client, login, factory, payload):
    login("admin")
    factory.trainee(full_name=payload, address=payload)
    _, [row] = read_xlsx(client.get("/trainees/export.xlsx"))
    for column in ("full_name", "address"):
        cell = row[column]
        assert cell.data_type == "s", f"{column} stored as a formula"
        assert cell.value.endswith(payload)


def test_business_description_fields_with_formulas_are_guarded(client, login, factory):
    from trainees.services import BusinessData

    login("admin")
    factory.trainee(business=BusinessData(name="=1+1", sector="food", started_on=date(2024, 1, 1)))
    [row] = read_csv(client.get("/trainees/export.csv"))
    assert not row["business_name"].startswith("=") and row["business_name"].endswith("=1+1")
    _, [xrow] = read_xlsx(client.get("/trainees/export.xlsx"))
    assert xrow["business_name"].data_type == "s"


def test_export_filename_and_empty_result(client, login, factory):
    login("admin")
    response = client.get("/trainees/export.csv", query_string={"q": "nobody"})
    assert 'attachment; filename="trainees-' in response.headers["Content-Disposition"]
    assert read_csv(response) == []
    _, rows = read_xlsx(client.get("/trainees/export.xlsx", query_string={"q": "nobody"}))
    assert rows == []
