"""Demo data (``flask seed-demo``): six users and N trainees across Kota Bandung.

Deterministic for a given seed and ``today``: every choice comes from one
``random.Random(seed)``. Trainees go through ``trainees.services.validate`` and
``bulk_register``, so they obey every rule and each gets its audit event.
"""
from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Callable, Iterator

from sqlalchemy import select

from accounts import services as account_services
from accounts.models import Role, User
from extensions import db

from .identity import build_nik
from .models import Kelurahan
from .services import BusinessData, Refs, TraineeData, bulk_register, validate

DEFAULT_SEED = 2026
CHUNK_SIZE = 2000

#: username, full name, role. The trainee account is linked to the first trainee record.
DEMO_USERS = (
    ("admin", "Dewi Kartika Sari", Role.ADMIN),
    ("officer", "Asep Sunandar", Role.OFFICER),
    ("officer2", "Rina Marlina", Role.OFFICER),
    ("mentor", "Euis Komalasari", Role.MENTOR),
    ("mentor2", "Bambang Wijaya", Role.MENTOR),
    ("trainee", "Siti Nurjanah", Role.TRAINEE),
)
TRAINEE_USER_GENDER = "F"

FEMALE_FIRST = (
    "Siti", "Euis", "Neneng", "Imas", "Iis", "Entin", "Cucu", "Yati", "Nining", "Enok", "Lilis", "Titin",
    "Tati", "Popon", "Cicih", "Dedeh", "Ai", "Nani", "Yanti", "Rina", "Wati", "Ela", "Dewi", "Nur", "Ani",
    "Sri", "Tuti", "Ratna", "Rini", "Mimin", "Oneng", "Eti", "Yuyun", "Iin", "Nia", "Aisyah", "Fatimah",
    "Nurhayati", "Kartini", "Sulastri", "Rohimah", "Komariah", "Juju", "Enung", "Nunung", "Heni", "Wiwin",
    "Endah", "Lia", "Rosita", "Yulia", "Ikah", "Atikah", "Sumarni", "Mulyati", "Sari",
)
FEMALE_LAST = (
    "Komalasari", "Hasanah", "Rohmah", "Nurjanah", "Kurniasih", "Rahayu", "Maryani", "Sumiati", "Suryani",
    "Mulyani", "Solihah", "Fitriani", "Handayani", "Rosmiati", "Sukmawati", "Nurhasanah", "Purwanti",
    "Lestari", "Wulandari", "Setiawati", "Kusmiati", "Juariah", "Aminah", "Halimah", "Zulaikha", "Marlina",
    "Rahmawati", "Susanti", "Yuliani", "Herawati", "Nuraeni", "Saadah", "Jubaedah", "Maesaroh", "Fauziah",
)
MALE_FIRST = (
    "Asep", "Ujang", "Dadang", "Cecep", "Dede", "Encep", "Iwan", "Agus", "Ade", "Yayat", "Jajang", "Engkus",
    "Mamat", "Ahmad", "Muhammad", "Budi", "Bambang", "Slamet", "Joko", "Eko", "Hendra", "Deden", "Aep",
    "Oman", "Rahmat", "Yusuf", "Ridwan", "Dani", "Tatang", "Usep", "Wawan", "Ruslan", "Herman", "Karna",
    "Dudung", "Ikin", "Endang", "Wahyu", "Agung", "Rudi",
)
MALE_LAST = (
    "Saepudin", "Supriatna", "Hidayat", "Sunandar", "Suhendar", "Kurniawan", "Setiawan", "Gunawan",
    "Rustandi", "Sopandi", "Permana", "Nugraha", "Firmansyah", "Hermawan", "Ramdani", "Sulaeman", "Suryana",
    "Mulyana", "Kusnadi", "Hidayatullah", "Abdullah", "Wijaya", "Santoso", "Susanto", "Prasetyo",
    "Sutisna", "Komarudin", "Nurdin", "Rohman", "Maulana",
)
STREETS = (
    "Jl. Cihampelas", "Jl. Ir. H. Juanda", "Jl. Dr. Setiabudi", "Jl. Sukajadi", "Jl. Dr. Djunjunan",
    "Jl. Kiaracondong", "Jl. Soekarno-Hatta", "Jl. Buah Batu", "Jl. Moh. Toha", "Jl. Kopo",
    "Jl. Cibaduyut", "Jl. Astana Anyar", "Jl. Pagarsih", "Jl. Jamika", "Jl. Cicaheum", "Jl. Jend. Ahmad Yani",
    "Jl. Terusan Jakarta", "Jl. Cijerah", "Jl. Sukaraja", "Jl. Gegerkalong Hilir", "Jl. Sarijadi",
    "Jl. Cibogo", "Jl. Ciumbuleuit", "Jl. Tamansari", "Jl. Cikutra", "Jl. Pahlawan", "Jl. Padasuka",
    "Jl. A.H. Nasution", "Jl. Raya Cibiru", "Jl. Cinambo", "Jl. Rancabolang", "Jl. Margacinta",
    "Jl. Cijagra", "Jl. Burangrang", "Jl. Lengkong Kecil", "Jl. Karapitan", "Jl. Pungkur",
    "Jl. Dewi Sartika", "Jl. Kebon Jati", "Jl. Arjuna", "Jl. Garuda", "Jl. Sukagalih", "Jl. Babakan Sari",
    "Jl. Cigadung Raya", "Jl. Holis", "Jl. Caringin", "Jl. Leuwi Panjang", "Jl. Mengger",
)
GANG = (
    "Mawar", "Melati", "Kenanga", "Anggrek", "Masjid", "Sukamulya", "Haji Ali", "Kujang", "Cempaka",
    "Sadang", "Bojong", "Sukarasa", "Kaum", "Pesantren", "Warung Jambu", "Babakan",
)
ROMAN = ("I", "II", "III", "IV", "V")

