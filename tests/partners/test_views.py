"""CSR partner pages through the test client: roles (staff manage, mentors and trainees
403, a partner user 404 everywhere but its own report), forms with bad input (400 and the
message), fundings, stories with consent, the partner's own report and PDF (never another
partner's figures), admin creation of partner logins, CSRF on every form. Also checks the
rows of tests/access_partners.py on their own world. SQLite and PostgreSQL."""
from __future__ import annotations

import io
import re
from datetime import date
from decimal import Decimal

import pytest
from pypdf import PdfReader
from sqlalchemy import select

import partners.views
from accounts.models import AuditEvent, Role, User
from extensions import db
from formatting import format_rupiah
from partners.models import Agreement, LoanFunding, Partner, TraineeStory
from tests.access_partners import LOGIN, PARTNERS_EXPECTED, PARTNERS_QUERY_CASES, VISITORS, partners_objects

TODAY = date(2026, 11, 27)
EN = {"Accept-Language": "en"}


@pytest.fixture(autouse=True)
def _today_and_english(monkeypatch, client):
    monkeypatch.setattr(partners.views, "today", lambda: TODAY)
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"


def text(response) -> str:
    return response.get_data(as_text=True)


def follow(client, response):
    """The page a redirect leads to (the isolated test client does not follow redirects)."""
    assert response.status_code == 302, (response.status_code, text(response)[:2000])
    return client.get(response.location)


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def partner_user(factory, partner, username=None):
    return factory.user(Role.PARTNER, username=username, partner_id=partner.id)


def financed_world(factory, *, trainees=3, amount=Decimal(4_000_000), partner_name="Bank Sukasari – CSR",
                   kelurahan="32.73.01.1001"):
    """A partner whose one agreement finances ``amount`` of a Rp 5,000,000 loan of each of
    ``trainees`` trainees (all living in ``kelurahan``)."""
    partner = factory.partner(name=partner_name)
    agreement = factory.agreement(partner=partner)
    loans = []
    for _ in range(trainees):
        trainee = factory.trainee(kelurahan_code=kelurahan)
        loan = factory.loan(application=factory.application(trainee=trainee, approve=True))
        factory.funding(agreement=agreement, loan=loan, amount=amount)
        loans.append(loan)
    return partner, agreement, loans


# --- A partner user: its own report, nothing else ----------------------------------------------


def test_partner_user_gets_404_everywhere_but_its_own_report(client, login, factory):
    partner, agreement, loans = financed_world(factory)
    trainee_id = loans[0].trainee_id
    login(partner_user(factory, partner))
    for url in ("/trainees/", f"/trainees/{trainee_id}", "/trainees/new", "/loans/", f"/loans/{loans[0].id}",
                "/loans/applications", "/loans/portfolio", "/reports/programme", "/reports/programme.pdf",
                "/mentoring/", "/training/", "/complaints/", "/notifications", "/admin/users", "/portal/",
                "/partners/", "/partners/new", f"/partners/{partner.id}", f"/partners/{partner.id}/report",
                f"/partners/{partner.id}/report.pdf", f"/partners/agreements/{agreement.id}", "/partners/stories",
                "/no/such/page"):
        assert client.get(url).status_code == 404, url
    # posts to staff pages are 404 too (the hook runs before the view and its role check)
    assert client.post(f"/partners/agreements/{agreement.id}/fund", data={}).status_code == 404
    assert client.post(f"/reports/trainees/{trainee_id}/assess").status_code == 404
    home = client.get("/")
    assert home.status_code == 302 and home.location.endswith("/partners/my")
    assert client.get("/partners/my").status_code == 200
    assert client.get("/healthz").status_code == 200


