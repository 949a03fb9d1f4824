"""Sentences for the sustainability assessment, in the reader's language.

``reports.sustainability`` returns codes and figures only (``reason`` + ``params``); this
module turns them into text with Flask-Babel, so a stored assessment reads in whatever
language the page or PDF is rendered in. English source strings; the Indonesian band
names (Mandiri, Berkembang, Rentan, Data kurang) are kept in English too, with a gloss.

Every function accepts a ``CriterionResult`` / ``Change`` or the equivalent dict stored in
``reports.models.Assessment.results`` (so templates can pass either). Money is shown in
whole rupiah (``Rp 1.500.000``), months as "March 2025", percentages with the locale's
decimal separator.
"""
from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from decimal import Decimal

from flask_babel import format_date, format_decimal, gettext as _, lazy_gettext as _l

from formatting import format_rupiah
from reports.sustainability import (
    DEFAULT_THRESHOLDS,
    MET,
    NOT_MET,
    UNKNOWN,
    Thresholds,
)

_TITLES = {
    "operating": _l("Business operating"),
    "profitable": _l("Profitable"),
    "stable": _l("Revenue stable or growing"),
    "practices": _l("Business practices"),
    "records": _l("Records and separate money"),
    "saving": _l("Saving"),
    "repays": _l("Repays on time"),
    "debt": _l("Debt burden"),
    "engaged": _l("Engaged in mentoring"),
}

_BANDS = {
    "mandiri": _l("Mandiri (sustainable)"),
    "berkembang": _l("Berkembang (developing)"),
    "rentan": _l("Rentan (at risk)"),
    "data_kurang": _l("Data kurang (insufficient data)"),
}

_STATUSES = {MET: _l("Met"), NOT_MET: _l("Not met"), UNKNOWN: _l("Unknown")}


def criterion_title(code: str) -> str:
    """The short name of a criterion (``"repays"`` -> "Repays on time")."""
    return str(_TITLES.get(code, code))


def band_label(band: str | None) -> str:
    """``"mandiri"`` -> "Mandiri (sustainable)" in English, "Mandiri" in Indonesian."""
    if band is None:
        return ""
    return str(_BANDS.get(band, band))


def status_label(status: str | None) -> str:
    """Met / Not met / Unknown; "Not assessed" for None (a criterion one assessment lacks)."""
    if status is None:
        return _("Not assessed")
    return str(_STATUSES.get(status, status))


def reason_text(result) -> str:
    """One sentence, with the figures, explaining a criterion's status."""
    code, reason, params = _get(result, "code"), _get(result, "reason"), _get(result, "params") or {}
    writer = _REASONS.get((code, reason)) or _REASONS.get((None, reason))
    if writer is None:  # a code from a later method version this code does not know
        return _("No explanation available (%(reason)s).", reason=reason)
    return writer(params)


def blocker_text(code: str, *, thresholds: Thresholds = DEFAULT_THRESHOLDS) -> str:
    """Why the trainee cannot graduate yet, for one code of ``graduation_blockers``."""
    if code == "too_early":
        return _("Has been in the programme for less than %(months)s months.",
                 months=thresholds.graduate_months)
    writer = _BLOCKERS.get(code)
    return str(writer) if writer is not None else code


def change_text(change) -> str:
    """One sentence for a :class:`reports.sustainability.Change`."""
    kind, before, after = _get(change, "kind"), _get(change, "before"), _get(change, "after")
    if kind == "band":
        return _("Band changed from %(before)s to %(after)s.",
                 before=band_label(before), after=band_label(after))
    if kind == "score":
        if before is None:
            return _("Score is now %(after)s (no score before).", after=_number(after))
        if after is None:
            return _("No score now (it was %(before)s).", before=_number(before))
        delta = Decimal(after) - Decimal(before)
        return _("Score changed from %(before)s to %(after)s (%(delta)s).",
                 before=_number(before), after=_number(after), delta=_signed(delta))
    return _("%(criterion)s: %(before)s → %(after)s.", criterion=criterion_title(_get(change, "code")),
             before=status_label(before), after=status_label(after))


# -- reasons ------------------------------------------------------------------------

def _no_checkins(p):
    return _("No business check-in has been recorded yet.")


def _too_few_checkins(p):
    return _("Needs %(need)s monthly check-ins; %(have)s recorded so far.",
             need=p["need"], have=p["have"])


def _revenue_recent(p):
    return _("Revenue of %(revenue)s recorded for %(month)s.",
             revenue=_money(p["revenue"]), month=_month(p["month"]))


def _no_revenue(p):
    return _("No revenue recorded for %(month)s.", month=_month(p["month"]))


def _no_recent_checkin(p):
    return _("No check-in for the last %(days)s days; the latest is for %(month)s.",
             days=p["max_days"], month=_month(p["last_month"]))


