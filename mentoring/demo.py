"""Demo mentoring (``flask seed-demo``): assignment history, a year of sessions with
attendance, action items and monthly business check-ins for the demo trainees.

Runs after the trainees (whose ``bulk_register`` opened each trainee's assignment from
``joined_on``) and, when seeded, the loans. Deterministic for a seed and ``today``:
every choice comes from one ``random.Random``.

What the data looks like, per trainee of a demo mentor:

- **Assignments**: about 3 % (at least two per mentor when there are enough trainees)
  were with the other mentor first and were reassigned, with a reason, 45-330 days ago;
  the old mentor logged the sessions before that day.
- **Sessions** from the day they joined (at most 364 days back) to yesterday: most
  trainees belong to a group of 8-20 (the mentor's trainees, by kelurahan) that meets
  once a month, with attendance (about 88 % present); everyone also gets individual
  visits, calls and training follow-ups (every 2-4 weeks in the first three months and
  for trainees without a group, every 5-11 weeks otherwise). Topics, shared notes and
  staff-only notes in Indonesian; about 1 in 20 trainees stopped coming 35-120 days ago.
- **Action items** agreed in about a third of the individual sessions: done or dropped
  once past, open when not yet due; "sloppy" trainees (about 1 in 10, more among those
  who stopped coming or whose business is failing) leave some overdue.
- **Check-ins** for every month since they joined (at most the last 12 complete months;
  a baseline for the current month for those who joined this month). Businesses follow a
  trajectory: growing (37 %: revenue up 2-6 % a month, costs share and practices
  improving, new sales channels), flat (53 %) or failing (10 %; more among borrowers in
  arrears: the last four profits fall month after month, about half end below zero).
  Amounts are whole rupiah at micro-business scale (Rp 1-20 million revenue a month),
  rounded as people report them. About 1 in 25 trainees stopped reporting months ago.

So a demo mentor's home shows an early-warning list with every kind of reason, without
flagging most of the caseload (about a third, loan arrears included); however few
trainees are seeded, each demo mentor has at least SHOWCASE trainees who stopped coming,
with a sinking business, who stopped reporting and with an overdue action item. The
``trainee`` login's record is a growing business in a group, whose latest visit has a
shared and a staff-only note and left her an overdue action item.

Speed (``--trainees 100000``: about 0.9 million sessions, 1.5 million attendances, 1
million check-ins): rows are generated in plain tuples with ids assigned here and
written in bulk (COPY on PostgreSQL, executemany on SQLite) by a worker thread while the
next batch is generated; a fixed number of queries, none per row. No audit events except
for the reassignments (``mentor.assigned``, as ``assign_mentor`` writes them): the history
is demo background, not actions taken in the app.
"""
from __future__ import annotations

import random
import re
from bisect import bisect
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from decimal import Decimal
from itertools import accumulate
from typing import Iterable
from zoneinfo import ZoneInfo

from sqlalchemy import Table, bindparam, func, select, text, update
from sqlalchemy.schema import AddConstraint, DropConstraint

from accounts import audit
from accounts.models import AuditEvent, User
from extensions import LOCAL_TZ_NAME, db
from trainees.models import Business, Trainee

from .models import (
    ActionItem, ActionOwner, ActionStatus, BusinessCheckin, MentorAssignment, MentoringSession, Practice,
    SalesChannel, SessionAttendance, SessionKind, SessionMode, SessionTopic,
)

#: How far back sessions go (days before ``today``) and check-ins (complete months).
HISTORY_DAYS = 364
HISTORY_MONTHS = 12
#: Shares of trainees (of a demo mentor's caseload).
REASSIGNED_SHARE = 0.03
GROUP_SHARE = 0.75
LAPSED_SHARE = 0.05
STALE_CHECKIN_SHARE = 0.04
SLOPPY_SHARE = 0.1
#: Each demo mentor has at least this many trainees who stopped coming, whose business is
#: sinking, who stopped reporting, and with an overdue action item.
SHOWCASE = 2
TRAJECTORIES = {"growing": 37, "flat": 53, "failing": 10}
#: Rows buffered before a bulk insert.
FLUSH_ROWS = 100_000
#: SQLite page cache during the load (KiB; it grows only as far as needed).
SQLITE_CACHE_KIB = 256 * 1024
#: From this many trainees, PostgreSQL loads the tables below without their foreign keys
#: and adds them back at the end, each checked by one join (as pg_restore does), instead
#: of a lookup and a lock on the referenced row for every inserted row: at 100k trainees
#: about 30 s less. A violation still fails the seed, and the whole transaction with it.
CHECK_KEYS_AFTER = 5_000
LOADED = (MentoringSession, SessionTopic, SessionAttendance, ActionItem, BusinessCheckin)

LOCAL_TZ = ZoneInfo(LOCAL_TZ_NAME)
#: Month (1-12) of Idul Fitri: food, clothes and shops sell more that month.
LEBARAN_MONTH = {2023: 4, 2024: 4, 2025: 3, 2026: 3, 2027: 3, 2028: 2, 2029: 2, 2030: 2}
LEBARAN_SECTORS = {"food", "fashion", "retail"}

REASONS = (
    "Pemerataan jumlah peserta dampingan antar pendamping.",
    "Pendamping sebelumnya dipindah tugas ke wilayah lain.",
    "Permintaan peserta: jadwal kunjungan pendamping lama tidak cocok.",
    "Peserta pindah kontrakan; pendamping baru lebih dekat.",
    "Kelompok digabung dengan kelompok di kelurahan sebelah.",
)

#: sector -> (low, high, mode) monthly revenue in rupiah; (low, high) share of it spent on costs.
REVENUE = {
    "food": ((1_500_000, 12_000_000, 4_000_000), (0.55, 0.75)),
    "retail": ((3_000_000, 20_000_000, 7_000_000), (0.75, 0.88)),
    "fashion": ((1_500_000, 10_000_000, 3_500_000), (0.45, 0.68)),
    "crafts": ((1_000_000, 8_000_000, 2_500_000), (0.42, 0.65)),
    "services": ((1_500_000, 10_000_000, 3_500_000), (0.35, 0.6)),
    "agriculture": ((1_000_000, 9_000_000, 3_000_000), (0.5, 0.72)),
    "other": ((800_000, 5_000_000, 2_000_000), (0.4, 0.65)),
}
#: sector -> channels it starts with (each with a probability).
CHANNELS = {
    "food": {"shop": 0.5, "market": 0.2, "social_media": 0.3, "reseller": 0.3},
    "retail": {"shop": 0.95, "social_media": 0.1},
    "fashion": {"shop": 0.4, "market": 0.3, "social_media": 0.4, "reseller": 0.2},
    "crafts": {"market": 0.3, "reseller": 0.6, "social_media": 0.3},
    "services": {"shop": 0.6, "social_media": 0.2},
    "agriculture": {"market": 0.7, "reseller": 0.5},
    "other": {"shop": 0.3, "reseller": 0.3},
}
#: The practices in the order trainees usually pick them up.
PRACTICE_ORDER = (
    "records_sales", "knows_profit", "compares_prices", "records_purchases", "stock_records", "has_budget",
    "asked_customers", "advertised",
)