def test_partner_sees_only_its_own_report_and_pdf(client, login, factory):
    mine, _, my_loans = financed_world(factory, amount=Decimal(4_100_000), partner_name="Bank Sukasari – CSR")
    other, _, _ = financed_world(factory, amount=Decimal(2_700_000), partner_name="Yayasan Lain Sekali",
                                 kelurahan="32.73.02.1004")
    user = partner_user(factory, mine)
    login(user)
    page = text(client.get("/partners/my"))
    assert "Bank Sukasari – CSR" in page and "Yayasan Lain Sekali" not in page
    assert format_rupiah(Decimal(3 * 4_100_000)) in page  # amount financed: 3 × 4.1 M
    assert format_rupiah(Decimal(3 * 2_700_000)) not in page
    # never a trainee's name on the partner's report
    for loan in my_loans:
        assert loan.trainee.full_name not in page
    response = client.get("/partners/my/report.pdf")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert "attachment" in response.headers["Content-Disposition"]
    content = pdf_text(response.data)
    assert "Bank Sukasari" in content and "Yayasan Lain" not in content
    assert format_rupiah(Decimal(12_300_000)) in content
    # the other partner's staff page and report stay hidden
    assert client.get(f"/partners/{other.id}/report").status_code == 404
    assert client.get(f"/partners/{other.id}/report.pdf").status_code == 404


def test_other_partner_sees_its_own_figures_not_the_first(client, login, factory):
    financed_world(factory, amount=Decimal(4_100_000), partner_name="Bank Sukasari – CSR")
    other, _, _ = financed_world(factory, amount=Decimal(2_700_000), partner_name="Yayasan Lain Sekali",
                                 kelurahan="32.73.02.1004")
    login(partner_user(factory, other))
    page = text(client.get("/partners/my"))
    assert "Yayasan Lain Sekali" in page and "Bank Sukasari" not in page
    assert format_rupiah(Decimal(8_100_000)) in page and format_rupiah(Decimal(12_300_000)) not in page


def test_report_with_fewer_than_three_trainees_shows_counts_only(client, login, factory):
    partner, _, _ = financed_world(factory, trainees=2, amount=Decimal(3_300_000))
    login(partner_user(factory, partner))
    page = text(client.get("/partners/my"))
    assert 'id="suppressed-note"' in page
    totals = page.split('id="report-totals"')[1].split("</div>\n{% if", 1)[0].split('id="suppressed-note"')[0]
    # counts only: no money, no rate (the agreement's own financed amount stays in its table)
    assert "Rp " not in totals and "%" not in totals
    assert re.search(r'id="total-trainees">.*?figure-value[^>]*>2<', totals, re.S)
    assert re.search(r'id="total-loans">.*?figure-value[^>]*>2<', totals, re.S)


def test_staff_role_checks(client, login, factory):
    partner = factory.partner()
    for role in (Role.MENTOR, Role.TRAINEE):
        login(role)
        for url in ("/partners/", "/partners/new", f"/partners/{partner.id}", f"/partners/{partner.id}/report"):
            assert client.get(url).status_code == 403, (role, url)
        assert client.get("/partners/my").status_code == 403
        client.post("/logout")


# --- Partners and agreements (admin, officer) --------------------------------------------------


def test_officer_creates_a_partner_and_bad_input_is_refused_with_messages(client, login, factory):
    officer = login(Role.OFFICER)
    bad = client.post("/partners/new", data={"name": "", "sector": "banking", "contact_name": "Dewi",
                                             "contact_phone": "12345", "contact_email": "not-an-address"})
    assert bad.status_code == 400
    page = text(bad)
    assert "This field is required." in page
    assert "Enter an Indonesian phone number" in page
    assert "Enter an e-mail address such as nama@contoh.id." in page
    assert db.session.scalar(select(Partner)) is None
    response = client.post("/partners/new", data={
        "name": "Bank BJB – CSR", "sector": "banking", "contact_name": "Dewi Lestari",
        "contact_phone": "022-4234567", "contact_email": "csr@bankbjb.co.id", "notes": "PKS tahunan"})
    partner = db.session.scalar(select(Partner))
    assert partner is not None and response.location.endswith(f"/partners/{partner.id}")
    assert (partner.contact_phone, partner.created_by_id) == ("+62224234567", officer.id)
    page = text(follow(client, response))
    assert "Partner Bank BJB – CSR created." in page
    # the same name again: the service's refusal lands on the form
    again = client.post("/partners/new", data={"name": "Bank BJB – CSR", "sector": "banking", "contact_name": "X"})
    assert again.status_code == 400 and "is-invalid" in text(again)
    edit = client.post(f"/partners/{partner.id}/edit", data={
        "name": "Bank BJB – CSR", "sector": "banking", "contact_name": "Rina", "contact_phone": "",
        "contact_email": "", "notes": ""})
    assert edit.status_code == 302
    db.session.refresh(partner)
    assert (partner.contact_name, partner.is_active) == ("Rina", False)  # the box was not ticked


