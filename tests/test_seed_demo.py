"""``flask seed-demo``: six users who can log in, valid trainees across Kota Bandung,
each with its audit event; deterministic for a seed."""
from __future__ import annotations

import random
from datetime import date

import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent, User
from extensions import db
from trainees import demo
from trainees.identity import parse_nik
from trainees.models import Kelurahan, Trainee

DEMO_USERNAMES = {"admin", "officer", "officer2", "mentor", "mentor2", "trainee"}


def _count(model, *where) -> int:
    return db.session.scalar(select(func.count()).select_from(model).where(*where))


@pytest.fixture
def seeded(runner):
    result = runner.invoke(args=["seed-demo", "--trainees", "300"])
    assert result.exit_code == 0, result.output
    return result


def test_the_six_demo_users_can_log_in(app, seeded):
    users = {u.username: u for u in db.session.scalars(select(User))}
    assert set(users) == DEMO_USERNAMES
    assert {u.role for u in users.values()} == {"admin", "officer", "mentor", "trainee"}
    for username in DEMO_USERNAMES:
        client = app.test_client()
        response = client.post("/login", data={"username": username, "password": app.config["DEMO_PASSWORD"]})
        assert response.status_code == 302, username
        assert client.get("/").status_code in (200, 302)


def test_the_trainee_user_is_linked_to_a_record_of_mentor_and_officer(seeded):
    users = {u.username: u for u in db.session.scalars(select(User))}
    linked = db.session.scalars(select(Trainee).where(Trainee.user_id.is_not(None))).all()
    assert len(linked) == 1
    record = linked[0]
    assert record.user_id == users["trainee"].id
    assert record.full_name == users["trainee"].full_name
    assert (record.mentor_id, record.officer_id) == (users["mentor"].id, users["officer"].id)


def test_every_trainee_has_an_audit_event_and_a_valid_nik(seeded):
    trainees = db.session.scalars(select(Trainee)).all()
    assert len(trainees) == 300
    audited = set(db.session.scalars(
        select(AuditEvent.entity_id).where(AuditEvent.action == "trainee.created", AuditEvent.entity_type == "trainee")
    ))
    assert audited == {str(t.id) for t in trainees}
    for t in trainees:
        info = parse_nik(t.nik)
        assert t.nik.startswith("3273" + t.kecamatan_code[-2:])
        assert info.gender == t.gender and info.matches_birth_date(t.born_on)
        assert t.phone is None or t.phone.startswith("+628")
        assert t.address.startswith("Jl. ")


def test_demo_trainees_cover_every_kelurahan_with_plausible_welfare_data(seeded):
    kelurahan = set(db.session.scalars(select(Trainee.kelurahan_code).distinct()))
    assert kelurahan == set(db.session.scalars(select(Kelurahan.code)))
    allowed = {"extreme_poor": {1}, "poor": {1, 2, 3}, "near_poor": {3, 4, 5}, "vulnerable": {4, 5, 6}}
    counts = dict.fromkeys(allowed, 0)
    for status, decile in db.session.execute(select(Trainee.poverty_status, Trainee.welfare_decile)):
        assert decile in allowed[status]
        counts[status] += 1
    assert counts["poor"] + counts["extreme_poor"] > counts["near_poor"] + counts["vulnerable"]
    mentors = db.session.execute(select(Trainee.mentor_id, func.count()).group_by(Trainee.mentor_id)).all()
    assert sorted(n for _, n in mentors) == [150, 150]


def test_seed_demo_twice_refuses_and_if_empty_does_nothing(runner, seeded):
    again = runner.invoke(args=["seed-demo", "--trainees", "5"])
    assert again.exit_code == 1 and "--reset" in again.output
    quiet = runner.invoke(args=["seed-demo", "--if-empty"])
    assert quiet.exit_code == 0
    assert _count(Trainee) == 300


def test_reset_starts_over_with_an_empty_audit_trail(runner, seeded):
    result = runner.invoke(args=["seed-demo", "--reset", "--trainees", "10"])
    assert result.exit_code == 0, result.output
    assert _count(Trainee) == 10
    assert _count(User) == 6
    assert _count(AuditEvent, AuditEvent.action == "trainee.created") == 10
    assert _count(Kelurahan) == 151


def test_the_generator_is_deterministic_for_a_seed():
    kelurahan = [("32.73.01.1001", "Sukarasa", "32.73.01"), ("32.73.02.1001", "Cipaganti", "32.73.02")]

    def generate(seed):
        return list(demo.demo_trainees(
            50, rng=random.Random(seed), today=date(2026, 11, 27), kelurahan=kelurahan,
            mentor_ids=[3, 4], officer_ids=[1, 2], linked_user=(9, "Siti Nurjanah"),
        ))

    first = generate(7)
    assert first == generate(7)
    assert first != generate(8)
    assert len({t.nik for t in first}) == 50
    assert first[0].user_id == 9 and first[0].full_name == "Siti Nurjanah" and first[0].gender == "F"