MODES = (("field_visit", 50), ("phone", 30), ("video", 5), ("training_follow_up", 15))
#: mode -> possible durations in minutes
DURATIONS = {
    "field_visit": (30, 45, 45, 60, 60, 60, 90, 90, 120),
    "phone": (10, 15, 15, 20, 30),
    "video": (20, 30, 30, 45),
    "training_follow_up": (60, 90, 120, 180),
    "group_meeting": (90, 120, 120, 150),
}

#: trajectory -> topic weights for an individual session (loan_use gets more for borrowers).
TOPIC_WEIGHTS = {
    "growing": {"marketing": 3, "digital_sales": 3, "legal": 2, "product_quality": 2, "savings": 2,
                "pricing": 1, "bookkeeping": 1, "stock": 1},
    "flat": {"bookkeeping": 2, "pricing": 2, "marketing": 2, "stock": 1, "savings": 1, "money_separation": 1,
             "product_quality": 1, "digital_sales": 1},
    "failing": {"stock": 2, "pricing": 2, "money_separation": 2, "bookkeeping": 2, "marketing": 1, "savings": 1},
}
GROUP_CURRICULUM = (
    "bookkeeping", "pricing", "money_separation", "marketing", "savings", "digital_sales", "stock",
    "product_quality", "loan_use", "legal",
)

