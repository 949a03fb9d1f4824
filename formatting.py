"""Display formatting shared by templates and PDFs: rupiah and localised dates."""
from __future__ import annotations

from decimal import ROUND_HALF_EVEN, Decimal


def format_rupiah(value, *, with_sen: bool | None = None) -> str:
    """``Decimal('1500000')`` -> ``'Rp 1.500.000'`` (Indonesian grouping in every locale).

    Sen are shown (``Rp 1.500,50``) only when non-zero unless ``with_sen`` forces it;
    rounding to whole rupiah for display is HALF_EVEN. Negative: ``-Rp 1.500``."""
    if value is None:
        return ""
    if isinstance(value, float):
        raise TypeError("format_rupiah refuses float; pass a Decimal")
    amount = Decimal(value)
    sen = amount.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
    show_sen = with_sen if with_sen is not None else sen != sen.to_integral_value()
    if not show_sen:
        sen = sen.quantize(Decimal("1"), rounding=ROUND_HALF_EVEN)
    sign = "-" if sen < 0 else ""
    whole, _, frac = f"{abs(sen):f}".partition(".")
    grouped = f"{int(whole):,}".replace(",", ".")
    return f"{sign}Rp {grouped}" + (f",{frac}" if show_sen else "")
