"""Trainee pages through the test client: forms, access, search, filters, query counts."""
from __future__ import annotations

import re
from datetime import date

import pytest
from sqlalchemy import func, select

from accounts.models import AuditEvent, Role
from extensions import db
from trainees.identity import build_nik
from trainees.models import Trainee
from tests.query_count import measure_get as _measure


def form_data(data, **overrides) -> dict:
    """The POST body a browser sends for ``TraineeData`` (business included)."""
    form = {
        "nik": data.nik,
        "full_name": data.full_name,
        "gender": data.gender,
        "born_on": data.born_on.isoformat(),
        "phone": data.phone or "",
        "address": data.address,
        "rt": data.rt,
        "rw": data.rw,
        "kelurahan_code": data.kelurahan_code,
        "household_size": str(data.household_size),
        "poverty_status": data.poverty_status,
        "welfare_decile": str(data.welfare_decile),
        "joined_on": data.joined_on.isoformat(),
        "consent_on": data.consent_on.isoformat(),
        "mentor_id": str(data.mentor_id or ""),
        "officer_id": str(data.officer_id or ""),
        "user_id": str(data.user_id or ""),
    }
    if data.business is not None:
        form.update(has_business="y", business_name=data.business.name, business_sector=data.business.sector,
                    business_at_home="y")
    form.update(overrides)
    return form


def trainee_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Trainee))


def text(response) -> str:
    return response.get_data(as_text=True)


def listed_names(response) -> set[str]:
    """Names linked from the list table."""
    return set(re.findall(r'<td data-label="[^"]*"><a href="/trainees/\d+">([^<]+)</a>', text(response)))


# --- create / edit ----------------------------------------------------------------


def test_create_with_a_bad_nik_shows_the_error_and_saves_nothing(client, login, factory):
    login("admin")
    data = factory.trainee_data()
    bad = data.nik[:6] + "31" + "02" + data.nik[10:]  # 31 February
    response = client.post("/trainees/new", data=form_data(data, nik=bad))
    assert response.status_code == 400
    page = text(response)
    assert "is-invalid" in page
    assert "birth date" in page.lower() or "tanggal lahir" in page.lower()
    assert data.full_name in page  # the form keeps what was typed
    assert trainee_count() == 0


def test_create_with_nik_of_wrong_gender_is_refused(client, login, factory):
    login("admin")
    data = factory.trainee_data(gender="F", born_on=date(1990, 3, 15))
    response = client.post("/trainees/new", data=form_data(data, gender="M"))
    assert response.status_code == 400
    assert trainee_count() == 0


def test_create_persists_and_redirects_to_the_detail_page(client, login, factory):
    admin = login("admin")
    mentor = factory.user(Role.MENTOR)
    data = factory.trainee_data(kelurahan_code="32.73.02.1004", mentor_id=mentor.id, phone="0812 7777 8888")
    response = client.post("/trainees/new", data=form_data(data))
    assert response.status_code == 302
    trainee = db.session.scalar(select(Trainee).where(Trainee.nik == data.nik))
    assert trainee is not None
    assert response.headers["Location"].endswith(f"/trainees/{trainee.id}")
    assert trainee.phone == "+6281277778888"
    assert trainee.kecamatan_code == "32.73.02"
    assert trainee.mentor_id == mentor.id
    assert trainee.consent_recorded_by_id == admin.id
    assert trainee.business.name == data.business.name
    detail = client.get(response.headers["Location"])
    assert detail.status_code == 200 and data.full_name in text(detail)


def test_duplicate_nik_through_the_form_is_refused(client, login, factory):
    login("admin")
    existing = factory.trainee()
    data = factory.trainee_data(nik=existing.nik, born_on=existing.born_on, gender=existing.gender)
    response = client.post("/trainees/new", data=form_data(data))
    assert response.status_code == 400
    assert trainee_count() == 1


