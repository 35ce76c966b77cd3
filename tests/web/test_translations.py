"""Translations (issue 16): the pages in English or German, chosen in Account or by the
browser; every string of a translated template goes through Django's translation machinery,
every catalogue entry is translated and compiled, numbers and dates follow the language.

How to add or change a string: docs/translations.md (scripts/messages.sh).
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest
from django.template import engines
from django.test import Client
from django.urls import reverse
from django.utils import translation

from painscope.web.accounts.models import Profile

REPO = Path(__file__).resolve().parents[2]
WEB = REPO / "painscope" / "web"



def translated_template_folders() -> list[Path]:
    """The template folders whose every visible string must be marked for translation: those
    of each app with a catalogue (``<app>/locale``), and the shared ``templates`` folder once
    ``painscope/web/locale`` exists. An app joins when it is translated completely; the
    others are still English only (docs/translations.md lists them)."""
    folders = [WEB / "templates"] if (WEB / "locale").is_dir() else []
    for app in sorted(p for p in WEB.iterdir() if p.is_dir() and (p / "locale").is_dir() and p.name != "locale"):
        folders += [t for t in (app / "templates",) if t.is_dir()]
    return folders


TRANSLATED_TEMPLATES = translated_template_folders()

# Words that are the same in every language: names, file formats, units.
SAME_IN_EVERY_LANGUAGE = {
    "painscope", "FHIR", "CSV", "JSON", "PDF", "HRV", "RMSSD", "SDNN", "API", "ID", "OK",
    "mg", "ml", "kg", "min", "ms", "bpm", "UTC", "QR", "iCalendar", "ICS", "URL", "Web", "Push",
    "PHQ", "GAD", "PCS", "FIQR", "PROMIS", "ODI", "ISI", "ACR", "WPI", "SSS", "TSK", "BPI",
}

_BLOCKS = re.compile(
    r"{%\s*comment\s*%}.*?{%\s*endcomment\s*%}"
    r"|{%\s*blocktrans(?:late)?\b.*?{%\s*endblocktrans(?:late)?\s*%}"
    r"|<script\b.*?</script>|<style\b.*?</style>|<!--.*?-->|{#.*?#}",
    re.S,
)
_TAGS = re.compile(r"{%.*?%}|{{.*?}}", re.S)
_ATTRIBUTE = re.compile(r"""\b(aria-label|title|placeholder|alt)\s*=\s*"([^"]*)\"""")
_WORD = re.compile(r"[^\W\d_]{2,}")


def untranslated_text(source: str) -> list[str]:
    """Visible words of a template that are not inside a translation tag: text between HTML
    tags, and the attributes people read (aria-label, title, placeholder, alt)."""
    found: list[str] = []
    without_blocks = _BLOCKS.sub(" ", source)
    for _name, value in _ATTRIBUTE.findall(without_blocks):
        found += _words(_TAGS.sub(" ", value))
    text = re.sub(r"<[^>]*>", " ", without_blocks)
    found += _words(_TAGS.sub(" ", text))
    return found


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w not in SAME_IN_EVERY_LANGUAGE]


def test_the_checker_finds_bare_text_and_accepts_marked_text():
    assert untranslated_text("<p>Check in now</p>") == ["Check", "in", "now"]
    assert untranslated_text('<a aria-label="Close">×</a>') == ["Close"]
    assert untranslated_text('{% load i18n %}<p>{% translate "Check in now" %}</p>') == []
    assert untranslated_text("<p>{% blocktranslate %}Hello {{ name }}{% endblocktranslate %} 5/10</p>") == []
    assert untranslated_text("<p>{{ entry.note }} · CSV</p>{# a note #}") == []


@pytest.mark.parametrize("folder", TRANSLATED_TEMPLATES, ids=lambda p: str(p.relative_to(WEB)))
def test_every_visible_string_of_a_translated_template_is_marked(folder):
    problems = []
    for path in sorted(folder.rglob("*.html")) + sorted(folder.rglob("*.svg")):
        words = untranslated_text(path.read_text(encoding="utf-8"))
        if words:
            problems.append(f"{path.relative_to(REPO)}: {' '.join(words[:12])}")
    assert problems == [], "text outside {% translate %}:\n" + "\n".join(problems)


def test_no_template_comment_spans_lines():
    """Django's {# #} comment ends at the line's end: one that spans lines is shown on the
    page as text (the overview showed its own developer note). {% comment %} spans lines."""
    found = [f"{path.relative_to(REPO)}:{source[:m.start()].count(chr(10)) + 1}"
             for path in sorted(WEB.rglob("*.html"))
             for source in [path.read_text(encoding="utf-8")]
             for m in re.finditer(r"{#(?:(?!#}).)*\n", source, re.S)]
    assert found == [], f"multi-line {{# #}} comments (use {{% comment %}}): {found}"


def catalogues() -> list[Path]:
    """Every catalogue: the pages' (django.po), the site's scripts' (djangojs.po) and the
    science packages' sentences (painscope/locale/*/LC_MESSAGES/painscope.po, painscope.i18n)."""
    return sorted([*WEB.rglob("locale/*/LC_MESSAGES/django.po"), *WEB.rglob("locale/*/LC_MESSAGES/djangojs.po"),
                   *(REPO / "painscope" / "locale").glob("*/LC_MESSAGES/painscope.po")])


