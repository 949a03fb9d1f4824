"""Pure checks of NIK and phone numbers: no app, no database."""
from __future__ import annotations

import random
from datetime import date, timedelta

import pytest

from trainees.identity import NIKError, build_nik, normalise_phone, parse_nik


def nik_error(raw) -> str:
    with pytest.raises(NIKError) as info:
        parse_nik(raw)
    return info.value.code


# --- NIK: valid -------------------------------------------------------------------


def test_male_nik_decodes_region_birth_date_and_serial():
    # 32 Jawa Barat, 73 Kota Bandung, 01 Sukasari; born 15 March 1990; serial 0001.
    info = parse_nik("3273011503900001")
    assert (info.province, info.regency, info.district) == (32, 73, 1)
    assert info.gender == "M"
    assert (info.day, info.month, info.year2) == (15, 3, 90)
    assert info.serial == 1
    assert info.matches_birth_date(date(1990, 3, 15))


def test_female_nik_has_forty_added_to_the_birth_day():
    info = parse_nik("3273015503900002")  # day 55 = 15 + 40
    assert info.gender == "F"
    assert (info.day, info.month, info.year2) == (15, 3, 90)
    assert info.matches_birth_date(date(1990, 3, 15))
    assert not info.matches_birth_date(date(1990, 3, 25))


def test_female_born_on_the_first_and_on_the_31st():
    assert parse_nik("3273014101850003").day == 1
    assert parse_nik("3273017101850003").day == 31


def test_surrounding_whitespace_is_ignored():
    assert parse_nik("  3273011503900001\n").serial == 1


def test_birth_date_matches_only_the_encoded_two_digit_year():
    info = parse_nik("3273011503900001")
    assert info.matches_birth_date(date(1990, 3, 15))
    assert not info.matches_birth_date(date(1991, 3, 15))
    assert not info.matches_birth_date(date(1990, 4, 15))


def test_29_february_needs_a_leap_year_in_some_century():
    assert parse_nik("3273012902000001").day == 29  # 2000 is a leap year
    assert parse_nik("3273016902960001").gender == "F"  # 1996, woman
    assert nik_error("3273012902010001") == "birth_date"  # neither 1901 nor 2001
    assert nik_error("3273012902690001") == "birth_date"  # neither 1969 nor 2069


# --- NIK: invalid -----------------------------------------------------------------


@pytest.mark.parametrize("raw", ["327301150390000", "32730115039000011", "3273", "12345678901234567890"])
def test_wrong_length_is_refused(raw):
    assert nik_error(raw) == "length"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        None,
        "3273011503900O01",  # letter O
        "3273-0115-0390-0001",
        "3273 0115 0390 0001",
        "٣٢٧٣٠١١٥٠٣٩٠٠٠٠١",  # Arabic-Indic digits: isdigit() is True for them
        "３２７３０１１５０３９０００１",  # full-width digits
        "327301150390000٣",  # one non-ASCII digit at the end
        "+273011503900001",
    ],
)
def test_anything_but_ascii_digits_is_refused(raw):
    assert nik_error(raw) == "digits"


@pytest.mark.parametrize("province", ["00", "10", "20", "30", "37", "41", "99"])
def test_unknown_province_is_refused(province):
    assert nik_error(province + "73011503900001") == "region"


@pytest.mark.parametrize("raw", ["3200011503900001", "3273001503900001", "3200001503900001"])
def test_zero_regency_or_district_is_refused(raw):
    assert nik_error(raw) == "region"


@pytest.mark.parametrize(
    "ddmmyy",
    [
        "310290",  # 31 February
        "710290",  # 31 February, woman
        "720190",  # day 72 = woman born on the 32nd
        "320190",  # 32nd, man
        "000190",  # day 0
        "400190",  # day 40: neither a man's day nor a woman's (would be day 0)
        "311190",  # 31 November
        "150090",  # month 0
        "151390",  # month 13
        "991290",
    ],
)
def test_impossible_birth_date_is_refused(ddmmyy):
    assert nik_error("327301" + ddmmyy + "0001") == "birth_date"


def test_serial_0000_is_refused():
    assert nik_error("3273011503900000") == "serial"


# --- build_nik / parse_nik round trip -----------------------------------------


def _dates():
    """Every day of two leap years, both sides of 2000, plus random days 1900-2099."""
    start = date(1999, 1, 1)
    days = [start + timedelta(days=i) for i in range(366 * 2 + 365)]  # 1999-2001
    rng = random.Random(20261127)
    days += [date(1900, 1, 1) + timedelta(days=rng.randrange(200 * 365)) for _ in range(3000)]
    days += [date(1996, 2, 29), date(2024, 2, 29), date(1904, 2, 29)]
    return days


def test_build_then_parse_round_trips_for_many_dates_genders_and_serials():
    rng = random.Random(7)
    regions = ["327301", "327330", "110101", "947101", "317401"]
    checked = 0
    for born_on in _dates():
        for gender in ("M", "F"):
            region = rng.choice(regions)
            serial = rng.randint(1, 9999)
            nik = build_nik(region, born_on, gender, serial)
            assert len(nik) == 16 and nik.isdigit()
            info = parse_nik(nik)
            assert f"{info.province:02d}{info.regency:02d}{info.district:02d}" == region
            assert info.gender == gender
            assert info.matches_birth_date(born_on), (nik, born_on)
            assert info.serial == serial
            checked += 1
    assert checked > 8000


def test_build_nik_encodes_women_with_day_plus_40():
    assert build_nik("327301", date(1990, 3, 15), "F", 2)[6:8] == "55"
    assert build_nik("327301", date(1990, 3, 15), "M", 2)[6:8] == "15"
    assert build_nik("327301", date(2005, 12, 1), "M", 42)[6:] == "0112050042"


@pytest.mark.parametrize(
    "region, serial", [("32730", 1), ("3273011", 1), ("32a301", 1), ("327301", 0), ("327301", 10000)]
)
def test_build_nik_refuses_bad_parts(region, serial):
    with pytest.raises(ValueError):
        build_nik(region, date(1990, 1, 1), "M", serial)


# --- Phone numbers ----------------------------------------------------------------


@pytest.mark.parametrize(
    "raw, expected",
    [
        ("081234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("62 812 3456 7890", "+6281234567890"),
        ("0812-3456-7890", "+6281234567890"),
        ("0812.3456.7890", "+6281234567890"),
        ("(0812) 3456 7890", "+6281234567890"),
        ("  0857 2222 3333  ", "+6285722223333"),
        ("(022) 2501234", "+62222501234"),  # Bandung landline, 7-digit subscriber
        ("022-8765-4321", "+622287654321"),  # Bandung landline, 8-digit subscriber
        ("+62 22 2501234", "+62222501234"),
    ],
)
def test_indonesian_numbers_are_normalised_to_e164(raw, expected):
    assert normalise_phone(raw) == expected


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "   ",
        None,
        "abc",
        "12345",
        "0812",  # too short
        "0812345678901234",  # too long
        "+1 202 555 0123",  # a valid number, but not Indonesian
        "+44 20 7946 0958",
        "0000000000",
    ],
)
def test_invalid_or_foreign_numbers_are_refused(raw):
    with pytest.raises(ValueError):
        normalise_phone(raw)
