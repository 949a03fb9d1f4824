"""Shared bits of the complaint page tests: a pinned clock and small file makers."""
from __future__ import annotations

import io
from datetime import date, datetime, timezone

import pytest

EN = {"Accept-Language": "en"}
#: Friday 27 Nov 2026, 10:00 in Bandung. Factory complaints are filed on Monday 23 Nov
#: (verification due Thursday 26 Nov), so a factory complaint still "received" is overdue.
NOW = datetime(2026, 11, 27, 3, 0, tzinfo=timezone.utc)
TODAY = date(2026, 11, 27)


@pytest.fixture
def pinned_clock(monkeypatch):
    """The complaint views' clock pinned to NOW / TODAY."""
    import complaints.views

    monkeypatch.setattr(complaints.views, "today", lambda: TODAY)
    monkeypatch.setattr(complaints.views, "utcnow", lambda: NOW)
    return NOW


def png_bytes(size=(4, 4)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, (200, 30, 30)).save(out, format="PNG")
    return out.getvalue()


def pdf_bytes() -> bytes:
    return b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
