"""Configuration from the environment (and an optional ``.env`` file)."""
from __future__ import annotations

import os
import secrets
from decimal import Decimal, InvalidOperation
from pathlib import Path

from dotenv import load_dotenv

BASE_DIR = Path(__file__).resolve().parent
INSTANCE_DIR = BASE_DIR / "instance"

load_dotenv(BASE_DIR / ".env")


def _bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _decimal(name: str, default: str) -> Decimal:
    raw = os.environ.get(name, default)
    try:
        return Decimal(raw)
    except InvalidOperation:
        raise RuntimeError(f"{name} must be a number, not {raw!r}") from None


def _database_url() -> str:
    url = os.environ.get("DATABASE_URL")
    if not url:
        return f"sqlite:///{INSTANCE_DIR / 'berdaya.db'}"
    # Heroku-style URLs and plain "postgresql://" both mean psycopg 3 here.
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _secret_key() -> str:
    """SECRET_KEY from the environment, else one generated once into instance/."""
    key = os.environ.get("SECRET_KEY")
    if key:
        return key
    INSTANCE_DIR.mkdir(exist_ok=True)
    path = INSTANCE_DIR / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


class Config:
    SQLALCHEMY_DATABASE_URI = _database_url()
    SQLALCHEMY_ENGINE_OPTIONS = {"pool_pre_ping": True}
    SECRET_KEY = _secret_key()

    # Cookies: HttpOnly and SameSite=Lax always; Secure when served over HTTPS.
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = _bool("SESSION_COOKIE_SECURE", False)
    SESSION_COOKIE_NAME = "berdaya_session"
    #: Hours a login stays valid, whatever the activity.
    SESSION_LIFETIME_HOURS = int(os.environ.get("SESSION_LIFETIME_HOURS", "12"))
    #: Trust one proxy's X-Forwarded-* headers (set when behind nginx/a load balancer).
    PROXY_FIX = _bool("PROXY_FIX", False)

    WTF_CSRF_ENABLED = True
    WTF_CSRF_TIME_LIMIT = None  # tied to the session instead of a clock

    BABEL_DEFAULT_LOCALE = "id"
    BABEL_DEFAULT_TIMEZONE = "Asia/Jakarta"
    LANGUAGES = {"id": "Bahasa Indonesia", "en": "English"}

    #: Failed logins per username within LOGIN_WINDOW_MINUTES before lock-out.
    LOGIN_MAX_FAILURES = int(os.environ.get("LOGIN_MAX_FAILURES", "5"))
    LOGIN_WINDOW_MINUTES = int(os.environ.get("LOGIN_WINDOW_MINUTES", "15"))
    #: Failed logins from one IP address within the window before that address is refused.
    LOGIN_MAX_FAILURES_PER_IP = int(os.environ.get("LOGIN_MAX_FAILURES_PER_IP", "50"))

    TRAINEES_PER_PAGE = 25
    #: Percent: an application whose monthly-equivalent instalment exceeds this share of
    #: the household's net monthly income is flagged; approving it needs a justification.
    LOAN_CAPACITY_THRESHOLD = _decimal("LOAN_CAPACITY_THRESHOLD", "30")
    DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-berdaya")
    #: Overrides of the sustainability method's thresholds and weights (names of
    #: reports.sustainability.Thresholds), e.g. {"graduate_months": 18}; validated on use.
    SUSTAINABILITY_OVERRIDES: dict = {}

    # --- Complaints (pengaduan), SP4N-LAPOR! style ---------------------------------------
    #: Working days (Mon-Fri minus holidays) to verify a new complaint.
    COMPLAINT_VERIFY_DAYS = int(os.environ.get("COMPLAINT_VERIFY_DAYS", "3"))
    #: Working days to answer once verified: urgent needs and misconduct reports ...
    COMPLAINT_ANSWER_DAYS_URGENT = int(os.environ.get("COMPLAINT_ANSWER_DAYS_URGENT", "5"))
    #: ... and everything else.
    COMPLAINT_ANSWER_DAYS = int(os.environ.get("COMPLAINT_ANSWER_DAYS", "14"))
    #: A deadline this many working days away (or less) counts as "soon due".
    COMPLAINT_SOON_DAYS = int(os.environ.get("COMPLAINT_SOON_DAYS", "1"))
    #: Calendar days an answered complaint waits for the complainant before closing itself.
    COMPLAINT_AUTO_CLOSE_DAYS = int(os.environ.get("COMPLAINT_AUTO_CLOSE_DAYS", "14"))
    #: Extra holidays (ISO dates, comma-separated) on top of the Holiday table admins keep.
    COMPLAINT_HOLIDAYS = [d.strip() for d in os.environ.get("COMPLAINT_HOLIDAYS", "").split(",") if d.strip()]
    #: Public complaint page: accepted complaints per IP address per hour.
    COMPLAINT_PUBLIC_PER_HOUR = int(os.environ.get("COMPLAINT_PUBLIC_PER_HOUR", "5"))
    #: Attachments live here, outside the web root (served only through access checks).
    COMPLAINT_ATTACHMENT_DIR = os.environ.get("COMPLAINT_ATTACHMENT_DIR", str(INSTANCE_DIR / "attachments"))
    COMPLAINT_ATTACHMENT_MAX_BYTES = int(os.environ.get("COMPLAINT_ATTACHMENT_MAX_BYTES", str(5 * 1024 * 1024)))
    #: Requests larger than this are refused with 413 before any view runs.
    MAX_CONTENT_LENGTH = int(os.environ.get("MAX_CONTENT_LENGTH", str(6 * 1024 * 1024)))

    # --- Programme dashboard ------------------------------------------------------------
    #: Dashboard figures are kept this many seconds per process (0: computed on every
    #: request); the page shows when they were computed and this period.
    DASHBOARD_CACHE_SECONDS = int(os.environ.get("DASHBOARD_CACHE_SECONDS", "300"))

    # --- E-mail (the notification outbox is always written; sending needs MAIL_SERVER) ----
    MAIL_SERVER = os.environ.get("MAIL_SERVER", "")
    MAIL_PORT = int(os.environ.get("MAIL_PORT", "587"))
    MAIL_USERNAME = os.environ.get("MAIL_USERNAME", "")
    MAIL_PASSWORD = os.environ.get("MAIL_PASSWORD", "")
    MAIL_USE_TLS = _bool("MAIL_USE_TLS", True)
    MAIL_USE_SSL = _bool("MAIL_USE_SSL", False)
    MAIL_SENDER = os.environ.get("MAIL_SENDER", "Berdaya <no-reply@localhost>")
    #: Absolute base of links in e-mails, e.g. https://berdaya.bandung.go.id
    PUBLIC_BASE_URL = os.environ.get("PUBLIC_BASE_URL", "http://127.0.0.1:5000")


class TestConfig(Config):
    TESTING = True
    SQLALCHEMY_DATABASE_URI = os.environ.get("TEST_DATABASE_URL", "sqlite://")
    SECRET_KEY = "test-secret-key-not-for-production"
    SQLALCHEMY_ENGINE_OPTIONS = {}
    #: Overridden per test by conftest (a tmp_path); never the instance folder.
    COMPLAINT_ATTACHMENT_DIR = ""
    MAIL_SERVER = ""
    DASHBOARD_CACHE_SECONDS = 0