SHARED_NOTES = {
    "bookkeeping": (
        "Buku kas harian sudah diisi dua minggu terakhir. Pengeluaran kecil (plastik, gas, parkir) masih sering lupa dicatat.",
        "Belajar memisahkan catatan penjualan tunai dan utang pelanggan. Contoh format sudah difoto.",
        "Catatan penjualan sudah rutin. Mulai bulan ini dicoba rekap mingguan setiap Sabtu sore.",
        "Buku kas belum diisi karena sibuk pesanan. Disepakati mencatat malam hari sebelum tidur.",
        "Sudah bisa menghitung untung bersih bulan lalu dari catatan sendiri. Bagus, pertahankan!",
    ),
    "pricing": (
        "Menghitung HPP bersama: bahan baku, gas, kemasan dan tenaga. Harga jual sekarang terlalu tipis, disepakati naik sedikit.",
        "Membandingkan harga dengan tiga pedagang lain di sekitar. Harga kita masih bersaing.",
        "Harga bahan baku naik; dihitung ulang supaya tidak jual rugi.",
        "Mencoba harga paket (beli 3 lebih murah) untuk pelanggan tetap.",
    ),
    "marketing": (
        "Membuat daftar pelanggan tetap di WhatsApp dan mencoba kirim info produk setiap Jumat.",
        "Mencoba titip jual di dua warung dekat sekolah.",
        "Memasang spanduk kecil di depan rumah; beberapa pembeli baru datang karena melihatnya.",
        "Ikut bazar di kantor kelurahan; banyak yang minta nomor WhatsApp.",
    ),
    "digital_sales": (
        "Membuka akun Shopee dan mengunggah foto produk pertama. Foto perlu cahaya lebih terang.",
        "Belajar memakai WhatsApp Business: katalog, pesan otomatis dan label pelanggan.",
        "Pesanan lewat aplikasi ojek online mulai masuk beberapa kali sehari.",
        "Membuat akun Instagram usaha dan jadwal unggah dua kali seminggu.",
    ),
    "product_quality": (
        "Kemasan diganti dengan plastik klip berlabel; produk lebih awet dan terlihat rapi.",
        "Membahas keluhan pelanggan; mutu dijaga dengan takaran yang sama setiap kali produksi.",
        "Tempat kerja sudah lebih bersih dan tertata; siap kalau ada pemeriksaan PIRT.",
    ),
    "stock": (
        "Barang yang lambat laku dikurangi; belanja ke grosir cukup dua kali seminggu.",
        "Membuat kartu stok sederhana untuk barang paling laku.",
        "Stok menumpuk sejak bulan lalu. Disepakati habiskan dulu sebelum belanja lagi.",
    ),
    "loan_use": (
        "Angsuran dibayar tepat waktu. Modal pinjaman dipakai untuk stok, bukan kebutuhan rumah.",
        "Membahas jadwal angsuran dan menyisihkan uang angsuran setiap hari di kaleng terpisah.",
        "Angsuran sempat telat. Sudah dibuat rencana supaya bulan depan kembali tepat waktu.",
    ),
    "savings": (
        "Mulai menabung sedikit setiap hari di tabungan kelompok.",
        "Tabungan sudah cukup untuk membeli peralatan baru tanpa meminjam.",
        "Membuka rekening tabungan di bank terdekat untuk uang usaha.",
    ),
    "legal": (
        "Pendaftaran NIB lewat OSS sudah selesai. Langkah berikutnya: sertifikasi halal gratis (SEHATI).",
        "Menyiapkan dokumen PIRT: KTP, foto tempat produksi, daftar bahan.",
        "Menjelaskan manfaat NIB untuk ikut pameran dan mengajukan pinjaman bank.",
    ),
    "money_separation": (
        "Sepakat memakai dompet terpisah untuk uang usaha dan menggaji diri sendiri setiap hari.",
        "Uang belanja rumah tangga masih diambil dari laci usaha. Dicoba catat setiap pengambilan.",
        "Sudah konsisten memisahkan uang usaha; sisa uang usaha disetor ke tabungan tiap minggu.",
    ),
}
#: (the "other" topic's text, a shared note)
OTHER_TOPICS = (
    ("BPJS Ketenagakerjaan", "Dibantu mendaftar BPJS Ketenagakerjaan untuk pekerja bukan penerima upah."),
    ("Izin tempat usaha dari RW", "Membahas surat keterangan usaha dari RW dan kelurahan."),
    ("Masalah pemasok", "Pemasok bahan sering telat; dicari pemasok cadangan di pasar terdekat."),
    ("Pembagian kerja keluarga", "Anak dan suami ikut membantu; dibahas pembagian tugas supaya tidak bentrok."),
    ("Pelatihan lanjutan", "Informasi pelatihan lanjutan dari Dinas KUMKM bulan depan."),
)
GROUP_NOTES = {
    "bookkeeping": "Pertemuan kelompok: berbagi pengalaman mencatat keuangan; tiap anggota menunjukkan buku kasnya.",
    "pricing": "Materi menghitung harga pokok; setiap anggota membawa contoh produk dan nota belanja.",
    "money_separation": "Diskusi memisahkan uang usaha dan uang rumah tangga; simulasi dengan dua amplop.",
    "marketing": "Berbagi cara menarik pelanggan baru; beberapa anggota sepakat saling titip jual.",
    "savings": "Pembahasan tabungan kelompok; setoran rutin dilanjutkan setiap pertemuan.",
    "digital_sales": "Praktik foto produk dengan HP dan membuat katalog di WhatsApp Business.",
    "stock": "Materi mengatur stok: belanja sesuai catatan penjualan, bukan perkiraan.",
    "product_quality": "Membahas kemasan dan label; contoh kemasan dari anggota lain dibagikan.",
    "loan_use": "Pengingat jadwal angsuran; anggota yang lancar berbagi cara menyisihkan uang angsuran.",
    "legal": "Tanya jawab NIB dan sertifikasi halal gratis bersama petugas kelurahan.",
}
STAFF_NOTES = (
    "Suami baru kena PHK; uang usaha ikut terpakai untuk kebutuhan rumah. Pantau angsuran.",
    "Ada pinjaman lain ke bank keliling (bank emok); peserta malu bercerita. Jangan dibahas di depan kelompok.",
    "Anak sakit dan sempat dirawat; usaha tutup seminggu.",
    "Peserta tampak kurang semangat, usaha lebih banyak dijalankan anaknya. Perlu kunjungan bersama petugas.",
    "Catatan keuangan yang ditunjukkan tidak cocok dengan stok di warung. Cek lagi bulan depan.",
    "Ada konflik dengan tetangga soal tempat jualan; sudah dibicarakan dengan Ketua RW.",
    "Potensi bagus untuk ikut pameran UMKM kota; usulkan ke petugas.",
    "Kontrakan habis bulan depan, kemungkinan pindah. Tanyakan alamat baru.",
    "Mengaku omzet turun, tetapi pembeli tampak ramai. Perlu dicek dengan catatan penjualan.",
    "Suami melarang ikut pertemuan kelompok; kunjungan sebaiknya siang hari.",
)
GROUP_STAFF_NOTES = (
    "Dua anggota belum setor tabungan kelompok tiga minggu berturut-turut.",
    "Ketua kelompok mengeluh ada anggota yang sering telat angsuran; bicarakan terpisah.",
    "Suasana kurang kondusif: ada salah paham soal titip jual antar anggota.",
)
#: Staff notes on the last session of trainees who then stopped coming.
LAPSE_NOTES = (
    "Usaha sedang berhenti; peserta bekerja sebagai buruh cuci harian. Nomor HP sering tidak aktif.",
    "Peserta bilang akan pulang kampung beberapa minggu untuk mengurus orang tua.",
    "Peserta kecewa karena pengajuan pinjaman tambahan belum disetujui; sulit dihubungi sesudahnya.",
    "Suami sakit keras; peserta fokus merawat. Kunjungan ditunda sampai keadaan membaik.",
)
#: topic -> (description, owner) of action items agreed on it.
ACTIONS = {
    "bookkeeping": (("Catat semua penjualan harian di buku kas selama dua minggu", "trainee"),
                    ("Catat juga semua belanja bahan dan pengeluaran kecil", "trainee"),
                    ("Kirim contoh format buku kas sederhana lewat WhatsApp", "mentor")),
    "pricing": (("Hitung HPP untuk tiga produk paling laku", "trainee"),
                ("Survei harga di tiga pedagang lain", "trainee")),
    "marketing": (("Buat daftar pelanggan tetap lengkap dengan nomor WhatsApp", "trainee"),
                  ("Tawarkan titip jual ke dua warung terdekat", "trainee")),
    "digital_sales": (("Unggah sepuluh foto produk ke marketplace", "trainee"),
                      ("Pasang WhatsApp Business dan isi katalog", "trainee"),
                      ("Bantu pendaftaran merchant ojek online", "mentor")),
    "product_quality": (("Coba kemasan baru dengan label dan tanggal produksi", "trainee"),
                        ("Pakai timbangan supaya isi per kemasan sama", "trainee")),
    "stock": (("Buat kartu stok untuk sepuluh barang terlaris", "trainee"),
              ("Habiskan stok lama sebelum belanja lagi", "trainee")),
    "loan_use": (("Sisihkan uang angsuran setiap hari di kaleng terpisah", "trainee"),
                 ("Konfirmasi jadwal angsuran dengan petugas pinjaman", "mentor")),
    "savings": (("Setor tabungan kelompok setiap minggu", "trainee"),
                ("Buka rekening tabungan khusus usaha", "trainee")),
    "legal": (("Daftar NIB lewat OSS", "trainee"),
              ("Cari jadwal pendampingan sertifikasi halal gratis", "mentor"),
              ("Siapkan dokumen untuk PIRT", "trainee")),
    "money_separation": (("Pakai dompet terpisah untuk uang usaha", "trainee"),
                         ("Tentukan gaji harian untuk diri sendiri", "trainee")),
    "other": (("Lengkapi berkas pendaftaran BPJS Ketenagakerjaan", "trainee"),
              ("Hubungi Dinas KUMKM soal pameran UMKM", "mentor")),
}

SESSION_COLUMNS = (
    "id", "kind", "held_on", "starts_at", "duration_minutes", "mode", "kelurahan_code", "topic_other",
    "shared_notes", "staff_notes", "next_session_on", "mentor_id", "created_at", "updated_at",
)
CHANNEL_VALUES = tuple(c.value for c in SalesChannel)
ACTION_COLUMNS = (
    "id", "trainee_id", "session_id", "description", "due_on", "owner", "status", "completed_on",
    "completed_by_id", "created_by_id", "created_at", "updated_at",
)
CHECKIN_COLUMNS = (
    "id", "trainee_id", "month", "revenue", "costs", "other_income", "savings", "paid_workers", "unpaid_workers",
    *(f"sells_{c}" for c in CHANNEL_VALUES), "keeps_records", "separates_money",
    *(f"practice_{p}" for p in PRACTICE_ORDER), "recorded_by_id", "created_at", "updated_at",
)
assert {f"practice_{p.value}" for p in Practice} == {f"practice_{p}" for p in PRACTICE_ORDER}


@dataclass
class MentoringDemoResult:
    reassignments: int = 0
    sessions: int = 0
    group_sessions: int = 0
    attendances: int = 0
    action_items: int = 0
    checkins: int = 0


def seed_mentoring(*, users: dict[str, User], today: date, seed: int) -> MentoringDemoResult:
    """Assignments, sessions, action items and check-ins for the demo trainees already in
    the database. ``users``: the demo users by username. No commit."""
    return _Seeder(users=users, today=today, rng=random.Random(f"mentoring-{seed}")).run()


