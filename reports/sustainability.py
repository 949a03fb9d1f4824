"""Sustainability assessment, method v1. Pure: standard library only (no Flask, no
database, no clock: ``as_of`` is always an argument).

``assess(inputs, as_of=...)`` judges nine criteria, each *met*, *not met* or *unknown*
(data missing or not applicable), and turns them into a score, a band and a graduation
verdict. Every threshold and weight lives in :class:`Thresholds` (``DEFAULT_THRESHOLDS``
is the issue's table; ``Thresholds.from_overrides`` applies a config dict).

=====  ==========  ===========================================================  ======
  #    code        met when                                                     weight
=====  ==========  ===========================================================  ======
  1    operating   a check-in within 60 days of ``as_of`` with revenue > 0        15
  2    profitable  mean profit of the last 3 check-ins > 0                        15
  3    stable      mean revenue of the last 3 check-ins >= 95 % of the 3 before   10
  4    practices   latest practices score >= 5 of 8                               10
  5    records     latest check-in: keeps records and separates money             10
  6    saving      latest savings > 0 and not below the one 3 check-ins earlier   10
  7    repays      >= 90 % of instalments due so far paid in full by due date     20
                   + 3 days, and days past due now <= 7
  8    debt        monthly-equivalent instalment <= 30 % of mean monthly profit    5
                   + other household income
  9    engaged     >= 1 session in each of the last 3 months and >= 70 % of        5
                   action items due so far done
=====  ==========  ===========================================================  ======

Score = weights met / weights known x 100, quantized to one decimal HALF_EVEN; None when
no criterion is known. Band from the *rounded* score (so the figure shown and the band
never disagree): ``mandiri`` >= 75, ``berkembang`` >= 50, ``rentan`` below; whatever the
score, ``data_kurang`` when fewer than 50 weight points are known. Ready to graduate =
``mandiri``, criteria 1 and 2 met, criterion 7 met or unknown *because there has never
been a loan*, and ``months_in_programme >= 12``.

Interpretations (the issue leaves these open; each is a decision of method v1):

Check-ins
  - A check-in describes a calendar month (``month`` is its first day). Check-ins whose
    month starts after ``as_of`` are ignored everywhere; so are sessions, payments and
    completions dated after ``as_of`` (a payment after ``as_of`` counts as not made).
    Two check-ins for the same month: the later one in the input wins (the database
    allows one per month anyway).
  - "Latest check-in" (criteria 4, 5, 6) is the one with the latest month up to
    ``as_of``, however old: only criterion 1 judges freshness.
  - "Last N check-ins" / "last N months" (criteria 2, 3, 6, 8) count check-ins, not
    calendar months: gaps between check-ins are not filled or penalised. Criterion 3
    compares the last 3 check-ins with the 3 before them and needs 6; criterion 6
    compares the latest with the 4th latest ("3 check-ins earlier") and needs 4;
    criteria 2 and 8 need 3. With fewer, the criterion is unknown (``too_few_checkins``),
    except that criterion 6 is not met at once when the latest savings are 0.
  - Criterion 1: a check-in is "within 60 days" when the *last day* of its month is at
    most 60 days before ``as_of`` (a check-in for the month containing ``as_of``
    counts). Met when any such check-in has revenue > 0. No check-in at all: unknown.
    Check-ins exist but none within 60 days: **not met** (``no_recent_checkin``): a
    business that has stopped reporting for two months is not shown to be operating.
  - Profit = revenue - costs (other income is household income, not business profit).
  - Criterion 3 with a previous mean revenue of 0 is met (revenue cannot fall below 0).

Loans (``Inputs.loans`` = the trainee's disbursed loans, active or closed)
  - Criterion 7 pools the instalments of every loan, closed ones included (the repayment
    record is the trainee's, not the loan's). An instalment is "due so far" when
    ``due_on + grace < as_of`` (its grace window is over) or it is already fully paid;
    it is "on time" when fully paid on or before ``due_on + 3 days``. Days past due now
    = the largest ``days_past_due`` of the active loans. Unknown with no loan at all
    (``no_loan``: the only unknown that does not block graduation) and when nothing is
    due yet and days past due are within the limit (``nothing_due_yet``).
  - Criterion 8: the instalment is the sum of the active loans' ``monthly_installment``;
    the capacity is the mean of (profit + other income) over the last 3 check-ins. No
    active loan: unknown (not applicable), like criterion 7. Capacity <= 0: not met.

Mentoring
  - "Each of the last 3 months" = three rolling 30-day windows ending at ``as_of``:
    ``(as_of - 30, as_of]``, ``(as_of - 60, as_of - 30]``, ``(as_of - 90, as_of - 60]``;
    each needs a session the trainee attended. Unknown while ``months_in_programme`` is
    below 3 (``too_new``): nobody can have three months of sessions in month two.
  - Action items: dropped ones are ignored; an item is "due so far" when ``due_on <
    as_of`` (as ``ActionItem.is_overdue``) or it is already done; "done" means status
    ``done`` with ``completed_on`` on or before ``as_of``. No item due so far: the action
    part holds (nothing is undone), so the sessions decide.

Results
  - Each criterion's ``reason`` is a code from ``REASON_CODES[code]`` and ``params`` holds
    the figures for the sentence (JSON-able: str, int, bool, None; Decimals as strings,
    money to 0.01 and percentages to 0.1 HALF_EVEN; dates ISO). Sentences are written in
    the reader's language by ``reports.criteria_text``.
  - ``graduation_blockers`` are codes from ``BLOCKER_CODES``, in that order.
"""
from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal, InvalidOperation, localcontext

