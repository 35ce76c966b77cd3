"""A visitor who is not signed in sees what painscope is, who runs it and how data is kept."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse

from painscope.web.care.services import MAX_DAYS
from painscope.web.welcome import views as welcome_views
from tests.web.test_look_and_feel import FOOTER, audit

pytestmark = pytest.mark.django_db

CSS = Path(__file__).resolve().parents[2] / "painscope/web/welcome/static/welcome/landing.css"


def landing(client) -> str:
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_visitor_sees_what_the_site_is_in_one_plain_sentence_first(client):
    page = landing(client)
    main = page.split('<main id="main"', 1)[1]
    first = re.search(r"<p[^>]*>(.*?)</p>", main).group(1)
    assert first == "painscope is a diary for pain that lasts a long time."
    assert "It does not give a diagnosis." in page and FOOTER in page
    assert f'href="{reverse("explain")}">How pain works</a>' in page


def test_sign_in_and_create_account_are_big_buttons(client, settings):
    settings.SIGNUP_ENABLED = True
    page = landing(client)
    assert re.search(
        rf'<a class="button landing-button" href="{reverse("login")}">Sign in</a>', page
    )
    assert re.search(
        rf'<a class="button button-secondary landing-button" href="{reverse("signup")}">Create an account</a>',
        page,
    )
    assert "welcome/landing.css" in page
    assert re.search(
        r"\.landing-button \{[^}]*min-height: 48px", CSS.read_text()
    )  # >= 44 px (WCAG 2.5.5)


def test_no_create_account_button_when_sign_up_is_off(client, settings):
    settings.SIGNUP_ENABLED = False
    page = landing(client)
    assert "Create an account" not in page and reverse("signup") not in page
    assert ">Sign in</a>" in page


def test_an_operator_who_said_nothing_is_not_invented(client, settings):
    settings.SITE_OPERATOR = ""
    settings.SITE_CONTACT = ""
    page = landing(client)
    assert "The person running this copy of painscope has not said who they are." in page
    section = page.split('id="operator-h"', 1)[1].split("</section>", 1)[0]
    assert "run by" not in section and "mailto:" not in section and "<strong>" not in section


def test_the_operator_and_contact_come_from_settings(client, settings):
    settings.SITE_OPERATOR = "Riverside Pain Clinic"
    settings.SITE_CONTACT = "privacy@riverside.example"
    page = landing(client)
    assert "This copy of painscope is run by <strong>Riverside Pain Clinic</strong>." in page
    assert '<a href="mailto:privacy@riverside.example">privacy@riverside.example</a>' in page
    assert "has not said who they are" not in page


def test_operator_settings_are_read_from_the_environment(tmp_path):
    env = {
        **os.environ,
        "PAINSCOPE_DATA_DIR": str(tmp_path),
        "PAINSCOPE_SITE_OPERATOR": " Dr Ada Lovelace ",
        "PAINSCOPE_SITE_CONTACT": "https://example.org/contact",
    }
    code = "from painscope.web import settings as s; print(repr((s.SITE_OPERATOR, s.SITE_CONTACT)))"
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout
    assert out.strip() == repr(("Dr Ada Lovelace", "https://example.org/contact"))


def test_operator_text_is_escaped(client, settings):
    settings.SITE_OPERATOR = "<script>x</script>"
    settings.SITE_CONTACT = "call 0123 <b>"
    page = landing(client)
    assert "<script>x</script>" not in page and "&lt;script&gt;" in page
    assert "call 0123 &lt;b&gt;" in page  # not an address: shown as text, not linked


def test_data_claims_match_what_the_site_does(client):
    page = landing(client)
    data = page.split('id="data-h"', 1)[1].split("</section>", 1)[0]
    from django.db import connection

    # the test store: SQLite like the default one, or PostgreSQL on the PostgreSQL run
    assert ("a SQLite database file" if connection.vendor == "sqlite" else "a PostgreSQL database") in data
    assert f"at most {MAX_DAYS} days" in data
    # each promise has a working page behind it: sharing, the audit log, export, deletion
    for name in (
        "care_invite",
        "care_revoke",
        "care_audit",
        "export_csv",
        "export_fhir",
        "delete_account",
    ):
        assert reverse(name, args=[1] if name == "care_revoke" else [])
    # nothing the code does not do
    for claim in (
        "encrypt",
        "anonym",
        "HIPAA",
        "GDPR",
        "never shared",
        "we will contact",
        "staff",
        "24/7",
        "guarantee",
        "cure",
    ):
        assert claim.lower() not in page.lower(), claim


def test_store_names_postgresql_when_configured(monkeypatch):
    pg = SimpleNamespace(DATABASES={"default": {"ENGINE": "django.db.backends.postgresql"}})
    monkeypatch.setattr(welcome_views, "settings", pg)
    assert welcome_views._store() == "a PostgreSQL database"


def test_landing_page_is_accessible_without_inline_code(client):
    page = landing(client)
    found = audit(page)
    assert found.inline_scripts == 0 and found.styles == 0 and found.external == []
    assert page.count("<h1") == 1


def test_signed_in_person_still_gets_the_overview(client, person):
    response = client.get("/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "<h1>Overview</h1>" in page or "Overview</h1>" in page
    assert "has not said who they are" not in page and "landing.css" not in page
    assert reverse("dashboard") == "/"


def test_pages_that_need_an_account_still_send_visitors_to_sign_in(client):
    response = client.get(reverse("entries"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
