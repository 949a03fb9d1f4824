"""Repayment schedules and loan arithmetic. Pure: standard library only, no Flask, no
database, no clock (every date is an argument).

Units used throughout:

- money is ``Decimal`` in currency units (rupiah, dollars), never float;
- ``digits`` is the number of decimal places of the currency (IDR 0, USD 2); every amount
  this module returns is quantized to ``10 ** -digits``;
- rates are nominal percent per year (``Decimal(12)`` means 12 %); the periodic rate is
  that divided by 100 and by 52 (weekly), 26 (biweekly) or 12 (monthly);
- every rounding is ``ROUND_HALF_EVEN``.
"""
from __future__ import annotations

import calendar
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from enum import StrEnum


class Frequency(StrEnum):
    WEEKLY = "weekly"
    BIWEEKLY = "biweekly"
    MONTHLY = "monthly"


class Method(StrEnum):
    FLAT = "flat"
    DECLINING = "declining"


class Amortization(StrEnum):
    EQUAL_INSTALLMENTS = "equal_installments"
    EQUAL_PRINCIPAL = "equal_principal"


#: periods in a year, used to turn the nominal annual rate into a periodic one and to
#: annualise the periodic IRR
PERIODS_PER_YEAR = {Frequency.WEEKLY: 52, Frequency.BIWEEKLY: 26, Frequency.MONTHLY: 12}

#: working precision (significant digits) of intermediate results: far more than any
#: amount needs, so the only roundings that matter are the documented HALF_EVEN ones
_PRECISION = 50


@dataclass(frozen=True)
class Installment:
    """One row of a repayment schedule. Amounts in currency units, quantized to the
    schedule's ``digits``; ``total == principal + interest``."""

    number: int  #: 1-based
    due_on: date | None  #: None when the schedule was built without a start date
    principal: Decimal
    interest: Decimal
    total: Decimal


def build_schedule(*, principal: Decimal, annual_rate: Decimal, periods: int,
                   frequency: str, method: str,
                   amortization: str = "equal_installments",
                   grace_periods: int = 0, digits: int = 0,
                   multiple: Decimal = Decimal(1),
                   start: date | None = None) -> list[Installment]:
    """The repayment schedule of a loan of ``principal`` repaid in ``periods`` instalments.

    Units: ``principal`` and ``multiple`` in currency units; ``annual_rate`` nominal
    percent per year; ``periods`` and ``grace_periods`` counted in instalments of
    ``frequency`` ("weekly", "biweekly", "monthly"); ``digits`` decimal places of the
    currency. ``start`` is the disbursement date; instalment k falls due k periods later
    (see :func:`due_date`); without ``start`` every ``due_on`` is None.

    Rounding (all HALF_EVEN):

    - interest of a period = periodic rate x balance before the payment (``declining``)
      or x the original principal (``flat``), rounded to ``digits``;
    - the instalment amount is rounded to a multiple of ``multiple``, which is in
      currency units: with ``digits=2, multiple=1`` an annuity of 304.91 becomes 305.00
      (this is how Fineract's reference schedules come out); ``multiple`` must therefore
      be a whole number of the currency's smallest unit (``10 ** -digits``);
    - principal of a period = instalment amount - interest.

    Methods: ``declining`` + ``equal_installments``: the annuity over the periods after
    grace, ``P*r / (1 - (1+r)**-(periods-grace))`` (``P/(periods-grace)`` at a zero rate),
    rounded to ``multiple``. ``declining`` + ``equal_principal``: principal
    ``P/(periods-grace)`` rounded to ``digits`` plus interest on the balance, the sum
    rounded to ``multiple`` (so with ``multiple`` equal to the smallest unit the
    principal parts are exactly equal). ``flat``: ``P/(periods-grace)`` + flat interest,
    rounded to ``multiple``; under a flat rate equal instalments and equal principal are
    the same schedule, so ``amortization`` only has to be a valid name.

    Grace periods (the first ``grace_periods`` instalments) pay interest only: principal
    0, total = interest, not rounded to ``multiple``.

    The last instalment takes whatever principal remains, so the principals sum exactly to
    ``principal``; its total is that balance plus its interest and is not rounded to
    ``multiple``. Every other total is a multiple of ``multiple`` except when clamped:

    Clamping (so that no principal is ever negative and the balance never goes below
    zero): a period's principal is ``instalment - interest`` clamped to
    ``[0, balance before the payment]``. If rounding to ``multiple`` leaves the instalment
    below its interest, that period pays interest only (principal 0, total = interest)
    and the last instalment takes the rest. If rounded-up instalments repay the balance
    early, the period that reaches zero pays just the balance left, and the periods after
    it carry principal 0 (and interest 0 under ``declining``; flat interest is still
    charged on the original principal). Both happen only when ``multiple`` is large
    against the instalment (e.g. Rp 1.000 over 12 months in multiples of Rp 100).

    Raises ValueError for a non-positive principal, a negative rate, ``periods < 1``,
    negative grace or ``grace_periods >= periods``, an unknown frequency, method or
    amortization, ``digits < 0``, ``multiple <= 0`` or a multiple finer than the
    currency's smallest unit; TypeError for float amounts (binary fractions are not money).
    """
    principal = _decimal(principal, "principal")
    annual_rate = _decimal(annual_rate, "annual_rate")
    multiple = _decimal(multiple, "multiple")
    freq = _choice(Frequency, frequency, "frequency")
    meth = _choice(Method, method, "method")
    amort = _choice(Amortization, amortization, "amortization")
    periods = _integer(periods, "periods")
    grace_periods = _integer(grace_periods, "grace_periods")
    digits = _integer(digits, "digits")
    if principal <= 0:
        raise ValueError(f"principal must be positive, got {principal}")
    if annual_rate < 0:
        raise ValueError(f"annual_rate must not be negative, got {annual_rate}")
    if periods < 1:
        raise ValueError(f"periods must be at least 1, got {periods}")
    if grace_periods < 0:
        raise ValueError(f"grace_periods must not be negative, got {grace_periods}")
    if grace_periods >= periods:
        raise ValueError(
            f"grace_periods ({grace_periods}) must be fewer than periods ({periods})")
    if digits < 0:
        raise ValueError(f"digits must not be negative, got {digits}")
    if multiple <= 0:
        raise ValueError(f"multiple must be positive, got {multiple}")
    unit = Decimal(1).scaleb(-digits)
    if multiple % unit != 0:
        raise ValueError(
            f"multiple {multiple} is not a whole number of the currency's smallest unit "
            f"{unit} (digits={digits})")

    with localcontext() as ctx:
        ctx.prec = _PRECISION
        ctx.rounding = ROUND_HALF_EVEN
        # the periodic rate as a fraction, unrounded: interest is rounded once, at the end
        rate = annual_rate / (100 * PERIODS_PER_YEAR[freq])
        repaying = periods - grace_periods
        flat_interest = _round(principal * rate, unit)
        if meth is Method.FLAT:
            level = _to_multiple(principal / repaying + flat_interest, multiple, unit)
        elif amort is Amortization.EQUAL_INSTALLMENTS:
            level = _to_multiple(_annuity(principal, rate, repaying), multiple, unit)
        else:
            equal_part = _round(principal / repaying, unit)

        balance = principal
        schedule = []
        for number in range(1, periods + 1):
            interest = flat_interest if meth is Method.FLAT else _round(balance * rate, unit)
            if number <= grace_periods:
                part = Decimal(0)
            elif number == periods:
                part = balance
            else:
                if meth is Method.DECLINING and amort is Amortization.EQUAL_PRINCIPAL:
                    amount = _to_multiple(equal_part + interest, multiple, unit)
                else:
                    amount = level
                part = min(max(amount - interest, Decimal(0)), balance)
            balance -= part
            schedule.append(Installment(
                number=number,
                due_on=None if start is None else due_date(start, frequency=freq, number=number),
                principal=part.quantize(unit),
                interest=interest.quantize(unit),
                total=(part + interest).quantize(unit),
            ))
    return schedule


