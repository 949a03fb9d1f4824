#!/usr/bin/env python3
"""Fill the Indonesian catalogue (translations/id/LC_MESSAGES/messages.po) from TRANSLATIONS.

Indonesian is Berdaya's default language, so every UI string must be translated.
Re-run after every `make messages` (pybabel extract + update):

    .venv/bin/python translations/translate_id.py            # fill empty msgstrs only
    .venv/bin/python translations/translate_id.py --overwrite # re-apply every entry of the dict
    .venv/bin/pybabel compile -d translations --statistics

Then add any msgid it reports as untranslated to TRANSLATIONS below (or translate it
directly in the .po file) and run it again.  Exit status is 1 while something is untranslated.

Rules: keep %(name)s / %(n)d placeholders exactly (checked here); plural entries
(ngettext) use a (singular, plural) tuple as the key and ONE Indonesian string as the
value, because Indonesian has a single plural form (Plural-Forms: nplurals=1; plural=0;).
Terminology: Peserta (trainee), Pendamping (mentor), Petugas pinjaman (loan officer),
Masuk/Keluar (log in/out), Kata sandi (password), Jejak audit (audit trail),
Usaha (business), Rumah tangga (household), Desil kesejahteraan (welfare decile).

Only the standard library and babel are used.
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

from babel.messages.pofile import read_po, write_po

PO_PATH = Path(__file__).resolve().parent / "id" / "LC_MESSAGES" / "messages.po"
PLURAL_FORMS = "nplurals=1; plural=0;"

TRANSLATIONS: dict[str | tuple[str, str], str] = {
    # --- Sign-in, session --------------------------------------------------
    "Please log in to see this page.": "Silakan masuk untuk melihat halaman ini.",
    "Username": "Nama pengguna",
    "Password": "Kata sandi",
    "Log in": "Masuk",
    "Log in to Berdaya": "Masuk ke Berdaya",
    "Log out": "Keluar",
    "Welcome, %(name)s.": "Selamat datang, %(name)s.",
    "You have been logged out.": "Anda telah keluar.",
    "Wrong username or password.": "Nama pengguna atau kata sandi salah.",
    (
        "Too many failed logins. Login for this account is locked; try again in %(num)d minute.",
        "Too many failed logins. Login for this account is locked; try again in %(num)d minutes.",
    ): "Terlalu banyak percobaan masuk yang gagal. Akun ini dikunci sementara; "
        "coba lagi dalam %(num)d menit.",
    # --- Users and roles ---------------------------------------------------
    "Use letters, digits, dot, dash or underscore.":
        "Gunakan huruf, angka, titik, tanda hubung, atau garis bawah.",
    "Full name": "Nama lengkap",
    "Role": "Peran",
    "Repeat password": "Ulangi kata sandi",
    "The passwords differ.": "Kata sandi tidak sama.",
    "Create user": "Buat pengguna",
    "New password": "Kata sandi baru",
    "Set password": "Simpan kata sandi",
    "Change role": "Ubah peran",
    "Administrator": "Administrator",
    "Loan officer": "Petugas pinjaman",
    "Mentor": "Pendamping",
    "Trainee": "Peserta",
    "The password must be at least %(n)d characters long.": "Kata sandi minimal %(n)d karakter.",
    "This password is too common; choose another.": "Kata sandi ini terlalu umum; pilih yang lain.",
    "The password must not contain the username.": "Kata sandi tidak boleh memuat nama pengguna.",
    "The password is too repetitive.": "Kata sandi terlalu banyak memuat karakter yang berulang.",
    "The username %(u)s is already taken.": "Nama pengguna %(u)s sudah dipakai.",
    "You cannot change your own role.": "Anda tidak dapat mengubah peran Anda sendiri.",
    "You cannot disable your own account.": "Anda tidak dapat menonaktifkan akun Anda sendiri.",
    "User %(u)s created.": "Pengguna %(u)s berhasil dibuat.",
    "Password changed; the user's sessions were ended.":
        "Kata sandi berhasil diubah; semua sesi pengguna ini telah diakhiri.",
    "Role changed.": "Peran berhasil diubah.",
    "User enabled.": "Pengguna berhasil diaktifkan.",
    "User disabled; their sessions were ended.": "Pengguna dinonaktifkan; semua sesinya telah diakhiri.",
    "Users": "Pengguna",
    "New user": "Pengguna baru",
    "All roles": "Semua peran",
    "Status": "Status",
    "Active": "Aktif",
    "Disabled": "Nonaktif",
    "Created": "Dibuat",
    "Last login": "Terakhir masuk",
    "Reset password": "Atur ulang kata sandi",
    "Access": "Akses",
    "Disabling ends all of this user\u2019s sessions at once.":
        "Menonaktifkan pengguna ini akan langsung mengakhiri semua sesinya.",
    "Disable this user?": "Nonaktifkan pengguna ini?",
    "Disable user": "Nonaktifkan pengguna",
    "Enable user": "Aktifkan pengguna",
    "At least %(n)d characters; common passwords are refused.":
        "Minimal %(n)d karakter; kata sandi yang terlalu umum tidak diterima.",
    "Filters": "Filter",
    "Kec.": "Kec.",
    # --- Audit trail -------------------------------------------------------
    "Audit trail": "Jejak audit",
    "Audit events for this user": "Jejak audit pengguna ini",
    "Action": "Tindakan",
    "Actor (username)": "Pelaku (nama pengguna)",
    "Actor": "Pelaku",
    "Entity type": "Jenis objek",
    "Entity id": "ID objek",
    "Entity": "Objek",
    "From": "Dari",
    "To": "Sampai",
    "Time": "Waktu",
    "Details": "Rincian",
    "IP": "Alamat IP",
    "system": "sistem",
    ("%(num)d event", "%(num)d events"): "%(num)d catatan",
    "No events match.": "Tidak ada catatan yang cocok.",
    # --- Layout, navigation, generic ---------------------------------------
    "Please correct the marked fields.": "Silakan perbaiki isian yang ditandai.",
    "Pages": "Halaman",
    "Previous": "Sebelumnya",
    "Next": "Berikutnya",
    "Menu": "Menu",
    "Close": "Tutup",
    "Home": "Beranda",
    "Filter": "Filter",
    "Reset": "Atur ulang",
    "Search": "Cari",
    "All": "Semua",
    "Save": "Simpan",
    "Cancel": "Batal",
    "Edit": "Ubah",
    "Name": "Nama",
    "Description": "Deskripsi",
    "Location": "Lokasi",
    # --- Error pages -------------------------------------------------------
    "Bad request": "Permintaan tidak valid",
    "The form expired or was sent without its security token. Go back, reload the page and try again.":
        "Formulir sudah kedaluwarsa atau terkirim tanpa token keamanan. "
        "Kembali ke halaman sebelumnya, muat ulang halaman, lalu coba lagi.",
    "The request could not be understood.": "Permintaan tidak dapat diproses.",
    "Access denied": "Akses ditolak",
    "Your role may not use this page.": "Peran Anda tidak diizinkan membuka halaman ini.",
    "Page not found": "Halaman tidak ditemukan",
    "The page does not exist or you may not see it.":
        "Halaman tidak ada atau Anda tidak berhak melihatnya.",
    "Something went wrong": "Terjadi kesalahan",
    "The error has been logged. Nothing you entered was saved; please try again.":
        "Kesalahan ini sudah dicatat. Data yang Anda masukkan belum tersimpan; silakan coba lagi.",
    "Back to the start page": "Kembali ke halaman awal",
    # --- Trainee home --------------------------------------------------------
    "Trainees": "Peserta",
    "My trainees": "Peserta binaan saya",
    "Register trainee": "Daftarkan peserta",
    "My record": "Data saya",
    "Hello, %(name)s": "Halo, %(name)s",
    "See my registration record": "Lihat data pendaftaran saya",
    "Your account is not linked to a trainee record yet. Please contact your loan officer.":
        "Akun Anda belum terhubung dengan data peserta. Silakan hubungi petugas pinjaman Anda.",
    # --- Trainee registry: list ----------------------------------------------
    "Search name, NIK or phone": "Cari nama, NIK, atau nomor telepon",
    "Choose a kecamatan first": "Pilih kecamatan terlebih dahulu",
    ("%(num)d trainee", "%(num)d trainees"): "%(num)d peserta",
    "Decile": "Desil",
    "No trainees match.": "Tidak ada peserta yang cocok.",
    # --- Trainee registry: detail and form -----------------------------------
    "Edit trainee": "Ubah data peserta",
    "Edit %(name)s": "Ubah data %(name)s",
    "Identity": "Identitas",
    "Identity and household": "Identitas dan rumah tangga",
    "Address and household": "Alamat dan rumah tangga",
    "16 digits from the KTP. Digits 7-12 are the birth date (women: day + 40).":
        "16 digit sesuai KTP. Digit ke-7 sampai ke-12 adalah tanggal lahir "
        "(perempuan: tanggal ditambah 40).",
    "NIK": "NIK",
    "Gender": "Jenis kelamin",
    "Male": "Laki-laki",
    "Female": "Perempuan",
    "Birth date": "Tanggal lahir",
    "Phone": "Nomor telepon",
    "Address": "Alamat",
    "RT": "RT",
    "RW": "RW",
    "Kelurahan": "Kelurahan",
    "Kecamatan": "Kecamatan",
    "Kelurahan (kecamatan)": "Kelurahan (kecamatan)",
    "Household size": "Jumlah anggota rumah tangga",
    "Poverty status": "Status kemiskinan",
    "Household poverty status": "Status kemiskinan rumah tangga",
    "Extreme poor": "Miskin ekstrem",
    "Poor": "Miskin",
    "Near-poor": "Hampir miskin",
    "Vulnerable": "Rentan miskin",
    "DTSEN decile": "Desil DTSEN",
    "DTSEN welfare decile (1 = poorest)": "Desil kesejahteraan DTSEN (1 = termiskin)",
    "Programme": "Program",
    "Joined on": "Tanggal bergabung",
    "Consent given": "Persetujuan diberikan",
    "Consent to data processing given on": "Tanggal persetujuan pemrosesan data",
    "recorded by %(name)s": "dicatat oleh %(name)s",
    "User account": "Akun pengguna",
    "Linked user account": "Akun pengguna yang terhubung",
    "Change history": "Riwayat perubahan",
    # --- Business ----------------------------------------------------------------
    "Business": "Usaha",
    "Has a business": "Sudah memiliki usaha",
    "Business name": "Nama usaha",
    "Sector": "Sektor usaha",
    "Started on": "Mulai berusaha",
    "Business started on": "Tanggal mulai usaha",
    "NIB": "NIB",
    "NIB (business registration number)": "NIB (Nomor Induk Berusaha)",
    "not registered": "belum terdaftar",
    "at home": "di rumah",
    "Business runs at the home address": "Usaha dijalankan di alamat rumah",
    "Business address": "Alamat usaha",
    "Business description": "Deskripsi usaha",
    "No business recorded yet.": "Belum ada data usaha.",
    "Food & beverage": "Makanan & minuman",
    "Retail / warung": "Perdagangan / warung",
    "Fashion / tailoring": "Fesyen / jahit-menjahit",
    "Crafts": "Kerajinan",
    "Services": "Jasa",
    "Agriculture / livestock": "Pertanian / peternakan",
    "Other": "Lainnya",
    # --- Trainee validation --------------------------------------------------
    "NIK must contain digits only.": "NIK hanya boleh berisi angka.",
    "NIK must be exactly 16 digits.": "NIK harus terdiri dari tepat 16 digit.",
    "NIK does not start with a valid region code.": "NIK tidak diawali kode wilayah yang valid.",
    "NIK digits 7-12 do not encode a valid birth date.":
        "Digit ke-7 sampai ke-12 NIK bukan tanggal lahir yang valid.",
    "NIK serial number (last 4 digits) cannot be 0000.":
        "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.",
    "Full name is required.": "Nama lengkap wajib diisi.",
    "Choose a gender.": "Pilih jenis kelamin.",
    "Birth date is not plausible.": "Tanggal lahir tidak valid.",
    "Trainees must be at least 17 years old.": "Peserta harus berusia minimal 17 tahun.",
    "NIK digits 7-12 do not match the birth date.":
        "Digit ke-7 sampai ke-12 NIK tidak sesuai dengan tanggal lahir.",
    "NIK does not match the gender (women have 40 added to the birth day).":
        "NIK tidak sesuai dengan jenis kelamin (untuk perempuan, tanggal lahir ditambah 40).",
    "Not a valid Indonesian phone number.": "Nomor telepon Indonesia tidak valid.",
    "Address is required.": "Alamat wajib diisi.",
    "RT must be a number from 1 to 999.": "RT harus berupa angka 1 sampai 999.",
    "RW must be a number from 1 to 999.": "RW harus berupa angka 1 sampai 999.",
    "Choose a kelurahan of Kota Bandung.": "Pilih kelurahan di Kota Bandung.",
    "Household size must be between 1 and 30.": "Jumlah anggota rumah tangga harus antara 1 dan 30.",
    "Choose a poverty status.": "Pilih status kemiskinan.",
    "Welfare decile must be between 1 and 10.": "Desil kesejahteraan harus antara 1 dan 10.",
    "Joined-on date cannot be in the future.": "Tanggal bergabung tidak boleh melewati hari ini.",
    "Consent to data processing is required.": "Persetujuan pemrosesan data wajib diisi.",
    "Consent date cannot be in the future.": "Tanggal persetujuan tidak boleh melewati hari ini.",
    "The mentor must be an active user with the mentor role.":
        "Pendamping harus pengguna aktif dengan peran pendamping.",
    "The loan officer must be an active user with the officer role.":
        "Petugas pinjaman harus pengguna aktif dengan peran petugas pinjaman.",
    "The linked account must be an active user with the trainee role.":
        "Akun yang dihubungkan harus pengguna aktif dengan peran peserta.",
    "This account is already linked to another trainee.": "Akun ini sudah terhubung dengan peserta lain.",
    "Business name is required.": "Nama usaha wajib diisi.",
    "Choose a sector.": "Pilih sektor usaha.",
    "Start date cannot be in the future.": "Tanggal mulai usaha tidak boleh melewati hari ini.",
    "NIB must be 13 digits.": "NIB harus terdiri dari 13 digit.",
    "Give the business address, or mark it as at home.":
        "Isi alamat usaha, atau tandai bahwa usaha dijalankan di rumah.",
    "A trainee with this NIK is already registered.": "Peserta dengan NIK ini sudah terdaftar.",
    "Trainee %(name)s registered.": "Peserta %(name)s berhasil didaftarkan.",
    "Changes saved.": "Perubahan berhasil disimpan.",
}

_PLACEHOLDER = re.compile(r"%(?:\([A-Za-z_][A-Za-z0-9_]*\))?[-#0 +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")


def _placeholders(text: str) -> list[str]:
    return sorted(p for p in _PLACEHOLDER.findall(text) if p != "%%")


def _key(message) -> str | tuple[str, str]:
    return tuple(message.id) if message.pluralizable else message.id


def _is_translated(message) -> bool:
    if message.pluralizable:
        return bool(message.string) and all(message.string)
    return bool(message.string)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("po", nargs="?", type=Path, default=PO_PATH, help="catalogue to fill (default: %(default)s)")
    parser.add_argument("--overwrite", action="store_true", help="replace existing msgstrs with the dict's version too")
    args = parser.parse_args(argv)

    # Placeholders must survive translation, or gettext's %-formatting raises at runtime.
    bad = [k for k, v in TRANSLATIONS.items() if _placeholders(k[0] if isinstance(k, tuple) else k) != _placeholders(v)]
    if bad:
        for k in bad:
            print(f"placeholder mismatch in TRANSLATIONS entry: {k!r}", file=sys.stderr)
        return 2

    with args.po.open("rb") as fh:
        catalog = read_po(fh, locale="id")

    # Indonesian has a single plural form; pybabel update keeps whatever header is there.
    headers = [(k, v) for k, v in catalog.mime_headers if k.lower() != "plural-forms"]
    headers.append(("Plural-Forms", PLURAL_FORMS))
    catalog.mime_headers = headers
    if catalog.project == "PROJECT":
        catalog.project = "Berdaya"
    catalog.language_team = "Indonesian"
    catalog.fuzzy = False  # a fuzzy header makes `pybabel compile` skip the whole catalogue

    filled = 0
    untranslated = []
    for message in catalog:
        if not message.id:
            continue
        key = _key(message)
        if message.pluralizable:
            # one form only; a stale second form would fail `pybabel compile`
            current = tuple(message.string)[:1] if message.string else ("",)
            message.string = current
        value = TRANSLATIONS.get(key)
        if value is not None and (args.overwrite or not _is_translated(message)):
            new = (value,) if message.pluralizable else value
            if new != message.string:
                message.string = new
                filled += 1
            if message.fuzzy:
                message.flags.discard("fuzzy")
        if not _is_translated(message) or message.fuzzy:
            untranslated.append(message)

    with args.po.open("wb") as fh:
        write_po(fh, catalog, width=76)

    ids = {_key(m) for m in catalog if m.id}
    unused = [k for k in TRANSLATIONS if k not in ids]
    total = len(ids)
    print(f"{args.po}: {filled} msgstr(s) written, {total - len(untranslated)}/{total} translated")
    if unused:
        print(f"{len(unused)} dict entr{'y' if len(unused) == 1 else 'ies'} no longer in the catalogue "
              "(source string changed or removed):")
        for k in unused:
            print(f"  - {k!r}")
    if untranslated:
        print(f"{len(untranslated)} msgid(s) still untranslated{' or fuzzy' if any(m.fuzzy for m in untranslated) else ''}:")
        for m in untranslated:
            where = ", ".join(f"{f}:{n}" for f, n in m.locations[:3])
            print(f"  - {_key(m)!r}  ({where})")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