METHOD_VERSION = "v1"

MET, NOT_MET, UNKNOWN = "met", "not_met", "unknown"
STATUSES = (MET, NOT_MET, UNKNOWN)

MANDIRI, BERKEMBANG, RENTAN, DATA_KURANG = "mandiri", "berkembang", "rentan", "data_kurang"
BANDS = (MANDIRI, BERKEMBANG, RENTAN, DATA_KURANG)

#: criterion number -> code, in the order of the issue's table
CRITERIA = {1: "operating", 2: "profitable", 3: "stable", 4: "practices", 5: "records",
            6: "saving", 7: "repays", 8: "debt", 9: "engaged"}

#: the highest possible practices score (eight business practices)
PRACTICES_MAX = 8

#: every reason code ``assess`` can give, by criterion code
REASON_CODES: dict[str, tuple[str, ...]] = {
    "operating": ("revenue_recent", "no_revenue", "no_recent_checkin", "no_checkins"),
    "profitable": ("profit_positive", "profit_not_positive", "too_few_checkins"),
    "stable": ("revenue_stable", "revenue_falling", "too_few_checkins"),
    "practices": ("practices_enough", "practices_too_few", "no_checkins"),
    "records": ("records_and_separation", "no_records", "money_not_separated",
                "no_records_no_separation", "no_checkins"),
    "saving": ("savings_kept", "no_savings", "savings_fell", "too_few_checkins"),
    "repays": ("repays_on_time", "late_instalments", "overdue", "late_and_overdue",
               "no_loan", "nothing_due_yet"),
    "debt": ("burden_ok", "burden_high", "no_capacity", "no_active_loan", "too_few_checkins"),
    "engaged": ("engaged", "missed_sessions", "actions_not_done",
                "missed_sessions_and_actions", "too_new"),
}

#: every graduation blocker code, in the order ``assess`` lists them
BLOCKER_CODES = ("band_not_mandiri", "operating_not_met", "operating_unknown",
                 "profitable_not_met", "profitable_unknown", "repays_not_met",
                 "repays_unknown", "too_early")

_MONEY = Decimal("0.01")
_ONE_DECIMAL = Decimal("0.1")
_PRECISION = 50


# -- inputs -------------------------------------------------------------------------

@dataclass(frozen=True)
class CheckinInput:
    """One month's business figures. Money in rupiah (Decimal)."""

    month: date  #: first day of the calendar month the figures describe
    revenue: Decimal
    costs: Decimal
    other_income: Decimal  #: household income from other sources in the month
    savings: Decimal  #: savings balance at the end of the month
    practices_score: int  #: 0-8
    keeps_records: bool
    separates_money: bool

    @property
    def profit(self) -> Decimal:
        return self.revenue - self.costs


@dataclass(frozen=True)
class InstallmentInput:
    due_on: date
    paid_on: date | None  #: the day it became fully paid; None while not fully paid


@dataclass(frozen=True)
class LoanInput:
    """A disbursed loan (active or closed)."""

    installments: tuple[InstallmentInput, ...]
    days_past_due: int  #: whole days, as of ``as_of``
    monthly_installment: Decimal  #: monthly-equivalent instalment, rupiah
    active: bool


@dataclass(frozen=True)
class ActionInput:
    due_on: date
    status: str  #: "open" | "done" | "dropped"
    completed_on: date | None


