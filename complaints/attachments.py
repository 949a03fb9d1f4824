"""Complaint attachments on disk: what a file is, by its content; where it lives, by a
random name inside ``COMPLAINT_ATTACHMENT_DIR`` (outside the web root).

The uploader's file name is kept only to show it; it never becomes a path, and its
extension is ignored: an executable called ``photo.jpg`` is refused because its bytes
are not a JPEG. Images are opened with Pillow and ``verify()``-ed, so a file that only
starts like a PNG is refused too.

A file written during a transaction that is later rolled back is deleted again (see
``_forget_files_on_rollback``), so a refused or failed complaint leaves no orphan.
"""
from __future__ import annotations

import io
import os
import re
import secrets
from decimal import Decimal
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import event
from sqlalchemy.orm import Session

from extensions import db

if TYPE_CHECKING:
    from .models import ComplaintAttachment
    from .services import Upload

#: Content type -> extension of the stored file.
ALLOWED = {"image/jpeg": "jpg", "image/png": "png", "image/webp": "webp", "application/pdf": "pdf"}
_PILLOW_FORMATS = {"image/jpeg": "JPEG", "image/png": "PNG", "image/webp": "WEBP"}
_STORED_NAME = re.compile(r"^[0-9a-f]{32}\.(jpg|png|webp|pdf)$")
#: A PDF ends with "%%EOF" (possibly followed by a line end or a little padding).
_PDF_TAIL = 1024
MAX_NAME_LENGTH = 255
_SESSION_KEY = "complaint_files_written"


def sniff(data: bytes) -> str | None:
    """The content type of ``data`` if it is a JPEG, PNG, WebP or PDF, else None.

    Decided by the magic bytes; images must then open and ``verify()`` with Pillow (a
    truncated or forged image is refused), a PDF must carry its ``%%EOF`` marker."""
    if data.startswith(b"\xff\xd8\xff"):
        kind = "image/jpeg"
    elif data.startswith(b"\x89PNG\r\n\x1a\n"):
        kind = "image/png"
    elif len(data) >= 12 and data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        kind = "image/webp"
    elif data.startswith(b"%PDF-"):
        return "application/pdf" if b"%%EOF" in data[-_PDF_TAIL:] else None
    else:
        return None
    from PIL import Image

    try:
        with Image.open(io.BytesIO(data)) as image:
            if image.format != _PILLOW_FORMATS[kind]:
                return None
            image.verify()
    except Exception:  # noqa: BLE001 - any decoder complaint (incl. decompression bombs) means "not an image"
        return None
    return kind


def _megabytes(max_bytes: int) -> str:
    value = (Decimal(max_bytes) / Decimal(1024 * 1024)).quantize(Decimal("0.1"))
    return str(value.normalize()) if value == value.to_integral_value() else str(value)


def check(upload: "Upload", *, max_bytes: int) -> str:
    """The content type of ``upload`` (one of ``ALLOWED``); raises
    ``services.ValidationFailed({"attachment": ...})`` if it is empty, larger than
    ``max_bytes`` or not a JPEG, PNG, WebP or PDF by its content."""
    from .services import ValidationFailed

    data = upload.data or b""
    if not data:
        raise ValidationFailed({"attachment": _l("The file is empty.")})
    if len(data) > max_bytes:
        raise ValidationFailed({"attachment": _l("The file is too large: at most %(mb)s MB.",
                                                 mb=_megabytes(max_bytes))})
    content_type = sniff(data)
    if content_type is None:
        raise ValidationFailed({"attachment": _l(
            "Only photos (JPEG, PNG, WebP) and PDF documents can be attached; this file is neither.")})
    return content_type


def clean_name(filename: str | None) -> str:
    """The uploader's file name without any folder part or control characters, at most
    255 characters (only ever shown, never used as a path)."""
    name = (filename or "").replace("\x00", "")
    name = PureWindowsPath(PurePosixPath(name).name).name  # "C:\\x\\a.jpg" and "../a.jpg" alike
    name = "".join(ch for ch in name if ch.isprintable()).strip()
    if len(name) > MAX_NAME_LENGTH:
        stem, dot, ext = name.rpartition(".")
        keep_ext = dot and len(ext) <= 10
        name = stem[: MAX_NAME_LENGTH - len(ext) - 1] + dot + ext if keep_ext else name[:MAX_NAME_LENGTH]
    return name if name.strip(".") else "attachment"


def download_name(att: "ComplaintAttachment") -> str:
    """The name to offer on download: the original stem with the extension of what the
    file really is (a PNG uploaded as ``scan.pdf`` downloads as ``scan.png``)."""
    stem = PurePosixPath(att.original_name).stem or "attachment"
    return f"{stem}.{ALLOWED.get(att.content_type, 'bin')}"


def _directory() -> Path:
    configured = current_app.config.get("COMPLAINT_ATTACHMENT_DIR")
    if not configured:
        raise RuntimeError("COMPLAINT_ATTACHMENT_DIR is not set")
    return Path(configured).resolve()


def store(data: bytes, content_type: str | None = None) -> str:
    """Write ``data`` to ``COMPLAINT_ATTACHMENT_DIR/<32 random hex>.<ext>`` (owner-only
    permissions, never overwriting) and return that stored name. ``content_type``
    defaults to what :func:`sniff` finds; anything not in ``ALLOWED`` is a ValueError
    (call :func:`check` first)."""
    content_type = content_type or sniff(data)
    if content_type not in ALLOWED:
        raise ValueError("not an allowed attachment type; call check() first")
    directory = _directory()
    directory.mkdir(parents=True, exist_ok=True, mode=0o700)
    name = f"{secrets.token_hex(16)}.{ALLOWED[content_type]}"
    path = directory / name
    # O_EXCL: never replace an existing file, even on a (practically impossible) name clash.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
    except BaseException:
        path.unlink(missing_ok=True)
        raise
    db.session.info.setdefault(_SESSION_KEY, []).append(str(path))
    return name


def path_for(att: "ComplaintAttachment") -> Path:
    """The file of ``att``: always inside ``COMPLAINT_ATTACHMENT_DIR``, built from the
    random stored name only (ValueError for anything else)."""
    name = att.stored_name or ""
    if not _STORED_NAME.match(name):
        raise ValueError("invalid stored attachment name")
    directory = _directory()
    path = (directory / name).resolve()
    if path.parent != directory:
        raise ValueError("attachment path outside the attachment folder")
    return path


# --- No orphans: files written in a transaction that rolls back are removed ----------


@event.listens_for(Session, "after_commit")
def _keep_files_on_commit(session):
    if not session.in_nested_transaction():  # a released savepoint is not the end yet
        session.info.pop(_SESSION_KEY, None)


@event.listens_for(Session, "after_soft_rollback")
def _forget_files_on_rollback(session, previous_transaction):
    if previous_transaction.parent is not None:
        return  # a savepoint or inner rollback; the outermost transaction decides
    for path in session.info.pop(_SESSION_KEY, []):
        try:
            os.unlink(path)
        except OSError:
            pass


def download_response(att: "ComplaintAttachment"):
    """The file as a download, typed by what its content is (never rendered inline);
    404 when it is missing on disk. The caller has checked who may have it."""
    from flask import abort, send_file

    try:
        path = path_for(att)
    except ValueError:
        abort(404)
    if not path.is_file():
        abort(404)
    response = send_file(path, mimetype=att.content_type, as_attachment=True,
                         download_name=download_name(att), max_age=0, etag=False)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-store"
    return response
