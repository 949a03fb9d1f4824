"""Writing audit events. Services call ``record`` in the same transaction as the change."""
from __future__ import annotations

from decimal import Decimal
from datetime import date, datetime
from typing import Any

from flask import has_request_context, request

from extensions import db

from .models import AuditEvent, User


def _jsonable(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, (date, datetime)):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple, set)):
        return [_jsonable(v) for v in value]
    if hasattr(value, "value") and hasattr(value, "name"):  # enum
        return value.value
    return value


def request_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def record(
    actor: User | None,
    action: str,
    entity: Any = None,
    *,
    details: dict[str, Any] | None = None,
    entity_type: str | None = None,
    entity_id: Any = None,
) -> AuditEvent:
    """Add an audit event to the session (flushed with the change it records)."""
    if entity is not None:
        entity_type = entity_type or entity.__tablename__
        entity_id = entity_id if entity_id is not None else entity.id
    event = AuditEvent(
        actor_id=actor.id if actor is not None else None,
        action=action,
        entity_type=entity_type,
        entity_id=None if entity_id is None else str(entity_id),
        details=_jsonable(details or {}),
        ip=request_ip(),
    )
    db.session.add(event)
    return event


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    """Changed fields as {field: [old, new]}."""
    return {k: [_jsonable(before.get(k)), _jsonable(v)] for k, v in after.items() if before.get(k) != v}
