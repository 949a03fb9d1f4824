"""Logging in and out, server-side sessions, password storage and policy."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import select

from accounts import services
from accounts.models import AuditEvent, Role, User, UserSession
from extensions import db
from tests.accounts.support import COOKIE

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=timezone.utc)


def _cookie(client) -> str | None:
    cookie = client.get_cookie(COOKIE)
    return cookie.value if cookie else None


def _token(client) -> str | None:
    with client.session_transaction() as sess:
        return sess.get("_user_id")


def _replay(app, cookie_value):
    """A fresh client (another browser) holding a copy of a session cookie."""
    other = app.test_client()
    other.set_cookie(COOKIE, cookie_value)
    return other


def _is_logged_in(client) -> bool:
    response = client.get("/admin/users")
    if response.status_code == 302:
        assert response.location.startswith("/login")
        return False
    assert response.status_code in (200, 403)
    return True


def test_right_password_logs_in_and_rotates_the_session(app, client, factory):
    user = factory.user(Role.ADMIN)
    client.post("/language", data={"language": "en"})  # an anonymous session exists first
    before = _cookie(client)
    assert before is not None and _token(client) is None

    response = client.post("/login", data={"username": user.username, "password": factory.PASSWORD})

    assert response.status_code == 302
    after = _cookie(client)
    assert after is not None and after != before
    token = _token(client)
    assert token and token != str(user.id)  # the session holds a random token, not the user id
    assert services.load_user_by_token(token, now=NOW).id == user.id
    # The old anonymous cookie stays anonymous.
    assert not _is_logged_in(_replay(app, before))
    # The language chosen before login survives the rotation.
    with client.session_transaction() as sess:
        assert sess["language"] == "en"


def test_each_login_gets_its_own_token(app, factory, login):
    user = factory.user(Role.OFFICER)
    first, second = app.test_client(), app.test_client()
    login(user, client=first)
    login(user, client=second)
    assert _token(first) != _token(second)
    assert db.session.scalar(select(db.func.count()).select_from(UserSession).where(UserSession.user_id == user.id)) == 2


def test_login_is_case_insensitive_and_audited(client, factory):
    user = factory.user(Role.MENTOR)
    response = client.post("/login", data={"username": user.username.upper(), "password": factory.PASSWORD})
    assert response.status_code == 302
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.login"))
    assert event.actor_id == user.id
    assert db.session.get(User, user.id).last_login_at is not None


def test_wrong_password_does_not_log_in(client, factory):
    user = factory.user(Role.ADMIN)
    response = client.post("/login", data={"username": user.username, "password": "not-the-password"})
    assert response.status_code == 200
    assert _token(client) is None
    assert not _is_logged_in(client)


def test_login_redirects_only_to_local_next(client, factory):
    user = factory.user(Role.ADMIN)
    response = client.post(
        "/login?next=/admin/audit", data={"username": user.username, "password": factory.PASSWORD}
    )
    assert response.location == "/admin/audit"


def test_logout_ends_the_session_server_side(app, client, login):
    login("admin")
    cookie, token = _cookie(client), _token(client)
    assert _is_logged_in(_replay(app, cookie))

    response = client.post("/logout")

    assert response.status_code == 302 and response.location.startswith("/login")
    assert not _is_logged_in(client)
    # Replaying the cookie captured before logout (e.g. stolen) no longer works.
    assert not _is_logged_in(_replay(app, cookie))
    assert services.load_user_by_token(token, now=NOW) is None
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.logout")) is not None


def test_logout_ends_only_that_session(app, factory, login):
    user = factory.user(Role.ADMIN)
    phone, laptop = app.test_client(), app.test_client()
    login(user, client=phone)
    login(user, client=laptop)
    phone.post("/logout")
    assert not _is_logged_in(phone)
    assert _is_logged_in(laptop)


def test_disabling_a_user_ends_their_live_sessions_at_once(app, factory, login):
    admin_client, user_client = app.test_client(), app.test_client()
    login("admin", client=admin_client)
    user = login("officer", client=user_client)
    assert user_client.get("/trainees/").status_code == 200

    response = admin_client.post(f"/admin/users/{user.id}/enabled")
    assert response.status_code == 302

    response = user_client.get("/trainees/")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_re_enabling_does_not_revive_old_sessions(app, factory, login):
    admin_client, user_client = app.test_client(), app.test_client()
    login("admin", client=admin_client)
    user = login("officer", client=user_client)
    admin_client.post(f"/admin/users/{user.id}/enabled")  # disable
    admin_client.post(f"/admin/users/{user.id}/enabled")  # enable again
    assert db.session.get(User, user.id).is_enabled
    assert not _is_logged_in(user_client)


def test_disabled_user_cannot_log_in_and_gets_the_generic_message(client, factory):
    user = factory.user(Role.OFFICER)
    services.set_enabled(user, False, actor=factory.admin, now=NOW)
    db.session.commit()
    with pytest.raises(services.InvalidCredentials):
        services.authenticate(user.username, factory.PASSWORD, now=NOW, ip=None, policy=services.ThrottlePolicy())


def test_session_expires_after_its_lifetime(factory):
    user = factory.user(Role.OFFICER)
    token = services.start_session(user, now=NOW, lifetime=timedelta(hours=12), ip=None, user_agent=None)
    db.session.commit()
    assert services.load_user_by_token(token, now=NOW + timedelta(hours=11, minutes=59)).id == user.id
    assert services.load_user_by_token(token, now=NOW + timedelta(hours=12)) is None


def test_password_reset_ends_the_users_sessions(app, factory, login):
    admin_client, user_client = app.test_client(), app.test_client()
    login("admin", client=admin_client)
    user = login("mentor", client=user_client)
    assert _is_logged_in(user_client)

    response = admin_client.post(
        f"/admin/users/{user.id}/password",
        data={"pw-password": "baru-lagi-2027", "pw-confirm": "baru-lagi-2027"},
    )
    assert response.status_code == 302

    response = user_client.get("/trainees/")
    assert response.status_code == 302 and response.location.startswith("/login")


def test_set_password_service_revokes_every_session(factory):
    user = factory.user(Role.OFFICER)
    tokens = [
        services.start_session(user, now=NOW, lifetime=timedelta(hours=12), ip=None, user_agent=None) for _ in range(3)
    ]
    services.set_password(user, "benar-benar-baru", actor=factory.admin, now=NOW + timedelta(minutes=1))
    db.session.commit()
    assert all(services.load_user_by_token(t, now=NOW + timedelta(minutes=2)) is None for t in tokens)


# --- Password storage and policy ----------------------------------------------------


def test_passwords_are_stored_as_scrypt_hashes(factory):
    user = factory.user(Role.OFFICER)
    assert user.password_hash.startswith("scrypt:")
    assert factory.PASSWORD not in user.password_hash


def test_production_password_method_is_full_cost_scrypt(monkeypatch, factory):
    monkeypatch.undo()  # drop conftest's cheap test cost
    assert services.PASSWORD_METHOD == "scrypt"
    user = services.create_user(username="siti", full_name="Siti", role=Role.OFFICER, password="ladang-padi-7", actor=None)
    method = user.password_hash.split("$", 1)[0]
    _, n, r, p = method.split(":")
    assert int(n) >= 2**15 and int(r) >= 8 and int(p) >= 1


@pytest.mark.parametrize(
    ("password", "username"),
    [
        ("abc1234", "siti"),  # 7 characters
        ("", "siti"),
        ("12345678", "siti"),  # common
        ("Password123", "siti"),  # common, case-insensitively
        ("qwertyuiop", "siti"),
        ("siti-rahayu-2026", "siti"),  # contains the username
        ("xxSITIxx99", "siti"),
        ("aaaaaaaaaaaa", "budi"),  # repetitive
    ],
)
def test_weak_passwords_are_refused(password, username, app):
    assert services.password_problem(password, username=username) is not None
    with pytest.raises(services.WeakPassword):
        services.create_user(username=username, full_name="X", role=Role.OFFICER, password=password, actor=None)
    assert db.session.scalar(select(User).where(User.username == username)) is None


def test_a_reasonable_password_is_accepted(app):
    assert services.password_problem("kopi-susu-gula-aren", username="siti") is None
    user = services.create_user(username="siti", full_name="Siti", role=Role.OFFICER, password="kopi-susu-gula-aren", actor=None)
    assert user.id is not None


def test_set_password_applies_the_policy(factory):
    user = factory.user(Role.OFFICER)
    before = user.password_hash
    with pytest.raises(services.WeakPassword):
        services.set_password(user, f"{user.username}-2026", actor=factory.admin, now=NOW)
    assert user.password_hash == before
