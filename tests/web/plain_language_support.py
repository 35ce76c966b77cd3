"""Reading the plain opening sentences of a rendered page, and how readable they are.

Shared by tests/web/test_plain_language.py and benchmarks/readability.py. A page marks each
analysis with ``class="analysis"`` and its opening sentence with ``class="plain-first"``;
everything else of the analysis (numbers, methods, uncertainty) sits in
``<details class="how-worked-out">``. Text is read with :mod:`html.parser` (no regex on HTML).

Readability is textstat's Flesch-Kincaid grade (reading age ≈ grade + 5) and Flesch reading
ease. textstat counts syllables with the CMU pronouncing dictionary, which NLTK downloads on
first use; this project's machines and CI have no way to fetch it, so syllables are counted
with Pyphen's hyphenation patterns, textstat's own fallback for words the dictionary lacks.
That is deterministic and offline; it can count a syllable more or less than the dictionary
on some words, so the figures are for comparing texts, not a precise reading age.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

#: Words that must never appear in an opening sentence (issue 16), matched as whole words.
JARGON = ("standard deviation", "false discovery", "κ", "kappa", "FDR", "coefficient",
          "p-value", "confidence interval", "median", "lag", "combinations")

MAX_GRADE = 7  # Flesch-Kincaid grade 7: a reading age of about 12

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
        "track", "wbr"}


def _classes(attrs) -> set[str]:
    return set((dict(attrs).get("class") or "").split())


@dataclass
class Analysis:
    label: str
    openings: list[str] = field(default_factory=list)


@dataclass
class PageText:
    analyses: list[Analysis] = field(default_factory=list)
    openings: list[str] = field(default_factory=list)  # every .plain-first, in page order
    above_fold: str = ""  # text of <main> a reader sees before opening any fold (summaries only)
    full: str = ""  # text of <main> with every fold open
    top_sections: int = 0  # <section>s that are children of <main> (not behind a fold)


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, set[str]]] = []
        self.in_main = False
        self.hidden = 0  # depth inside script/style/svg/visually-hidden
        self.fold_depth = 0  # inside a <details>, not in its <summary>
        self.summary_depth = 0
        self.analysis_stack: list[Analysis] = []
        self.plain: list[str] | None = None
        self.plain_depth = 0
        self.page = PageText()
        self._above: list[str] = []
        self._full: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        cls = _classes(attrs)
        self.stack.append((tag, cls))
        if tag == "main":
            self.in_main = True
        if not self.in_main:
            return
        if tag in ("script", "style", "svg", "template") or "visually-hidden" in cls:
            self.hidden += 1
        if tag == "details":
            self.fold_depth += 1
        if tag == "summary":
            self.summary_depth += 1
        if tag == "section" and self._top_level():
            self.page.top_sections += 1
        if "analysis" in cls:
            a = dict(attrs)
            self.analysis_stack.append(Analysis(a.get("aria-labelledby") or a.get("aria-label") or tag))
        if "plain-first" in cls:
            self.plain, self.plain_depth = [], len(self.stack)
        if tag in ("p", "li", "h1", "h2", "h3", "td", "th", "summary", "div", "section"):
            self._space()

    def _top_level(self) -> bool:
        inner = [t for t, _ in self.stack[:-1]]
        return inner[inner.index("main") + 1:] == [] if "main" in inner else False

    def _space(self) -> None:
        for part in (self._above, self._full):
            part.append(" ")

    def handle_endtag(self, tag):
        if tag in VOID or not self.stack:
            return
        # pop to the matching start tag (browsers forgive unclosed <p>, so does this)
        while self.stack:
            open_tag, cls = self.stack.pop()
            self._close(open_tag, cls)
            if open_tag == tag:
                break

    def _close(self, tag, cls):
        if not self.in_main:
            return
        if self.plain is not None and len(self.stack) < self.plain_depth:
            text = " ".join("".join(self.plain).split())
            self.page.openings.append(text)
            if self.analysis_stack:
                self.analysis_stack[-1].openings.append(text)
            self.plain = None
        if "analysis" in cls and self.analysis_stack:
            self.page.analyses.append(self.analysis_stack.pop())
        if tag in ("script", "style", "svg", "template") or "visually-hidden" in cls:
            self.hidden -= 1
        if tag == "details":
            self.fold_depth -= 1
        if tag == "summary":
            self.summary_depth -= 1
        if tag == "main":
            self.in_main = False

    def handle_data(self, data):
        if not self.in_main or self.hidden:
            return
        if self.plain is not None:
            self.plain.append(data)
        self._full.append(data)
        if self.fold_depth == 0 or (self.summary_depth > 0 and self.fold_depth == 1):
            self._above.append(data)

    def result(self) -> PageText:
        self.page.above_fold = " ".join("".join(self._above).split())
        self.page.full = " ".join("".join(self._full).split())
        return self.page


def read_page(html: str) -> PageText:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    return reader.result()


def jargon_in(text: str) -> list[str]:
    """The :data:`JARGON` words in ``text`` (whole words, any case)."""
    found = []
    for word in JARGON:
        pattern = re.escape(word) if not word[0].isalnum() else rf"\b{re.escape(word)}\b"
        if re.search(pattern, text, flags=re.IGNORECASE):
            found.append(word)
    return found


def _offline_textstat():
    import textstat
    from textstat.backend.counts import _count_syllables

    # See the module docstring: Pyphen syllables, no download of the CMU dictionary.
    _count_syllables.get_cmudict = lambda lang: None
    return textstat


def readability(text: str) -> tuple[float, float]:
    """(Flesch-Kincaid grade, Flesch reading ease) of ``text``."""
    textstat = _offline_textstat()
    return float(textstat.flesch_kincaid_grade(text)), float(textstat.flesch_reading_ease(text))


def demo_pages(client, user) -> dict[str, str]:
    """The pages in scope of issue 16's "plain language first", for ``user`` signed in on
    ``client``: {name: url}. The before/after page compares around the first medication start,
    as a person would pick it."""
    from django.urls import reverse

    from painscope.web.assessments.models import Administration
    from painscope.web.journal.models import Medication

    latest = Administration.objects.filter(owner=user, instrument_id="phq9").order_by("-authored").first()
    med = Medication.objects.filter(owner=user).order_by("start_date").first()
    pages = {
        "Overview": reverse("dashboard"),
        "Insights": reverse("insights"),
        "Did it help?": reverse("insights_did_it_help") + (f"?at={med.start_date.isoformat()}" if med else ""),
        "Heart-rate variability": reverse("wearables_hrv"),
        "PHQ-9 over time": reverse("assessment_history", args=["phq9"]),
        "PEG over time": reverse("assessment_history", args=["peg"]),
        "Your pain system": reverse("your_system"),
    }
    if latest is not None:
        pages["PHQ-9 result"] = reverse("assessment_result", args=[latest.pk])
    return pages
