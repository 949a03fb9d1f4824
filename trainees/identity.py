"""Pure checks of Indonesian identity data: NIK and phone numbers. No Flask, no DB."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import phonenumbers

#: Province codes (Kemendagri) that can start a NIK: 11-19 Sumatra, 21 Kepri,
#: 31-36 Java, 51-53 Bali/Nusa Tenggara, 61-65 Kalimantan, 71-76 Sulawesi,
#: 81-82 Maluku, 91-97 Papua provinces (including the 2022 new provinces).
PROVINCE_CODES = frozenset(
    {11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 31, 32, 33, 34, 35, 36, 51, 52, 53,
     61, 62, 63, 64, 65, 71, 72, 73, 74, 75, 76, 81, 82, 91, 92, 93, 94, 95, 96, 97}
)


class NIKError(ValueError):
    """Why a NIK is invalid; ``code`` is stable, the text is English (the UI translates)."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


@dataclass(frozen=True)
class NIKInfo:
    province: int
    regency: int
    district: int
    #: "F" when the day was encoded +40, else "M".
    gender: str
    day: int
    month: int
    #: Two-digit year as encoded; the century is not in the NIK.
    year2: int
    serial: int

    def matches_birth_date(self, born_on: date) -> bool:
        return (born_on.day, born_on.month, born_on.year % 100) == (self.day, self.month, self.year2)


def parse_nik(raw: str) -> NIKInfo:
    """Parse a 16-digit NIK: PPKKDD (region) DDMMYY (birth date, women +40) SSSS (serial).

    Raises NIKError with code: length, digits, region, birth_date, serial."""
    nik = (raw or "").strip()
    if not nik.isascii() or not nik.isdigit():
        raise NIKError("digits")
    if len(nik) != 16:
        raise NIKError("length")
    province, regency, district = int(nik[0:2]), int(nik[2:4]), int(nik[4:6])
    if province not in PROVINCE_CODES or regency == 0 or district == 0:
        raise NIKError("region")
    day, month, year2 = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    gender = "M"
    if day > 40:
        gender, day = "F", day - 40
    # Any century: check the day exists in that month for a leap-neutral year when the
    # two-digit year could be either 19xx or 20xx (29 Feb needs a leap year).
    if not _plausible_date(day, month, year2):
        raise NIKError("birth_date")
    serial = int(nik[12:16])
    if serial == 0:
        raise NIKError("serial")
    return NIKInfo(province, regency, district, gender, day, month, year2, serial)


def _plausible_date(day: int, month: int, year2: int) -> bool:
    for century in (1900, 2000):
        try:
            date(century + year2, month, day)
            return True
        except ValueError:
            continue
    return False


def normalise_phone(raw: str) -> str:
    """Indonesian phone number in E.164 (+62...). Accepts 08xx, 628xx, +62 8xx, 022-xxx,
    with spaces, dots, dashes or brackets. Raises ValueError when not a valid number."""
    text = (raw or "").strip()
    if not text:
        raise ValueError("empty")
    try:
        number = phonenumbers.parse(text, "ID")
    except phonenumbers.NumberParseException as err:
        raise ValueError("unparseable") from err
    if number.country_code != 62 or not phonenumbers.is_valid_number(number):
        raise ValueError("invalid")
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def build_nik(region: str, born_on: date, gender: str, serial: int) -> str:
    """Compose a NIK from a 6-digit region code, birth date, gender ("M"/"F") and serial
    (1-9999). The inverse of ``parse_nik``; used by the demo seeder and the tests."""
    if len(region) != 6 or not region.isdigit():
        raise ValueError("region must be 6 digits")
    if not 1 <= serial <= 9999:
        raise ValueError("serial must be 1-9999")
    day = born_on.day + (40 if gender == "F" else 0)
    return f"{region}{day:02d}{born_on.month:02d}{born_on.year % 100:02d}{serial:04d}"
