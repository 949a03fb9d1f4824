"""A CSR partner's report: what its agreements financed and how those loans and
businesses are doing, by kecamatan, with the stories trainees agreed to tell. Read-only.

Definitions (money in rupiah, Decimal; ``as_of`` is "today" of the report):

- *Financed loans*: loans with a funding (``LoanFunding``) of one of the partner's
  agreements dated on or before ``as_of``; *funded* = the partner's amount of the loan
  (all its agreements together), ≤ the principal. A trainee and their loans count in the
  kecamatan the trainee lives in now.
- ``amount_financed``: Σ funded.
- ``outstanding``: the partner's share of the principal outstanding of the *active*
  financed loans: per loan principal outstanding × funded ÷ principal, rounded to the
  sen HALF_EVEN, then summed. Closed and written-off loans are outside it (as in
  ``loans.portfolio``).
- ``par30_amount``: the same share for the active loans more than 30 days past due
  (oldest unpaid instalment due before ``as_of`` − 30 days); PAR30 = par30_amount ÷
  outstanding in percent (``loans.portfolio.percent``).
- ``amount_due`` / ``amount_collected``: scheduled principal + interest + fee of the
  financed loans' instalments (any loan status) due up to the day before ``as_of``, and
  what has been paid towards them; whole instalments (not the partner's share: the rate
  is the same). Repayment rate = collected ÷ due; None when nothing fell due.
- ``bands``: each financed trainee's latest sustainability assessment with ``as_of`` on
  or before the report's (latest ``as_of``, then latest computed), ``not_assessed``
  without one.
- Balances and days past due are the loans' current summary columns (as the programme
  report), so a report of a past date shows today's repayments.

Small cells (``MIN_CELL``). No individual's repayment may be read off the report: a
kecamatan with fewer than ``MIN_CELL`` financed trainees is merged into one "other" row
(``kecamatan_code`` None); if that row would still have fewer than ``MIN_CELL``, the
smallest kecamatan rows are merged into it too, so subtracting the shown rows from the
totals never isolates fewer than ``MIN_CELL`` trainees. A row (only ever the totals and
the single "other" row holding everything) with fewer than ``MIN_CELL`` trainees is
*suppressed*: its counts of trainees and loans are shown, its money figures are None,
its bands empty, and its rates None.

Stories: the partner's financed trainees' *published* stories with consent given on or
before ``as_of`` (withdrawn ones never), newest consent first, at most ``MAX_STORIES``;
each with the kecamatan, business sector and latest band — never the trainee's name,
NIK, phone or address.

:func:`partner_report` runs five SQL statements whatever the data.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from extensions import Money, db
from loans.models import Loan, LoanInstallment, LoanStatus
from loans.portfolio import percent
from reports.models import Assessment
from reports.services import BAND_KEYS, NOT_ASSESSED
from trainees.models import Business, Kecamatan, Sector, Trainee

from .models import Agreement, LoanFunding, Partner, StoryStatus, TraineeStory

#: A row (or the totals) describing fewer financed trainees than this shows counts only.
MIN_CELL = 3
#: Days past due beyond which a financed loan is at risk (PAR30).
PAR_DAYS = 30
MAX_STORIES = 5
CENT = Decimal("0.01")
ZERO = Decimal("0.00")


@dataclass
class PartnerRow:
    """One kecamatan (or the merged "other" row: ``kecamatan_code`` None), or the totals.
    Money figures are None, ``bands`` empty when ``suppressed``."""

    kecamatan_code: str | None
    kecamatan_name: str | None
    trainees: int
    loans: int
    amount_financed: Decimal | None
    #: The partner's share of the active financed loans' principal outstanding.
    outstanding: Decimal | None
    #: ... of those more than 30 days past due.
    par30_amount: Decimal | None
    #: Instalments (whole) of the financed loans due up to the day before as_of, and paid towards them.
    amount_due: Decimal | None
    amount_collected: Decimal | None
    #: Latest band -> trainees (BAND_KEYS order, "not_assessed" included).
    bands: dict[str, int] = field(default_factory=dict)
    suppressed: bool = False

    @property
    def is_other(self) -> bool:
        return self.kecamatan_code is None

    @property
    def par30(self) -> Decimal | None:
        """Percent (0.01 HALF_EVEN); 0.00 with nothing outstanding; None when suppressed."""
        if self.suppressed:
            return None
        return percent(self.par30_amount, self.outstanding)

    @property
    def repayment_rate(self) -> Decimal | None:
        """Percent collected of what fell due; None when nothing fell due or suppressed."""
        if self.suppressed or not self.amount_due:
            return None
        return percent(self.amount_collected, self.amount_due)


@dataclass
class AgreementLine:
    agreement: Agreement
    #: Financed against the agreement up to as_of, and what is left of its commitment.
    financed: Decimal
    remaining: Decimal
    loans: int


@dataclass
class Story:
    """A published story, anonymous: no name, NIK, phone or address."""

    title: str
    body: str
    kecamatan_name: str
    sector_label: str | None
    band: str | None


@dataclass
class PartnerReport:
    partner: Partner
    as_of: date
    agreements: list[AgreementLine]
    totals: PartnerRow
    #: By kecamatan, most trainees first (then name); the merged "other" row last.
    rows: list[PartnerRow]
    stories: list[Story]
    #: Instalments due up to this day count in amount_due (the day before as_of).
    due_until: date | None = None


class _Cell:
    """Figures being summed for a row."""

    def __init__(self, code: str | None, name: str | None):
        self.code, self.name = code, name
        self.trainee_ids: set[int] = set()
        self.loans = 0
        self.financed = self.outstanding = self.par30 = self.due = self.collected = ZERO
        self.bands: Counter = Counter()

    def add(self, other: "_Cell") -> None:
        self.trainee_ids |= other.trainee_ids
        self.loans += other.loans
        self.financed += other.financed
        self.outstanding += other.outstanding
        self.par30 += other.par30
        self.due += other.due
        self.collected += other.collected
        self.bands.update(other.bands)

    def row(self) -> PartnerRow:
        n = len(self.trainee_ids)
        if 0 < n < MIN_CELL:
            return PartnerRow(self.code, self.name, n, self.loans, None, None, None, None, None, {}, True)
        return PartnerRow(self.code, self.name, n, self.loans, self.financed, self.outstanding, self.par30,
                          self.due, self.collected, {k: self.bands.get(k, 0) for k in BAND_KEYS}, False)


def _financed_loans(partner_id: int, as_of: date):
    """Subquery: loan_id, funded (the partner's amount of it) for fundings dated up to as_of."""
    return (
        select(LoanFunding.loan_id.label("loan_id"), func.sum(LoanFunding.amount, type_=Money).label("funded"))
        .join(Agreement, Agreement.id == LoanFunding.agreement_id)
        .where(Agreement.partner_id == partner_id, LoanFunding.funded_on <= as_of)
        .group_by(LoanFunding.loan_id)
        .subquery("financed")
    )


def _latest_bands(trainee_ids, as_of: date):
    """Subquery: trainee_id, band of each trainee's latest assessment as of ``as_of``
    (ordered as reports.services.latest_assessment)."""
    ranked = (
        select(Assessment.trainee_id.label("trainee_id"), Assessment.band.label("band"),
               func.row_number().over(partition_by=Assessment.trainee_id,
                                      order_by=(Assessment.as_of.desc(), Assessment.created_at.desc(),
                                                Assessment.id.desc())).label("rn"))
        .where(Assessment.as_of <= as_of, Assessment.trainee_id.in_(trainee_ids))
        .subquery("ranked")
    )
    return select(ranked.c.trainee_id, ranked.c.band).where(ranked.c.rn == 1).subquery("latest_band")


def _share(amount: Decimal, funded: Decimal, principal: Decimal) -> Decimal:
    """amount × funded ÷ principal, to the sen, HALF_EVEN."""
    return (amount * funded / principal).quantize(CENT, rounding=ROUND_HALF_EVEN)


def partner_report(partner: Partner, *, as_of: date) -> PartnerReport:
    """The partner's report as of ``as_of`` (see the module docstring for every
    definition). Five statements: financed loans, their instalments, the trainees' bands,
    the agreements, the stories."""
    partner_id = partner.id
    financed = _financed_loans(partner_id, as_of)
    due_until = as_of - timedelta(days=1)
    at_risk_before = as_of - timedelta(days=PAR_DAYS)

    # 1. financed loans, one row each
    loans = db.session.execute(
        select(Loan.id, Loan.trainee_id, Trainee.kecamatan_code, Kecamatan.name, Loan.principal, Loan.status,
               Loan.principal_outstanding, Loan.oldest_unpaid_due_on, financed.c.funded)
        .join(financed, financed.c.loan_id == Loan.id)
        .join(Trainee, Trainee.id == Loan.trainee_id)
        .join(Kecamatan, Kecamatan.code == Trainee.kecamatan_code)
    ).all()

    # 2. their instalments due before as_of
    i = LoanInstallment
    dues = {loan_id: (due or ZERO, paid or ZERO) for loan_id, due, paid in db.session.execute(
        select(i.loan_id, func.sum(i.principal_due + i.interest_due + i.fee_due, type_=Money),
               func.sum(i.principal_paid + i.interest_paid + i.fee_paid, type_=Money))
        .where(i.loan_id.in_(select(financed.c.loan_id)), i.due_on <= due_until)
        .group_by(i.loan_id)
    )}

    # 3. the financed trainees' latest bands
    financed_trainees = select(Loan.trainee_id).join(financed, financed.c.loan_id == Loan.id)
    latest = _latest_bands(financed_trainees, as_of)
    bands = dict(db.session.execute(select(latest.c.trainee_id, latest.c.band)).all())

    cells: dict[str, _Cell] = {}
    for (loan_id, trainee_id, code, name, principal, status, principal_outstanding, oldest_unpaid,
         funded) in loans:
        cell = cells.get(code) or cells.setdefault(code, _Cell(code, name))
        if trainee_id not in cell.trainee_ids:
            cell.trainee_ids.add(trainee_id)
            cell.bands[bands.get(trainee_id, NOT_ASSESSED)] += 1
        cell.loans += 1
        cell.financed += funded
        if status == LoanStatus.ACTIVE.value:
            share = _share(principal_outstanding, funded, principal)
            cell.outstanding += share
            if oldest_unpaid is not None and oldest_unpaid < at_risk_before:
                cell.par30 += share
        due, paid = dues.get(loan_id, (ZERO, ZERO))
        cell.due += due
        cell.collected += paid

    totals = _Cell(None, None)
    for cell in cells.values():
        totals.add(cell)
    shown = sorted((c for c in cells.values() if len(c.trainee_ids) >= MIN_CELL),
                   key=lambda c: (-len(c.trainee_ids), c.name.casefold(), c.code))
    other = _Cell(None, None)
    for cell in cells.values():
        if len(cell.trainee_ids) < MIN_CELL:
            other.add(cell)
    # complementary merging: totals − shown rows must not isolate a small group either
    while 0 < len(other.trainee_ids) < MIN_CELL and shown:
        other.add(shown.pop())
    rows = [c.row() for c in shown] + ([other.row()] if other.trainee_ids else [])

    # 4. agreements with what they financed up to as_of
    per_agreement = (
        select(LoanFunding.agreement_id.label("agreement_id"),
               func.sum(LoanFunding.amount, type_=Money).label("financed"), func.count().label("loans"))
        .where(LoanFunding.funded_on <= as_of)
        .group_by(LoanFunding.agreement_id)
        .subquery("per_agreement")
    )
    agreements = [
        AgreementLine(agreement=agreement, financed=amount or ZERO,
                      remaining=agreement.amount_committed - (amount or ZERO), loans=int(count or 0))
        for agreement, amount, count in db.session.execute(
            select(Agreement, per_agreement.c.financed, per_agreement.c.loans)
            .outerjoin(per_agreement, per_agreement.c.agreement_id == Agreement.id)
            .where(Agreement.partner_id == partner_id, Agreement.signed_on <= as_of)
            .options(joinedload(Agreement.earmark_kecamatan))
            .order_by(Agreement.signed_on.desc(), Agreement.id.desc())
        )
    ]

    # 5. stories of the financed trainees (latest band beside each)
    story_band = _latest_bands(select(TraineeStory.trainee_id).where(
        TraineeStory.status == StoryStatus.PUBLISHED.value), as_of)
    stories = [
        Story(title=title, body=body, kecamatan_name=kecamatan_name,
              sector_label=str(Sector(sector).label) if sector else None, band=band)
        for title, body, kecamatan_name, sector, band in db.session.execute(
            select(TraineeStory.title, TraineeStory.body, Kecamatan.name, Business.sector, story_band.c.band)
            .join(Trainee, Trainee.id == TraineeStory.trainee_id)
            .join(Kecamatan, Kecamatan.code == Trainee.kecamatan_code)
            .outerjoin(Business, Business.trainee_id == Trainee.id)
            .outerjoin(story_band, story_band.c.trainee_id == Trainee.id)
            .where(TraineeStory.status == StoryStatus.PUBLISHED.value, TraineeStory.consent_on <= as_of,
                   TraineeStory.trainee_id.in_(financed_trainees))
            .order_by(TraineeStory.consent_on.desc(), TraineeStory.id.desc())
            .limit(MAX_STORIES)
        )
    ]

    return PartnerReport(partner=partner, as_of=as_of, agreements=agreements, totals=totals.row(), rows=rows,
                         stories=stories, due_until=due_until)
