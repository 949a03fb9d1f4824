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
    "Hello, %(name)s": "Halo, %(name)s",
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
    # --- Complaints (pengaduan), notifications ---
    # Labels of complaints/models.py (register_labels)
    "Complaint": "Pengaduan",
    "Aspiration": "Aspirasi",
    "Information request": "Permintaan informasi",
    "Urgent need": "Kebutuhan mendesak",
    "Report of staff misconduct": "Laporan pelanggaran petugas",
    "Training": "Pelatihan",
    "Staff conduct": "Perilaku petugas",
    "Data and privacy": "Data dan privasi",
    "Received": "Diterima",
    "Verified": "Diverifikasi",
    "Not our authority": "Bukan kewenangan kami",
    "Archived": "Diarsipkan",
    "Assigned": "Didisposisikan",
    "In progress": "Sedang ditindaklanjuti",
    "Answered": "Dijawab",
    "Completed": "Selesai",
    "Trainee portal": "Portal peserta",
    "Filed by staff": "Dicatat oleh petugas",
    "Public page": "Halaman publik",
    "Confirmed by the complainant": "Dikonfirmasi oleh pelapor",
    "No reply within the waiting period": "Tidak ada tanggapan dalam batas waktu tunggu",
    "Work started": "Mulai ditindaklanjuti",
    "Message to the complainant": "Pesan untuk pelapor",
    "Message from the complainant": "Pesan dari pelapor",
    "Internal note": "Catatan internal",
    "Reopened": "Dibuka kembali",
    "Escalated: deadline missed": "Dieskalasi: lewat tenggat",
    "Attachment added": "Lampiran ditambahkan",
    # Forms (complaints/forms.py)
    "Photo or document (optional)": "Foto atau dokumen (tidak wajib)",
    "What is it?": "Apa yang ingin Anda sampaikan?",
    "About": "Tentang",
    "Subject": "Judul",
    "What happened?": "Apa yang terjadi?",
    "Who is the report about? (name, role, where)": "Siapa yang dilaporkan? (nama, jabatan, tempat)",
    "Say who the report is about.": "Sebutkan siapa yang dilaporkan.",
    "Trainee concerned (optional)": "Peserta yang bersangkutan (tidak wajib)",
    "Complainant's name": "Nama pelapor",
    "Complainant's phone or e-mail": "Nomor telepon atau e-mail pelapor",
    "Keep the complainant's identity confidential": "Rahasiakan identitas pelapor",
    "Your name (optional)": "Nama Anda (tidak wajib)",
    "Phone or e-mail for our answer (optional)": "Nomor telepon atau e-mail untuk jawaban kami (tidak wajib)",
    "Keep my identity confidential": "Rahasiakan identitas saya",
    "Answer the question.": "Jawab pertanyaannya.",
    "Leave this empty": "Biarkan kosong",
    "Message": "Pesan",
    "Category": "Kategori",
    "Staff member concerned": "Petugas terlapor",
    "Outcome": "Hasil",
    "Reason (the complainant sees it)": "Alasan (dapat dilihat pelapor)",
    "Assign to": "Disposisikan kepada",
    "File": "Berkas",
    "Choose a file.": "Pilih berkas.",
    "The complainant may see it": "Pelapor boleh melihatnya",
    # Attachments (complaints/attachments.py)
    "The file is empty.": "Berkas kosong.",
    "The file is too large: at most %(mb)s MB.": "Berkas terlalu besar: paling besar %(mb)s MB.",
    "Only photos (JPEG, PNG, WebP) and PDF documents can be attached; this file is neither.":
        "Hanya foto (JPEG, PNG, WebP) dan dokumen PDF yang dapat dilampirkan; berkas ini bukan keduanya.",
    # Services (complaints/services.py)
    "This step is not possible in the complaint's current state.":
        "Langkah ini tidak dapat dilakukan pada status pengaduan saat ini.",
    "This step is not possible while the complaint is \"%(status)s\".":
        "Langkah ini tidak dapat dilakukan selama status pengaduan \"%(status)s\".",
    "You are not allowed to do this with this complaint.":
        "Anda tidak berwenang melakukan ini pada pengaduan ini.",
    "Too many complaints from this connection: at most %(n)s per hour. Please try again later, or contact the programme office in person or by phone.":
        "Terlalu banyak pengaduan dari koneksi ini: paling banyak %(n)s per jam. Silakan coba lagi nanti, "
        "atau hubungi kantor program secara langsung atau lewat telepon.",
    "Only administrators can do this.": "Hanya administrator yang dapat melakukan ini.",
    "Write at least %(n)s characters.": "Tulis minimal %(n)s karakter.",
    "Write a message.": "Tuliskan pesannya.",
    "At most %(n)s characters.": "Paling banyak %(n)s karakter.",
    "Follow your complaint with the tracking code %(code)s:":
        "Pantau pengaduan Anda dengan kode pelacakan %(code)s:",
    "Choose what kind of report this is.": "Pilih jenis laporan.",
    "Choose a category.": "Pilih kategori.",
    "The subject must be %(min)s to %(max)s characters.": "Judul harus %(min)s sampai %(max)s karakter.",
    "The description must be %(min)s to %(max)s characters.": "Uraian harus %(min)s sampai %(max)s karakter.",
    "Say who the report is about (name, role or where you met them).":
        "Sebutkan siapa yang dilaporkan (nama, jabatan, atau tempat Anda bertemu dengannya).",
    "Only trainees file complaints in the portal.":
        "Hanya peserta yang dapat menyampaikan pengaduan melalui portal.",
    "Your login is not linked to a trainee record; please ask the programme office.":
        "Akun Anda belum terhubung dengan data peserta; silakan tanyakan ke kantor program.",
    "Only staff file complaints on someone's behalf.":
        "Hanya petugas yang dapat mencatat pengaduan atas nama orang lain.",
    "No such trainee.": "Peserta tidak ditemukan.",
    "Only a report of staff misconduct accuses someone.":
        "Hanya laporan pelanggaran petugas yang memiliki terlapor.",
    "Choose a staff member.": "Pilih petugas.",
    "You cannot link yourself: another administrator must handle this report.":
        "Anda tidak dapat menghubungkan diri sendiri: administrator lain yang harus menangani laporan ini.",
    "This person is handling the report: assign it to another administrator first.":
        "Orang ini sedang menangani laporan tersebut: disposisikan dulu laporan ini kepada administrator lain.",
    "This person is already linked.": "Orang ini sudah dihubungkan.",
    "Choose \"not our authority\" or \"archived\".": "Pilih \"bukan kewenangan kami\" atau \"diarsipkan\".",
    "Give the reason in %(min)s to %(max)s characters.":
        "Tuliskan alasannya dalam %(min)s sampai %(max)s karakter.",
    "Choose an active staff member.": "Pilih petugas yang aktif.",
    "A report of staff misconduct can only be assigned to an administrator it does not concern.":
        "Laporan pelanggaran petugas hanya dapat didisposisikan kepada administrator yang tidak dilaporkan.",
    "The complaint is already assigned to this person.":
        "Pengaduan ini sudah didisposisikan kepada orang tersebut.",
    "Only the person the complaint is assigned to, or an administrator, can do this.":
        "Hanya petugas yang ditugaskan menangani pengaduan ini, atau administrator, yang dapat melakukan ini.",
    "A complaint can be reopened only once. Please file a new complaint if something is still wrong.":
        "Pengaduan hanya dapat dibuka kembali satu kali. Silakan sampaikan pengaduan baru jika masih ada masalah.",
    "A complaint can have at most %(n)s attachments.": "Satu pengaduan paling banyak memiliki %(n)s lampiran.",
    "Give a date.": "Isi tanggalnya.",
    "This day is already a holiday.": "Tanggal ini sudah tercatat sebagai hari libur.",
    "Give the holiday's name (at most %(n)s characters).": "Isi nama hari libur (paling banyak %(n)s karakter).",
    "This day is not in the holiday list.": "Tanggal ini tidak ada dalam daftar hari libur.",
    # Views (complaints/views.py)
    "confidential": "dirahasiakan",
    "Complaints": "Pengaduan",
    "This month": "Bulan ini",
    "Last month": "Bulan lalu",
    "Last 90 days": "90 hari terakhir",
    "This year": "Tahun ini",
    "Complaint filed. Tracking code: %(code)s.": "Pengaduan dicatat. Kode pelacakan: %(code)s.",
    "Complaint verified.": "Pengaduan diverifikasi.",
    "Complaint closed.": "Pengaduan ditutup.",
    "Complaint assigned.": "Pengaduan didisposisikan.",
    "Staff member linked to the report.": "Petugas terlapor dihubungkan dengan laporan.",
    "Work started.": "Pengaduan mulai ditindaklanjuti.",
    "Note added.": "Catatan ditambahkan.",
    "Message sent to the complainant.": "Pesan terkirim kepada pelapor.",
    "Answer sent.": "Jawaban terkirim.",
    "File attached.": "Berkas dilampirkan.",
    "That is not the right answer to the question. Please answer the new question.":
        "Jawaban atas pertanyaan itu belum tepat. Silakan jawab pertanyaan yang baru.",
    "The question has expired (it is valid for one hour). Please answer the new question.":
        "Pertanyaan sudah kedaluwarsa (berlaku satu jam). Silakan jawab pertanyaan yang baru.",
    "Thank you: your complaint was received. Keep your tracking code %(code)s to follow it.":
        "Terima kasih, pengaduan Anda sudah kami terima. Simpan kode pelacakan %(code)s untuk memantaunya.",
    "Your message was sent.": "Pesan Anda sudah terkirim.",
    "Thank you. The complaint is closed.": "Terima kasih. Pengaduan ini sudah ditutup.",
    "The complaint is open again.": "Pengaduan dibuka kembali.",
    "Holiday added.": "Hari libur ditambahkan.",
    "Holiday removed.": "Hari libur dihapus.",
    # Shared partials (templates/complaints/_macros.html, _form_fields.html)
    "Reports of staff misconduct are read by administrators only; the staff member concerned never sees them.":
        "Laporan pelanggaran petugas hanya dibaca oleh administrator; petugas yang dilaporkan tidak pernah "
        "dapat melihatnya.",
    "A photo (JPEG, PNG, WebP) or a PDF, at most %(mb)s MB.": "Foto (JPEG, PNG, WebP) atau PDF, paling besar %(mb)s MB.",
    "Due soon": "Mendekati tenggat",
    "Due %(date)s": "Tenggat %(date)s",
    "Complainant": "Pelapor",
    "System": "Sistem",
    "Internal": "Internal",
    "Nothing yet.": "Belum ada.",
    "No attachments.": "Tidak ada lampiran.",
    # Dashboard (templates/complaints/dashboard.html)
    "Complaints dashboard": "Dasbor pengaduan",
    "%(n)s working days": "%(n)s hari kerja",
    "%(h)s hours": "%(h)s jam",
    ("median of %(num)d complaint", "median of %(num)d complaints"): "median dari %(num)d pengaduan",
    "No complaints yet.": "Belum ada pengaduan.",
    "List of these complaints": "Daftar pengaduan ini",
    "Received from": "Diterima dari",
    "to": "sampai",
    "All time": "Seluruh periode",
    "Complaints received": "Pengaduan diterima",
    "all time": "seluruh periode",
    "Deadlines kept": "Kepatuhan SLA",
    "%(met)d kept, %(missed)d missed, %(pending)d still running":
        "%(met)d tepat waktu, %(missed)d lewat tenggat, %(pending)d masih berjalan",
    "Time to verify": "Waktu sampai diverifikasi",
    "Time to answer (from verification)": "Waktu sampai dijawab (sejak verifikasi)",
    "Deadlines kept = kept ÷ (kept + missed); a complaint still open after its deadline counts as missed. Times are medians: working days (Monday to Friday, without holidays) and clock hours.":
        "Kepatuhan SLA = tepat waktu ÷ (tepat waktu + lewat tenggat); pengaduan yang masih terbuka setelah "
        "tenggatnya dihitung lewat tenggat. Waktu adalah median: hari kerja (Senin sampai Jumat, tanpa hari "
        "libur) dan jam.",
    "By kind": "Menurut jenis",
    "By category": "Menurut kategori",
    "By status": "Menurut status",
    "Every complaint past its deadline today, whenever it was received.":
        "Semua pengaduan yang hari ini sudah lewat tenggat, kapan pun diterimanya.",
    "Assigned to": "Ditugaskan kepada",
    "Deadline": "Tenggat",
    "%(n)d working days late": "lewat %(n)d hari kerja",
    "Nothing is overdue.": "Tidak ada yang lewat tenggat.",
    # Complaint page (templates/complaints/detail.html)
    "Confidential": "Dirahasiakan",
    "Tracking code": "Kode pelacakan",
    "What happened": "Apa yang terjadi",
    "Report about": "Yang dilaporkan",
    "not linked yet": "belum dihubungkan",
    "Timeline": "Riwayat penanganan",
    "Attachments": "Lampiran",
    "Attach": "Lampirkan",
    "Anonymous": "Anonim",
    "Trainee:": "Peserta:",
    "Confidential: only administrators see who filed it.":
        "Dirahasiakan: hanya administrator yang dapat melihat siapa pelapornya.",
    "Filed by": "Dicatat oleh",
    "Verify by": "Tenggat verifikasi",
    "verified %(date)s": "diverifikasi %(date)s",
    "Answer by": "Tenggat jawaban",
    "%(n)d working days": "%(n)d hari kerja",
    "answered %(date)s": "dijawab %(date)s",
    "Deadlines": "Tenggat",
    "kept": "tepat waktu",
    "missed": "lewat tenggat",
    "once": "satu kali",
    "Verify": "Verifikasi",
    "Verified complaints get their answer deadline: %(urgent)d working days for urgent needs and misconduct, %(days)d for the others.":
        "Pengaduan yang sudah diverifikasi mendapat tenggat jawaban: %(urgent)d hari kerja untuk kebutuhan "
        "mendesak dan laporan pelanggaran petugas, %(days)d hari kerja untuk yang lain.",
    "Reassign": "Disposisikan ulang",
    "Assign": "Disposisikan",
    "Only administrators handle reports of misconduct.":
        "Laporan pelanggaran petugas hanya ditangani oleh administrator.",
    "Start work": "Mulai tindak lanjuti",
    "Answer": "Jawaban",
    "The complainant sees the answer and may confirm it or reopen the complaint once.":
        "Pelapor dapat melihat jawaban ini, lalu dapat menyetujuinya atau membuka kembali pengaduan satu kali.",
    "Send answer": "Kirim jawaban",
    "For a question or an update; the complainant sees it.":
        "Untuk pertanyaan atau kabar terbaru; pelapor dapat melihatnya.",
    "Send message": "Kirim pesan",
    "Add note": "Tambah catatan",
    "Once linked, that person can no longer see this report, even as an administrator.":
        "Setelah dihubungkan, orang tersebut tidak dapat lagi melihat laporan ini, meskipun ia administrator.",
    "Link": "Hubungkan",
    "Close without handling": "Tutup tanpa ditindaklanjuti",
    "Close this complaint without handling it?": "Tutup pengaduan ini tanpa ditindaklanjuti?",
    # Holidays (templates/complaints/holidays.html)
    "Holidays": "Hari libur",
    "Public holidays and collective leave days are not working days: complaint deadlines skip them. A change applies to deadlines set from now on.":
        "Hari libur nasional dan cuti bersama bukan hari kerja: tenggat pengaduan tidak menghitungnya. "
        "Perubahan berlaku untuk tenggat yang ditetapkan mulai sekarang.",
    "Add a holiday": "Tambah hari libur",
    "Add": "Tambah",
    "Remove this holiday?": "Hapus hari libur ini?",
    "Remove": "Hapus",
    "No holidays entered.": "Belum ada hari libur yang dimasukkan.",
    "Also holidays, from the configuration (COMPLAINT_HOLIDAYS):":
        "Hari libur lain, dari konfigurasi (COMPLAINT_HOLIDAYS):",
    # Complaint list and filing by staff (templates/complaints/index.html, new.html)
    "Dashboard": "Dasbor",
    "Subject or code": "Judul atau kode",
    "Overdue only": "Hanya yang lewat tenggat",
    "Assigned to me": "Ditugaskan kepada saya",
    "Received from %(start)s to %(end)s.": "Diterima dari %(start)s sampai %(end)s.",
    "No complaints match.": "Tidak ada pengaduan yang cocok.",
    "File a complaint": "Sampaikan pengaduan",
    "For a complaint received by phone, in a visit or by letter. Trainees can also file in their portal; anyone can use the public page.":
        "Untuk pengaduan yang diterima lewat telepon, kunjungan, atau surat. Peserta juga dapat menyampaikan "
        "pengaduan di portal peserta; siapa pun dapat memakai halaman publik.",
    "Find a trainee": "Cari peserta",
    "Find a trainee: name, NIK or phone": "Cari peserta: nama, NIK, atau nomor telepon",
    "Search above to find a trainee.": "Cari peserta melalui kolom di atas.",
    "Leave empty to use the trainee’s name.": "Kosongkan untuk memakai nama peserta.",
    "File complaint": "Catat pengaduan",
    # Public page and tracking (templates/complaints/public_new.html, track.html, track_form.html)
    "Send a complaint": "Kirim pengaduan",
    "Send a complaint, an idea or a request": "Kirim pengaduan, aspirasi, atau permintaan",
    "For anyone, with or without an account in Berdaya. We verify every message within %(v)d working days and answer within %(a)d working days after that (%(u)d for urgent needs and reports of staff misconduct). You get a tracking code to follow it.":
        "Untuk siapa saja, dengan atau tanpa akun Berdaya. Kami memverifikasi setiap pesan dalam %(v)d hari "
        "kerja dan menjawabnya dalam %(a)d hari kerja setelah itu (%(u)d hari kerja untuk kebutuhan mendesak "
        "dan laporan pelanggaran petugas). Anda akan mendapat kode pelacakan untuk memantaunya.",
    "Already sent one? Follow it with your tracking code.":
        "Sudah pernah mengirim? Pantau dengan kode pelacakan Anda.",
    "We send our answer there, if you give one. Without it, follow your complaint with the tracking code.":
        "Jika diisi, jawaban kami dikirim ke sana. Jika tidak diisi, pantau pengaduan Anda dengan kode pelacakan.",
    "To show you are a person: what is %(a)d + %(b)d?":
        "Untuk memastikan Anda bukan robot: berapa %(a)d + %(b)d?",
    "If you chose a file, choose it again.": "Jika tadi Anda memilih berkas, silakan pilih lagi.",
    "Send": "Kirim",
    "Complaint %(code)s": "Pengaduan %(code)s",
    "Keep this code: with it you can come back to this page.":
        "Simpan kode ini: dengan kode ini Anda dapat kembali ke halaman ini.",
    "Received %(date)s": "Diterima %(date)s",
    "We will answer by %(date)s.": "Kami akan menjawab paling lambat %(date)s.",
    "We will check it by %(date)s.": "Kami akan memeriksanya paling lambat %(date)s.",
    "What has happened": "Perkembangan",
    "Files": "Berkas",
    "Does the answer settle it?": "Apakah jawaban ini sudah menyelesaikan masalah Anda?",
    "Yes, close my complaint": "Ya, tutup pengaduan saya",
    "Not settled? Reopen it (once)": "Belum selesai? Buka kembali (satu kali)",
    "Add a message": "Tambah pesan",
    "Follow a complaint": "Pantau pengaduan",
    "No complaint has this tracking code. Check it and try again.":
        "Tidak ada pengaduan dengan kode pelacakan ini. Periksa kembali, lalu coba lagi.",
    "Send a new complaint": "Kirim pengaduan baru",
    "File too large": "Berkas terlalu besar",
    "Please go back, choose a smaller file (or a photo at a lower resolution) and send again.":
        "Silakan kembali, pilih berkas yang lebih kecil (atau foto dengan resolusi lebih rendah), lalu kirim lagi.",
    # Notifications and e-mail (accounts/notifications.py, accounts/, templates/accounts/)
    "New complaint #%(id)s: %(subject)s": "Pengaduan baru #%(id)s: %(subject)s",
    "Complaint #%(id)s was assigned to you: %(subject)s":
        "Pengaduan #%(id)s didisposisikan kepada Anda: %(subject)s",
    "Your complaint #%(id)s has been answered: %(subject)s": "Pengaduan Anda #%(id)s sudah dijawab: %(subject)s",
    "New message about your complaint #%(id)s: %(subject)s":
        "Ada pesan baru tentang pengaduan Anda #%(id)s: %(subject)s",
    "The complainant wrote about complaint #%(id)s: %(subject)s":
        "Pelapor mengirim pesan tentang pengaduan #%(id)s: %(subject)s",
    "Complaint #%(id)s was reopened by the complainant: %(subject)s":
        "Pengaduan #%(id)s dibuka kembali oleh pelapor: %(subject)s",
    "Complaint #%(id)s was not verified in time: %(subject)s":
        "Pengaduan #%(id)s lewat tenggat verifikasi: %(subject)s",
    "Complaint #%(id)s was not answered in time: %(subject)s":
        "Pengaduan #%(id)s lewat tenggat jawaban: %(subject)s",
    "Complaint #%(id)s was closed: %(subject)s": "Pengaduan #%(id)s ditutup: %(subject)s",
    "%(trainee)s reported business figures for %(month)s; please confirm them.":
        "%(trainee)s melaporkan angka usaha bulan %(month)s; mohon dikonfirmasi.",
    "%(trainee)s marked an action item done: %(description)s":
        "%(trainee)s menandai tindak lanjut sudah selesai: %(description)s",
    "%(trainee)s submitted a loan application for %(amount)s.":
        "%(trainee)s mengajukan pinjaman sebesar %(amount)s.",
    "Hello %(name)s,": "Halo %(name)s,",
    "This message was sent by Berdaya. You can also read it in the app under Notifications.":
        "Pesan ini dikirim oleh Berdaya. Anda juga dapat membacanya di aplikasi, pada menu Notifikasi.",
    "Notifications": "Notifikasi",
    ("%(num)d unread notification", "%(num)d unread notifications"): "%(num)d notifikasi belum dibaca",
    "Mark all as read": "Tandai semua sudah dibaca",
    "Mark as read": "Tandai sudah dibaca",
    "No notifications.": "Belum ada notifikasi.",
    "The latest 50 are shown.": "Yang ditampilkan adalah 50 notifikasi terbaru.",
    "E-mail (optional)": "E-mail (tidak wajib)",
    "Enter an e-mail address such as nama@contoh.id.": "Masukkan alamat e-mail, misalnya nama@contoh.id.",
    "E-mail": "E-mail",
    "Save e-mail": "Simpan e-mail",
    "E-mail address saved.": "Alamat e-mail disimpan.",
    "E-mail address removed.": "Alamat e-mail dihapus.",
    "Notifications are also sent there. Leave empty for none.":
        "Notifikasi juga dikirim ke alamat ini. Kosongkan jika tidak perlu.",
    "Notifications are also sent there.": "Notifikasi juga dikirim ke alamat ini.",
    "The current password is not right.": "Kata sandi saat ini salah.",
    "Choose a new password that differs from the current one.":
        "Pilih kata sandi baru yang berbeda dari kata sandi saat ini.",
    # --- Trainee portal ---
    # Navigation (templates/base.html, templates/portal/_layout.html)
    "My home": "Beranda saya",
    "My complaints": "Pengaduan saya",
    "My account": "Akun saya",
    "My pages": "Halaman saya",
    "My loan": "Pinjaman saya",
    "My business": "Usaha saya",
    "Account": "Akun saya",
    # Home (templates/portal/home.html)
    ("Your payment is %(num)d day late.", "Your payment is %(num)d days late."):
        "Pembayaran Anda terlambat %(num)d hari.",
    "Please pay %(amount)s as soon as you can, or talk to your loan officer.":
        "Silakan bayar %(amount)s secepatnya, atau bicarakan dengan petugas pinjaman Anda.",
    "Still to pay: %(amount)s": "Sisa yang harus dibayar: %(amount)s",
    "No instalment is coming up.": "Tidak ada angsuran yang akan jatuh tempo.",
    "Still to pay in total: %(amount)s": "Total sisa yang harus dibayar: %(amount)s",
    "See all instalments": "Lihat jadwal angsuran",
    "Your application for %(amount)s:": "Pengajuan Anda sebesar %(amount)s:",
    "You have no loan right now.": "Saat ini Anda tidak memiliki pinjaman.",
    ("%(num)d is late", "%(num)d are late"): "%(num)d terlambat",
    ("All %(num)d open item", "All %(num)d open items"): "Semua %(num)d tindak lanjut yang belum selesai",
    "How did your business do in %(month)s?": "Bagaimana usaha Anda pada bulan %(month)s?",
    "Your figures for %(month)s are waiting for your mentor to check them.":
        "Angka usaha Anda bulan %(month)s sedang menunggu diperiksa pendamping.",
    "Latest assessment (%(date)s):": "Penilaian terakhir (%(date)s):",
    "My figures and chart": "Angka dan grafik usaha saya",
    "ask your mentor": "tanyakan kepada pendamping Anda",
    "Notes from my sessions": "Catatan sesi pendampingan saya",
    # Mentoring: action items and sessions (templates/portal/_macros.html, actions.html, sessions.html)
    "by %(date)s": "paling lambat %(date)s",
    "Late": "Terlambat",
    "Your mentor does this": "Dikerjakan oleh pendamping Anda",
    "I did it": "Sudah saya kerjakan",
    "To do": "Yang perlu dikerjakan",
    "Nothing to do right now.": "Saat ini tidak ada yang perlu dikerjakan.",
    "Finished": "Sudah selesai",
    "Newer": "Lebih baru",
    "Older": "Lebih lama",
    "Well done! Your mentor will see that you finished it.":
        "Bagus sekali! Pendamping Anda akan melihat bahwa Anda sudah menyelesaikannya.",
    # Loans (templates/portal/loans.html, loan.html)
    "received %(date)s": "diterima %(date)s",
    "This loan was written off on %(date)s. What you pay now still counts.":
        "Pinjaman ini dihapusbukukan pada %(date)s. Pembayaran yang Anda lakukan sekarang tetap dicatat.",
    "Now": "Saat ini",
    "Late now: %(amount)s.": "Tunggakan saat ini: %(amount)s.",
    "Still to pay in total": "Total sisa yang harus dibayar",
    "Of which the amount borrowed": "Dari jumlah itu, sisa pokok pinjaman",
    "paid %(amount)s": "dibayar %(amount)s",
    "My payments": "Pembayaran saya",
    "Receipt (PDF)": "Kuitansi (PDF)",
    "What the loan costs": "Biaya pinjaman",
    "Amount borrowed": "Jumlah pinjaman",
    "Money you received": "Uang yang Anda terima",
    "Total cost of the loan": "Total biaya pinjaman",
    "Total you pay back": "Total yang Anda bayar kembali",
    "Cost per year (effective rate)": "Biaya per tahun (suku bunga efektif)",
    "Download the loan summary (PDF)": "Unduh ringkasan pinjaman (PDF)",
    "still to pay %(amount)s": "sisa %(amount)s",
    "sent %(date)s": "dikirim %(date)s",
    ("%(num)d instalment", "%(num)d instalments"): "%(num)d angsuran",
    "Your loan officer is looking at it.": "Petugas pinjaman sedang memeriksanya.",
    "Approved. Your loan officer will tell you when the money is paid out.":
        "Disetujui. Petugas pinjaman akan memberi tahu Anda kapan uangnya dicairkan.",
    "What the loan costs (PDF)": "Biaya pinjaman (PDF)",
    "You have no loan yet.": "Anda belum memiliki pinjaman.",
    # Loan application (portal/forms.py, portal/services.py, portal/views.py, templates/portal/apply.html)
    "Which loan?": "Pinjaman yang mana?",
    "Choose a loan.": "Pilih pinjaman.",
    "How much do you want to borrow? (Rp)": "Berapa yang ingin Anda pinjam? (Rp)",
    "Pay back in how many instalments?": "Dibayar dalam berapa kali angsuran?",
    "What is the money for?": "Uangnya untuk apa?",
    "How will it help your business?": "Bagaimana pinjaman ini membantu usaha Anda?",
    "Money from sales per month (Rp)": "Uang hasil penjualan per bulan (Rp)",
    "Money spent on the business per month (Rp)": "Uang yang dikeluarkan untuk usaha per bulan (Rp)",
    "Household spending per month (Rp)": "Pengeluaran rumah tangga per bulan (Rp)",
    "Other loan instalments you pay per month (Rp)": "Angsuran pinjaman lain yang Anda bayar per bulan (Rp)",
    "You may only apply for a loan for yourself.": "Anda hanya dapat mengajukan pinjaman untuk diri sendiri.",
    "Your application has been sent. Your loan officer will contact you.":
        "Pengajuan Anda sudah terkirim. Petugas pinjaman akan menghubungi Anda.",
    "Apply for a loan": "Ajukan pinjaman",
    "You already have an application for %(amount)s (%(status)s). You can apply again when it has been decided.":
        "Anda sudah memiliki pengajuan sebesar %(amount)s (%(status)s). Anda dapat mengajukan lagi setelah "
        "pengajuan itu diputuskan.",
    "See my loan": "Lihat pinjaman saya",
    "No loans are offered at the moment. Please ask your loan officer.":
        "Saat ini belum ada pinjaman yang ditawarkan. Silakan tanyakan kepada petugas pinjaman Anda.",
    "Check before you send": "Periksa sebelum mengirim",
    "Instalment per month": "Angsuran per bulan",
    "What you keep each month now (sales − business costs − household − other instalments)":
        "Sisa uang Anda setiap bulan saat ini (penjualan − biaya usaha − rumah tangga − angsuran lain)",
    "Left after paying the instalment": "Sisa setelah membayar angsuran",
    "Part of what you keep that goes to the instalment": "Bagian sisa uang Anda yang dipakai untuk angsuran",
    "The instalment takes more than %(limit)s of what you keep each month. It may be hard to pay.":
        "Angsuran memakan lebih dari %(limit)s sisa uang Anda setiap bulan. Angsuran ini mungkin sulit dibayar.",
    "You can still send the application; your loan officer will look at it with you. A smaller amount or more instalments makes each instalment lower.":
        "Anda tetap dapat mengirim pengajuan; petugas pinjaman akan membahasnya bersama Anda. Jumlah pinjaman "
        "yang lebih kecil atau jumlah angsuran yang lebih banyak membuat setiap angsuran lebih ringan.",
    "The instalment looks affordable for you.": "Angsuran ini tampaknya terjangkau untuk Anda.",
    "Send my application": "Kirim pengajuan saya",
    "Change my answers": "Ubah jawaban saya",
    "%(min)s to %(max)s": "%(min)s sampai %(max)s",
    "%(min)d to %(max)d instalments": "%(min)d sampai %(max)d kali angsuran",
    "interest %(rate)s a year": "bunga %(rate)s per tahun",
    "Your money each month": "Keuangan Anda setiap bulan",
    "Check my instalment": "Hitung angsuran saya",
    # Business figures reported by the trainee (portal/forms.py, portal/views.py, templates/portal/business.html, checkin.html)
    "Which month?": "Untuk bulan apa?",
    "Money from sales in the month (Rp)": "Uang hasil penjualan dalam bulan itu (Rp)",
    "Money spent on the business in the month (Rp)": "Uang yang dikeluarkan untuk usaha dalam bulan itu (Rp)",
    "Other household income in the month (Rp)": "Penghasilan lain rumah tangga dalam bulan itu (Rp)",
    "Savings at the end of the month (Rp)": "Tabungan di akhir bulan (Rp)",
    "%(month)s (this month so far)": "%(month)s (bulan ini, sampai hari ini)",
    "%(month)s (last month)": "%(month)s (bulan lalu)",
    "reported, you can still correct it": "sudah dilaporkan, masih bisa diperbaiki",
    "Your mentor has already recorded the figures of both months.":
        "Pendamping Anda sudah mencatat angka usaha untuk kedua bulan itu.",
    "Thank you! Your figures for %(month)s are saved. Your mentor will check them.":
        "Terima kasih! Angka usaha Anda bulan %(month)s sudah disimpan. Pendamping Anda akan memeriksanya.",
    "Report my figures": "Laporkan angka usaha saya",
    "Waiting for your mentor": "Menunggu pendamping",
    "Recorded": "Sudah dicatat",
    "Report": "Laporkan",
    "Correct": "Perbaiki",
    "Figures you report yourself count in your assessment once your mentor has checked them.":
        "Angka yang Anda laporkan sendiri dihitung dalam penilaian setelah diperiksa oleh pendamping Anda.",
    "Sales, costs and profit": "Penjualan, biaya, dan laba",
    "Latest month": "Bulan terakhir",
    "No figures yet.": "Belum ada angka usaha.",
    "Download my progress report (PDF)": "Unduh laporan perkembangan saya (PDF)",
    "Write full rupiah, for example 1.500.000. Your mentor will check the figures.":
        "Tulis dalam rupiah penuh, misalnya 1.500.000. Pendamping Anda akan memeriksa angkanya.",
    "Money": "Uang",
    "Save my figures": "Simpan angka saya",
    # Self-reported check-ins and action items seen by staff (mentoring/, templates/mentoring/, templates/trainees/detail.html)
    "This action item is already closed.": "Tindak lanjut ini sudah ditutup.",
    "This check-in is not waiting for confirmation.": "Laporan usaha ini tidak sedang menunggu konfirmasi.",
    "You may only do this for your own record.": "Anda hanya dapat melakukan ini untuk data Anda sendiri.",
    "This action item is for your mentor to do.": "Tindak lanjut ini dikerjakan oleh pendamping Anda.",
    "You can report this month or last month only.": "Anda hanya dapat melaporkan bulan ini atau bulan lalu.",
    "The figures for %(month)s are already recorded by your mentor. If something is wrong, tell your mentor.":
        "Angka usaha bulan %(month)s sudah dicatat oleh pendamping Anda. Jika ada yang salah, beri tahu "
        "pendamping Anda.",
    "Check-in for %(month)s confirmed.": "Laporan usaha %(month)s dikonfirmasi.",
    "marked done by %(name)s": "ditandai selesai oleh %(name)s",
    "Self-reported — awaiting confirmation": "Dilaporkan sendiri — menunggu konfirmasi pendamping",
    "Self-reported, confirmed": "Dilaporkan sendiri, sudah dikonfirmasi",
    "Confirm": "Konfirmasi",
    "The trainee reported %(month)s themselves: saving records these figures as yours (checked, and counted in the assessment).":
        "Peserta melaporkan bulan %(month)s sendiri: jika disimpan, angka ini dicatat sebagai catatan Anda "
        "(sudah diperiksa, dan dihitung dalam penilaian).",
    "Figures reported by the trainee": "Angka yang dilaporkan peserta",
    "revenue %(revenue)s, costs %(costs)s, profit %(profit)s":
        "pendapatan %(revenue)s, biaya %(costs)s, laba %(profit)s",
    "Not counted in the assessment until confirmed.": "Belum dihitung dalam penilaian sampai dikonfirmasi.",
    # Complaints in the portal (portal/forms.py, portal/views.py, templates/portal/complaint*.html)
    "Tell us what happened": "Ceritakan apa yang terjadi",
    "Who is it about? (for a report of staff misconduct)": "Tentang siapa? (untuk laporan pelanggaran petugas)",
    "Keep my name hidden from the staff handling it": "Rahasiakan nama saya dari petugas yang menanganinya",
    "Your message": "Pesan Anda",
    "Why is the answer not enough?": "Mengapa jawabannya belum cukup?",
    "Your message has been sent.": "Pesan Anda sudah terkirim.",
    "Thank you. Your complaint is closed.": "Terima kasih. Pengaduan Anda sudah ditutup.",
    "Your complaint is open again. We will look at it once more.":
        "Pengaduan Anda dibuka kembali. Kami akan meninjaunya sekali lagi.",
    "Our answer": "Jawaban kami",
    "Is this answer enough for you?": "Apakah jawaban ini sudah cukup bagi Anda?",
    "No, look at it again": "Belum, mohon ditinjau lagi",
    "Not solved after all?": "Ternyata belum selesai?",
    "Open it again": "Buka kembali",
    "What you wrote": "Yang Anda tulis",
    "What happened so far": "Perkembangan sejauh ini",
    "Send a message": "Kirim pesan",
    "Send a complaint or suggestion": "Kirim pengaduan atau saran",
    "Only for a report about a staff member: their name or role. Only administrators see these reports.":
        "Hanya untuk laporan tentang petugas: tulis nama atau jabatannya. Laporan seperti ini hanya dilihat "
        "oleh administrator.",
    "Complaints and suggestions": "Pengaduan dan saran",
    "Something went wrong, or you have an idea? Tell us. We answer every message.":
        "Ada masalah, atau punya usulan? Sampaikan kepada kami. Kami menjawab setiap pesan.",
    "You have not sent any complaint yet.": "Anda belum pernah mengirim pengaduan.",
    # Account (portal/forms.py, portal/views.py, templates/portal/account.html, no_record.html)
    "Your current password": "Kata sandi Anda saat ini",
    "New password again": "Ulangi kata sandi baru",
    "The two new passwords differ.": "Kedua kata sandi baru tidak sama.",
    "Your password has been changed. You stay logged in here; other devices are logged out.":
        "Kata sandi Anda sudah diubah. Anda tetap masuk di perangkat ini; di perangkat lain Anda sudah "
        "dikeluarkan.",
    "Language": "Bahasa",
    "Change my password": "Ubah kata sandi",
    "Your account is not linked to a trainee record yet.": "Akun Anda belum terhubung dengan data peserta.",
    "Please ask your loan officer or mentor to link your account. After that you will see your loan, your mentoring and your business figures here.":
        "Silakan minta petugas pinjaman atau pendamping Anda untuk menghubungkan akun Anda. Setelah itu, "
        "Anda dapat melihat pinjaman, pendampingan, dan angka usaha Anda di sini.",
    "File a complaint on someone's behalf": "Catat pengaduan atas nama orang lain",
    "Thank you. We received your message and will answer it. Tracking code: %(code)s":
        "Terima kasih. Pesan Anda sudah kami terima dan akan kami jawab. Kode pelacakan: %(code)s",
    "View": "Lihat",
    "Deadline to verify: %(date)s": "Tenggat verifikasi: %(date)s",
    "Deadline to answer: %(date)s": "Tenggat jawaban: %(date)s",
    "Past the deadline": "Lewat tenggat",
    "Past the deadline now": "Lewat tenggat saat ini",
    "Photo or document (optional)": "Foto atau dokumen (tidak wajib)",
    "At least %(n)d characters. Not your username, not a common password.":
        "Paling sedikit %(n)d karakter. Jangan memakai nama pengguna atau kata sandi yang umum.",
    "Your spending is as high as or higher than your income, so an instalment would be very hard to pay.":
        "Pengeluaran Anda sama dengan atau lebih besar dari pendapatan, jadi angsuran akan sangat berat dibayar.",
    "The %(n)d longest overdue are listed here;": "%(n)d pengaduan yang paling lama lewat tenggat ditampilkan di sini;",
    "see all %(n)d in the complaint list": "lihat semua %(n)d di daftar pengaduan",
    # --- Training (pelatihan) ---
    "This product requires a completed entrepreneurship training (Pelatihan Wirausaha). The trainee has not completed one yet.":
        "Produk ini mensyaratkan pelatihan kewirausahaan (Pelatihan Wirausaha) yang sudah diselesaikan. "
        "Peserta ini belum menyelesaikannya.",
    # Portal (templates/portal/business.html)
    "My training": "Pelatihan saya",
    "Download my certificate (PDF)": "Unduh sertifikat saya (PDF)",
    # Attendance (templates/training/_macros.html, attendance.html)
    "Who is present?": "Siapa yang hadir?",
    "Tap each trainee who is here. Everyone not ticked counts as absent.":
        "Ketuk setiap peserta yang hadir. Peserta yang tidak dicentang dihitung tidak hadir.",
    "of %(total)d present": "dari %(total)d hadir",
    "Nobody is enrolled in this cohort yet.": "Belum ada peserta yang terdaftar di angkatan ini.",
    "Attendance": "Kehadiran",
    "Attendance on %(date)s": "Kehadiran tanggal %(date)s",
    "Save attendance": "Simpan kehadiran",
    # Cohort page (templates/training/cohort.html)
    "Record a session": "Catat sesi",
    "Start the cohort": "Mulai angkatan",
    "Trainer": "Pelatih",
    "Dates": "Tanggal",
    "Seats": "Kursi",
    "%(taken)d of %(capacity)d taken": "%(taken)d dari %(capacity)d terisi",
    "%(n)d waiting": "%(n)d dalam daftar tunggu",
    "To complete": "Syarat lulus",
    "attendance at least %(p)d %% and the business plan handed in":
        "kehadiran minimal %(p)d %% dan rencana usaha sudah diserahkan",
    "Enrol a trainee": "Daftarkan peserta",
    "Enrol": "Daftarkan",
    "No trainee found who is not yet in this cohort.": "Tidak ditemukan peserta yang belum masuk angkatan ini.",
    "Complete the cohort": "Selesaikan angkatan",
    "%(n)d of %(total)d would complete the training now.":
        "%(n)d dari %(total)d peserta akan lulus pelatihan jika diselesaikan sekarang.",
    "Complete the cohort? Certificates are issued and attendance can no longer be changed.":
        "Selesaikan angkatan ini? Sertifikat akan diterbitkan dan kehadiran tidak dapat diubah lagi.",
    "Cancel the cohort": "Batalkan angkatan",
    "Cancel this cohort? Everyone enrolled is withdrawn.":
        "Batalkan angkatan ini? Semua peserta yang terdaftar dinyatakan mengundurkan diri.",
    "Handed in %(date)s": "Diserahkan %(date)s",
    "on track": "sesuai target",
    "not on track": "belum sesuai target",
    "Certificate (PDF)": "Sertifikat (PDF)",
    "Plan not handed in": "Rencana belum diserahkan",
    "Plan handed in": "Rencana sudah diserahkan",
    "Withdraw %(name)s from the cohort?": "Nyatakan %(name)s mengundurkan diri dari angkatan ini?",
    "Withdraw": "Mundurkan",
    "Nobody is enrolled yet.": "Belum ada peserta yang terdaftar.",
    "Waiting list": "Daftar tunggu",
    "%(present)d of %(total)d present": "%(present)d dari %(total)d hadir",
    "No session recorded yet.": "Belum ada sesi yang dicatat.",
    # Cohort and programme forms, list (templates/training/*.html)
    "Edit cohort": "Ubah angkatan",
    "New cohort": "Angkatan baru",
    "e.g. \"Pelatihan Wirausaha Angkatan 3 – Babakan Ciparay\"":
        "mis. \"Pelatihan Wirausaha Angkatan 3 – Babakan Ciparay\"",
    "Balai RW, aula kelurahan, ...": "Balai RW, aula kelurahan, ...",
    "A trainee completes the training with at least this share of the sessions attended and the final business plan handed in.":
        "Peserta lulus pelatihan bila menghadiri minimal persentase sesi ini dan sudah menyerahkan "
        "rencana usaha akhir.",
    "Cohort": "Angkatan",
    "+%(n)d waiting": "+%(n)d dalam daftar tunggu",
    "No cohorts.": "Tidak ada angkatan.",
    "New programme": "Program pelatihan baru",
    "Planned and running cohorts": "Angkatan yang direncanakan dan berjalan",
    "Completed and cancelled cohorts": "Angkatan yang selesai dan dibatalkan",
    "Programmes": "Program pelatihan",
    ("%(num)d topic", "%(num)d topics"): "%(num)d materi",
    "No programmes yet.": "Belum ada program pelatihan.",
    "Edit programme": "Ubah program pelatihan",
    "Sessions pick their topic from this list.": "Materi setiap sesi dipilih dari daftar ini.",
    # Certificate (templates/training/print/certificate.html, training/documents.py)
    "Certificate": "Sertifikat",
    "Entrepreneurship training": "Pelatihan kewirausahaan",
    "CERTIFICATE": "SERTIFIKAT",
    "of training completion": "kelulusan pelatihan",
    "This certifies that": "Diberikan kepada",
    "has completed the training": "telah menyelesaikan pelatihan",
    "Venue": "Tempat",
    "sessions held: %(n)s": "sesi yang dilaksanakan: %(n)s",
    "Issued on %(date)s": "Diterbitkan pada %(date)s",
    "Chair, TKPK Kota Bandung": "Ketua TKPK Kota Bandung",
    "Only a completed enrolment has a certificate.": "Sertifikat hanya tersedia bagi peserta yang lulus pelatihan.",
    # Forms and statuses (training/forms.py, training/models.py)
    "Curriculum (one topic per line)": "Kurikulum (satu materi per baris)",
    "Name (angkatan)": "Nama angkatan",
    "Starts on": "Tanggal mulai",
    "Ends on": "Tanggal selesai",
    "Attendance needed to complete (%)": "Kehadiran minimal untuk lulus (%)",
    "Choose a programme.": "Pilih program pelatihan.",
    "Present": "Hadir",
    "Topic": "Materi",
    "Planned": "Direncanakan",
    "Running": "Berjalan",
    "Enrolled": "Terdaftar",
    "Completed training": "Lulus pelatihan",
    "Did not complete": "Tidak lulus",
    # Rules and validation (training/services.py)
    "This step is not possible in the cohort's current state.":
        "Langkah ini tidak dapat dilakukan pada status angkatan saat ini.",
    "You are not allowed to do this.": "Anda tidak diizinkan melakukan tindakan ini.",
    "Only administrators and loan officers can do this.":
        "Hanya administrator dan petugas pinjaman yang dapat melakukan ini.",
    "Only administrators, loan officers and mentors can take attendance.":
        "Hanya administrator, petugas pinjaman, dan pendamping yang dapat mencatat kehadiran.",
    "This step is not possible while the cohort is \"%(status)s\".":
        "Langkah ini tidak dapat dilakukan selama angkatan berstatus \"%(status)s\".",
    "Give the programme a name.": "Isi nama program pelatihan.",
    "The name must be at most %(n)s characters.": "Nama paling banyak %(n)s karakter.",
    "A programme with this name already exists.": "Program pelatihan dengan nama ini sudah ada.",
    "This text must be at most %(n)s characters.": "Teks ini paling banyak %(n)s karakter.",
    "The programme can only be changed before the cohort starts.":
        "Program pelatihan hanya dapat diubah sebelum angkatan dimulai.",
    "This programme is no longer offered.": "Program pelatihan ini tidak ditawarkan lagi.",
    "Give the cohort a name.": "Isi nama angkatan.",
    "A cohort with this name already exists.": "Angkatan dengan nama ini sudah ada.",
    "Name the trainer.": "Isi nama pelatih.",
    "Give the venue (balai RW, aula kelurahan, ...).": "Isi tempat pelatihan (balai RW, aula kelurahan, ...).",
    "Choose the kelurahan where the cohort meets.": "Pilih kelurahan tempat angkatan ini berkumpul.",
    "Give the start date.": "Isi tanggal mulai.",
    "Give the end date.": "Isi tanggal selesai.",
    "The end date cannot be before the start date.": "Tanggal selesai tidak boleh sebelum tanggal mulai.",
    "A session was held on %(date)s, before this start date.":
        "Sudah ada sesi pada %(date)s, sebelum tanggal mulai ini.",
    "A session was held on %(date)s, after this end date.":
        "Sudah ada sesi pada %(date)s, setelah tanggal selesai ini.",
    "The capacity must be a whole number from 1 to %(n)s.": "Kuota harus bilangan bulat dari 1 sampai %(n)s.",
    "%(n)s trainees already have a seat; the capacity cannot be lower.":
        "%(n)s peserta sudah mendapat kursi; kuota tidak boleh lebih kecil dari itu.",
    "The minimum attendance must be a whole percent from 0 to 100.":
        "Kehadiran minimal harus berupa persen bulat dari 0 sampai 100.",
    "Give the reason for cancelling the cohort.": "Isi alasan pembatalan angkatan.",
    "Trainees can only be enrolled in a planned or running cohort.":
        "Peserta hanya dapat didaftarkan ke angkatan yang direncanakan atau sedang berjalan.",
    "%(name)s is already in this cohort (%(status)s).": "%(name)s sudah ada di angkatan ini (%(status)s).",
    "Trainees can only withdraw from a planned or running cohort.":
        "Peserta hanya dapat mengundurkan diri dari angkatan yang direncanakan atau sedang berjalan.",
    "This trainee is not enrolled or waiting in the cohort.":
        "Peserta ini tidak terdaftar maupun berada dalam daftar tunggu angkatan ini.",
    "Only an enrolled trainee's business plan can be marked.":
        "Hanya rencana usaha peserta yang terdaftar yang dapat ditandai.",
    "Give the date the plan was handed in.": "Isi tanggal rencana usaha diserahkan.",
    "Attendance can only be taken for trainees enrolled in this cohort.":
        "Kehadiran hanya dapat dicatat untuk peserta yang terdaftar di angkatan ini.",
    "Sessions can only be recorded for a planned or running cohort.":
        "Sesi hanya dapat dicatat untuk angkatan yang direncanakan atau sedang berjalan.",
    "The session must lie within the cohort's dates (%(start)s to %(end)s).":
        "Sesi harus berada dalam rentang tanggal angkatan (%(start)s sampai %(end)s).",
    "Give the session's topic.": "Isi materi sesi.",
    "The topic must be at most %(n)s characters.": "Materi paling banyak %(n)s karakter.",
    "The duration must be from 1 to %(n)s minutes.": "Durasi harus dari 1 sampai %(n)s menit.",
    "Attendance can only be changed while the cohort is running.":
        "Kehadiran hanya dapat diubah selama angkatan sedang berjalan.",
    "Only a running cohort can be completed.": "Hanya angkatan yang sedang berjalan yang dapat diselesaikan.",
    "Record at least one session before completing the cohort.":
        "Catat minimal satu sesi sebelum menyelesaikan angkatan.",
    # Flash messages (training/views.py)
    "Programme %(name)s created.": "Program pelatihan %(name)s berhasil dibuat.",
    "Cohort %(name)s created.": "Angkatan %(name)s berhasil dibuat.",
    "The cohort is full: %(name)s is on the waiting list.":
        "Kuota angkatan sudah penuh: %(name)s masuk daftar tunggu.",
    "%(name)s enrolled.": "%(name)s berhasil didaftarkan.",
    "%(name)s withdrawn.": "%(name)s dinyatakan mengundurkan diri.",
    "Business plan marked as handed in.": "Rencana usaha ditandai sudah diserahkan.",
    "Business plan marked as not handed in.": "Rencana usaha ditandai belum diserahkan.",
    "Session saved: %(present)d of %(total)d present.": "Sesi disimpan: %(present)d dari %(total)d hadir.",
    "Attendance saved: %(present)d of %(total)d present.": "Kehadiran disimpan: %(present)d dari %(total)d hadir.",
    "Cohort started.": "Angkatan dimulai.",
    "Cohort completed: %(done)d completed the training, %(missed)d did not.":
        "Angkatan selesai: %(done)d peserta lulus pelatihan, %(missed)d tidak lulus.",
    "Cohort cancelled.": "Angkatan dibatalkan.",
    # --- CSR partners: accounts (accounts/forms.py, services.py, templates/accounts/) ---
    "Partner (for a CSR partner login)": "Mitra (untuk akun mitra CSR)",
    "Choose the partner this user works for.": "Pilih mitra tempat pengguna ini bekerja.",
    "A CSR partner user must belong to a partner; other users must not.":
        "Pengguna mitra CSR harus terhubung dengan satu mitra; pengguna lain tidak boleh.",
    "The CSR partner role cannot be given or taken away; create a new user instead.":
        "Peran mitra CSR tidak dapat diberikan atau dicabut; buat pengguna baru.",
    "A CSR partner login keeps its role and partner; to change them, disable it and create a new user.":
        "Akun mitra CSR tetap memegang peran dan mitranya; untuk mengubahnya, nonaktifkan akun ini "
        "lalu buat pengguna baru.",
    "Only for a CSR partner login: it will see only this partner’s report.":
        "Hanya untuk akun mitra CSR: akun ini hanya akan melihat laporan mitra tersebut.",
    # --- CSR partners: forms and models (partners/forms.py, partners/models.py) ---
    "Partner report": "Laporan mitra",
    "Any": "Semua",
    "Line of business": "Bidang usaha",
    "Contact person": "Narahubung",
    "Contact e-mail (optional)": "E-mail narahubung (tidak wajib)",
    "Contact phone (optional)": "Nomor telepon narahubung (tidak wajib)",
    "Active partner": "Mitra aktif",
    "Enter an Indonesian phone number such as 022-1234-5678 or 0812-3456-7890.":
        "Masukkan nomor telepon Indonesia, misalnya 022-1234-5678 atau 0812-3456-7890.",
    "Agreement number": "Nomor PKS",
    "Amount committed (Rp)": "Jumlah komitmen (Rp)",
    "Signed on": "Tanggal penandatanganan",
    "Only trainees living in kecamatan": "Hanya peserta yang tinggal di kecamatan",
    "Only businesses in the sector": "Hanya usaha di sektor",
    "Only trainees of poverty status": "Hanya peserta dengan status kemiskinan",
    "The amount committed must be more than Rp 0.": "Jumlah komitmen harus lebih dari Rp 0.",
    "Amount financed (Rp)": "Jumlah pembiayaan (Rp)",
    "Financed on": "Tanggal pembiayaan",
    "The amount must be more than Rp 0.": "Jumlah harus lebih dari Rp 0.",
    "Reason for removing": "Alasan penghapusan",
    "Title": "Judul",
    "Story": "Kisah",
    "Consent given on": "Tanggal persetujuan",
    "The trainee consented to this story being shown to the partners who financed them":
        "Peserta menyetujui kisah ini ditampilkan kepada mitra yang membiayainya",
    "Publish only with the trainee's consent: tick the box.":
        "Terbitkan hanya dengan persetujuan peserta: centang kotak ini.",
    "Banking & finance": "Perbankan & keuangan",
    "State-owned enterprise": "BUMN",
    "Telecommunications": "Telekomunikasi",
    "Manufacturing": "Manufaktur",
    "Retail & trade": "Ritel & perdagangan",
    "Energy & mining": "Energi & pertambangan",
    "Foundation / zakat": "Yayasan / zakat",
    "Draft": "Draf",
    "Published": "Diterbitkan",
    "Consent withdrawn": "Persetujuan ditarik",
    # --- CSR partners: rules and validation (partners/services.py) ---
    "This step is not possible in the story's current state.":
        "Langkah ini tidak dapat dilakukan pada status kisah saat ini.",
    "The agreement has only %(remaining)s left to finance; %(requested)s requested.":
        "Sisa dana PKS ini hanya %(remaining)s; yang diminta %(requested)s.",
    "Only %(unfinanced)s of this loan's principal is not yet financed; %(requested)s requested.":
        "Pokok pinjaman ini yang belum dibiayai hanya %(unfinanced)s; yang diminta %(requested)s.",
    "This agreement already finances this loan.": "PKS ini sudah membiayai pinjaman ini.",
    "A written-off loan cannot be financed.": "Pinjaman yang sudah dihapusbukukan tidak dapat dibiayai.",
    "Only administrators, loan officers and the trainee's mentor can do this.":
        "Hanya administrator, petugas pinjaman, dan pendamping peserta yang dapat melakukan ini.",
    "Give the partner's name.": "Isi nama mitra.",
    "A partner with this name already exists.": "Mitra dengan nama ini sudah ada.",
    "Choose the partner's sector.": "Pilih bidang usaha mitra.",
    "Name the contact person.": "Isi nama narahubung.",
    "Enter an Indonesian phone number, e.g. 022 1234567 or 0812 3456 7890.":
        "Masukkan nomor telepon Indonesia, misalnya 022 1234567 atau 0812 3456 7890.",
    "This partner is no longer active.": "Mitra ini sudah tidak aktif.",
    "Give the agreement's number.": "Isi nomor PKS.",
    "The number must be at most %(n)s characters.": "Nomor paling banyak %(n)s karakter.",
    "An agreement with this number already exists.": "PKS dengan nomor ini sudah ada.",
    "The amount committed must be above zero, with at most two decimals.":
        "Jumlah komitmen harus lebih dari nol, dengan paling banyak dua angka desimal.",
    "Give the day the agreement was signed.": "Isi tanggal penandatanganan PKS.",
    "Choose a kecamatan of Kota Bandung.": "Pilih kecamatan di Kota Bandung.",
    "Choose a business sector.": "Pilih sektor usaha.",
    "The trainee lives in kecamatan %(actual)s; the agreement is earmarked for %(earmark)s.":
        "Peserta tinggal di kecamatan %(actual)s; PKS ini diperuntukkan bagi %(earmark)s.",
    "The trainee has no business recorded; the agreement is earmarked for the %(earmark)s sector.":
        "Peserta belum memiliki data usaha; PKS ini diperuntukkan bagi sektor %(earmark)s.",
    "The business is in the %(actual)s sector; the agreement is earmarked for %(earmark)s.":
        "Usaha peserta berada di sektor %(actual)s; PKS ini diperuntukkan bagi %(earmark)s.",
    "The trainee's household is %(actual)s; the agreement is earmarked for %(earmark)s.":
        "Rumah tangga peserta berstatus %(actual)s; PKS ini diperuntukkan bagi %(earmark)s.",
    "The amount must be above zero, with at most two decimals.":
        "Jumlah harus lebih dari nol, dengan paling banyak dua angka desimal.",
    "Give the day the financing starts.": "Isi tanggal mulai pembiayaan.",
    "The financing cannot start before the agreement was signed (%(date)s).":
        "Pembiayaan tidak boleh dimulai sebelum PKS ditandatangani (%(date)s).",
    "The financing cannot start before the loan was disbursed (%(date)s).":
        "Pembiayaan tidak boleh dimulai sebelum pinjaman dicairkan (%(date)s).",
    "The financing cannot be dated in the future.": "Tanggal pembiayaan tidak boleh melewati hari ini.",
    "Give the reason for removing the financing.": "Isi alasan penghapusan pembiayaan.",
    "Give the story a title.": "Isi judul kisah.",
    "The title must be at most %(n)s characters.": "Judul paling banyak %(n)s karakter.",
    "Leave out the trainee's name, NIK and phone number: stories are anonymous.":
        "Jangan cantumkan nama, NIK, dan nomor telepon peserta: kisah bersifat anonim.",
    "Write the story.": "Tuliskan kisahnya.",
    "The story must be at most %(n)s characters.": "Kisah paling banyak %(n)s karakter.",
    "The trainee withdrew consent: this story can no longer be edited.":
        "Peserta telah menarik persetujuannya: kisah ini tidak dapat diubah lagi.",
    "The trainee withdrew consent: this story can never be published again.":
        "Peserta telah menarik persetujuannya: kisah ini tidak dapat diterbitkan lagi.",
    "This story is already published.": "Kisah ini sudah diterbitkan.",
    "Give the day the trainee consented.": "Isi tanggal peserta memberikan persetujuan.",
    "The consent cannot be dated in the future.": "Tanggal persetujuan tidak boleh melewati hari ini.",
    "Consent was already withdrawn.": "Persetujuan sudah ditarik.",
    "Give the day the trainee withdrew consent.": "Isi tanggal peserta menarik persetujuannya.",
    "Consent cannot be withdrawn before it was given (%(date)s).":
        "Persetujuan tidak dapat ditarik sebelum tanggal diberikan (%(date)s).",
    "Only administrators can create logins.": "Hanya administrator yang dapat membuat akun.",
    "Choose a username.": "Pilih nama pengguna.",
    "Give the person's full name.": "Isi nama lengkap orang tersebut.",
    # Flash messages (partners/views.py)
    "Partner %(name)s created.": "Mitra %(name)s berhasil dibuat.",
    "Agreement %(reference)s saved.": "PKS %(reference)s berhasil disimpan.",
    "%(amount)s of the loan of %(name)s financed.": "%(amount)s dari pinjaman %(name)s berhasil dibiayai.",
    "Funding removed.": "Pembiayaan dihapus.",
    "Story saved as a draft. Publish it once the trainee has consented.":
        "Kisah disimpan sebagai draf. Terbitkan setelah peserta memberikan persetujuan.",
    "Story published: it appears in the reports of the partners who financed this trainee.":
        "Kisah diterbitkan: kisah ini tampil di laporan mitra yang membiayai peserta ini.",
    "Consent withdrawn: the story will never be shown again.":
        "Persetujuan ditarik: kisah ini tidak akan ditampilkan lagi.",
    # --- Programme dashboard (reports/dashboard.py, dashboard_views.py, forms.py) ---
    "Age band": "Kelompok usia",
    "Business sector": "Sektor usaha",
    "No business recorded": "Belum ada data usaha",
    "Active trainees": "Peserta aktif",
    "Extreme-poor share": "Porsi miskin ekstrem",
    "Enrolments evaluated": "Pendaftaran yang dievaluasi",
    "Enrolments completed": "Pendaftaran yang lulus",
    "Training completion rate": "Tingkat kelulusan pelatihan",
    "Principal at risk > 30 days": "Pokok berisiko > 30 hari",
    "Amount collected": "Jumlah terbayar",
    "Mentoring sessions attended": "Sesi pendampingan yang dihadiri",
    "Sessions per trainee per month": "Sesi per peserta per bulan",
    "Self-reliant (mandiri) share": "Porsi mandiri",
    "Complaints with SLA decided": "Pengaduan dengan hasil SLA",
    "Complaints within SLA": "Pengaduan tepat waktu (SLA)",
    "Complaints SLA compliance": "Kepatuhan SLA pengaduan",
    "%(sign)s%(n)s points": "%(sign)s%(n)s poin",
    "As listed": "Sesuai urutan daftar",
    "Ascending": "Naik",
    "Descending": "Turun",
    "Kota Bandung by kecamatan: %(figure)s": "Kota Bandung menurut kecamatan: %(figure)s",
    "%(figure)s, highest first": "%(figure)s, tertinggi di urutan teratas",
    "Unknown table: choose kpis or rows.": "Tabel tidak dikenal: pilih kpis atau rows.",
    "Extreme-poor share of the trainees": "Porsi peserta miskin ekstrem",
    "Quantile classes: each holds about the same number of kecamatan.":
        "Kelas kuantil: setiap kelas berisi jumlah kecamatan yang kurang lebih sama.",
    "Rows by": "Baris menurut",
    "Map colour": "Warna peta",
    "Sort by": "Urutkan menurut",
    "Order": "Urutan",
    "Unknown dimension: choose one from the list.": "Dimensi tidak dikenal: pilih dari daftar.",
    "Unknown figure: choose one from the list.": "Angka tidak dikenal: pilih dari daftar.",
    "Unknown column to sort by.": "Kolom pengurutan tidak dikenal.",
    "The order must be asc or desc.": "Urutan harus asc atau desc.",
    # --- CSR partners: pages (templates/base.html, templates/partners/) ---
    "Partners": "Mitra",
    "Our report": "Laporan kami",
    "Any trainee": "Semua peserta",
    "Stories": "Kisah",
    "Write a story": "Tulis kisah",
    "Stories of this trainee": "Kisah peserta ini",
    "With the trainee’s consent, a short story of the business (without the name) appears in the reports of the CSR partners who financed their loan.":
        "Dengan persetujuan peserta, kisah singkat tentang usahanya (tanpa nama) tampil di laporan mitra "
        "CSR yang membiayai pinjamannya.",
    "CSR partners": "Mitra CSR",
    "Agreement %(reference)s": "Perjanjian %(reference)s",
    "signed %(date)s": "ditandatangani %(date)s",
    "Financed": "Dibiayai",
    "Remaining": "Sisa",
    "Earmark": "Peruntukan",
    "Loans financed": "Pinjaman yang dibiayai",
    "loan #%(id)s": "pinjaman #%(id)s",
    "principal %(amount)s": "pokok %(amount)s",
    "from %(date)s": "sejak %(date)s",
    "Remove financing": "Hapus pembiayaan",
    "No loans financed yet.": "Belum ada pinjaman yang dibiayai.",
    "Finance a loan": "Biayai pinjaman",
    "This partner is inactive: it finances no more loans.":
        "Mitra ini tidak aktif: tidak lagi membiayai pinjaman.",
    "The whole amount committed is financed.": "Seluruh jumlah komitmen sudah tersalurkan.",
    "Disbursed loans matching the earmark whose principal is not yet fully financed, newest first. The amount proposed is the part not yet financed, up to what remains of the agreement.":
        "Pinjaman yang sudah dicairkan, sesuai peruntukan, dan pokoknya belum dibiayai penuh, terbaru di "
        "urutan teratas. Jumlah yang diusulkan adalah bagian yang belum dibiayai, paling banyak sebesar "
        "sisa dana PKS.",
    "Trainee name or loan number": "Nama peserta atau nomor pinjaman",
    "principal %(amount)s, disbursed %(date)s": "pokok %(amount)s, dicairkan %(date)s",
    "Not yet financed: %(amount)s": "Belum dibiayai: %(amount)s",
    "Finance": "Biayai",
    "Only the newest %(n)d are shown: search to find others.":
        "Hanya %(n)d pinjaman terbaru yang ditampilkan: gunakan pencarian untuk menemukan yang lain.",
    "No loan matches the search.": "Tidak ada pinjaman yang cocok dengan pencarian.",
    "No disbursed loan matching the earmark is waiting for financing.":
        "Tidak ada pinjaman yang sudah dicairkan dan sesuai peruntukan yang menunggu pembiayaan.",
    "New agreement": "PKS baru",
    "In rupiah, e.g. 250.000.000.": "Dalam rupiah, misalnya 250.000.000.",
    "Only loans of trainees matching every part chosen here can be financed by this agreement. Leave a part on “Any” to accept every trainee.":
        "Hanya pinjaman peserta yang memenuhi semua kriteria yang dipilih di sini yang dapat dibiayai "
        "dengan PKS ini. Biarkan kriteria pada “Semua” untuk menerima semua peserta.",
    "Report (PDF)": "Laporan (PDF)",
    "Partner logins": "Akun mitra",
    "New login": "Akun baru",
    "No logins yet: a partner login sees only this partner’s report.":
        "Belum ada akun: akun mitra hanya dapat melihat laporan mitra ini.",
    "Agreements": "Perjanjian kerja sama",
    "Agreement": "Perjanjian",
    "No agreements yet.": "Belum ada perjanjian kerja sama.",
    "Audit events for this partner": "Jejak audit mitra ini",
    "New partner": "Mitra baru",
    "No partners yet.": "Belum ada mitra.",
    "Financed: principal of disbursed loans financed under the partner’s agreements. A loan shared by two agreements counts once in “Loans”.":
        "Dibiayai: pokok pinjaman yang sudah dicairkan dan dibiayai melalui PKS mitra. Pinjaman yang "
        "dibiayai bersama oleh dua PKS dihitung satu kali dalam “Pinjaman”.",
    "Edit partner": "Ubah mitra",
    "The organisation’s name as the reports should show it, e.g. “Bank BJB – CSR”.":
        "Nama organisasi sebagaimana akan tampil di laporan, misalnya “Bank BJB – CSR”.",
    "Download PDF": "Unduh PDF",
    "What your financing achieved, as of %(date)s.": "Hasil pembiayaan Anda, per %(date)s.",
    "In figures": "Dalam angka",
    "Trainees financed": "Peserta yang dibiayai",
    "Amount financed": "Jumlah pembiayaan",
    "Still outstanding": "Sisa pokok",
    "your share of the principal": "porsi Anda atas pokok pinjaman",
    "Fewer than %(n)d trainees have been financed so far: only the counts are shown, so that no one’s repayment can be read off this report.":
        "Peserta yang dibiayai sejauh ini kurang dari %(n)d: hanya jumlahnya yang ditampilkan, agar "
        "pembayaran angsuran seseorang tidak dapat diketahui dari laporan ini.",
    "PAR30: your share of the outstanding principal of loans more than 30 days late ÷ your share of all outstanding principal. Repayment rate: paid so far ÷ due, for the instalments of the loans you financed due until the day before the report date.":
        "PAR30: porsi Anda atas sisa pokok pinjaman yang terlambat lebih dari 30 hari ÷ porsi Anda atas "
        "seluruh sisa pokok. Tingkat pengembalian: yang sudah dibayar ÷ yang jatuh tempo, untuk angsuran "
        "pinjaman yang Anda biayai yang jatuh tempo sampai sehari sebelum tanggal laporan.",
    "Other kecamatan": "Kecamatan lainnya",
    "Kecamatan with fewer than %(n)d trainees financed are counted together under “Other kecamatan”.":
        "Kecamatan dengan kurang dari %(n)d peserta yang dibiayai digabung dalam “Kecamatan lainnya”.",
    "How the businesses are doing": "Perkembangan usaha peserta",
    "Trainees by the band of their latest sustainability assessment.":
        "Peserta menurut kategori penilaian keberlanjutan terakhirnya.",
    "Told with the trainees’ consent; names are left out.":
        "Diceritakan dengan persetujuan peserta; nama tidak dicantumkan.",
    "No stories yet.": "Belum ada kisah.",
    "Stories of %(name)s": "Kisah %(name)s",
    "Short stories of trainees’ businesses for the reports of the partners who financed them. Written without the trainee’s name; shown only once published with the trainee’s consent, and never again once consent is withdrawn.":
        "Kisah singkat usaha peserta untuk laporan mitra yang membiayainya. Ditulis tanpa nama peserta; "
        "hanya ditampilkan setelah diterbitkan dengan persetujuan peserta, dan tidak ditampilkan lagi "
        "setelah persetujuan ditarik.",
    "updated %(date)s": "diperbarui %(date)s",
    "consent given %(date)s": "persetujuan diberikan %(date)s",
    "Write one from a trainee’s page.": "Tulis kisah dari halaman peserta.",
    "New story": "Kisah baru",
    "Edit story": "Ubah kisah",
    "Published with the trainee’s consent given on %(date)s.":
        "Diterbitkan dengan persetujuan peserta yang diberikan pada %(date)s.",
    "Changing the text returns the story to a draft: publish it again once the trainee has agreed to the new text.":
        "Mengubah teks mengembalikan kisah menjadi draf: terbitkan kembali setelah peserta menyetujui "
        "teks yang baru.",
    "The trainee withdrew consent: this story is never shown again and can no longer be changed.":
        "Peserta telah menarik persetujuannya: kisah ini tidak akan ditampilkan lagi dan tidak dapat "
        "diubah lagi.",
    "Tell how the business grew, in a few sentences. Leave out the trainee’s name, NIK, phone and address: partners see the kecamatan and the business sector only.":
        "Ceritakan perkembangan usaha dalam beberapa kalimat. Jangan cantumkan nama, NIK, nomor telepon, "
        "dan alamat peserta: mitra hanya melihat kecamatan dan sektor usahanya.",
    "Publish": "Terbitkan",
    "Read the story to the trainee. Publish it only if they agree to it being shown, without their name, in the reports of the partners who financed them.":
        "Bacakan kisah ini kepada peserta. Terbitkan hanya jika peserta setuju kisahnya ditampilkan, "
        "tanpa nama, di laporan mitra yang membiayainya.",
    "If the trainee no longer wants the story told, record it here: it is then never shown again.":
        "Jika peserta tidak lagi ingin kisahnya diceritakan, catat di sini: kisah ini tidak akan "
        "ditampilkan lagi.",
    "Record that the trainee withdrew consent? The story will never be shown again.":
        "Catat bahwa peserta menarik persetujuannya? Kisah ini tidak akan ditampilkan lagi.",
    "The trainee withdrew consent": "Peserta menarik persetujuannya",
    "Outstanding and PAR30: your share of the principal of the loans you financed. Due and paid: the instalments of those loans due until %(date)s.":
        "Sisa pokok dan PAR30: porsi Anda atas pokok pinjaman yang Anda biayai. Jatuh tempo dan dibayar: "
        "angsuran pinjaman tersebut yang jatuh tempo sampai %(date)s.",
    # --- Programme dashboard page (templates/reports/dashboard.html, _dashboard_macros.html) ---
    "before: %(value)s": "sebelumnya: %(value)s",
    "(better)": "(membaik)",
    "(worse)": "(memburuk)",
    "Programme dashboard": "Dasbor program",
    "Key figures:": "Angka utama:",
    "Table:": "Tabel:",
    "The dashboard cannot be shown with these settings:": "Dasbor tidak dapat ditampilkan dengan pengaturan ini:",
    "%(start)s to %(end)s, compared with %(pstart)s to %(pend)s":
        "%(start)s sampai %(end)s, dibandingkan dengan %(pstart)s sampai %(pend)s",
    "loans and bands as of %(date)s": "pinjaman dan kategori per %(date)s",
    (
        "Figures computed at %(time)s; refreshed at most every %(num)d minute.",
        "Figures computed at %(time)s; refreshed at most every %(num)d minutes.",
    ): "Angka dihitung pukul %(time)s; diperbarui paling sering setiap %(num)d menit.",
    "Figures computed at %(time)s.": "Angka dihitung pukul %(time)s.",
    "Refresh": "Perbarui",
    "Sustainability bands (latest assessment)": "Kategori keberlanjutan (penilaian terakhir)",
    "before: %(n)s": "sebelumnya: %(n)s",
    "Map: %(figure)s by kecamatan": "Peta: %(figure)s menurut kecamatan",
    "Click a kecamatan to see its trainees. The bars rank the kecamatan with a value; the map shows the others hatched.":
        "Klik kecamatan untuk melihat pesertanya. Diagram batang mengurutkan kecamatan yang memiliki nilai; "
        "kecamatan lainnya ditampilkan berarsir pada peta.",
    "By %(dimension)s": "Menurut %(dimension)s",
    "On a phone each row shows the main figures; the exports have all of them.":
        "Di ponsel, setiap baris hanya menampilkan angka utama; berkas ekspor memuat semuanya.",
    "Without active trainees (%(count)d): %(names)s.": "Tanpa peserta aktif (%(count)d): %(names)s.",
    "Active trainees: in the programme during the period. PAR30 and outstanding: loans active on %(date)s. Completion: enrolments of cohorts completed in the period. Sessions per trainee per month: sessions attended ÷ active trainees ÷ months of the period. A complaint without a trainee counts in the total only.":
        "Peserta aktif: mengikuti program selama periode. PAR30 dan sisa pokok: pinjaman yang aktif per "
        "%(date)s. Kelulusan: pendaftaran pada angkatan yang selesai dalam periode. Sesi per peserta per "
        "bulan: sesi yang dihadiri ÷ peserta aktif ÷ jumlah bulan dalam periode. Pengaduan tanpa peserta "
        "hanya dihitung dalam total.",
    # Printed programme report (templates/reports/print/programme.html)
    "Kota Bandung by kecamatan, coloured by the share of extreme-poor trainees: the darker, the higher.":
        "Kota Bandung menurut kecamatan, diwarnai menurut porsi peserta miskin ekstrem: makin gelap, "
        "makin tinggi.",
    "Map of Kota Bandung: extreme poor share of the trainees, by kecamatan":
        "Peta Kota Bandung: porsi peserta miskin ekstrem, menurut kecamatan",
    "Kecamatan ranked by the share of extreme-poor trainees, in the map's colours.":
        "Kecamatan diurutkan menurut porsi peserta miskin ekstrem, dengan warna sesuai peta.",
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