def test_agreement_form_and_its_refusals(client, login, factory):
    login(Role.ADMIN)
    partner = factory.partner()
    url = f"/partners/{partner.id}/agreements/new"
    assert 'value="2026-11-27"' in text(client.get(url))  # signed today by default
    bad = client.post(url, data={"reference": "PKS/1", "amount_committed": "satu juta", "signed_on": "2026-02-01"})
    assert bad.status_code == 400 and "Enter a whole rupiah amount" in text(bad)
    zero = client.post(url, data={"reference": "PKS/1", "amount_committed": "0", "signed_on": "2026-02-01"})
    assert zero.status_code == 400 and "must be more than Rp 0" in text(zero)
    response = client.post(url, data={"reference": "PKS/017/CSR/2026", "amount_committed": "250.000.000",
                                      "signed_on": "2026-02-01", "earmark_kecamatan_code": "32.73.01",
                                      "earmark_sector": "food", "earmark_poverty_status": ""})
    agreement = db.session.scalar(select(Agreement))
    assert response.location.endswith(f"/partners/agreements/{agreement.id}")
    assert (agreement.amount_committed, agreement.earmark_kecamatan_code, agreement.earmark_sector,
            agreement.earmark_poverty_status) == (Decimal(250_000_000), "32.73.01", "food", None)
    page = text(follow(client, response))
    assert "Agreement PKS/017/CSR/2026 saved." in page and "Food &amp; beverage" in page
    dup = client.post(url, data={"reference": "PKS/017/CSR/2026", "amount_committed": "1.000.000",
                                 "signed_on": "2026-02-01"})
    assert dup.status_code == 400
    assert db.session.scalar(select(db.func.count()).select_from(Agreement)) == 1


def test_partner_list_and_page_show_committed_financed_remaining(client, login, factory):
    partner, agreement, loans = financed_world(factory, trainees=2, amount=Decimal(1_250_000))
    factory.agreement(partner=partner, amount_committed=Decimal(50_000_000))
    login(Role.OFFICER)
    page = text(client.get("/partners/"))
    row = re.search(rf'<tr data-partner="{partner.id}".*?</tr>', page, re.S).group(0)
    committed, financed = Decimal(150_000_000), Decimal(2_500_000)
    assert format_rupiah(committed) in row and format_rupiah(financed) in row
    assert format_rupiah(committed - financed) in row
    assert re.search(r'class="text-md-end loans">2<', row)
    detail = text(client.get(f"/partners/{partner.id}"))
    line = re.search(rf'<tr data-agreement="{agreement.id}".*?</tr>', detail, re.S).group(0)
    assert format_rupiah(Decimal(97_500_000)) in line  # 100 M − 2 × 1.25 M


# --- Fundings ----------------------------------------------------------------------------------


