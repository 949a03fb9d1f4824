"""Every state change of accounts: users, passwords, login sessions, throttling."""
from __future__ import annotations

import hashlib
import math
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import lru_cache
from pathlib import Path

from flask_babel import lazy_gettext as _l
from flask_babel import lazy_ngettext
from sqlalchemy import func, select, update
from werkzeug.security import check_password_hash, generate_password_hash

from extensions import db

from . import audit
from .models import LoginAttempt, Role, User, UserSession

MIN_PASSWORD_LENGTH = 8
#: scrypt (Werkzeug's default, stated explicitly so it never silently changes).
PASSWORD_METHOD = "scrypt"


class AccountError(Exception):
    """A domain error with a user-facing, translatable message."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = message

    def __str__(self) -> str:
        return str(self.message)


class WeakPassword(AccountError):
    pass


class LoginLocked(AccountError):
    pass


class InvalidCredentials(AccountError):
    pass


@lru_cache(maxsize=1)
def _common_passwords() -> frozenset[str]:
    path = Path(__file__).with_name("common_passwords.txt")
    return frozenset(
        line.strip().lower()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    )


def password_problem(password: str, *, username: str | None = None):
    """Why ``password`` is refused, or None when it is acceptable."""
    if len(password) < MIN_PASSWORD_LENGTH:
        return _l("The password must be at least %(n)d characters long.", n=MIN_PASSWORD_LENGTH)
    lowered = password.lower()
    if lowered in _common_passwords():
        return _l("This password is too common; choose another.")
    if username and username.lower() in lowered:
        return _l("The password must not contain the username.")
    if len(set(password)) < 3:
        return _l("The password is too repetitive.")
    return None


def _check_password(password: str, username: str | None) -> None:
    problem = password_problem(password, username=username)
    if problem:
        raise WeakPassword(problem)


def normalise_username(username: str) -> str:
    return (username or "").strip().lower()


def get_user_by_username(username: str) -> User | None:
    return db.session.scalar(select(User).where(User.username == normalise_username(username)))


def create_user(*, username: str, full_name: str, role: Role, password: str, actor: User | None,
                partner_id: int | None = None) -> User:
    """A new user. A ``partner`` user needs the id of the CSR partner they work for
    (``partner_id``); any other role must not have one."""
    username = normalise_username(username)
    role = Role(role)
    if (role is Role.PARTNER) != (partner_id is not None):
        raise AccountError(_l("A CSR partner user must belong to a partner; other users must not."))
    if get_user_by_username(username) is not None:
        raise AccountError(_l("The username %(u)s is already taken.", u=username))
    _check_password(password, username)
    user = User(
        username=username,
        full_name=full_name.strip(),
        role=role.value,
        partner_id=partner_id,
        password_hash=generate_password_hash(password, method=PASSWORD_METHOD),
    )
    db.session.add(user)
    db.session.flush()
    details = {"username": username, "role": user.role}
    if partner_id is not None:
        details["partner_id"] = partner_id
    audit.record(actor, "user.created", user, details=details)
    return user


def set_password(user: User, password: str, *, actor: User | None, now: datetime) -> None:
    """Set a new password and end the user's other sessions."""
    _check_password(password, user.username)
    user.password_hash = generate_password_hash(password, method=PASSWORD_METHOD)
    revoke_sessions(user, now=now)
    audit.record(actor, "user.password_reset", user)
    db.session.flush()


class WrongPassword(AccountError):
    pass


def change_own_password(user: User, current: str, new: str, *, now: datetime,
                        keep_token: str | None = None) -> None:
    """The user changes their own password: ``current`` must be right and ``new`` pass
    :func:`password_problem` and differ from it. Every other session of the user ends;
    the one holding ``keep_token`` (default: the session the user is logged in with)
    stays."""
    if not check_password_hash(user.password_hash, current or ""):
        raise WrongPassword(_l("The current password is not right."))
    if new == current:
        raise WeakPassword(_l("Choose a new password that differs from the current one."))
    _check_password(new, user.username)
    user.password_hash = generate_password_hash(new, method=PASSWORD_METHOD)
    keep = keep_token if keep_token is not None else user.get_id()
    revoke_sessions(user, now=now, except_token=keep)
    audit.record(user, "user.password_changed", user)
    db.session.flush()


def set_email(user: User, email: str | None, *, actor: User) -> None:
    """Set (or clear, with an empty value) the address notifications are e-mailed to; audited
    without the address itself."""
    email = (email or "").strip() or None
    if email == user.email:
        return
    user.email = email
    audit.record(actor, "user.email_changed", user, details={"email": bool(email)})
    db.session.flush()


def set_role(user: User, role: Role, *, actor: User) -> None:
    role = Role(role)
    if user.id == actor.id:
        raise AccountError(_l("You cannot change your own role."))
    if user.role == role.value:
        return
    if Role.PARTNER.value in (role.value, user.role):
        # A partner user's data access is bound to its partner: make a new user instead.
        raise AccountError(_l("The CSR partner role cannot be given or taken away; create a new user instead."))
    old = user.role
    user.role = role.value
    audit.record(actor, "user.role_changed", user, details={"role": [old, role.value]})
    db.session.flush()


def set_enabled(user: User, enabled: bool, *, actor: User, now: datetime) -> None:
    """Enable or disable a user. Disabling ends all their sessions at once."""
    if user.id == actor.id and not enabled:
        raise AccountError(_l("You cannot disable your own account."))
    if user.is_enabled == enabled:
        return
    user.is_enabled = enabled
    if not enabled:
        revoke_sessions(user, now=now)
    audit.record(actor, "user.enabled" if enabled else "user.disabled", user)
    db.session.flush()