def test_there_is_a_german_catalogue_for_the_shared_pages():
    assert WEB / "locale" / "de" / "LC_MESSAGES" / "django.po" in catalogues()


@pytest.mark.django_db
def test_the_scripts_words_come_in_the_pages_language():
    """/jsi18n/ (Django's JavaScriptCatalog, loaded first by base.html) gives the site's
    scripts their words from the djangojs catalogue; English asks for none. The same address
    for both: the cached answer is kept per language."""
    assert WEB / "journal" / "locale" / "de" / "LC_MESSAGES" / "djangojs.po" in catalogues()
    german = Client(HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9").get(reverse("javascript-catalog"))
    assert german.status_code == 200 and german["Content-Type"].startswith("text/javascript")
    text = german.content.decode()
    assert '"Swipe sideways to see the whole table."' in text
    assert '"Wischen Sie zur Seite, um die ganze Tabelle zu sehen."' in text
    english = Client(HTTP_ACCEPT_LANGUAGE="en-GB").get(reverse("javascript-catalog"))
    assert english.status_code == 200 and "Wischen Sie" not in english.content.decode()
    assert "max-age" in german["Cache-Control"]


@pytest.mark.parametrize("po_path", catalogues(), ids=lambda p: str(p.relative_to(REPO)))
def test_every_entry_is_translated_keeps_its_placeholders_and_is_compiled(po_path):
    import polib

    po = polib.pofile(str(po_path))
    assert po.untranslated_entries() == [], f"{po_path}: untranslated: {[e.msgid for e in po.untranslated_entries()][:10]}"
    assert po.fuzzy_entries() == [], f"{po_path}: fuzzy (unchecked) entries: {[e.msgid for e in po.fuzzy_entries()][:10]}"
    placeholder = re.compile(r"%\(\w+\)[sdfr]|{\w*}|%[sd]")
    for entry in po.translated_entries():
        forms = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in forms:
            assert sorted(placeholder.findall(text)) == sorted(placeholder.findall(entry.msgid_plural or entry.msgid)), (
                f"{po_path}: {entry.msgid!r}: the translation must keep the placeholders"
            )
    mo_path = po_path.with_suffix(".mo")
    assert mo_path.exists(), f"{mo_path} is missing: run scripts/messages.sh"
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(mo_path)) if e.msgid}
    source = {(e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in po.translated_entries()}
    assert compiled == source, f"{mo_path} is older than its .po: run scripts/messages.sh"


# -- the language a person sees ------------------------------------------------------------------


def test_numbers_and_dates_follow_the_language():
    template = engines["django"].from_string('{{ x|floatformat:1 }} · {{ d|date:"D j M Y" }}')
    with translation.override("de"):
        assert template.render({"x": 3.5, "d": date(2026, 12, 7)}) == "3,5 · Mo 7 Dez 2026"
    with translation.override("en"):
        assert template.render({"x": 3.5, "d": date(2026, 12, 7)}) == "3.5 · Mon 7 Dec 2026"


@pytest.mark.django_db
def test_signed_out_pages_speak_the_browsers_language():
    page = Client(HTTP_ACCEPT_LANGUAGE="de-DE,de;q=0.9,en;q=0.5").get(reverse("login"))
    assert page.status_code == 200
    assert '<html lang="de">' in page.content.decode()
    assert page["Content-Language"] == "de"
    english = Client(HTTP_ACCEPT_LANGUAGE="en-GB").get(reverse("login"))
    assert '<html lang="en">' in english.content.decode()


@pytest.mark.django_db
def test_a_language_chosen_in_account_wins_over_the_browser(client, person):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en-GB"
    assert '<html lang="en">' in client.get(reverse("dashboard")).content.decode()
    form = client.get(reverse("profile")).context["form"]
    data = {"timezone": "Europe/Berlin", "language": "de", "email": ""}
    assert "language" in form.fields
    response = client.post(reverse("profile"), data)
    assert response.status_code == 302
    assert Profile.objects.get(user=person).language == "de"
    page = client.get(reverse("dashboard"))
    assert '<html lang="de">' in page.content.decode() and page["Content-Language"] == "de"
    # "The one my browser asks for" again: the browser's English
    client.post(reverse("profile"), {**data, "language": ""})
    assert '<html lang="en">' in client.get(reverse("dashboard")).content.decode()


@pytest.mark.django_db
def test_a_language_the_site_does_not_have_is_refused_by_the_field(client, person):
    response = client.post(reverse("profile"), {"timezone": "UTC", "language": "xx", "email": ""})
    assert response.status_code == 200 and "language" in response.context["form"].errors
    assert Profile.objects.get(user=person).language == ""


def test_every_sentence_the_science_packages_mark_is_in_their_catalogue():
    """The marked sentences of painscope.diary.plain and painscope.insights.plain (and any
    other science module using painscope.i18n) are all in the German catalogue: one added
    without scripts/messages.sh would stay English on a German page."""
    import ast

    import polib

    po = polib.pofile(str(REPO / "painscope" / "locale" / "de" / "LC_MESSAGES" / "painscope.po"))
    known = {e.msgid for e in po}
    marked = set()
    for path in (REPO / "painscope").rglob("*.py"):
        if "web" in path.relative_to(REPO).parts:
            continue
        source = path.read_text(encoding="utf-8")
        if "from painscope.i18n import" not in source:
            continue
        for node in ast.walk(ast.parse(source)):
            if (isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("_", "ngettext", "N_")
                    and node.args and isinstance(node.args[0], ast.Constant) and isinstance(node.args[0].value, str)):
                marked.add(node.args[0].value)
    assert len(marked) > 40
    assert marked - known == set(), f"not in painscope/locale (run scripts/messages.sh science): {marked - known}"


def test_the_science_sentences_follow_the_language_and_stay_english_by_default():
    from painscope import i18n
    from painscope.insights import plain
    from painscope.insights.triggers import Finding

    finding = Finding.__new__(Finding)
    for name, value in {"factor": "coffee", "column": "factor:coffee", "binary": True, "effect": 0.8, "lag": 1,
                        "unit": ""}.items():
        object.__setattr__(finding, name, value)
    assert plain.finding(finding) == "Days with coffee tended to come before higher pain the next day."
    with i18n.language("de-DE"):
        assert plain.finding(finding) == "Tage mit coffee kam eher vor stärkerem Schmerz am nächsten Tag."
        assert i18n.number(4.25, 1) == "4,2" and i18n.percent(0.73) == "73 %"
    assert i18n.current() == "en" and i18n.percent(0.73) == "73%"


@pytest.mark.django_db
def test_a_german_overview_opens_with_german_plain_sentences(client, person):
    from painscope import diary
    from painscope.web.journal import services

    Profile.objects.create(user=person, timezone="Europe/Berlin", language="de")
    services.save_entry(person, diary.Entry(diary.parse_timestamp("2026-12-01T09:00:00+01:00")[0], 60,
                                            [diary.Observation("rating", "pain", 6)]))
    html = client.get(reverse("dashboard")).content.decode()
    openings = re.findall(r'<p class="plain-first">(.*?)</p>', html)
    assert len(openings) >= 5
    assert any("Noch nicht genug Daten" in o or "Ihr Schmerz lag diese Woche" in o for o in openings), openings
    english = [o for o in openings if re.search(r"\b(the|your|yet|days|with)\b", o)]
    assert english == [], f"plain openings still in English on a German page: {english}"
