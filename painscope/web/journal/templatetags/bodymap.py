"""The body map: a simple front and back outline drawn in our own SVG.

Each WPI area (Wolfe et al. 2016) and each finer region of ``painscope.diary.regions`` is
one shape. In the check-in the shapes are toggle buttons (``aria-pressed``) that mirror a
plain checkbox list, which is what the form submits; on the dashboard they are coloured by
how often the region was marked, with the numbers in a table beside the map.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from painscope.diary.regions import REGIONS
from painscope.web.journal.labels import label as diary_label

register = template.Library()

VIEWBOX = "36 0 128 416"


def _rect(x: float, y: float, w: float, h: float, r: float = 6) -> str:
    r = min(r, w / 2, h / 2)
    return (
        f"M{x + r:g} {y:g}H{x + w - r:g}A{r:g} {r:g} 0 0 1 {x + w:g} {y + r:g}"
        f"V{y + h - r:g}A{r:g} {r:g} 0 0 1 {x + w - r:g} {y + h:g}"
        f"H{x + r:g}A{r:g} {r:g} 0 0 1 {x:g} {y + h - r:g}V{y + r:g}A{r:g} {r:g} 0 0 1 {x + r:g} {y:g}Z"
    )


def _ellipse(cx: float, cy: float, rx: float, ry: float) -> str:
    return f"M{cx - rx:g} {cy:g}A{rx:g} {ry:g} 0 1 0 {cx + rx:g} {cy:g}A{rx:g} {ry:g} 0 1 0 {cx - rx:g} {cy:g}Z"


# Front view: the person faces us, so their right side is on the viewer's left.
FRONT: dict[str, str] = {
    "head": _ellipse(100, 28, 19, 23),
    "jaw_right": _rect(79, 36, 20.5, 20, 8),
    "jaw_left": _rect(100.5, 36, 20.5, 20, 8),
    "chest": _rect(70, 64, 60, 56, 10),
    "abdomen": _rect(72, 121, 56, 48, 6),
    "pelvis": _rect(72, 170, 56, 26, 6),
    "upper_arm_right": _rect(49, 68, 19, 70, 9),
    "upper_arm_left": _rect(132, 68, 19, 70, 9),
    "lower_arm_right": _rect(45, 140, 19, 64, 9),
    "lower_arm_left": _rect(136, 140, 19, 64, 9),
    "hand_right": _ellipse(54, 219, 12, 15),
    "hand_left": _ellipse(146, 219, 12, 15),
    "upper_leg_right": _rect(72, 197, 27, 88, 10),
    "upper_leg_left": _rect(101, 197, 27, 88, 10),
    "knee_right": _ellipse(85.5, 297, 14, 12),
    "knee_left": _ellipse(114.5, 297, 14, 12),
    "lower_leg_right": _rect(75, 309, 21, 82, 9),
    "lower_leg_left": _rect(104, 309, 21, 82, 9),
    "foot_right": _ellipse(84, 403, 15, 10),
    "foot_left": _ellipse(116, 403, 15, 10),
}
FRONT_OUTLINE: tuple[str, ...] = (_rect(91, 50, 18, 16, 4),)

# Back view: we see the person from behind, so their left side is on the viewer's left.
BACK: dict[str, str] = {
    "neck": _rect(89, 48, 22, 20, 5),
    "upper_back": _rect(72, 76, 56, 58, 8),
    "shoulder_left": _rect(50, 64, 40, 26, 12),
    "shoulder_right": _rect(110, 64, 40, 26, 12),
    "lower_back": _rect(72, 135, 56, 40, 6),
    "hip_left": _rect(72, 176, 27.5, 40, 10),
    "hip_right": _rect(100.5, 176, 27.5, 40, 10),
}
BACK_OUTLINE: tuple[str, ...] = (
    _ellipse(100, 28, 19, 23),
    _rect(49, 91, 19, 50, 9), _rect(132, 91, 19, 50, 9),
    _rect(45, 142, 19, 62, 9), _rect(136, 142, 19, 62, 9),
    _ellipse(54, 219, 12, 15), _ellipse(146, 219, 12, 15),
    _rect(72, 217, 27, 80, 10), _rect(101, 217, 27, 80, 10),
    _rect(75, 299, 21, 92, 9), _rect(104, 299, 21, 92, 9),
    _ellipse(84, 403, 15, 10), _ellipse(116, 403, 15, 10),
)

# Reading order for lists: head to feet.
ORDER: tuple[str, ...] = (
    "head", "jaw_left", "jaw_right", "neck", "shoulder_left", "shoulder_right", "chest",
    "upper_back", "upper_arm_left", "upper_arm_right", "lower_arm_left", "lower_arm_right",
    "hand_left", "hand_right", "abdomen", "lower_back", "pelvis", "hip_left", "hip_right",
    "upper_leg_left", "upper_leg_right", "knee_left", "knee_right", "lower_leg_left",
    "lower_leg_right", "foot_left", "foot_right",
)
assert set(ORDER) == set(REGIONS) == set(FRONT) | set(BACK), "every region must be drawn once"


def ordered_regions() -> list[tuple[str, str]]:
    """(code, label) of every region, head to feet."""
    return [(code, diary_label(REGIONS[code].label)) for code in ORDER]


def _svg(side: str, title: str, shapes: Mapping[str, str], outline: Iterable[str], sides: tuple[str, str], body: Callable[[str, str], str]) -> SafeString:
    outline_paths = format_html_join("", '<path class="outline" d="{}"/>', ((d,) for d in outline))
    region_paths = mark_safe("".join(body(code, d) for code, d in shapes.items()))  # noqa: S308 - built with format_html
    return format_html(
        '<figure data-side="{}"><figcaption>{}</figcaption>'
        '<svg viewBox="{}" xmlns="http://www.w3.org/2000/svg" focusable="false">'
        '<text class="side" x="42" y="24">{}</text><text class="side" x="150" y="24">{}</text>'
        "{}{}</svg></figure>",
        side, title, VIEWBOX, sides[0], sides[1], outline_paths, region_paths,
    )


@register.simple_tag
def body_map_input(selected: Iterable[str] = ()) -> SafeString:
    """Front and back maps whose regions toggle the form's region checkboxes."""
    chosen = set(selected or ())

    def shape(code: str, d: str) -> str:
        label = diary_label(REGIONS[code].label)
        return format_html(
            '<path class="region" d="{}" data-region="{}" data-label="{}" role="button" tabindex="0" '
            'aria-pressed="{}" aria-label="{}"><title>{}</title></path>',
            d, code, label, "true" if code in chosen else "false", label, label,
        )

    # On a phone one side shows at a time, as wide as the screen, so that every area is a
    # comfortable tap (at least 44 × 44 px, issue 16); the switch says how many are marked on each.
    return format_html(
        '<div class="body-map-switch" role="group" aria-label="{}" hidden data-needs-js>'
        '<button type="button" class="button-secondary" data-show="front" aria-pressed="true">{}</button>'
        '<button type="button" class="button-secondary" data-show="back" aria-pressed="false">{}</button></div>'
        '<div class="body-map" data-interactive data-show="front" hidden data-needs-js>{}{}</div>',
        _("Which side of the body"), _("Front"), _("Back"),
        _svg("front", _("Front"), FRONT, FRONT_OUTLINE, (_("R"), _("L")), shape),
        _svg("back", _("Back"), BACK, BACK_OUTLINE, (_("L"), _("R")), shape),
    )


@register.simple_tag
def body_map_heat(levels: Mapping[str, int], texts: Mapping[str, str]) -> SafeString:
    """Front and back maps coloured by level (0-4, or -1 for "no data"), each shape titled."""

    def shape(code: str, d: str) -> str:
        level = levels.get(code, -1)
        css = "level-none" if level < 0 else f"level-{level}"
        text = f"{diary_label(REGIONS[code].label)}: {texts.get(code, _('no data'))}"
        return format_html('<path class="region {}" d="{}"><title>{}</title></path>', css, d, text)

    return format_html(
        '<div class="body-map heat" aria-hidden="true">{}{}</div>',
        _svg("front", _("Front"), FRONT, FRONT_OUTLINE, (_("R"), _("L")), shape),
        _svg("back", _("Back"), BACK, BACK_OUTLINE, (_("L"), _("R")), shape),
    )
