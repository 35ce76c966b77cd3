"""One plain opening sentence per analysis, for a tired reader (issue 16, "plain language first").

Each function takes a report of :mod:`painscope.insights` as it is and says its message in
short, everyday words: no statistics terms, no numbers that need a method to read them, no
blame, and "not enough data yet" when that is the honest answer. The numbers, their
uncertainty and the method stay in the report's own :meth:`sentences` and ``to_dict()``,
which the pages show behind a "How this was worked out" fold; nothing here is computed
anew, so a plain sentence can never say more than its report (a pattern only when the report
marks it as standing out after its correction for many checks).

The pages check these sentences with ``textstat`` (tests/web/test_plain_language.py):
Flesch-Kincaid grade 7 or lower, i.e. a reading age of about 12.
"""

from __future__ import annotations

import re
from datetime import date

from painscope.diary.schema import MEASURES, RATINGS
from painscope.i18n import N_, current, day_month_year, ngettext, number
from painscope.i18n import gettext as _
from painscope.insights._text import WORDING, wording
from painscope.insights.change import AbabReport, ChangeReport
from painscope.insights.flares import FlareReport
from painscope.insights.forecast import ForecastReport
from painscope.insights.triggers import MIN_PAIN_DAYS, Finding, TriggerReport

# The sentences are marked for translation (painscope/i18n.py): whole sentences with named
# placeholders. A finding's "thing" ("more sleep than usual") comes from the wording table of
# painscope.insights._text, which stays English (it names the person's own factors).


def _no_brackets(text: str) -> str:
    """"morning HRV (ln RMSSD)" → "morning HRV": the bracket names a unit, not the thing."""
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


#: the diary's rating and measure names (painscope.diary.schema), marked for the catalogue
LABELS = (N_("Pain"), N_("Fatigue"), N_("Sleep quality"), N_("Stress"), N_("Mood"), N_("Brain fog"), N_("Activity"),
          N_("Sleep (hours)"), N_("Steps"), N_("Resting heart rate"), N_("Night HRV (RMSSD)"),
          N_("Morning HRV (RMSSD)"), N_("Morning HRV (ln RMSSD)"), N_("HRV (SDNN)"),
          N_("HRV spot reading (RMSSD, not on waking)"), N_("Sleep efficiency"), N_("Weight"))


def _label(english: str, original: str) -> str:
    """A rating or measure name as the sentence needs it: English lower case as the wording
    table writes it ("stress", "resting heart rate"); another language its own name."""
    return english if current() == "en" else _(original)


def _thing(f: Finding) -> str:
    """What the finding is about, as a reader would say it: "days with coffee", "more
    sleep than usual", "a higher stress rating than usual"."""
    if f.binary:
        return _("days with %(factor)s") % {"factor": f.factor}
    if f.column == "sleep_hours":
        return _("more sleep than usual")
    if f.column == "steps":
        return _("more steps than usual")
    if f.column in RATINGS:
        label = _label(RATINGS[f.column].lower(), RATINGS[f.column])
        return _("a higher %(label)s rating than usual") % {"label": _no_brackets(label)}
    if f.column in MEASURES:
        original = MEASURES[f.column].label
        label = _label(original[0].lower() + original[1:], original)
        return _("a higher %(label)s than usual") % {"label": _no_brackets(label)}
    w = WORDING.get(f.column) or wording(f.column, f.factor, f.unit)
    more = _no_brackets(w.more)
    if more.startswith(("more", "less", "fewer")):
        return _("%(more)s than usual") % {"more": more}
    return _("a %(more)s than usual") % {"more": more}


def finding(f: Finding) -> str:
    """"More sleep than usual tended to come before lower pain the next day."

    The direction is the report's (``effect`` > 0: higher pain); "tended to" because it is a
    pattern in the diary, not proof of cause.
    """
    thing = _thing(f)
    thing = thing[0].upper() + thing[1:]
    higher = f.effect > 0
    if f.lag == 0:
        text = (_("%(thing)s tended to go with higher pain on the same day.") if higher
                else _("%(thing)s tended to go with lower pain on the same day."))
        return text % {"thing": thing}
    if f.lag == 1:
        text = (_("%(thing)s tended to come before higher pain the next day.") if higher
                else _("%(thing)s tended to come before lower pain the next day."))
        return text % {"thing": thing}
    text = (_("%(thing)s tended to come before higher pain %(days)s days later.") if higher
            else _("%(thing)s tended to come before lower pain %(days)s days later."))
    return text % {"thing": thing, "days": f.lag}


