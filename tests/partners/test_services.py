"""partners.services: partners, agreements with earmarks, financing loans, stories, logins."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest
from flask_babel import force_locale
from sqlalchemy import func, select

from accounts import services as account_services
from accounts.models import AuditEvent, Role, User
from extensions import Money, db
from loans import services as loan_services
from partners import services
from partners.models import LoanFunding, StoryStatus

SUKASARI, COBLONG = "32.73.01", "32.73.02"
SUKASARI_KEL, COBLONG_KEL = "32.73.01.1001", "32.73.02.1004"


@pytest.fixture(autouse=True)
def english(app):
    """Messages are checked in English (the catalogue's default language is Indonesian)."""
    with force_locale("en"):
        yield


def events(action: str) -> list[AuditEvent]:
    return list(db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)))


def fundings() -> int:
    return db.session.scalar(select(func.count()).select_from(LoanFunding))


@pytest.fixture
def shared(factory):
    """One product and funding source for every loan of a test (fewer writes)."""
    return {"product": factory.product(), "funding_source": factory.funding_source()}


@pytest.fixture
def make_loan(factory, shared):
    """``make_loan(amount=..., on=..., **trainee_fields)``: a loan of a new trainee."""

    def make(*, amount=Decimal(5_000_000), on=date(2026, 1, 10), **trainee_fields):
        trainee = factory.trainee(**trainee_fields)
        application = factory.application(trainee=trainee, product=shared["product"], approve=True,
                                          amount=amount, on=min(on, date(2026, 1, 5)))
        return factory.loan(application=application, funding_source=shared["funding_source"], on=on)

    return make


# --- Partners -------------------------------------------------------------------------


def test_create_partner_normalises_and_audits(app, factory):
    officer = factory.user(Role.OFFICER)
    partner = services.create_partner(actor=officer, name="  Bank BJB – CSR ", sector="banking",
                                      contact_name="Ibu Rahma", contact_email="csr@bankbjb.co.id",
                                      contact_phone="(022) 423 4567")
    db.session.commit()
    assert partner.name == "Bank BJB – CSR"
    assert partner.contact_phone == "+62224234567"
    assert partner.is_active and partner.created_by_id == officer.id
    [event] = events("partner.created")
    assert event.actor_id == officer.id and event.entity_id == str(partner.id)


def test_partner_rules(app, factory):
    factory.partner(name="Yayasan Peduli Bandung")
    with pytest.raises(services.ValidationFailed) as err:
        services.create_partner(actor=factory.admin, name="yayasan peduli bandung", sector="space",
                                contact_name=" ", contact_email="not-an-address", contact_phone="12")
    assert set(err.value.errors) == {"name", "sector", "contact_name", "contact_email", "contact_phone"}
    with pytest.raises(services.NotAllowed):
        services.create_partner(actor=factory.user(Role.MENTOR), name="PT Telkom CSR", sector="telecom",
                                contact_name="Pak Budi")


def test_update_partner_audits_the_changes_and_deactivation_blocks_new_business(app, factory, make_loan):
    partner = factory.partner(name="PT Telkom CSR", sector="telecom")
    agreement = factory.agreement(partner=partner)
    services.update_partner(partner, actor=factory.admin, name="PT Telkom Indonesia – CSR", sector="telecom",
                            contact_name=partner.contact_name, contact_email=partner.contact_email,
                            contact_phone=partner.contact_phone, notes="", is_active=False)
    db.session.commit()
    [event] = events("partner.updated")
    assert event.details["changes"] == {"name": ["PT Telkom CSR", "PT Telkom Indonesia – CSR"],
                                        "is_active": [True, False]}
    with pytest.raises(services.ValidationFailed) as err:
        services.create_agreement(partner, actor=factory.admin, reference="PKS/9/2026",
                                  amount_committed=Decimal(1_000_000), signed_on=date(2026, 2, 1))
    assert "partner" in err.value.errors
    with pytest.raises(services.ValidationFailed):
        services.fund_loan(agreement, make_loan(), actor=factory.admin, amount=Decimal(1_000_000),
                           on=date(2026, 2, 1))
    assert fundings() == 0


# --- Agreements -----------------------------------------------------------------------


