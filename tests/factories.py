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
