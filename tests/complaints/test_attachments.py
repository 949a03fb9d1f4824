"""Attachments are judged by their content, stored under a random name inside the
attachment folder, and never reached through the uploader's file name."""
from __future__ import annotations

import io
from pathlib import Path
from types import SimpleNamespace

import pytest
from flask_babel import force_locale
from PIL import Image

from complaints import attachments
from complaints.services import Upload, ValidationFailed

PDF = b"%PDF-1.7\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 200


def image_bytes(fmt: str, size=(32, 24)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def english(app):
    with force_locale("en"):
        yield


def check(name: str, data: bytes, max_bytes: int = 5 * 1024 * 1024) -> str:
    return attachments.check(Upload(name, data), max_bytes=max_bytes)


@pytest.mark.parametrize("fmt, content_type", [("PNG", "image/png"), ("JPEG", "image/jpeg"),
                                               ("WEBP", "image/webp")])
def test_real_images_are_kept(fmt, content_type):
    assert check("foto", image_bytes(fmt)) == content_type


def test_a_pdf_is_kept():
    assert check("surat.pdf", PDF) == "application/pdf"


@pytest.mark.parametrize("data", [ELF, MZ], ids=["elf", "mz"])
def test_a_renamed_executable_is_refused(data):
    with pytest.raises(ValidationFailed) as info:
        check("photo.jpg", data)
    assert set(info.value.errors) == {"attachment"}
    assert "JPEG, PNG, WebP" in info.value.errors["attachment"]


def test_text_named_pdf_is_refused():
    with pytest.raises(ValidationFailed):
        check("laporan.pdf", b"Ini bukan PDF, hanya teks biasa.\n" * 10)


def test_a_file_that_only_starts_like_an_image_is_refused():
    png = image_bytes("PNG")
    with pytest.raises(ValidationFailed):
        check("half.png", png[: len(png) // 2])
    with pytest.raises(ValidationFailed):
        check("fake.jpg", b"\xff\xd8\xff\xe0" + b"<script>alert(1)</script>" * 20)
    with pytest.raises(ValidationFailed):
        check("fake.webp", b"RIFF\x00\x00\x00\x00WEBP" + MZ)


def test_a_pdf_without_its_end_marker_is_refused():
    with pytest.raises(ValidationFailed):
        check("cut.pdf", PDF.replace(b"%%EOF", b""))


def test_empty_and_oversize_files_are_refused():
    with pytest.raises(ValidationFailed, match="empty"):
        check("x.pdf", b"")
    with pytest.raises(ValidationFailed, match="at most 5 MB"):
        check("big.pdf", PDF + b" " * (5 * 1024 * 1024))
    assert check("limit.pdf", PDF, max_bytes=len(PDF)) == "application/pdf"
    with pytest.raises(ValidationFailed, match="at most 1.5 MB"):
        check("x.pdf", b"%PDF-" + b" " * (1024 * 1024 * 2) + b"%%EOF", max_bytes=1536 * 1024)


def test_stored_files_get_random_names_inside_the_folder(app):
    folder = Path(app.config["COMPLAINT_ATTACHMENT_DIR"]).resolve()
    png = image_bytes("PNG")
    first, second = attachments.store(png), attachments.store(png, "image/png")
    assert first != second
    for name in (first, second):
        assert name.endswith(".png") and len(name) == 36
        path = attachments.path_for(SimpleNamespace(stored_name=name))
        assert path.parent == folder
        assert path.read_bytes() == png
        assert path.stat().st_mode & 0o077 == 0  # owner only
    with pytest.raises(ValueError):
        attachments.store(b"plain text")


@pytest.mark.parametrize("name", ["../../etc/passwd", "/etc/passwd", "..", "", "a" * 32 + ".exe",
                                  "0" * 32 + ".png/../../x", "0" * 31 + ".png"])
def test_path_never_leaves_the_folder(app, name):
    with pytest.raises(ValueError):
        attachments.path_for(SimpleNamespace(stored_name=name))


def test_original_names_are_cleaned_and_download_names_tell_the_truth():
    assert attachments.clean_name("../../etc/passwd") == "passwd"
    assert attachments.clean_name("C:\\Users\\siti\\kwitansi.jpg") == "kwitansi.jpg"
    assert attachments.clean_name("a\x00b\nc.pdf") == "abc.pdf"
    assert attachments.clean_name("") == attachments.clean_name("..") == "attachment"
    long = attachments.clean_name("x" * 300 + ".jpeg")
    assert len(long) == 255 and long.endswith(".jpeg")
    scan = SimpleNamespace(original_name="scan.pdf", content_type="image/png")
    assert attachments.download_name(scan) == "scan.png"
