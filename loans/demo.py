"""Demo loans (``flask seed-demo``): two products, two funding sources, and applications
and loans in every state, built through ``loans.services`` (submit -> approve by another
officer -> disburse -> repayments), so every row obeys the rules and is audited.

Deterministic for a seed and ``today``. Dates are relative to ``today``: loans were
disbursed up to about 15 months before it. The ``trainee`` demo user's record gets an
active loan repaid on time so far; about 40 % of the other trainees (at most
MAX_DEMO_BORROWERS) get one application each, in the states of STATES: the first
trainees drawn take one state each, so every state appears once there are enough
trainees, the rest are drawn by weight.
"""
from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from sqlalchemy import select

from accounts.models import User
from extensions import db
from trainees.models import Trainee

from . import services
from .models import (
    Amortization, FeeTiming, FeeType, Frequency, FundingKind, Loan, LoanApplication, LoanProduct, Method,
    PaymentMethod,
)
from .schedule import build_schedule, due_date

#: Share of the (non-linked) trainees who get an application or a loan, and a cap so that
#: seeding 100,000 trainees does not post hundreds of thousands of repayments.
BORROWER_SHARE = 0.4
MAX_DEMO_BORROWERS = 600
#: The oldest disbursement, in days before ``today`` (about 15 months).
OLDEST_DAYS = 455

#: state -> weight. Application states stop before disbursement; the others are loans.
STATES = {
    "submitted": 5, "approved": 3, "rejected": 4, "withdrawn": 3, "cancelled": 2,
    "current": 40, "1-30": 9, "31-60": 5, "61-90": 4, "91-180": 4, "over-180": 3,
    "closed": 14, "written_off": 4,
}
#: arrears state -> (lowest, highest) days past due wanted today
ARREARS = {"1-30": (1, 30), "31-60": (31, 60), "61-90": (61, 90), "91-180": (91, 180), "over-180": (181, 330)}

WEEKLY = "Mekar Bersama (mingguan, kelompok)"
MONTHLY = "Modal Usaha Bulanan"
APBD = "APBD Kota Bandung"
CSR = "CSR Bank Priangan Sejahtera"

PURPOSES = (
    "Tambah stok dagangan", "Beli etalase dan rak", "Beli mesin jahit baru", "Beli gerobak dan kompor",
    "Modal bahan baku pesanan hajatan", "Beli freezer untuk es dan frozen food", "Perbaikan tempat usaha",
    "Beli bibit dan pakan lele", "Beli peralatan salon", "Beli mesin cuci untuk laundry kiloan",
)
PLANS = (
    "Omzet naik karena stok lebih lengkap; dijual ke warga RW dan lewat WhatsApp.",
    "Pesanan rutin dari pengajian dan sekolah; alat baru mempercepat produksi.",
    "Menambah jam buka dan jenis barang; pelanggan tetap sudah ada.",
    "Kerja sama dengan warung sekitar untuk titip jual.",
)
REJECTIONS = (
    "Pengeluaran rumah tangga terlalu besar dibanding pendapatan usaha.",
    "Usaha belum berjalan tiga bulan; disarankan mengikuti pelatihan dulu.",
    "Masih ada cicilan lain yang belum lunas.",
)
MENTOR_NOTES = (
    "Rajin ikut pertemuan kelompok; usahanya stabil.",
    "Pencatatan keuangan sudah rapi sejak pelatihan.",
    "Saya kenal usahanya, pelanggan tetap banyak.",
)


class LoanDemoError(Exception):
    pass


@dataclass
class LoanDemoResult:
    products: list[LoanProduct]
    sources: list
    #: state name (keys of STATES) -> number of trainees put in that state
    states: dict[str, int] = field(default_factory=dict)
    loans: int = 0
    repayments: int = 0