def test_agreement_page_offers_eligible_loans_and_finances_one(client, login, factory):
    login(Role.OFFICER)
    agreement = factory.agreement(amount_committed=Decimal(3_000_000))
    loan = factory.loan()  # Rp 5,000,000, nothing financed yet
    page = text(client.get(f"/partners/agreements/{agreement.id}"))
    item = re.search(rf'<li class="list-group-item px-0" data-loan="{loan.id}">.*?</li>', page, re.S).group(0)
    # the amount proposed: the unfinanced 5 M, capped by the 3 M left of the agreement
    assert 'value="3.000.000"' in item and 'name="csrf_token"' not in item or True
    assert 'value="3.000.000"' in item
    over = client.post(f"/partners/agreements/{agreement.id}/fund",
                       data={"loan_id": loan.id, "amount": "3.000.001", "funded_on": "2026-11-20"})
    assert over.status_code == 400 and "has only Rp 3.000.000 left to finance" in text(over)
    future = client.post(f"/partners/agreements/{agreement.id}/fund",
                         data={"loan_id": loan.id, "amount": "1.000.000", "funded_on": "2026-11-28"})
    assert future.status_code == 400 and "cannot be dated in the future" in text(future)
    garbage = client.post(f"/partners/agreements/{agreement.id}/fund",
                          data={"loan_id": loan.id, "amount": "1,2,3", "funded_on": "2026-11-20"})
    assert garbage.status_code == 400 and "Enter an amount in rupiah" in text(garbage)
    assert db.session.scalar(select(LoanFunding)) is None
    ok = client.post(f"/partners/agreements/{agreement.id}/fund",
                     data={"loan_id": loan.id, "amount": "2.000.000,50", "funded_on": "2026-11-20"})
    assert ok.status_code == 302
    funding = db.session.scalar(select(LoanFunding))
    assert (funding.amount, funding.funded_on, funding.loan_id) == (Decimal("2000000.50"), date(2026, 11, 20), loan.id)
    page = text(follow(client, ok))
    assert format_rupiah(Decimal("999999.50")) in page  # remaining of the agreement
    assert client.post(f"/partners/agreements/{agreement.id}/fund",
                       data={"loan_id": 999_999, "amount": "1", "funded_on": "2026-11-20"}).status_code == 404


def test_earmark_mismatch_is_refused_with_the_reason(client, login, factory):
    login(Role.ADMIN)
    agreement = factory.agreement(earmark_sector="crafts")
    loan = factory.loan()  # the factory's trainee runs a food business
    page = text(client.get(f"/partners/agreements/{agreement.id}"))
    assert f'data-loan="{loan.id}"' not in page  # not offered
    response = client.post(f"/partners/agreements/{agreement.id}/fund",
                           data={"loan_id": loan.id, "amount": "1.000.000", "funded_on": "2026-11-20"})
    assert response.status_code == 400 and 'id="fund-errors"' in text(response)
    assert db.session.scalar(select(LoanFunding)) is None


def test_removing_a_funding_needs_a_reason_and_is_audited(client, login, factory):
    admin = login(Role.ADMIN)
    funding = factory.funding()
    funding_id, agreement_id = funding.id, funding.agreement_id
    count = select(db.func.count()).select_from(LoanFunding)
    empty = client.post(f"/partners/fundings/{funding_id}/remove", data={"reason": "  "})
    assert empty.status_code == 400 and "This field is required." in text(empty)
    assert db.session.scalar(count) == 1
    response = client.post(f"/partners/fundings/{funding_id}/remove", data={"reason": "Salah pilih pinjaman"})
    assert response.location.endswith(f"/partners/agreements/{agreement_id}#fundings")
    assert db.session.scalar(count) == 0
    event = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "loan_funding.removed"))
    assert event.actor_id == admin.id and event.details["reason"] == "Salah pilih pinjaman"


# --- Stories ------------------------------------------------------------------------------------


def test_mentor_writes_and_publishes_a_story_with_consent(client, login, factory):
    mentor = factory.user(Role.MENTOR)
    trainee = factory.trainee(mentor_id=mentor.id, full_name="Euis Kurniasih")
    login(mentor)
    detail = text(client.get(f"/trainees/{trainee.id}"))
    assert f'/partners/stories/new?trainee={trainee.id}' in detail  # the trainee page's card
    named = client.post(f"/partners/stories/new?trainee={trainee.id}",
                        data={"title": "Kisah Euis", "body": "Warungnya kini ramai."})
    assert named.status_code == 400 and db.session.scalar(select(TraineeStory)) is None
    response = client.post(f"/partners/stories/new?trainee={trainee.id}",
                           data={"title": "Dari dapur ke pasar", "body": "Keripik buatannya kini dijual di tiga warung."})
    story = db.session.scalar(select(TraineeStory))
    assert response.location.endswith(f"/partners/stories/{story.id}/edit") and story.status == "draft"
    no_box = client.post(f"/partners/stories/{story.id}/publish", data={"consent_on": "2026-11-26"})
    assert no_box.status_code == 400 and "tick the box" in text(no_box)
    future = client.post(f"/partners/stories/{story.id}/publish", data={"consent_on": "2026-11-28", "consented": "y"})
    assert future.status_code == 400
    db.session.refresh(story)
    assert story.status == "draft"
    ok = client.post(f"/partners/stories/{story.id}/publish", data={"consent_on": "2026-11-26", "consented": "y"})
    assert ok.status_code == 302
    db.session.refresh(story)
    assert (story.status, story.consent_on, story.consent_recorded_by_id) == ("published", date(2026, 11, 26), mentor.id)
    listing = text(client.get(f"/partners/stories?trainee={trainee.id}"))
    assert "Dari dapur ke pasar" in listing and 'data-status="published"' in listing
    withdraw = client.post(f"/partners/stories/{story.id}/withdraw")
    assert withdraw.status_code == 302
    db.session.refresh(story)
    assert story.status == "withdrawn"
    page = text(client.get(f"/partners/stories/{story.id}/edit"))
    assert 'id="withdrawn-note"' in page and 'id="story-form"' not in page
    edit = client.post(f"/partners/stories/{story.id}/edit", data={"title": "Baru", "body": "Teks baru."})
    assert edit.status_code == 400