def test_create_agreement_validates_and_audits(app, factory):
    partner = factory.partner()
    factory.agreement(partner=partner, reference="PKS/017/CSR/2026")
    with pytest.raises(services.ValidationFailed) as err:
        services.create_agreement(partner, actor=factory.admin, reference="pks/017/csr/2026",
                                  amount_committed=Decimal("10.001"), signed_on=None,
                                  earmark_kecamatan_code="32.73.99", earmark_sector="mining",
                                  earmark_poverty_status="rich")
    assert set(err.value.errors) == {"reference", "amount_committed", "signed_on", "earmark_kecamatan_code",
                                     "earmark_sector", "earmark_poverty_status"}
    for bad in (Decimal(0), Decimal(-5), 1.5):
        with pytest.raises(services.ValidationFailed):
            services.create_agreement(partner, actor=factory.admin, reference="PKS/018", amount_committed=bad,
                                      signed_on=date(2026, 1, 1))
    agreement = services.create_agreement(
        partner, actor=factory.admin, reference="PKS/018", amount_committed=Decimal("250000000.50"),
        signed_on=date(2026, 2, 1), earmark_kecamatan_code=SUKASARI, earmark_sector="", earmark_poverty_status=None)
    db.session.commit()
    assert agreement.earmark_sector is None and agreement.earmark_kecamatan_code == SUKASARI
    event = events("agreement.created")[-1]
    assert event.details["amount_committed"] == "250000000.50"
    assert event.details["earmark_kecamatan_code"] == SUKASARI
    assert services.agreement_balance(agreement) == (Decimal("0.00"), Decimal("250000000.50"))


# --- Financing: the earmark -----------------------------------------------------------


EARMARK = dict(earmark_kecamatan_code=SUKASARI, earmark_sector="food", earmark_poverty_status="extreme_poor")
MATCHING = dict(kelurahan_code=SUKASARI_KEL, poverty_status="extreme_poor")


@pytest.mark.parametrize("part, trainee_fields", [
    ("kecamatan", dict(kelurahan_code=COBLONG_KEL)),
    ("sector", {}),  # the business below is in crafts
    ("poverty", dict(poverty_status="near_poor")),
])
def test_each_earmark_part_is_enforced(app, factory, make_loan, part, trainee_fields):
    from trainees.services import BusinessData

    agreement = factory.agreement(**EARMARK)
    fields = {**MATCHING, **trainee_fields}
    if part == "sector":
        fields["business"] = BusinessData(name="Kerajinan Bambu", sector="crafts")
    loan = make_loan(**fields)
    problems = services.earmark_problems(agreement, loan)
    assert len(problems) == 1
    with pytest.raises(services.EarmarkMismatch) as err:
        services.fund_loan(agreement, loan, actor=factory.admin, amount=Decimal(1_000_000), on=date(2026, 2, 1))
    assert err.value.reasons == problems
    assert fundings() == 0 and not events("loan_funding.created")
    assert loan not in [found for found, _ in services.eligible_loans(agreement)]
    # the same trainee data with that part matching is accepted
    matching = make_loan(**MATCHING)
    assert services.earmark_problems(agreement, matching) == []
    services.fund_loan(agreement, matching, actor=factory.admin, amount=Decimal(1_000_000), on=date(2026, 2, 1))
    assert fundings() == 1


def test_a_trainee_without_a_business_matches_no_sector_earmark(app, factory, make_loan):
    agreement = factory.agreement(earmark_sector="food")
    loan = make_loan(business=None)
    [reason] = services.earmark_problems(agreement, loan)
    assert "no business" in reason
    with pytest.raises(services.EarmarkMismatch):
        services.fund_loan(agreement, loan, actor=factory.admin, amount=Decimal(1), on=date(2026, 2, 1))
    # an agreement without any earmark takes anyone
    assert services.earmark_problems(factory.agreement(), loan) == []


# --- Financing: amounts ---------------------------------------------------------------


def test_an_agreement_cannot_finance_more_than_committed(app, factory, make_loan):
    agreement = factory.agreement(amount_committed=Decimal(10_000_000))
    first, second = make_loan(amount=Decimal(6_000_000)), make_loan(amount=Decimal(6_000_000))
    services.fund_loan(agreement, first, actor=factory.admin, amount=Decimal(6_000_000), on=date(2026, 2, 1))
    with pytest.raises(services.OverCommitted) as err:
        services.fund_loan(agreement, second, actor=factory.admin, amount=Decimal("4000000.01"),
                           on=date(2026, 2, 1))
    assert err.value.remaining == Decimal(4_000_000)
    assert fundings() == 1
    services.fund_loan(agreement, second, actor=factory.admin, amount=Decimal(4_000_000), on=date(2026, 2, 1))
    db.session.commit()
    assert services.agreement_balance(agreement) == (Decimal(10_000_000), Decimal(0))


