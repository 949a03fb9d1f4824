"""Who may GET what: every URL rule x every kind of visitor.

The table below is the access policy, written out. A rule that is not in the table
fails ``test_every_url_rule_is_in_the_access_table``: whoever adds a route adds its row.

Setup: trainee record A belongs to the user ``trainee`` and is assigned to ``mentor``;
record B belongs to ``other_trainee`` and is assigned to another mentor. Each has a
mentoring session (logged by their mentor), an action item and a check-in.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from accounts.models import Role
from extensions import db
from loans import services as loan_services

VISITORS = ("anonymous", "admin", "officer", "mentor", "trainee", "other_trainee", "partner", "other_partner")

OK = 200
LOGIN = "login"  # 302 to the login page
DENIED = 403
HIDDEN = 404
POST_ONLY = 405


def redirect(path):
    return ("redirect", path)


def everyone(status):
    return dict.fromkeys(VISITORS, status)


def staff(admin, officer, mentor, trainee=DENIED, other_trainee=DENIED, anonymous=LOGIN):
    return dict(anonymous=anonymous, admin=admin, officer=officer, mentor=mentor, trainee=trainee,
                other_trainee=other_trainee)


def _partners_see_nothing(expectations: dict) -> dict:
    """A CSR partner user (issue 7) reaches only its own report: every other page answers
    404 — nothing else exists for them — except routes without GET (405 from routing)."""
    if "partner" in expectations:
        return expectations
    post_only = set(expectations.values()) == {POST_ONLY}
    return dict(expectations, **dict.fromkeys(("partner", "other_partner"), POST_ONLY if post_only else HIDDEN))


ADMIN_ONLY = staff(OK, DENIED, DENIED)
LIST_ROLES = staff(OK, OK, OK)
EDIT_ROLES = staff(OK, OK, DENIED)
TO_LIST = redirect("/trainees/")

#: rule -> list of (URL values, {visitor: expected GET outcome}).
#: URL values name objects: "A"/"B" (trainee records), "admin_user"/"other_user" (users),
#: "missing" (an id that does not exist), or literal values.
EXPECTED = {
    "/": [({}, dict(anonymous=LOGIN, admin=TO_LIST, officer=TO_LIST, mentor=redirect("/mentoring/"), trainee=OK, other_trainee=OK))],
    "/healthz": [({}, everyone(OK))],
    "/login": [({}, dict(everyone(redirect("/")), anonymous=OK))],
    "/logout": [({}, everyone(POST_ONLY))],
    "/language": [({}, everyone(POST_ONLY))],
    "/admin/users": [({}, ADMIN_ONLY)],
    "/admin/users/new": [({}, ADMIN_ONLY)],
    "/admin/users/<int:id>": [
        ({"id": "other_user"}, ADMIN_ONLY),
        ({"id": "admin_user"}, ADMIN_ONLY),
        ({"id": "missing"}, staff(HIDDEN, DENIED, DENIED)),
    ],
    "/admin/users/<int:id>/password": [({"id": "other_user"}, everyone(POST_ONLY))],
    "/admin/users/<int:id>/role": [({"id": "other_user"}, everyone(POST_ONLY))],
    "/admin/users/<int:id>/enabled": [({"id": "other_user"}, everyone(POST_ONLY))],
    "/admin/audit": [({}, ADMIN_ONLY)],
    "/trainees/": [({}, LIST_ROLES)],
    "/trainees/export.<any(csv, xlsx):fmt>": [({"fmt": "csv"}, LIST_ROLES), ({"fmt": "xlsx"}, LIST_ROLES)],
    "/trainees/new": [({}, EDIT_ROLES)],
    "/trainees/<int:id>": [
        ({"id": "A"}, dict(anonymous=LOGIN, admin=OK, officer=OK, mentor=OK, trainee=OK, other_trainee=HIDDEN)),
        ({"id": "B"}, dict(anonymous=LOGIN, admin=OK, officer=OK, mentor=HIDDEN, trainee=HIDDEN, other_trainee=OK)),
        ({"id": "missing"}, dict(everyone(HIDDEN), anonymous=LOGIN)),
    ],
    "/trainees/<int:id>/edit": [
        ({"id": "A"}, EDIT_ROLES),
        ({"id": "B"}, EDIT_ROLES),
        ({"id": "missing"}, staff(HIDDEN, HIDDEN, DENIED)),
    ],
}

# --- Loans (issue 3): mentors view their trainees' loans, trainees only their own ---
VISIBLE_A = dict(anonymous=LOGIN, admin=OK, officer=OK, mentor=OK, trainee=OK, other_trainee=HIDDEN)
VISIBLE_B = dict(anonymous=LOGIN, admin=OK, officer=OK, mentor=HIDDEN, trainee=HIDDEN, other_trainee=OK)
NOWHERE = dict(everyone(HIDDEN), anonymous=LOGIN)
LOGGED_IN = dict(everyone(OK), anonymous=LOGIN, partner=HIDDEN, other_partner=HIDDEN)
STAFF_MISSING = staff(HIDDEN, HIDDEN, DENIED)


def by_owner(a, b):
    """Cases for a loan-side object of record A, of record B, and one that does not exist."""
    return [(a, VISIBLE_A), (b, VISIBLE_B), ({k: "missing" for k in a}, NOWHERE)]


EXPECTED.update({
    "/loans/products": [({}, ADMIN_ONLY)],
    "/loans/products/new": [({}, ADMIN_ONLY)],
    "/loans/products/<int:id>/edit": [({"id": "product"}, ADMIN_ONLY), ({"id": "missing"}, staff(HIDDEN, DENIED, DENIED))],
    "/loans/funding": [({}, ADMIN_ONLY)],
    "/loans/funding/new": [({}, ADMIN_ONLY)],
    "/loans/funding/<int:id>/edit": [({"id": "source"}, ADMIN_ONLY), ({"id": "missing"}, staff(HIDDEN, DENIED, DENIED))],
    "/loans/applications": [({}, LOGGED_IN)],
    "/loans/applications/new": [({}, EDIT_ROLES)],
    "/loans/applications/<int:id>": by_owner({"id": "A_app"}, {"id": "B_app"}),
    "/loans/applications/<int:id>/disclosure": by_owner({"id": "A_app"}, {"id": "B_app"}),
    "/loans/applications/<int:id>/disclosure.pdf": by_owner({"id": "A_app"}, {"id": "B_app"}),
    "/loans/applications/<int:id>/disburse": [
        ({"id": "A_app"}, EDIT_ROLES), ({"id": "B_app"}, EDIT_ROLES), ({"id": "missing"}, STAFF_MISSING),
    ],
    "/loans/applications/<int:id>/recommend": [({"id": "A_app"}, everyone(POST_ONLY))],
    "/loans/applications/<int:id>/approve": [({"id": "A_app"}, everyone(POST_ONLY))],
    "/loans/applications/<int:id>/reject": [({"id": "A_app"}, everyone(POST_ONLY))],
    "/loans/applications/<int:id>/cancel": [({"id": "A_app"}, everyone(POST_ONLY))],
    "/loans/applications/<int:id>/withdraw": [({"id": "A_app"}, everyone(POST_ONLY))],
    "/loans/": [({}, LOGGED_IN)],
    "/loans/<int:id>": by_owner({"id": "A_loan"}, {"id": "B_loan"}),
    "/loans/<int:id>/repayments": [({"id": "A_loan"}, everyone(POST_ONLY))],
    "/loans/<int:id>/write-off": [({"id": "A_loan"}, everyone(POST_ONLY))],
    "/loans/<int:id>/transactions/<int:txn_id>/reverse": [({"id": "A_loan", "txn_id": "A_txn"}, everyone(POST_ONLY))],
    "/loans/<int:id>/transactions/<int:txn_id>/receipt": by_owner({"id": "A_loan", "txn_id": "A_txn"},
                                                                  {"id": "B_loan", "txn_id": "B_txn"})
    + [({"id": "A_loan", "txn_id": "B_txn"}, NOWHERE)],  # a transaction of another loan
    "/loans/<int:id>/transactions/<int:txn_id>/receipt.pdf": by_owner({"id": "A_loan", "txn_id": "A_txn"},
                                                                      {"id": "B_loan", "txn_id": "B_txn"})
    + [({"id": "A_loan", "txn_id": "B_txn"}, NOWHERE)],
    "/loans/portfolio": [({}, EDIT_ROLES)],
    "/loans/portfolio.<any(csv, xlsx):fmt>": [({"fmt": "csv"}, EDIT_ROLES), ({"fmt": "xlsx"}, EDIT_ROLES)],
    "/loans/collection": [({}, EDIT_ROLES)],
})

# --- Mentoring (issue 4): mentors work with their current trainees; admin and officer with
# everyone; trainees reach only their own chart (embedded in their trainee page). A session
# of record A was logged by ``mentor`` (who may edit it: the author, within 7 days); one of
# record B by the other mentor.
MENTORING = staff(OK, OK, OK)
MENTORING_B = staff(OK, OK, HIDDEN)
MENTORING_MISSING = staff(HIDDEN, HIDDEN, HIDDEN)


def mentoring_cases(a, b):
    """Cases for a mentoring object of record A, of record B, and one that does not exist."""
    return [(a, MENTORING), (b, MENTORING_B), ({k: "missing" for k in a}, MENTORING_MISSING)]


EXPECTED.update({
    "/mentoring/": [({}, MENTORING)],
    "/mentoring/mentors/<int:mentor_id>": [
        ({"mentor_id": "mentor_user"}, EDIT_ROLES),
        ({"mentor_id": "admin_user"}, STAFF_MISSING),  # not a mentor
        ({"mentor_id": "missing"}, STAFF_MISSING),
    ],
    "/mentoring/sessions/new": [({}, MENTORING)],
    "/mentoring/sessions/<int:id>": mentoring_cases({"id": "A_session"}, {"id": "B_session"}),
    "/mentoring/sessions/<int:id>/edit": [
        ({"id": "A_session"}, staff(DENIED, DENIED, OK)),  # only its author edits
        ({"id": "B_session"}, staff(DENIED, DENIED, HIDDEN)),
        ({"id": "missing"}, MENTORING_MISSING),
    ],
    "/mentoring/trainees/<int:id>/sessions": mentoring_cases({"id": "A"}, {"id": "B"}),
    "/mentoring/trainees/<int:id>/assign": [
        ({"id": "A"}, EDIT_ROLES), ({"id": "B"}, EDIT_ROLES), ({"id": "missing"}, STAFF_MISSING),
    ],
    "/mentoring/trainees/<int:id>/actions/new": mentoring_cases({"id": "A"}, {"id": "B"}),
    "/mentoring/actions/<int:id>/edit": mentoring_cases({"id": "A_action"}, {"id": "B_action"}),
    "/mentoring/actions/<int:id>/status": [({"id": "A_action"}, everyone(POST_ONLY))],
    "/mentoring/trainees/<int:id>/checkin": mentoring_cases({"id": "A"}, {"id": "B"}),
    "/mentoring/trainees/<int:id>/chart.svg": by_owner({"id": "A"}, {"id": "B"}),
})

# --- Reports (issue 5): a trainee's report and assessments for whoever sees the trainee
# (a trainee only their own, a mentor only their trainees: 404 otherwise); the programme
# report for admins and officers. Assess and graduate are POST only.
EXPECTED.update({
    "/reports/trainees/<int:id>/assess": [({"id": "A"}, everyone(POST_ONLY))],
    "/reports/trainees/<int:id>/graduate": [({"id": "A"}, everyone(POST_ONLY))],
    "/reports/trainees/<int:id>/report.pdf": by_owner({"id": "A"}, {"id": "B"}),
    "/reports/assessments/<int:id>": by_owner({"id": "A_assessment"}, {"id": "B_assessment"}),
    "/reports/programme": [({}, EDIT_ROLES)],
    "/reports/programme.pdf": [({}, EDIT_ROLES)],
    "/reports/programme.<any(csv, xlsx):fmt>": [({"fmt": "csv"}, EDIT_ROLES), ({"fmt": "xlsx"}, EDIT_ROLES)],
})

# --- Complaints and notifications, the trainee portal (issue 6): the tables live beside
# the objects they need (tests/access_complaints.py, tests/access_portal.py).
from tests.access_complaints import COMPLAINTS_EXPECTED, complaint_objects  # noqa: E402
from tests.access_portal import PORTAL_EXPECTED, portal_objects  # noqa: E402
from tests.access_training import TRAINING_EXPECTED, training_objects  # noqa: E402

EXPECTED.update(COMPLAINTS_EXPECTED)
EXPECTED.update(PORTAL_EXPECTED)
EXPECTED.update(TRAINING_EXPECTED)
EXPECTED["/"] = [({}, dict(anonymous=LOGIN, admin=TO_LIST, officer=TO_LIST, mentor=redirect("/mentoring/"),
                           trainee=redirect("/portal/"), other_trainee=redirect("/portal/"),
                           partner=redirect("/partners/my"), other_partner=redirect("/partners/my")))]
EXPECTED["/healthz"] = [({}, everyone(OK))]
EXPECTED["/login"] = [({}, dict(everyone(redirect("/")), anonymous=OK))]

# --- CSR partners and the programme dashboard (issue 7).
from tests.access_dashboard import DASHBOARD_EXPECTED  # noqa: E402
from tests.access_partners import PARTNERS_EXPECTED, partners_objects  # noqa: E402

EXPECTED.update(DASHBOARD_EXPECTED)
EXPECTED.update(PARTNERS_EXPECTED)
EXPECTED = {path: [(values, _partners_see_nothing(outcomes)) for values, outcomes in cases]
            for path, cases in EXPECTED.items()}

IGNORED = {"/static/<path:filename>"}


@pytest.fixture
def world(app, factory, login):
    """Users of every role, logged in on their own clients, and trainee records A and B."""
    users = {
        "admin": factory.user(Role.ADMIN, username="admin"),
        "officer": factory.user(Role.OFFICER, username="officer"),
        "mentor": factory.user(Role.MENTOR, username="mentor"),
        "trainee": factory.user(Role.TRAINEE, username="trainee"),
        "other_trainee": factory.user(Role.TRAINEE, username="other_trainee"),
    }
    from partners.models import Partner

    for name in ("partner", "other_partner"):
        organisation = Partner(name=f"CSR {name}", sector="banking", contact_name="Kontak",
                               created_by_id=users["admin"].id)
        db.session.add(organisation)
        db.session.flush()
        users[name] = factory.user(Role.PARTNER, username=name, partner_id=organisation.id)
    other_mentor = factory.user(Role.MENTOR, username="other_mentor")
    a = factory.trainee(actor=users["admin"], user_id=users["trainee"].id, mentor_id=users["mentor"].id)
    b = factory.trainee(actor=users["admin"], user_id=users["other_trainee"].id, mentor_id=other_mentor.id)
    loans = {}
    for key, record in (("A", a), ("B", b)):
        loan = factory.loan(application=factory.application(trainee=record, approve=True))
        txn, _ = loan_services.post_repayment(loan, actor=users["officer"], on=date(2026, 2, 10), amount=Decimal(100_000),
                                              method="cash", idempotency_key=f"matrix-{key}", today=date(2026, 2, 10))
        db.session.commit()
        loans.update({f"{key}_app": loan.application_id, f"{key}_loan": loan.id, f"{key}_txn": txn.id})
        loans.update(product=loan.product_id, source=loan.funding_source_id)
    mentoring = {
        "A_session": factory.mentor_session([a], mentor=users["mentor"]).id,
        "B_session": factory.mentor_session([b], mentor=other_mentor).id,
        "A_action": factory.action_item(a, actor=users["mentor"]).id,
        "B_action": factory.action_item(b, actor=other_mentor).id,
        "mentor_user": users["mentor"].id,
    }
    factory.checkin(a, actor=users["mentor"], month=date(2026, 10, 1))
    factory.checkin(b, actor=other_mentor, month=date(2026, 10, 1))
    from reports import services as report_services

    for key, record in (("A", a), ("B", b)):
        mentoring[f"{key}_assessment"] = report_services.assess_trainee(
            record, actor=users["admin"], as_of=date(2026, 11, 27)).id
    db.session.commit()
    clients = {"anonymous": app.test_client()}
    for name, user in users.items():
        clients[name] = app.test_client()
        login(user, client=clients[name])
    objects = {"A": a.id, "B": b.id, "admin_user": users["admin"].id, "other_user": users["officer"].id,
               "missing": 999_999, **loans, **mentoring}
    objects.update(complaint_objects(factory, users, a, b))
    objects.update(portal_objects(factory, users, a, b))
    objects.update(training_objects(factory, users, a, b))
    objects.update(partners_objects(factory, users, a, b))
    db.session.commit()
    return clients, objects


def test_every_url_rule_is_in_the_access_table(app):
    rules = {rule.rule: rule for rule in app.url_map.iter_rules()}
    missing = sorted(set(rules) - set(EXPECTED) - IGNORED)
    assert not missing, (
        "URL rules without an access expectation: "
        + ", ".join(f"{r} ({rules[r].endpoint})" for r in missing)
        + ". Add each to EXPECTED in tests/test_access_matrix.py with the GET outcome for every visitor "
        "(POST-only rules: everyone(POST_ONLY))."
    )
    stale = sorted(set(EXPECTED) - set(rules))
    assert not stale, f"EXPECTED lists rules that no longer exist: {stale}; remove them."
    for path, cases in EXPECTED.items():
        rule = rules[path]
        for values, expectations in cases:
            assert set(expectations) == set(VISITORS), f"{path}: give an outcome for each of {VISITORS}"
            assert set(values) == set(rule.arguments), f"{path}: give URL values for {sorted(rule.arguments)}"
            if "GET" not in rule.methods:
                assert set(expectations.values()) == {POST_ONLY}, f"{path} has no GET: mark it POST_ONLY"


def _url(app, path, values, objects):
    rule = next(r for r in app.url_map.iter_rules() if r.rule == path)
    resolved = {k: objects.get(v, v) for k, v in values.items()}
    return app.url_map.bind("localhost").build(rule.endpoint, resolved, force_external=False)


def _outcome(response):
    if response.status_code == 302:
        location = response.location
        if location.startswith("/login"):
            return LOGIN
        return redirect(location.split("?")[0])
    return response.status_code


@pytest.mark.parametrize("visitor", VISITORS)
def test_get_outcome_of_every_rule(app, world, visitor):
    clients, objects = world
    client = clients[visitor]
    wrong = []
    for path, cases in EXPECTED.items():
        for values, expectations in cases:
            url = _url(app, path, values, objects)
            got = _outcome(client.get(url))
            if got != expectations[visitor]:
                wrong.append(f"GET {url} ({path} {values}) as {visitor}: expected {expectations[visitor]}, got {got}")
    assert not wrong, "\n".join(wrong)


def test_anonymous_login_redirect_keeps_the_target(world):
    clients, objects = world
    response = clients["anonymous"].get(f"/trainees/{objects['A']}")
    assert response.status_code == 302
    assert response.location.startswith("/login?next=")
    assert f"trainees/{objects['A']}" in response.location.replace("%2F", "/")
