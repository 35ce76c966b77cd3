"""Plain-language helpers shared by the reports: numbers and candidate wording.

Numbers: :func:`signed` / :func:`magnitude` never print a negative zero and keep enough
decimals that a value that is not zero never reads as zero, so an interval that excludes
zero ("-0.2 to -0.04") never looks as if it touched it ("-0.2 to -0.0").

Wording: a continuous candidate's effect is "per one standard deviation"; the sentence says
the amount once, in the candidate's own unit, with a noun phrase from :data:`WORDING` (labels
and units from ``painscope.diary.schema`` RATINGS/MEASURES), e.g. "Each 1,932 more steps
than usual (one standard deviation)" rather than "Each 1,932 steps (1 SD) more steps".
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from painscope.diary.schema import MEASURES, RATINGS

#: Smallest magnitude printed. Closer to zero, a value prints as ±0.001 (rounded away from
#: zero): far below any meaningful difference on a 0–10 scale, and it keeps its side of zero.
SMALLEST = 0.001


def _decimals(a: float) -> int:
    """One decimal from 0.1 up; below it two, or three when two would show only zeros."""
    if a >= 0.1:
        return 1
    return 2 if a >= 0.005 else 3


def magnitude(x: float) -> str:
    """``|x|`` as text: "0.4", "0.04", "0.003"; "0.0" only for an exact zero."""
    a = abs(float(x))
    if not math.isfinite(a):
        return "n/a"
    if a == 0:
        return "0.0"
    a = max(a, SMALLEST)
    return f"{a:.{_decimals(a)}f}"


def signed(x: float) -> str:
    """A signed number of points: "+0.4", "-0.04", "0.0" (never "-0.0" or "+0.0")."""
    x = float(x)
    if not math.isfinite(x):
        return "n/a"
    if x == 0:
        return "0.0"
    return ("+" if x > 0 else "-") + magnitude(x)


# -- candidate wording ---------------------------------------------------------------------


@dataclass(frozen=True)
class Wording:
    """How a continuous candidate is named in a sentence.

    ``amount`` formats one standard deviation with its unit ("1.0 h", "1,932", "1.6 points");
    ``more``/``less`` are the comparative phrases that follow it ("more sleep" / "less
    sleep"); ``follows_up``/``follows_down`` finish "After worse pain days, …" for the
    reverse-direction warning; ``short`` names the candidate in "so … may partly follow pain".
    """

    unit: str
    more: str
    less: str
    follows_up: str
    follows_down: str
    short: str
    decimals: int | None = None  # None: two significant figures

    def amount(self, sd: float) -> str:
        number = f"{sd:,.{self.decimals}f}" if self.decimals is not None else f"{sd:.2g}"
        return f"{number} {self.unit}".strip()


def _rating(column: str) -> Wording:
    label = RATINGS[column].lower()
    return Wording("points", f"higher {label} rating", f"lower {label} rating",
                   f"you tended to rate your {label} higher the next day",
                   f"you tended to rate your {label} lower the next day", label, 1)


def _measure(column: str) -> Wording:
    spec = MEASURES[column]
    label = spec.label[0].lower() + spec.label[1:]
    return Wording(spec.unit, f"higher {label}", f"lower {label}",
                   f"your {label} tended to be higher the next day",
                   f"your {label} tended to be lower the next day", label)


#: Wording of the diary's continuous candidates. Sleep hours and steps read better as
#: amounts ("more sleep", "fewer steps") than as "higher <label>".
WORDING: dict[str, Wording] = {
    **{c: _rating(c) for c in RATINGS},
    **{c: _measure(c) for c in MEASURES},
    "sleep_hours": Wording("h", "more sleep", "less sleep",
                           "you tended to log more sleep the next day",
                           "you tended to log less sleep the next day", "sleep", 1),
    "steps": Wording("", "more steps", "fewer steps",
                     "you tended to log more steps the next day",
                     "you tended to log fewer steps the next day", "your step count", 0),
}


def wording(column: str, label: str, unit: str = "") -> Wording:
    """The :class:`Wording` of a column; a generic one ("higher <label>") when unknown."""
    if column in WORDING:
        return WORDING[column]
    return Wording(unit, f"higher {label}", f"lower {label}",
                   f"your {label} tended to be higher the next day",
                   f"your {label} tended to be lower the next day", label)


def continuous_subject(column: str, label: str, sd: float, unit: str = "") -> str:
    """"Each 1,932 more steps than usual (one standard deviation)".

    A candidate without a known wording is named neutrally, in its own unit when the diary
    gives one: "Each rise of 41 min in exertion minutes above usual (one standard
    deviation)", never "41 points higher exertion minutes" (issue 14).
    """
    if column in WORDING:
        w = WORDING[column]
        return f"Each {w.amount(sd)} {w.more} than usual (one standard deviation)"
    amount = wording(column, label, unit).amount(sd)
    return f"Each rise of {amount} in {label} above usual (one standard deviation)"


def binary_verb(family: str) -> str:
    """What "logging" a yes/no candidate means in a sentence."""
    return {"medication": "took", "food": "had"}.get(family, "logged")


def reverse_sentence(column: str, label: str, family: str, binary: bool, beta: float,
                     unit: str = "") -> str:
    """The reverse-direction warning, with no p-value (it stays in the report's dict).

    ``beta`` is the change in the candidate on the day after a 1-point worse pain day.
    """
    if binary:
        how = "more often" if beta > 0 else "less often"
        what = f"you {how} {binary_verb(family)} {label} the next day"
        short = label
    else:
        w = wording(column, label, unit)
        what = w.follows_up if beta > 0 else w.follows_down
        short = w.short
    return (f"After worse pain days, {what} — so {short} may partly follow pain rather than "
            "precede it.")
