"""Graded motor imagery: the left/right judgement trainer (stage 1) and guided stages 2-3.

* **Stimuli** are drawn by the project (``web/programmes/templates/.../_gmi_symbols.svg``): a
  right hand (back and palm), a right foot (top and sole), a back bending to the right and a
  head turning to the right. "Left" images are the same drawings mirrored, and every image is
  shown at one of :data:`ROTATIONS`, so shape alone never gives the answer away.
* **Scoring** per body part and side: accuracy (share correct) with a Wilson 95 % interval
  and the mean response time of correct answers (seconds, with a t-based 95 % interval);
  answers faster than :data:`MIN_RT_S` (anticipations) or slower than :data:`MAX_RT_S`
  (distraction) are left out of the time, as is usual for reaction-time tasks.
* **Norms** (:data:`NORMS`): accuracy >= 80 %; hands and feet 2.0 +/- 0.5 s; backs and necks
  1.6 +/- 0.5 s; left about equal to right (NOI group, "What is normal?", via a clinical page
  - secondary, *unverified* against noigroup.com). Necks: 1.621 +/- 0.501 s, median accuracy
  92.5 %, in 1361 pain-free adults (Wallwork et al. 2013, *Man Ther* 18:225-230).
* **Progress** to stage 2 when the norms are met for about a week (NOI, secondary); step back a
  stage if imagery or mirrors raise pain or swelling (PROGRAMMES.md §2).
"""

from __future__ import annotations

import math
import random
from dataclasses import asdict, dataclass
from statistics import mean, stdev

from painscope.i18n import N_

PARTS = ("hand", "foot", "back", "neck")
SIDES = ("left", "right")
VIEWS = {"hand": ("back", "palm"), "foot": ("top", "sole"), "back": ("behind",), "neck": ("front",)}
ROTATIONS = (0, 45, 90, 135, 180, 225, 270, 315)
#: Backs and necks are shown upright or tilted a little: upside-down trunks are not a posture.
TRUNK_ROTATIONS = (-30, -15, 0, 15, 30)
MIN_RT_S = 0.3
MAX_RT_S = 10.0
MIN_ACCURACY = 0.80


@dataclass(frozen=True)
class Norm:
    mean_s: float
    sd_s: float
    accuracy: float
    source: str


NORMS: dict[str, Norm] = {
    "hand": Norm(2.0, 0.5, MIN_ACCURACY, "NOI group 'What is normal?' (secondary, unverified)"),
    "foot": Norm(2.0, 0.5, MIN_ACCURACY, "NOI group 'What is normal?' (secondary, unverified)"),
    "back": Norm(1.6, 0.5, MIN_ACCURACY, "NOI group 'What is normal?' (secondary, unverified)"),
    "neck": Norm(1.621, 0.501, MIN_ACCURACY,
                 "Wallwork SB et al. Man Ther 2013;18:225-230 (1361 pain-free adults; median accuracy 92.5 %)"),
}
SOURCES = [
    "Moseley GL. Graded motor imagery is effective for long-standing CRPS: an RCT. Pain 2004;108:192-198",
    "Moseley GL. Graded motor imagery for pathologic pain: an RCT. Neurology 2006;67:2129-2134",
    "Bowering KJ et al. The effects of graded motor imagery and its components on chronic pain: a systematic "
    "review and meta-analysis. J Pain 2013;14:3-13",
    NORMS["neck"].source,
    "NOI group, 'What is normal?' (left/right judgement norms; secondary, unverified)",
]


@dataclass(frozen=True)
class Trial:
    part: str
    side: str
    view: str
    rotation: int

    @property
    def symbol(self) -> str:
        """The SVG symbol id drawn for this trial (left = the right-side drawing mirrored)."""
        return f"gmi-{self.part}-{self.view}"


def make_trials(n: int = 20, parts: tuple[str, ...] = PARTS, *, seed: int | None = None) -> list[Trial]:
    """``n`` trials, balanced across parts and sides as far as ``n`` allows, in random order."""
    if not 4 <= n <= 100:
        raise ValueError(f"n must be between 4 and 100 trials (got {n})")
    unknown = [p for p in parts if p not in PARTS]
    if unknown or not parts:
        raise ValueError(f"parts must be among {', '.join(PARTS)} (got {', '.join(unknown) or 'none'})")
    rng = random.Random(seed)
    cells = [(p, s) for p in parts for s in SIDES]
    trials = []
    for i in range(n):
        part, side = cells[i % len(cells)]
        rotations = TRUNK_ROTATIONS if part in ("back", "neck") else ROTATIONS
        trials.append(Trial(part, side, rng.choice(VIEWS[part]), rng.choice(rotations)))
    rng.shuffle(trials)
    return trials


@dataclass(frozen=True)
class Answer:
    part: str
    side: str
    answer: str
    rt_s: float

    @property
    def correct(self) -> bool:
        return self.answer == self.side


