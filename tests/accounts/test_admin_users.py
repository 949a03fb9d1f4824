"""Admin user pages: create, role, enable/disable, password reset -- each audited."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import func, select

from accounts import services
from accounts.models import AuditEvent, Role, User
from extensions import db

NOW = datetime(2026, 11, 27, 3, 0, tzinfo=timezone.utc)
NEW_USER = {
    "username": "Dewi.Lestari",
    "full_name": "Dewi Lestari",
    "role": "mentor",
    "password": "sawah-hijau-2026",
    "confirm": "sawah-hijau-2026",
}


def _events(action):
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def _user(username):
    return db.session.scalar(select(User).where(User.username == username))


def _user_count():
    return db.session.scalar(select(func.count()).select_from(User))


def test_admin_creates_a_user(client, login):
    admin = login("admin")
    response = client.post("/admin/users/new", data=NEW_USER)

    user = _user("dewi.lestari")  # usernames are stored lower-case
    assert user is not None
    assert response.status_code == 302 and response.location == f"/admin/users/{user.id}"
    assert user.role == "mentor" and user.full_name == "Dewi Lestari" and user.is_enabled
    (event,) = _events("user.created")[-1:]
    assert event.actor_id == admin.id and event.entity_id == str(user.id)
    assert event.details == {"username": "dewi.lestari", "role": "mentor"}
    assert services.authenticate("dewi.lestari", NEW_USER["password"], now=NOW, ip=None, policy=services.ThrottlePolicy())


@pytest.mark.parametrize(
    ("change", "bad_field"),
    [
        ({"password": "pendek1", "confirm": "pendek1"}, "password"),
        ({"password": "password123", "confirm": "password123"}, "password"),
        ({"password": "dewi.lestari-99", "confirm": "dewi.lestari-99"}, "password"),
        ({"confirm": "sawah-hijau-2027"}, "confirm"),
        ({"username": "dewi lestari"}, "username"),
        ({"username": "de"}, "username"),
        ({"full_name": ""}, "full_name"),
        ({"role": "superuser"}, "role"),
    ],
    ids=["short", "common", "contains-username", "mismatch", "space-in-username", "short-username",
         "no-name", "unknown-role"],
)
def test_bad_input_shows_errors_and_creates_nothing(client, login, change, bad_field):
    login("admin")
    count = _user_count()
    response = client.post("/admin/users/new", data={**NEW_USER, **change})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert f'id="{bad_field}"' in page
    marked = [line for line in page.splitlines() if f'id="{bad_field}"' in line and "is-invalid" in line]
    assert marked, f"{bad_field} is not marked invalid"
    assert 'class="invalid-feedback"' in page
    assert _user_count() == count


def test_duplicate_username_is_refused_with_a_message(client, login, factory):
    login("admin")
    factory.user(Role.OFFICER, username="dewi.lestari")
    count = _user_count()
    response = client.post("/admin/users/new", data=NEW_USER, headers={"Accept-Language": "en"})
    assert response.status_code == 400
    assert "already taken" in response.get_data(as_text=True)
    assert _user_count() == count


def test_admin_assigns_a_role(client, login, factory):
    admin = login("admin")
    user = factory.user(Role.TRAINEE)
    response = client.post(f"/admin/users/{user.id}/role", data={"role-role": "officer"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).role == "officer"
    (event,) = _events("user.role_changed")
    assert event.actor_id == admin.id and event.entity_id == str(user.id)
    assert event.details == {"role": ["trainee", "officer"]}


def test_unknown_role_is_refused(client, login, factory):
    login("admin")
    user = factory.user(Role.TRAINEE)
    response = client.post(f"/admin/users/{user.id}/role", data={"role-role": "superuser"})
    assert response.status_code == 400
    db.session.expire_all()
    assert db.session.get(User, user.id).role == "trainee"
    assert _events("user.role_changed") == []


def test_admin_cannot_change_their_own_role(client, login):
    admin = login("admin")
    client.post(f"/admin/users/{admin.id}/role", data={"role-role": "trainee"})
    db.session.expire_all()
    assert db.session.get(User, admin.id).role == "admin"
    assert _events("user.role_changed") == []


def test_admin_disables_and_enables_a_user(client, login, factory):
    admin = login("admin")
    user = factory.user(Role.OFFICER)

    assert client.post(f"/admin/users/{user.id}/enabled").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).is_enabled is False
    with pytest.raises(services.InvalidCredentials):
        services.authenticate(user.username, "kuat-sekali-2026", now=NOW, ip=None, policy=services.ThrottlePolicy())
    db.session.rollback()

    assert client.post(f"/admin/users/{user.id}/enabled").status_code == 302
    db.session.expire_all()
    assert db.session.get(User, user.id).is_enabled is True

    for action in ("user.disabled", "user.enabled"):
        (event,) = _events(action)
        assert event.actor_id == admin.id and event.entity_id == str(user.id)


def test_admin_cannot_disable_themself(client, login):
    admin = login("admin")
    response = client.post(f"/admin/users/{admin.id}/enabled", headers={"Accept-Language": "en"})
    assert response.status_code == 302
    db.session.expire_all()
    assert db.session.get(User, admin.id).is_enabled is True
    assert _events("user.disabled") == []
    page = client.get(response.location, headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "cannot disable your own account" in page
    assert client.get("/admin/users").status_code == 200  # still logged in


def test_admin_resets_a_password(client, login, factory):
    admin = login("admin")
    user = factory.user(Role.OFFICER)
    response = client.post(
        f"/admin/users/{user.id}/password", data={"pw-password": "jalan-braga-77", "pw-confirm": "jalan-braga-77"}
    )
    assert response.status_code == 302
    policy = services.ThrottlePolicy()
    assert services.authenticate(user.username, "jalan-braga-77", now=NOW, ip=None, policy=policy).id == user.id
    with pytest.raises(services.InvalidCredentials):
        services.authenticate(user.username, factory.PASSWORD, now=NOW, ip=None, policy=policy)
    (event,) = _events("user.password_reset")
    assert event.actor_id == admin.id and event.entity_id == str(user.id)
    assert "jalan-braga-77" not in str(event.details)


@pytest.mark.parametrize(
    "password",
    ["pendek", "12345678", "{username}-kuat"],
    ids=["short", "common", "contains-username"],
)
def test_weak_reset_password_is_refused(client, login, factory, password):
    login("admin")
    user = factory.user(Role.OFFICER)
    before = user.password_hash
    password = password.format(username=user.username)
    response = client.post(f"/admin/users/{user.id}/password", data={"pw-password": password, "pw-confirm": password})
    assert response.status_code == 400
    assert "is-invalid" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).password_hash == before
    assert _events("user.password_reset") == []


def test_admin_lists_users_and_filters_by_role(client, login, factory):
    login("admin")
    mentor, officer = factory.user(Role.MENTOR), factory.user(Role.OFFICER)
    page = client.get("/admin/users", query_string={"role": "mentor"}).get_data(as_text=True)
    assert mentor.username in page and officer.username not in page


def test_missing_user_is_404(client, login):
    login("admin")
    assert client.get("/admin/users/999999").status_code == 404
    assert client.post("/admin/users/999999/enabled").status_code == 404


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MENTOR, Role.TRAINEE])
def test_non_admins_get_403_and_change_nothing(client, login, factory, role):
    target = factory.user(Role.OFFICER)
    login(role)
    count = _user_count()
    assert client.get("/admin/users").status_code == 403
    assert client.get(f"/admin/users/{target.id}").status_code == 403
    assert client.get("/admin/users/new").status_code == 403
    assert client.post("/admin/users/new", data={**NEW_USER, "role": "admin"}).status_code == 403
    assert client.post(f"/admin/users/{target.id}/enabled").status_code == 403
    assert client.post(f"/admin/users/{target.id}/role", data={"role-role": "admin"}).status_code == 403
    assert client.post(
        f"/admin/users/{target.id}/password", data={"pw-password": "jalan-braga-77", "pw-confirm": "jalan-braga-77"}
    ).status_code == 403
    db.session.expire_all()
    target = db.session.get(User, target.id)
    assert target.is_enabled and target.role == "officer"
    assert _user_count() == count
    for action in ("user.disabled", "user.role_changed", "user.password_reset"):
        assert _events(action) == []