def test_a_loan_is_never_financed_beyond_its_principal_across_agreements(app, factory, make_loan):
    loan = make_loan(amount=Decimal(5_000_000))
    first, second, third = factory.agreement(), factory.agreement(), factory.agreement()
    services.fund_loan(first, loan, actor=factory.admin, amount=Decimal(3_000_000), on=date(2026, 2, 1))
    assert services.eligible_loans(second) == [(loan, Decimal(2_000_000))]
    with pytest.raises(services.OverFinanced) as err:
        services.fund_loan(second, loan, actor=factory.admin, amount=Decimal(2_500_000), on=date(2026, 2, 1))
    assert err.value.unfinanced == Decimal(2_000_000)
    services.fund_loan(second, loan, actor=factory.admin, amount=Decimal(2_000_000), on=date(2026, 2, 1))
    db.session.commit()
    with pytest.raises(services.OverFinanced):
        services.fund_loan(third, loan, actor=factory.admin, amount=Decimal("0.01"), on=date(2026, 2, 1))
    assert services.eligible_loans(third) == []
    assert sum(f.amount for f in db.session.scalars(select(LoanFunding))) == loan.principal


def test_one_funding_per_agreement_and_loan(app, factory, make_loan):
    agreement, loan = factory.agreement(), make_loan()
    services.fund_loan(agreement, loan, actor=factory.admin, amount=Decimal(1_000_000), on=date(2026, 2, 1))
    with pytest.raises(services.AlreadyFunded):
        services.fund_loan(agreement, loan, actor=factory.admin, amount=Decimal(1_000_000), on=date(2026, 2, 1))
    assert services.eligible_loans(agreement) == []


@pytest.mark.parametrize("amount", [Decimal(0), Decimal(-1), Decimal("1.005"), 1000.0, None, "1000"])
def test_amount_must_be_positive_with_two_places(app, factory, make_loan, amount):
    with pytest.raises(services.ValidationFailed) as err:
        services.fund_loan(factory.agreement(), make_loan(), actor=factory.admin, amount=amount,
                           on=date(2026, 2, 1))
    assert "amount" in err.value.errors


def test_a_written_off_loan_cannot_be_financed(app, factory, make_loan):
    loan = make_loan()
    loan_services.write_off(loan, actor=factory.admin, on=date(2026, 6, 1), reason="Usaha tutup, pindah kota.")
    db.session.commit()
    agreement = factory.agreement()
    with pytest.raises(services.LoanNotFundable):
        services.fund_loan(agreement, loan, actor=factory.admin, amount=Decimal(1_000_000), on=date(2026, 6, 2))
    assert services.eligible_loans(agreement) == []
    assert fundings() == 0


def test_financing_dates(app, factory, make_loan):
    agreement = factory.agreement(signed_on=date(2026, 3, 1))
    loan = make_loan(on=date(2026, 4, 10))
    cases = [(date(2026, 2, 28), "agreement was signed"), (date(2026, 4, 9), "loan was disbursed")]
    for on, words in cases:
        with pytest.raises(services.ValidationFailed) as err:
            services.fund_loan(agreement, loan, actor=factory.admin, amount=Decimal(1_000_000), on=on)
        assert words in err.value.errors["on"]
    with pytest.raises(services.ValidationFailed) as err:
        services.fund_loan(agreement, loan, actor=factory.admin, amount=Decimal(1_000_000), on=date(2026, 11, 28),
                           today=date(2026, 11, 27))
    assert "future" in err.value.errors["on"]
    assert fundings() == 0
    funding = services.fund_loan(agreement, loan, actor=factory.admin, amount=Decimal(1_000_000),
                                 on=date(2026, 4, 10), today=date(2026, 4, 10))
    assert funding.funded_on == date(2026, 4, 10)