def parse_answers(rows: list[dict]) -> list[Answer]:
    """Answers sent by the trainer page; raises ValueError naming the trial and field."""
    if not isinstance(rows, list) or not rows:
        raise ValueError("answers: no trials were answered")
    if len(rows) > 200:
        raise ValueError("answers: at most 200 trials in one session")
    out = []
    for i, row in enumerate(rows, start=1):
        if not isinstance(row, dict):
            raise ValueError(f"trial {i}: not an answer")
        part, side, answer = row.get("part"), row.get("side"), row.get("answer")
        if part not in PARTS:
            raise ValueError(f"trial {i}, part: must be one of {', '.join(PARTS)}")
        if side not in SIDES or answer not in SIDES:
            raise ValueError(f"trial {i}, side/answer: must be left or right")
        try:
            rt = float(row.get("rt_s"))
        except (TypeError, ValueError):
            raise ValueError(f"trial {i}, rt_s: must be a number of seconds") from None
        if not math.isfinite(rt) or not 0 < rt <= 120:
            raise ValueError(f"trial {i}, rt_s: must be between 0 and 120 seconds")
        out.append(Answer(part, side, answer, rt))
    return out


def _wilson(k: int, n: int, z: float = 1.959964) -> tuple[float, float]:
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return (max(0.0, centre - half), min(1.0, centre + half))


@dataclass
class CellScore:
    part: str
    side: str
    n: int
    correct: int
    accuracy: float
    accuracy_low: float
    accuracy_high: float
    mean_rt_s: float | None
    rt_low: float | None
    rt_high: float | None
    n_timed: int
    norm_mean_s: float
    norm_sd_s: float
    within_norm: bool | None  # None: too few answers to say
    sentence: str


def score_cell(part: str, side: str, answers: list[Answer]) -> CellScore:
    from scipy import stats  # here, not at the top: importing scipy.stats takes ~1 s

    norm = NORMS[part]
    n = len(answers)
    k = sum(a.correct for a in answers)
    acc = k / n
    lo, hi = _wilson(k, n)
    times = [a.rt_s for a in answers if a.correct and MIN_RT_S <= a.rt_s <= MAX_RT_S]
    m = rl = rh = None
    if times:
        m = mean(times)
        if len(times) >= 2:
            half = stats.t.ppf(0.975, len(times) - 1) * stdev(times) / math.sqrt(len(times))
            rl, rh = m - half, m + half
    within = None
    if n >= 5 and m is not None:
        within = acc >= norm.accuracy and m <= norm.mean_s + norm.sd_s
    label = f"{side} {part}s" if part in ("hand", "foot") else f"{part} turned {side}"
    if m is None:
        sentence = f"{label.capitalize()}: {k} of {n} right; no timed correct answers yet."
    else:
        sentence = (f"{label.capitalize()}: {k} of {n} right ({acc:.0%}), {m:.1f} s on average "
                    f"(people without pain: at least {norm.accuracy:.0%} right in about "
                    f"{norm.mean_s:.1f} ± {norm.sd_s:.1f} s).")
        if n < 5:
            sentence += " Too few answers yet to compare."
    return CellScore(part, side, n, k, acc, lo, hi, m, rl, rh, len(times), norm.mean_s, norm.sd_s, within, sentence)


@dataclass
class SessionScore:
    n: int
    correct: int
    accuracy: float
    cells: list[CellScore]
    gaps: dict[str, float]  # part -> left minus right mean RT, seconds

    def to_dict(self) -> dict:
        return asdict(self)


def score_session(answers: list[Answer]) -> SessionScore:
    """Accuracy and response time per body part and side, against the norms."""
    if not answers:
        raise ValueError("no answers to score")
    cells = []
    gaps = {}
    for part in PARTS:
        by_side = {}
        for side in SIDES:
            sel = [a for a in answers if a.part == part and a.side == side]
            if sel:
                by_side[side] = score_cell(part, side, sel)
                cells.append(by_side[side])
        if len(by_side) == 2 and by_side["left"].mean_rt_s is not None and by_side["right"].mean_rt_s is not None:
            gaps[part] = by_side["left"].mean_rt_s - by_side["right"].mean_rt_s
    k = sum(a.correct for a in answers)
    return SessionScore(len(answers), k, k / len(answers), cells, gaps)


def ready_for_stage_2(daily_within: dict[str, bool]) -> bool:
    """Norms met on at least 5 of the last 7 days with a session ("stable about a week", NOI)."""
    days = sorted(daily_within)[-7:]
    return len(days) >= 5 and sum(daily_within[d] for d in days) >= 5


@dataclass(frozen=True)
class Step:
    seconds: int
    text: str


#: Stage 2 (explicit motor imagery) and stage 3 (mirror therapy) as guided, timed sessions
#: of under 5 minutes (project scripts after Moseley 2004/2006; timings are a project choice).
GUIDED: dict[str, list[Step]] = {
    "imagery": [
        Step(20, N_("Sit comfortably. Look at the picture of the hand on the screen.")),
        Step(30, N_("Without moving, imagine your own hand slowly moving into that position. Feel where the fingers go.")),
        Step(30, N_("Now imagine it moving back, slowly and smoothly.")),
        Step(30, N_("Imagine the same movement with your other hand.")),
        Step(30, N_("Once more with the hand that hurts, slowly. If the pain rises, imagine a smaller movement.")),
        Step(30, N_("Let the picture go. Notice your breathing.")),
    ],
    "mirror": [
        Step(30, N_("Put a mirror upright in front of you. Hide the painful hand or foot behind it; see the other in the mirror.")),
        Step(40, N_("Just look at the reflection for a while. It looks like the hidden limb.")),
        Step(40, N_("Slowly move the visible one: open and close the fingers (or bend the toes). Keep watching the mirror.")),
        Step(40, N_("Try a gentle wrist (or ankle) circle, still watching the reflection.")),
        Step(30, N_("Rest and look again. If pain or swelling rises, stop: go back to the previous stage.")),
    ],
}