#: sector -> (weight, name patterns, descriptions); {f} first name, {l} last name, {k} kelurahan.
SECTORS = {
    "food": (35, (
        "Warung Nasi Bu {f}", "Keripik Tempe {f}", "Seblak {f}", "Batagor {f}", "Cireng Isi {f}",
        "Kue Balok {f}", "Bakso {l}", "Surabi {f}", "Katering {f}", "Gorengan {f}", "Es Cendol {f}",
        "Nasi Kuning {f}", "Lontong Kari {f}", "Keripik Singkong {k}", "Colenak {f}", "Peuyeum {k}",
    ), (
        "Jualan dari rumah dan titip di warung sekitar.", "Pesanan untuk pengajian dan hajatan.",
        "Berjualan pagi di depan sekolah.", "Dijual lewat WhatsApp dan GoFood.",
    )),
    "retail": (25, (
        "Warung Bu {f}", "Toko Kelontong {f}", "Warung Sembako {f}", "Agen Pulsa {f}", "Toko {l} Jaya",
        "Warung Kopi {f}", "Depot Air Isi Ulang {f}",
    ), (
        "Warung di teras rumah.", "Menjual sembako dan kebutuhan harian warga RW.",
        "Juga melayani token listrik dan pulsa.",
    )),
    "fashion": (12, (
        "Jahit {f}", "Penjahit Bu {f}", "Konveksi {l}", "Hijab {f}", "Kaos Sablon {k}", "Permak Jeans {f}",
    ), (
        "Menerima jahitan seragam sekolah.", "Mengerjakan pesanan konveksi dari Pasar Baru.",
        "Permak dan vermak pakaian.",
    )),
    "crafts": (6, (
        "Anyaman Bambu {f}", "Wayang Golek {l}", "Angklung {l}", "Tas Rajut {f}", "Kerajinan Kulit {k}",
        "Boneka Flanel {f}",
    ), ("Dijual ke pengepul dan lewat marketplace.", "Pesanan suvenir untuk acara.")),
    "services": (12, (
        "Laundry Kiloan {f}", "Salon {f}", "Servis HP {f}", "Cukur Rambut {f}", "Bengkel Motor {l}",
        "Les Privat {f}", "Rias Pengantin {f}",
    ), ("Melayani warga sekitar.", "Antar-jemput cucian di satu kelurahan.")),
    "agriculture": (6, (
        "Ternak Lele {f}", "Ternak Ayam Kampung {f}", "Sayur Hidroponik {k}", "Jamur Tiram {f}",
        "Ternak Domba {l}", "Tanaman Hias {f}",
    ), ("Kolam terpal di halaman belakang.", "Hasil panen dijual ke pasar terdekat.")),
    "other": (4, (
        "Bank Sampah {k}", "Daur Ulang {f}", "Jasa Antar {f}",
    ), ("Usaha kecil yang baru dimulai.",)),
}
#: (status, weight, deciles): more poor and extreme poor, deciles consistent with the status.
POVERTY = (
    ("extreme_poor", 25, (1,)),
    ("poor", 40, (1, 2, 3)),
    ("near_poor", 22, (3, 4, 5)),
    ("vulnerable", 13, (4, 5, 6)),
)
#: Mobile prefixes in use (Telkomsel, Indosat, XL, Axis, Tri, Smartfren).
MOBILE_PREFIXES = (
    "0811", "0812", "0813", "0821", "0822", "0823", "0852", "0853", "0814", "0815", "0816", "0856", "0857",
    "0858", "0817", "0818", "0819", "0859", "0877", "0878", "0831", "0838", "0895", "0896", "0897", "0898",
    "0881", "0882", "0887", "0888",
)