def test_funding_and_removal_are_audited(app, factory, make_loan):
    officer = factory.user(Role.OFFICER)
    agreement, loan = factory.agreement(amount_committed=Decimal(20_000_000)), make_loan()
    funding = services.fund_loan(agreement, loan, actor=officer, amount=Decimal("2500000.50"), on=date(2026, 2, 1))
    db.session.commit()
    [created] = events("loan_funding.created")
    assert created.actor_id == officer.id and created.entity_id == str(funding.id)
    assert created.details["amount"] == "2500000.50" and created.details["loan_id"] == loan.id
    assert created.details["agreement_remaining_before"] == "20000000.00"
    assert funding.recorded_by_id == officer.id

    with pytest.raises(services.ValidationFailed):
        services.remove_funding(funding, actor=officer, reason="  ")
    services.remove_funding(funding, actor=officer, reason="Salah pilih pinjaman.")
    db.session.commit()
    assert fundings() == 0
    [removed] = events("loan_funding.removed")
    assert removed.details["reason"] == "Salah pilih pinjaman."
    assert removed.details["amount"] == "2500000.50" and removed.details["loan_id"] == loan.id
    assert services.agreement_balance(agreement) == (Decimal(0), Decimal(20_000_000))


def test_mentors_cannot_finance(app, factory, make_loan):
    with pytest.raises(services.NotAllowed):
        services.fund_loan(factory.agreement(), make_loan(), actor=factory.user(Role.MENTOR),
                           amount=Decimal(1_000_000), on=date(2026, 2, 1))


def test_eligible_loans_lists_matching_loans_with_their_unfinanced_principal(app, factory, make_loan):
    agreement = factory.agreement(earmark_kecamatan_code=SUKASARI)
    older = make_loan(kelurahan_code=SUKASARI_KEL, full_name="Euis Sumarni", on=date(2026, 1, 10))
    newer = make_loan(kelurahan_code=SUKASARI_KEL, full_name="Tati Rohaeti", on=date(2026, 2, 10),
                      amount=Decimal(4_000_000))
    make_loan(kelurahan_code=COBLONG_KEL)  # outside the earmark
    factory.funding(agreement=factory.agreement(), loan=newer, amount=Decimal(1_500_000))
    assert services.eligible_loans(agreement) == [(newer, Decimal(2_500_000)), (older, Decimal(5_000_000))]
    assert services.eligible_loans(agreement, search="euis") == [(older, Decimal(5_000_000))]
    assert services.eligible_loans(agreement, search=str(newer.id)) == [(newer, Decimal(2_500_000))]
    assert services.eligible_loans(agreement, limit=1) == [(newer, Decimal(2_500_000))]


# --- Stories --------------------------------------------------------------------------


def test_story_lifecycle_records_consent_and_withdrawal(app, factory):
    mentor = factory.user(Role.MENTOR)
    trainee = factory.trainee(mentor_id=mentor.id)
    story = services.create_story(trainee, actor=mentor, title="Dari gerobak ke kios",
                                  body="Berawal dari gerobak, kini punya kios kecil di pasar.")
    assert story.status == StoryStatus.DRAFT.value and story.consent_on is None
    with pytest.raises(services.ValidationFailed) as err:
        services.publish_story(story, actor=mentor, consent_on=None)
    assert "consent_on" in err.value.errors
    with pytest.raises(services.ValidationFailed):
        services.publish_story(story, actor=mentor, consent_on=date(2026, 11, 28), today=date(2026, 11, 27))
    assert story.status == StoryStatus.DRAFT.value
    services.publish_story(story, actor=mentor, consent_on=date(2026, 11, 20), today=date(2026, 11, 27))
    db.session.commit()
    assert (story.status, story.consent_on, story.consent_recorded_by_id) == ("published", date(2026, 11, 20),
                                                                             mentor.id)
    with pytest.raises(services.InvalidTransition):
        services.publish_story(story, actor=mentor, consent_on=date(2026, 11, 21))
    with pytest.raises(services.ValidationFailed):
        services.withdraw_story(story, actor=mentor, on=date(2026, 11, 19))
    services.withdraw_story(story, actor=mentor, on=date(2026, 11, 25))
    db.session.commit()
    assert story.status == StoryStatus.WITHDRAWN.value
    for step in (lambda: services.publish_story(story, actor=mentor, consent_on=date(2026, 11, 26)),
                 lambda: services.update_story(story, actor=mentor, title="Baru", body="Teks baru."),
                 lambda: services.withdraw_story(story, actor=mentor, on=date(2026, 11, 26))):
        with pytest.raises(services.InvalidTransition):
            step()
    assert story.status == StoryStatus.WITHDRAWN.value
    assert [e.action for e in db.session.scalars(select(AuditEvent).where(AuditEvent.entity_type == "trainee_story")
                                                 .order_by(AuditEvent.id))] == [
        "story.created", "story.published", "story.withdrawn"]
    assert events("story.published")[0].details["consent_on"] == "2026-11-20"
    assert events("story.withdrawn")[0].details == {"trainee_id": trainee.id, "on": "2026-11-25",
                                                    "previous_status": "published"}


