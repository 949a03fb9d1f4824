"""Helpers shared by the accounts, access and security tests.

The ``app`` fixture keeps an application context pushed for the whole test, and Flask
reuses an already pushed context of the same app for every test-client request. So
``g`` -- where Flask-Login caches the loaded user and Flask-Babel the locale -- would
carry over from one request to the next, and from one client to another: a logged-out
or disabled user would still look logged in, a second client would see the first
client's user, and the language of the first request would stick. In production each
request has its own context. ``isolated_requests`` restores that: every request starts
with an empty ``g``, so the session cookie is checked against the database again.
Import it into a test module to use it (it is autouse there).
"""
from __future__ import annotations

import re

import pytest
from flask import g, request_started

COOKIE = "berdaya_session"


def _forget_cached_user(sender, **extra):
    for name in list(g):
        g.pop(name)


@pytest.fixture(autouse=True)
def isolated_requests(app):
    request_started.connect(_forget_cached_user, app)
    yield
    request_started.disconnect(_forget_cached_user, app)


def csrf_token(html: str) -> str:
    match = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', html) or re.search(
        r'name="csrf_token" value="([^"]+)"', html
    )
    assert match, "no csrf_token field in the page"
    return match.group(1)