class DemoError(Exception):
    pass


@dataclass
class DemoResult:
    users: dict[str, User]
    trainees: int


def create_demo_users(*, password: str) -> dict[str, User]:
    """The six demo accounts. Raises account_services.AccountError (e.g. a weak password)."""
    return {
        username: account_services.create_user(
            username=username, full_name=full_name, role=role, password=password, actor=None
        )
        for username, full_name, role in DEMO_USERS
    }


def _weighted(rng: random.Random, items, weights):
    return rng.choices(items, weights=weights, k=1)[0]


def _birth_date(rng: random.Random, today: date) -> date:
    """Between 18 and 62 years old today."""
    oldest = date(today.year - 62, today.month, 1)
    youngest = date(today.year - 18, today.month, 1) - timedelta(days=1)
    return oldest + timedelta(days=rng.randrange((youngest - oldest).days))


def _address(rng: random.Random, kelurahan_name: str) -> str:
    street = f"Jl. {kelurahan_name}" if rng.random() < 0.3 else rng.choice(STREETS)
    if rng.random() < 0.45:
        gang = f"Gg. {rng.choice(GANG)}"
        if rng.random() < 0.4:
            gang += f" {rng.choice(ROMAN)}"
        return f"{street} {gang} No. {rng.randint(1, 120)}"
    return f"{street} No. {rng.randint(1, 350)}"


def _phone(rng: random.Random) -> str | None:
    if rng.random() < 0.08:
        return None
    return f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**7, 10**8)}"


def _business(rng: random.Random, *, first: str, last: str, kelurahan: str, joined_on: date) -> BusinessData | None:
    if rng.random() < 0.1:
        return None
    sectors = list(SECTORS)
    sector = _weighted(rng, sectors, [SECTORS[s][0] for s in sectors])
    _, patterns, descriptions = SECTORS[sector]
    at_home = rng.random() < 0.75
    address = None
    if not at_home:
        address = rng.choice((
            f"Pasar {rng.choice(('Kosambi', 'Baru', 'Kiaracondong', 'Cicadas', 'Ciroyom', 'Andir', 'Sederhana', 'Gedebage'))} "
            f"Blok {rng.choice('ABCDE')} No. {rng.randint(1, 80)}",
            f"{rng.choice(STREETS)} No. {rng.randint(1, 350)}",
        ))
    started_on = None
    if rng.random() < 0.8:
        started_on = joined_on - timedelta(days=rng.randrange(30, 15 * 365))
    nib = f"{rng.choice('19')}{rng.randrange(10**11, 10**12)}" if rng.random() < 0.3 else None
    return BusinessData(
        name=rng.choice(patterns).format(f=first, l=last, k=kelurahan),
        sector=sector,
        started_on=started_on,
        nib=nib,
        at_home=at_home,
        address=address,
        description=rng.choice(descriptions) if rng.random() < 0.6 else None,
    )


