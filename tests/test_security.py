"""CSRF on every POST rule, security headers, cookie flags, redirects, health check."""
from __future__ import annotations

import re

import pytest

from accounts.models import Role, User
from extensions import db
from tests.accounts.support import COOKIE, csrf_token

CSRF_MESSAGE = "security token"  # errors/400.html, shown when Flask-WTF refuses a token
EN = {"Accept-Language": "en"}


# --- CSRF -----------------------------------------------------------------------------


@pytest.fixture
def csrf_app(app_factory):
    return app_factory(WTF_CSRF_ENABLED=True)


def _login_with_token(client, user, password):
    token = csrf_token(client.get("/login").get_data(as_text=True))
    response = client.post("/login", data={"username": user.username, "password": password, "csrf_token": token})
    assert response.status_code == 302, "login with a valid CSRF token must work"


def _url_values(rule, objects):
    values = {}
    for arg in rule.arguments:
        key = (rule.endpoint.split(".")[0], arg)
        assert key in objects, (
            f"tests/test_security.py does not know how to fill <{arg}> of {rule.rule} ({rule.endpoint}); "
            f"add {key!r} to the objects in test_every_post_rule_refuses_a_request_without_csrf_token"
        )
        values[arg] = objects[key]
    return values


def test_every_post_rule_refuses_a_request_without_csrf_token(csrf_app, factory):
    admin = factory.admin
    victim = factory.user(Role.OFFICER)
    trainee = factory.trainee(actor=admin)
    loan = factory.loan()
    objects = {("accounts", "id"): victim.id, ("trainees", "id"): trainee.id, ("trainees", "fmt"): "csv",
               ("loans", "id"): loan.id, ("loans", "txn_id"): 1, ("loans", "fmt"): "csv",
               ("mentoring", "id"): trainee.id, ("mentoring", "mentor_id"): 1, ("reports", "id"): trainee.id,
               ("complaints", "id"): 1, ("complaints", "code"): "ABCDEFGHJK", ("complaints", "day"): "2026-12-25",
               ("portal", "id"): 1, ("training", "id"): 1, ("partners", "id"): 1}
    client = csrf_app.test_client()
    _login_with_token(client, admin, factory.PASSWORD)

    rules = sorted(
        (r for r in csrf_app.url_map.iter_rules() if "POST" in r.methods),
        key=lambda r: r.endpoint == "accounts.logout",  # logging out last keeps the session for the rest
    )
    assert rules, "no POST rules found"
    urls = []
    with csrf_app.test_request_context():
        from flask import url_for

        for rule in rules:
            urls.append(url_for(rule.endpoint, **_url_values(rule, objects)))

    for url in urls:
        response = client.post(url, data={"language": "en", "role-role": "admin"}, headers=EN)
        assert response.status_code == 400, f"POST {url} without a CSRF token answered {response.status_code}"
        assert CSRF_MESSAGE in response.get_data(as_text=True), f"POST {url}: 400 for another reason than CSRF"

    # Nothing changed, and the admin is still logged in.
    db.session.expire_all()
    victim = db.session.get(User, victim.id)
    assert victim.is_enabled and victim.role == "officer"
    assert client.get("/admin/users").status_code == 200

    # Control: with the token, the same requests get past the CSRF check.
    for url in urls:
        page = client.get("/admin/users", headers=EN).get_data(as_text=True)
        token = csrf_token(page)
        response = client.post(url, data={"csrf_token": token}, headers=EN)
        assert CSRF_MESSAGE not in response.get_data(as_text=True), f"POST {url} refused a valid token"


def test_csrf_token_of_another_session_is_refused(csrf_app, factory):
    admin = factory.admin
    victim = factory.user(Role.OFFICER)
    attacker, browser = csrf_app.test_client(), csrf_app.test_client()
    foreign = csrf_token(attacker.get("/login").get_data(as_text=True))
    _login_with_token(browser, admin, factory.PASSWORD)
    response = browser.post(f"/admin/users/{victim.id}/enabled", data={"en-csrf_token": foreign})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, victim.id).is_enabled


# --- Headers --------------------------------------------------------------------------


def _csp(response) -> dict[str, list[str]]:
    header = response.headers.get("Content-Security-Policy")
    assert header, "no Content-Security-Policy header"
    directives = {}
    for part in header.split(";"):
        name, *sources = part.split()
        directives[name] = sources
    return directives