def test_editing_a_published_story_needs_consent_again(app, factory):
    story = factory.story(status="published")
    services.update_story(story, actor=factory.admin, title=story.title, body=story.body)
    assert story.status == "published"  # nothing changed
    services.update_story(story, actor=factory.admin, title=story.title, body="Teks yang diperbarui, tanpa nama.")
    db.session.commit()
    assert (story.status, story.consent_on, story.consent_recorded_by_id) == ("draft", None, None)
    [event] = events("story.updated")
    assert event.details["unpublished"] is True and "body" in event.details["changes"]


def test_stories_must_not_identify_the_trainee(app, factory):
    trainee = factory.trainee(full_name="Nining Kurniasih", phone="0812 3456 7890")
    bad = [
        ("Kisah Bu Nining", "Usaha katering rumahan."),
        ("Usaha katering", "KURNIASIH kini punya tiga pegawai."),
        ("Usaha katering", f"NIK {trainee.nik} tercatat."),
        ("Usaha katering", "Pesan lewat WA 0812-3456-7890."),
        ("Usaha katering", "Pesan lewat +62 812 3456 7890."),
    ]
    for title, body in bad:
        with pytest.raises(services.ValidationFailed) as err:
            services.create_story(trainee, actor=factory.admin, title=title, body=body)
        assert "anonymous" in " ".join(err.value.errors.values())
    # a word merely containing a name part is fine ("Ningrat" is not "Nining")
    services.create_story(trainee, actor=factory.admin, title="Usaha katering",
                          body="Katering rumahan bergaya ningrat kini melayani hajatan warga.")


def test_only_staff_and_the_trainees_mentor_write_stories(app, factory):
    mentor, other = factory.user(Role.MENTOR), factory.user(Role.MENTOR)
    trainee = factory.trainee(mentor_id=mentor.id)
    for actor in (other, factory.user(Role.TRAINEE)):
        with pytest.raises(services.NotAllowed):
            services.create_story(trainee, actor=actor, title="Judul", body="Cerita usaha.")
    for actor in (mentor, factory.user(Role.OFFICER), factory.admin):
        services.create_story(trainee, actor=actor, title="Judul", body="Cerita usaha.")


# --- Partner logins -------------------------------------------------------------------


def test_create_partner_user(app, factory):
    partner = factory.partner()
    user = services.create_partner_user(partner, actor=factory.admin, username=" CSR.BJB ", full_name="Rahma CSR",
                                        password=factory.PASSWORD, email="rahma@bjb.co.id")
    db.session.commit()
    user = db.session.get(User, user.id)
    assert (user.username, user.role, user.partner_id, user.email) == ("csr.bjb", "partner", partner.id,
                                                                        "rahma@bjb.co.id")
    assert events("user.created")[-1].details["role"] == "partner"
    assert events("partner.user_created")[0].details["user_id"] == user.id
    assert services.partner_users(partner) == [user]
    from datetime import datetime, timezone

    assert account_services.authenticate("csr.bjb", factory.PASSWORD, now=datetime(2026, 11, 27, tzinfo=timezone.utc),
                                         ip=None, policy=account_services.ThrottlePolicy()).id == user.id


def test_create_partner_user_refusals(app, factory):
    partner = factory.partner()
    factory.user(Role.OFFICER, username="dipakai")
    with pytest.raises(services.ValidationFailed) as err:
        services.create_partner_user(partner, actor=factory.admin, username="Dipakai", full_name=" ",
                                     password="123", email="x")
    assert set(err.value.errors) == {"username", "full_name", "password", "email"}
    with pytest.raises(services.NotAllowed):
        services.create_partner_user(partner, actor=factory.user(Role.OFFICER), username="baru", full_name="Baru",
                                     password=factory.PASSWORD)
    assert db.session.scalar(select(func.count()).select_from(User).where(User.role == "partner")) == 0


# --- Demo -----------------------------------------------------------------------------


