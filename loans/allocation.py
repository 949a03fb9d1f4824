"""Allocation of a loan's repayments to its instalments. Pure: standard library only, no
Flask, no database, no clock (the evaluation date ``as_of`` is an argument).

Units: money is ``Decimal`` in currency units (rupiah), never float. Allocation only adds,
subtracts and compares amounts that are already money, so nothing is rounded here and
the parts of every payment sum exactly to its amount.

Rules (see :func:`allocate`):

- payments are applied one by one in the order given (callers pass them ordered by
  ``(paid_on, id)``), so a back-dated payment simply takes its place in the walk and the
  whole allocation is recomputed from scratch on every posting and reversal;
- before a payment dated ``d`` is applied, every instalment whose scheduled dues (fee,
  interest, principal) are still not fully paid and that is more than ``after_days`` days
  late on ``d`` (``due_on + after_days < d``) is charged the flat penalty, once per
  instalment; after the last payment the same happens as of ``as_of``;
- a payment goes to the oldest instalment with anything outstanding first, within it
  penalty -> fee -> interest -> principal, then to the next instalment, and so on.

"Paying more than is due prepays future principal of the following instalments in
order" is implemented literally as that walk: once every instalment due so far is
settled, the rest of the payment settles the *following* instalments one at a time, each
in the order penalty -> fee -> interest -> principal. The schedule is not recomputed
(no re-amortisation, no interest rebate): a prepaid instalment is simply paid early, the
borrower's later instalments are smaller or already paid, and the loan closes earlier.
What is left after every instalment is settled is the payment's ``excess``.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal

ZERO = Decimal(0)


@dataclass(frozen=True)
class InstallmentDue:
    """What one instalment owes by schedule (currency units; ``fee`` is the fee added to
    the first instalment, 0 elsewhere)."""

    number: int  #: 1-based
    due_on: date
    principal: Decimal
    interest: Decimal
    fee: Decimal = ZERO


@dataclass(frozen=True)
class PenaltyRule:
    """A flat ``amount`` (currency units) charged once on each instalment still not fully
    paid more than ``after_days`` whole days after its due date (0: the day after)."""

    amount: Decimal
    after_days: int


@dataclass(frozen=True)
class Payment:
    id: object  #: the caller's key for the payment (a transaction id)
    paid_on: date
    amount: Decimal  #: currency units, > 0


@dataclass(frozen=True)
class Parts:
    """How one payment was allocated; the five parts sum exactly to the payment."""

    penalty: Decimal = ZERO
    fee: Decimal = ZERO
    interest: Decimal = ZERO
    principal: Decimal = ZERO
    excess: Decimal = ZERO  #: beyond everything the loan owes

    @property
    def total(self) -> Decimal:
        return self.penalty + self.fee + self.interest + self.principal + self.excess


@dataclass(frozen=True)
class InstallmentState:
    """An instalment after allocation: what it owes (penalty included once charged) and
    what was paid towards each component."""

    number: int
    due_on: date
    principal_due: Decimal
    interest_due: Decimal
    fee_due: Decimal
    penalty_due: Decimal
    principal_paid: Decimal
    interest_paid: Decimal
    fee_paid: Decimal
    penalty_paid: Decimal
    #: date of the payment that settled it completely (None while anything is outstanding)
    paid_on: date | None

    @property
    def scheduled_due(self) -> Decimal:
        """Fee + interest + principal: what the schedule asks for (no penalty)."""
        return self.principal_due + self.interest_due + self.fee_due

    @property
    def scheduled_paid(self) -> Decimal:
        return self.principal_paid + self.interest_paid + self.fee_paid

    @property
    def total_due(self) -> Decimal:
        return self.scheduled_due + self.penalty_due

    @property
    def total_paid(self) -> Decimal:
        return self.scheduled_paid + self.penalty_paid

    @property
    def outstanding(self) -> Decimal:
        return self.total_due - self.total_paid


@dataclass(frozen=True)
class Allocation:
    installments: tuple[InstallmentState, ...]  #: ordered by number
    payments: dict[object, Parts] = field(default_factory=dict)  #: payment id -> parts
    excess: Decimal = ZERO  #: paid beyond everything owed, all payments together

    @property
    def outstanding(self) -> Decimal:
        return sum((i.outstanding for i in self.installments), ZERO)

    @property
    def is_settled(self) -> bool:
        """Every instalment (penalties included) is fully paid."""
        return all(i.outstanding == 0 for i in self.installments)


# the components of an instalment, in the order a payment settles them
_ORDER = ("penalty", "fee", "interest", "principal")


class _Row:
    """Mutable working copy of one instalment during the walk."""

    __slots__ = ("due", "owed", "paid", "penalty_charged", "paid_on")

    def __init__(self, due: InstallmentDue):
        self.due = due
        self.owed = {"penalty": ZERO, "fee": due.fee, "interest": due.interest, "principal": due.principal}
        self.paid = dict.fromkeys(_ORDER, ZERO)
        self.penalty_charged = False
        self.paid_on: date | None = None

    def scheduled_outstanding(self) -> Decimal:
        return sum(self.owed[k] - self.paid[k] for k in ("fee", "interest", "principal"))

    def outstanding(self) -> Decimal:
        return sum(self.owed[k] - self.paid[k] for k in _ORDER)


def allocate(installments: Sequence[InstallmentDue], payments: Sequence[Payment], *,
             as_of: date, penalty: PenaltyRule | None = None) -> Allocation:
    """Allocate ``payments`` (applied in the given order; callers order them by
    ``(paid_on, id)``) to ``installments`` as of the date ``as_of``; see the module
    docstring for the rules. Exact: no rounding.

    Raises ValueError for a payment that is not positive or is dated after ``as_of``,
    payments out of date order, negative dues, a negative penalty or ``after_days``,
    duplicate instalment numbers; TypeError for float amounts."""
    for due in installments:
        for name in ("principal", "interest", "fee"):
            if _money(getattr(due, name), name) < 0:
                raise ValueError(f"instalment {due.number}: {name} must not be negative")
    numbers = [d.number for d in installments]
    if len(set(numbers)) != len(numbers):
        raise ValueError("instalment numbers must be unique")
    if penalty is not None:
        if _money(penalty.amount, "penalty amount") < 0 or penalty.after_days < 0:
            raise ValueError("penalty amount and after_days must not be negative")
    previous = None
    for payment in payments:
        if _money(payment.amount, "amount") <= 0:
            raise ValueError(f"payment {payment.id!r}: amount must be positive")
        if payment.paid_on > as_of:
            raise ValueError(f"payment {payment.id!r} is dated after as_of ({as_of})")
        if previous is not None and payment.paid_on < previous:
            raise ValueError("payments must be ordered by date")
        previous = payment.paid_on

    rows = [_Row(d) for d in sorted(installments, key=lambda d: d.number)]

    def charge_penalties(on: date) -> None:
        # Charged when the instalment is more than after_days late on ``on``: an
        # instalment paid on due_on + after_days escapes, the next day it does not.
        if penalty is None or penalty.amount == 0:
            return
        for row in rows:
            if (not row.penalty_charged and row.scheduled_outstanding() > 0
                    and row.due.due_on + timedelta(days=penalty.after_days) < on):
                row.owed["penalty"] = penalty.amount
                row.penalty_charged = True

    allocated: dict[object, Parts] = {}
    total_excess = ZERO
    for payment in payments:
        charge_penalties(payment.paid_on)
        left = payment.amount
        parts = dict.fromkeys(_ORDER, ZERO)
        for row in rows:
            if left == 0:
                break
            if row.outstanding() == 0:
                continue
            for name in _ORDER:
                take = min(left, row.owed[name] - row.paid[name])
                if take > 0:
                    row.paid[name] += take
                    parts[name] += take
                    left -= take
            if row.outstanding() == 0:
                row.paid_on = payment.paid_on
        total_excess += left
        allocated[payment.id] = Parts(excess=left, **parts)
    charge_penalties(as_of)

    # An instalment with nothing due at all (a grace period at a zero rate, or a period
    # after rounded-up instalments repaid the loan early) counts as settled together
    # with the instalment before it.
    paid_on: list[date | None] = []
    for row in rows:
        if row.outstanding() != 0:
            paid_on.append(None)
        elif row.due.principal + row.due.interest + row.due.fee == 0 and row.paid_on is None:
            paid_on.append(paid_on[-1] if paid_on else None)
        else:
            paid_on.append(row.paid_on)

    states = tuple(
        InstallmentState(
            number=row.due.number,
            due_on=row.due.due_on,
            principal_due=row.owed["principal"],
            interest_due=row.owed["interest"],
            fee_due=row.owed["fee"],
            penalty_due=row.owed["penalty"],
            principal_paid=row.paid["principal"],
            interest_paid=row.paid["interest"],
            fee_paid=row.paid["fee"],
            penalty_paid=row.paid["penalty"],
            paid_on=settled_on,
        )
        for row, settled_on in zip(rows, paid_on)
    )
    return Allocation(installments=states, payments=allocated, excess=total_excess)


def _money(value, name: str) -> Decimal:
    if isinstance(value, (float, bool)) or not isinstance(value, (Decimal, int)):
        raise TypeError(f"{name} must be a Decimal, not {type(value).__name__}")
    return Decimal(value)
