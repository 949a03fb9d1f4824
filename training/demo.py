"""Demo training for ``flask seed-demo``: one programme and three cohorts — one completed
(the demo trainee among those who completed), one running with sessions and attendance,
one planned and full with a waiting list — made through the real services.

Bounded (about 60 enrolments) whatever the number of trainees.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone

from sqlalchemy import select

from accounts.models import User
from extensions import db
from trainees.models import Trainee

from . import services

JAKARTA = timezone(timedelta(hours=7))
CURRICULUM = [
    "Motivasi dan pola pikir wirausaha",
    "Mengenal pasar dan pelanggan",
    "Menghitung harga pokok dan harga jual",
    "Pembukuan sederhana dan pemisahan uang usaha",
    "Pemasaran digital: WhatsApp, marketplace, media sosial",
    "Legalitas usaha: NIB dan sertifikat halal",
    "Menyusun rencana usaha",
    "Mengelola pinjaman dan angsuran",
]


@dataclass
class TrainingDemoResult:
    cohorts: int
    enrolments: int
    completed: int


def _at(day: date, hour: int = 9) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=JAKARTA).astimezone(timezone.utc)


def seed_training(*, users: dict[str, User], today: date, seed: int) -> TrainingDemoResult:
    """No commit."""
    rng = random.Random(f"training-{seed}")
    admin, officer = users["admin"], users["officer"]
    programme = services.create_programme(services.ProgrammeData(
        name="Pelatihan Wirausaha Dasar",
        description="Pelatihan kewirausahaan untuk peserta dari keluarga miskin dan miskin ekstrem.",
        curriculum="\n".join(CURRICULUM)), actor=admin)
    rows = db.session.execute(select(Trainee.id, Trainee.user_id).order_by(Trainee.id).limit(60)).all()
    if not rows:
        return TrainingDemoResult(0, 0, 0)
    own = [r.id for r in rows if r.user_id == users["trainee"].id]
    others = [r.id for r in rows if r.user_id != users["trainee"].id]
    groups = [own + others[:19], others[19:34], others[34:56]]
    plans = [
        ("Pelatihan Wirausaha Angkatan 1 – Babakan Ciparay", "32.73.03.1001", "Aula Kelurahan Babakan Ciparay",
         today - timedelta(days=120), 20),
        ("Pelatihan Wirausaha Angkatan 2 – Cibeunying Kidul", "32.73.14.1001", "Balai RW 05 Padasuka",
         today - timedelta(days=10), 20),
        ("Pelatihan Wirausaha Angkatan 3 – Bojongloa Kidul", "32.73.17.1001", "Aula Kelurahan Situsaeur",
         today + timedelta(days=21), 20),
    ]
    enrolments = completed = 0
    for number, ((name, code, venue, starts, capacity), trainee_ids) in enumerate(zip(plans, groups)):
        cohort = services.create_cohort(services.CohortData(
            programme_id=programme.id, name=name, trainer=rng.choice(["Dra. Rina Kurniasih", "Asep Hidayat, S.E."]),
            kelurahan_code=code, venue=venue, starts_on=starts,
            ends_on=starts + timedelta(days=28), capacity=capacity), actor=admin)
        for trainee_id in trainee_ids:
            services.enrol(cohort, db.session.get(Trainee, trainee_id), actor=officer, now=_at(starts - timedelta(days=7)))
            enrolments += 1
        if number == 2:
            continue  # planned: enrolment open, a waiting list
        enrolled = [e for e in cohort.enrolments if e.status == "enrolled"]
        held = [starts + timedelta(days=4 * i) for i in range(8)]
        for i, day in enumerate(d for d in held if d <= today):
            # most come; a few miss many sessions (and will not complete)
            present = {e.id for e in enrolled if (e.trainee_id in own) or rng.random() < (0.9 if e.id % 6 else 0.5)}
            services.record_session(cohort, held_on=day, topic=CURRICULUM[i % len(CURRICULUM)], duration_minutes=180,
                                    present_enrolment_ids=present, actor=officer, today=today)
        if number == 0:
            for e in enrolled:
                if e.trainee_id in own or rng.random() < 0.9:
                    services.mark_business_plan(e, True, actor=officer, on=starts + timedelta(days=28))
            done, _ = services.complete_cohort(cohort, actor=admin, now=_at(starts + timedelta(days=29), 15))
            completed += len(done)
    return TrainingDemoResult(cohorts=3, enrolments=enrolments, completed=completed)
