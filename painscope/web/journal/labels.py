"""The diary's own names shown on the pages, in the page's language.

:mod:`painscope.diary` keeps its labels in English (it does not import Django); the pages
translate them here. Each label is listed once so that ``makemessages`` finds it; a label
not listed (a new one) is shown in English until it is added.
"""

from __future__ import annotations

from django.utils.translation import gettext, gettext_noop

LABELS: tuple[str, ...] = (
    # body areas (painscope.diary.regions)
    gettext_noop('Jaw, left side'),
    gettext_noop('Jaw, right side'),
    gettext_noop('Shoulder, left'),
    gettext_noop('Shoulder, right'),
    gettext_noop('Upper arm, left'),
    gettext_noop('Upper arm, right'),
    gettext_noop('Lower arm, left'),
    gettext_noop('Lower arm, right'),
    gettext_noop('Hip or buttock, left'),
    gettext_noop('Hip or buttock, right'),
    gettext_noop('Upper leg, left'),
    gettext_noop('Upper leg, right'),
    gettext_noop('Lower leg, left'),
    gettext_noop('Lower leg, right'),
    gettext_noop('Neck'),
    gettext_noop('Upper back'),
    gettext_noop('Lower back'),
    gettext_noop('Chest'),
    gettext_noop('Abdomen (belly)'),
    gettext_noop('Head'),
    gettext_noop('Hand, left'),
    gettext_noop('Hand, right'),
    gettext_noop('Knee, left'),
    gettext_noop('Knee, right'),
    gettext_noop('Foot, left'),
    gettext_noop('Foot, right'),
    gettext_noop('Pelvis'),
    # pain qualities (painscope.diary.schema.QUALITIES)
    gettext_noop('Aching'),
    gettext_noop('Burning'),
    gettext_noop('Stabbing'),
    gettext_noop('Throbbing'),
    gettext_noop('Tingling (pins and needles)'),
    gettext_noop('Shooting'),
    gettext_noop('Cramping'),
    gettext_noop('Tender to touch'),
    gettext_noop('Numb'),
    gettext_noop('Electric-shock-like'),
    gettext_noop('Pressing'),
    gettext_noop('Painful cold'),
    # ratings (painscope.diary.schema.RATINGS)
    gettext_noop('Pain'),
    gettext_noop('Fatigue'),
    gettext_noop('Sleep quality'),
    gettext_noop('Stress'),
    gettext_noop('Mood'),
    gettext_noop('Brain fog'),
    gettext_noop('Activity'),
    # measures (painscope.diary.schema.MEASURES)
    gettext_noop('Sleep (hours)'),
    gettext_noop('Steps'),
    gettext_noop('Resting heart rate'),
    gettext_noop('Night HRV (RMSSD)'),
    gettext_noop('Morning HRV (RMSSD)'),
    gettext_noop('Morning HRV (ln RMSSD)'),
    gettext_noop('HRV (SDNN)'),
    gettext_noop('HRV spot reading (RMSSD, not on waking)'),
    gettext_noop('Sleep efficiency'),
    gettext_noop('Weight'),
    # the overview's bands of how often an area was marked (painscope.diary.summary.SHARE_BANDS)
    gettext_noop("under 25%"),
    gettext_noop("25–49%"),
    gettext_noop("50–74%"),
    gettext_noop("75% or more"),
)


def label(text: str) -> str:
    """A diary label (body area, pain quality, rating, measure, band) in the page's language."""
    return gettext(text) if text else text