def test_demo_partners_finance_matching_loans_within_every_limit(app):
    import random

    from loans import demo as loans_demo
    from partners import demo as partners_demo
    from partners.models import Agreement, Partner, TraineeStory
    from partners.report import partner_report
    from trainees import demo as trainees_demo

    today = date(2026, 11, 27)
    seeded = trainees_demo.seed_demo(trainees=200, password=app.config["DEMO_PASSWORD"], today=today, seed=7)
    loans_demo.seed_loans(users=seeded.users, today=today, seed=7)
    result = partners_demo.seed_partners(actor=seeded.users["admin"], today=today, rng=random.Random(7))
    db.session.commit()
    assert result["partners"] == 3 and result["agreements"] == 4 and result["fundings"] >= 20
    assert (result["stories"], result["published_stories"], result["users"]) == (4, 3, ["partner"])

    for agreement in db.session.scalars(select(Agreement)):
        financed, remaining = services.agreement_balance(agreement)
        assert remaining >= 0 and financed == sum(f.amount for f in agreement.fundings)
        for funding in agreement.fundings:
            assert services.earmark_problems(agreement, funding.loan) == []
            assert funding.loan.status != "written_off"
            assert agreement.signed_on <= funding.funded_on <= today
            assert funding.loan.disbursed_on <= funding.funded_on
    from loans.models import Loan

    per_loan = db.session.execute(select(LoanFunding.loan_id, func.sum(LoanFunding.amount, type_=Money))
                                  .group_by(LoanFunding.loan_id)).all()
    for loan_id, amount in per_loan:
        assert isinstance(amount, Decimal) and amount <= db.session.get(Loan, loan_id).principal

    first = db.session.scalar(select(Partner).where(Partner.name == "Bank BJB – CSR"))
    user = account_services.get_user_by_username("partner")
    assert (user.role, user.partner_id) == ("partner", first.id)
    report = partner_report(first, as_of=today)
    assert report.totals.trainees >= 10 and not report.totals.suppressed
    assert any(row.kecamatan_code is not None for row in report.rows)
    assert len(report.stories) == 3
    assert db.session.scalar(select(func.count()).select_from(TraineeStory)
                             .where(TraineeStory.status == "draft")) == 1


# --- Concurrency (PostgreSQL: SQLite has a single writer) -------------------------------


def _race(app, actor_id, jobs):
    """Run fund_loan(agreement_id, loan_id, amount) for every job from its own thread and
    session, all released at once; returns "ok" or the error class name for each."""
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from loans.models import Loan
    from partners.models import Agreement

    barrier = threading.Barrier(len(jobs))

    def worker(agreement_id, loan_id, amount):
        with app.app_context():
            try:
                agreement, loan = db.session.get(Agreement, agreement_id), db.session.get(Loan, loan_id)
                actor = db.session.get(User, actor_id)
                barrier.wait(timeout=30)
                try:
                    services.fund_loan(agreement, loan, actor=actor, amount=amount, on=date(2026, 2, 1))
                    db.session.commit()
                    return "ok"
                except services.PartnersError as err:
                    db.session.rollback()
                    return type(err).__name__
            finally:
                db.session.remove()

    db.session.commit()
    with ThreadPoolExecutor(max_workers=len(jobs)) as pool:
        futures = [pool.submit(worker, *job) for job in jobs]
        outcomes = [f.result(timeout=120) for f in futures]
    db.session.expire_all()
    return outcomes


@pytest.mark.skipif(__import__("tests.conftest", fromlist=["backend"]).backend() != "postgresql",
                    reason="row locks are a PostgreSQL matter; SQLite serialises writers")
def test_concurrent_fundings_never_exceed_the_agreement_or_the_loan(app, factory, make_loan):
    admin = factory.admin
    agreement = factory.agreement(amount_committed=Decimal(10_000_000))
    loans = [make_loan(amount=Decimal(5_000_000)) for _ in range(4)]
    outcomes = _race(app, admin.id, [(agreement.id, loan.id, Decimal(5_000_000)) for loan in loans])
    assert sorted(outcomes) == ["OverCommitted", "OverCommitted", "ok", "ok"]
    assert services.agreement_balance(agreement) == (Decimal(10_000_000), Decimal(0))

    loan = make_loan(amount=Decimal(5_000_000))
    agreements = [factory.agreement() for _ in range(4)]
    outcomes = _race(app, admin.id, [(a.id, loan.id, Decimal(3_000_000)) for a in agreements])
    assert sorted(outcomes) == ["OverFinanced", "OverFinanced", "OverFinanced", "ok"]
    assert db.session.scalar(select(func.sum(LoanFunding.amount, type_=Money))
                             .where(LoanFunding.loan_id == loan.id)) == Decimal(3_000_000)
