"""The audit trail is append-only (ORM, database triggers, URL map) and browsable by admins."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.exc import DBAPIError

from accounts import audit
from accounts.models import AuditEvent, AuditImmutableError, Role
from extensions import db

MUTATING = {"POST", "PUT", "PATCH", "DELETE"}


@pytest.fixture
def event(factory):
    recorded = audit.record(factory.admin, "test.recorded", factory.admin, details={"n": 1})
    db.session.commit()
    return recorded


def _rows():
    db.session.expire_all()
    return [
        (e.id, e.occurred_at, e.actor_id, e.action, e.entity_type, e.entity_id, e.details, e.ip)
        for e in db.session.scalars(select(AuditEvent).order_by(AuditEvent.id))
    ]


def test_orm_update_of_an_audit_event_raises(event):
    before = _rows()
    event.action = "test.tampered"
    with pytest.raises(AuditImmutableError):
        db.session.flush()
    db.session.rollback()
    assert _rows() == before


def test_orm_update_of_details_raises(event):
    event.details = {"n": 2}
    with pytest.raises(AuditImmutableError):
        db.session.commit()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id).details == {"n": 1}


def test_orm_delete_of_an_audit_event_raises(event):
    db.session.delete(event)
    with pytest.raises(AuditImmutableError):
        db.session.flush()
    db.session.rollback()
    assert db.session.get(AuditEvent, event.id) is not None


@pytest.mark.parametrize(
    "statement",
    [
        text("UPDATE audit_event SET action = 'test.tampered'"),
        text("DELETE FROM audit_event"),
        update(AuditEvent).values(action="test.tampered"),  # bulk ORM statements skip flush events
        delete(AuditEvent),
    ],
    ids=["raw-update", "raw-delete", "orm-bulk-update", "orm-bulk-delete"],
)
def test_database_triggers_refuse_update_and_delete(event, statement):
    before = _rows()
    with pytest.raises(DBAPIError) as refused:
        db.session.execute(statement)
        db.session.commit()
    assert "append-only" in str(refused.value)
    db.session.rollback()
    assert _rows() == before


def test_inserting_more_events_is_still_allowed(event):
    count = db.session.scalar(select(func.count()).select_from(AuditEvent))
    db.session.execute(text("INSERT INTO audit_event (occurred_at, action, details) VALUES (:at, 'test.raw', '{}')"),
                       {"at": datetime(2026, 11, 27, tzinfo=timezone.utc).isoformat()})
    db.session.commit()
    assert db.session.scalar(select(func.count()).select_from(AuditEvent)) == count + 1


def test_no_url_rule_offers_a_way_to_modify_audit_events(app):
    for rule in app.url_map.iter_rules():
        methods = rule.methods - {"HEAD", "OPTIONS"}
        assert not methods & {"PUT", "PATCH", "DELETE"}, f"{rule.rule} accepts {sorted(methods)}"
        if "audit" in rule.rule or "audit" in rule.endpoint:
            assert methods == {"GET"}, f"{rule.rule} must be read-only, accepts {sorted(methods)}"


def test_posting_to_every_rule_as_admin_leaves_existing_events_unchanged(app, client, login, factory):
    """Behavioural sweep: whatever a POST does, it appends events, never rewrites them."""
    admin = login("admin")
    victim = factory.user(Role.OFFICER)
    trainee = factory.trainee(actor=admin)
    before = _rows()
    ids = {"id": before[-1][0]}
    for rule in app.url_map.iter_rules():
        if "POST" not in rule.methods:
            continue
        for object_id in (ids["id"], victim.id, trainee.id):
            values = {arg: object_id for arg in rule.arguments}
            url = app.url_map.bind("localhost").build(rule.endpoint, values) if rule.arguments else rule.rule
            response = client.post(url, data={"action": "x", "details": "{}", "language": "en"})
            assert response.status_code < 500, f"POST {url} -> {response.status_code}"
            if rule.endpoint == "accounts.logout":
                login(admin)
    after = _rows()
    assert after[: len(before)] == before


# --- Browsing -----------------------------------------------------------------------


def _add(action, *, actor=None, at, entity_type=None, entity_id=None):
    db.session.add(
        AuditEvent(occurred_at=at, actor_id=actor.id if actor else None, action=action,
                   entity_type=entity_type, entity_id=entity_id, details={})
    )


@pytest.fixture
def history(factory):
    alice, budi = factory.user(Role.ADMIN, username="alice"), factory.user(Role.OFFICER, username="budi")
    utc = timezone.utc
    _add("loan.approved", actor=alice, at=datetime(2026, 11, 2, 3, 0, tzinfo=utc), entity_type="loan", entity_id="7")
    _add("loan.disbursed", actor=budi, at=datetime(2026, 11, 10, 3, 0, tzinfo=utc), entity_type="loan", entity_id="7")
    _add("trainee.created", actor=budi, at=datetime(2026, 11, 20, 3, 0, tzinfo=utc), entity_type="trainee", entity_id="3")
    # 23:30 WIB on 25 November (UTC+7), and 00:30 WIB on 26 November.
    _add("user.late_night", actor=alice, at=datetime(2026, 11, 25, 16, 30, tzinfo=utc), entity_type="user", entity_id="9")
    _add("user.early_morning", actor=alice, at=datetime(2026, 11, 25, 17, 30, tzinfo=utc), entity_type="user", entity_id="9")
    db.session.commit()
    return alice


ALL = {"loan.approved", "loan.disbursed", "trainee.created", "user.late_night", "user.early_morning"}


def _shown(client, **params):
    response = client.get("/admin/audit", query_string=params)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    return {action for action in ALL if f"<code>{action}</code>" in page}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, ALL),
        ({"action": "loan."}, {"loan.approved", "loan.disbursed"}),
        ({"action": "loan.approved"}, {"loan.approved"}),
        ({"action": "loan_"}, set()),  # "_" is a literal character, not a LIKE wildcard
        ({"actor": "budi"}, {"loan.disbursed", "trainee.created"}),
        ({"actor": "BUDI"}, {"loan.disbursed", "trainee.created"}),
        ({"entity_type": "loan"}, {"loan.approved", "loan.disbursed"}),
        ({"entity_type": "trainee", "entity_id": "3"}, {"trainee.created"}),
        ({"entity_type": "loan", "entity_id": "3"}, set()),
        ({"date_from": "2026-11-10"}, ALL - {"loan.approved"}),
        ({"date_to": "2026-11-10"}, {"loan.approved", "loan.disbursed"}),
        ({"date_from": "2026-11-10", "date_to": "2026-11-10"}, {"loan.disbursed"}),
        ({"actor": "alice", "date_from": "2026-11-03"}, {"user.late_night", "user.early_morning"}),
        # Dates are Bandung calendar days, as the times are shown.
        ({"date_from": "2026-11-25", "date_to": "2026-11-25"}, {"user.late_night"}),
        ({"date_from": "2026-11-26", "date_to": "2026-11-26"}, {"user.early_morning"}),
    ],
    ids=lambda v: "&".join(f"{k}={x}" for k, x in v.items()) if isinstance(v, dict) else None,
)
def test_admin_filters_the_audit_trail(client, login, history, params, expected):
    login(history)
    assert _shown(client, **params) == expected


def test_audit_trail_shows_actor_and_entity(client, login, history):
    login(history)
    page = client.get("/admin/audit", query_string={"action": "trainee.created"}).get_data(as_text=True)
    assert "budi" in page and "trainee #3" in page


@pytest.mark.parametrize("role", [Role.OFFICER, Role.MENTOR, Role.TRAINEE])
def test_only_admins_see_the_audit_trail(client, login, role):
    login(role)
    assert client.get("/admin/audit").status_code == 403


def test_a_bad_audit_date_filter_shows_its_error_and_lists_nothing(login, client):
    login("admin")  # writes an auth.login event, so an unfiltered list would not be empty
    response = client.get("/admin/audit?date_from=2026-13-45")
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "is-invalid" in html
    assert "auth.login" not in html
