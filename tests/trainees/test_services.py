"""Trainee services: validation, registration and update with audit, visibility."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError

from accounts.models import AuditEvent, Role
from extensions import db
from trainees import services
from trainees.identity import build_nik
from trainees.models import Business, Trainee
from trainees.services import BusinessData, Refs, TraineeFilters, ValidationFailed

TODAY = date(2026, 11, 27)


@pytest.fixture(autouse=True)
def english(app):
    """Messages are checked in English, whatever the default locale (Indonesian)."""
    from flask_babel import force_locale

    with force_locale("en"):
        yield


def count(model) -> int:
    return db.session.scalar(select(func.count()).select_from(model))


def events(action: str, trainee_id) -> list[AuditEvent]:
    return list(
        db.session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action == action, AuditEvent.entity_type == "trainee",
                   AuditEvent.entity_id == str(trainee_id))
            .order_by(AuditEvent.id)
        )
    )


def validation_errors(data, **kwargs) -> dict[str, str]:
    with pytest.raises(ValidationFailed) as info:
        services.validate(data, refs=Refs.load(), today=TODAY, **kwargs)
    return info.value.errors


# --- validate ---------------------------------------------------------------------


def test_valid_data_is_normalised(app, factory):
    data = factory.trainee_data(
        full_name="  Siti   Nurhaliza ", phone="0812-3456-7890", rt="5", rw="12", address="  Jl. Dago 1 "
    )
    clean = services.validate(data, refs=Refs.load(), today=TODAY)
    assert clean.full_name == "Siti Nurhaliza"
    assert clean.phone == "+6281234567890"
    assert (clean.rt, clean.rw) == ("005", "012")
    assert clean.address == "Jl. Dago 1"


def test_nik_that_does_not_match_the_birth_date_is_refused(app, factory):
    data = factory.trainee_data(gender="M", born_on=date(1990, 3, 15))
    data = replace(data, born_on=date(1990, 3, 16))
    assert "birth date" in validation_errors(data)["nik"]


def test_nik_of_a_man_for_a_woman_is_refused(app, factory):
    nik = build_nik("327301", date(1990, 3, 15), "M", 1)
    data = factory.trainee_data(nik=nik, gender="F", born_on=date(1990, 3, 15))
    assert "gender" in validation_errors(data)["nik"]
    data = factory.trainee_data(nik=build_nik("327301", date(1990, 3, 15), "F", 1), gender="M",
                                born_on=date(1990, 3, 15))
    assert "gender" in validation_errors(data)["nik"]


@pytest.mark.parametrize(
    "nik, fragment",
    [("123", "16 digits"), ("32730115039000٠١", "digits only"), ("0073011503900001", "region"),
     ("3273013102900001", "birth date"), ("3273011503900000", "0000")],
)
def test_invalid_nik_gives_a_message_for_the_form(app, factory, nik, fragment):
    assert fragment in validation_errors(factory.trainee_data(nik=nik))["nik"]


def test_every_broken_rule_is_reported_at_once(app, factory):
    data = factory.trainee_data(
        full_name=" ", phone="12345", rt="0", rw="abc", kelurahan_code="32.73.99.9999", household_size=0,
        welfare_decile=11, poverty_status="rich", consent_on=None, joined_on=date(2027, 1, 1),
        business=BusinessData(name="", sector="mining", nib="12", at_home=False, address=" "),
    )
    errors = validation_errors(data)
    assert set(errors) >= {
        "full_name", "phone", "rt", "rw", "kelurahan_code", "household_size", "welfare_decile", "poverty_status",
        "consent_on", "joined_on", "business.name", "business.sector", "business.nib", "business.address",
    }


def test_trainee_must_be_at_least_17(app, factory):
    born_on = date(2010, 1, 1)
    data = factory.trainee_data(born_on=born_on, gender="M", nik=build_nik("327301", born_on, "M", 5))
    assert "born_on" in validation_errors(data)


# --- register_trainee -------------------------------------------------------------


def test_register_writes_trainee_and_audit_event_by_the_actor(app, factory):
    officer = factory.user(Role.OFFICER)
    trainee = services.register_trainee(factory.trainee_data(), actor=officer, today=TODAY)
    db.session.flush()
    [event] = events("trainee.created", trainee.id)
    assert event.actor_id == officer.id
    assert event.details["full_name"] == trainee.full_name
    assert "nik" not in event.details  # personal data stays out of the log
    assert trainee.nik not in str(event.details)


def test_rollback_leaves_neither_trainee_nor_audit_event(app, factory):
    officer = factory.user(Role.OFFICER)
    before_events = count(AuditEvent)
    trainee = services.register_trainee(factory.trainee_data(), actor=officer, today=TODAY)
    assert trainee.id is not None
    db.session.rollback()
    assert count(Trainee) == 0
    assert count(Business) == 0
    assert count(AuditEvent) == before_events


def test_register_commits_trainee_and_event_together(app, factory):
    officer = factory.user(Role.OFFICER)
    trainee = services.register_trainee(factory.trainee_data(), actor=officer, today=TODAY)
    db.session.commit()
    trainee_id = trainee.id
    db.session.expunge_all()
    assert db.session.get(Trainee, trainee_id) is not None
    assert len(events("trainee.created", trainee_id)) == 1


def test_consent_is_recorded_by_the_actor(app, factory):
    officer = factory.user(Role.OFFICER)
    trainee = services.register_trainee(factory.trainee_data(), actor=officer, today=TODAY)
    assert trainee.consent_recorded_by_id == officer.id


def test_kecamatan_is_derived_from_the_kelurahan(app, factory):
    # Dago is a kelurahan of Coblong (32.73.02); a caller cannot set a kecamatan.
    trainee = factory.trainee(kelurahan_code="32.73.02.1004")
    assert trainee.kecamatan_code == "32.73.02"
    assert trainee.kecamatan.name == "Coblong"


def test_duplicate_nik_is_refused_by_the_service(app, factory):
    first = factory.trainee()
    duplicate = factory.trainee_data(nik=first.nik, born_on=first.born_on, gender=first.gender)
    with pytest.raises(ValidationFailed) as info:
        services.register_trainee(duplicate, actor=factory.admin, today=TODAY)
    assert "already registered" in info.value.errors["nik"]
    db.session.rollback()
    assert count(Trainee) == 1


def test_duplicate_nik_is_refused_by_the_database(app, factory):
    first = factory.trainee()
    row = {c.name: getattr(first, c.name) for c in Trainee.__table__.columns if c.name != "id"}
    row["user_id"] = None
    with pytest.raises(IntegrityError):
        db.session.execute(insert(Trainee), [row])
    db.session.rollback()


def test_mentor_must_have_the_mentor_role(app, factory):
    officer = factory.user(Role.OFFICER)
    mentor = factory.user(Role.MENTOR)
    with pytest.raises(ValidationFailed) as info:
        services.register_trainee(factory.trainee_data(mentor_id=officer.id), actor=factory.admin, today=TODAY)
    assert "mentor_id" in info.value.errors
    with pytest.raises(ValidationFailed) as info:
        services.register_trainee(factory.trainee_data(officer_id=mentor.id), actor=factory.admin, today=TODAY)
    assert "officer_id" in info.value.errors
    trainee = services.register_trainee(
        factory.trainee_data(mentor_id=mentor.id, officer_id=officer.id), actor=factory.admin, today=TODAY
    )
    assert trainee.mentor_id == mentor.id and trainee.officer_id == officer.id


def test_disabled_mentor_cannot_be_assigned(app, factory):
    from accounts import services as account_services
    from extensions import utcnow

    mentor = factory.user(Role.MENTOR)
    account_services.set_enabled(mentor, False, actor=factory.admin, now=utcnow())
    db.session.commit()
    with pytest.raises(ValidationFailed) as info:
        services.register_trainee(factory.trainee_data(mentor_id=mentor.id), actor=factory.admin, today=TODAY)
    assert "mentor_id" in info.value.errors


def test_linked_account_must_be_a_trainee_user(app, factory):
    mentor = factory.user(Role.MENTOR)
    with pytest.raises(ValidationFailed) as info:
        services.register_trainee(factory.trainee_data(user_id=mentor.id), actor=factory.admin, today=TODAY)
    assert "user_id" in info.value.errors


def test_linked_account_cannot_be_linked_to_two_trainees(app, factory):
    account = factory.user(Role.TRAINEE)
    factory.trainee(user_id=account.id)
    with pytest.raises(ValidationFailed) as info:
        services.register_trainee(factory.trainee_data(user_id=account.id), actor=factory.admin, today=TODAY)
    assert "already linked" in info.value.errors["user_id"]


# --- update_trainee ---------------------------------------------------------------


def _data_of(trainee, **overrides):
    values = {name: getattr(trainee, name) for name in services.TraineeData.__dataclass_fields__ if name != "business"}
    b = trainee.business
    values["business"] = None if b is None else BusinessData(
        name=b.name, sector=b.sector, started_on=b.started_on, nib=b.nib, at_home=b.at_home, address=b.address,
        description=b.description,
    )
    values.update(overrides)
    return services.TraineeData(**values)


def test_update_records_changed_fields_by_the_actor(app, factory):
    trainee = factory.trainee(household_size=4)
    officer = factory.user(Role.OFFICER)
    services.update_trainee(trainee, _data_of(trainee, household_size=6, phone="0813 1111 2222"),
                            actor=officer, today=TODAY)
    db.session.commit()
    [event] = events("trainee.updated", trainee.id)
    assert event.actor_id == officer.id
    assert event.details["changes"]["household_size"] == [4, 6]
    assert event.details["changes"]["phone"][1] == "+6281311112222"
    assert set(event.details["changes"]) == {"household_size", "phone"}


def test_update_without_changes_writes_no_event(app, factory):
    trainee = factory.trainee()
    services.update_trainee(trainee, _data_of(trainee), actor=factory.admin, today=TODAY)
    db.session.commit()
    assert events("trainee.updated", trainee.id) == []


def test_update_rolled_back_leaves_neither_change_nor_event(app, factory):
    trainee = factory.trainee(household_size=4)
    trainee_id = trainee.id
    services.update_trainee(trainee, _data_of(trainee, household_size=9), actor=factory.admin, today=TODAY)
    db.session.rollback()
    db.session.expunge_all()
    assert db.session.get(Trainee, trainee_id).household_size == 4
    assert events("trainee.updated", trainee_id) == []


def test_nik_change_is_audited_without_the_values(app, factory):
    trainee = factory.trainee(gender="M", born_on=date(1990, 3, 15))
    old_nik = trainee.nik
    new_nik = build_nik("327302", date(1990, 3, 15), "M", 77)
    services.update_trainee(trainee, _data_of(trainee, nik=new_nik), actor=factory.admin, today=TODAY)
    db.session.commit()
    [event] = events("trainee.updated", trainee.id)
    assert "nik" in event.details["changes"]
    assert old_nik not in str(event.details) and new_nik not in str(event.details)


def test_update_refuses_the_nik_of_another_trainee(app, factory):
    other = factory.trainee(gender="F", born_on=date(1992, 5, 5))
    trainee = factory.trainee(gender="F", born_on=date(1992, 5, 5))
    with pytest.raises(ValidationFailed) as info:
        services.update_trainee(trainee, _data_of(trainee, nik=other.nik), actor=factory.admin, today=TODAY)
    assert "already registered" in info.value.errors["nik"]


def test_update_keeps_own_linked_account(app, factory):
    account = factory.user(Role.TRAINEE)
    trainee = factory.trainee(user_id=account.id)
    services.update_trainee(trainee, _data_of(trainee, household_size=5), actor=factory.admin, today=TODAY)
    assert trainee.user_id == account.id


def test_changing_consent_date_records_the_new_recorder(app, factory):
    trainee = factory.trainee()
    assert trainee.consent_recorded_by_id == factory.admin.id
    officer = factory.user(Role.OFFICER)
    services.update_trainee(trainee, _data_of(trainee, household_size=7), actor=officer, today=TODAY)
    assert trainee.consent_recorded_by_id == factory.admin.id  # consent unchanged
    services.update_trainee(trainee, _data_of(trainee, consent_on=date(2026, 2, 1)), actor=officer, today=TODAY)
    assert trainee.consent_recorded_by_id == officer.id


def test_update_moves_kecamatan_with_the_kelurahan(app, factory):
    trainee = factory.trainee(kelurahan_code="32.73.01.1001")
    services.update_trainee(trainee, _data_of(trainee, kelurahan_code="32.73.02.1004"), actor=factory.admin,
                            today=TODAY)
    assert trainee.kecamatan_code == "32.73.02"


def test_removing_the_business_is_audited(app, factory):
    trainee = factory.trainee()
    assert trainee.business is not None
    services.update_trainee(trainee, _data_of(trainee, business=None), actor=factory.admin, today=TODAY)
    db.session.commit()
    assert count(Business) == 0
    [event] = events("trainee.updated", trainee.id)
    assert event.details["changes"]["business.name"][1] is None


def test_adding_a_business_is_audited(app, factory):
    trainee = factory.trainee(business=None)
    services.update_trainee(
        trainee, _data_of(trainee, business=BusinessData(name="Batik Ibu", sector="crafts")), actor=factory.admin,
        today=TODAY,
    )
    db.session.commit()
    assert trainee.business.name == "Batik Ibu"
    [event] = events("trainee.updated", trainee.id)
    assert event.details["changes"]["business.name"] == [None, "Batik Ibu"]


# --- visibility -------------------------------------------------------------------


@pytest.fixture
def population(app, factory):
    mentor, other_mentor = factory.user(Role.MENTOR), factory.user(Role.MENTOR)
    account = factory.user(Role.TRAINEE)
    trainees = {
        "mine": factory.trainee(mentor_id=mentor.id),
        "also_mine": factory.trainee(mentor_id=mentor.id),
        "other": factory.trainee(mentor_id=other_mentor.id),
        "linked": factory.trainee(user_id=account.id),
        "nobody": factory.trainee(),
    }
    return dict(mentor=mentor, other_mentor=other_mentor, account=account, trainees=trainees)


def visible_ids(user) -> set[int]:
    return set(db.session.scalars(services.visible_trainees(user).with_only_columns(Trainee.id)))


def test_admin_and_officer_see_every_trainee(population, factory):
    every = {t.id for t in population["trainees"].values()}
    assert visible_ids(factory.admin) == every
    assert visible_ids(factory.user(Role.OFFICER)) == every


def test_mentor_sees_only_assigned_trainees(population):
    t = population["trainees"]
    assert visible_ids(population["mentor"]) == {t["mine"].id, t["also_mine"].id}
    assert visible_ids(population["other_mentor"]) == {t["other"].id}


def test_trainee_user_sees_only_their_own_record(population, factory):
    assert visible_ids(population["account"]) == {population["trainees"]["linked"].id}
    assert visible_ids(factory.user(Role.TRAINEE)) == set()  # not linked: nothing


def test_filters_cannot_widen_a_mentors_view(population):
    query = services.filtered_trainees(population["mentor"], TraineeFilters(mentor_id=population["other_mentor"].id))
    assert list(db.session.scalars(query)) == []