def test_edit_persists_and_audits_the_changes(client, login, factory):
    officer = login("officer")
    trainee = factory.trainee(household_size=4, welfare_decile=2)
    data = factory.trainee_data(nik=trainee.nik, born_on=trainee.born_on, gender=trainee.gender,
                                full_name=trainee.full_name, phone=trainee.phone, address=trainee.address)
    response = client.post(f"/trainees/{trainee.id}/edit",
                           data=form_data(data, household_size="7", welfare_decile="3"))
    assert response.status_code == 302
    db.session.expire_all()
    assert (trainee.household_size, trainee.welfare_decile) == (7, 3)
    event_ = db.session.scalar(select(AuditEvent).where(AuditEvent.action == "trainee.updated"))
    assert event_.actor_id == officer.id
    assert event_.entity_id == str(trainee.id)
    assert event_.details["changes"]["household_size"] == [4, 7]
    assert event_.details["changes"]["welfare_decile"] == [2, 3]
    # The change history on the detail page shows it.
    assert "household_size" in text(client.get(f"/trainees/{trainee.id}"))


def test_edit_with_invalid_data_changes_nothing(client, login, factory):
    login("admin")
    trainee = factory.trainee(household_size=4)
    data = factory.trainee_data(nik=trainee.nik, born_on=trainee.born_on, gender=trainee.gender)
    response = client.post(f"/trainees/{trainee.id}/edit", data=form_data(data, household_size="7", rt="0"))
    assert response.status_code == 400
    db.session.expire_all()
    assert trainee.household_size == 4
    assert db.session.scalar(select(AuditEvent).where(AuditEvent.action == "trainee.updated")) is None


def test_edit_form_is_prefilled(client, login, factory):
    login("admin")
    trainee = factory.trainee()
    page = text(client.get(f"/trainees/{trainee.id}/edit"))
    assert f'value="{trainee.nik}"' in page
    assert trainee.business.name in page


@pytest.mark.parametrize("role", ["mentor", "trainee"])
def test_only_admin_and_officer_may_create_or_edit(client, login, factory, role):
    user = login(role)
    trainee = factory.trainee(**({"mentor_id": user.id} if role == "mentor" else {"user_id": user.id}))
    assert client.get("/trainees/new").status_code == 403
    assert client.post("/trainees/new", data=form_data(factory.trainee_data())).status_code == 403
    assert client.get(f"/trainees/{trainee.id}/edit").status_code == 403
    assert trainee_count() == 1


def test_anonymous_user_is_sent_to_login(client, factory):
    trainee = factory.trainee()
    for url in ("/trainees/", f"/trainees/{trainee.id}", "/trainees/new", "/trainees/export.csv"):
        response = client.get(url)
        assert response.status_code == 302 and "/login" in response.headers["Location"], url


# --- object-level access ----------------------------------------------------------


def test_trainee_user_sees_own_record_and_not_anothers(client, login, factory):
    account = login("trainee")
    own = factory.trainee(user_id=account.id)
    other = factory.trainee()
    assert client.get(f"/trainees/{own.id}").status_code == 200
    assert client.get(f"/trainees/{other.id}").status_code == 404
    assert client.get("/trainees/999999").status_code == 404
    assert client.get("/trainees/").status_code == 403  # no list for trainees


def test_mentor_gets_404_for_an_unassigned_trainee(client, login, factory):
    mentor = login("mentor")
    mine = factory.trainee(mentor_id=mentor.id)
    other = factory.trainee(mentor_id=factory.user(Role.MENTOR).id)
    unassigned = factory.trainee()
    assert client.get(f"/trainees/{mine.id}").status_code == 200
    assert client.get(f"/trainees/{other.id}").status_code == 404
    assert client.get(f"/trainees/{unassigned.id}").status_code == 404