def demo_trainees(
    n: int,
    *,
    rng: random.Random,
    today: date,
    kelurahan: list[tuple[str, str, str]],
    mentor_ids: list[int],
    officer_ids: list[int],
    linked_user: tuple[int, str] | None = None,
) -> Iterator[TraineeData]:
    """``n`` trainees, kelurahan taken in turn (so all 151 appear once n >= 151) and
    mentors and officers round-robin. ``kelurahan``: (code, name, kecamatan code).
    ``linked_user``: (user id, full name) for the first trainee, a woman."""
    serials: dict[str, int] = {}
    order = list(kelurahan)
    rng.shuffle(order)
    statuses = [p[0] for p in POVERTY]
    status_weights = [p[1] for p in POVERTY]
    deciles = {p[0]: p[2] for p in POVERTY}
    for i in range(n):
        code, kel_name, kec_code = order[i % len(order)]
        gender = "F" if rng.random() < 0.72 else "M"
        if i == 0 and linked_user is not None:
            gender = TRAINEE_USER_GENDER
            first, _, last = linked_user[1].partition(" ")
        elif gender == "F":
            first, last = rng.choice(FEMALE_FIRST), rng.choice(FEMALE_LAST)
        else:
            first, last = rng.choice(MALE_FIRST), rng.choice(MALE_LAST)
        born_on = _birth_date(rng, today)
        region = "3273" + kec_code[-2:]
        nik_prefix = build_nik(region, born_on, gender, 1)[:12]
        serials[nik_prefix] = serial = serials.get(nik_prefix, 0) + 1
        joined_on = today - timedelta(days=rng.randrange(0, 3 * 365))
        status = _weighted(rng, statuses, status_weights)
        yield TraineeData(
            nik=build_nik(region, born_on, gender, serial),
            full_name=f"{first} {last}",
            gender=gender,
            born_on=born_on,
            phone=_phone(rng),
            address=_address(rng, kel_name),
            rt=str(rng.randint(1, 12)),
            rw=str(rng.randint(1, 15)),
            kelurahan_code=code,
            household_size=min(12, max(1, round(rng.gauss(4.3, 1.6)))),
            poverty_status=status,
            welfare_decile=rng.choice(deciles[status]),
            joined_on=joined_on,
            consent_on=joined_on - timedelta(days=rng.randrange(0, 8)),
            mentor_id=mentor_ids[i % len(mentor_ids)],
            officer_id=officer_ids[i % len(officer_ids)],
            user_id=linked_user[0] if i == 0 and linked_user is not None else None,
            business=_business(rng, first=first, last=last, kelurahan=kel_name, joined_on=joined_on),
        )


def seed_demo(
    *,
    trainees: int,
    password: str,
    today: date,
    seed: int = DEFAULT_SEED,
    chunk_size: int = CHUNK_SIZE,
    progress: Callable[[int], None] | None = None,
) -> DemoResult:
    """Create the demo users and ``trainees`` trainees in an empty database. No commit.

    The ``admin`` user is the actor of every trainee.created event and the recorder of
    consent. Raises DemoError if a generated row breaks a rule (a bug in this module)."""
    users = create_demo_users(password=password)
    refs = Refs.load()
    kelurahan = [tuple(row) for row in db.session.execute(
        select(Kelurahan.code, Kelurahan.name, Kelurahan.kecamatan_code).order_by(Kelurahan.code)
    )]
    if not kelurahan:
        raise DemoError("The kelurahan table is empty: run `flask db upgrade` first.")
    rows = demo_trainees(
        trainees,
        rng=random.Random(seed),
        today=today,
        kelurahan=kelurahan,
        mentor_ids=[users["mentor"].id, users["mentor2"].id],
        officer_ids=[users["officer"].id, users["officer2"].id],
        linked_user=(users["trainee"].id, users["trainee"].full_name),
    )
    actor = users["admin"]
    done = 0
    chunk: list[TraineeData] = []
    for data in rows:
        try:
            chunk.append(validate(data, refs=refs, today=today))
        except Exception as err:  # noqa: BLE001 - re-raised with the row for the developer
            raise DemoError(f"Generated trainee {done + len(chunk) + 1} is invalid: {err}") from err
        if len(chunk) == chunk_size:
            bulk_register(chunk, actor=actor, refs=refs)
            done += len(chunk)
            if progress is not None:
                progress(len(chunk))
            chunk = []
    if chunk:
        bulk_register(chunk, actor=actor, refs=refs)
        done += len(chunk)
        if progress is not None:
            progress(len(chunk))
    return DemoResult(users=users, trainees=done)
