"""Login throttling: per username (known or not), across processes, audited."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from accounts import services
from accounts.models import AuditEvent, LoginAttempt, Role
from extensions import db

T0 = datetime(2026, 11, 27, 1, 0, tzinfo=timezone.utc)
POLICY = services.ThrottlePolicy(max_failures=5, window=timedelta(minutes=15), max_failures_per_ip=50)


def attempt(username, password, *, at, ip="10.0.0.1", policy=POLICY):
    """One login attempt, committed as the login view does (the record drives the throttle)."""
    try:
        return services.authenticate(username, password, now=at, ip=ip, policy=policy)
    finally:
        db.session.commit()


def fail_times(username, times, **kwargs):
    for at in times:
        with pytest.raises(services.InvalidCredentials):
            attempt(username, "salah-sandi-99", at=at, **kwargs)


def audit_count(action):
    return db.session.scalar(select(func.count()).select_from(AuditEvent).where(AuditEvent.action == action))


def test_sixth_attempt_is_refused_even_with_the_right_password(factory):
    user = factory.user(Role.OFFICER)
    fail_times(user.username, [T0 + timedelta(minutes=i) for i in range(5)])

    with pytest.raises(services.LoginLocked) as refused:
        attempt(user.username, factory.PASSWORD, at=T0 + timedelta(minutes=5))

    # Locked until the first failure leaves the 15-minute window: 10 minutes from now.
    assert "10" in str(refused.value)
    assert audit_count("auth.locked_out") == 1
    locked = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "auth.locked_out"))
    assert locked.entity_type == "user" and locked.entity_id == str(user.id)
    assert locked.details["username"] == user.username


def test_four_failures_do_not_lock(factory):
    user = factory.user(Role.OFFICER)
    fail_times(user.username, [T0 + timedelta(minutes=i) for i in range(4)])
    assert attempt(user.username, factory.PASSWORD, at=T0 + timedelta(minutes=5)).id == user.id
    assert audit_count("auth.locked_out") == 0


def test_right_password_works_again_after_the_window(factory):
    user = factory.user(Role.OFFICER)
    now = T0 + timedelta(minutes=4)
    fail_times(user.username, [now] * 5)
    with pytest.raises(services.LoginLocked):
        attempt(user.username, factory.PASSWORD, at=now + timedelta(minutes=14, seconds=59))
    assert attempt(user.username, factory.PASSWORD, at=now + timedelta(minutes=16)).id == user.id


def test_refused_attempts_do_not_extend_the_lock(factory):
    user = factory.user(Role.OFFICER)
    fail_times(user.username, [T0] * 5)
    for minute in range(1, 15):
        with pytest.raises(services.LoginLocked):
            attempt(user.username, "salah-sandi-99", at=T0 + timedelta(minutes=minute))
    assert attempt(user.username, factory.PASSWORD, at=T0 + timedelta(minutes=16)).id == user.id


def test_failures_spread_over_more_than_the_window_do_not_lock(factory):
    user = factory.user(Role.OFFICER)
    fail_times(user.username, [T0 + timedelta(minutes=4 * i) for i in range(5)])  # 0, 4, ..., 16 min
    assert attempt(user.username, factory.PASSWORD, at=T0 + timedelta(minutes=17)).id == user.id


def test_a_success_resets_the_count(factory):
    user = factory.user(Role.OFFICER)
    fail_times(user.username, [T0 + timedelta(minutes=i) for i in range(4)])
    attempt(user.username, factory.PASSWORD, at=T0 + timedelta(minutes=4))
    fail_times(user.username, [T0 + timedelta(minutes=5 + i) for i in range(4)])
    assert attempt(user.username, factory.PASSWORD, at=T0 + timedelta(minutes=9)).id == user.id


def test_lock_is_per_username(factory):
    victim, bystander = factory.user(Role.OFFICER), factory.user(Role.OFFICER)
    fail_times(victim.username, [T0] * 5)
    assert attempt(bystander.username, factory.PASSWORD, at=T0 + timedelta(minutes=1)).id == bystander.id


def test_username_case_does_not_escape_the_lock(factory):
    user = factory.user(Role.OFFICER)
    fail_times(user.username.upper(), [T0] * 5)
    with pytest.raises(services.LoginLocked):
        attempt(f"  {user.username.title()} ", factory.PASSWORD, at=T0 + timedelta(minutes=1))


def test_unknown_usernames_are_throttled_the_same_way(factory):
    known = factory.user(Role.OFFICER)
    outcomes = {}
    for name in (known.username, "tidak-ada"):
        errors = []
        for i in range(5):
            with pytest.raises(services.InvalidCredentials) as err:
                attempt(name, "salah-sandi-99", at=T0 + timedelta(minutes=i))
            errors.append(str(err.value))
        with pytest.raises(services.LoginLocked) as locked:
            attempt(name, "salah-sandi-99", at=T0 + timedelta(minutes=5))
        outcomes[name] = (errors, str(locked.value))
    # Identical answers: nothing tells an attacker which username exists.
    assert outcomes[known.username] == outcomes["tidak-ada"]
    assert audit_count("auth.locked_out") == 2


def test_unknown_username_costs_a_password_hash_too(app, monkeypatch, factory):
    """No timing oracle: an unknown username runs the same hash check as a known one."""
    known = factory.user(Role.OFFICER)
    calls = []
    real = services.check_password_hash
    monkeypatch.setattr(services, "check_password_hash", lambda h, p: calls.append(h) or real(h, p))
    for name in (known.username, "tidak-ada"):
        with pytest.raises(services.InvalidCredentials):
            attempt(name, "salah-sandi-99", at=T0)
    assert len(calls) == 2
    assert calls[1].split("$", 1)[0] == calls[0].split("$", 1)[0]  # same algorithm and cost


def test_failures_from_two_app_instances_on_one_database_add_up(app, app_factory, factory):
    """Two processes (two apps, two engines) share the throttle through the database."""
    user = factory.user(Role.OFFICER)
    other = app_factory()
    for i in range(5):
        target = app if i % 2 == 0 else other
        with target.app_context():
            fail_times(user.username, [T0 + timedelta(minutes=i)])
    with other.app_context():
        with pytest.raises(services.LoginLocked):
            attempt(user.username, factory.PASSWORD, at=T0 + timedelta(minutes=5))
    with pytest.raises(services.LoginLocked):
        attempt(user.username, factory.PASSWORD, at=T0 + timedelta(minutes=5))


def test_many_failures_from_one_address_lock_that_address(factory):
    policy = services.ThrottlePolicy(max_failures=5, window=timedelta(minutes=15), max_failures_per_ip=8)
    user = factory.user(Role.OFFICER)
    for i in range(8):  # spread over many usernames, never 5 on one
        fail_times(f"tebak{i}", [T0], ip="203.0.113.9", policy=policy)
    with pytest.raises(services.LoginLocked):
        attempt(user.username, factory.PASSWORD, at=T0 + timedelta(minutes=1), ip="203.0.113.9", policy=policy)
    assert attempt(user.username, factory.PASSWORD, at=T0 + timedelta(minutes=1), ip="198.51.100.7", policy=policy)


def test_login_form_answers_429_with_a_clear_message_when_locked(app, client, factory):
    user = factory.user(Role.OFFICER)
    headers = {"Accept-Language": "en"}
    for _ in range(5):
        response = client.post("/login", data={"username": user.username, "password": "salah-sandi-99"}, headers=headers)
        assert response.status_code == 200
        assert "Wrong username or password" in response.get_data(as_text=True)

    response = client.post("/login", data={"username": user.username, "password": factory.PASSWORD}, headers=headers)

    assert response.status_code == 429
    page = response.get_data(as_text=True)
    assert "Too many failed logins" in page and "locked" in page
    with client.session_transaction() as sess:
        assert "_user_id" not in sess
    assert audit_count("auth.locked_out") == 1
    outcomes = list(db.session.scalars(select(LoginAttempt.outcome).order_by(LoginAttempt.id)))
    assert outcomes == ["failure"] * 5 + ["refused"]


def test_login_form_lock_holds_across_two_app_instances(app, app_factory, factory):
    user = factory.user(Role.OFFICER)
    first, second = app.test_client(), app_factory().test_client()
    for i in range(5):
        (first if i % 2 else second).post("/login", data={"username": user.username, "password": "salah-sandi-99"})
    response = first.post("/login", data={"username": user.username, "password": factory.PASSWORD})
    assert response.status_code == 429
