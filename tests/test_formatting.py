"""format_rupiah: Indonesian grouping, sen, sign and HALF_EVEN display rounding."""
from __future__ import annotations

from decimal import Decimal

import pytest

from formatting import format_rupiah


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1500000"), "Rp 1.500.000"),
        (Decimal("1500000.00"), "Rp 1.500.000"),
        (Decimal("0"), "Rp 0"),
        (Decimal("999"), "Rp 999"),
        (Decimal("1000"), "Rp 1.000"),
        (Decimal(10) ** 13, "Rp 10.000.000.000.000"),
        (1500000, "Rp 1.500.000"),
    ],
    ids=str,
)
def test_whole_rupiah_use_dots_for_thousands(value, expected):
    assert format_rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("1500.50"), "Rp 1.500,50"),
        (Decimal("0.05"), "Rp 0,05"),
        (Decimal("1234567.89"), "Rp 1.234.567,89"),
        (Decimal(10) ** 13 + Decimal("0.01"), "Rp 10.000.000.000.000,01"),
    ],
    ids=str,
)
def test_sen_shown_after_a_comma_when_not_zero(value, expected):
    assert format_rupiah(value) == expected


def test_with_sen_forces_or_hides_the_sen():
    assert format_rupiah(Decimal("1500000"), with_sen=True) == "Rp 1.500.000,00"
    assert format_rupiah(Decimal("1500.75"), with_sen=False) == "Rp 1.501"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("-1500"), "-Rp 1.500"),
        (Decimal("-1500000.25"), "-Rp 1.500.000,25"),
        (Decimal("-0.01"), "-Rp 0,01"),
    ],
    ids=str,
)
def test_negative_amounts_put_the_sign_before_rp(value, expected):
    assert format_rupiah(value) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        # Exactly half a rupiah goes to the even neighbour, either way.
        (Decimal("2.50"), "Rp 2"),
        (Decimal("3.50"), "Rp 4"),
        (Decimal("1000.50"), "Rp 1.000"),
        (Decimal("1001.50"), "Rp 1.002"),
        (Decimal("-2.50"), "-Rp 2"),
        (Decimal("-3.50"), "-Rp 4"),
        (Decimal("2.51"), "Rp 3"),
    ],
    ids=str,
)
def test_hiding_sen_rounds_half_even(value, expected):
    assert format_rupiah(value, with_sen=False) == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (Decimal("0.125"), "Rp 0,12"),
        (Decimal("0.135"), "Rp 0,14"),
        # Rounds to a whole rupiah, so no ",00" appears.
        (Decimal("1.005"), "Rp 1"),
        (Decimal("1.015"), "Rp 1,02"),
    ],
    ids=str,
)
def test_fractions_of_a_sen_round_half_even(value, expected):
    assert format_rupiah(value) == expected


@pytest.mark.parametrize("value", [Decimal("-0.004"), Decimal("-0.40")], ids=str)
def test_amounts_that_round_to_zero_are_never_negative_zero(value):
    assert format_rupiah(value, with_sen=False) == "Rp 0"


def test_none_formats_as_empty_text():
    assert format_rupiah(None) == ""


@pytest.mark.parametrize("value", [1500000.0, 0.1, float("nan")])
def test_float_is_refused(value):
    with pytest.raises(TypeError):
        format_rupiah(value)


def test_template_filter_uses_indonesian_grouping_in_every_locale(app):
    from flask import render_template_string
    from flask_babel import force_locale

    with app.test_request_context():
        for locale in ("id", "en"):
            with force_locale(locale):
                html = render_template_string("{{ amount|rupiah }}", amount=Decimal("1500000.50"))
            assert html == "Rp 1.500.000,50"
