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

from painscope.insights._text import WORDING, wording
from painscope.insights.change import AbabReport, ChangeReport
from painscope.insights.flares import FlareReport
from painscope.insights.forecast import ForecastReport
from painscope.insights.triggers import MIN_PAIN_DAYS, Finding, TriggerReport


def _when(lag: int) -> str:
    return {1: "the next day"}.get(lag, f"{lag} days later")


def _no_brackets(text: str) -> str:
    """"morning HRV (ln RMSSD)" → "morning HRV": the bracket names a unit, not the thing."""
    return re.sub(r"\s*\([^)]*\)", "", text).strip()


def _thing(f: Finding) -> str:
    """What the finding is about, as a reader would say it: "days with coffee", "more
    sleep than usual", "a higher stress rating than usual"."""
    if f.binary:
        return f"days with {f.factor}"
    w = WORDING.get(f.column) or wording(f.column, f.factor, f.unit)
    more = _no_brackets(w.more)
    article = "" if more.startswith(("more", "less", "fewer")) else "a "
    return f"{article}{more} than usual"


def finding(f: Finding) -> str:
    """"More sleep than usual tended to come before lower pain the next day."

    The direction is the report's (``effect`` > 0: higher pain); "tended to" because it is a
    pattern in the diary, not proof of cause.
    """
    pain = "higher" if f.effect > 0 else "lower"
    thing = _thing(f)
    thing = thing[0].upper() + thing[1:]
    if f.lag == 0:
        return f"{thing} tended to go with {pain} pain on the same day."
    return f"{thing} tended to come before {pain} pain {_when(f.lag)}."


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
        return (f"Not enough data yet: this needs about {more} more day{'s' if more != 1 else ''} "
                "with a pain rating.")
    if report.message:
        return "There is no answer here yet. The reason is in the fold below."
    if not report.findings:
        return "Nothing could be checked yet. Log a few things, like coffee or sleep, on more days."
    best = top_finding(report)
    if best is None:
        return "Nothing clearly comes before worse pain days yet."
    others = len({f.factor for f in report.significant} - {best.factor})
    lead = finding(best)
    if others:
        lead = lead[:-1] + f", and {others} other thing{'s' if others != 1 else ''} stood out too."
    return lead


def flares(report: FlareReport) -> str:
    """Flares in one sentence: how many the detector found, and how many you marked."""
    mine = len(report.declared)
    marked = f"; you marked {mine} yourself" if mine else ""
    if report.message:
        return ("Not enough data yet to spot flares: this needs about four weeks of pain ratings"
                f"{marked}.")
    found = len(report.detected)
    if not found:
        return f"No flares were found: pain did not stay well above your usual level{marked}."
    return (f"painscope found {found} flare{'s' if found != 1 else ''}, times when your pain "
            f"stayed well above your usual level{marked}.")


def forecast(report: ForecastReport) -> str:
    """Tomorrow in one sentence, or why there is no forecast."""
    if report.message:
        if report.message.startswith("Not enough data"):
            return "Not enough data yet: a forecast is first tested on your own past days."
        return "There is no forecast for you yet. The reason is in the fold below."
    if report.show_to_person and report.tomorrow:
        return f"Tomorrow your pain is likely to be about {report.tomorrow['pain']:.0f} out of 10."
    return ("No forecast yet: on your past days it did no better than the guess that tomorrow "
            "is like today.")


def _day(iso: str) -> str:
    try:
        d = date.fromisoformat(iso)
    except ValueError:
        return iso
    return f"{d.day} {d:%b %Y}"


def change(report: ChangeReport) -> str:
    """A before/after comparison in one sentence."""
    when = _day(report.at)
    a = report.average_change
    if report.message or a is None:
        if report.message.startswith("Not enough data"):
            return ("Not enough data yet: this needs about four weeks of pain ratings before "
                    "the change and two weeks after it.")
        return f"There is nothing to compare for {when} yet. The reason is in the fold below."
    if a.ci_high < 0:
        return f"After {when}, your pain was lower than the weeks before would suggest."
    if a.ci_low > 0:
        return f"After {when}, your pain was higher than the weeks before would suggest."
    return f"After {when}, there was no clear change in your pain compared with the weeks before."


def abab(report: AbabReport) -> str:
    """An on/off experiment in one sentence."""
    e = report.effect
    if report.message or e is None:
        return ("Not enough data yet: each ON and OFF block needs about 5 days with a pain "
                "rating.")
    if e.ci_high < 0:
        return "Your pain was lower in the ON blocks than in the OFF blocks."
    if e.ci_low > 0:
        return "Your pain was higher in the ON blocks than in the OFF blocks."
    return "Your pain was not clearly different between the ON and OFF blocks."