def due_date(start: date, *, frequency: str, number: int) -> date:
    """Due date of instalment ``number`` (1-based) of a loan disbursed on ``start``.

    Weekly: ``start + 7*number`` days; biweekly: ``+ 14*number`` days. Monthly: the
    start's day of the month, ``number`` months later, clamped to that month's last day.
    Each date is computed from ``start`` (not from the previous due date), so a loan
    disbursed on 31 January falls due on 28/29 February and then 31 March again."""
    freq = _choice(Frequency, frequency, "frequency")
    if freq is Frequency.WEEKLY:
        return start + timedelta(days=7 * number)
    if freq is Frequency.BIWEEKLY:
        return start + timedelta(days=14 * number)
    months = start.month - 1 + number
    year, month = start.year + months // 12, months % 12 + 1
    return date(year, month, min(start.day, calendar.monthrange(year, month)[1]))


def days_past_due(installments: Sequence[Installment],
                  payments_applied: Mapping[int, Decimal], as_of: date) -> int:
    """Days past due (whole days) as of the date ``as_of``.

    ``installments`` is the schedule, each with ``due_on`` set. ``payments_applied`` maps
    an instalment ``number`` to the amount (currency units) already applied to that
    instalment's ``total``; a missing number means nothing was paid. An instalment is
    fully paid when the amount applied is at least its total (no rounding: amounts are
    compared as given). DPD is the number of days from the due date of the oldest
    instalment not fully paid to ``as_of``, or 0 when that instalment is not yet overdue
    (an instalment due on ``as_of`` itself is not overdue) or when all are paid."""
    for installment in sorted(installments, key=lambda i: i.number):
        if installment.due_on is None:
            raise ValueError(
                f"instalment {installment.number} has no due date; build the schedule "
                "with a start date")
        if payments_applied.get(installment.number, Decimal(0)) >= installment.total:
            continue
        return max((as_of - installment.due_on).days, 0)
    return 0


#: (largest number of days past due, bucket name), in ascending order
_BUCKETS = ((0, "current"), (30, "1-30"), (60, "31-60"), (90, "61-90"), (180, "91-180"))