@dataclass(frozen=True)
class Inputs:
    checkins: tuple[CheckinInput, ...]
    loans: tuple[LoanInput, ...]
    session_dates: tuple[date, ...]  #: days of the sessions the trainee attended
    actions: tuple[ActionInput, ...]
    months_in_programme: int  #: whole months since joining, as of ``as_of``


# -- thresholds ---------------------------------------------------------------------

def _check_int(value, name: str, low: int, high: int | None) -> None:
    if isinstance(value, bool) or not isinstance(value, int):
        raise TypeError(f"{name} must be an int, not {value!r}")
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ValueError(f"{name} must be {bound}, got {value}")


def _to_decimal(value, name: str) -> Decimal:
    if isinstance(value, bool):
        raise TypeError(f"{name} must be a number, not {value!r}")
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, (int, str)):
        try:
            value = Decimal(value)
        except InvalidOperation:
            raise ValueError(f"{name} must be a number, got {value!r}") from None
    if not isinstance(value, Decimal):
        raise TypeError(f"{name} must be a number, not {value!r}")
    return value


def _weights_override(value, defaults: tuple[int, ...]) -> tuple[int, ...]:
    if isinstance(value, Mapping):
        weights = list(defaults)
        numbers = {code: number for number, code in CRITERIA.items()}
        for key, weight in value.items():
            if key in numbers:
                number = numbers[key]
            elif isinstance(key, int) and not isinstance(key, bool) and key in CRITERIA:
                number = key
            elif isinstance(key, str) and key.isdigit() and int(key) in CRITERIA:
                number = int(key)
            else:
                raise ValueError(f"weights: unknown criterion {key!r}; use 1-9 or one of "
                                 f"{', '.join(CRITERIA.values())}")
            weights[number - 1] = weight
        return tuple(weights)
    if isinstance(value, (list, tuple)):
        if len(value) != len(CRITERIA):
            raise ValueError(f"weights must list {len(CRITERIA)} values, got {len(value)}")
        return tuple(value)
    raise TypeError(f"weights must be a list of {len(CRITERIA)} ints or a mapping, not {value!r}")


_INT_LIMITS = {  # field -> (minimum, maximum or None)
    "operating_days": (0, None), "profit_checkins": (1, None), "stable_months": (1, None),
    "practices_min": (0, PRACTICES_MAX), "saving_lookback": (1, None),
    "on_time_grace_days": (0, None), "max_days_past_due": (0, None),
    "engaged_months": (1, None), "session_window_days": (1, None),
    "mandiri_min": (0, 100), "berkembang_min": (0, 100), "min_known_weight": (0, None),
    "graduate_months": (0, None),
}
_DECIMAL_LIMITS = {  # field -> (minimum, maximum or None), both inclusive
    "stable_ratio": (Decimal(0), None), "on_time_share": (Decimal(0), Decimal(1)),
    "debt_ratio": (Decimal(0), None), "actions_done_share": (Decimal(0), Decimal(1)),
}


