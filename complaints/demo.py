"""Demo complaints for ``flask seed-demo``: a few months of cases in every state, made
through the real services (so timelines, deadlines, notifications and audit events are
what the application itself would write), plus the fixed-date national holidays.

A bounded number (``COUNT``) whatever the number of trainees: complaints are a handful per
month in a programme, not one per trainee.
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
from .models import ComplaintCategory, ComplaintChannel, ComplaintKind, Holiday

COUNT = 60
JAKARTA = timezone(timedelta(hours=7))

#: Fixed-date national holidays (the moving Islamic, Chinese and Christian feasts and the
#: cuti bersama days change every year: admins add them at /complaints/holidays from the
#: government's joint decree).
FIXED_HOLIDAYS = [
    ((1, 1), "Tahun Baru Masehi"),
    ((5, 1), "Hari Buruh Internasional"),
    ((6, 1), "Hari Lahir Pancasila"),
    ((8, 17), "Hari Kemerdekaan Republik Indonesia"),
    ((12, 25), "Hari Raya Natal"),
]

#: (kind, category, subject, description) in the words trainees use.
CASES = [
    (ComplaintKind.COMPLAINT, ComplaintCategory.LOAN, "Angsuran sudah dibayar tapi masih tercatat menunggak",
     "Saya sudah membayar angsuran bulan ini lewat petugas, tetapi di aplikasi masih tertulis terlambat."),
    (ComplaintKind.COMPLAINT, ComplaintCategory.MENTORING, "Pendamping jarang datang",
     "Sudah dua bulan pendamping belum berkunjung ke tempat usaha saya. Mohon dijadwalkan kembali."),
    (ComplaintKind.INFORMATION, ComplaintCategory.LOAN, "Syarat pinjaman tahap kedua",
     "Saya ingin tahu syarat untuk mengajukan pinjaman kedua setelah pinjaman pertama lunas."),
    (ComplaintKind.ASPIRATION, ComplaintCategory.TRAINING, "Usul pelatihan pemasaran online",
     "Kami ingin ada pelatihan berjualan di marketplace dan media sosial untuk ibu-ibu di RW kami."),
    (ComplaintKind.URGENT, ComplaintCategory.OTHER, "Tempat usaha terkena banjir",
     "Warung saya terendam banjir semalam, stok barang rusak. Mohon bantuan dan penjadwalan ulang angsuran."),
    (ComplaintKind.COMPLAINT, ComplaintCategory.DATA_PRIVACY, "Nomor HP saya tersebar",
     "Ada orang yang menghubungi saya menawarkan pinjaman dan tahu data saya dari program ini."),
    (ComplaintKind.INFORMATION, ComplaintCategory.TRAINING, "Jadwal pelatihan angkatan berikutnya",
     "Kapan pelatihan wirausaha angkatan berikutnya di kecamatan kami dan bagaimana cara mendaftar?"),
    (ComplaintKind.URGENT, ComplaintCategory.LOAN, "Anggota keluarga sakit, tidak bisa bayar minggu ini",
     "Suami saya dirawat di rumah sakit, saya mohon keringanan angsuran untuk dua minggu."),
]

MISCONDUCT = ("Petugas meminta uang tambahan saat pencairan",
              "Saat pencairan pinjaman, petugas meminta uang 'administrasi' Rp 200.000 tanpa kuitansi.")

ANSWERS = [
    "Terima kasih atas laporannya. Sudah kami periksa dan catatan pembayaran telah diperbaiki.",
    "Jadwal kunjungan pendamping sudah diatur ulang; pendamping akan menghubungi Ibu/Bapak minggu ini.",
    "Informasi yang diminta sudah kami kirimkan; silakan datang ke kantor kecamatan bila perlu penjelasan.",
    "Usulan diterima dan akan dibahas dalam rencana pelatihan triwulan depan.",
]


@dataclass
class ComplaintDemoResult:
    complaints: int
    holidays: int


def _at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour, 0), tzinfo=JAKARTA).astimezone(timezone.utc)


def seed_complaints(*, users: dict[str, User], today: date, seed: int) -> ComplaintDemoResult:
    """Holidays and ``COUNT`` complaints received over the last ~100 days, advanced through
    the workflow by the demo staff. No commit."""
    rng = random.Random(f"complaints-{seed}")
    admin = users["admin"]
    holidays = 0
    for year in (today.year - 1, today.year, today.year + 1):
        for (month, day), name in FIXED_HOLIDAYS:
            if db.session.get(Holiday, date(year, month, day)) is None:
                services.add_holiday(date(year, month, day), name, actor=admin, now=_at(today, 8))
                holidays += 1
    trainee_rows = db.session.execute(
        select(Trainee.id, Trainee.user_id, Trainee.full_name).order_by(Trainee.id).limit(500)).all()
    own = next((row for row in trainee_rows if row.user_id == users["trainee"].id), None)
    staff = [users["officer"], users["officer2"], users["mentor"], users["mentor2"]]
    made = 0
    for number in range(COUNT):
        received = today - timedelta(days=rng.randint(0, 100))
        kind, category, subject, description = rng.choice(CASES)
        now = _at(received, rng.randint(8, 19))
        if number == 0 and own is not None:
            complaint = services.file_complaint(
                services.ComplaintData(kind=ComplaintKind.COMPLAINT.value, category=ComplaintCategory.LOAN.value,
                                       subject=CASES[0][2], description=CASES[0][3]),
                channel=ComplaintChannel.PORTAL, actor=users["trainee"], now=_at(today - timedelta(days=9), 9))
            received, now = today - timedelta(days=9), _at(today - timedelta(days=9), 9)
        elif number == 1:
            complaint = services.file_complaint(
                services.ComplaintData(kind=ComplaintKind.MISCONDUCT.value,
                                       category=ComplaintCategory.STAFF_CONDUCT.value, subject=MISCONDUCT[0],
                                       description=MISCONDUCT[1], accused_description="Petugas pencairan",
                                       confidential=True),
                channel=ComplaintChannel.PUBLIC, actor=None, now=now, ip=f"198.51.100.{number}")
        elif rng.random() < 0.3:
            complaint = services.file_complaint(
                services.ComplaintData(kind=kind.value, category=category.value, subject=subject,
                                       description=description,
                                       complainant_name=rng.choice([None, "Warga RW 05", "Ibu Sari"]),
                                       complainant_contact=rng.choice([None, "0812 3456 7890"])),
                channel=ComplaintChannel.PUBLIC, actor=None, now=now, ip=f"203.0.113.{number}")
        else:
            row = rng.choice(trainee_rows)
            filer = rng.choice(staff[:2])
            complaint = services.file_complaint(
                services.ComplaintData(kind=kind.value, category=category.value, subject=subject,
                                       description=description, trainee_id=row.id,
                                       confidential=rng.random() < 0.1),
                channel=ComplaintChannel.STAFF, actor=filer, now=now)
        made += 1
        _advance(complaint, rng, users=users, staff=staff, received=received, today=today, number=number)
    # this morning's `flask complaints escalate`: overdue ones marked, old answers closed
    services.escalate(now=_at(today, 6))
    return ComplaintDemoResult(complaints=made, holidays=holidays)


def _advance(complaint, rng, *, users, staff, received: date, today: date, number: int) -> None:
    """Move a complaint along the workflow as far as its age (and chance) allows."""
    admin = users["admin"]
    age = (today - received).days
    if number == 0:  # the demo trainee's own: answered, waiting for their confirmation
        services.verify(complaint, actor=admin, now=_at(received + timedelta(days=1), 10))
        services.assign(complaint, users["officer"], actor=admin, now=_at(received + timedelta(days=1), 11))
        services.start_work(complaint, actor=users["officer"], now=_at(received + timedelta(days=2), 9))
        services.answer(complaint, ANSWERS[0], actor=users["officer"], now=_at(received + timedelta(days=4), 14))
        return
    if number == 1:  # misconduct: verified, the accused linked, an admin investigates
        services.verify(complaint, actor=admin, now=_at(received + timedelta(days=1), 10),
                        accused_user_id=users["officer2"].id)
        services.assign(complaint, admin, actor=admin, now=_at(received + timedelta(days=1), 11))
        return
    # a programme that mostly keeps its promises: older cases are usually finished, and a
    # few of every age are stuck (they show up as overdue)
    stage = rng.random() if age < 21 or rng.random() < 0.12 else 0.46 + 0.54 * rng.random()
    if age < 2 or stage < 0.12:
        return  # still waiting for verification (old ones are overdue)
    verify_day = received + timedelta(days=rng.choice([0, 1, 1, 1, 2, 2, 3, 6]))
    if verify_day > today:
        return
    if stage < 0.18:
        services.decline(complaint, status="not_authority", actor=admin, now=_at(verify_day, 10),
                         reason="Urusan bantuan sosial ditangani Dinas Sosial; pelapor sudah kami arahkan ke sana.")
        return
    services.verify(complaint, actor=admin, now=_at(verify_day, 10))
    if stage < 0.25:
        return
    assignee = rng.choice(staff)
    services.assign(complaint, assignee, actor=admin, now=_at(verify_day, 11))
    if stage < 0.35:
        return
    start_day = min(verify_day + timedelta(days=1), today)
    services.start_work(complaint, actor=assignee, now=_at(start_day, 9))
    if rng.random() < 0.5:
        services.add_note(complaint, "Sudah menghubungi pelapor per telepon; data sedang dicek.",
                          actor=assignee, now=_at(start_day, 10))
    if stage < 0.45:
        return
    answer_day = start_day + timedelta(days=rng.choice([1, 1, 2, 3, 4, 5, 7, 9, 12, 20]))
    if answer_day > today:
        return
    services.answer(complaint, rng.choice(ANSWERS), actor=assignee, now=_at(answer_day, 15))
    close_day = answer_day + timedelta(days=rng.randint(0, 5))
    if stage < 0.85 and close_day <= today and complaint.complainant_user_id is None \
            and complaint.channel != ComplaintChannel.PUBLIC.value:
        return  # filed by staff for someone without a login: waits for auto-close
    if stage < 0.85 and close_day <= today:
        if complaint.complainant_user_id is not None:
            complainant = db.session.get(User, complaint.complainant_user_id)
        else:
            complainant = None
        services.close(complaint, actor=complainant, now=_at(close_day, 18))
