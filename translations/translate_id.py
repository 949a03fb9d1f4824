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
    # --- Loans: printed documents (loans/documents.py, templates/loans/print/) ---
    "Back": "Kembali",
    "Loan information summary": "Ringkasan Informasi Pinjaman",
    "Application no. %(id)s": "Pengajuan no. %(id)s",
    "Please read this summary before you sign. It shows how much you receive, how much you repay, and when.":
        "Bacalah ringkasan ini sebelum Anda menandatangani. Ringkasan ini menunjukkan berapa yang "
        "Anda terima, berapa yang harus Anda bayar kembali, dan kapan.",
    "Borrower": "Peminjam",
    "The loan": "Pinjaman",
    "Product": "Produk",
    "Loan amount (principal)": "Jumlah pinjaman (pokok)",
    "Administration fee": "Biaya administrasi",
    "%(rate)s of the principal": "%(rate)s dari pokok pinjaman",
    "None": "Tidak ada",
    "Amount you receive": "Jumlah yang Anda terima",
    "Interest rate": "Suku bunga",
    "%(rate)s per year": "%(rate)s per tahun",
    "Repayment frequency": "Frekuensi angsuran",
    "Number of instalments": "Jumlah angsuran",
    "Interest-only instalments at the start": "Angsuran awal hanya bunga (masa tenggang)",
    "First instalment due": "Jatuh tempo angsuran pertama",
    "Last instalment due": "Jatuh tempo angsuran terakhir",
    "Total to repay": "Total yang harus dibayar",
    "Total cost of credit": "Total biaya pinjaman",
    "Effective annual rate": "Suku bunga efektif per tahun",
    "The total cost of credit is everything you pay beyond the loan amount: interest and fees. "
    "The effective annual rate expresses that cost per year, counting the fee and the repayment "
    "schedule, so that loans can be compared.":
        "Total biaya pinjaman adalah semua yang Anda bayar di luar jumlah pinjaman: bunga dan biaya. "
        "Suku bunga efektif per tahun menyatakan biaya itu per tahun, dengan memperhitungkan biaya "
        "administrasi dan jadwal angsuran, sehingga pinjaman dapat dibandingkan.",
    "Repayment schedule": "Jadwal Angsuran",
    "No.": "No.",
    "Due date": "Jatuh tempo",
    "Principal": "Pokok",
    "Interest": "Bunga",
    "Fee": "Biaya",
    "Total": "Total",
    "Late payment": "Keterlambatan pembayaran",
    "If an instalment is still not fully paid %(days)s days after its due date, a late penalty of "
    "%(amount)s is charged once for that instalment.":
        "Jika suatu angsuran belum lunas %(days)s hari setelah tanggal jatuh temponya, dikenakan denda "
        "keterlambatan sebesar %(amount)s satu kali untuk angsuran tersebut.",
    "Payments go first to penalties and fees, then to interest, then to principal, starting with "
    "the oldest instalment.":
        "Setiap pembayaran dipakai lebih dulu untuk denda dan biaya, lalu bunga, lalu pokok, dimulai "
        "dari angsuran yang paling lama.",
    "I have read and understood this summary, including the total to repay and the repayment schedule.":
        "Saya telah membaca dan memahami ringkasan ini, termasuk total yang harus dibayar dan jadwal "
        "angsurannya.",
    "Place and date": "Tempat dan tanggal",
    "Payment receipt": "Kuitansi Pembayaran",
    "REVERSED": "DIBATALKAN",
    "Receipt no.": "No. kuitansi",
    "Loan no.": "No. pinjaman",
    "Payment date": "Tanggal pembayaran",
    "Type": "Jenis",
    "Method": "Metode",
    "Reference": "Referensi",
    "Amount received": "Jumlah diterima",
    "Outstanding after this payment": "Sisa kewajiban setelah pembayaran ini",
    "Loan status": "Status pinjaman",
    "Received by %(name)s on %(when)s.": "Diterima oleh %(name)s pada %(when)s.",
    "Keep this receipt as proof of payment.": "Simpan kuitansi ini sebagai bukti pembayaran.",
    "Late penalty": "Denda keterlambatan",
    "Recovered after write-off": "Pemulihan setelah hapus buku",
    "Paid beyond the balance": "Kelebihan pembayaran",
    # --- Loans: labels of loans/models.py (register_labels) --------------------------------
    "Weekly": "Mingguan",
    "Every two weeks": "Dua mingguan",
    "Monthly": "Bulanan",
    "Flat interest": "Bunga flat",
    "Declining balance": "Bunga menurun",
    "Equal instalments": "Angsuran sama besar",
    "Equal principal": "Pokok sama besar",
    "No fee": "Tanpa biaya",
    "Flat amount": "Jumlah tetap",
    "Percent of principal": "Persen dari pokok",
    "Deducted at disbursement": "Dipotong saat pencairan",
    "Added to the first instalment": "Ditambahkan ke angsuran pertama",
    "City budget": "APBD Kota",
    "CSR partner": "Mitra CSR",
    "Revolving fund": "Dana bergulir",
    "Submitted": "Diajukan",
    "Approved": "Disetujui",
    "Rejected": "Ditolak",
    "Withdrawn": "Ditarik",
    "Cancelled": "Dibatalkan",
    "Disbursed": "Dicairkan",
    "Closed": "Lunas",
    "Written off": "Dihapusbukukan",
    "Cash": "Tunai",
    "Bank transfer": "Transfer bank",
    "QRIS / e-wallet": "QRIS / dompet digital",
    "Repayment": "Pembayaran angsuran",
    "Recovery after write-off": "Pemulihan setelah hapus buku",
    # --- Loan pages (views, forms, templates) ------------------------------
    "Enter an amount in rupiah, such as 1.500.000 or 1.500.000,50.": "Masukkan jumlah dalam rupiah, misalnya 1.500.000 atau 1.500.000,50.",
    "Enter a whole rupiah amount, such as 1.500.000 or 1500000.": "Masukkan jumlah rupiah bulat, misalnya 1.500.000 atau 1500000.",
    "Enter a number such as 12 or 12,5.": "Masukkan angka, misalnya 12 atau 12,5.",
    "Smallest amount (Rp)": "Jumlah terkecil (Rp)",
    "Largest amount (Rp)": "Jumlah terbesar (Rp)",
    "Shortest term (instalments)": "Jangka waktu terpendek (angsuran)",
    "Longest term (instalments)": "Jangka waktu terpanjang (angsuran)",
    "Interest method": "Metode bunga",
    "Amortization": "Amortisasi",
    "Interest rate (% per year, nominal)": "Suku bunga (% per tahun, nominal)",
    "Most grace instalments (interest only)": "Masa tenggang terpanjang (angsuran hanya bunga)",
    "Round instalments to a multiple of (Rp)": "Bulatkan angsuran ke kelipatan (Rp)",
    "Fee (rupiah, or percent of the principal)": "Biaya (rupiah, atau persen dari pokok)",
    "Fee is paid": "Biaya dibayar",
    "Late penalty per overdue instalment (Rp)": "Denda per angsuran yang terlambat (Rp)",
    "Penalty after this many days late": "Denda setelah terlambat sekian hari",
    "Applicants must have completed training": "Pemohon harus sudah menyelesaikan pelatihan",
    "Active (offered to new applicants)": "Aktif (ditawarkan kepada pemohon baru)",
    "Kind": "Jenis",
    "Partner organisation": "Organisasi mitra",
    "Committed amount (Rp)": "Jumlah komitmen (Rp)",
    "Active (can fund new loans)": "Aktif (dapat mendanai pinjaman baru)",
    "Loan product": "Produk pinjaman",
    "Amount (Rp)": "Jumlah (Rp)",
    "Term (number of instalments)": "Jangka waktu (jumlah angsuran)",
    "Grace instalments (interest only)": "Masa tenggang (angsuran hanya bunga)",
    "Purpose of the loan": "Tujuan pinjaman",
    "Business plan summary": "Ringkasan rencana usaha",
    "Monthly business revenue (Rp)": "Pendapatan usaha per bulan (Rp)",
    "Monthly business costs (Rp)": "Biaya usaha per bulan (Rp)",
    "Monthly household expenses (Rp)": "Pengeluaran rumah tangga per bulan (Rp)",
    "Instalments already owed elsewhere, per month (Rp)": "Angsuran di tempat lain, per bulan (Rp)",
    "Mentor recommendation": "Rekomendasi pendamping",
    "Justification for approving despite the capacity flag": "Alasan menyetujui meskipun ada tanda kemampuan bayar",
    "Reason": "Alasan",
    "Disbursement date": "Tanggal pencairan",
    "Funding source": "Sumber dana",
    "Reference (transfer number, receipt)": "Referensi (nomor transfer, kuitansi)",
    "Amount received (Rp)": "Jumlah diterima (Rp)",
    "Record an amount above the whole balance as overpaid": "Catat kelebihan di atas seluruh sisa pinjaman sebagai kelebihan bayar",
    "Current": "Lancar",
    "1-30 days": "1-30 hari",
    "31-60 days": "31-60 hari",
    "61-90 days": "61-90 hari",
    "91-180 days": "91-180 hari",
    "Over 180 days": "Lebih dari 180 hari",
    "Paid": "Lunas",
    "Partially paid": "Dibayar sebagian",
    "Overdue": "Terlambat",
    "Due": "Jatuh tempo",
    "Not yet due": "Belum jatuh tempo",
    "Loan product %(name)s created.": "Produk pinjaman %(name)s berhasil dibuat.",
    "Funding source %(name)s created.": "Sumber dana %(name)s berhasil dibuat.",
    "Application submitted. Another officer must approve it.": "Pengajuan terkirim. Petugas lain harus menyetujuinya.",
    "Recommendation saved.": "Rekomendasi disimpan.",
    "Application approved.": "Pengajuan disetujui.",
    "Application rejected.": "Pengajuan ditolak.",
    "Approved application cancelled.": "Pengajuan yang disetujui dibatalkan.",
    "Application withdrawn.": "Pengajuan ditarik.",
    "%(name)s (available %(amount)s)": "%(name)s (tersedia %(amount)s)",
    "Loan disbursed.": "Pinjaman dicairkan.",
    "Only an approved application can be disbursed.": "Hanya pengajuan yang disetujui yang dapat dicairkan.",
    "Payment of %(amount)s recorded.": "Pembayaran %(amount)s dicatat.",
    "This payment was already recorded; it was not posted twice.": "Pembayaran ini sudah tercatat; tidak dicatat dua kali.",
    "Please enter the payment again.": "Silakan masukkan pembayaran sekali lagi.",
    "Payment reversed; the balances were recomputed.": "Pembayaran dibatalkan; saldo dihitung ulang.",
    "Loan written off.": "Pinjaman dihapusbukukan.",
    "Loan application of %(name)s": "Pengajuan pinjaman %(name)s",
    "Loan applications": "Pengajuan pinjaman",
    "Open the loan": "Buka pinjaman",
    "Disclosure": "Ringkasan informasi",
    "Disclosure (PDF)": "Ringkasan informasi (PDF)",
    "Flagged: the declared monthly net income is zero or negative, so the instalment cannot be covered.":
        "Ditandai: pendapatan bersih per bulan yang dilaporkan nol atau negatif, sehingga angsuran tidak dapat ditutup.",
    "Flagged: the instalment takes %(ratio)s of the monthly net income, above the %(threshold)s threshold.":
        "Ditandai: angsuran memakan %(ratio)s dari pendapatan bersih per bulan, di atas batas %(threshold)s.",
    "Approving it requires a written justification.": "Persetujuan memerlukan alasan tertulis.",
    "Terms": "Ketentuan",
    "Amount": "Jumlah",
    "Term": "Jangka waktu",
    "%(n)d interest-only": "%(n)d hanya bunga",
    "per year": "per tahun",
    "%(amount)s per instalment more than %(days)d days late": "%(amount)s per angsuran yang terlambat lebih dari %(days)d hari",
    "Purpose": "Tujuan",
    "Business plan": "Rencana usaha",
    "Repayment capacity (per month)": "Kemampuan bayar (per bulan)",
    "Business revenue": "Pendapatan usaha",
    "Business costs": "Biaya usaha",
    "Household expenses": "Pengeluaran rumah tangga",
    "Net income": "Pendapatan bersih",
    "Instalments owed elsewhere": "Angsuran di tempat lain",
    "This loan, monthly equivalent": "Pinjaman ini, setara per bulan",
    "Capacity ratio": "Rasio kemampuan bayar",
    "Threshold": "Batas",
    "Decision": "Keputusan",
    "Decided": "Diputuskan",
    "Note": "Catatan",
    "none": "tidak ada",
    "Recommendation": "Rekomendasi",
    "What the approver should know about this trainee and business.": "Hal yang perlu diketahui pemberi persetujuan tentang peserta dan usahanya.",
    "Save recommendation": "Simpan rekomendasi",
    "Approve": "Setujui",
    "You submitted this application, so you cannot approve it: another officer or an administrator must (four-eyes rule).":
        "Anda yang mengajukan permohonan ini, jadi Anda tidak dapat menyetujuinya: petugas lain atau administrator yang harus menyetujui (prinsip empat mata).",
    "Required: why this trainee can repay despite the capacity flag.": "Wajib: mengapa peserta ini mampu membayar meskipun ada tanda kemampuan bayar.",
    "Reject or withdraw": "Tolak atau tarik",
    "Reject": "Tolak",
    "Withdraw this application at the trainee's request?": "Tarik pengajuan ini atas permintaan peserta?",
    "Withdraw (trainee's request)": "Tarik (permintaan peserta)",
    "Disburse": "Cairkan",
    "Give the trainee the disclosure before disbursing.": "Berikan ringkasan informasi pinjaman kepada peserta sebelum pencairan.",
    "Disburse the loan": "Cairkan pinjaman",
    "Cancel the approved application": "Batalkan pengajuan yang disetujui",
    "New loan application": "Pengajuan pinjaman baru",
    "New": "Baru",
    "Loan": "Pinjaman",
    "For example 5.000.000": "Misalnya 5.000.000",
    "Product limits": "Batas produk",
    "up to %(n)d grace instalments": "masa tenggang hingga %(n)d angsuran",
    "Capacity = monthly-equivalent instalment ÷ (revenue − business costs − household expenses). Applications above the threshold are flagged and need a written justification to be approved.":
        "Kemampuan bayar = angsuran setara per bulan ÷ (pendapatan − biaya usaha − pengeluaran rumah tangga). Pengajuan di atas batas ditandai dan memerlukan alasan tertulis untuk disetujui.",
    "Submit application": "Kirim pengajuan",
    "My loan applications": "Pengajuan pinjaman saya",
    "New application": "Pengajuan baru",
    "Capacity": "Kemampuan bayar",
    "flagged": "ditandai",
    "No applications match.": "Tidak ada pengajuan yang cocok.",
    "Collection list": "Daftar penagihan",
    "Instalments overdue or due from %(start)s to %(end)s, oldest first.": "Angsuran yang terlambat atau jatuh tempo dari %(start)s sampai %(end)s, yang terlama lebih dulu.",
    "Amount due": "Jumlah tagihan",
    "Days late": "Hari terlambat",
    "Nothing to collect this week.": "Tidak ada tagihan minggu ini.",
    "Loan of %(name)s": "Pinjaman %(name)s",
    "Loans": "Pinjaman",
    "Application": "Pengajuan",
    "Written off on %(date)s: %(reason)s": "Dihapusbukukan pada %(date)s: %(reason)s",
    "Payments received now are recorded as recoveries.": "Pembayaran yang diterima sekarang dicatat sebagai pemulihan.",
    "Balance": "Saldo",
    "Principal outstanding": "Sisa pokok",
    "Interest outstanding": "Sisa bunga",
    "Fees outstanding": "Sisa biaya",
    "Penalties outstanding": "Sisa denda",
    "Total outstanding": "Total sisa pinjaman",
    "Overdue now": "Tunggakan saat ini",
    "Days past due": "Hari keterlambatan",
    "Next instalment": "Angsuran berikutnya",
    "Record a recovery payment": "Catat pembayaran pemulihan",
    "Record a repayment": "Catat angsuran",
    "For example 250.000": "Misalnya 250.000",
    "Record payment": "Catat pembayaran",
    "Schedule": "Jadwal",
    "Penalty": "Denda",
    "State": "Keadaan",
    "Payments": "Pembayaran",
    "Date": "Tanggal",
    "Allocation": "Alokasi",
    "Posted by": "Dicatat oleh",
    "Receipt": "Kuitansi",
    "principal": "pokok",
    "interest": "bunga",
    "fee": "biaya",
    "penalty": "denda",
    "excess": "kelebihan",
    "Reversed": "Dibatalkan",
    "Posted": "Tercatat",
    "Reverse": "Batalkan",
    "Reverse this payment? The allocation of the other payments is recomputed.": "Batalkan pembayaran ini? Alokasi pembayaran lainnya akan dihitung ulang.",
    "Reverse payment": "Batalkan pembayaran",
    "No payments yet.": "Belum ada pembayaran.",
    "Write off this loan": "Hapus buku pinjaman ini",
    "Write off this loan? It leaves the portfolio; later payments are recoveries.": "Hapus buku pinjaman ini? Pinjaman keluar dari portofolio; pembayaran berikutnya dicatat sebagai pemulihan.",
    "Write off": "Hapus buku",
    "Disburse %(amount)s to %(name)s": "Cairkan %(amount)s kepada %(name)s",
    "Only an approved application can be disbursed. This one is: %(status)s.": "Hanya pengajuan yang disetujui yang dapat dicairkan. Status pengajuan ini: %(status)s.",
    "Before disbursing, give the trainee the disclosure:": "Sebelum pencairan, berikan ringkasan informasi pinjaman kepada peserta:",
    "printable page": "halaman cetak",
    "The amount shown is what the source can still lend.": "Jumlah yang ditampilkan adalah dana yang masih dapat dipinjamkan sumber ini.",
    "Funding sources": "Sumber dana",
    "New funding source": "Sumber dana baru",
    "Partner": "Mitra",
    "Committed": "Komitmen",
    "Lent out": "Dipinjamkan",
    "Available": "Tersedia",
    "Inactive": "Tidak aktif",
    "No funding sources yet.": "Belum ada sumber dana.",
    "Lent out: principal disbursed and not yet repaid. Available = committed − disbursed principal + repaid principal.":
        "Dipinjamkan: pokok yang dicairkan dan belum dikembalikan. Tersedia = komitmen − pokok dicairkan + pokok dikembalikan.",
    "Edit funding source": "Ubah sumber dana",
    "For example 500.000.000": "Misalnya 500.000.000",
    "My loans": "Pinjaman saya",
    "Portfolio": "Portofolio",
    "No loans match.": "Tidak ada pinjaman yang cocok.",
    "Portfolio on %(date)s": "Portofolio per %(date)s",
    "Active loans": "Pinjaman aktif",
    "Disbursed principal": "Pokok yang dicairkan",
    "Written off (outside the portfolio)": "Dihapusbukukan (di luar portofolio)",
    ("%(num)d loan", "%(num)d loans"): "%(num)d pinjaman",
    "PAR N: outstanding principal of active loans more than N days past due ÷ outstanding principal of all active loans.":
        "PAR N: sisa pokok pinjaman aktif yang terlambat lebih dari N hari ÷ sisa pokok seluruh pinjaman aktif.",
    "Share": "Porsi",
    "Edit loan product": "Ubah produk pinjaman",
    "New loan product": "Produk pinjaman baru",
    "Loan products": "Produk pinjaman",
    "This product already has applications or loans. Its financial terms (rate, frequency, method, amortization, rounding, fee, penalty) can no longer be changed; create a new product instead. Existing loans keep their own copy of the terms.":
        "Produk ini sudah memiliki pengajuan atau pinjaman. Ketentuan keuangannya (suku bunga, frekuensi, metode, amortisasi, pembulatan, biaya, denda) tidak dapat diubah lagi; buat produk baru. Pinjaman yang ada tetap memakai salinan ketentuannya sendiri.",
    "For example 2.000.000": "Misalnya 2.000.000",
    "Interest and instalments": "Bunga dan angsuran",
    "Nominal, for example 18 or 18,5": "Nominal, misalnya 18 atau 18,5",
    "For example 100": "Misalnya 100",
    "Fees and penalties": "Biaya dan denda",
    "Rupiah for a flat fee, percent for a percentage fee": "Rupiah untuk biaya tetap, persen untuk biaya persentase",
    "Leave empty for no penalty": "Kosongkan jika tidak ada denda",
    "New product": "Produk baru",
    "Frequency": "Frekuensi",
    "No loan products yet.": "Belum ada produk pinjaman.",
    "Applications": "Pengajuan",
    "disbursed %(date)s": "dicairkan %(date)s",
    "No loans or applications yet.": "Belum ada pinjaman atau pengajuan.",
    # --- Loans: services and reports (loans/services.py, loans/portfolio.py, loans/demo.py) ---
    "This operation is not allowed.": "Tindakan ini tidak diizinkan.",
    "You submitted this application, so another person must approve it.":
        "Anda yang mengajukan permohonan ini, jadi orang lain yang harus menyetujuinya.",
    "The funding source does not have enough money: %(available)s available, %(requested)s requested.":
        "Dana pada sumber dana tidak mencukupi: tersedia %(available)s, diminta %(requested)s.",
    "Name is required.": "Nama wajib diisi.",
    "Name must be at most 120 characters.": "Nama paling banyak 120 karakter.",
    "Another product already has this name.": "Nama ini sudah dipakai oleh produk lain.",
    "The smallest amount must be a whole rupiah amount above zero.":
        "Jumlah terkecil harus berupa rupiah bulat di atas nol.",
    "The largest amount must be a whole rupiah amount above zero.":
        "Jumlah terbesar harus berupa rupiah bulat di atas nol.",
    "The largest amount must not be below the smallest amount.":
        "Jumlah terbesar tidak boleh lebih kecil dari jumlah terkecil.",
    "The shortest term must be at least 1 instalment.": "Jangka waktu terpendek minimal 1 angsuran.",
    "The longest term must be at least 1 instalment.": "Jangka waktu terpanjang minimal 1 angsuran.",
    "The longest term must not be shorter than the shortest term.":
        "Jangka waktu terpanjang tidak boleh lebih pendek dari jangka waktu terpendek.",
    "Choose a repayment frequency.": "Pilih frekuensi angsuran.",
    "Choose an interest method.": "Pilih metode bunga.",
    "Choose an amortization.": "Pilih metode amortisasi.",
    "The interest rate must be between 0 and 100 % per year, with at most four decimals.":
        "Suku bunga harus antara 0 dan 100 % per tahun, dengan paling banyak empat angka desimal.",
    "Grace instalments cannot be negative.": "Masa tenggang tidak boleh negatif.",
    "Grace instalments must be fewer than the shortest term.":
        "Masa tenggang harus lebih sedikit dari jangka waktu terpendek.",
    "Round to a whole rupiah amount above zero, such as 1 or 100.":
        "Pembulatan harus berupa rupiah bulat di atas nol, misalnya 1 atau 100.",
    "Choose a fee type.": "Pilih jenis biaya administrasi.",
    "A flat fee must be a whole rupiah amount above zero.":
        "Biaya tetap harus berupa rupiah bulat di atas nol.",
    "A flat fee must be less than the smallest amount.":
        "Biaya tetap harus lebih kecil dari jumlah pinjaman terkecil.",
    "A percentage fee must be above 0 and below 100 %.":
        "Biaya persentase harus di atas 0 dan di bawah 100 %.",
    "Choose when the fee is paid.": "Pilih kapan biaya administrasi dibayar.",
    "Give both the penalty amount and the days after which it is charged, or neither.":
        "Isi jumlah denda beserta jumlah hari keterlambatan sebelum denda dikenakan, atau kosongkan keduanya.",
    "The penalty must be a whole rupiah amount above zero.": "Denda harus berupa rupiah bulat di atas nol.",
    "Days before the penalty cannot be negative.": "Jumlah hari sebelum denda dikenakan tidak boleh negatif.",
    "This product is already used by applications or loans, so its financial terms cannot change. Create a new product instead.":
        "Produk ini sudah dipakai oleh pengajuan atau pinjaman, jadi ketentuan keuangannya tidak dapat "
        "diubah. Buat produk baru sebagai gantinya.",
    "Another funding source already has this name.": "Nama ini sudah dipakai oleh sumber dana lain.",
    "Choose the kind of funding source.": "Pilih jenis sumber dana.",
    "Partner name must be at most 160 characters.": "Nama mitra paling banyak 160 karakter.",
    "The committed amount must be a whole rupiah amount, zero or more.":
        "Jumlah komitmen harus berupa rupiah bulat, nol atau lebih.",
    "The committed amount cannot be below the %(amount)s currently lent out.":
        "Jumlah komitmen tidak boleh lebih kecil dari %(amount)s yang sedang dipinjamkan.",
    "Choose a registered trainee.": "Pilih peserta yang sudah terdaftar.",
    "This trainee already has an open application (no. %(id)s); decide or withdraw it first.":
        "Peserta ini masih memiliki pengajuan yang belum selesai (no. %(id)s); putuskan atau tarik "
        "pengajuan itu terlebih dahulu.",
    "Choose an active loan product.": "Pilih produk pinjaman yang aktif.",
    "This product requires completed training.": "Produk ini mensyaratkan peserta sudah menyelesaikan pelatihan.",
    "Enter the amount as whole rupiah.": "Masukkan jumlah dalam rupiah bulat.",
    "For %(product)s the amount must be between %(min)s and %(max)s.":
        "Untuk %(product)s, jumlah pinjaman harus antara %(min)s dan %(max)s.",
    "For %(product)s the term must be between %(min)s and %(max)s instalments.":
        "Untuk %(product)s, jangka waktu harus antara %(min)s dan %(max)s angsuran.",
    "For %(product)s at most %(max)s grace instalments are allowed.":
        "Untuk %(product)s, masa tenggang paling lama %(max)s angsuran.",
    "Grace instalments must be fewer than the term.": "Masa tenggang harus lebih sedikit dari jangka waktu.",
    "Purpose is required.": "Tujuan pinjaman wajib diisi.",
    "Purpose must be at most 255 characters.": "Tujuan pinjaman paling banyak 255 karakter.",
    "A short business plan is required.": "Ringkasan rencana usaha wajib diisi.",
    "Enter a whole rupiah amount, zero or more.": "Masukkan jumlah rupiah bulat, nol atau lebih.",
    "This trainee already has an open application.": "Peserta ini masih memiliki pengajuan yang belum selesai.",
    "Only a submitted application can receive a recommendation.":
        "Hanya pengajuan yang berstatus diajukan yang dapat diberi rekomendasi.",
    "Only the trainee's mentor, an officer or an administrator can recommend.":
        "Hanya pendamping peserta, petugas, atau administrator yang dapat memberi rekomendasi.",
    "Write the recommendation.": "Tuliskan rekomendasinya.",
    "The decision cannot be dated before the submission.":
        "Tanggal keputusan tidak boleh sebelum tanggal pengajuan.",
    "Only a submitted application can be approved.": "Hanya pengajuan yang berstatus diajukan yang dapat disetujui.",
    "This application is flagged for repayment capacity; write why it should be approved anyway.":
        "Pengajuan ini ditandai karena kemampuan bayar; tuliskan alasan pengajuan tetap perlu disetujui.",
    "Only a submitted application can be rejected.": "Hanya pengajuan yang berstatus diajukan yang dapat ditolak.",
    "Give the reason for rejecting.": "Isi alasan penolakan.",
    "Only a submitted application can be withdrawn.": "Hanya pengajuan yang berstatus diajukan yang dapat ditarik.",
    "Only an approved application can be cancelled.": "Hanya pengajuan yang disetujui yang dapat dibatalkan.",
    "Give the reason for cancelling.": "Isi alasan pembatalan.",
    "Choose how the money is paid out.": "Pilih cara pencairan dana.",
    "Reference must be at most 80 characters.": "Referensi paling banyak 80 karakter.",
    "Disbursement cannot be dated before the approval.": "Tanggal pencairan tidak boleh sebelum tanggal persetujuan.",
    "Choose an active funding source.": "Pilih sumber dana yang aktif.",
    "This key was already used for a payment on another loan.":
        "Kunci ini sudah dipakai untuk pembayaran pada pinjaman lain.",
    "A posting key of 1 to 64 characters is required.": "Kunci pencatatan wajib diisi, 1 sampai 64 karakter.",
    "The amount must be a whole rupiah amount above zero.": "Jumlah harus berupa rupiah bulat di atas nol.",
    "Choose a payment method.": "Pilih metode pembayaran.",
    "The payment date cannot be in the future.": "Tanggal pembayaran tidak boleh melewati hari ini.",
    "The payment date cannot be before the disbursement (%(date)s).":
        "Tanggal pembayaran tidak boleh sebelum tanggal pencairan (%(date)s).",
    "A payment on a written-off loan cannot be dated before the write-off (%(date)s).":
        "Pembayaran atas pinjaman yang dihapusbukukan tidak boleh bertanggal sebelum hapus buku (%(date)s).",
    "This is more than everything the loan still owes (%(balance)s). Record the overpayment only if you mean to.":
        "Jumlah ini melebihi seluruh sisa kewajiban pinjaman (%(balance)s). Catat kelebihan bayar hanya "
        "jika memang disengaja.",
    "Give the reason for the reversal.": "Isi alasan pembatalan pembayaran.",
    "This transaction is already reversed.": "Transaksi ini sudah dibatalkan.",
    "Only an active loan can be written off.": "Hanya pinjaman aktif yang dapat dihapusbukukan.",
    "Give the reason for the write-off.": "Isi alasan hapus buku.",
    "The write-off cannot be dated before the disbursement.":
        "Tanggal hapus buku tidak boleh sebelum tanggal pencairan.",
    "Reason for cancelling": "Alasan pembatalan",
    "Disbursement cannot be dated in the future.": "Tanggal pencairan tidak boleh melewati hari ini.",
    ("%(num)d instalment to collect", "%(num)d instalments to collect"): "%(num)d angsuran perlu ditagih",
    # --- Mentoring: sessions, action items, business check-ins, early warning (mentoring/, templates/mentoring/) ---
    "Mentoring": "Pendampingan",
    "Mentoring: caseload per mentor": "Pendampingan: peserta binaan per pendamping",
    "Mentor %(name)s": "Pendamping: %(name)s",
    "Mentor of %(name)s": "Pendamping %(name)s",
    "Trainees of %(name)s": "Peserta binaan %(name)s",
    "Mentor history": "Riwayat pendamping",
    "Staff only": "Khusus staf",
    "Shared with the trainee": "Dibagikan kepada peserta",
    # Sessions
    "Sessions": "Sesi",
    ("%(num)d session", "%(num)d sessions"): "%(num)d sesi",
    "Sessions of %(name)s": "Sesi %(name)s",
    "Session on %(date)s": "Sesi tanggal %(date)s",
    "All %(n)d sessions": "Semua %(n)d sesi",
    "No sessions yet.": "Belum ada sesi.",
    "Log a session": "Catat sesi",
    "Log session": "Catat sesi",
    "Log another session": "Catat sesi lain",
    "New session": "Sesi baru",
    "Edit session": "Ubah sesi",
    "Save session": "Simpan sesi",
    "Session logged.": "Sesi berhasil dicatat.",
    "Last session": "Sesi terakhir",
    "Next session": "Sesi berikutnya",
    "Sessions this month": "Sesi bulan ini",
    "Without a session (30 days)": "Tanpa sesi (30 hari)",
    "Figures as of %(date)s. \"Without a session\" counts trainees with no session in the last 30 days (or never).":
        "Angka per %(date)s. \"Tanpa sesi\" menghitung peserta yang tidak mendapat sesi dalam 30 hari "
        "terakhir (atau belum pernah).",
    "You can edit this session until %(date)s.": "Anda dapat mengubah sesi ini sampai %(date)s.",
    "This session is read-only: sessions can be edited for 7 days after they were logged.":
        "Sesi ini tidak dapat diubah lagi: sesi hanya dapat diubah selama 7 hari setelah dicatat.",
    "Sessions can be edited for %(days)s days after they were logged; this one is now read-only.":
        "Sesi hanya dapat diubah selama %(days)s hari setelah dicatat; sesi ini tidak dapat diubah lagi.",
    "Sessions can be edited for %(days)d days after they were logged; this one is now read-only.":
        "Sesi hanya dapat diubah selama %(days)d hari setelah dicatat; sesi ini tidak dapat diubah lagi.",
    "Who took part": "Siapa yang ikut",
    "Participants": "Peserta",
    "Attended": "Hadir",
    "Absent": "Tidak hadir",
    "Find trainees by name, NIK or phone": "Cari peserta berdasarkan nama, NIK, atau nomor telepon",
    "Find": "Cari",
    "Filter by name": "Filter menurut nama",
    "Find the trainees above.": "Cari peserta melalui kolom di atas.",
    "No trainees are assigned to you yet.": "Anda belum memiliki peserta binaan.",
    "One trainee: an individual session; several: a group session. Switch on \"Absent\" for anyone who did not come.":
        "Satu peserta: sesi perorangan; beberapa peserta: sesi kelompok. Aktifkan \"Tidak hadir\" "
        "untuk peserta yang tidak datang.",
    "When and how": "Kapan dan bagaimana",
    "Start time": "Jam mulai",
    "Duration (minutes)": "Durasi (menit)",
    "Duration": "Durasi",
    "%(n)d min": "%(n)d menit",
    "Mode": "Cara",
    "Place (kelurahan)": "Tempat (kelurahan)",
    "Place": "Tempat",
    "Logged": "Dicatat",
    "Today": "Hari ini",
    "Yesterday": "Kemarin",
    "In 1 week": "1 minggu lagi",
    "In 2 weeks": "2 minggu lagi",
    "In 4 weeks": "4 minggu lagi",
    "Individual": "Perorangan",
    "individual": "perorangan",
    "Group": "Kelompok",
    "group of %(n)d": "kelompok %(n)d orang",
    "Field visit": "Kunjungan lapangan",
    "Phone / WhatsApp": "Telepon / WhatsApp",
    "Video call": "Panggilan video",
    "Group meeting": "Pertemuan kelompok",
    "Training follow-up": "Lanjutan pelatihan",
    # Topics
    "Topics": "Topik",
    "Other topic": "Topik lainnya",
    "Bookkeeping": "Pembukuan",
    "Pricing and costing": "Penghitungan biaya dan harga jual",
    "Marketing": "Pemasaran",
    "Digital / online sales": "Penjualan digital / online",
    "Product quality": "Kualitas produk",
    "Stock": "Stok",
    "Loan use and repayment": "Penggunaan pinjaman dan angsuran",
    "Savings": "Tabungan",
    "Legal / NIB / halal certification": "Legalitas / NIB / sertifikasi halal",
    "Separating family and business money": "Memisahkan uang keluarga dan uang usaha",
    # Notes
    "Notes": "Catatan",
    "Notes shared with the trainee": "Catatan yang dibagikan kepada peserta",
    "Staff-only notes (never shown to trainees)": "Catatan khusus staf (tidak pernah ditampilkan kepada peserta)",
    "Staff-only notes": "Catatan khusus staf",
    "The trainee sees these in their portal.": "Peserta dapat melihat catatan ini di halamannya sendiri.",
    "Mentors, officers and administrators only. Never shown to trainees.":
        "Hanya untuk pendamping, petugas, dan administrator. Tidak pernah ditampilkan kepada peserta.",
    # Session validation
    "Choose at least one trainee.": "Pilih minimal satu peserta.",
    "Choose at least one topic.": "Pilih minimal satu topik.",
    "Say what the other topic was.": "Sebutkan topik lainnya.",
    "Only mentors, loan officers and administrators log sessions.":
        "Hanya pendamping, petugas pinjaman, dan administrator yang dapat mencatat sesi.",
    "Give the date of the session.": "Isi tanggal sesi.",
    "The session date cannot be in the future.": "Tanggal sesi tidak boleh melewati hari ini.",
    "The session date cannot be more than a year ago.": "Tanggal sesi tidak boleh lebih dari satu tahun yang lalu.",
    "Give the start time as hours and minutes.": "Isi jam mulai dalam jam dan menit.",
    "The duration must be between 1 and %(max)s minutes.": "Durasi harus antara 1 dan %(max)s menit.",
    "Choose how the session took place.": "Pilih cara sesi dilakukan.",
    "Choose topics from the list.": "Pilih topik dari daftar.",
    "Describe the other topic.": "Jelaskan topik lainnya.",
    "The other topic must be at most %(n)s characters.": "Topik lainnya paling banyak %(n)s karakter.",
    "Notes must be at most %(n)s characters.": "Catatan paling banyak %(n)s karakter.",
    "The next session cannot be before this one.": "Sesi berikutnya tidak boleh sebelum sesi ini.",
    "Choose trainees from the list.": "Pilih peserta dari daftar.",
    "Only a participant can be marked absent.": "Hanya peserta yang dipilih yang dapat ditandai tidak hadir.",
    "You can only log sessions for trainees assigned to you.":
        "Anda hanya dapat mencatat sesi untuk peserta binaan Anda.",
    "Only the mentor who logged this session can edit it.":
        "Hanya pendamping yang mencatat sesi ini yang dapat mengubahnya.",
    "You may only do this for trainees assigned to you.":
        "Anda hanya dapat melakukan ini untuk peserta binaan Anda.",
    # Action items
    "Action item": "Tindak lanjut",
    "Action items": "Tindak lanjut",
    "Action items agreed": "Tindak lanjut yang disepakati",
    "Add action item": "Tambah tindak lanjut",
    "Add an action item": "Tambah tindak lanjut",
    "New action item": "Tindak lanjut baru",
    "Edit action item": "Ubah tindak lanjut",
    "No action items yet.": "Belum ada tindak lanjut.",
    "Overdue action items": "Tindak lanjut terlambat",
    "Saved for each trainee who attended.": "Disimpan untuk setiap peserta yang hadir.",
    "What is to be done": "Apa yang harus dikerjakan",
    "Due on": "Tenggat",
    "due %(date)s": "tenggat %(date)s",
    "Who does it": "Siapa yang mengerjakan",
    "Open": "Belum selesai",
    "Done": "Selesai",
    "Dropped": "Dihentikan",
    "Done %(date)s": "Selesai %(date)s",
    "Dropped %(date)s": "Dihentikan %(date)s",
    "Drop": "Hentikan",
    "Drop this action item?": "Hentikan tindak lanjut ini?",
    "Reopen": "Buka lagi",
    "%(n)d open": "%(n)d belum selesai",
    "%(n)d overdue": "%(n)d terlambat",
    ("%(num)d overdue", "%(num)d overdue"): "%(num)d terlambat",
    "Action item added.": "Tindak lanjut berhasil ditambahkan.",
    "Action item marked done.": "Tindak lanjut ditandai selesai.",
    "Action item dropped.": "Tindak lanjut dihentikan.",
    "Action item reopened.": "Tindak lanjut dibuka lagi.",
    "Give the action item a due date.": "Isi tenggat untuk tindak lanjut.",
    "Describe the action.": "Jelaskan tindak lanjutnya.",
    "The description must be at most %(n)s characters.": "Uraian paling banyak %(n)s karakter.",
    "Give the due date.": "Isi tenggatnya.",
    "The due date cannot be more than a year ago.": "Tenggat tidak boleh lebih dari satu tahun yang lalu.",
    "Choose who does it: the trainee or the mentor.": "Pilih siapa yang mengerjakan: peserta atau pendamping.",
    "The trainee did not take part in this session.": "Peserta ini tidak ikut dalam sesi ini.",
    "Choose open, done or dropped.": "Pilih belum selesai, selesai, atau dihentikan.",
    # Mentor assignment
    "Current mentor:": "Pendamping saat ini:",
    "Change the mentor": "Ganti pendamping",
    "Change": "Ganti",
    "New mentor": "Pendamping baru",
    "— No mentor": "— Tanpa pendamping",
    "Reason for the change": "Alasan penggantian",
    "The current assignment ends on this day and the new one starts on it.":
        "Penugasan saat ini berakhir pada tanggal ini dan penugasan baru dimulai pada tanggal yang sama.",
    "Required when the trainee already has a mentor.": "Wajib diisi jika peserta sudah memiliki pendamping.",
    "History": "Riwayat",
    "Until": "Sampai",
    "By": "Oleh",
    "now": "sekarang",
    "since %(date)s": "sejak %(date)s",
    "none yet": "belum ada",
    "No mentor has been assigned yet.": "Belum ada pendamping yang ditetapkan.",
    "No mentors yet.": "Belum ada pendamping.",
    "%(name)s no longer has a mentor.": "%(name)s tidak lagi memiliki pendamping.",
    "%(mentor)s now mentors %(name)s.": "%(mentor)s sekarang mendampingi %(name)s.",
    "Changed in the trainee form": "Diubah melalui formulir peserta",
    "Only administrators and loan officers assign mentors.":
        "Hanya administrator dan petugas pinjaman yang dapat menetapkan pendamping.",
    "This trainee has no mentor to remove.": "Peserta ini tidak memiliki pendamping yang dapat dilepas.",
    "This mentor is already assigned to the trainee.": "Pendamping ini sudah ditetapkan untuk peserta ini.",
    "Give the reason for changing the mentor.": "Isi alasan penggantian pendamping.",
    "The reason must be at most %(n)s characters.": "Alasan paling banyak %(n)s karakter.",
    "Give the date of the change.": "Isi tanggal penggantian.",
    "The change cannot be dated before %(date)s, when the current assignment began.":
        "Tanggal penggantian tidak boleh sebelum %(date)s, yaitu awal penugasan saat ini.",
    "The change cannot be dated before the trainee joined (%(date)s).":
        "Tanggal penggantian tidak boleh sebelum peserta bergabung (%(date)s).",
    # Monthly business check-ins
    "Business check-in": "Laporan usaha",
    "Business check-ins": "Laporan usaha bulanan",
    "Monthly business check-in": "Laporan usaha bulanan",
    "Business check-in of %(name)s": "Laporan usaha %(name)s",
    "Record check-in": "Catat laporan usaha",
    "Save check-in": "Simpan laporan",
    "Check-in for %(month)s saved.": "Laporan usaha %(month)s berhasil disimpan.",
    "No check-ins yet": "Belum ada laporan usaha",
    "No check-ins yet.": "Belum ada laporan usaha.",
    "Recorded months": "Bulan yang sudah tercatat",
    "A check-in for %(month)s is already recorded: saving replaces it.":
        "Laporan usaha %(month)s sudah tercatat: jika disimpan, laporan lama akan diganti.",
    "Please check these figures:": "Silakan periksa angka-angka ini:",
    "Money (full rupiah, e.g. 1.500.000)": "Uang (rupiah penuh, misalnya 1.500.000)",
    "Stock, materials, rent, wages, transport for the business.":
        "Stok, bahan, sewa, upah, dan transportasi untuk usaha.",
    "Month": "Bulan",
    "Revenue": "Pendapatan",
    "Costs": "Biaya",
    "Profit": "Laba",
    "Latest profit": "Laba terakhir",
    "Other household income": "Penghasilan lain rumah tangga",
    "Revenue (sales) in the month (Rp)": "Pendapatan (penjualan) dalam bulan tersebut (Rp)",
    "Business costs in the month (Rp)": "Biaya usaha dalam bulan tersebut (Rp)",
    "Household income from other sources (Rp)": "Penghasilan rumah tangga dari sumber lain (Rp)",
    "Savings balance at the end of the month (Rp)": "Saldo tabungan di akhir bulan (Rp)",
    "Paid workers": "Pekerja dibayar",
    "Unpaid workers (family)": "Pekerja tidak dibayar (keluarga)",
    "Workers (paid / unpaid)": "Pekerja (dibayar / tidak dibayar)",
    "Sales channels": "Saluran penjualan",
    "Keeps written records": "Membuat catatan tertulis",
    "Separates business and household money": "Memisahkan uang usaha dan uang rumah tangga",
    "Business practices": "Praktik usaha",
    "Practices": "Praktik",
    "%(n)d of 8": "%(n)d dari 8",
    "yes": "ya",
    "no": "tidak",
    "I have checked these figures: they are right": "Saya sudah memeriksa angka-angka ini: semuanya benar",
    "Shop / stall": "Toko / lapak",
    "Market": "Pasar",
    "Online marketplace": "Marketplace online",
    "Social media": "Media sosial",
    "Resellers": "Reseller",
    "Records every sale": "Mencatat setiap penjualan",
    "Records every purchase": "Mencatat setiap pembelian",
    "Knows the monthly profit": "Mengetahui laba bulanan",
    "Compares prices with competitors": "Membandingkan harga dengan pesaing",
    "Keeps stock records": "Mencatat stok",
    "Has a budget for next month": "Punya anggaran untuk bulan depan",
    "Advertised in the last 3 months": "Beriklan dalam 3 bulan terakhir",
    "Asked customers what else they want": "Menanyakan kebutuhan lain pelanggan",
    "Business costs (%(costs)s) are far above revenue (%(revenue)s). Check the figures, then confirm.":
        "Biaya usaha (%(costs)s) jauh di atas pendapatan (%(revenue)s). Periksa angkanya, lalu konfirmasi.",
    "%(label)s of %(amount)s looks like thousands — enter full rupiah (1500000, not 1500).":
        "%(label)s sebesar %(amount)s sepertinya ditulis dalam ribuan — masukkan rupiah penuh "
        "(1500000, bukan 1500).",
    "Choose the month.": "Pilih bulan.",
    "The month cannot be in the future.": "Bulan tidak boleh melewati bulan ini.",
    "Enter a whole rupiah amount.": "Masukkan jumlah rupiah bulat.",
    "The amount cannot be negative.": "Jumlah tidak boleh negatif.",
    "The amount is too large.": "Jumlah terlalu besar.",
    "The number of workers must be between 0 and %(max)s.": "Jumlah pekerja harus antara 0 dan %(max)s.",
    "Choose sales channels from the list.": "Pilih saluran penjualan dari daftar.",
    "Choose practices from the list.": "Pilih praktik usaha dari daftar.",
    # Check-in chart (mentoring/charts.py); rupiah units for the axis: rb = ribu, jt = juta, M = miliar
    "Business check-ins: revenue, costs and profit per month": "Laporan usaha: pendapatan, biaya, dan laba per bulan",
    "Business figures per month": "Angka usaha per bulan",
    "Figures per month": "Angka per bulan",
    "Chart of revenue, business costs and profit per month; the figures are in the table below.":
        "Grafik pendapatan, biaya usaha, dan laba per bulan; angkanya ada di tabel di bawah.",
    "bn": "M",
    "mn": "jt",
    "k": "rb",
    "%(month)s: %(revenue_label)s %(revenue)s, %(costs_label)s %(costs)s, %(profit_label)s %(profit)s (%(count)d months shown).":
        "%(month)s: %(revenue_label)s %(revenue)s, %(costs_label)s %(costs)s, %(profit_label)s %(profit)s "
        "(%(count)d bulan ditampilkan).",
    # Early warning (mentoring/overview.py, templates/mentoring/home.html)
    "Needs attention": "Perlu perhatian",
    "Needing attention": "Perlu perhatian",
    "Highest risk first. Loan arrears weigh most, then falling or negative profit, then missing sessions and check-ins.":
        "Risiko tertinggi di atas. Tunggakan pinjaman paling berat, lalu laba yang turun atau rugi, "
        "lalu sesi dan laporan usaha yang terlewat.",
    "Risk score": "Skor risiko",
    "risk %(n)d": "risiko %(n)d",
    "Call": "Telepon",
    "Nothing needs attention: every trainee is on track.":
        "Tidak ada yang perlu perhatian: semua peserta berjalan sesuai rencana.",
    "No trainees are assigned yet.": "Belum ada peserta binaan.",
    ("%(num)d day ago", "%(num)d days ago"): "%(num)d hari lalu",
    "never": "belum pernah",
    ("%(num)d day past due", "%(num)d days past due"): "terlambat %(num)d hari",
    "No session for %(days)d days": "Tidak ada sesi selama %(days)d hari",
    "No session yet, %(days)d days after assignment": "Belum ada sesi, %(days)d hari sejak pendamping ditetapkan",
    "Loss of %(amount)s in the latest check-in": "Rugi %(amount)s pada laporan usaha terakhir",
    "Profit fell %(count)d months in a row": "Laba turun %(count)d bulan berturut-turut",
    "No business check-in yet": "Belum ada laporan usaha",
    "No check-in since %(month)s": "Tidak ada laporan usaha sejak %(month)s",
    ("Loan written off, %(num)d day past due", "Loan written off, %(num)d days past due"):
        "Pinjaman dihapusbukukan, terlambat %(num)d hari",
    ("Loan %(num)d day past due", "Loan %(num)d days past due"): "Pinjaman terlambat %(num)d hari",
    ("%(num)d action item overdue", "%(num)d action items overdue"): "%(num)d tindak lanjut terlambat",
    "Page %(page)d of %(pages)d": "Halaman %(page)d dari %(pages)d",
    # --- Reports: sustainability assessment, graduation, progress report, programme report (reports/, templates/reports/) ---
    "Reports": "Laporan",
    # Criteria (reports/criteria_text.py)
    "Business operating": "Usaha berjalan",
    "Profitable": "Menghasilkan laba",
    "Revenue stable or growing": "Pendapatan stabil atau tumbuh",
    "Records and separate money": "Pencatatan dan pemisahan uang",
    "Saving": "Menabung",
    "Repays on time": "Membayar angsuran tepat waktu",
    "Debt burden": "Beban utang",
    "Engaged in mentoring": "Aktif dalam pendampingan",
    # Bands: the Indonesian name only
    "Mandiri (sustainable)": "Mandiri",
    "Berkembang (developing)": "Berkembang",
    "Rentan (at risk)": "Rentan",
    "Data kurang (insufficient data)": "Data kurang",
    "Met": "Terpenuhi",
    "Not met": "Tidak terpenuhi",
    "Unknown": "Tidak diketahui",
    "Not assessed": "Belum dinilai",
    "%(number)s%%": "%(number)s%%",
    "No explanation available (%(reason)s).": "Tidak ada penjelasan (%(reason)s).",
    "Has been in the programme for less than %(months)s months.":
        "Mengikuti program kurang dari %(months)s bulan.",
    "Band changed from %(before)s to %(after)s.": "Kategori berubah dari %(before)s menjadi %(after)s.",
    "Score is now %(after)s (no score before).": "Skor sekarang %(after)s (sebelumnya belum ada skor).",
    "No score now (it was %(before)s).": "Sekarang tidak ada skor (sebelumnya %(before)s).",
    "Score changed from %(before)s to %(after)s (%(delta)s).":
        "Skor berubah dari %(before)s menjadi %(after)s (%(delta)s).",
    "%(criterion)s: %(before)s → %(after)s.": "%(criterion)s: %(before)s → %(after)s.",
    "No business check-in has been recorded yet.": "Belum ada laporan usaha yang dicatat.",
    "Needs %(need)s monthly check-ins; %(have)s recorded so far.":
        "Perlu %(need)s laporan usaha bulanan; baru %(have)s yang tercatat.",
    "Revenue of %(revenue)s recorded for %(month)s.": "Pendapatan %(revenue)s tercatat untuk %(month)s.",
    "No revenue recorded for %(month)s.": "Tidak ada pendapatan yang tercatat untuk %(month)s.",
    "No check-in for the last %(days)s days; the latest is for %(month)s.":
        "Tidak ada laporan usaha dalam %(days)s hari terakhir; laporan terakhir untuk %(month)s.",
    "Mean profit over the last %(count)s check-ins is %(profit)s.":
        "Rata-rata laba dari %(count)s laporan usaha terakhir adalah %(profit)s.",
    "Mean profit over the last %(count)s check-ins is %(profit)s: the business is not making a profit.":
        "Rata-rata laba dari %(count)s laporan usaha terakhir adalah %(profit)s: usaha belum "
        "menghasilkan laba.",
    "Mean revenue of the last %(months)s check-ins is %(recent)s, against none in the %(months)s before.":
        "Rata-rata pendapatan dari %(months)s laporan usaha terakhir adalah %(recent)s, sedangkan "
        "pada %(months)s laporan sebelumnya tidak ada pendapatan.",
    "Mean revenue of the last %(months)s check-ins is %(recent)s against %(previous)s in the %(months)s before (%(change)s).":
        "Rata-rata pendapatan dari %(months)s laporan usaha terakhir adalah %(recent)s, dibandingkan "
        "%(previous)s pada %(months)s laporan sebelumnya (%(change)s).",
    "Revenue is falling: mean of the last %(months)s check-ins is %(recent)s against %(previous)s in the %(months)s before (%(change)s; a fall of at most %(allowed)s is accepted).":
        "Pendapatan menurun: rata-rata dari %(months)s laporan usaha terakhir adalah %(recent)s, "
        "dibandingkan %(previous)s pada %(months)s laporan sebelumnya (%(change)s; penurunan paling "
        "banyak %(allowed)s masih diterima).",
    "Follows %(score)s of %(max)s business practices (at least %(min)s needed).":
        "Menjalankan %(score)s dari %(max)s praktik usaha (minimal %(min)s diperlukan).",
    "Follows only %(score)s of %(max)s business practices; at least %(min)s are needed.":
        "Hanya menjalankan %(score)s dari %(max)s praktik usaha; minimal %(min)s diperlukan.",
    "Keeps business records and separates business money from household money.":
        "Membuat catatan usaha dan memisahkan uang usaha dari uang rumah tangga.",
    "Separates business money from household money but keeps no business records.":
        "Memisahkan uang usaha dari uang rumah tangga, tetapi tidak membuat catatan usaha.",
    "Keeps business records but does not separate business money from household money.":
        "Membuat catatan usaha, tetapi tidak memisahkan uang usaha dari uang rumah tangga.",
    "Keeps no business records and does not separate business money from household money.":
        "Tidak membuat catatan usaha dan tidak memisahkan uang usaha dari uang rumah tangga.",
    "Savings of %(savings)s in %(month)s, not below the %(earlier)s of %(earlier_month)s.":
        "Tabungan %(savings)s pada %(month)s, tidak lebih rendah dari %(earlier)s pada %(earlier_month)s.",
    "No savings in %(month)s.": "Tidak ada tabungan pada %(month)s.",
    "Savings fell to %(savings)s in %(month)s from %(earlier)s in %(earlier_month)s.":
        "Tabungan turun menjadi %(savings)s pada %(month)s dari %(earlier)s pada %(earlier_month)s.",
    "%(on_time)s of %(due)s instalments due were paid on time (%(share)s); %(days)s days past due now.":
        "%(on_time)s dari %(due)s angsuran yang jatuh tempo dibayar tepat waktu (%(share)s); saat ini "
        "terlambat %(days)s hari.",
    "Only %(on_time)s of %(due)s instalments due were paid on time (%(share)s; at least %(min)s needed).":
        "Hanya %(on_time)s dari %(due)s angsuran yang jatuh tempo dibayar tepat waktu (%(share)s; "
        "minimal %(min)s diperlukan).",
    "%(days)s days past due now (at most %(max)s allowed).":
        "Saat ini terlambat %(days)s hari (paling lama %(max)s hari diperbolehkan).",
    "Only %(on_time)s of %(due)s instalments due were paid on time (%(share)s; at least %(min)s needed), and %(days)s days past due now (at most %(max)s allowed).":
        "Hanya %(on_time)s dari %(due)s angsuran yang jatuh tempo dibayar tepat waktu (%(share)s; "
        "minimal %(min)s diperlukan), dan saat ini terlambat %(days)s hari (paling lama %(max)s hari "
        "diperbolehkan).",
    "Has not borrowed from the programme.": "Belum meminjam dari program.",
    "No instalment has fallen due yet.": "Belum ada angsuran yang jatuh tempo.",
    "The monthly instalment of %(installment)s is %(share)s of the mean monthly profit and other income of %(capacity)s (at most %(max)s).":
        "Angsuran bulanan sebesar %(installment)s adalah %(share)s dari rata-rata laba dan penghasilan "
        "lain per bulan sebesar %(capacity)s (paling banyak %(max)s).",
    "The monthly instalment of %(installment)s is %(share)s of the mean monthly profit and other income of %(capacity)s, above %(max)s.":
        "Angsuran bulanan sebesar %(installment)s adalah %(share)s dari rata-rata laba dan penghasilan "
        "lain per bulan sebesar %(capacity)s, di atas batas %(max)s.",
    "The monthly instalment is %(installment)s but the mean monthly profit and other income is %(capacity)s.":
        "Angsuran bulanan sebesar %(installment)s, sedangkan rata-rata laba dan penghasilan lain per "
        "bulan %(capacity)s.",
    "No active loan.": "Tidak ada pinjaman aktif.",
    "Attended a session in each of the last %(months)s months; no action item was due.":
        "Menghadiri sesi setiap bulan dalam %(months)s bulan terakhir; tidak ada tindak lanjut yang "
        "tenggatnya sudah tiba.",
    "Attended a session in each of the last %(months)s months; %(done)s of %(due)s action items due are done.":
        "Menghadiri sesi setiap bulan dalam %(months)s bulan terakhir; %(done)s dari %(due)s tindak "
        "lanjut yang tenggatnya sudah tiba telah selesai.",
    "Attended a session in %(attended)s of the last %(months)s months (every month needed).":
        "Menghadiri sesi pada %(attended)s dari %(months)s bulan terakhir (harus setiap bulan).",
    "Only %(done)s of %(due)s action items due are done (%(share)s; at least %(min)s needed).":
        "Hanya %(done)s dari %(due)s tindak lanjut yang tenggatnya sudah tiba telah selesai "
        "(%(share)s; minimal %(min)s diperlukan).",
    "Attended a session in %(attended)s of the last %(months)s months (every month needed), and only %(done)s of %(due)s action items due are done (%(share)s; at least %(min)s needed).":
        "Menghadiri sesi pada %(attended)s dari %(months)s bulan terakhir (harus setiap bulan), dan "
        "hanya %(done)s dari %(due)s tindak lanjut yang tenggatnya sudah tiba telah selesai "
        "(%(share)s; minimal %(min)s diperlukan).",
    "In the programme for %(months)s months; engagement is judged from %(need)s months.":
        "Mengikuti program selama %(months)s bulan; keaktifan dalam pendampingan baru dinilai "
        "setelah %(need)s bulan.",
    # Graduation blockers
    "The score is not yet in the Mandiri (sustainable) band.": "Skor belum masuk kategori Mandiri.",
    "The business is not shown to be operating.": "Usaha belum terbukti berjalan.",
    "There is no check-in to show the business is operating.":
        "Tidak ada laporan usaha yang menunjukkan usaha berjalan.",
    "The business is not making a profit.": "Usaha belum menghasilkan laba.",
    "Too few check-ins to show the business is profitable.":
        "Laporan usaha terlalu sedikit untuk menunjukkan usaha menghasilkan laba.",
    "Loan instalments are not being paid on time.": "Angsuran pinjaman tidak dibayar tepat waktu.",
    "No instalment has fallen due yet, so repayment cannot be judged.":
        "Belum ada angsuran yang jatuh tempo, sehingga pembayaran angsuran belum dapat dinilai.",
    # Graduation and assessment (reports/services.py, reports/views.py, reports/forms.py)
    "Enter a date as YYYY-MM-DD, e.g. 2026-01-31.":
        "Masukkan tanggal dengan format TTTT-BB-HH, misalnya 2026-01-31.",
    "Enter the first day of the period.": "Isi tanggal awal periode.",
    "Enter the last day of the period.": "Isi tanggal akhir periode.",
    "The period must not end before it starts.": "Akhir periode tidak boleh sebelum awal periode.",
    "The period can be at most %(years)d years long.": "Periode paling lama %(years)d tahun.",
    "Unknown kecamatan: choose one from the list.": "Kecamatan tidak dikenal: pilih dari daftar.",
    "Only administrators and loan officers may record a graduation.":
        "Hanya administrator dan petugas pinjaman yang dapat mencatat kelulusan.",
    "This trainee has already graduated.": "Peserta ini sudah lulus.",
    "The latest assessment does not show the trainee ready to graduate.":
        "Penilaian terakhir belum menunjukkan peserta siap lulus.",
    "The latest assessment is out of date: assess the trainee again first.":
        "Penilaian terakhir sudah tidak mutakhir: nilai ulang peserta terlebih dahulu.",
    "The trainee has not been assessed yet.": "Peserta belum pernah dinilai.",
    "Nothing has changed since today's assessment: it stays as it was.":
        "Tidak ada perubahan sejak penilaian hari ini: penilaian tetap seperti semula.",
    "Assessed: %(band)s.": "Penilaian selesai: %(band)s.",
    "Assessed: score %(score)s, %(band)s.": "Penilaian selesai: skor %(score)s, %(band)s.",
    "%(name)s has graduated from the programme.": "%(name)s telah lulus dari program.",
    # Assessment on the trainee page and its snapshot page
    "Sustainability": "Keberlanjutan",
    "Assess now": "Nilai sekarang",
    "Record that %(name)s has graduated from the programme today?":
        "Catat bahwa %(name)s lulus dari program hari ini?",
    "Graduate": "Luluskan",
    "Download progress report (PDF)": "Unduh laporan perkembangan (PDF)",
    "Assessed as of %(date)s": "Dinilai per %(date)s",
    "details": "rincian",
    "Data has changed since this assessment; assess again to bring it up to date.":
        "Data sudah berubah sejak penilaian ini; nilai ulang agar penilaian mutakhir.",
    "Data has changed since this assessment.": "Data sudah berubah sejak penilaian ini.",
    "Assess again before recording the graduation.": "Nilai ulang sebelum mencatat kelulusan.",
    "Not assessed yet.": "Belum dinilai.",
    "“Assess now” judges the business on the nine criteria from its check-ins, loans and mentoring.":
        "“Nilai sekarang” menilai usaha berdasarkan sembilan kriteria dari laporan usaha, pinjaman, "
        "dan pendampingan.",
    "Score": "Skor",
    "Judged on %(known)d of %(total)d weight points; criteria with unknown data do not count against the trainee.":
        "Dinilai berdasarkan %(known)d dari %(total)d poin bobot; kriteria yang datanya tidak "
        "diketahui tidak merugikan peserta.",
    "weight %(n)d": "bobot %(n)d",
    "Graduated": "Lulus",
    "on %(date)s": "pada %(date)s",
    "Ready to graduate": "Siap lulus",
    "Not ready to graduate yet:": "Belum siap lulus:",
    "This is the first assessment.": "Ini penilaian pertama.",
    "Now ready to graduate.": "Sekarang siap lulus.",
    "No longer ready to graduate.": "Tidak lagi siap lulus.",
    "Nothing changed since the previous assessment.": "Tidak ada perubahan sejak penilaian sebelumnya.",
    "Assessment of %(name)s": "Penilaian %(name)s",
    "Assessment": "Penilaian",
    "Sustainability assessment as of %(date)s": "Penilaian keberlanjutan per %(date)s",
    "Recorded %(when)s": "Dicatat %(when)s",
    "method %(version)s": "metode %(version)s",
    "Shown as it was computed: later data does not change it.":
        "Ditampilkan sebagaimana dihitung saat itu: data yang masuk kemudian tidak mengubahnya.",
    "Criteria": "Kriteria",
    "Since the previous assessment (%(date)s)": "Sejak penilaian sebelumnya (%(date)s)",
    "Since the previous assessment": "Sejak penilaian sebelumnya",
    "See the previous assessment": "Lihat penilaian sebelumnya",
    "Data used": "Data yang digunakan",
    "Months in the programme": "Lama mengikuti program (bulan)",
    "Monthly check-ins": "Laporan usaha bulanan",
    "Latest check-in": "Laporan usaha terakhir",
    "Instalments": "Angsuran",
    "Sessions attended": "Sesi yang dihadiri",
    # Charts (reports/charts.py)
    "No trainees": "Tidak ada peserta",
    "No data": "Tidak ada data",
    # Programme report page (templates/reports/programme.html)
    "Programme report": "Laporan program",
    "PDF": "PDF",
    "Show": "Tampilkan",
    "The report cannot be made with these filters:": "Laporan tidak dapat dibuat dengan filter ini:",
    "%(start)s to %(end)s": "%(start)s sampai %(end)s",
    "All kecamatan": "Semua kecamatan",
    "figures as of %(date)s": "angka per %(date)s",
    "In the programme": "Mengikuti program",
    "New this period": "Baru pada periode ini",
    "Graduated this period": "Lulus pada periode ini",
    "%(share)s of trainees": "%(share)s dari peserta",
    "By poverty status": "Menurut status kemiskinan",
    "By gender": "Menurut jenis kelamin",
    "Financing": "Pembiayaan",
    ("%(num)d active loan", "%(num)d active loans"): "%(num)d pinjaman aktif",
    "Repayment rate": "Tingkat pengembalian",
    "%(paid)s of %(due)s": "%(paid)s dari %(due)s",
    "PAR30: outstanding principal of active loans more than 30 days past due ÷ outstanding principal of active loans, now. Repayment rate: paid so far ÷ due, for the instalments due from %(start)s to %(until)s.":
        "PAR30: sisa pokok pinjaman aktif yang terlambat lebih dari 30 hari ÷ sisa pokok seluruh "
        "pinjaman aktif, saat ini. Tingkat pengembalian: yang sudah dibayar ÷ yang jatuh tempo, untuk "
        "angsuran yang jatuh tempo dari %(start)s sampai %(until)s.",
    "Mentoring and sustainability": "Pendampingan dan keberlanjutan",
    "Sessions held": "Sesi yang dilaksanakan",
    "Trainees mentored": "Peserta yang didampingi",
    "Latest assessment as of %(date)s": "Penilaian terakhir per %(date)s",
    "Month by month": "Per bulan",
    "New trainees": "Peserta baru",
    "Loans disbursed": "Pinjaman dicairkan",
    "Amount disbursed": "Jumlah dicairkan",
    "By kecamatan": "Menurut kecamatan",
    "Highest share of extreme-poor trainees first: the poverty pockets.":
        "Porsi peserta miskin ekstrem tertinggi di urutan teratas: kantong-kantong kemiskinan.",
    "Mentored": "Didampingi",
    "Bands": "Kategori",
    "No trainees in %(count)d kecamatan: %(names)s.": "Tidak ada peserta di %(count)d kecamatan: %(names)s.",
    # Printed reports (reports/documents.py, templates/reports/print/)
    "Page %(page)s of %(pages)s": "Hal. %(page)s dari %(pages)s",
    "Progress report": "Laporan perkembangan",
    "Sustainability bands": "Kategori keberlanjutan",
    "New trainees and loans disbursed per month": "Peserta baru dan pinjaman dicairkan per bulan",
    "Amount disbursed per month": "Jumlah dicairkan per bulan",
    "Mentoring sessions": "Sesi pendampingan",
    "Mentoring sessions per month": "Sesi pendampingan per bulan",
    "Extreme poor share of the trainees, by kecamatan": "Porsi peserta miskin ekstrem, menurut kecamatan",
    # the source has a bare "%" in a python-format string: the translation must keep "% o"
    "Extreme-poor share of the trainees, in percent": "Porsi peserta miskin ekstrem, dalam persen",
    "Kecamatan %(name)s": "Kecamatan %(name)s",
    "Figures as of %(date)s": "Angka per %(date)s",
    "Key figures": "Angka utama",
    "Trainees in the programme": "Peserta dalam program",
    "%(new)s new, %(graduated)s graduated in the period": "%(new)s baru, %(graduated)s lulus dalam periode ini",
    "%(n)s of the trainees": "%(n)s peserta",
    "%(n)s trainees mentored": "%(n)s peserta didampingi",
    "%(share)s of the trainees": "%(share)s dari peserta",
    "Outstanding principal": "Sisa pokok",
    "PAR30": "PAR30",
    "%(amount)s at risk": "%(amount)s berisiko",
    "%(paid)s of %(due)s due": "%(paid)s dari %(due)s yang jatuh tempo",
    "In the period": "Dalam periode",
    "Joined": "Bergabung",
    "Attended a mentoring session": "Menghadiri sesi pendampingan",
    "Poverty pockets": "Kantong kemiskinan",
    "Kecamatan ranked by the share of extreme-poor trainees.":
        "Kecamatan diurutkan menurut porsi peserta miskin ekstrem.",
    ("%(num)d kecamatan without trainees is not shown.", "%(num)d kecamatan without trainees are not shown."):
        "%(num)d kecamatan tanpa peserta tidak ditampilkan.",
    "Figure": "Angka",
    "Value": "Nilai",
    "Definition": "Definisi",
    "Loans disbursed in the period (any status now) and their principal.":
        "Pinjaman yang dicairkan dalam periode ini (apa pun statusnya sekarang) beserta pokoknya.",
    "Principal still owed on the %(n)s loans active on %(date)s.":
        "Pokok yang masih terutang pada %(n)s pinjaman yang aktif per %(date)s.",
    "Outstanding principal of active loans more than 30 days past due (%(amount)s), as a share of all outstanding principal.":
        "Sisa pokok pinjaman aktif yang terlambat lebih dari 30 hari (%(amount)s), sebagai porsi dari "
        "seluruh sisa pokok.",
    "Paid so far (%(paid)s) of what fell due from %(start)s to %(end)s (%(due)s).":
        "Yang sudah dibayar (%(paid)s) dari yang jatuh tempo %(start)s sampai %(end)s (%(due)s).",
    "Nothing has fallen due in the period yet.": "Belum ada yang jatuh tempo dalam periode ini.",
    "Trainees by the band of their latest assessment made on or before %(date)s.":
        "Peserta menurut kategori penilaian terakhirnya yang dibuat paling lambat %(date)s.",
    "By kecamatan: trainees, mentoring and sustainability":
        "Menurut kecamatan: peserta, pendampingan, dan keberlanjutan",
    "Sustainability band": "Kategori keberlanjutan",
    "Extreme poor %%": "Miskin ekstrem %%",
    "A group session with participants from several kecamatan counts once in each of them, and once in the total.":
        "Sesi kelompok dengan peserta dari beberapa kecamatan dihitung satu kali di setiap kecamatan "
        "tersebut, dan satu kali dalam total.",
    "By kecamatan: financing": "Menurut kecamatan: pembiayaan",
    "Disbursed in the period": "Dicairkan dalam periode",
    "Active loans now": "Pinjaman aktif saat ini",
    "Repayment in the period": "Pengembalian dalam periode",
    "Data as of %(date)s": "Data per %(date)s",
    "Profile": "Profil",
    "Kecamatan / kelurahan": "Kecamatan / kelurahan",
    "Poverty status at entry": "Status kemiskinan saat bergabung",
    ("%(num)d month", "%(num)d months"): "%(num)d bulan",
    "Sustainability assessment": "Penilaian keberlanjutan",
    "Band": "Kategori",
    "%(score)s / 100": "%(score)s / 100",
    "%(known)s of %(total)s weight points could be judged": "%(known)s dari %(total)s poin bobot dapat dinilai",
    "Yes": "Ya",
    "No": "Tidak",
    "Not yet": "Belum",
    "Assessment of %(date)s, method %(version)s.": "Penilaian tanggal %(date)s, metode %(version)s.",
    "The data in the other sections is as of %(date)s.": "Data pada bagian lain adalah per %(date)s.",
    "Criterion": "Kriteria",
    "Weight": "Bobot",
    "Not yet ready to graduate": "Belum siap lulus",
    "Meets every condition to graduate from the programme.": "Memenuhi semua syarat untuk lulus dari program.",
    "Changes since the previous assessment": "Perubahan sejak penilaian sebelumnya",
    "Previous assessment: %(date)s.": "Penilaian sebelumnya: %(date)s.",
    "Nothing changed.": "Tidak ada perubahan.",
    "Business trend": "Perkembangan usaha",
    "Latest check-ins": "Laporan usaha terbaru",
    "%(shown)s of %(total)s": "%(shown)s dari %(total)s",
    "Other income": "Penghasilan lain",
    "Records": "Pencatatan",
    "Separate money": "Uang terpisah",
    "Loan %(id)s": "Pinjaman %(id)s",
    "Outstanding": "Sisa kewajiban",
    "Principal repaid: %(repaid)s of %(principal)s (%(share)s%%)":
        "Pokok yang sudah dibayar: %(repaid)s dari %(principal)s (%(share)s%%)",
    "No repayment yet.": "Belum ada pembayaran.",
    "No loan from the programme.": "Belum ada pinjaman dari program.",
    "absent": "tidak hadir",
    "group of %(n)s": "kelompok %(n)s orang",
    "No mentoring session yet.": "Belum ada sesi pendampingan.",
    "Action items done or dropped": "Tindak lanjut yang selesai atau dihentikan",
    "On": "Tanggal",
    "Next steps agreed": "Langkah berikutnya yang disepakati",
    "Who": "Siapa",
    "overdue": "terlambat",
    "No open action item.": "Tidak ada tindak lanjut yang belum selesai.",
    # Print templates (reports)
    "Generated on %(date)s": "Dibuat pada %(date)s",
    "Repayments": "Pembayaran angsuran",
    "the latest %(shown)s of %(total)s sessions": "%(shown)s sesi terakhir dari %(total)s sesi",
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