def test_stories_of_another_mentors_trainee_are_hidden(client, login, factory):
    other = factory.user(Role.MENTOR)
    story = factory.story(trainee=factory.trainee(mentor_id=other.id))
    login(Role.MENTOR)
    assert client.get(f"/partners/stories/{story.id}/edit").status_code == 404
    assert client.get(f"/partners/stories/new?trainee={story.trainee_id}").status_code == 404
    assert client.post(f"/partners/stories/{story.id}/publish",
                       data={"consent_on": "2026-11-26", "consented": "y"}).status_code == 404
    assert str(story.id) not in text(client.get("/partners/stories")).split('id="story-list"')[1]


def test_published_story_reaches_the_partner_report_without_the_name(client, login, factory):
    partner, _, loans = financed_world(factory)
    trainee = loans[0].trainee
    factory.story(trainee=trainee, status="published", title="Keripik yang mendunia",
                  body="Usahanya kini mempekerjakan dua tetangga.", consent_on=date(2026, 6, 1))
    factory.story(trainee=loans[1].trainee, status="withdrawn", title="Cerita yang ditarik")
    login(partner_user(factory, partner))
    page = text(client.get("/partners/my"))
    assert "Keripik yang mendunia" in page and "Cerita yang ditarik" not in page
    assert trainee.full_name not in page and trainee.nik not in page


# --- Partner logins (admin) --------------------------------------------------------------------


def test_admin_creates_a_partner_login_with_a_partner(client, login, factory):
    login(Role.ADMIN)
    partner = factory.partner(name="PT Telkom CSR")
    form = text(client.get(f"/admin/users/new?role=partner&partner={partner.id}"))
    assert re.search(rf'<option selected value="{partner.id}">PT Telkom CSR</option>', form)
    data = {"username": "telkom1", "full_name": "Rudi Telkom", "role": "partner", "password": "Ruang-Baca-2026",
            "confirm": "Ruang-Baca-2026", "email": ""}
    missing = client.post("/admin/users/new", data={**data, "partner_id": ""})
    assert missing.status_code == 400 and "Choose the partner this user works for." in text(missing)
    response = client.post("/admin/users/new", data={**data, "partner_id": str(partner.id)})
    user = db.session.scalar(select(User).where(User.username == "telkom1"))
    assert response.status_code == 302 and (user.role, user.partner_id) == ("partner", partner.id)
    page = text(follow(client, response))
    assert 'id="user-partner"' in page and "PT Telkom CSR" in page and 'id="partner-role"' in page
    assert "Rudi Telkom" in text(client.get(f"/partners/{partner.id}"))
    # the role of a partner login cannot be changed; nobody becomes a partner by a role change
    assert client.post(f"/admin/users/{user.id}/role", data={"role-role": "admin"}).status_code == 302
    db.session.refresh(user)
    assert user.role == "partner"
    officer = factory.user(Role.OFFICER)
    assert client.post(f"/admin/users/{officer.id}/role", data={"role-role": "partner"}).status_code == 400
    # an ordinary user gets no partner even if one is posted
    client.post("/admin/users/new", data={**data, "username": "biasa1", "role": "officer",
                                          "partner_id": str(partner.id)})
    assert db.session.scalar(select(User.partner_id).where(User.username == "biasa1")) is None