def top_finding(report: TriggerReport) -> Finding | None:
    """The finding to lead with: the most convincing one that comes *before* pain (a delay
    of a day or more), else the most convincing same-day one (as the overview card)."""
    significant = report.significant
    ahead = [f for f in significant if f.lag >= 1]
    return (ahead or significant or [None])[0]


def triggers(report: TriggerReport) -> str:
    """The "what comes before worse pain days" scan in one sentence."""
    n = report.n_pain_days
    if n < MIN_PAIN_DAYS:
        more = MIN_PAIN_DAYS - n
        return ngettext("Not enough data yet: this needs about %(more)s more day with a pain rating.",
                        "Not enough data yet: this needs about %(more)s more days with a pain rating.",
                        more) % {"more": more}
    if report.message:
        return _("There is no answer here yet. The reason is in the fold below.")
    if not report.findings:
        return _("Nothing could be checked yet. Log a few things, like coffee or sleep, on more days.")
    best = top_finding(report)
    if best is None:
        return _("Nothing clearly comes before worse pain days yet.")
    others = len({f.factor for f in report.significant} - {best.factor})
    lead = finding(best)
    if others:
        lead = ngettext("%(finding)s, and %(others)s other thing stood out too.",
                        "%(finding)s, and %(others)s other things stood out too.",
                        others) % {"finding": lead[:-1], "others": others}
    return lead


def flares(report: FlareReport) -> str:
    """Flares in one sentence: how many the detector found, and how many you marked."""
    mine = len(report.declared)
    found = len(report.detected)
    if report.message:
        if mine:
            return _("Not enough data yet to spot flares: this needs about four weeks of pain ratings; "
                     "you marked %(mine)s yourself.") % {"mine": mine}
        return _("Not enough data yet to spot flares: this needs about four weeks of pain ratings.")
    if not found:
        if mine:
            return _("No flares were found: pain did not stay well above your usual level; "
                     "you marked %(mine)s yourself.") % {"mine": mine}
        return _("No flares were found: pain did not stay well above your usual level.")
    if mine:
        return ngettext("painscope found %(found)s flare, times when your pain stayed well above your usual "
                        "level; you marked %(mine)s yourself.",
                        "painscope found %(found)s flares, times when your pain stayed well above your usual "
                        "level; you marked %(mine)s yourself.", found) % {"found": found, "mine": mine}
    return ngettext("painscope found %(found)s flare, times when your pain stayed well above your usual level.",
                    "painscope found %(found)s flares, times when your pain stayed well above your usual level.",
                    found) % {"found": found}


def forecast(report: ForecastReport) -> str:
    """Tomorrow in one sentence, or why there is no forecast."""
    if report.message:
        if report.message.startswith("Not enough data"):
            return _("Not enough data yet: a forecast is first tested on your own past days.")
        return _("There is no forecast for you yet. The reason is in the fold below.")
    if report.show_to_person and report.tomorrow:
        return _("Tomorrow your pain is likely to be about %(pain)s out of 10.") % {
            "pain": number(report.tomorrow["pain"])}
    return _("No forecast yet: on your past days it did no better than the guess that tomorrow is like today.")


def _day(iso: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return day_month_year(d)


def change(report: ChangeReport) -> str:
    """A before/after comparison in one sentence."""
    when = _day(report.at)
    a = report.average_change
    if report.message or a is None:
        if report.message.startswith("Not enough data"):
            return _("Not enough data yet: this needs about four weeks of pain ratings before the change and "
                     "two weeks after it.")
        return _("There is nothing to compare for %(when)s yet. The reason is in the fold below.") % {"when": when}
    if a.ci_high < 0:
        return _("After %(when)s, your pain was lower than the weeks before would suggest.") % {"when": when}
    if a.ci_low > 0:
        return _("After %(when)s, your pain was higher than the weeks before would suggest.") % {"when": when}
    return _("After %(when)s, there was no clear change in your pain compared with the weeks before.") % {
        "when": when}


def abab(report: AbabReport) -> str:
    """An on/off experiment in one sentence."""
    e = report.effect
    if report.message or e is None:
        return _("Not enough data yet: each ON and OFF block needs about 5 days with a pain rating.")
    if e.ci_high < 0:
        return _("Your pain was lower in the ON blocks than in the OFF blocks.")
    if e.ci_low > 0:
        return _("Your pain was higher in the ON blocks than in the OFF blocks.")
    return _("Your pain was not clearly different between the ON and OFF blocks.")
