"""Languages: Indonesian by default, English on request; dates and error pages follow.

Expected UI text comes from a catalogue compiled here from a tiny .po file, so these
tests check the mechanism (locale selection, catalogue lookup) whatever the state of
the project's own translations.
"""
from __future__ import annotations

import re
from datetime import date, datetime, timezone

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from flask_babel import force_locale, format_date, format_datetime, get_locale, gettext

from accounts.models import Role

HEADING = "Log in to Berdaya"  # the login page heading (templates/accounts/login.html)
TEST_ID_HEADING = "Masuk ke Berdaya [uji]"
TEST_EN_HEADING = "Log in to Berdaya [test]"


def _html_lang(response) -> str:
    match = re.search(r'<html lang="([^"]+)"', response.get_data(as_text=True))
    assert match, "no <html lang> attribute"
    return match.group(1)


@pytest.fixture
def fresh_translations(app):
    """Flask-Babel caches loaded catalogues per locale on the (process-wide) Babel object,
    whatever the app; empty that cache so an app with other catalogues loads its own."""
    from extensions import babel

    babel.domain_instance.cache.clear()
    yield
    babel.domain_instance.cache.clear()


@pytest.fixture
def test_catalogues(tmp_path, fresh_translations):
    for locale, text in (("id", TEST_ID_HEADING), ("en", TEST_EN_HEADING)):
        catalog = Catalog(locale=locale)
        catalog.add(HEADING, text)
        directory = tmp_path / locale / "LC_MESSAGES"
        directory.mkdir(parents=True)
        with open(directory / "messages.mo", "wb") as handle:
            write_mo(handle, catalog)
    return str(tmp_path)


@pytest.fixture
def i18n_client(app_factory, test_catalogues):
    return app_factory(BABEL_TRANSLATION_DIRECTORIES=test_catalogues).test_client()


def test_default_language_is_indonesian(i18n_client):
    response = i18n_client.get("/login")
    assert _html_lang(response) == "id"
    page = response.get_data(as_text=True)
    assert TEST_ID_HEADING in page and TEST_EN_HEADING not in page


def test_unsupported_accept_language_falls_back_to_indonesian(i18n_client):
    response = i18n_client.get("/login", headers={"Accept-Language": "fr-FR, de;q=0.8"})
    assert _html_lang(response) == "id"
    assert TEST_ID_HEADING in response.get_data(as_text=True)


def test_browser_asking_for_english_gets_english(i18n_client):
    response = i18n_client.get("/login", headers={"Accept-Language": "en-US,en;q=0.9"})
    assert _html_lang(response) == "en"
    assert TEST_EN_HEADING in response.get_data(as_text=True)


def test_language_switch_sets_the_session_and_the_page_language(i18n_client):
    response = i18n_client.post("/language", data={"language": "en", "next": "/login"})
    assert response.status_code == 302 and response.location == "/login"
    with i18n_client.session_transaction() as sess:
        assert sess["language"] == "en"
    response = i18n_client.get("/login")
    assert _html_lang(response) == "en"
    assert TEST_EN_HEADING in response.get_data(as_text=True)

    # The choice beats the browser's Accept-Language, and can be switched back.
    i18n_client.post("/language", data={"language": "id"})
    response = i18n_client.get("/login", headers={"Accept-Language": "en"})
    assert _html_lang(response) == "id"
    assert TEST_ID_HEADING in response.get_data(as_text=True)


@pytest.mark.parametrize("language", ["fr", "", "english"])
def test_unknown_language_is_refused(client, language):
    response = client.post("/language", data={"language": language})
    assert response.status_code == 400
    with client.session_transaction() as sess:
        assert "language" not in sess


def test_language_choice_survives_login_and_logout(app, client, factory):
    user = factory.user(Role.ADMIN)
    client.post("/language", data={"language": "en"})
    client.post("/login", data={"username": user.username, "password": factory.PASSWORD})
    assert _html_lang(client.get("/admin/users")) == "en"
    client.post("/logout")
    assert _html_lang(client.get("/login")) == "en"


def test_dates_are_formatted_per_locale(app):
    with app.test_request_context():
        with force_locale("id"):
            assert format_date(date(2026, 11, 27)) == "27 Nov 2026"
        with force_locale("en"):
            assert format_date(date(2026, 11, 27)) == "Nov 27, 2026"


def test_times_are_shown_in_bandung_time(app):
    with app.test_request_context():
        with force_locale("en"):
            # 17:30 UTC is 00:30 the next day in Western Indonesia Time (UTC+7).
            shown = format_datetime(datetime(2026, 11, 27, 17, 30, tzinfo=timezone.utc), "yyyy-MM-dd HH:mm")
    assert shown == "2026-11-28 00:30"


def test_date_filter_in_templates_follows_the_locale(app):
    from flask import render_template_string

    with app.test_request_context():
        for locale, expected in (("id", "27 Nov 2026"), ("en", "Nov 27, 2026")):
            with force_locale(locale):
                assert render_template_string("{{ d|date }}", d=date(2026, 11, 27)) == expected


def test_request_without_preference_selects_indonesian(app_factory):
    app = app_factory()  # its own contexts: the locale is cached per context
    with app.test_request_context("/"):
        assert str(get_locale()) == "id"
    with app.test_request_context("/", headers={"Accept-Language": "en"}):
        assert str(get_locale()) == "en"


def test_ui_strings_go_through_the_catalogue(app_factory, test_catalogues):
    app = app_factory(BABEL_TRANSLATION_DIRECTORIES=test_catalogues)
    with app.test_request_context():
        with force_locale("id"):
            assert gettext(HEADING) == TEST_ID_HEADING
        with force_locale("en"):
            assert gettext(HEADING) == TEST_EN_HEADING


# --- Error pages ----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["id", "en"])
def test_404_page_uses_the_localised_layout(client, language):
    client.post("/language", data={"language": language})
    response = client.get("/tidak-ada-halaman")
    assert response.status_code == 404
    assert _html_lang(response) == language
    page = response.get_data(as_text=True)
    assert "404" in page and 'class="navbar' in page  # the full layout, not a bare error


@pytest.mark.parametrize("language", ["id", "en"])
def test_403_page_uses_the_localised_layout(client, login, language):
    client.post("/language", data={"language": language})
    login("officer")
    response = client.get("/admin/users")
    assert response.status_code == 403
    assert _html_lang(response) == language
    page = response.get_data(as_text=True)
    assert "403" in page and 'class="navbar' in page


def test_error_page_text_is_translated(app_factory, tmp_path, fresh_translations):
    catalog = Catalog(locale="id")
    catalog.add("Page not found", "Halaman [uji] tidak ditemukan")
    directory = tmp_path / "id" / "LC_MESSAGES"
    directory.mkdir(parents=True)
    with open(directory / "messages.mo", "wb") as handle:
        write_mo(handle, catalog)
    client = app_factory(BABEL_TRANSLATION_DIRECTORIES=str(tmp_path)).test_client()
    response = client.get("/tidak-ada-halaman")
    assert response.status_code == 404
    assert "Halaman [uji] tidak ditemukan" in response.get_data(as_text=True)