def _profit_positive(p):
    return _("Mean profit over the last %(count)s check-ins is %(profit)s.",
             count=p["checkins"], profit=_money(p["mean_profit"]))


def _profit_not_positive(p):
    return _("Mean profit over the last %(count)s check-ins is %(profit)s: the business is "
             "not making a profit.", count=p["checkins"], profit=_money(p["mean_profit"]))


def _revenue_stable(p):
    if p.get("change_percent") is None:
        return _("Mean revenue of the last %(months)s check-ins is %(recent)s, against none "
                 "in the %(months)s before.", months=p["months"], recent=_money(p["recent_mean"]))
    return _("Mean revenue of the last %(months)s check-ins is %(recent)s against %(previous)s "
             "in the %(months)s before (%(change)s).", months=p["months"],
             recent=_money(p["recent_mean"]), previous=_money(p["previous_mean"]),
             change=_signed_percent(p["change_percent"]))


def _revenue_falling(p):
    allowed = Decimal(100) - Decimal(p["min_percent"])
    return _("Revenue is falling: mean of the last %(months)s check-ins is %(recent)s against "
             "%(previous)s in the %(months)s before (%(change)s; a fall of at most %(allowed)s "
             "is accepted).", months=p["months"], recent=_money(p["recent_mean"]),
             previous=_money(p["previous_mean"]), change=_signed_percent(p["change_percent"]),
             allowed=_percent(allowed))


def _practices_enough(p):
    return _("Follows %(score)s of %(max)s business practices (at least %(min)s needed).",
             score=p["score"], max=p["max"], min=p["min"])


def _practices_too_few(p):
    return _("Follows only %(score)s of %(max)s business practices; at least %(min)s are needed.",
             score=p["score"], max=p["max"], min=p["min"])


def _records_and_separation(p):
    return _("Keeps business records and separates business money from household money.")


def _no_records(p):
    return _("Separates business money from household money but keeps no business records.")


def _money_not_separated(p):
    return _("Keeps business records but does not separate business money from household money.")


def _no_records_no_separation(p):
    return _("Keeps no business records and does not separate business money from household money.")


def _savings_kept(p):
    return _("Savings of %(savings)s in %(month)s, not below the %(earlier)s of %(earlier_month)s.",
             savings=_money(p["savings"]), month=_month(p["month"]),
             earlier=_money(p["earlier_savings"]), earlier_month=_month(p["earlier_month"]))


def _no_savings(p):
    return _("No savings in %(month)s.", month=_month(p["month"]))


def _savings_fell(p):
    return _("Savings fell to %(savings)s in %(month)s from %(earlier)s in %(earlier_month)s.",
             savings=_money(p["savings"]), month=_month(p["month"]),
             earlier=_money(p["earlier_savings"]), earlier_month=_month(p["earlier_month"]))


def _repays_on_time(p):
    return _("%(on_time)s of %(due)s instalments due were paid on time (%(share)s); "
             "%(days)s days past due now.", on_time=p["on_time"], due=p["due"],
             share=_percent(p["share_percent"]), days=p["days_past_due"])


def _late_instalments(p):
    return _("Only %(on_time)s of %(due)s instalments due were paid on time (%(share)s; at "
             "least %(min)s needed).", on_time=p["on_time"], due=p["due"],
             share=_percent(p["share_percent"]), min=_percent(p["min_percent"]))


def _overdue(p):
    return _("%(days)s days past due now (at most %(max)s allowed).",
             days=p["days_past_due"], max=p["max_days_past_due"])


def _late_and_overdue(p):
    return _("Only %(on_time)s of %(due)s instalments due were paid on time (%(share)s; at "
             "least %(min)s needed), and %(days)s days past due now (at most %(max)s allowed).",
             on_time=p["on_time"], due=p["due"], share=_percent(p["share_percent"]),
             min=_percent(p["min_percent"]), days=p["days_past_due"], max=p["max_days_past_due"])


def _no_loan(p):
    return _("Has not borrowed from the programme.")


def _nothing_due_yet(p):
    return _("No instalment has fallen due yet.")


def _burden_ok(p):
    return _("The monthly instalment of %(installment)s is %(share)s of the mean monthly profit "
             "and other income of %(capacity)s (at most %(max)s).",
             installment=_money(p["monthly_installment"]), share=_percent(p["share_percent"]),
             capacity=_money(p["capacity"]), max=_percent(p["max_percent"]))


def _burden_high(p):
    return _("The monthly instalment of %(installment)s is %(share)s of the mean monthly profit "
             "and other income of %(capacity)s, above %(max)s.",
             installment=_money(p["monthly_installment"]), share=_percent(p["share_percent"]),
             capacity=_money(p["capacity"]), max=_percent(p["max_percent"]))


def _no_capacity(p):
    return _("The monthly instalment is %(installment)s but the mean monthly profit and other "
             "income is %(capacity)s.", installment=_money(p["monthly_installment"]),
             capacity=_money(p["capacity"]))