# --- Login, throttling, sessions -------------------------------------------------


@dataclass(frozen=True)
class ThrottlePolicy:
    max_failures: int = 5
    window: timedelta = timedelta(minutes=15)
    max_failures_per_ip: int = 50


def _failures_since(*, now: datetime, policy: ThrottlePolicy, username: str | None = None, ip: str | None = None) -> list[datetime]:
    """Failure times in the window (after the last success, for a username)."""
    since = now - policy.window
    query = select(LoginAttempt.at).where(LoginAttempt.at > since, LoginAttempt.outcome == "failure")
    if username is not None:
        last_success = db.session.scalar(
            select(func.max(LoginAttempt.at)).where(
                LoginAttempt.username == username, LoginAttempt.outcome == "success", LoginAttempt.at > since
            )
        )
        query = query.where(LoginAttempt.username == username)
        if last_success is not None:
            query = query.where(LoginAttempt.at > last_success)
    else:
        query = query.where(LoginAttempt.ip == ip)
    return list(db.session.scalars(query.order_by(LoginAttempt.at)))


def lockout_until(username: str, *, now: datetime, policy: ThrottlePolicy, ip: str | None = None) -> datetime | None:
    """When a lock on this username (or IP address) ends, or None when not locked.

    A username is locked once it has ``max_failures`` failures inside the sliding
    window; it opens again when the oldest of those leaves the window."""
    failures = _failures_since(now=now, policy=policy, username=username)
    if len(failures) >= policy.max_failures:
        return failures[-policy.max_failures] + policy.window
    if ip:
        ip_failures = _failures_since(now=now, policy=policy, ip=ip)
        if len(ip_failures) >= policy.max_failures_per_ip:
            return ip_failures[-policy.max_failures_per_ip] + policy.window
    return None


def authenticate(username: str, password: str, *, now: datetime, ip: str | None, policy: ThrottlePolicy) -> User:
    """Check credentials under the throttle. Records the attempt; raises on refusal."""
    username = normalise_username(username)
    user = get_user_by_username(username)
    locked = lockout_until(username, now=now, policy=policy, ip=ip)
    if locked is not None:
        db.session.add(LoginAttempt(username=username, at=now, outcome="refused", ip=ip))
        audit.record(None, "auth.login_refused_locked", user, details={"username": username, "until": locked})
        db.session.flush()
        # Whole minutes, rounded up: "10 minutes" when exactly ten remain.
        minutes = max(1, math.ceil((locked - now).total_seconds() / 60))
        raise LoginLocked(
            lazy_ngettext(
                "Too many failed logins. Login for this account is locked; try again in %(num)d minute.",
                "Too many failed logins. Login for this account is locked; try again in %(num)d minutes.",
                minutes,
            )
        )
    # Hash even when there is no such user, so response time does not tell which
    # usernames exist.
    password_ok = check_password_hash(user.password_hash if user is not None else _dummy_hash(), password)
    ok = user is not None and user.is_enabled and password_ok
    if not ok:
        db.session.add(LoginAttempt(username=username, at=now, outcome="failure", ip=ip))
        db.session.flush()
        audit.record(None, "auth.login_failed", user, details={"username": username})
        if lockout_until(username, now=now, policy=policy) is not None:
            audit.record(None, "auth.locked_out", user, details={"username": username, "failures": policy.max_failures})
        db.session.flush()
        raise InvalidCredentials(_l("Wrong username or password."))
    db.session.add(LoginAttempt(username=username, at=now, outcome="success", ip=ip))
    user.last_login_at = now
    db.session.flush()
    return user


def _dummy_hash() -> str:
    """A hash of a random password with the current method and cost (cached per method)."""
    return _dummy_hash_for(PASSWORD_METHOD)


@lru_cache(maxsize=4)
def _dummy_hash_for(method: str) -> str:
    return generate_password_hash(secrets.token_urlsafe(16), method=method)


def _hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def start_session(user: User, *, now: datetime, lifetime: timedelta, ip: str | None, user_agent: str | None) -> str:
    """Create a server-side session; returns the token to keep in the signed cookie."""
    token = secrets.token_urlsafe(32)
    db.session.add(
        UserSession(
            user_id=user.id,
            token_hash=_hash_token(token),
            created_at=now,
            expires_at=now + lifetime,
            ip=ip,
            user_agent=(user_agent or "")[:255],
        )
    )
    audit.record(user, "auth.login", user)
    db.session.flush()
    return token


def load_user_by_token(token: str, *, now: datetime) -> User | None:
    """The enabled user owning a live session token (one query), else None."""
    user = db.session.scalar(
        select(User)
        .join(UserSession)
        .where(
            UserSession.token_hash == _hash_token(token),
            UserSession.revoked_at.is_(None),
            UserSession.expires_at > now,
            User.is_enabled.is_(True),
        )
    )
    if user is not None:
        user._session_token = token
    return user


def end_session(user: User, token: str, *, now: datetime) -> None:
    db.session.execute(
        update(UserSession)
        .where(UserSession.token_hash == _hash_token(token), UserSession.revoked_at.is_(None))
        .values(revoked_at=now)
    )
    audit.record(user, "auth.logout", user)
    db.session.flush()


def revoke_sessions(user: User, *, now: datetime, except_token: str | None = None) -> None:
    """End the user's sessions (all but the one holding ``except_token``, if given)."""
    query = update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
    if except_token:
        query = query.where(UserSession.token_hash != _hash_token(except_token))
    db.session.execute(query.values(revoked_at=now))
