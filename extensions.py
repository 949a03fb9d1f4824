"""Flask extensions, created unbound; ``create_app`` binds them.

Also home of the declarative ``Base`` (with a naming convention so Alembic names
constraints identically on SQLite and PostgreSQL) and of the ``Money`` column type
that every money column in the project uses.
"""
from __future__ import annotations

import enum
import sqlite3
from datetime import datetime, timezone
from decimal import Decimal

from flask_babel import Babel
from flask_login import LoginManager
from flask_migrate import Migrate
from flask_sqlalchemy import SQLAlchemy
from flask_wtf import CSRFProtect
from sqlalchemy import BigInteger, DateTime, MetaData, TypeDecorator, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


db = SQLAlchemy(model_class=Base)


@event.listens_for(Engine, "savepoint")
def _sqlite_begin_before_savepoint(conn, name):
    """SQLite: open the transaction before a SAVEPOINT. The sqlite3 module begins one only
    before INSERT/UPDATE/DELETE, so a ``begin_nested`` issued first would run outside any
    transaction and its RELEASE would commit at once — surviving a later rollback."""
    if conn.dialect.name == "sqlite":
        dbapi_connection = conn.connection.dbapi_connection
        if isinstance(dbapi_connection, sqlite3.Connection) and not dbapi_connection.in_transaction:
            dbapi_connection.execute("BEGIN")


migrate = Migrate()
login_manager = LoginManager()
csrf = CSRFProtect()
babel = Babel()


def utcnow() -> datetime:
    """Timezone-aware current UTC time (the one clock read in the project's models)."""
    return datetime.now(timezone.utc)


class UTCDateTime(TypeDecorator):
    """A UTC timestamp that comes back timezone-aware on SQLite and PostgreSQL alike.

    Naive datetimes are refused: every ``*_at`` value in Berdaya is UTC and aware.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given for a UTC column")
        value = value.astimezone(timezone.utc)
        # SQLite stores text; keep it naive-UTC there so comparisons sort correctly.
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            return value.replace(tzinfo=timezone.utc)
        return value.astimezone(timezone.utc)


class Money(TypeDecorator):
    """Rupiah amounts, exact on every backend.

    Stored as a signed 64-bit integer count of *sen* (1/100 rupiah), exposed as a
    ``Decimal`` with two places. Range: about ±9.2 × 10^16 rupiah. No rounding happens
    here: a value with more than two decimal places is refused, so callers round
    explicitly (HALF_EVEN unless a rule says otherwise) before storing. Floats are
    refused outright.
    """

    impl = BigInteger
    cache_ok = True
    SCALE = 2
    _QUANTUM = Decimal("0.01")

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if isinstance(value, float) or isinstance(value, bool):
            raise TypeError("Money refuses float/bool; pass a Decimal")
        value = Decimal(value)
        if not value.is_finite():
            raise ValueError("Money must be finite")
        sen = value.scaleb(self.SCALE)
        if sen != sen.to_integral_value():
            raise ValueError(f"{value} has more than two decimal places; round it first")
        return int(sen)

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return (Decimal(int(value)).scaleb(-self.SCALE)).quantize(self._QUANTUM)

    @property
    def python_type(self):
        return Decimal


#: The programme runs in Kota Bandung: "today" is a date in Western Indonesia Time.
LOCAL_TZ_NAME = "Asia/Jakarta"


def local_today():
    """Today's date in Bandung; views pass it to services (which never read the clock)."""
    from zoneinfo import ZoneInfo

    return datetime.now(ZoneInfo(LOCAL_TZ_NAME)).date()


#: Index names created by migrations on PostgreSQL only (GIN/trigram, operator classes);
#: model packages add theirs. Autogenerate leaves them alone.
POSTGRESQL_ONLY_INDEXES: set[str] = set()


def include_migration_object(obj, name, type_, reflected, compare_to):
    """Alembic autogenerate hook: skip the PostgreSQL-only indexes."""
    return not (type_ == "index" and name in POSTGRESQL_ONLY_INDEXES)


def render_migration_item(type_, obj, autogen_context):
    """Alembic autogenerate hook: write our TypeDecorators as their plain SQL types so
    migrations never import application code."""
    if type_ == "type" and isinstance(obj, TypeDecorator):
        impl = obj.impl if isinstance(obj.impl, type) is False else obj.impl()
        autogen_context.imports.add("import sqlalchemy as sa")
        return f"sa.{impl!r}"
    return False


class Percent(Money):
    """A percentage such as an annual interest rate (12.5 means 12.5 %), exact on every
    backend: stored as an integer count of 1/10,000 percent, exposed as a Decimal with
    four places. Values with more places are refused, never rounded silently."""

    SCALE = 4
    _QUANTUM = Decimal("0.0001")

    def process_bind_param(self, value, dialect):
        try:
            return super().process_bind_param(value, dialect)
        except ValueError as err:
            raise ValueError(str(err).replace("two decimal places", "four decimal places")) from None


# --- Enums stored as strings, with a translated label --------------------------------
_ENUM_LABELS: dict = {}


class LabelledEnum(str, enum.Enum):
    """A string enum whose members have a translated ``label`` (see ``register_labels``)."""

    @property
    def label(self):
        # Keyed by (class, value): Method.FLAT and FeeType.FLAT are equal str members.
        return _ENUM_LABELS[(type(self), self.value)]


def label_filter(enums: dict[str, type[LabelledEnum]]):
    """A Jinja filter giving the translated label of a stored enum value, the enum chosen by
    name: ``label_filter({"status": Status})`` -> ``"open"|my_label("status")``. Unknown
    values show as they are; None as an empty string."""

    def label(value: str | None, kind: str) -> str:
        if value is None:
            return ""
        try:
            return str(enums[kind](value).label)
        except ValueError:
            return value

    return label


class DomainError(Exception):
    """A domain rule refused the operation (base of each package's errors). ``message`` is
    lazily translated: ``str(err)`` renders it in the current locale; ``field`` names the
    data field it belongs to, if any."""

    #: Set by subclasses (a lazy string).
    default_message = "This operation is not allowed."

    def __init__(self, message=None, *, field: str | None = None):
        self.message = message if message is not None else self.default_message
        self.field = field
        super().__init__(self.message)

    def __str__(self) -> str:
        return str(self.message)


def register_labels(pairs) -> None:
    """Give enum members their labels: ``[(Member, lazy_gettext("Label")), ...]``."""
    _ENUM_LABELS.update({(type(member), member.value): label for member, label in pairs})


def in_enum(column: str, enum_cls) -> str:
    """SQL for a CHECK constraint: ``column`` holds one of ``enum_cls``'s values."""
    return f"{column} IN ({', '.join(repr(m.value) for m in enum_cls)})"
