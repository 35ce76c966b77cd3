"""CBT for pain: the thought record and the fear-avoidance hierarchy with graded exposure.

* **Thought record** (7 columns after the usual CBT form, PROGRAMMES.md §3): situation; the
  thought; how strong the feeling was (0-100); evidence for and against; a balanced thought;
  the feeling re-rated (0-100). The change is "after - before" in points.
* **Fear-avoidance model** (Vlaeyen & Linton 2000, *Pain* 85:317-332): avoidance keeps fear
  going; graded exposure to feared activities breaks the loop.
* **Hierarchy**: the person lists feared activities and rates how harmful each feels, 0-100
  (the PHODA idea, without its licensed photographs). Exposure goes from the least feared
  item up. An item counts as done when its rating has fallen by more than 20 points from the
  first rating (PHODA-SeV: > 20 points is a true change; Leeuw et al. 2007, *J Pain*
  8:840-849) or is below 30 (a project choice).
* **Link to questionnaires**: TSK-17 > 37 = high fear of movement (Vlaeyen et al. 1995,
  *Pain* 62:363-372); TSK-11 has no agreed cut-off (Woby et al. 2005); PCS >= 30 = clinically
  relevant catastrophising (Sullivan 1995, PCS manual).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from painscope.i18n import N_, current, gettext

TRUE_CHANGE = 20
DONE_BELOW = 30
TSK17_CUTOFF = 37
PCS_CUTOFF = 30
SOURCES = [
    "Vlaeyen JWS, Linton SJ. Fear-avoidance and its consequences in chronic musculoskeletal pain. Pain 2000;85:317-332",
    "Leeuw M et al. The fear-avoidance model of musculoskeletal pain. J Behav Med 2007;30:77-94",
    "Leeuw M et al. Measuring perceived harmfulness of physical activities (PHODA-SeV). J Pain 2007;8:840-849",
    "Williams ACdeC, Fisher E, Hearn L, Eccleston C. Psychological therapies for chronic pain. Cochrane 2020",
    "Vlaeyen JWS et al. Fear of movement/(re)injury in chronic low back pain (TSK). Pain 1995;62:363-372",
]
DISTORTIONS = {
    "catastrophising": N_("Expecting the worst"),
    "all_or_nothing": N_("All or nothing"),
    "mind_reading": N_("Mind reading"),
    "fortune_telling": N_("Predicting the future"),
    "should": N_("Should statements"),
    "discounting": N_("Discounting the positive"),
}
TEXT_FIELDS = ("situation", "thought", "evidence_for", "evidence_against", "balanced")
REQUIRED = ("situation", "thought", "balanced")
MAX_TEXT = 2000


def _rating(value, name: str) -> int:
    try:
        v = int(str(value).strip())
    except (TypeError, ValueError):
        raise ValueError(f"{name}: give a number from 0 to 100") from None
    if not 0 <= v <= 100:
        raise ValueError(f"{name}: must be from 0 to 100 (got {v})")
    return v


def thought_record(data: dict) -> dict:
    """A validated thought record; raises ValueError naming the field."""
    out: dict = {}
    for name in TEXT_FIELDS:
        text = " ".join(str(data.get(name) or "").split())
        if name in REQUIRED and not text:
            raise ValueError(f"{name}: please write a few words here")
        if len(text) > MAX_TEXT:
            raise ValueError(f"{name}: at most {MAX_TEXT} characters")
        out[name] = text
    out["feeling_before"] = _rating(data.get("feeling_before"), "feeling_before")
    out["feeling_after"] = _rating(data.get("feeling_after"), "feeling_after")
    tags = data.get("distortions") or []
    bad = [t for t in tags if t not in DISTORTIONS]
    if bad:
        raise ValueError(f"distortions: unknown tag {bad[0]}")
    out["distortions"] = list(tags)
    out["change"] = out["feeling_after"] - out["feeling_before"]
    return out


@dataclass(frozen=True)
class HierarchyItem:
    id: int
    activity: str
    first_rating: int
    latest_rating: int

    @property
    def done(self) -> bool:
        return self.first_rating - self.latest_rating > TRUE_CHANGE or self.latest_rating < DONE_BELOW


def next_step(items: list[HierarchyItem]) -> HierarchyItem | None:
    """The least-feared item not yet done (graded exposure goes from the bottom up)."""
    open_items = [i for i in items if not i.done]
    return min(open_items, key=lambda i: (i.latest_rating, i.id)) if open_items else None


def exposure(data: dict) -> dict:
    """An exposure step: predicted harm before, rating after, what happened."""
    return {
        "before": _rating(data.get("before"), "before"),
        "after": _rating(data.get("after"), "after"),
        "note": " ".join(str(data.get("note") or "").split())[:MAX_TEXT],
    }


@dataclass(frozen=True)
class FearLink:
    instrument: str
    total: float
    high: bool | None
    sentence: str

    def to_dict(self) -> dict:
        return asdict(self)


def _g(value: float) -> str:
    text = f"{value:g}"
    return text.replace(".", ",") if current() == "de" else text


def fear_link(instrument: str, total: float | None) -> FearLink | None:
    """What a TSK or PCS total says about the fit of graded exposure (never a diagnosis)."""
    if total is None:
        return None
    if instrument == "tsk17":
        high = total > TSK17_CUTOFF
        values = {"total": _g(total), "cutoff": TSK17_CUTOFF}
        s = (gettext("Your TSK-17 score was %(total)s (range 17-68).") % values + " "
             + (gettext("Above %(cutoff)s, the cut-off often used for high fear of movement: graded exposure was "
                        "designed for this.") if high else
                gettext("Not above %(cutoff)s, the cut-off often used for high fear of movement: pacing may fit "
                        "you better than exposure, though exposure for one feared activity is still fine.")) % values)
        return FearLink(instrument, total, high, s + " (Vlaeyen et al. 1995)")
    if instrument == "tsk11":
        return FearLink(instrument, total, None,
                        gettext("Your TSK-11 score was %(total)s (range 11-44; there is no agreed cut-off). Repeat it "
                                "after some weeks of exposure: a drop of 4 points or more is an important change "
                                "(Woby et al. 2005).") % {"total": _g(total)})
    if instrument == "pcs":
        high = total >= PCS_CUTOFF
        s = (gettext("Your PCS score was %(total)s (range 0-52).") % {"total": _g(total)} + " "
             + (gettext("At or above 30, a level of catastrophising that often goes with more pain and disability: "
                        "the thought record is a good companion to exposure.") if high else
                gettext("Below 30, the level usually called clinically relevant.")))
        return FearLink(instrument, total, high, s + " (Sullivan 1995)")
    return None