def demo_products() -> list[services.ProductData]:
    """A weekly flat group-style product (like the group programmes for women
    entrepreneurs) and a monthly declining individual product."""
    return [
        services.ProductData(
            name=WEEKLY,
            description="Pinjaman kelompok perempuan pengusaha ultra mikro; angsuran mingguan di "
                        "pertemuan kelompok, bunga flat.",
            min_amount=Decimal(2_000_000), max_amount=Decimal(10_000_000), min_term=25, max_term=50,
            frequency=Frequency.WEEKLY.value, method=Method.FLAT.value,
            amortization=Amortization.EQUAL_INSTALLMENTS.value, annual_rate=Decimal(24), max_grace_periods=0,
            rounding_multiple=Decimal(100), fee_type=FeeType.PERCENT.value, fee_value=Decimal(1),
            fee_timing=FeeTiming.DEDUCTED.value, penalty_amount=None, penalty_after_days=None,
        ),
        services.ProductData(
            name=MONTHLY,
            description="Pinjaman perorangan untuk usaha yang sudah berjalan; angsuran bulanan, bunga "
                        "menurun (anuitas).",
            min_amount=Decimal(5_000_000), max_amount=Decimal(25_000_000), min_term=6, max_term=24,
            frequency=Frequency.MONTHLY.value, method=Method.DECLINING.value,
            amortization=Amortization.EQUAL_INSTALLMENTS.value, annual_rate=Decimal(15), max_grace_periods=2,
            rounding_multiple=Decimal(100), fee_type=FeeType.FLAT.value, fee_value=Decimal(100_000),
            fee_timing=FeeTiming.FIRST_INSTALLMENT.value, penalty_amount=Decimal(25_000), penalty_after_days=7,
        ),
    ]


def seed_loans(*, users: dict[str, User], today: date, seed: int) -> LoanDemoResult:
    """Products, funding sources, applications and loans for the demo trainees already in
    the database. ``users``: the demo users by username. No commit."""
    return _Seeder(users=users, today=today, rng=random.Random(f"loans-{seed}")).run()


def _round(amount, multiple: int) -> Decimal:
    return (Decimal(amount) / multiple).quantize(Decimal(1), rounding=ROUND_HALF_EVEN) * multiple