def test_mentor_list_shows_only_assigned_trainees(client, login, factory):
    mentor = login("mentor")
    mine = [factory.trainee(mentor_id=mentor.id, full_name=f"Milik Mentor {i}") for i in range(3)]
    factory.trainee(full_name="Tanpa Mentor")
    factory.trainee(mentor_id=factory.user(Role.MENTOR).id, full_name="Mentor Lain")
    response = client.get("/trainees/")
    assert response.status_code == 200
    assert listed_names(response) == {t.full_name for t in mine}
    # Asking for another mentor's trainees gives nothing more.
    response = client.get("/trainees/", query_string={"mentor": mentor.id + 1, "q": "Mentor"})
    assert listed_names(response) == {t.full_name for t in mine}


# --- search and filters -----------------------------------------------------------


@pytest.fixture
def registry(factory):
    mentor, officer = factory.user(Role.MENTOR), factory.user(Role.OFFICER)
    people = {
        "ani": factory.trainee(full_name="Ani Suryani", kelurahan_code="32.73.01.1001", poverty_status="poor",
                               phone="0812-1111-2222", mentor_id=mentor.id),
        "budi": factory.trainee(full_name="Budi Santoso", kelurahan_code="32.73.01.1002",
                                poverty_status="extreme_poor", officer_id=officer.id, gender="M",
                                born_on=date(1980, 7, 9), nik=build_nik("327302", date(1980, 7, 9), "M", 42)),
        "cici": factory.trainee(full_name="Cici Lestari", kelurahan_code="32.73.02.1004", poverty_status="near_poor",
                                mentor_id=mentor.id, officer_id=officer.id),
    }
    return dict(people=people, mentor=mentor, officer=officer)


def names(client, **args) -> set[str]:
    response = client.get("/trainees/", query_string=args)
    assert response.status_code == 200
    return listed_names(response)


def test_search_by_part_of_the_name_ignores_case(client, login, registry):
    login("admin")
    assert names(client, q="suryani") == {"Ani Suryani"}
    assert names(client, q="SANTO") == {"Budi Santoso"}
    assert names(client, q="nobody-like-this") == set()


def test_like_wildcards_in_the_search_are_plain_text(client, login, registry, factory):
    login("admin")
    assert names(client, q="%") == set()
    assert names(client, q="A_i") == set()
    factory.trainee(full_name="Warung 100% Halal")
    assert names(client, q="100%") == {"Warung 100% Halal"}


def test_search_by_nik_prefix(client, login, registry):
    login("officer")
    budi = registry["people"]["budi"]
    assert names(client, q=budi.nik[:8]) == {"Budi Santoso"}
    assert names(client, q=budi.nik) == {"Budi Santoso"}
    assert names(client, q="327301") == {"Ani Suryani", "Cici Lestari"}


def test_search_by_phone_as_typed_locally(client, login, registry):
    login("admin")
    assert names(client, q="081211112222") == {"Ani Suryani"}
    assert names(client, q="0812-1111-2222") == {"Ani Suryani"}
    assert names(client, q="+62 812 1111 2222") == {"Ani Suryani"}


def test_filter_by_kecamatan_and_kelurahan(client, login, registry):
    login("admin")
    assert names(client, kecamatan="32.73.01") == {"Ani Suryani", "Budi Santoso"}
    assert names(client, kecamatan="32.73.02") == {"Cici Lestari"}
    assert names(client, kecamatan="32.73.01", kelurahan="32.73.01.1002") == {"Budi Santoso"}


def test_filter_by_poverty_status_mentor_and_officer(client, login, registry):
    login("admin")
    assert names(client, poverty_status="extreme_poor") == {"Budi Santoso"}
    assert names(client, poverty_status="not-a-status") == {"Ani Suryani", "Budi Santoso", "Cici Lestari"}
    assert names(client, mentor=registry["mentor"].id) == {"Ani Suryani", "Cici Lestari"}
    assert names(client, officer=registry["officer"].id) == {"Budi Santoso", "Cici Lestari"}
    assert names(client, mentor=registry["mentor"].id, officer=registry["officer"].id) == {"Cici Lestari"}


def test_filters_combine_with_search(client, login, registry):
    login("admin")
    assert names(client, q="i", kecamatan="32.73.02") == {"Cici Lestari"}