def _no_active_loan(p):
    return _("No active loan.")


def _engaged(p):
    if not p.get("actions_due"):
        return _("Attended a session in each of the last %(months)s months; no action item was "
                 "due.", months=p["months"])
    return _("Attended a session in each of the last %(months)s months; %(done)s of %(due)s "
             "action items due are done.", months=p["months"], done=p["actions_done"],
             due=p["actions_due"])


def _missed_sessions(p):
    return _("Attended a session in %(attended)s of the last %(months)s months (every month "
             "needed).", attended=p["months_with_session"], months=p["months"])


def _actions_not_done(p):
    return _("Only %(done)s of %(due)s action items due are done (%(share)s; at least %(min)s "
             "needed).", done=p["actions_done"], due=p["actions_due"],
             share=_percent(p["done_percent"]), min=_percent(p["min_percent"]))


def _missed_sessions_and_actions(p):
    return _("Attended a session in %(attended)s of the last %(months)s months (every month "
             "needed), and only %(done)s of %(due)s action items due are done (%(share)s; at "
             "least %(min)s needed).", attended=p["months_with_session"], months=p["months"],
             done=p["actions_done"], due=p["actions_due"], share=_percent(p["done_percent"]),
             min=_percent(p["min_percent"]))


def _too_new(p):
    return _("In the programme for %(months)s months; engagement is judged from %(need)s months.",
             months=p["months_in_programme"], need=p["need"])


#: (criterion code or None for any, reason code) -> sentence writer
_REASONS = {
    (None, "no_checkins"): _no_checkins,
    (None, "too_few_checkins"): _too_few_checkins,
    ("operating", "revenue_recent"): _revenue_recent,
    ("operating", "no_revenue"): _no_revenue,
    ("operating", "no_recent_checkin"): _no_recent_checkin,
    ("profitable", "profit_positive"): _profit_positive,
    ("profitable", "profit_not_positive"): _profit_not_positive,
    ("stable", "revenue_stable"): _revenue_stable,
    ("stable", "revenue_falling"): _revenue_falling,
    ("practices", "practices_enough"): _practices_enough,
    ("practices", "practices_too_few"): _practices_too_few,
    ("records", "records_and_separation"): _records_and_separation,
    ("records", "no_records"): _no_records,
    ("records", "money_not_separated"): _money_not_separated,
    ("records", "no_records_no_separation"): _no_records_no_separation,
    ("saving", "savings_kept"): _savings_kept,
    ("saving", "no_savings"): _no_savings,
    ("saving", "savings_fell"): _savings_fell,
    ("repays", "repays_on_time"): _repays_on_time,
    ("repays", "late_instalments"): _late_instalments,
    ("repays", "overdue"): _overdue,
    ("repays", "late_and_overdue"): _late_and_overdue,
    ("repays", "no_loan"): _no_loan,
    ("repays", "nothing_due_yet"): _nothing_due_yet,
    ("debt", "burden_ok"): _burden_ok,
    ("debt", "burden_high"): _burden_high,
    ("debt", "no_capacity"): _no_capacity,
    ("debt", "no_active_loan"): _no_active_loan,
    ("engaged", "engaged"): _engaged,
    ("engaged", "missed_sessions"): _missed_sessions,
    ("engaged", "actions_not_done"): _actions_not_done,
    ("engaged", "missed_sessions_and_actions"): _missed_sessions_and_actions,
    ("engaged", "too_new"): _too_new,
}

_BLOCKERS = {
    "band_not_mandiri": _l("The score is not yet in the Mandiri (sustainable) band."),
    "operating_not_met": _l("The business is not shown to be operating."),
    "operating_unknown": _l("There is no check-in to show the business is operating."),
    "profitable_not_met": _l("The business is not making a profit."),
    "profitable_unknown": _l("Too few check-ins to show the business is profitable."),
    "repays_not_met": _l("Loan instalments are not being paid on time."),
    "repays_unknown": _l("No instalment has fallen due yet, so repayment cannot be judged."),
}


# -- formatting ---------------------------------------------------------------------

def _get(obj, name):
    return obj.get(name) if isinstance(obj, Mapping) else getattr(obj, name)


def _money(value) -> str:
    return format_rupiah(Decimal(value), with_sen=False)


def _month(value) -> str:
    month = value if isinstance(value, date) else date.fromisoformat(value)
    return format_date(month, "MMMM yyyy")


def _number(value) -> str:
    return format_decimal(Decimal(value).normalize() if Decimal(value) else Decimal(0))


def _percent(value) -> str:
    return _("%(number)s%%", number=_number(value))


def _signed(value) -> str:
    value = Decimal(value)
    return ("+" if value > 0 else "") + format_decimal(value)


def _signed_percent(value) -> str:
    return _("%(number)s%%", number=_signed(Decimal(value).normalize() if Decimal(value) else 0))
