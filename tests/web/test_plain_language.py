"""Plain language first (issue 16): every analysis opens with one plain sentence a tired
reader understands; the numbers and methods sit behind "How this was worked out".

The pages are rendered for the demo account (six months of diary, medications,
questionnaires, wearables and a programme: ``ensure_demo_account``), read with html.parser
(tests/web/plain_language_support.py) and each opening sentence is scored with textstat:
Flesch-Kincaid grade ≤ 7 (a reading age of about 12). The same figures are printed by
``benchmarks/readability.py`` and kept in docs/accessibility.md.
"""

from __future__ import annotations

from datetime import date

import pytest
from django.contrib.auth import get_user_model

from painscope.commands.web import DEMO_USERNAME, ensure_demo_account
from painscope.diary import plain as diary_plain
from painscope.diary.summary import PainSummary
from painscope.insights import plain as insights_plain
from painscope.insights.triggers import TriggerReport
from tests.web.plain_language_support import (
    JARGON,
    MAX_GRADE,
    demo_pages,
    jargon_in,
    read_page,
    readability,
)

#: The analyses each page must open with a plain sentence (their labels: aria-labelledby or
#: aria-label), so that a page that lost its markup fails rather than passes with nothing.
EXPECTED = {
    "Overview": {"summary-h", "insights-card-h", "wearables-card-h", "chart-h", "cal-h", "map-h", "adh-h"},
    "Insights": {"triggers-h", "flares-h", "forecast-h"},
    "Did it help?": {"change-result-h"},
    "Heart-rate variability": {"status-h", "chart-h"},
    "PHQ-9 over time": {"Your results"},
    "PEG over time": {"Your results"},
    "PHQ-9 result": {"change-h"},
    "Your pain system": {"What the model says about your diary"},
}


_RENDERED: dict[str, str] = {}


@pytest.fixture
def pages(db, client, settings):
    """Each page in scope, rendered for the demo account: {name: html}. Rendered once for the
    module (the demo account takes seconds to build) and reused: the tests only read the HTML."""
    if not _RENDERED:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        ensure_demo_account()
        user = get_user_model().objects.get(username=DEMO_USERNAME)
        client.force_login(user)
        for name, url in demo_pages(client, user).items():
            response = client.get(url)
            assert response.status_code == 200, url
            _RENDERED[name] = response.content.decode()
    return _RENDERED


def test_every_page_in_scope_is_rendered(pages):
    assert set(pages) == set(EXPECTED)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_each_analysis_opens_with_exactly_one_plain_sentence(pages, name):
    page = read_page(pages[name])
    labels = [a.label for a in page.analyses]
    assert EXPECTED[name] <= set(labels), (name, labels)
    for a in page.analyses:
        assert len(a.openings) == 1, (name, a.label, a.openings)
    # and no plain sentence floats outside an analysis
    assert len(page.openings) == sum(len(a.openings) for a in page.analyses), name


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_opening_sentences_are_readable_at_age_twelve(pages, name):
    for text in read_page(pages[name]).openings:
        grade, ease = readability(text)
        print(f"{name}: grade {grade:.1f}, reading ease {ease:.0f}: {text}")
        assert text.endswith((".", ":")) and len(text.split()) >= 3, text
        assert grade <= MAX_GRADE, (name, grade, text)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_opening_sentences_have_no_statistics_jargon(pages, name):
    for text in read_page(pages[name]).openings:
        assert jargon_in(text) == [], (name, text)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_numbers_and_methods_sit_behind_how_this_was_worked_out(pages, name):
    html = pages[name]
    page = read_page(html)
    assert html.count('<details class="how-worked-out">') >= 1, name
    assert html.count("<summary>How this was worked out</summary>") == html.count('<details class="how-worked-out">')
    # what a reader sees before opening a fold carries none of the methods' words
    for word in ("standard deviation", "false discovery", "κ =", "Benjamini", "Diebold", "Prais"):
        assert word not in page.above_fold, (name, word)


