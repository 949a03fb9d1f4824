"""One place that builds valid objects, through the services (so they obey every rule)."""
from __future__ import annotations

import itertools
from datetime import date

from accounts import services as account_services
from accounts.models import Role, User
from extensions import db
from trainees import services as trainee_services
from trainees.identity import build_nik
from trainees.services import BusinessData, TraineeData

_counter = itertools.count(1)


class Factory:
    PASSWORD = "kuat-sekali-2026"

    def __init__(self):
        self._admin = None

    def user(self, role: Role | str = Role.ADMIN, *, username: str | None = None, full_name: str | None = None) -> User:
        role = Role(role)
        n = next(_counter)
        user = account_services.create_user(
            username=username or f"{role.value}{n}",
            full_name=full_name or f"{role.value.title()} {n}",
            role=role,
            password=self.PASSWORD,
            actor=None,
        )
        db.session.commit()
        return user

    @property
    def admin(self) -> User:
        if self._admin is None:
            self._admin = self.user(Role.ADMIN)
        return self._admin

    def trainee_data(self, **overrides) -> TraineeData:
        n = next(_counter)
        gender = overrides.get("gender", "F" if n % 2 else "M")
        born_on = overrides.get("born_on", date(1985 + n % 20, 1 + n % 12, 1 + n % 28))
        values = dict(
            nik=build_nik("327301", born_on, gender, n % 9999 + 1),
            full_name=f"Siti Peserta {n}",
            gender=gender,
            born_on=born_on,
            phone=f"0812{n:08d}",
            address=f"Jl. Sukasari No. {n}",
            rt="1",
            rw="2",
            kelurahan_code="32.73.01.1001",
            household_size=4,
            poverty_status="poor",
            welfare_decile=2,
            joined_on=date(2026, 1, 15),
            consent_on=date(2026, 1, 15),
            business=BusinessData(name=f"Warung {n}", sector="food"),
        )
        values.update(overrides)
        return TraineeData(**values)

    def trainee(self, *, actor: User | None = None, **overrides):
        trainee = trainee_services.register_trainee(
            self.trainee_data(**overrides), actor=actor or self.admin, today=date(2026, 11, 27)
        )
        db.session.commit()
        return trainee

    # --- Loans (issue 3): built through loans.services -------------------------------

    def product(self, *, actor: User | None = None, **overrides):
        """A monthly declining-balance product, Rp 1-25 million over 3-24 months at 12 %,
        instalments rounded to Rp 100, no fee, no penalty (override any field)."""
        from decimal import Decimal

        from loans import services as loan_services

        n = next(_counter)
        values = dict(
            name=f"Modal Usaha {n}", description=None,
            min_amount=Decimal(1_000_000), max_amount=Decimal(25_000_000), min_term=3, max_term=24,
            frequency="monthly", method="declining", amortization="equal_installments",
            annual_rate=Decimal(12), max_grace_periods=2, rounding_multiple=Decimal(100),
            fee_type="none", fee_value=Decimal(0), fee_timing="deducted",
            penalty_amount=None, penalty_after_days=None, requires_training=False, is_active=True,
        )
        values.update(overrides)
        product = loan_services.create_product(loan_services.ProductData(**values), actor=actor or self.admin)
        db.session.commit()
        return product

    def funding_source(self, *, actor: User | None = None, **overrides):
        from decimal import Decimal

        from loans import services as loan_services

        n = next(_counter)
        values = dict(name=f"APBD Kota Bandung {n}", kind="city_budget", partner_name=None,
                      committed=Decimal(1_000_000_000))
        values.update(overrides)
        source = loan_services.create_funding_source(**values, actor=actor or self.admin)
        db.session.commit()
        return source

    def application(self, *, trainee=None, product=None, actor: User | None = None,
                    on: date = date(2026, 1, 5), approve: bool = False, approver: User | None = None,
                    justification: str | None = None, **overrides):
        """A submitted application (approved by a second officer with ``approve=True``).
        Defaults: Rp 5,000,000 over 12 instalments; revenue 10 M, costs 5 M, household 2 M."""
        from decimal import Decimal

        from loans import services as loan_services

        trainee = trainee or self.trainee()
        product = product or self.product()
        values = dict(
            trainee_id=trainee.id, product_id=product.id, amount=Decimal(5_000_000), term=12,
            grace_periods=0, purpose="Modal kerja warung", business_plan="Menambah stok dagangan.",
            monthly_revenue=Decimal(10_000_000), monthly_costs=Decimal(5_000_000),
            household_expenses=Decimal(2_000_000), other_installments=Decimal(0),
        )
        values.update(overrides)
        application = loan_services.submit_application(
            loan_services.ApplicationData(**values), actor=actor or self.user(Role.OFFICER), on=on)
        if approve:
            loan_services.approve_application(application, actor=approver or self.user(Role.OFFICER),
                                              on=on, justification=justification)
        db.session.commit()
        return application

    def loan(self, *, application=None, funding_source=None, on: date = date(2026, 1, 10),
             actor: User | None = None, method: str = "cash", **application_overrides):
        """An active loan disbursed on ``on`` (by default from a fresh approved
        application and a fresh funding source)."""
        from loans import services as loan_services

        application = application or self.application(approve=True, **application_overrides)
        loan = loan_services.disburse(application, actor=actor or self.user(Role.OFFICER), on=on,
                                      funding_source=funding_source or self.funding_source(), method=method)
        db.session.commit()
        return loan