def _months_before(day: date, months: int) -> date:
    total = day.year * 12 + day.month - 1 - months
    return date(total // 12, total % 12 + 1, min(day.day, 28))


class _Seeder:
    def __init__(self, *, users: dict[str, User], today: date, rng: random.Random):
        self.users, self.today, self.rng = users, today, rng
        self.admin = users["admin"]
        self.officers = {u.id: u for u in (users["officer"], users["officer2"])}
        self.mentors = {u.id: u for u in (users["mentor"], users["mentor2"])}
        self.keys = 0
        self.result: LoanDemoResult | None = None

    # -- set-up ---------------------------------------------------------------------------

    def run(self) -> LoanDemoResult:
        products = [services.create_product(data, actor=self.admin) for data in demo_products()]
        self.weekly, self.monthly = products
        sources = [
            services.create_funding_source(
                name=APBD, kind=FundingKind.CITY_BUDGET.value, partner_name="Pemerintah Kota Bandung",
                committed=Decimal(6_000_000_000), actor=self.admin),
            services.create_funding_source(
                name=CSR, kind=FundingKind.CSR.value, partner_name="PT Bank Priangan Sejahtera (fiktif)",
                committed=Decimal(2_500_000_000), actor=self.admin),
        ]
        self.sources = sources
        self.result = LoanDemoResult(products=products, sources=sources, states=dict.fromkeys(STATES, 0))

        trainees = list(db.session.scalars(select(Trainee).order_by(Trainee.id)))
        linked = [t for t in trainees if t.user_id == self.users["trainee"].id]
        others = [t for t in trainees if t.user_id is None]
        count = min(round(len(others) * BORROWER_SHARE), MAX_DEMO_BORROWERS)
        chosen = self.rng.sample(others, count)
        names, weights = list(STATES), list(STATES.values())
        plan = [(t, names[i] if i < len(names) else self.rng.choices(names, weights)[0])
                for i, t in enumerate(chosen)]
        for trainee, state in [(t, "linked") for t in linked] + plan:
            try:
                if state == "linked":
                    self._linked_trainee_loan(trainee)
                    continue
                self._build(trainee, state)
            except services.LoanError as err:
                details = getattr(err, "errors", None)
                raise LoanDemoError(
                    f"Demo loan ({state}) for trainee {trainee.id} refused: {err} {details or ''}") from err
            self.result.states[state] += 1
        return self.result

    # -- applications -------------------------------------------------------------------

    def _choose(self, state: str, *, product: LoanProduct | None = None,
                min_term: int = 1) -> tuple[LoanProduct, Decimal, int]:
        """Product, amount and term for a new application."""
        rng = self.rng
        if product is None:
            product = self.weekly if rng.random() < 0.6 else self.monthly
        if product is self.weekly:
            amount = _round(rng.triangular(2_000_000, 10_000_000, 3_000_000), 500_000)
            term = rng.choice((25, 25, 30, 30) if state == "closed" else (25, 25, 30, 40, 50))
            return product, amount, min(max(term, min_term), 50)
        amount = _round(rng.triangular(5_000_000, 25_000_000, 8_000_000), 1_000_000)
        term = rng.choice((6, 6, 9, 12) if state == "closed" else (6, 9, 12, 12, 18, 24))
        return product, amount, min(max(term, min_term), 24)

    def _application(self, trainee: Trainee, product: LoanProduct, amount: Decimal, term: int, *,
                     on: date) -> LoanApplication:
        rng = self.rng
        first = build_schedule(
            principal=amount, annual_rate=product.annual_rate, periods=term, frequency=product.frequency,
            method=product.method, amortization=product.amortization, multiple=product.rounding_multiple,
        )[0].total
        monthly = first * 52 / 12 if product.frequency == Frequency.WEEKLY.value else first
        # Most applicants within the 30 % capacity threshold; about one in ten above it.
        ratio = rng.uniform(0.33, 0.45) if rng.random() < 0.1 else rng.uniform(0.12, 0.28)
        household = _round(rng.uniform(1_500_000, 3_500_000), 50_000)
        cost_share = rng.uniform(0.5, 0.7)
        revenue = _round((monthly / Decimal(str(ratio)) + household) / Decimal(str(1 - cost_share)), 50_000)
        data = services.ApplicationData(
            trainee_id=trainee.id, product_id=product.id, amount=amount, term=term, grace_periods=0,
            purpose=rng.choice(PURPOSES), business_plan=rng.choice(PLANS), monthly_revenue=revenue,
            monthly_costs=_round(revenue * Decimal(str(cost_share)), 50_000), household_expenses=household,
            other_installments=Decimal(0) if rng.random() < 0.8 else _round(rng.uniform(200_000, 600_000), 50_000),
        )
        application = services.submit_application(data, actor=self._officer(trainee), on=on)
        if trainee.mentor_id in self.mentors and rng.random() < 0.4:
            services.recommend(application, text=rng.choice(MENTOR_NOTES), actor=self.mentors[trainee.mentor_id])
        return application

    def _officer(self, trainee: Trainee) -> User:
        return self.officers.get(trainee.officer_id, self.users["officer"])

    def _approver(self, trainee: Trainee) -> User:
        """Four-eyes: the other officer approves."""
        submitter = self._officer(trainee)
        return next(u for u in self.officers.values() if u.id != submitter.id)

    def _approve(self, application: LoanApplication, trainee: Trainee, *, on: date) -> None:
        justification = None
        if application.is_flagged:
            justification = ("Pendapatan suami ikut menopang rumah tangga; usaha sudah berjalan "
                             "lebih dari dua tahun.")
        services.approve_application(application, actor=self._approver(trainee), on=on,
                                     justification=justification)

    # -- loans --------------------------------------------------------------------------

    def _disburse(self, trainee: Trainee, product: LoanProduct, amount: Decimal, term: int, *,
                  start: date) -> Loan:
        """Submit a few days before ``start``, approve (the other officer), disburse on ``start``."""
        rng = self.rng
        application = self._application(trainee, product, amount, term,
                                         on=start - timedelta(days=rng.randint(5, 14)))
        self._approve(application, trainee, on=start - timedelta(days=rng.randint(1, 4)))
        source = self.sources[0] if rng.random() < 0.65 else self.sources[1]
        if services.funding_available(source) < amount:
            source = self.sources[1] if source is self.sources[0] else self.sources[0]
        method = PaymentMethod.CASH.value if product is self.weekly else PaymentMethod.BANK_TRANSFER.value
        loan = services.disburse(application, actor=self._officer(trainee), on=start, funding_source=source,
                                 method=method, reference=f"DEMO-{application.id:05d}")
        self.result.loans += 1
        return loan

    def _pay(self, loan: Loan, on: date, amount: Decimal) -> None:
        self.keys += 1
        method = (PaymentMethod.CASH.value if loan.frequency == Frequency.WEEKLY.value
                  else self.rng.choice((PaymentMethod.BANK_TRANSFER.value, PaymentMethod.QRIS.value,
                                        PaymentMethod.CASH.value)))
        services.post_repayment(
            loan, actor=self.officers.get(loan.officer_id, self.users["officer"]), on=on, amount=amount,
            method=method, reference=None, idempotency_key=f"demo-{self.keys:07d}", today=self.today,
        )
        self.result.repayments += 1

    def _installments(self, loan: Loan) -> list[tuple[int, date, Decimal]]:
        """(number, due_on, scheduled total) per instalment, as disbursed."""
        return [(i.number, i.due_on, i.principal_due + i.interest_due + i.fee_due) for i in loan.installments]

    def _pay_on_time(self, loan: Loan, upto: int, *, early: int = 2) -> None:
        """Pay instalments 1..upto, each on its due date or up to ``early`` days before
        (never later: a late payment would draw the monthly product's penalty)."""
        for number, due_on, total in self._installments(loan)[:upto]:
            on = max(due_on - timedelta(days=self.rng.randint(0, early)), loan.disbursed_on)
            self._pay(loan, min(on, self.today), total)

    def _linked_trainee_loan(self, trainee: Trainee) -> None:
        """The ``trainee`` user's record: a weekly loan 10 weeks in, every instalment paid."""
        submitted_on = self.today - timedelta(days=84)
        data = services.ApplicationData(
            trainee_id=trainee.id, product_id=self.weekly.id, amount=Decimal(3_000_000), term=25, grace_periods=0,
            purpose="Beli freezer untuk es dan frozen food", business_plan=PLANS[0],
            monthly_revenue=Decimal(10_000_000), monthly_costs=Decimal(6_000_000),
            household_expenses=Decimal(1_800_000), other_installments=Decimal(0),
        )
        application = services.submit_application(data, actor=self._officer(trainee), on=submitted_on)
        self._approve(application, trainee, on=submitted_on + timedelta(days=5))
        start = self.today - timedelta(days=72)
        loan = services.disburse(application, actor=self._officer(trainee), on=start, funding_source=self.sources[0],
                                 method=PaymentMethod.CASH.value, reference="DEMO-SITI")
        self.result.loans += 1
        self._pay_on_time(loan, upto=10, early=0)

    def _build(self, trainee: Trainee, state: str) -> None:
        rng, today = self.rng, self.today
        if state in ("submitted", "approved", "rejected", "withdrawn", "cancelled"):
            on = today - timedelta(days=rng.randint(3, 20))
            application = self._application(trainee, *self._choose(state), on=on)
            decided_on = min(on + timedelta(days=rng.randint(1, 3)), today)
            if state == "approved":
                self._approve(application, trainee, on=decided_on)
            elif state == "rejected":
                services.reject_application(application, actor=self._approver(trainee), on=decided_on,
                                            reason=rng.choice(REJECTIONS))
            elif state == "withdrawn":
                services.withdraw_application(application, actor=self._officer(trainee), on=decided_on)
            elif state == "cancelled":
                self._approve(application, trainee, on=decided_on)
                services.cancel_application(application, actor=self._officer(trainee), on=today,
                                            reason="Peserta memutuskan menunda usaha karena pindah rumah.")
            return

        if state == "current":
            product, amount, term = self._choose(state)
            # Short histories keep `flask seed-demo` quick (every repayment goes through
            # the service, which re-allocates the whole loan): up to 16 weeks or 8 months in.
            if product is self.weekly:
                due = rng.randint(2, min(term - 2, 16))
                start = today - timedelta(days=7 * due + rng.randint(0, 6))
            else:
                start = _months_before(today, rng.randint(1, min(term - 1, 8))) - timedelta(days=rng.randint(0, 20))
            loan = self._disburse(trainee, product, amount, term, start=start)
            self._pay_on_time(loan, upto=sum(1 for _, due_on, _ in self._installments(loan) if due_on <= today))
            return

        if state == "closed":
            product, amount, term = self._choose(state, product=self.monthly if rng.random() < 0.7 else self.weekly)
            if product is self.weekly:
                start = today - timedelta(days=7 * term + rng.randint(7, OLDEST_DAYS - 7 * term))
            else:
                start = _months_before(today, term) - timedelta(days=rng.randint(7, max(8, OLDEST_DAYS - 31 * term)))
            loan = self._disburse(trainee, product, amount, term, start=start)
            installments = self._installments(loan)
            if product is self.weekly or rng.random() < 0.25:
                # paid off early: a third of the way through, the rest of the schedule in one payment
                third = len(installments) // 3
                self._pay_on_time(loan, upto=third)
                rest = sum(total for _, _, total in installments[third:])
                self._pay(loan, max(installments[third - 1][1], installments[third][1] - timedelta(days=3)), rest)
            else:
                self._pay_on_time(loan, upto=len(installments))
            return

        # In arrears (or written off): instalments 1..number-1 paid on time, instalment
        # ``number`` fell due ``dpd`` days ago and is at most partly paid.
        low, high = (200, 330) if state == "written_off" else ARREARS[state]
        for _ in range(100):
            dpd = rng.randint(low, high)
            weekly = rng.random() < 0.6
            late = today - timedelta(days=dpd)
            most = (OLDEST_DAYS - dpd) // (7 if weekly else 31)
            if most < 2:
                continue
            number = rng.randint(2, min(most, 10 if weekly else 5))
            start = late - timedelta(days=7 * number) if weekly else _months_before(late, number)
            frequency = Frequency.WEEKLY.value if weekly else Frequency.MONTHLY.value
            if low <= (today - due_date(start, frequency=frequency, number=number)).days <= high:
                break
        else:  # pragma: no cover - the ranges above always leave room
            raise LoanDemoError(f"no schedule fits {state}")
        product, amount, term = self._choose(state, product=self.weekly if weekly else self.monthly,
                                             min_term=number + 1)
        loan = self._disburse(trainee, product, amount, term, start=start)
        self._pay_on_time(loan, upto=number - 1)
        if rng.random() < 0.5:
            _, due_on, total = self._installments(loan)[number - 1]
            self._pay(loan, due_on, _round(total * Decimal(str(rng.uniform(0.2, 0.7))), 1000))
        if state == "written_off":
            services.write_off(loan, actor=self.admin, on=today - timedelta(days=rng.randint(20, 60)),
                               reason="Usaha tutup dan peserta tidak dapat dihubungi lebih dari enam bulan.")
            # a recovery: the family paid something back after the write-off
            self._pay(loan, today - timedelta(days=rng.randint(0, 15)), _round(rng.uniform(150_000, 600_000), 50_000))
