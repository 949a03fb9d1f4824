"""The portal's access table (tests/access_portal.py) checked on a world like the access
matrix's, and every POST with someone else's id answers 404 (id tampering)."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.models import Role
from extensions import db
from loans import services as loan_services
from tests.access_portal import LOGIN, PORTAL_EXPECTED, POST_ONLY, VISITORS, portal_objects


@pytest.fixture
def matrix_world(app, factory, login):
    """As tests/test_access_matrix.py's world: records A (user ``trainee``, assigned to
    ``mentor``) and B (``other_trainee``), each with a loan, a repayment, an action item and
    a check-in; plus the portal's objects."""
    users = {
        "admin": factory.user(Role.ADMIN, username="admin"),
        "officer": factory.user(Role.OFFICER, username="officer"),
        "mentor": factory.user(Role.MENTOR, username="mentor"),
        "trainee": factory.user(Role.TRAINEE, username="trainee"),
        "other_trainee": factory.user(Role.TRAINEE, username="other_trainee"),
    }
    other_mentor = factory.user(Role.MENTOR, username="other_mentor")
    a = factory.trainee(actor=users["admin"], user_id=users["trainee"].id, mentor_id=users["mentor"].id)
    b = factory.trainee(actor=users["admin"], user_id=users["other_trainee"].id, mentor_id=other_mentor.id)
    objects = {"A": a.id, "B": b.id, "missing": 999_999}
    for key, record, mentor in (("A", a, users["mentor"]), ("B", b, other_mentor)):
        loan = factory.loan(application=factory.application(trainee=record, approve=True))
        txn, _ = loan_services.post_repayment(loan, actor=users["officer"], on=date(2026, 2, 10),
                                              amount=Decimal(100_000), method="cash",
                                              idempotency_key=f"portal-matrix-{key}", today=date(2026, 2, 10))
        db.session.commit()
        objects.update({f"{key}_loan": loan.id, f"{key}_txn": txn.id,
                        f"{key}_action": factory.action_item(record, actor=mentor).id})
        factory.checkin(record, actor=mentor, month=date(2026, 10, 1))
    objects.update(portal_objects(factory, users, a, b))
    clients = {"anonymous": app.test_client()}
    for name, user in users.items():
        clients[name] = app.test_client()
        login(user, client=clients[name])
    return clients, objects


def _url(app, path, values, objects):
    rule = next(r for r in app.url_map.iter_rules() if r.rule == path)
    return app.url_map.bind("localhost").build(rule.endpoint, {k: objects.get(v, v) for k, v in values.items()})


def _outcome(response):
    if response.status_code == 302:
        return LOGIN if response.location.startswith("/login") else ("redirect", response.location.split("?")[0])
    return response.status_code


def test_every_portal_rule_is_in_the_table(app):
    rules = {r.rule: r for r in app.url_map.iter_rules()}
    portal = {r for r in rules if r.startswith("/portal")}
    assert portal <= set(PORTAL_EXPECTED), sorted(portal - set(PORTAL_EXPECTED))
    assert set(PORTAL_EXPECTED) <= set(rules), sorted(set(PORTAL_EXPECTED) - set(rules))
    for path, cases in PORTAL_EXPECTED.items():
        for values, expectations in cases:
            assert set(expectations) == set(VISITORS), path
            assert set(values) == set(rules[path].arguments), path
            if "GET" not in rules[path].methods:
                assert set(expectations.values()) == {POST_ONLY}, path


@pytest.mark.parametrize("visitor", VISITORS)
def test_get_outcome_of_every_portal_rule(app, matrix_world, visitor):
    clients, objects = matrix_world
    wrong = []
    for path, cases in PORTAL_EXPECTED.items():
        for values, expectations in cases:
            url = _url(app, path, values, objects)
            got = _outcome(clients[visitor].get(url))
            if got != expectations[visitor]:
                wrong.append(f"GET {url} ({path} {values}) as {visitor}: expected {expectations[visitor]}, got {got}")
    assert not wrong, "\n".join(wrong)


POSTS = [
    ("/portal/actions/{}/done", "B_action", {}),
    ("/portal/complaints/{}/reply", "portal_complaint_B", {"body": "Pesan dari orang lain"}),
    ("/portal/complaints/{}/close", "portal_complaint_B", {}),
    ("/portal/complaints/{}/reopen", "portal_complaint_B", {"reason": "Belum selesai juga"}),
]


@pytest.mark.parametrize("path, key, data", POSTS)
def test_posting_with_someone_elses_id_is_404(app, matrix_world, path, key, data):
    clients, objects = matrix_world
    assert clients["trainee"].post(path.format(objects[key]), data=data).status_code == 404
    assert clients["trainee"].post(path.format(objects["missing"]), data=data).status_code == 404
    for staff in ("admin", "officer", "mentor"):
        assert clients[staff].post(path.format(objects[key]), data=data).status_code == 403