@pytest.mark.parametrize("path", ["/login", "/healthz", "/no-such-page", "/", "/static/app.css"])
def test_security_headers_on_every_kind_of_response(client, path):
    response = client.get(path)
    csp = _csp(response)
    every_source = [s for sources in csp.values() for s in sources]
    assert "'unsafe-inline'" not in every_source and "'unsafe-eval'" not in every_source
    assert csp["frame-ancestors"] == ["'none'"]
    assert "*" not in csp.get("script-src", csp["default-src"])
    assert csp["object-src"] == ["'none'"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] in {"no-referrer", "same-origin", "strict-origin", "strict-origin-when-cross-origin"}
    assert response.headers["X-Frame-Options"] == "DENY"


def test_logged_in_pages_are_not_cached(client, login):
    login("admin")
    assert "no-store" in client.get("/admin/users").headers.get("Cache-Control", "")


INLINE = [
    (re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.I), "inline <script>"),
    (re.compile(r"<style\b", re.I), "<style> block"),
    (re.compile(r"\sstyle\s*=", re.I), "style= attribute"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "on*= event handler"),
    (re.compile(r"javascript:", re.I), "javascript: URL"),
]


def test_pages_use_nothing_the_csp_would_block(client, login, factory):
    """CSP forbids inline code; a page relying on it would silently break in browsers."""
    admin = login("admin")
    trainee = factory.trainee(actor=admin)
    paths = ["/admin/users", "/admin/users/new", f"/admin/users/{admin.id}", "/admin/audit", "/trainees/",
             f"/trainees/{trainee.id}", "/trainees/new", f"/trainees/{trainee.id}/edit", "/no-such-page"]
    for path in paths:
        response = client.get(path)
        page = response.get_data(as_text=True)
        for pattern, what in INLINE:
            match = pattern.search(page)
            assert match is None, f"{path} has an {what}: {page[match.start():match.start() + 80]!r}"


# --- Cookies --------------------------------------------------------------------------


def _session_set_cookie(response) -> str:
    cookies = [v for v in response.headers.getlist("Set-Cookie") if v.startswith(f"{COOKIE}=")]
    assert cookies, "no session cookie set"
    return cookies[-1]


def test_session_cookie_is_httponly_and_samesite_lax(client, factory):
    user = factory.user(Role.ADMIN)
    response = client.post("/login", data={"username": user.username, "password": factory.PASSWORD})
    cookie = _session_set_cookie(response)
    attributes = {a.strip().split("=")[0].lower(): a.strip() for a in cookie.split(";")[1:]}
    assert "httponly" in attributes
    assert attributes["samesite"].lower() == "samesite=lax"


def test_session_cookie_is_secure_when_configured(app_factory, factory):
    secure = app_factory(SESSION_COOKIE_SECURE=True)
    user = factory.user(Role.ADMIN)
    response = secure.test_client().post(
        "/login", data={"username": user.username, "password": factory.PASSWORD}, base_url="https://localhost"
    )
    cookie = _session_set_cookie(response)
    attributes = [a.strip().lower() for a in cookie.split(";")[1:]]
    assert "secure" in attributes and "httponly" in attributes
    assert response.headers["Strict-Transport-Security"].startswith("max-age=")


# --- Redirect targets -------------------------------------------------------------------

EVIL_NEXT = [
    "//evil.example/",
    "https://evil.example/",
    "/\\evil.example",
    "/\t/evil.example",  # browsers drop tabs and newlines: "//evil.example"
    "/\n/evil.example",
    "\t//evil.example",
]


def _is_local(location: str) -> bool:
    cleaned = re.sub(r"[\t\n\r]", "", location)
    return cleaned.startswith("/") and not cleaned.startswith("//") and "\\" not in cleaned


@pytest.mark.parametrize("target", EVIL_NEXT, ids=repr)
def test_login_never_redirects_off_site(client, factory, target):
    user = factory.user(Role.ADMIN)
    response = client.post("/login", query_string={"next": target},
                           data={"username": user.username, "password": factory.PASSWORD})
    assert response.status_code == 302
    assert _is_local(response.location), response.location


@pytest.mark.parametrize("target", EVIL_NEXT, ids=repr)
def test_language_switch_never_redirects_off_site(client, target):
    response = client.post("/language", data={"language": "en", "next": target})
    assert response.status_code == 302
    assert _is_local(response.location), response.location


# --- Health check -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "uri",
    ["sqlite:////nonexistent/dir/x.db", "postgresql+psycopg://postgres@127.0.0.1:1/nothing?connect_timeout=2"],
    ids=["sqlite", "postgresql"],
)
def test_healthz_answers_503_json_when_the_database_is_unreachable(app_factory, uri):
    response = app_factory(SQLALCHEMY_DATABASE_URI=uri).test_client().get("/healthz")
    assert response.status_code == 503
    assert response.is_json
    assert response.get_json()["status"] == "error"
