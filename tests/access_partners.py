"""The CSR partner pages' rows of the access table (``tests/test_access_matrix.py``): who
may GET each /partners/... rule. Same format as ``EXPECTED`` there; the lead merges them:

    from tests.access_partners import PARTNERS_EXPECTED, partners_objects
    EXPECTED.update(PARTNERS_EXPECTED)
    # in world(): objects.update(partners_objects(factory, users, a, b))

``users`` must hold ``partner`` and ``other_partner``: users of role partner of two
different partners (P and Q). Admins and officers manage partners, agreements and
fundings and read every partner's report; mentors and trainees get 403 there. Stories:
admins, officers, and the trainee's own mentor (a story of another mentor's trainee:
404); trainees 403. A partner user reaches only its own report (``/partners/my``): every
other page answers 404, including the staff view of its own partner's report.
"""
from __future__ import annotations

VISITORS = ("anonymous", "admin", "officer", "mentor", "trainee", "other_trainee", "partner", "other_partner")
OK = 200
LOGIN = "login"
DENIED = 403
HIDDEN = 404
POST_ONLY = 405


def _row(admin, officer, mentor, trainee=DENIED, other_trainee=DENIED, partner=HIDDEN, other_partner=HIDDEN,
         anonymous=LOGIN):
    return dict(anonymous=anonymous, admin=admin, officer=officer, mentor=mentor, trainee=trainee,
                other_trainee=other_trainee, partner=partner, other_partner=other_partner)


MANAGE = _row(OK, OK, DENIED)
MANAGE_MISSING = _row(HIDDEN, HIDDEN, DENIED)
STORIES = _row(OK, OK, OK)
STORIES_B = _row(OK, OK, HIDDEN)  # another mentor's trainee
STORIES_MISSING = _row(HIDDEN, HIDDEN, HIDDEN)
MY_REPORT = _row(DENIED, DENIED, DENIED, partner=OK, other_partner=OK)
POSTS = dict.fromkeys(VISITORS, POST_ONLY)


def _manage(key: str) -> list:
    return [({"id": key}, MANAGE), ({"id": "missing"}, MANAGE_MISSING)]


PARTNERS_EXPECTED = {
    "/partners/": [({}, MANAGE)],
    "/partners/new": [({}, MANAGE)],
    "/partners/<int:id>": [({"id": "P_partner"}, MANAGE), ({"id": "Q_partner"}, MANAGE),
                           ({"id": "missing"}, MANAGE_MISSING)],
    "/partners/<int:id>/edit": _manage("P_partner"),
    "/partners/<int:id>/agreements/new": _manage("P_partner"),
    "/partners/agreements/<int:id>": _manage("P_agreement"),
    # The staff view of a partner's report: 404 for the partner's own users too.
    "/partners/<int:id>/report": [({"id": "P_partner"}, MANAGE), ({"id": "Q_partner"}, MANAGE),
                                  ({"id": "missing"}, MANAGE_MISSING)],
    "/partners/<int:id>/report.pdf": [({"id": "P_partner"}, MANAGE), ({"id": "missing"}, MANAGE_MISSING)],
    "/partners/my": [({}, MY_REPORT)],
    "/partners/my/report.pdf": [({}, MY_REPORT)],
    "/partners/stories": [({}, STORIES)],
    "/partners/stories/new": [({}, STORIES_MISSING)],  # without ?trainee=: no trainee to write about
    "/partners/stories/<int:id>/edit": [({"id": "A_story"}, STORIES), ({"id": "B_story"}, STORIES_B),
                                        ({"id": "missing"}, STORIES_MISSING)],
    "/partners/agreements/<int:id>/fund": [({"id": "P_agreement"}, POSTS)],
    "/partners/fundings/<int:id>/remove": [({"id": "P_funding"}, POSTS)],
    "/partners/stories/<int:id>/publish": [({"id": "A_story"}, POSTS)],
    "/partners/stories/<int:id>/withdraw": [({"id": "A_story"}, POSTS)],
}


#: GET cases with a query string (``?trainee=``), checked by tests/partners/test_views.py
#: (the matrix's URL values are the rule's arguments only): path -> [(query, outcomes)].
PARTNERS_QUERY_CASES = {
    "/partners/stories": [({"trainee": "A"}, STORIES), ({"trainee": "B"}, STORIES_B),
                          ({"trainee": "missing"}, STORIES_MISSING)],
    "/partners/stories/new": [({"trainee": "A"}, STORIES), ({"trainee": "B"}, STORIES_B),
                              ({"trainee": "missing"}, STORIES_MISSING)],
}


def partners_objects(factory, users, a, b) -> dict:
    """Partner P (of the user ``partner``) with an agreement financing a loan of trainee A;
    partner Q (of ``other_partner``); a draft story each of trainees A and B."""
    from extensions import db
    from partners.models import Partner

    admin = users["admin"]
    p = db.session.get(Partner, users["partner"].partner_id)
    q = db.session.get(Partner, users["other_partner"].partner_id)
    agreement = factory.agreement(partner=p, actor=admin)
    loan = factory.loan(application=factory.application(trainee=a, approve=True))
    funding = factory.funding(agreement=agreement, loan=loan, actor=admin)
    a_story = factory.story(trainee=a, actor=admin, title="Warung yang tumbuh")
    b_story = factory.story(trainee=b, actor=admin, title="Jahitan yang laris")
    db.session.commit()
    return {"P_partner": p.id, "Q_partner": q.id, "P_agreement": agreement.id, "P_funding": funding.id,
            "A_story": a_story.id, "B_story": b_story.id}