# -- helpers ----------------------------------------------------------------------------


def _month_index(day: date) -> int:
    return day.year * 12 + day.month - 1


def _month_start(index: int) -> date:
    return date(index // 12, index % 12 + 1, 1)


def _round_to(amount: float, step: int) -> int:
    return int(round(amount / step)) * step


def _reported(amount: float) -> int:
    """Amounts as people report them: to Rp 10,000 (Rp 50,000 from Rp 10 million)."""
    if amount <= 0:
        return 0
    return max(_round_to(amount, 50_000 if amount >= 10_000_000 else 10_000), 10_000)


class _Trainee:
    """What the generator needs to know about one trainee (no ORM objects: 100k of them)."""

    __slots__ = (
        "id", "joined_on", "mentor_id", "kelurahan", "sector", "linked", "assignment_id", "assigned_on",
        "start", "end", "lapsed", "trajectory", "sloppy", "stale", "in_group", "reassigned_on",
        "old_mentor_id", "borrower", "dpd", "last_group_attended", "sinking", "force_overdue",
    )

    def mentor_on(self, day: date) -> int:
        if self.reassigned_on is not None and day < self.reassigned_on:
            return self.old_mentor_id
        return self.mentor_id


class _Seeder:
    def __init__(self, *, users: dict[str, User], today: date, rng: random.Random):
        self.users, self.today, self.rng = users, today, rng
        self.random = rng.random
        self.stamps: dict[tuple, datetime] = {}
        self.topic_weights: dict[tuple, tuple[list[str], list[int]]] = {}
        self.admin = users["admin"]
        self.officers = [users["officer"], users["officer2"]]
        self.mentor_ids = [users["mentor"].id, users["mentor2"].id]
        self.window_start = today - timedelta(days=HISTORY_DAYS)
        self.yesterday = today - timedelta(days=1)
        #: midnight (local) starting today, as UTC: every demo timestamp is before it
        self.cutoff = _utc(datetime(today.year, today.month, today.day, tzinfo=LOCAL_TZ))
        self.result = MentoringDemoResult()
        self.sessions: list[tuple] = []
        self.topics: list[tuple] = []
        self.attendance: list[tuple] = []
        self.actions: list[tuple] = []
        self.checkins: list[tuple] = []
        self.next_id: dict[type, int] = {}
        self.writer: _Writer | None = None

    def run(self) -> MentoringDemoResult:
        trainees = self._load()
        if not trainees:
            return self.result
        for model in (MentoringSession, ActionItem, BusinessCheckin, MentorAssignment):
            table = model.__table__
            self.next_id[model] = (db.session.scalar(select(func.max(table.c.id))) or 0) + 1
        self._profiles(trainees)
        self._reassign(trainees)
        connection = db.session.connection()
        with _large_sqlite_cache(connection), _foreign_keys_afterwards(
                connection, [model.__table__ for model in LOADED], enabled=len(trainees) >= CHECK_KEYS_AFTER):
            self.writer = _Writer(connection)
            try:
                for group in self._groups(trainees):
                    self._group_sessions(group)
                for trainee in trainees:
                    self._individual_sessions(trainee)
                    self._checkins(trainee)
                    if len(self.sessions) + len(self.attendance) + len(self.checkins) >= FLUSH_ROWS:
                        self._flush()
                self._flush()
            finally:
                self.writer.close()  # the last batch written (or its error raised) before going on
        _reset_sequences((MentoringSession, ActionItem, BusinessCheckin, MentorAssignment))
        return self.result

    def _int(self, low: int, high: int) -> int:
        """Like ``random.randint``, at a fraction of the cost (millions of calls at 100k)."""
        return low + int(self.random() * (high - low + 1))

    def _pick(self, items):
        return items[int(self.random() * len(items))]

    def _weighted(self, items, cumulative):
        return items[bisect(cumulative, self.random() * cumulative[-1])]

    def _id(self, model) -> int:
        value = self.next_id[model]
        self.next_id[model] = value + 1
        return value

    # -- loading and planning ---------------------------------------------------------

    def _load(self) -> list[_Trainee]:
        """The demo mentors' trainees with their opening assignment and latest loan."""
        from loans.models import Loan, LoanStatus

        opening = dict(
            (tid, (aid, started_on)) for aid, tid, started_on in db.session.execute(
                select(MentorAssignment.id, MentorAssignment.trainee_id, MentorAssignment.started_on)
                .where(MentorAssignment.ended_on.is_(None))
            )
        )
        loans: dict[int, tuple[str, date | None]] = {}
        for trainee_id, status, oldest_unpaid in db.session.execute(
                select(Loan.trainee_id, Loan.status, Loan.oldest_unpaid_due_on)
                .where(Loan.status.in_((LoanStatus.ACTIVE.value, LoanStatus.WRITTEN_OFF.value)))
                .order_by(Loan.trainee_id, Loan.id)):
            loans[trainee_id] = (status, oldest_unpaid)
        linked_user = self.users["trainee"].id
        trainees = []
        for tid, joined_on, mentor_id, kelurahan, user_id, sector in db.session.execute(
                select(Trainee.id, Trainee.joined_on, Trainee.mentor_id, Trainee.kelurahan_code, Trainee.user_id,
                       Business.sector)
                .outerjoin(Business, Business.trainee_id == Trainee.id)
                .where(Trainee.mentor_id.in_(self.mentor_ids))
                .order_by(Trainee.id)):
            t = _Trainee()
            t.id, t.joined_on, t.mentor_id, t.kelurahan = tid, joined_on, mentor_id, kelurahan
            t.sector = sector or "other"
            t.linked = user_id == linked_user
            t.assignment_id, t.assigned_on = opening.get(tid, (None, joined_on))
            loan = loans.get(tid)
            t.borrower = loan is not None
            t.dpd = (self.today - loan[1]).days if loan and loan[1] and loan[1] < self.today else 0
            t.reassigned_on = t.old_mentor_id = None
            t.last_group_attended = None
            trainees.append(t)
        return trainees

    def _profiles(self, trainees: list[_Trainee]) -> None:
        rng = self.rng
        names, cumulative = list(TRAJECTORIES), list(accumulate(TRAJECTORIES.values()))
        for t in trainees:
            t.start = max(t.joined_on, t.assigned_on, self.window_start)
            if t.dpd > 30:
                t.trajectory = "failing" if rng.random() < 0.6 else "flat"
            elif t.dpd > 0:
                t.trajectory = self._pick(("failing", "flat", "flat"))
            else:
                t.trajectory = self._weighted(names, cumulative)
            t.sinking = rng.random() < 0.5
            lapse_chance = LAPSED_SHARE * (2.5 if t.trajectory == "failing" else 0.8)
            t.lapsed = rng.random() < lapse_chance and self._may_lapse(t)
            sloppy = SLOPPY_SHARE * (5 if t.lapsed else 3 if t.trajectory == "failing" else 1)
            t.sloppy = rng.random() < sloppy
            t.stale = not t.lapsed and rng.random() < STALE_CHECKIN_SHARE
            t.in_group = rng.random() < GROUP_SHARE
            t.force_overdue = False
        self._showcase(trainees)
        for t in trainees:
            if t.linked:  # the trainee demo login: a growing business, one overdue task of hers
                t.trajectory, t.lapsed, t.sloppy, t.stale, t.in_group, t.force_overdue = (
                    "growing", False, False, False, True, True)
            t.end = self.yesterday
            if t.lapsed:
                t.end = self.today - timedelta(days=self._int(35, min(120, (self.today - t.start).days - 30)))

    def _may_lapse(self, t: _Trainee) -> bool:
        return t.start <= self.today - timedelta(days=100)

    def _showcase(self, trainees: list[_Trainee]) -> None:
        """Each demo mentor's early-warning list shows every kind of reason, however few
        trainees were seeded: at least SHOWCASE of each (when there are enough)."""
        rng = self.rng
        for mentor_id in self.mentor_ids:
            mine = [t for t in trainees if t.mentor_id == mentor_id and not t.linked]
            seasoned = [t for t in mine if t.start <= self.today - timedelta(days=180)]
            wanted = (
                ("lapsed", [t for t in mine if self._may_lapse(t)]),
                ("failing", seasoned), ("stale", seasoned), ("force_overdue", mine),
            )
            for flag, eligible in wanted:
                def has(t, flag=flag):
                    return t.trajectory == "failing" and t.sinking if flag == "failing" else getattr(t, flag)

                missing = SHOWCASE - sum(1 for t in eligible if has(t))
                if missing <= 0:
                    continue
                others = [t for t in eligible if not has(t) and not (flag == "stale" and t.lapsed)]
                for t in rng.sample(others, min(len(others), missing)):
                    if flag == "failing":
                        t.trajectory, t.sinking = "failing", True
                    else:
                        setattr(t, flag, True)
                    if flag == "lapsed":
                        t.stale = False

    def _reassign(self, trainees: list[_Trainee]) -> None:
        """Move a few trainees' opening period to the other mentor, ended on a day in the
        past, and open the current mentor's period from that day."""
        rng = self.rng
        latest = self.today - timedelta(days=45)
        chosen: list[_Trainee] = []
        for mentor_id in self.mentor_ids:
            eligible = [t for t in trainees if t.mentor_id == mentor_id and not t.linked
                        and t.assignment_id is not None and t.assigned_on <= self.today - timedelta(days=150)]
            count = min(len(eligible), max(2, round(len(eligible) * REASSIGNED_SHARE)))
            chosen.extend(rng.sample(eligible, count))
        if not chosen:
            return
        updates, rows, events = [], [], []
        for t in sorted(chosen, key=lambda t: t.id):
            earliest = max(t.assigned_on + timedelta(days=60), self.today - timedelta(days=330))
            on = earliest + timedelta(days=rng.randrange(max(1, (latest - earliest).days)))
            old = next(m for m in self.mentor_ids if m != t.mentor_id)
            actor = self._pick(self.officers)
            reason = self._pick(REASONS)
            t.reassigned_on, t.old_mentor_id = on, old
            at = self._stamp(on, self._int(9, 15))
            updates.append({"b_id": t.assignment_id, "b_mentor": old, "b_ended": on, "b_by": actor.id})
            rows.append((self._id(MentorAssignment), t.id, t.mentor_id, on, None, reason, actor.id, None, at))
            events.append({
                "actor_id": actor.id, "action": "mentor.assigned", "entity_type": "trainee",
                "entity_id": str(t.id), "ip": None,
                "details": audit._jsonable({"mentor_id": t.mentor_id, "previous_mentor_id": old, "reason": reason,
                                            "on": on, "via": "demo"}),
            })
        table = MentorAssignment.__table__
        db.session.execute(
            update(table).where(table.c.id == bindparam("b_id"))
            .values(mentor_id=bindparam("b_mentor"), ended_on=bindparam("b_ended"), ended_by_id=bindparam("b_by")),
            updates,
        )
        _insert(db.session.connection(), table, ("id", "trainee_id", "mentor_id", "started_on", "ended_on",
                                                 "reason", "assigned_by_id", "ended_by_id", "created_at"), rows)
        db.session.execute(AuditEvent.__table__.insert(), events)
        self.result.reassignments = len(rows)

    def _groups(self, trainees: list[_Trainee]) -> Iterable[list[_Trainee]]:
        """Each mentor's group members by kelurahan code (neighbours), in groups of 8-20."""
        rng = self.rng
        for mentor_id in self.mentor_ids:
            members = sorted((t for t in trainees if t.mentor_id == mentor_id and t.in_group),
                             key=lambda t: (t.kelurahan, t.id))
            while members:
                size = self._int(8, 20)
                group, members = members[:size], members[size:]
                if len(members) < 4:  # no tiny leftover group
                    group, members = group + members, []
                yield group

    def _stamp(self, day: date, hour: int, minute: int = 0) -> datetime:
        """``day`` at a local time, as UTC; never later than the start of today."""
        key = (day, hour, minute)
        stamp = self.stamps.get(key)
        if stamp is None:
            stamp = self.stamps[key] = min(
                _utc(datetime(day.year, day.month, day.day, hour, minute, tzinfo=LOCAL_TZ)),
                self.cutoff - timedelta(minutes=30))
        return stamp

    # -- sessions -----------------------------------------------------------------------

    def _session(self, *, kind: str, held_on: date, starts_at: time | None, duration: int, mode: str,
                 kelurahan: str | None, topics: list[str], topic_other: str | None, shared: str | None,
                 staff: str | None, next_on: date | None, mentor_id: int, late: bool = False) -> tuple[int, datetime]:
        session_id = self._id(MentoringSession)
        if late:  # logged the next morning
            created = self._stamp(held_on + timedelta(days=1), 7, 30)
        else:
            end = (starts_at.hour * 60 + starts_at.minute + duration) if starts_at else 17 * 60
            end = min(end + 30, 23 * 60 + 30)
            created = self._stamp(held_on, end // 60, end % 60)
        self.sessions.append((
            session_id, kind, held_on, starts_at, duration, mode, kelurahan, topic_other, shared, staff, next_on,
            mentor_id, created, created,
        ))
        for topic in topics:
            self.topics.append((session_id, topic))
        self.result.sessions += 1
        return session_id, created

    def _group_sessions(self, group: list[_Trainee]) -> None:
        rng = self.rng
        mentor_id = group[0].mentor_id
        counts: dict[str, int] = {}
        for t in group:
            counts[t.kelurahan] = counts.get(t.kelurahan, 0) + 1
        host = max(sorted(counts), key=counts.get)
        anchor = self._int(2, 27)
        starts_at = self._pick((time(9), time(9, 30), time(13), time(15, 30)))
        duration = self._pick(DURATIONS["group_meeting"])
        offset = rng.randrange(len(GROUP_CURRICULUM))
        first, last = _month_index(self.window_start), _month_index(self.today)
        dates = []
        for index in range(first, last + 2):
            day = _month_start(index).replace(day=anchor)
            if day.weekday() == 6:
                day += timedelta(days=1)
            dates.append(day)
        for n, held_on in enumerate(dates[:-1]):
            if not (self.window_start <= held_on <= self.yesterday) or rng.random() < 0.05:
                continue  # outside the window, or the month's meeting did not happen
            present = [t for t in group if t.start <= held_on <= t.end
                       and (t.reassigned_on is None or held_on >= t.reassigned_on)]
            if len(present) < 2:
                continue
            attended = [rng.random() < (0.6 if t.lapsed and (t.end - held_on).days < 60 else 0.88) for t in present]
            if not any(attended):
                attended[0] = True
            topic = GROUP_CURRICULUM[(offset + n) % len(GROUP_CURRICULUM)]
            topics = [topic]
            if rng.random() < 0.3:
                extra = GROUP_CURRICULUM[(offset + n + 3) % len(GROUP_CURRICULUM)]
                topics.append(extra)
            came = sum(attended)
            shared = f"{GROUP_NOTES[topic]} Hadir {came} dari {len(present)} anggota." if rng.random() < 0.85 else None
            staff = self._pick(GROUP_STAFF_NOTES) if rng.random() < 0.1 else None
            next_on = dates[n + 1] if rng.random() < 0.8 else None
            session_id, _ = self._session(
                kind=SessionKind.GROUP.value, held_on=held_on, starts_at=starts_at, duration=duration,
                mode=SessionMode.GROUP_MEETING.value, kelurahan=host, topics=sorted(set(topics)), topic_other=None,
                shared=shared, staff=staff, next_on=next_on, mentor_id=mentor_id, late=rng.random() < 0.2,
            )
            self.result.group_sessions += 1
            for t, came_in in zip(present, attended):
                self.attendance.append((session_id, t.id, came_in, held_on))
                if came_in:
                    t.last_group_attended = held_on

    def _visit_dates(self, t: _Trainee) -> list[date]:
        rng = self.rng
        day = t.start
        if t.joined_on >= self.window_start:
            day += timedelta(days=self._int(0, 10))  # the first visit soon after joining
        else:
            day += timedelta(days=self._int(0, 40))
        dates = []
        while day <= t.end:
            if day.weekday() == 6:
                day += timedelta(days=1)
                continue
            dates.append(day)
            if (day - t.joined_on).days < 90 or not t.in_group:
                day += timedelta(days=self._int(14, 32))
            else:
                day += timedelta(days=self._int(35, 75))
        if t.lapsed:
            if not dates or dates[-1] < t.end - timedelta(days=5):
                dates.append(t.end)  # the last visit before they stopped coming
        else:
            last = max([d for d in (dates[-1] if dates else None, t.last_group_attended) if d], default=None)
            if last is None or last < self.today - timedelta(days=25):
                latest = self.today - timedelta(days=self._int(1, 20))
                if latest >= t.start:
                    dates.append(latest)
        return dates

    def _topics(self, t: _Trainee, held_on: date, first: bool) -> tuple[list[str], str | None]:
        rng = self.rng
        if first:
            return ["bookkeeping", "money_separation"], None
        if rng.random() < 0.04:
            other, _ = self._pick(OTHER_TOPICS)
            return ["other"], other
        names, cumulative = self._topic_weights(t.trajectory, 4 if t.dpd else 2 if t.borrower else 0)
        count = 1 if rng.random() < 0.5 else 2 if rng.random() < 0.8 else 3
        chosen: list[str] = []
        while len(chosen) < count:
            topic = self._weighted(names, cumulative)
            if topic not in chosen:
                chosen.append(topic)
        return chosen, None

    def _topic_weights(self, trajectory: str, loan_weight: int) -> tuple[list[str], list[int]]:
        key = (trajectory, loan_weight)
        if key not in self.topic_weights:
            weights = dict(TOPIC_WEIGHTS[trajectory])
            if loan_weight:
                weights["loan_use"] = weights.get("loan_use", 0) + loan_weight
            self.topic_weights[key] = list(weights), list(accumulate(weights.values()))
        return self.topic_weights[key]

    def _individual_sessions(self, t: _Trainee) -> None:
        rng = self.rng
        dates = self._visit_dates(t)
        modes, mode_weights = [m for m, _ in MODES], list(accumulate(w for _, w in MODES))
        for n, held_on in enumerate(dates):
            last = n == len(dates) - 1
            first = n == 0 and (held_on - t.joined_on).days <= 21
            mode = "field_visit" if first or (last and t.lapsed) else self._weighted(modes, mode_weights)
            if mode == "phone":
                starts_at = time(self._pick((8, 10, 13, 16, 19, 20)), self._pick((0, 15, 30)))
            else:
                starts_at = time(self._int(8, 15), self._pick((0, 30)))
            if rng.random() < 0.15:
                starts_at = None
            topics, other = self._topics(t, held_on, first)
            primary = topics[0]
            if other is not None:
                shared = dict(OTHER_TOPICS)[other]
            else:
                shared = self._pick(SHARED_NOTES[primary]) if rng.random() < 0.7 else None
            staff = None
            if last and t.lapsed:
                staff = self._pick(LAPSE_NOTES)
            elif rng.random() < (0.3 if t.trajectory == "failing" or t.lapsed else 0.12):
                staff = self._pick(STAFF_NOTES)
            if t.linked and last:  # the demo login sees a shared note; staff see more
                shared = shared or SHARED_NOTES[primary][0]
                staff = staff or STAFF_NOTES[6]
            if not last:
                next_on = dates[n + 1] if rng.random() < 0.7 else None
            else:
                next_on = held_on + timedelta(days=self._int(7, 30)) if rng.random() < 0.9 else None
            mentor_id = t.mentor_on(held_on)
            session_id, created = self._session(
                kind=SessionKind.INDIVIDUAL.value, held_on=held_on, starts_at=starts_at,
                duration=self._pick(DURATIONS[mode]), mode=mode,
                kelurahan=t.kelurahan if mode in ("field_visit", "training_follow_up") else None,
                topics=sorted(topics), topic_other=other, shared=shared, staff=staff, next_on=next_on,
                mentor_id=mentor_id, late=rng.random() < 0.15,
            )
            self.attendance.append((session_id, t.id, True, held_on))
            if first or rng.random() < 0.33 or (t.force_overdue and last):
                for _ in range(2 if rng.random() < 0.2 else 1):
                    self._action_item(t, session_id, primary if other is None else "other", held_on, created,
                                      mentor_id, overdue=t.force_overdue and last)

    def _action_item(self, t: _Trainee, session_id: int | None, topic: str, held_on: date, created: datetime,
                     mentor_id: int, *, overdue: bool = False) -> None:
        rng = self.rng
        description, owner = self._pick(ACTIONS[topic])
        if overdue:  # a task the trainee let slip (the showcase; the demo login's own)
            description, owner = ACTIONS["bookkeeping"][1]
            due_on = min(held_on + timedelta(days=self._int(7, 14)), self.yesterday)
        else:
            due_on = held_on + timedelta(days=self._pick((7, 7, 14, 14, 14, 21, 30)))
        status, completed_on = ActionStatus.OPEN.value, None
        if overdue or (due_on < self.today and t.sloppy and owner == ActionOwner.TRAINEE.value
                       and (self.today - due_on).days <= 90 and rng.random() < 0.6):
            pass  # left open past its due date
        elif due_on < self.today:
            status = ActionStatus.DONE.value if rng.random() < 0.88 else ActionStatus.DROPPED.value
            completed_on = due_on + timedelta(days=self._int(-6, 10))
        elif rng.random() < 0.15:
            status = ActionStatus.DONE.value
            completed_on = held_on + timedelta(days=self._int(1, 10))
        if completed_on is not None:
            completed_on = max(held_on, min(completed_on, self.yesterday))
        completed_at = self._stamp(completed_on, self._int(8, 20)) if completed_on else created
        self.actions.append((
            self._id(ActionItem), t.id, session_id if rng.random() < 0.92 or overdue else None, description, due_on,
            owner, status, completed_on, t.mentor_on(completed_on) if completed_on else None, mentor_id, created,
            max(created, completed_at),
        ))
        self.result.action_items += 1

    # -- check-ins ----------------------------------------------------------------------

    def _checkins(self, t: _Trainee) -> None:
        rng = self.rng
        this_month = _month_index(self.today)
        first = max(_month_index(t.joined_on), this_month - HISTORY_MONTHS)
        last = this_month - 1
        if t.lapsed:
            last = min(last, _month_index(t.end) - 1)
        elif t.stale:
            last = this_month - self._int(3, 5)
        months = list(range(first, last + 1))
        baseline_now = first == this_month and t.joined_on < self.today
        if baseline_now:
            months = [this_month]
        if not months:
            return
        (low, high, mode), (cost_low, cost_high) = REVENUE.get(t.sector, REVENUE["other"])
        revenue0 = rng.triangular(low, high, mode)
        share0 = rng.uniform(cost_low, cost_high)
        count = len(months)
        trajectory = t.trajectory
        decline_from = max(0, count - self._int(4, 6))
        growth = rng.uniform(0.02, 0.06)
        revenues: list[float] = []
        costs: list[float] = []
        level = 1.0
        share = share0
        for i, index in enumerate(months):
            if trajectory == "growing":
                level *= 1 + growth
                share = max(cost_low - 0.1, share - rng.uniform(0, 0.008))
                noise = rng.gauss(1, 0.05)
            elif trajectory == "failing" and i >= decline_from:
                level *= 1 - rng.uniform(0.05, 0.12)
                share += rng.uniform(0.08, 0.12) if t.sinking else rng.uniform(0.02, 0.04)
                noise = rng.gauss(1, 0.02)
            else:
                noise = rng.gauss(1, 0.07)
                share = share0 + rng.gauss(0, 0.02)
            month = _month_start(index)
            season = 1.0
            if t.sector in LEBARAN_SECTORS:
                lebaran = LEBARAN_MONTH.get(month.year)
                season = 1.3 if month.month == lebaran else 0.9 if lebaran and month.month == lebaran + 1 else 1.0
            revenue = max(300_000.0, revenue0 * level * season * max(noise, 0.6))
            revenues.append(revenue)
            costs.append(revenue * min(share, 1.6))
        revenue_r = [_reported(r) for r in revenues]
        costs_r = [_reported(c) for c in costs]
        self._shape(t, revenue_r, costs_r)

        # practices, channels, workers, savings
        order = list(PRACTICE_ORDER)
        if rng.random() < 0.4:  # not everyone learns in the usual order
            i, j = rng.sample(range(len(order)), 2)
            order[i], order[j] = order[j], order[i]
        practice_level = self._pick((0, 0, 1, 1, 2, 3))
        channels = {c for c, p in CHANNELS.get(t.sector, CHANNELS["other"]).items() if rng.random() < p}
        if not channels:
            channels = {"shop"}
        separates = rng.random() < 0.3
        paid = 0 if rng.random() < 0.8 else self._int(1, 2)
        unpaid = self._pick((0, 0, 1, 1, 1, 2))
        savings = _round_to(rng.uniform(0, 1_500_000), 10_000)
        other_income = 0 if rng.random() < 0.45 else _round_to(rng.uniform(500_000, 4_000_000), 100_000)
        for i, index in enumerate(months):
            if trajectory == "growing":
                if rng.random() < 0.35:
                    practice_level = min(8, practice_level + 1)
                if practice_level >= 4 and i > 2:
                    separates = True
                if practice_level >= 4 and t.sector not in ("agriculture",):
                    channels.add("social_media")
                if practice_level >= 6 and t.sector in ("food", "fashion", "crafts", "retail"):
                    channels.add("marketplace")
                if paid == 0 and revenue_r[i] > 1.6 * revenue_r[0] and revenue_r[i] > 5_000_000:
                    paid = 1
            elif trajectory == "failing" and i >= decline_from:
                if rng.random() < 0.25:
                    practice_level = max(0, practice_level - 1)
                if rng.random() < 0.3:
                    separates = False
                if paid and rng.random() < 0.4:
                    paid -= 1
            elif rng.random() < 0.06:
                practice_level = min(8, practice_level + 1)
            if rng.random() < 0.05:
                other_income = 0 if other_income else _round_to(rng.uniform(500_000, 3_000_000), 100_000)
            profit = revenue_r[i] - costs_r[i]
            if profit > 0:
                savings += _round_to(profit * rng.uniform(0.03, 0.15 if trajectory == "growing" else 0.06), 5_000)
            else:
                savings = _round_to(savings * rng.uniform(0.5, 0.8), 5_000)
            if savings < 10_000:  # no "looks like thousands" amounts
                savings = 0
            practices = set(order[:practice_level])
            keeps_records = "records_sales" in practices or "records_purchases" in practices
            month = _month_start(index)
            if baseline_now:
                recorded_on = t.joined_on
            else:
                recorded_on = _month_start(index + 1) + timedelta(days=self._int(0, 9))
                if recorded_on >= self.today:
                    recorded_on = self.yesterday
                if t.lapsed:
                    recorded_on = min(recorded_on, t.end)  # at their last visit
            created = self._stamp(recorded_on, self._int(9, 19), self._pick((0, 15, 30, 45)))
            self.checkins.append((
                self._id(BusinessCheckin), t.id, month, Decimal(revenue_r[i]), Decimal(costs_r[i]),
                Decimal(other_income), Decimal(savings), paid, unpaid,
                *[c in channels for c in CHANNEL_VALUES], keeps_records, separates,
                *[p in practices for p in PRACTICE_ORDER], t.mentor_on(recorded_on), created, created,
            ))
            self.result.checkins += 1

    def _shape(self, t: _Trainee, revenue: list[int], costs: list[int]) -> None:
        """Make the end of the series tell the trajectory's story without ambiguity:
        failing profits fall each of the last three months; the others' do not, and
        end above zero. Adjusts costs (failing) or the last revenue (others) in place."""
        rng = self.rng
        n = len(revenue)
        if t.trajectory == "failing" and n >= 4:
            for i in range(n - 3, n):
                wanted = revenue[i - 1] - costs[i - 1] - _round_to(rng.uniform(100_000, 400_000), 10_000)
                if revenue[i] - costs[i] >= revenue[i - 1] - costs[i - 1]:
                    # at most twice the revenue: beyond that the check-in form asks to confirm
                    costs[i] = min(max(10_000, revenue[i] - wanted), 2 * revenue[i])
            return
        if n >= 4:
            profits = [r - c for r, c in zip(revenue[-4:], costs[-4:])]
            if profits[0] > profits[1] > profits[2] > profits[3]:
                revenue[-1] += profits[2] - profits[3] + _round_to(rng.uniform(50_000, 300_000), 10_000)
        if t.trajectory != "failing" and revenue[-1] - costs[-1] <= 0:
            revenue[-1] = _reported(costs[-1] * rng.uniform(1.15, 1.4))

    # -- writing ------------------------------------------------------------------------

    def _flush(self) -> None:
        """Hand the buffered rows to the writer (in foreign-key order) and start afresh."""
        self.writer.submit([
            (MentoringSession.__table__, SESSION_COLUMNS, self.sessions),
            (SessionTopic.__table__, ("session_id", "topic"), self.topics),
            (SessionAttendance.__table__, ("session_id", "trainee_id", "attended", "held_on"), self.attendance),
            (ActionItem.__table__, ACTION_COLUMNS, self.actions),
            (BusinessCheckin.__table__, CHECKIN_COLUMNS, self.checkins),
        ])
        self.result.attendances += len(self.attendance)
        self.sessions, self.topics, self.attendance, self.actions, self.checkins = [], [], [], [], []


class _Writer:
    """Inserts batches on one worker thread while the next batch is generated, so the
    database's work (indexes, foreign-key checks) overlaps the Python work. At most one
    batch is in flight; a failed insert is raised by the next ``submit`` or ``close``.
    Only this thread uses ``connection`` until ``close``."""

    def __init__(self, connection):
        self.connection = connection
        self.pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix="demo-writer")
        self.pending = None

    def submit(self, batches: list[tuple[Table, tuple[str, ...], list[tuple]]]) -> None:
        self.wait()
        self.pending = self.pool.submit(self._write, batches)

    def _write(self, batches) -> None:
        for table, columns, rows in batches:
            _insert(self.connection, table, columns, rows)

    def wait(self) -> None:
        pending, self.pending = self.pending, None
        if pending is not None:
            pending.result()

    def close(self) -> None:
        try:
            self.wait()
        finally:
            self.pool.shutdown()


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _insert(connection, table: Table, columns: tuple[str, ...], rows: list[tuple]) -> None:
    """Insert ``rows`` (tuples in ``columns`` order) on ``connection`` (the session's, in
    its transaction): binary COPY on PostgreSQL, one executemany on SQLite. Values go through
    the column types' bind conversion, as an ORM insert would."""
    if not rows:
        return
    dialect = connection.dialect
    processors = [table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in columns]
    if any(processors):
        data = list(zip(*rows))
        for i, process in enumerate(processors):
            if process is not None:
                # once per distinct value: demo values repeat a lot
                converted = {value: None if value is None else process(value) for value in set(data[i])}
                data[i] = list(map(converted.__getitem__, data[i]))
        rows = list(zip(*data))
    quote = dialect.identifier_preparer.quote
    names = ", ".join(quote(name) for name in columns)
    if dialect.name == "postgresql":
        # binary COPY: about four times faster than text; the column types say how to send
        types = [re.sub(r"\(.*\)", "", table.c[name].type.compile(dialect=dialect)).lower() for name in columns]
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f"COPY {quote(table.name)} ({names}) FROM STDIN (FORMAT BINARY)") as copy:
            copy.set_types(types)
            for row in rows:
                copy.write_row(row)
        cursor.close()
    else:
        placeholders = ", ".join("?" for _ in columns)
        connection.exec_driver_sql(f"INSERT INTO {quote(table.name)} ({names}) VALUES ({placeholders})", rows)


