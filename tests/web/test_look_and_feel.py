"""Every page: readable contrast, labels for every control, skip link, the footer line,
no inline script or style (strict CSP), nothing loaded from another site."""

from __future__ import annotations

import re
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from painscope import diary
from painscope.web.journal import services
from painscope.web.journal.models import Medication

CSS = Path(__file__).resolve().parents[2] / "painscope/web/journal/static/painscope/site.css"
FAST_HASHER = ["django.contrib.auth.hashers.MD5PasswordHasher"]
FOOTER = "painscope is for education and self-tracking; it doesn't give a diagnosis."


def luminance(hex_colour: str) -> float:
    """Relative luminance, WCAG 2.1 definition."""
    rgb = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    lin = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in rgb]
    return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((luminance(a), luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def palette() -> dict[str, str]:
    """The light palette (site.css's first :root; dark mode's block follows it and is
    audited in the browser by tests/e2e/test_every_page.py)."""
    light = CSS.read_text().split("@media (prefers-color-scheme: dark)")[0]
    return dict(re.findall(r"--([a-z-]+):\s*(#[0-9a-fA-F]{6})", light))


def test_contrast_formula_matches_the_wcag_examples():
    assert contrast("#000000", "#ffffff") == pytest.approx(21)
    assert contrast("#767676", "#ffffff") == pytest.approx(4.54, abs=0.01)


@pytest.mark.parametrize(
    ("fg", "bg", "needed"),
    [
        ("text", "bg", 7.0), ("text", "surface", 7.0), ("muted", "bg", 4.5), ("muted", "surface", 4.5),
        ("muted", "primary-soft", 4.5), ("primary", "bg", 4.5), ("primary", "surface", 4.5),
        ("primary", "primary-soft", 4.5), ("primary-text", "primary", 4.5), ("error", "bg", 4.5),
        ("error", "error-soft", 4.5), ("text", "ok-soft", 4.5),
        # non-text contrast (WCAG 1.4.11): focus ring and control borders at least 3:1
        ("focus", "bg", 3.0), ("focus", "surface", 3.0), ("border", "surface", 3.0), ("border", "bg", 3.0),
    ],
)
def test_palette_meets_wcag_aa(fg, bg, needed):
    colours = palette()
    assert contrast(colours[fg], colours[bg]) >= needed


def test_base_font_and_touch_targets_are_large():
    css = CSS.read_text()
    assert re.search(r"html \{ font-size: 112\.5%", css)  # 18 px
    assert "--tap: 48px" in css
    assert ":focus-visible" in css


class PageAudit(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.controls: list[dict] = []
        self.label_for: set[str] = set()
        self.label_depth = 0
        self.inline_scripts = 0
        self.styles = 0
        self.external: list[str] = []
        self.forms_post = 0
        self.forms_with_csrf = 0
        self._in_post_form = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "style" in a:
            self.styles += 1
        for key in ("src", "href", "action"):
            if a.get(key, "") and a[key].startswith(("http://", "https://", "//")):
                self.external.append(a[key])
        if tag == "script" and not a.get("src") and a.get("type") != "application/json":
            self.inline_scripts += 1
        if tag == "label":
            self.label_depth += 1
            if a.get("for"):
                self.label_for.add(a["for"])
        if tag in ("input", "select", "textarea") and a.get("type") not in ("hidden", "submit"):
            self.controls.append({"id": a.get("id"), "name": a.get("name"), "wrapped": self.label_depth > 0,
                                  "aria": a.get("aria-label")})
        if tag == "form" and a.get("method", "get").lower() == "post":
            self.forms_post += 1
            self._in_post_form = True
        if tag == "input" and a.get("name") == "csrfmiddlewaretoken" and self._in_post_form:
            self.forms_with_csrf += 1
            self._in_post_form = False

    def handle_endtag(self, tag):
        if tag == "label":
            self.label_depth -= 1
        if tag == "form":
            self._in_post_form = False


@pytest.fixture
def person(client, db, settings):
    settings.PASSWORD_HASHERS = FAST_HASHER  # Argon2 is slow by design; these tests don't sign in
    user = get_user_model().objects.create_user("ana", password="a calm river 42")
    services.import_frame(user, diary.read_tidy_csv(
        b"timestamp,kind,name,value,unit,note\n2024-03-01T08:30:00+01:00,rating,pain,6,,\n"))
    Medication.objects.create(owner=user, name="Duloxetine", dose=60, times=["08:00"], start_date=date(2024, 1, 1))
    client.force_login(user)
    return user


def pages(user) -> list[str]:
    entry = services.entries_for_user(user).first()
    med = Medication.objects.get(owner=user)
    return [
        reverse("dashboard"), reverse("checkin"), reverse("entries"), reverse("entry_edit", args=[entry.pk]),
        reverse("entry_delete", args=[entry.pk]), reverse("medications"), reverse("medication_new"),
        reverse("medication_edit", args=[med.pk]), reverse("medication_delete", args=[med.pk]),
        reverse("my_data"), reverse("profile"), reverse("password_change"),
    ]


def audit(page: str) -> PageAudit:
    parser = PageAudit()
    parser.feed(page)
    return parser


def test_every_page_has_skip_link_footer_labels_csrf_and_no_inline_code(client, person):
    for url in pages(person):
        response = client.get(url)
        assert response.status_code == 200, url
        page = response.content.decode()
        assert '<a class="skip-link" href="#main">' in page and 'id="main"' in page, url
        assert FOOTER in page, url
        found = audit(page)
        unlabelled = [c for c in found.controls if not c["wrapped"] and c["id"] not in found.label_for and not c["aria"]]
        assert unlabelled == [], (url, unlabelled)
        assert found.inline_scripts == 0, url
        assert found.styles == 0, url
        assert found.external == [], url
        assert found.forms_post == found.forms_with_csrf, url


def test_signed_out_pages_have_labels_and_footer(client, db):
    for url in (reverse("login"), reverse("signup")):
        page = client.get(url).content.decode()
        found = audit(page)
        assert FOOTER in page
        assert all(c["wrapped"] or c["id"] in found.label_for for c in found.controls), url
        assert found.forms_post == found.forms_with_csrf == 1


def test_wording_never_blames_the_person():
    root = Path(__file__).resolve().parents[2] / "painscope/web"
    templates = [*root.glob("templates/**/*.html"), *root.glob("*/templates/**/*.html")]
    assert len(templates) > 10
    blame = re.compile(r"\byou (forgot|failed|missed|didn't)\b|\b(forgot to|non-?complian|you should have)\b", re.I)
    offenders = [str(t.relative_to(root)) for t in templates if blame.search(t.read_text())]
    assert offenders == []
