"""A person reads "How pain works": public, plain words, a source for each claim, a described
diagram, and a calm box saying the model is education, not a diagnosis."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from tests.web.test_look_and_feel import FOOTER, audit

pytestmark = pytest.mark.django_db

HONESTY = (
    "This is an educational model of how pain systems behave in general, calibrated to published studies. "
    "It is not a picture of your body and it is not a diagnosis or a treatment recommendation."
)


def _text(page: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page))


def test_person_reads_the_explainer_without_signing_in(client):
    response = client.get(reverse("explain"))
    assert response.status_code == 200
    text = _text(response.content.decode())
    for idea in ("danger message", "gate", "The brain makes sense of it", "pain brakes",
                 "volume knob", "central sensitisation", "Stress", "Sleep", "Inflammation", "Vagal tone",
                 "Fear and avoiding", "neuroplasticity", "unlearn"):
        assert idea in text, idea


def test_page_says_it_is_not_a_diagnosis(client):
    page = client.get(reverse("explain")).content.decode()
    assert HONESTY in _text(page)
    assert FOOTER in page
    # the box comes before any explanation or number
    assert page.index('class="honesty"') < page.index('id="chain-h"') < page.index('id="try-h"')


def test_every_explained_claim_says_where_it_comes_from(client):
    page = client.get(reverse("explain")).content.decode()
    explainer = page[page.index('id="chain-h"'):page.index('id="try-h"')]
    claims = len(re.findall(r"<li>\s*<h3>|<article>|<h2 id=\"(?:volume|unlearn)-h\"", explainer))
    notes = re.findall(r'<p class="source-note"><strong>Where this comes from:</strong>([^<]+)', explainer)
    assert claims == len(notes) == 11
    # every note names a dated study (author and year), not just "research shows"
    assert all(re.search(r"[A-Z][a-z]+.*(19|20)\d\d", n) for n in notes), notes


def test_the_diagram_has_a_text_description(client):
    page = client.get(reverse("explain")).content.decode()
    svg = page[page.index("<svg"):page.index("</svg>")]
    assert 'role="img"' in svg and 'aria-labelledby="diagram-title diagram-desc"' in svg
    desc = re.search(r'<desc id="diagram-desc">([^<]+)</desc>', svg).group(1)
    for part in ("danger sensors", "gate in the spinal cord", "brain", "pain brakes", "volume"):
        assert part in desc, part
    # all four steps are also in the page as a numbered list
    assert len(re.findall(r"<li>\s*<h3>", page)) == 4


def test_page_is_labelled_and_script_free_for_a_phone(client):
    page = client.get(reverse("explain")).content.decode()
    found = audit(page)
    unlabelled = [c for c in found.controls if not c["wrapped"] and c["id"] not in found.label_for and not c["aria"]]
    assert unlabelled == []
    assert found.inline_scripts == 0 and found.styles == 0 and found.external == []
    assert '<form method="get"' in page and 'type="submit"' in page  # works without script


def test_signed_in_person_finds_it_in_the_menu(client, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    client.force_login(get_user_model().objects.create_user("lea", password="a calm river 42"))
    menu = client.get(reverse("dashboard")).content.decode()
    assert f'<a href="{reverse("explain")}"' in menu and "How pain works" in menu
    here = client.get(reverse("explain")).content.decode()
    assert f'<a href="{reverse("explain")}" aria-current="page">How pain works</a>' in here
