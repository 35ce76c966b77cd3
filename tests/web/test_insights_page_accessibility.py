"""The Insights pages on a phone: labels for every control, CSRF on every form, no inline
code, the education-not-diagnosis line, and charts that have a text alternative."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.web.test_insights_diaries import coffee_diary, store_daily
from tests.web.test_look_and_feel import FOOTER, audit

pytestmark = pytest.mark.django_db


@pytest.fixture
def person(client):
    user = get_user_model().objects.create_user("nia", password="a calm river 42")
    store_daily(user, coffee_diary(120))
    client.force_login(user)
    return user


def test_insights_pages_are_labelled_protected_and_script_free(client, person):
    for url in (reverse("insights"), reverse("insights_did_it_help")):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert FOOTER in page and "not a diagnosis" in page, url
        found = audit(page)
        unlabelled = [c for c in found.controls if not c["wrapped"] and c["id"] not in found.label_for and not c["aria"]]
        assert unlabelled == [], (url, unlabelled)
        assert found.inline_scripts == 0 and found.styles == 0 and found.external == [], url
        assert found.forms_post == found.forms_with_csrf, url


def test_every_chart_comes_with_words_or_a_table(client, person):
    page = client.get(reverse("insights")).content.decode()
    for chart in ("forest-chart", "flare-chart"):
        assert f'id="{chart}"' in page
        tag = page.split(f'id="{chart}"')[1].split(">")[0]
        assert 'role="img"' in tag and "aria-label=" in tag and "table below" in tag
    assert "The chart as a table" in page
    assert "Flare episodes found by the detector, newest first" in page or "found no stretch" in page
