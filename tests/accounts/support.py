"""Helpers shared by the accounts, access and security tests."""
from __future__ import annotations

import re

COOKIE = "berdaya_session"


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no csrf_token field in the page"
    return match.group(1)