@dataclass(frozen=True)
class Thresholds:
    """Every threshold and weight of method v1 (the issue's table). Ratios and shares
    are fractions (``Decimal("0.90")`` = 90 %); days are calendar days; scores are on
    the 0-100 scale. Constructing one validates it (ValueError / TypeError)."""

    #: weight of criterion 1..9, in that order (``weight(number)``)
    weights: tuple[int, ...] = (15, 15, 10, 10, 10, 10, 20, 5, 5)
    #: 1: the latest month end a check-in may have, in days before as_of
    operating_days: int = 60
    #: 2 and 8: number of latest check-ins averaged
    profit_checkins: int = 3
    #: 3: check-ins per half of the comparison (needs twice as many)
    stable_months: int = 3
    #: 3: recent mean revenue must be at least this fraction of the previous mean
    stable_ratio: Decimal = Decimal("0.95")
    #: 4: minimum practices score (of PRACTICES_MAX)
    practices_min: int = 5
    #: 6: compare the latest savings with those this many check-ins earlier
    saving_lookback: int = 3
    #: 7: minimum share of instalments due so far paid on time
    on_time_share: Decimal = Decimal("0.90")
    #: 7: days after the due date a payment still counts as on time
    on_time_grace_days: int = 3
    #: 7: maximum days past due now
    max_days_past_due: int = 7
    #: 8: maximum instalment / (profit + other income)
    debt_ratio: Decimal = Decimal("0.30")
    #: 9: number of recent windows that each need a session
    engaged_months: int = 3
    #: 9: length of one window, days
    session_window_days: int = 30
    #: 9: minimum share of action items due so far done
    actions_done_share: Decimal = Decimal("0.70")
    #: band thresholds on the score (0-100)
    mandiri_min: int = 75
    berkembang_min: int = 50
    #: fewer weight points known than this: band data_kurang
    min_known_weight: int = 50
    #: minimum months in the programme to graduate
    graduate_months: int = 12

    def __post_init__(self):
        if not isinstance(self.weights, tuple) or len(self.weights) != len(CRITERIA):
            raise ValueError(f"weights must be a tuple of {len(CRITERIA)} ints")
        for number, weight in enumerate(self.weights, start=1):
            _check_int(weight, f"weight of criterion {number}", 0, None)
        if sum(self.weights) <= 0:
            raise ValueError("the weights must not all be 0")
        for name, (low, high) in _INT_LIMITS.items():
            _check_int(getattr(self, name), name, low, high)
        for name, (low, high) in _DECIMAL_LIMITS.items():
            value = getattr(self, name)
            if not isinstance(value, Decimal) or not value.is_finite():
                raise TypeError(f"{name} must be a finite Decimal, not {value!r}")
            if value < low or (high is not None and value > high):
                raise ValueError(f"{name} must be between {low} and {high or 'any'}, got {value}")
        if self.berkembang_min > self.mandiri_min:
            raise ValueError(f"berkembang_min ({self.berkembang_min}) must not exceed "
                             f"mandiri_min ({self.mandiri_min})")

    def weight(self, number: int) -> int:
        return self.weights[number - 1]

    @classmethod
    def from_overrides(cls, overrides: Mapping | None) -> "Thresholds":
        """The defaults with ``overrides`` applied (e.g. ``app.config
        ["SUSTAINABILITY_OVERRIDES"]``). Keys are field names. ``weights`` is either a
        full list of 9 ints or a mapping from criterion number (int or digit string) or
        code to int, applied over the default weights. Ratios accept Decimal, int, str
        or float (taken by its shortest repr, as JSON gives it). Unknown keys, wrong
        types and out-of-range values raise ValueError / TypeError naming the key."""
        if not overrides:
            return DEFAULT_THRESHOLDS if cls is Thresholds else cls()
        if not isinstance(overrides, Mapping):
            raise TypeError(f"overrides must be a mapping, not {type(overrides).__name__}")
        names = {f.name for f in fields(cls)}
        unknown = sorted(str(k) for k in overrides if k not in names)
        if unknown:
            raise ValueError(f"unknown sustainability threshold(s): {', '.join(unknown)}; "
                             f"expected some of {', '.join(sorted(names))}")
        values = {}
        for name, value in overrides.items():
            if name == "weights":
                values[name] = _weights_override(value, DEFAULT_THRESHOLDS.weights)
            elif name in _DECIMAL_LIMITS:
                values[name] = _to_decimal(value, name)
            else:
                values[name] = value
        return cls(**values)

    def to_dict(self) -> dict:
        """JSON-able: ints as ints, ratios as strings, weights as a list;
        ``Thresholds.from_overrides(t.to_dict()) == t``."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            if isinstance(value, Decimal):
                value = str(value)
            elif isinstance(value, tuple):
                value = list(value)
            out[f.name] = value
        return out


DEFAULT_THRESHOLDS = Thresholds()


# -- results ------------------------------------------------------------------------

@dataclass(frozen=True)
class CriterionResult:
    number: int  #: 1-9
    code: str  #: CRITERIA[number]
    status: str  #: MET | NOT_MET | UNKNOWN
    weight: int
    reason: str  #: one of REASON_CODES[code]
    params: dict = field(default_factory=dict)  #: JSON-able figures for the sentence


@dataclass(frozen=True)
class Assessment:
    method_version: str
    as_of: date
    criteria: tuple[CriterionResult, ...]
    score: Decimal | None  #: 0-100, one decimal; None when no criterion is known
    band: str  #: one of BANDS
    weights_known: int
    weights_met: int
    ready_to_graduate: bool
    graduation_blockers: tuple[str, ...]  #: codes from BLOCKER_CODES

    def criterion(self, code: str) -> CriterionResult:
        """The result of the criterion ``code`` (KeyError if absent)."""
        for result in self.criteria:
            if result.code == code:
                return result
        raise KeyError(code)


@dataclass(frozen=True)
class Change:
    """One difference between two assessments (see :func:`changes`)."""

    kind: str  #: "band" | "score" | "criterion"
    code: str | None  #: the criterion's code for kind "criterion", else None
    before: str | None  #: band / score (as str) / status before; None if absent
    after: str | None
    delta: Decimal | None = None  #: score after - before, when both are known


# -- the method ---------------------------------------------------------------------

def assess(inputs: Inputs, *, as_of: date, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> Assessment:
    """Assess ``inputs`` as of the day ``as_of`` under ``thresholds`` (see the module
    docstring for every rule). Deterministic and order-independent: the same inputs in
    any order give the same assessment."""
    t = thresholds
    checkins = _checkins_up_to(inputs.checkins, as_of)
    judged = (
        _operating(checkins, as_of, t),
        _profitable(checkins, t),
        _stable(checkins, t),
        _practices(checkins, t),
        _records(checkins),
        _saving(checkins, t),
        _repays(inputs.loans, as_of, t),
        _debt(inputs.loans, checkins, t),
        _engaged(inputs, as_of, t),
    )
    criteria = tuple(
        CriterionResult(number=number, code=CRITERIA[number], status=status,
                        weight=t.weight(number), reason=reason, params=params)
        for number, (status, reason, params) in enumerate(judged, start=1))
    score, known, met = score_of(criteria)
    band = band_for(score, known, t)
    blockers = graduation_blockers(criteria, band, inputs.months_in_programme, t)
    return Assessment(method_version=METHOD_VERSION, as_of=as_of, criteria=criteria,
                      score=score, band=band, weights_known=known, weights_met=met,
                      ready_to_graduate=not blockers, graduation_blockers=blockers)


def score_of(criteria) -> tuple[Decimal | None, int, int]:
    """(score, weights known, weights met) of criterion results: met / known x 100,
    one decimal HALF_EVEN; score None when nothing is known (or all known weigh 0)."""
    known = sum(c.weight for c in criteria if c.status != UNKNOWN)
    met = sum(c.weight for c in criteria if c.status == MET)
    if known == 0:
        return None, known, met
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        ctx.rounding = ROUND_HALF_EVEN
        score = (Decimal(met) * 100 / Decimal(known)).quantize(_ONE_DECIMAL)
    return score, known, met


def band_for(score: Decimal | None, weights_known: int,
             thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """The band of a (rounded) score: data_kurang below ``min_known_weight`` known
    weight points (or with no score), else mandiri / berkembang / rentan."""
    if score is None or weights_known < thresholds.min_known_weight:
        return DATA_KURANG
    if score >= thresholds.mandiri_min:
        return MANDIRI
    if score >= thresholds.berkembang_min:
        return BERKEMBANG
    return RENTAN


def graduation_blockers(criteria, band: str, months_in_programme: int,
                        thresholds: Thresholds = DEFAULT_THRESHOLDS) -> tuple[str, ...]:
    """Why the trainee may not graduate yet (codes in BLOCKER_CODES order); empty when
    ready."""
    by_code = {c.code: c for c in criteria}
    blockers = []
    if band != MANDIRI:
        blockers.append("band_not_mandiri")
    for code in ("operating", "profitable", "repays"):
        result = by_code.get(code)
        if result is None or result.status == MET:
            continue
        if code == "repays" and result.status == UNKNOWN and result.reason == "no_loan":
            continue
        blockers.append(f"{code}_{result.status}" if result.status == NOT_MET else f"{code}_unknown")
    if months_in_programme < thresholds.graduate_months:
        blockers.append("too_early")
    return tuple(blockers)


# -- criteria (each returns (status, reason, params)) --------------------------------

def _checkins_up_to(checkins, as_of: date) -> list[CheckinInput]:
    by_month = {}
    for checkin in checkins:
        if checkin.month <= as_of:
            by_month[checkin.month] = checkin
    return [by_month[month] for month in sorted(by_month)]


def _operating(checkins, as_of, t):
    if not checkins:
        return UNKNOWN, "no_checkins", {}
    recent = [c for c in checkins if (as_of - _month_end(c.month)).days <= t.operating_days]
    if not recent:
        last = checkins[-1]
        return NOT_MET, "no_recent_checkin", {
            "last_month": last.month.isoformat(),
            "days": (as_of - _month_end(last.month)).days, "max_days": t.operating_days}
    selling = [c for c in recent if c.revenue > 0]
    if selling:
        latest = selling[-1]
        return MET, "revenue_recent", {"month": latest.month.isoformat(),
                                       "revenue": _money(latest.revenue)}
    return NOT_MET, "no_revenue", {"month": recent[-1].month.isoformat()}


def _profitable(checkins, t):
    need = t.profit_checkins
    if len(checkins) < need:
        return UNKNOWN, "too_few_checkins", {"have": len(checkins), "need": need}
    last = checkins[-need:]
    total = sum((c.profit for c in last), Decimal(0))
    params = {"mean_profit": _money(_mean(total, need)), "checkins": need}
    if total > 0:
        return MET, "profit_positive", params
    return NOT_MET, "profit_not_positive", params


def _stable(checkins, t):
    half = t.stable_months
    if len(checkins) < 2 * half:
        return UNKNOWN, "too_few_checkins", {"have": len(checkins), "need": 2 * half}
    recent = sum((c.revenue for c in checkins[-half:]), Decimal(0))
    previous = sum((c.revenue for c in checkins[-2 * half:-half]), Decimal(0))
    params = {"recent_mean": _money(_mean(recent, half)),
              "previous_mean": _money(_mean(previous, half)),
              "change_percent": _percent(recent / previous - 1) if previous else None,
              "min_percent": _percent(t.stable_ratio), "months": half}
    if recent >= t.stable_ratio * previous:
        return MET, "revenue_stable", params
    return NOT_MET, "revenue_falling", params


def _practices(checkins, t):
    if not checkins:
        return UNKNOWN, "no_checkins", {}
    score = checkins[-1].practices_score
    params = {"score": score, "min": t.practices_min, "max": PRACTICES_MAX,
              "month": checkins[-1].month.isoformat()}
    if score >= t.practices_min:
        return MET, "practices_enough", params
    return NOT_MET, "practices_too_few", params


def _records(checkins):
    if not checkins:
        return UNKNOWN, "no_checkins", {}
    latest = checkins[-1]
    params = {"keeps_records": bool(latest.keeps_records),
              "separates_money": bool(latest.separates_money),
              "month": latest.month.isoformat()}
    if latest.keeps_records and latest.separates_money:
        return MET, "records_and_separation", params
    if latest.keeps_records:
        return NOT_MET, "money_not_separated", params
    if latest.separates_money:
        return NOT_MET, "no_records", params
    return NOT_MET, "no_records_no_separation", params


def _saving(checkins, t):
    need = t.saving_lookback + 1
    if not checkins:
        return UNKNOWN, "too_few_checkins", {"have": 0, "need": need}
    latest = checkins[-1]
    if latest.savings <= 0:
        return NOT_MET, "no_savings", {"savings": _money(latest.savings),
                                       "month": latest.month.isoformat()}
    if len(checkins) < need:
        return UNKNOWN, "too_few_checkins", {"have": len(checkins), "need": need}
    earlier = checkins[-need]
    params = {"savings": _money(latest.savings), "month": latest.month.isoformat(),
              "earlier_savings": _money(earlier.savings),
              "earlier_month": earlier.month.isoformat()}
    if latest.savings >= earlier.savings:
        return MET, "savings_kept", params
    return NOT_MET, "savings_fell", params


def _repays(loans, as_of, t):
    if not loans:
        return UNKNOWN, "no_loan", {}
    grace = timedelta(days=t.on_time_grace_days)
    due = on_time = 0
    for loan in loans:
        for installment in loan.installments:
            paid_on = installment.paid_on if installment.paid_on and installment.paid_on <= as_of else None
            if paid_on is None and installment.due_on + grace >= as_of:
                continue  # not due so far: its grace window is still open
            due += 1
            if paid_on is not None and paid_on <= installment.due_on + grace:
                on_time += 1
    dpd = max((loan.days_past_due for loan in loans if loan.active), default=0)
    overdue = dpd > t.max_days_past_due
    params = {"on_time": on_time, "due": due,
              "share_percent": _percent(Decimal(on_time) / due) if due else None,
              "min_percent": _percent(t.on_time_share), "days_past_due": dpd,
              "max_days_past_due": t.max_days_past_due}
    if due == 0:
        return (NOT_MET, "overdue", params) if overdue else (UNKNOWN, "nothing_due_yet", params)
    late = on_time < t.on_time_share * due
    if late and overdue:
        return NOT_MET, "late_and_overdue", params
    if late:
        return NOT_MET, "late_instalments", params
    if overdue:
        return NOT_MET, "overdue", params
    return MET, "repays_on_time", params


def _debt(loans, checkins, t):
    active = [loan for loan in loans if loan.active]
    if not active:
        return UNKNOWN, "no_active_loan", {}
    need = t.profit_checkins
    if len(checkins) < need:
        return UNKNOWN, "too_few_checkins", {"have": len(checkins), "need": need}
    installment = sum((loan.monthly_installment for loan in active), Decimal(0))
    capacity = _mean(sum((c.profit + c.other_income for c in checkins[-need:]), Decimal(0)), need)
    params = {"monthly_installment": _money(installment), "capacity": _money(capacity),
              "share_percent": _percent(installment / capacity) if capacity > 0 else None,
              "max_percent": _percent(t.debt_ratio), "checkins": need}
    if capacity <= 0:
        return NOT_MET, "no_capacity", params
    if installment <= t.debt_ratio * capacity:
        return MET, "burden_ok", params
    return NOT_MET, "burden_high", params


def _engaged(inputs, as_of, t):
    if inputs.months_in_programme < t.engaged_months:
        return UNKNOWN, "too_new", {"months_in_programme": inputs.months_in_programme,
                                    "need": t.engaged_months}
    window = t.session_window_days
    windows_with_session = set()
    for day in inputs.session_dates:
        if day <= as_of:
            index = (as_of - day).days // window
            if index < t.engaged_months:
                windows_with_session.add(index)
    due = done = 0
    for action in inputs.actions:
        if action.status == "dropped":
            continue
        is_done = action.status == "done" and (action.completed_on is None
                                               or action.completed_on <= as_of)
        if is_done or action.due_on < as_of:
            due += 1
            done += is_done
    missed = len(windows_with_session) < t.engaged_months
    undone = due > 0 and done < t.actions_done_share * due
    params = {"months_with_session": len(windows_with_session), "months": t.engaged_months,
              "window_days": window, "actions_done": done, "actions_due": due,
              "done_percent": _percent(Decimal(done) / due) if due else None,
              "min_percent": _percent(t.actions_done_share)}
    if missed and undone:
        return NOT_MET, "missed_sessions_and_actions", params
    if missed:
        return NOT_MET, "missed_sessions", params
    if undone:
        return NOT_MET, "actions_not_done", params
    return MET, "engaged", params


# -- serialisation ------------------------------------------------------------------

def inputs_digest(inputs: Inputs, *, thresholds: Thresholds | None = None) -> str:
    """SHA-256 (hex) of the canonical JSON of ``inputs``: equal inputs, equal digests,
    whatever the order of the tuples and the exponent of the Decimals (``1500000`` and
    ``1500000.00`` are the same amount). With ``thresholds`` the digest covers them too,
    so a config change makes an old snapshot stale."""
    canonical = {
        "checkins": sorted((_canonical_checkin(c) for c in inputs.checkins), key=_dumps),
        "loans": sorted((_canonical_loan(loan) for loan in inputs.loans), key=_dumps),
        "session_dates": sorted(d.isoformat() for d in inputs.session_dates),
        "actions": sorted(([a.due_on.isoformat(), a.status, _iso(a.completed_on)]
                           for a in inputs.actions), key=_dumps),
        "months_in_programme": inputs.months_in_programme,
    }
    if thresholds is not None:
        canonical["thresholds"] = {k: _canonical_value(v) for k, v in thresholds.to_dict().items()}
    return hashlib.sha256(_dumps(canonical).encode("utf-8")).hexdigest()


def to_dict(assessment: Assessment) -> dict:
    """JSON-able form (for ``reports.models.Assessment.results``); ``from_dict`` reverses
    it exactly."""
    return {
        "method_version": assessment.method_version,
        "as_of": assessment.as_of.isoformat(),
        "criteria": [{"number": c.number, "code": c.code, "status": c.status,
                      "weight": c.weight, "reason": c.reason, "params": dict(c.params)}
                     for c in assessment.criteria],
        "score": None if assessment.score is None else str(assessment.score),
        "band": assessment.band,
        "weights_known": assessment.weights_known,
        "weights_met": assessment.weights_met,
        "ready_to_graduate": assessment.ready_to_graduate,
        "graduation_blockers": list(assessment.graduation_blockers),
    }


def from_dict(data: Mapping) -> Assessment:
    """The :class:`Assessment` stored by :func:`to_dict`. Extra keys (the thresholds or
    an inputs summary stored alongside) are ignored; missing ones raise KeyError."""
    return Assessment(
        method_version=data["method_version"],
        as_of=date.fromisoformat(data["as_of"]),
        criteria=tuple(CriterionResult(number=int(c["number"]), code=c["code"],
                                       status=c["status"], weight=int(c["weight"]),
                                       reason=c["reason"], params=dict(c.get("params") or {}))
                       for c in data["criteria"]),
        score=None if data["score"] is None else Decimal(str(data["score"])),
        band=data["band"],
        weights_known=int(data["weights_known"]),
        weights_met=int(data["weights_met"]),
        ready_to_graduate=bool(data["ready_to_graduate"]),
        graduation_blockers=tuple(data.get("graduation_blockers", ())),
    )


def changes(previous: Assessment | None, current: Assessment) -> list[Change]:
    """What changed from ``previous`` to ``current``: the band (if different), the score
    (if different; ``delta`` when both are known), then each criterion whose status
    changed, by number (a criterion only one of them has shows None on the other side).
    No previous assessment: no changes."""
    if previous is None:
        return []
    out = []
    if previous.band != current.band:
        out.append(Change("band", None, previous.band, current.band))
    if previous.score != current.score:
        delta = (None if previous.score is None or current.score is None
                 else current.score - previous.score)
        out.append(Change("score", None, _str_or_none(previous.score),
                          _str_or_none(current.score), delta))
    before = {c.code: c for c in previous.criteria}
    after = {c.code: c for c in current.criteria}
    numbers = {c.code: c.number for c in (*previous.criteria, *current.criteria)}
    for code in sorted(before.keys() | after.keys(), key=lambda code: (numbers[code], code)):
        old = before[code].status if code in before else None
        new = after[code].status if code in after else None
        if old != new:
            out.append(Change("criterion", code, old, new))
    return out


# -- helpers ------------------------------------------------------------------------

def _month_end(month: date) -> date:
    first_of_next = date(month.year + month.month // 12, month.month % 12 + 1, 1)
    return first_of_next - timedelta(days=1)


def _mean(total: Decimal, count: int) -> Decimal:
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return total / count


def _money(amount: Decimal) -> str:
    return str(Decimal(amount).quantize(_MONEY, rounding=ROUND_HALF_EVEN))


def _percent(fraction: Decimal) -> str:
    with localcontext() as ctx:
        ctx.prec = _PRECISION
        return str((Decimal(fraction) * 100).quantize(_ONE_DECIMAL, rounding=ROUND_HALF_EVEN))


def _str_or_none(value) -> str | None:
    return None if value is None else str(value)


def _iso(day: date | None) -> str | None:
    return None if day is None else day.isoformat()


def _canonical_value(value):
    if isinstance(value, bool) or value is None or isinstance(value, (int, str)):
        return value
    if isinstance(value, Decimal):
        return "0" if value == 0 else format(value.normalize(), "f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return [_canonical_value(v) for v in value]
    raise TypeError(f"cannot digest {type(value).__name__}")


def _canonical_checkin(c: CheckinInput) -> dict:
    return {"month": c.month.isoformat(), "revenue": _canonical_value(c.revenue),
            "costs": _canonical_value(c.costs), "other_income": _canonical_value(c.other_income),
            "savings": _canonical_value(c.savings), "practices_score": c.practices_score,
            "keeps_records": bool(c.keeps_records), "separates_money": bool(c.separates_money)}


def _canonical_loan(loan: LoanInput) -> dict:
    return {"installments": sorted(([i.due_on.isoformat(), _iso(i.paid_on)]
                                    for i in loan.installments), key=_dumps),
            "days_past_due": loan.days_past_due,
            "monthly_installment": _canonical_value(loan.monthly_installment),
            "active": bool(loan.active)}


def _dumps(value) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=True)


__all__ = [
    "ActionInput", "Assessment", "BANDS", "BERKEMBANG", "BLOCKER_CODES", "CRITERIA", "Change",
    "CheckinInput", "CriterionResult", "DATA_KURANG", "DEFAULT_THRESHOLDS", "InstallmentInput",
    "Inputs", "LoanInput", "MANDIRI", "MET", "METHOD_VERSION", "NOT_MET", "PRACTICES_MAX",
    "REASON_CODES", "RENTAN", "STATUSES", "Thresholds", "UNKNOWN", "assess", "band_for",
    "changes", "from_dict", "graduation_blockers", "inputs_digest", "score_of",
    "to_dict",
]
