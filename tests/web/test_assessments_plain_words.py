"""Result pages a person sees speak in words: no reference-document pointers, no ">=" notation."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from painscope import instruments as ins
from painscope.web.assessments import services
from painscope.web.assessments.templatetags.assessments_extras import in_words

pytestmark = pytest.mark.django_db


def highest_answers(instrument_id: str) -> dict:
    """Every scored item at its highest answer (every cut-off flag fires)."""
    out = {}
    for it in ins.items_for_display(instrument_id):
        if it["type"] == "display" or not it.get("scored", True):
            continue
        if it["type"] == "boolean":
            out[it["link_id"]] = True
        elif it["answers"]:
            out[it["link_id"]] = max(it["answers"], key=lambda o: o["value"])["value"]
        elif it.get("maximum") is not None:
            out[it["link_id"]] = it["maximum"]
    return out


@pytest.mark.parametrize("instrument_id", [e.id for e in services.catalogue() if e.available])
def test_result_page_has_no_jargon(client, person, instrument_id):
    answers = highest_answers(instrument_id)
    if instrument_id == "phq9":
        answers["phq9-2"] = None  # also show the prorating note
    adm = services.score_and_store(person, instrument_id, answers)
    html = re.sub(r"\s+", " ", client.get(reverse("assessment_result", args=[adm.pk])).content.decode())
    main = html.split('<main id="main"', 1)[1]
    assert "INSTRUMENTS.md" not in main and "§" not in main
    assert "&gt;=" not in main and "&lt;=" not in main and ">=" not in main


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("PHQ-9 total >= 10: screen positive for major depression",
         "PHQ-9 total of 10 or more: screen positive for major depression"),
        ("Kroenke 2001; item 9 needs follow-up (INSTRUMENTS.md §3.7)", "Kroenke 2001; item 9 needs follow-up"),
        ("round(mean x 9) (INSTRUMENTS.md §3.7; no official rule)", "round(mean x 9) (no official rule)"),
        ("needs WPI >= 7 with SSS <= 4", "needs WPI of 7 or more with SSS of 4 or less"),
        ("FS 12 < 13", "FS 12 below 13"),
    ],
)
def test_in_words_rewrites_notation(text, words):
    assert in_words(text) == words