@contextmanager
def _large_sqlite_cache(connection):
    """SQLite's default page cache (2 MB) is far smaller than the session indexes of a
    100k-trainee demo, and inserts in random index order then read pages back from disk
    (the sessions' insert takes 1.5 times as long). Raised for the load, restored after."""
    if connection.dialect.name != "sqlite":
        yield
        return
    before = int(connection.exec_driver_sql("PRAGMA cache_size").scalar())
    connection.exec_driver_sql(f"PRAGMA cache_size = -{SQLITE_CACHE_KIB}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {before}")


@contextmanager
def _foreign_keys_afterwards(connection, tables: list[Table], *, enabled: bool):
    """On PostgreSQL (when ``enabled``), drop the foreign keys of ``tables`` for the load
    and add them back after it, in the same transaction. Added back only when the load
    succeeded; after an error the caller's rollback restores them."""
    if not enabled or connection.dialect.name != "postgresql":
        yield
        return
    keys = [key for table in tables for key in table.foreign_key_constraints]
    for key in keys:
        connection.execute(DropConstraint(key))
    yield
    for key in keys:
        connection.execute(AddConstraint(key))


def _reset_sequences(models) -> None:
    """After inserts with explicit ids, move PostgreSQL's id sequences past them."""
    if db.session.connection().dialect.name != "postgresql":
        return
    for model in models:
        name = model.__table__.name
        db.session.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
            f"COALESCE((SELECT max(id) FROM {name}), 0) + 1, false)"
        ))
