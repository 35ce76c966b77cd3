"""The questionnaire list says how many questions a form really asks (PHQ-9 asks 10)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from painscope.web.assessments import services

pytestmark = pytest.mark.django_db


def _tile_counts(html: str) -> dict[str, int]:
    """{tile link: number of questions} from the "Answer a questionnaire" list."""
    section = html.split('id="avail-h"', 1)[1].split("</section>", 1)[0]
    return {
        href: int(n)
        for href, n in re.findall(
            r'<a class="tile" href="([^"]+)">.*?<span class="sub">(\d+) questions?</span>', section
        )
    }


def test_phq9_tile_counts_the_tenth_question_the_form_asks(client, person):
    counts = _tile_counts(client.get(reverse("assessments")).content.decode())
    assert counts[reverse("assessment_take", args=["phq9"])] == 10
    form = client.get(reverse("assessment_take", args=["phq9"])).content.decode()
    assert "Question 10 of 10" in form


def test_every_tile_matches_the_questions_on_its_form(client, person):
    counts = _tile_counts(client.get(reverse("assessments")).content.decode())
    available = [e for e in services.catalogue() if e.available]
    assert len(counts) == len(available) >= 3
    for entry in available:
        form = client.get(entry.url).content.decode()
        shown = {int(m) for m in re.findall(r"Question \d+ of (\d+)", form)}
        assert shown == {counts[entry.url]}, entry.id