def ageing_bucket(days: int) -> str:
    """The portfolio-at-risk ageing bucket of ``days`` past due (whole days):
    "current" (0), "1-30", "31-60", "61-90", "91-180" or "over-180". Both ends of each
    named range are inclusive. Negative days raise ValueError."""
    if days < 0:
        raise ValueError(f"days past due must not be negative, got {days}")
    for upper, name in _BUCKETS:
        if days <= upper:
            return name
    return "over-180"


#: the effective annual rate is reported in percent to this many places (HALF_EVEN)
EAR_QUANTUM = Decimal("0.01")


def effective_annual_rate(net_disbursed: Decimal, installments: Sequence[Installment], *,
                          frequency: str) -> Decimal:
    """The effective annual rate, in percent per year, quantized to 0.01 (HALF_EVEN).

    Cash flows: ``-net_disbursed`` (currency units: principal less any fees deducted at
    disbursement) at period 0 and ``+installment.total`` at period ``installment.number``
    (periods of ``frequency``). The periodic IRR ``r`` solves
    ``sum(total_k / (1+r)**k) == net_disbursed``; it is found by bisection in Decimal
    (50 significant digits, to within 1e-20 per period) and annualised as compound
    interest: ``((1 + r) ** periods_per_year - 1) * 100``. Fees make ``net_disbursed``
    smaller, so the rate higher. When the instalments sum to less than ``net_disbursed``
    the result is negative."""
    net_disbursed = _decimal(net_disbursed, "net_disbursed")
    freq = _choice(Frequency, frequency, "frequency")
    if net_disbursed <= 0:
        raise ValueError(f"net_disbursed must be positive, got {net_disbursed}")
    if not installments:
        raise ValueError("installments must not be empty")
    flows = [(i.number, i.total) for i in installments]
    if any(total < 0 for _, total in flows) or all(total == 0 for _, total in flows):
        raise ValueError("instalment totals must be non-negative and not all zero")

    with localcontext() as ctx:
        ctx.prec = _PRECISION
        ctx.rounding = ROUND_HALF_EVEN

        def npv(r: Decimal) -> Decimal:
            # decreasing in r for r > -1 because every flow after t0 is non-negative
            return sum(total / (1 + r) ** k for k, total in flows) - net_disbursed

        paid = sum(total for _, total in flows)
        if paid == net_disbursed:
            r = Decimal(0)
        else:
            if paid > net_disbursed:
                low, high = Decimal(0), Decimal(1)
                while npv(high) > 0:
                    low, high = high, high * 2
            else:
                low, high = Decimal("-0.5"), Decimal(0)
                while npv(low) < 0:
                    low, high = (low - 1) / 2, low
            tolerance = Decimal("1e-20")
            while high - low > tolerance:
                mid = (low + high) / 2
                if npv(mid) > 0:
                    low = mid
                else:
                    high = mid
            r = (low + high) / 2
        ear = ((1 + r) ** PERIODS_PER_YEAR[freq] - 1) * 100
        return ear.quantize(EAR_QUANTUM, rounding=ROUND_HALF_EVEN)


def total_cost_of_credit(principal: Decimal, installments: Sequence[Installment],
                         fees: Decimal = Decimal(0)) -> Decimal:
    """Everything the borrower pays beyond the principal, in currency units: the sum of
    the instalment totals plus ``fees``, minus ``principal``. Exact (no rounding: the
    inputs are already money amounts)."""
    principal = _decimal(principal, "principal")
    fees = _decimal(fees, "fees")
    return sum((i.total for i in installments), Decimal(0)) + fees - principal


# -- helpers -------------------------------------------------------------------------

def _annuity(principal: Decimal, rate: Decimal, periods: int) -> Decimal:
    """Level payment (unrounded) repaying ``principal`` in ``periods`` at periodic
    ``rate`` (a fraction)."""
    if rate == 0:
        return principal / periods
    return principal * rate / (1 - (1 + rate) ** -periods)


def _round(amount: Decimal, unit: Decimal) -> Decimal:
    return amount.quantize(unit, rounding=ROUND_HALF_EVEN)


def _to_multiple(amount: Decimal, multiple: Decimal, unit: Decimal) -> Decimal:
    """``amount`` rounded HALF_EVEN to a multiple of ``multiple``, expressed in ``unit``."""
    return ((amount / multiple).quantize(Decimal(1), rounding=ROUND_HALF_EVEN)
            * multiple).quantize(unit)


def _decimal(value, name: str) -> Decimal:
    if isinstance(value, bool) or isinstance(value, float):
        raise TypeError(f"{name} must be a Decimal (or int), not {type(value).__name__}")
    if isinstance(value, int):
        return Decimal(value)
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    if not value.is_finite():
        raise ValueError(f"{name} must be a finite number, got {value}")
    return value


def _integer(value, name: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {type(value).__name__}")
    return value


def _choice(kind: type[StrEnum], value: str, name: str):
    try:
        return kind(value)
    except ValueError:
        expected = ", ".join(repr(member.value) for member in kind)
        raise ValueError(f"unknown {name} {value!r}; expected one of {expected}") from None
