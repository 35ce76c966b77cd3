"""Navigation for thumbs and the first-run tour (issue 16).

Phones get a bottom bar of the four daily things (Check in, Overview, Medications, More);
every other section is on the More page, each with one plain sentence; wide screens list
every section in the header. A new person sees a short tour on the overview until "Got it".
"""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from painscope.web.accounts.models import Profile
from painscope.web.navigation import DAILY, SECTIONS

pytestmark = pytest.mark.django_db


def tabbar(page: str) -> str:
    return re.search(r'<nav aria-label="Daily" class="tabbar">(.*?)</nav>', page, re.S).group(1)


def test_the_bottom_bar_holds_the_four_daily_things(client, person):
    bar = tabbar(client.get(reverse("checkin")).content.decode())
    labels = re.findall(r"<span>([^<]+)</span>", bar)
    assert labels == ["Check in", "Overview", "Medications", "More"]
    assert re.search(r'href="/checkin/"\s+aria-current="page"', bar)


def test_more_is_the_current_tab_on_every_section_behind_it(client, person):
    bar = tabbar(client.get(reverse("insights")).content.decode())
    assert re.search(r'href="/more/"\s+aria-current="page"', bar)
    assert bar.count('aria-current="page"') == 1


def test_the_more_page_lists_every_other_section_with_a_sentence(client, person):
    page = client.get(reverse("more")).content.decode()
    behind = [s for s in SECTIONS if s.key not in DAILY]
    assert len(behind) == len(SECTIONS) - len(DAILY) == 10
    for s in behind:
        assert f'<a href="{s.url}"><span class="more-label">{s.label}</span><span class="more-says">{s.says}</span></a>' in page
    assert 'action="/accounts/logout/"' in page


def test_the_header_lists_every_section_for_wide_screens(client, person):
    page = client.get(reverse("dashboard")).content.decode()
    header = re.search(r'<nav aria-label="Main" class="nav-wide">(.*?)</nav>', page, re.S).group(1)
    assert [s.url for s in SECTIONS] == re.findall(r'href="([^"]+)"', header)


def test_visitors_get_no_bottom_bar():
    page = Client().get(reverse("login")).content.decode()
    assert 'class="tabbar"' not in page and "data-owner" not in page


def test_a_new_person_sees_the_tour_until_got_it(client, person):
    assert "Welcome to painscope" in client.get(reverse("dashboard")).content.decode()
    response = client.post(reverse("tour_done"))
    assert response.status_code == 302 and response["Location"] == reverse("dashboard")
    assert Profile.for_user(person).tour_done
    assert "Welcome to painscope" not in client.get(reverse("dashboard")).content.decode()


def test_putting_the_tour_away_needs_a_post(client, person):
    assert client.get(reverse("tour_done")).status_code == 405
    assert not Profile.for_user(person).tour_done
