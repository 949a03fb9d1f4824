"""Demo CSR partners for ``flask seed-demo``: three partners with earmarked agreements,
fundings of the demo loans that match each earmark, three published stories and a draft
(about trainees the first partner financed), and the ``partner`` login of the first
partner — all made through ``partners.services`` so every row obeys the rules and is
audited.

Deterministic for an ``rng`` and ``today``; bounded (at most about 90 fundings) whatever
the number of loans. Run it after the loans (``loans.demo.seed_loans``); without loans the
partners, agreements and login are still made. No commit.
"""
from __future__ import annotations

import random
from collections import Counter
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal

from flask import current_app
from sqlalchemy import select

from accounts.models import User
from extensions import db
from loans.models import Loan, LoanStatus
from trainees.models import Trainee

from . import services
from .models import Agreement, LoanFunding

#: The demo login of the first partner (password: the demo password).
PARTNER_USERNAME = "partner"
#: Agreements are signed this long before ``today`` (the demo loans go back about 15 months).
SIGNED_DAYS_AGO = 430
THOUSAND = Decimal(1000)

PARTNERS = [
    dict(name="Bank BJB – CSR", sector="banking", contact_name="Rahmawati Suryana",
         contact_email="csr@bjb-demo.example", contact_phone="022 4234567",
         notes="Program TJSL: modal usaha untuk keluarga miskin ekstrem, laporan triwulanan."),
    dict(name="Yayasan Peduli Bandung", sector="foundation", contact_name="Hendra Gunawan",
         contact_email="program@peduli-demo.example", contact_phone="022 7301234",
         notes="Dana zakat produktif untuk satu kecamatan."),
    dict(name="PT Telkom CSR", sector="telecom", contact_name="Dian Puspitasari",
         contact_email="csr@telkom-demo.example", contact_phone="022 4521234",
         notes="Pembinaan UMKM kuliner, termasuk pemasaran digital."),
]

STORIES = [
    ("Dari gerobak ke warung tetap",
     "Dulu berjualan gorengan keliling dengan gerobak. Dengan pinjaman modal dan pendampingan, kini punya "
     "warung tetap di depan rumah, mencatat penjualan setiap hari dan menabung untuk sekolah anak."),
    ("Jahitan yang makin dikenal",
     "Mesin jahit baru membuat pesanan seragam sekolah selesai lebih cepat. Omzet naik hampir dua kali lipat "
     "dan kini seorang tetangga ikut bekerja membantu menjahit."),
    ("Katering rumahan untuk hajatan",
     "Berawal dari pesanan nasi kotak pengajian, usaha katering rumahan ini kini melayani hajatan warga "
     "se-RW. Uang usaha dan uang rumah tangga sekarang dipisah."),
    ("Kebun lele di lahan sempit",
     "Kolam terpal di halaman belakang menghasilkan panen lele setiap dua bulan; hasilnya dijual ke warung "
     "makan di sekitar rumah."),
]


def _round_thousand(amount: Decimal) -> Decimal:
    return (amount / THOUSAND).quantize(Decimal(1), rounding=ROUND_HALF_EVEN) * THOUSAND


def _fund(agreement: Agreement, *, actor: User, rng: random.Random, count: int, share: float) -> list[LoanFunding]:
    """Finance up to ``count`` loans the agreement may finance (drawn at random): the whole
    unfinanced principal, or about ``share`` of it for every third loan; never beyond the
    agreement's remaining commitment."""
    candidates = services.eligible_loans(agreement, limit=500)
    rng.shuffle(candidates)
    made = []
    for n, (loan, unfinanced) in enumerate(candidates[:count]):
        _financed, remaining = services.agreement_balance(agreement)
        amount = unfinanced if n % 3 else min(unfinanced, _round_thousand(unfinanced * Decimal(str(share))))
        amount = min(amount, remaining)
        if amount < Decimal(500_000):
            break
        made.append(services.fund_loan(agreement, loan, actor=actor, amount=amount,
                                       on=max(agreement.signed_on, loan.disbursed_on)))
    return made


def _busiest_kecamatan() -> str | None:
    """The kecamatan where most disbursed (not written-off) loans' trainees live."""
    codes = Counter(db.session.scalars(
        select(Trainee.kecamatan_code).join(Loan, Loan.trainee_id == Trainee.id)
        .where(Loan.status != LoanStatus.WRITTEN_OFF.value)))
    return codes.most_common(1)[0][0] if codes else None


def seed_partners(*, actor: User, today: date, rng: random.Random, password: str | None = None) -> dict:
    """Create the demo partners (``actor`` must be an administrator). Returns counts:
    partners, agreements, fundings, amount_financed, stories, published_stories, and the
    usernames created (``users``)."""
    signed_on = today - timedelta(days=SIGNED_DAYS_AGO)
    year = signed_on.year
    bjb, yayasan, telkom = [services.create_partner(actor=actor, **values) for values in PARTNERS]
    plans = [
        (bjb, dict(reference=f"PKS/001/CSR-BJB/{year}", amount_committed=Decimal(150_000_000),
                   earmark_poverty_status="extreme_poor",
                   notes="Khusus keluarga miskin ekstrem (DTSEN desil 1)."), 30, 0.5),
        (bjb, dict(reference=f"PKS/014/CSR-BJB/{year}", amount_committed=Decimal(120_000_000),
                   notes="Tanpa batasan wilayah atau sektor."), 30, 0.6),
        (yayasan, dict(reference=f"YPB/ZP/{year}/07", amount_committed=Decimal(60_000_000),
                       earmark_kecamatan_code=_busiest_kecamatan()), 15, 0.5),
        (telkom, dict(reference=f"TLK/CSR/UMKM/{year}/3", amount_committed=Decimal(80_000_000),
                      earmark_sector="food", notes="UMKM kuliner."), 15, 0.4),
    ]
    agreements, fundings = [], []
    for partner, values, count, share in plans:
        agreement = services.create_agreement(partner, actor=actor, signed_on=signed_on, **values)
        agreements.append(agreement)
        fundings += _fund(agreement, actor=actor, rng=rng, count=count, share=share)

    # stories about trainees the first partner financed: three published, one draft
    financed = sorted({f.loan.trainee_id for f in fundings if f.agreement.partner_id == bjb.id})
    rng.shuffle(financed)
    stories = []
    trainee_ids = iter(financed)
    for number, (title, body) in enumerate(STORIES):
        for trainee_id in trainee_ids:
            trainee = db.session.get(Trainee, trainee_id)
            try:
                story = services.create_story(trainee, actor=actor, title=title, body=body)
            except services.ValidationFailed:  # the text happens to hold a word of their name
                continue
            if number < 3:
                services.publish_story(story, actor=actor, consent_on=today - timedelta(days=20 + 30 * number))
            stories.append(story)
            break

    user = services.create_partner_user(
        bjb, actor=actor, username=PARTNER_USERNAME, full_name="Rahmawati Suryana (Bank BJB)",
        password=password if password is not None else current_app.config["DEMO_PASSWORD"])
    db.session.flush()
    return {
        "partners": 3,
        "agreements": len(agreements),
        "fundings": len(fundings),
        "amount_financed": sum((f.amount for f in fundings), Decimal(0)),
        "stories": len(stories),
        "published_stories": sum(1 for s in stories if s.status == "published"),
        "users": [user.username],
    }