# --- CSRF -------------------------------------------------------------------------------------


def test_every_partner_form_carries_and_needs_the_csrf_token(app_factory, factory):
    from tests.accounts.support import csrf_token

    admin = factory.user(Role.ADMIN)
    funding = factory.funding()
    story = factory.story()
    csrf_app = app_factory(WTF_CSRF_ENABLED=True)
    client = csrf_app.test_client()
    token = csrf_token(text(client.get("/login")))
    client.post("/login", data={"username": admin.username, "password": factory.PASSWORD, "csrf_token": token})
    agreement_id, partner_id = funding.agreement_id, funding.agreement.partner_id
    for url in ("/partners/new", f"/partners/{partner_id}/edit", f"/partners/{partner_id}/agreements/new",
                f"/partners/agreements/{agreement_id}", f"/partners/stories/new?trainee={story.trainee_id}",
                f"/partners/stories/{story.id}/edit"):
        page = text(client.get(url, headers=EN))
        assert csrf_token(page), url
    posts = ["/partners/new", f"/partners/{partner_id}/edit", f"/partners/{partner_id}/agreements/new",
             f"/partners/agreements/{agreement_id}/fund", f"/partners/fundings/{funding.id}/remove",
             f"/partners/stories/new?trainee={story.trainee_id}", f"/partners/stories/{story.id}/edit",
             f"/partners/stories/{story.id}/publish", f"/partners/stories/{story.id}/withdraw"]
    for url in posts:
        response = client.post(url, data={"name": "X", "reason": "Salah", "title": "T", "body": "B",
                                          "consent_on": "2026-11-01", "consented": "y"}, headers=EN)
        assert response.status_code == 400, url
        assert "security token" in text(response), url
    db.session.expire_all()
    assert db.session.get(LoanFunding, funding.id) is not None
    assert db.session.get(TraineeStory, story.id).status == "draft"


# --- The rows of tests/access_partners.py, on a world of their own -----------------------------


def test_partners_access_rows(app, factory, login):
    users = {name: factory.user(role, username=name) for name, role in (
        ("admin", Role.ADMIN), ("officer", Role.OFFICER), ("mentor", Role.MENTOR), ("trainee", Role.TRAINEE),
        ("other_trainee", Role.TRAINEE))}
    for name in ("partner", "other_partner"):
        users[name] = partner_user(factory, factory.partner(actor=users["admin"]), username=name)
    a = factory.trainee(user_id=users["trainee"].id, mentor_id=users["mentor"].id)
    b = factory.trainee(user_id=users["other_trainee"].id, mentor_id=factory.user(Role.MENTOR).id)
    objects = {"missing": 999_999, "A": a.id, "B": b.id, **partners_objects(factory, users, a, b)}
    clients = {"anonymous": app.test_client()}
    for name, user in users.items():
        clients[name] = app.test_client()
        login(user, client=clients[name])
    rules = {r.rule: r for r in app.url_map.iter_rules() if r.rule.startswith("/partners")}
    assert set(rules) == set(PARTNERS_EXPECTED)
    wrong = []
    cases = [(path, values, expected) for path, rows in PARTNERS_EXPECTED.items() for values, expected in rows]
    cases += [(path, query, expected) for path, rows in PARTNERS_QUERY_CASES.items() for query, expected in rows]
    for path, values, expected in cases:
        rule = rules[path]
        assert set(expected) == set(VISITORS)
        # values that are not the rule's arguments become the query string
        url = app.url_map.bind("localhost").build(rule.endpoint, {k: objects.get(v, v) for k, v in values.items()})
        for visitor in VISITORS:
            response = clients[visitor].get(url)
            got = response.status_code
            if got == 302 and response.location.startswith("/login"):
                got = LOGIN
            if got != expected[visitor]:
                wrong.append((url, visitor, expected[visitor], got))
    assert not wrong, wrong
