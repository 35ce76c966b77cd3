"""The site's sections, for the header (wide screens), the bottom bar (phones) and "More".

One list, so the three never disagree. The bottom bar holds the four things done daily
(issue 16: Check in, Overview, Medications, More); every other section is behind "More".
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Section:
    key: str  # the ``nav`` value a page's view puts in its context
    url_name: str
    label: str  # lazy: translated when the page is drawn
    says: str  # one plain sentence for the "More" page
    group: str = ""

    @property
    def url(self) -> str:
        return reverse(self.url_name)


SECTIONS = (
    Section("checkin", "checkin", _("Check in"), _("Note how you are now.")),
    Section("dashboard", "dashboard", _("Overview"), _("How the last weeks went.")),
    Section("entries", "entries", _("Entries"), _("Every check-in, to look back, change or delete."), _("Your diary")),
    Section("medications", "medications", _("Medications"), _("Your medicines and doses.")),
    Section("assessments", "assessments", _("Questionnaires"), _("Short questionnaires you can fill in now and then."), _("Your diary")),
    Section("reminders", "reminders", _("Reminders"), _("When painscope reminds you, and how."), _("Your diary")),
    Section("insights", "insights", _("Insights"), _("What tends to come before your worse days."), _("Understand your pain")),
    Section("programmes", "programmes", _("Programmes"), _("Step-by-step ways to calm a sensitive pain system."), _("Understand your pain")),
    Section("wearables", "wearables_hrv", _("Wearables"), _("Heart rate, sleep and steps from a watch or ring."), _("Understand your pain")),
    Section("explain", "explain", _("How pain works"), _("Why pain can last when scans are clear."), _("Understand your pain")),
    Section("data", "my_data", _("My data"), _("Download or bring in your diary."), _("You and others")),
    Section("sharing", "care_sharing", _("Sharing"), _("Let a clinician or carer see what you choose."), _("You and others")),
    Section("account", "profile", _("Account"), _("Password, sign-in code and time zone."), _("You and others")),
)
DAILY = ("checkin", "dashboard", "medications")

# Simple 24×24 outline icons for the bottom bar (drawn for painscope; stroke via CSS).
ICONS = {
    "checkin": "M12 5v14M5 12h14",
    "dashboard": "M4 11l8-7 8 7v9h-5v-6H9v6H4z",
    "medications": "M8.5 15.5l7-7a3.5 3.5 0 015 5l-7 7a3.5 3.5 0 01-5-5zM12 12l3.5 3.5",
    "more": "M5 12h.01M12 12h.01M19 12h.01",
}


@dataclass(frozen=True)
class Tab:
    key: str
    url: str
    label: str
    icon: str
    also: tuple[str, ...] = ()  # other sections for which this tab is the current one


@lru_cache(maxsize=1)
def _shared() -> dict:
    by_key = {s.key: s for s in SECTIONS}
    daily = [Tab(k, by_key[k].url, by_key[k].label, ICONS[k]) for k in DAILY]
    others = (*(s.key for s in SECTIONS if s.key not in DAILY), "more")
    daily.append(Tab("more", reverse("more"), _("More"), ICONS["more"], others))
    return {"nav_sections": [{"key": s.key, "url": s.url, "label": s.label} for s in SECTIONS], "nav_daily": daily}


def more_groups() -> list[tuple[str, list[Section]]]:
    """The sections behind "More", in their groups, in order."""
    groups: dict[str, list[Section]] = {}
    for s in SECTIONS:
        if s.key not in DAILY:
            groups.setdefault(s.group, []).append(s)
    return list(groups.items())


def navigation(request: HttpRequest) -> dict:
    """Context processor: the section lists (the same for everyone; pages set ``nav``)."""
    if not getattr(request, "user", None) or not request.user.is_authenticated:
        return {}
    return _shared()