def test_the_numbers_are_still_on_the_page_behind_the_fold(pages):
    """Nothing honest is lost: the interval, the correction for many checks, the flare
    detector's agreement and the forecast's scores are all still there, behind the fold."""
    insights = read_page(pages["Insights"])
    for words in ("95 % interval", "false discovery rate 5%", "κ = ", "Detector rule: ", "Diebold"):
        assert words in insights.full and words not in insights.above_fold, words
    overview = read_page(pages["Overview"])
    for words in ("days with a rating; daily range", "scheduled doses taken", "Serlin et al. 1995"):
        assert words in overview.full and words not in overview.above_fold, words
    assert "day-to-day spread" in pages["Overview"]  # the screen-reader sentence keeps its numbers


def test_the_overview_shows_at_most_five_cards_above_the_fold(pages):
    html = pages["Overview"]
    page = read_page(html)
    assert 1 <= page.top_sections <= 5, page.top_sections
    assert '<details class="page-fold" id="more-weeks">' in html
    assert "<summary>More about your weeks</summary>" in html
    # every part of the overview is still there, behind the fold
    for heading in ("Pain over time", "Calendar (last 26 weeks)", "Where it hurt most often",
                    "Medication doses (last 4 weeks)", "Heart-rate variability"):
        assert heading in page.full and heading not in page.above_fold, heading
    # what must not be hidden stays above it: the doses due and the questionnaires card
    for heading in ("Medications due now", "Pain lately", "Questionnaires", "Insights"):
        assert heading in page.above_fold, heading


@pytest.mark.django_db
def test_the_overview_opens_the_fold_after_the_chart_was_changed(client, person):
    page = client.get("/", {"days": "30"}).content.decode()
    assert '<details class="page-fold" id="more-weeks" open>' in page


def test_pages_are_shorter_before_any_fold_is_opened(pages):
    for name, html in pages.items():
        page = read_page(html)
        print(f"{name}: {len(page.above_fold)} characters before opening a fold, {len(page.full)} in all")
        assert len(page.above_fold) < 2000, name


# -- the sentence builders, on the edges a demo diary does not reach -------------------------


def test_too_few_days_says_not_enough_data_yet_without_blame():
    report = TriggerReport([], [], lags=[0, 1, 2, 3], fdr=0.05, inference="ar1", n_pain_days=10,
                           message="Not enough data yet: lagged effects need at least 28 days")
    text = insights_plain.triggers(report)
    assert text == "Not enough data yet: this needs about 18 more days with a pain rating."
    week = PainSummary(7, date(2025, 1, 7), 2, None, None, None, None)
    assert diary_plain.recent_pain([week, week, week]).startswith("Not enough data yet")
    for sentence in (text, diary_plain.recent_pain([week, week, week])):
        assert readability(sentence)[0] <= MAX_GRADE and jargon_in(sentence) == []


def test_a_week_is_only_higher_when_it_really_differs():
    usual = PainSummary(90, date(2025, 3, 31), 80, 5.4, 1.6, 2.0, 9.0)
    close = PainSummary(7, date(2025, 3, 31), 7, 5.6, 1.0, 4.0, 7.0)
    higher = PainSummary(7, date(2025, 3, 31), 7, 6.3, 1.0, 5.0, 8.0)
    assert diary_plain.recent_pain([close, usual]) == "Your pain this week was about 6 out of 10, close to your usual."
    assert diary_plain.recent_pain([higher, usual]) == (
        "Your pain this week was about 6 out of 10, a bit higher than your usual 5.")


def test_the_jargon_list_catches_the_words_the_issue_names():
    for text in ("48 factor × delay combinations", "false discovery rate 5 %", "(one standard deviation)",
                 "agreement κ = 0.30", "max(2 points, 30 %) above the median"):
        assert jargon_in(text), text
    assert jargon_in("You marked 8 flares; your own flags count") == []  # "flags" is not "lag"
    assert len(JARGON) == 11