def test_list_is_paginated(app, client, login, factory):
    login("admin")
    app.config["TRAINEES_PER_PAGE"] = 4
    created = {factory.trainee(full_name=f"Peserta {i:02d}").full_name for i in range(10)}
    pages = [names(client, page=p) for p in (1, 2, 3)]
    assert [len(p) for p in pages] == [4, 4, 2]
    assert set().union(*pages) == created
    assert sorted(pages[0])[0] == "Peserta 00"  # ordered by name
    assert "10 " in text(client.get("/trainees/"))  # the total, not the page size
    assert names(client, page=99) == set()  # beyond the end: empty, not an error


# --- query counts (N+1) -----------------------------------------------------------
#
# The test client's requests reuse the test's app context (the ``app`` fixture pushes
# one), hence its session: objects
# the test created would sit in the identity map and hide lazy loads (a many-to-one
# lazy load by primary key is answered from the identity map without SQL). Each
# measured request therefore starts from an empty session, as in production.


def _populate(factory, n, mentor_ids, officer_ids):
    # The measured requests cleared the session: take the factory's admin back in.
    factory._admin = db.session.merge(factory.admin)
    for i in range(n):
        factory.trainee(mentor_id=mentor_ids[i % len(mentor_ids)], officer_id=officer_ids[i % len(officer_ids)],
                        kelurahan_code=["32.73.01.1001", "32.73.02.1004", "32.73.03.1001"][i % 3])


def _user_ids(factory, role, n):
    return [factory.user(role).id for _ in range(n)]


def test_list_page_query_count_does_not_grow_with_trainees(client, login, factory):
    login("admin")
    mentors, officers = _user_ids(factory, Role.MENTOR, 5), _user_ids(factory, Role.OFFICER, 5)
    _populate(factory, 5, mentors, officers)
    few = _measure(client, "/trainees/")
    _populate(factory, 25, mentors, officers)  # 30 in all, more than one page of 25
    many = _measure(client, "/trainees/")
    assert many == few, (few, many)
    assert few <= 8


def test_filtered_list_query_count_does_not_grow_with_trainees(client, login, factory):
    login("admin")
    mentors, officers = _user_ids(factory, Role.MENTOR, 5), _user_ids(factory, Role.OFFICER, 5)
    _populate(factory, 5, mentors, officers)
    url = "/trainees/?kecamatan=32.73.01&q=Siti"
    few = _measure(client, url)
    _populate(factory, 25, mentors, officers)
    assert _measure(client, url) == few


def test_mentor_list_query_count_does_not_grow_with_trainees(client, login, factory):
    mentor_id = login("mentor").id
    officers = _user_ids(factory, Role.OFFICER, 3)
    _populate(factory, 5, [mentor_id], officers)
    few = _measure(client, "/trainees/")
    _populate(factory, 25, [mentor_id], officers)
    assert _measure(client, "/trainees/") == few


def test_detail_page_query_count_is_constant(client, login, factory):
    from tests.trainees.test_services import _data_of
    from trainees import services

    login("admin")
    mentors, officers = _user_ids(factory, Role.MENTOR, 3), _user_ids(factory, Role.OFFICER, 3)
    _populate(factory, 5, mentors, officers)
    account = factory.user(Role.TRAINEE)
    target_id = factory.trainee(mentor_id=mentors[0], officer_id=officers[0], user_id=account.id).id
    few = _measure(client, f"/trainees/{target_id}")
    _populate(factory, 25, mentors, officers)
    # More history on the page: each update is one more audit event, each by another actor.
    for size in (5, 6, 7, 8):
        target = db.session.get(Trainee, target_id)  # fresh: the measured request cleared the session
        services.update_trainee(target, _data_of(target, household_size=size), actor=factory.user(Role.OFFICER),
                                today=date(2026, 11, 27))
        db.session.commit()
    many = _measure(client, f"/trainees/{target_id}")
    assert many == few, (few, many)
    assert few <= 11  # includes the navigation bar's unread-notifications count
