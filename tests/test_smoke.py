def test_healthz_reports_database_ok(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}


def test_migrations_seed_all_kota_bandung_wilayah(app):
    from sqlalchemy import func, select

    from extensions import db
    from trainees.models import Kecamatan, Kelurahan

    assert db.session.scalar(select(func.count()).select_from(Kecamatan)) == 30
    assert db.session.scalar(select(func.count()).select_from(Kelurahan)) == 151


def test_admin_can_register_trainee_through_factory(factory, login, client):
    admin = login("admin")
    trainee = factory.trainee(actor=admin)
    response = client.get(f"/trainees/{trainee.id}")
    assert response.status_code == 200
    assert trainee.full_name in response.get_data(as_text=True)
