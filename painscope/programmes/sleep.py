"""CBT for insomnia: sleep diary, sleep efficiency, sleep-window titration, safety screen.

Conventions (PROGRAMMES.md §4), each with its source:

* **Diary.** One row a night: ``night`` (the date the night began), ``bedtime`` (into bed,
  HH:MM), ``latency_min`` (minutes to fall asleep), ``waso_min`` (minutes awake after first
  falling asleep, *including* time lying awake after the final awakening, since this diary
  has no separate "final awakening" column), ``rise_time`` (out of bed, HH:MM), and
  optionally ``naps_min``. The items follow the Consensus Sleep Diary (Carney et al. 2012,
  *Sleep* 35:287-302), reduced to what the formulas need.
* **Formulas.** Time in bed TIB = rise time - bedtime (across midnight); total sleep time
  TST = TIB - latency - WASO; sleep efficiency SE = TST / TIB x 100 (Carney et al. 2012).
  Naps are recorded but not part of SE (stimulus control asks for none).
* **Weeks.** Nights are grouped in blocks of 7 calendar days from the first night. A week is
  titrated only with at least :data:`MIN_NIGHTS` nights in it; otherwise the window is held.
* **Start of the window** (Spielman, Saskin & Thorpy 1987, *Sleep* 10:45-56): the first week
  is the baseline; the first window is its mean TST, never under :data:`FLOOR_MIN`. When a
  window is already prescribed (``window=``), every week is a titration week instead.
* **Titration**, once a week on that week's mean SE: >= 85 % -> +15 min, < 80 % -> -15 min,
  otherwise hold; never under 5 h (300 min). The thresholds are the ones of the issue; manuals
  differ (85-90 % to extend, 80-85 % to shorten; PROGRAMMES.md §4 marks these as secondary).
* **Fixed rise time.** The window ends at the wake time; bedtime = wake - window.
* **Safety.** :func:`screen` stops restriction and advises a clinician on any "yes" to
  :data:`SCREENING_QUESTIONS` (usual CBT-I manual contraindications; no single authoritative
  list exists), and :data:`DROWSY_WARNING` is shown with every restriction plan (Kyle et al.
  2014, *Sleep* 37:229-237: sleep fell and vigilance lapses rose in the first weeks).
"""

from __future__ import annotations

import csv
import io
import math
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Literal

from painscope.i18n import N_, gettext

FLOOR_MIN = 300
STEP_MIN = 15
EXTEND_AT = 85.0
SHORTEN_BELOW = 80.0
MIN_NIGHTS = 4
WEEK_DAYS = 7
COLUMNS = ("night", "bedtime", "latency_min", "waso_min", "rise_time")
OPTIONAL_COLUMNS = ("naps_min",)
SOURCE = (
    "Spielman AJ, Saskin P, Thorpy MJ. Treatment of chronic insomnia by restriction of time in "
    "bed. Sleep 1987;10:45-56; Carney CE et al. The Consensus Sleep Diary. Sleep 2012;35:287-302"
)

Action = Literal["extend", "hold", "shorten"]


class SleepDiaryError(ValueError):
    """A sleep diary row that cannot be read; the message names the line and the column."""


@dataclass(frozen=True)
class SleepNight:
    night: date
    bedtime_min: int  # minutes after midnight
    latency_min: float
    waso_min: float
    rise_min: int
    naps_min: float = 0.0

    @property
    def time_in_bed_min(self) -> float:
        return float((self.rise_min - self.bedtime_min) % 1440)

    @property
    def total_sleep_min(self) -> float:
        return max(0.0, self.time_in_bed_min - self.latency_min - self.waso_min)

    @property
    def efficiency(self) -> float:
        """Sleep efficiency in % (TST / TIB x 100; Carney et al. 2012)."""
        return 100.0 * self.total_sleep_min / self.time_in_bed_min

    def as_row(self) -> dict[str, str]:
        return {
            "night": self.night.isoformat(),
            "bedtime": format_clock(self.bedtime_min),
            "latency_min": _num_text(self.latency_min),
            "waso_min": _num_text(self.waso_min),
            "rise_time": format_clock(self.rise_min),
        }


def _num_text(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def parse_clock(text: str) -> int:
    """'23:30' -> 1410 (minutes after midnight). Raises ValueError with a plain message."""
    s = str(text).strip()
    parts = s.split(":")
    if len(parts) != 2 or not all(p.isdigit() for p in parts) or len(parts[1]) != 2:
        raise ValueError(f"expected a time such as 23:00 (got '{s}')")
    h, m = int(parts[0]), int(parts[1])
    if not (0 <= h <= 23 and 0 <= m <= 59):
        raise ValueError(f"expected a time between 00:00 and 23:59 (got '{s}')")
    return h * 60 + m


def format_clock(minutes: float) -> str:
    m = round(minutes) % 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def format_duration(minutes: float) -> str:
    """380 -> '6 h 20 min'."""
    m = round(minutes)
    return f"{m // 60} h" + (f" {m % 60} min" if m % 60 else "")


def make_night(night: date, bedtime: str | int, latency_min: float, waso_min: float,
               rise_time: str | int, naps_min: float = 0.0) -> SleepNight:
    """One validated night; raises :class:`ValueError` naming the field."""
    bed = bedtime if isinstance(bedtime, int) else _field(parse_clock, bedtime, "bedtime")
    rise = rise_time if isinstance(rise_time, int) else _field(parse_clock, rise_time, "rise_time")
    if bed == rise:
        raise ValueError("rise_time: must differ from bedtime (no time in bed)")
    tib = (rise - bed) % 1440
    if tib > 16 * 60:
        raise ValueError(f"rise_time: {format_clock(rise)} is {tib / 60:.1f} h after bedtime "
                         f"{format_clock(bed)}; a night in bed is at most 16 h (check the two times)")
    for name, value, top in (("latency_min", latency_min, 720), ("waso_min", waso_min, 960),
                             ("naps_min", naps_min, 720)):
        if not (isinstance(value, int | float) and math.isfinite(value)) or not 0 <= value <= top:
            raise ValueError(f"{name}: must be minutes between 0 and {top} (got {value})")
    if latency_min + waso_min > tib:
        raise ValueError(f"waso_min: minutes to fall asleep ({_num_text(latency_min)}) plus minutes "
                         f"awake ({_num_text(waso_min)}) are more than the {tib} minutes in bed")
    return SleepNight(night, bed, float(latency_min), float(waso_min), rise, float(naps_min))


def _field(fn, value, name):
    try:
        return fn(value)
    except ValueError as exc:
        raise ValueError(f"{name}: {exc}") from None


def read_sleep_csv(text: str) -> list[SleepNight]:
    """Read the sleep diary CSV (header ``night,bedtime,latency_min,waso_min,rise_time``).

    A bad row rejects the whole file with :class:`SleepDiaryError` naming its line (the
    header is line 1) and column. Nights are returned sorted; a night given twice is an error.
    """
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    rows = list(reader)
    if not rows or not any(c.strip() for c in rows[0]):
        raise SleepDiaryError("the file is empty; expected a header line: " + ",".join(COLUMNS))
    header = [c.strip().lower() for c in rows[0]]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise SleepDiaryError(f"line 1: missing column(s) {', '.join(missing)}; expected the header "
                              + ",".join(COLUMNS))
    unknown = [c for c in header if c not in COLUMNS + OPTIONAL_COLUMNS]
    if unknown:
        raise SleepDiaryError(f"line 1: unknown column(s) {', '.join(unknown)}; expected "
                              + ",".join(COLUMNS) + " (and optionally naps_min)")
    index = {name: header.index(name) for name in header}
    nights: dict[date, SleepNight] = {}
    for lineno, row in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in row):
            continue
        if len(row) != len(header):
            raise SleepDiaryError(f"line {lineno}: expected {len(header)} values, got {len(row)}")

        def cell(name: str, row=row) -> str:
            return row[index[name]].strip() if name in index else ""

        try:
            night = date.fromisoformat(cell("night"))
        except ValueError:
            raise SleepDiaryError(f"line {lineno}, column night: expected a date such as 2026-03-01 "
                                  f"(got '{cell('night')}')") from None
        numbers: dict[str, float] = {}
        for name in ("latency_min", "waso_min", "naps_min"):
            raw = cell(name)
            if name == "naps_min" and raw == "":
                numbers[name] = 0.0
                continue
            try:
                numbers[name] = float(raw)
            except ValueError:
                raise SleepDiaryError(f"line {lineno}, column {name}: expected a number of minutes "
                                      f"(got '{raw}')") from None
        try:
            made = make_night(night, cell("bedtime"), numbers["latency_min"], numbers["waso_min"],
                              cell("rise_time"), numbers["naps_min"])
        except ValueError as exc:
            column, _, message = str(exc).partition(": ")
            raise SleepDiaryError(f"line {lineno}, column {column}: {message}") from None
        if night in nights:
            raise SleepDiaryError(f"line {lineno}, column night: {night} is already in the file")
        nights[night] = made
    if not nights:
        raise SleepDiaryError("the file has a header but no nights")
    return [nights[d] for d in sorted(nights)]


def write_sleep_csv(nights: list[SleepNight]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for n in sorted(nights, key=lambda n: n.night):
        writer.writerow(n.as_row())
    return out.getvalue()


def titrate(efficiency: float, window_min: float) -> tuple[Action, int]:
    """The weekly rule: SE >= 85 % -> +15 min, < 80 % -> -15 min, else hold; floor 5 h."""
    if efficiency >= EXTEND_AT:
        action: Action = "extend"
        new = window_min + STEP_MIN
    elif efficiency < SHORTEN_BELOW:
        action = "shorten"
        new = window_min - STEP_MIN
    else:
        action = "hold"
        new = window_min
    return action, round(max(FLOOR_MIN, new))


@dataclass
class SleepWeek:
    week: int
    start: str
    end: str
    nights: int
    efficiency: float | None
    mean_tst_min: float | None
    mean_tib_min: float | None
    window_minutes: int | None  # the window in force during this week (None: baseline week)
    next_window_minutes: int
    action: Action
    baseline: bool
    note: str = ""


@dataclass
class SleepPlan:
    efficiency: float | None
    window_minutes: int
    bedtime: str
    wake: str
    action: Action
    weeks: list[SleepWeek] = field(default_factory=list)
    nights_in_window: int = 0
    nights: int = 0
    warning: str = ""
    rule: str = ""
    #: False while the baseline week has fewer than MIN_NIGHTS nights: no window is advised yet
    ready: bool = True
    nights_needed: int = 0

    @property
    def window_text(self) -> str:
        return format_duration(self.window_minutes)

    def to_dict(self) -> dict:
        return {
            "efficiency": None if self.efficiency is None else round(self.efficiency, 1),
            "window_minutes": self.window_minutes,
            "bedtime": self.bedtime,
            "wake": self.wake,
            "action": self.action,
            "weeks": [asdict(w) | {"efficiency": None if w.efficiency is None else round(w.efficiency, 1)}
                      for w in self.weeks],
            "nights": self.nights,
            "nights_in_window": self.nights_in_window,
            "ready": self.ready,
            "nights_needed": self.nights_needed,
            "rule": self.rule,
            "warning": self.warning,
            "source": SOURCE,
        }


#: Written out so the catalogue can hold it (painscope.i18n); the numbers are FLOOR_MIN,
#: EXTEND_AT, SHORTEN_BELOW and STEP_MIN above - keep them in step.
RULE_TEXT = N_("Week 1 is the baseline: the first window is its mean sleep time (at least 5 h). "
               "Then each week: sleep efficiency >= 85 % -> +15 min, < 80 % -> "
               "-15 min, otherwise hold; never under 5 h. Same rise time every day.")

DROWSY_WARNING = (N_("In the first weeks of a shorter sleep window most people are sleepier by day. "
                  "Do not drive or use machines when drowsy; if that is hard to avoid, do not shorten "
                  "your time in bed and talk to a clinician."))


def weeks_of(nights: list[SleepNight]) -> list[list[SleepNight]]:
    if not nights:
        return []
    first = nights[0].night
    groups: dict[int, list[SleepNight]] = {}
    for n in nights:
        groups.setdefault((n.night - first).days // WEEK_DAYS, []).append(n)
    return [groups[k] for k in sorted(groups)]


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def sleep_plan(nights: list[SleepNight], wake: str | None = None, *, window: int | None = None) -> SleepPlan:
    """Next week's sleep window from a diary of nights (rules in the module docstring).

    ``wake`` is the fixed rise time (HH:MM; default: the last week's mean rise time).
    ``window`` is the window already prescribed for the first week, in minutes; without it
    the first week is the baseline.
    """
    if not nights:
        raise ValueError("no nights in the sleep diary")
    nights = sorted(nights, key=lambda n: n.night)
    if window is not None and not FLOOR_MIN <= window <= 16 * 60:
        raise ValueError(f"window: must be minutes between {FLOOR_MIN} and 960 (got {window})")
    groups = weeks_of(nights)
    first = nights[0].night
    weeks: list[SleepWeek] = []
    current = window
    for group in groups:
        # weeks are numbered by calendar position, so a skipped week leaves a gap in the numbers
        k_week = (group[0].night - first).days // WEEK_DAYS
        start = first + timedelta(days=k_week * WEEK_DAYS)
        se = 100.0 * sum(n.total_sleep_min for n in group) / sum(n.time_in_bed_min for n in group)
        tst = _mean([n.total_sleep_min for n in group])
        tib = _mean([n.time_in_bed_min for n in group])
        note = ""
        if current is None:
            baseline = True
            nxt = round(max(FLOOR_MIN, tst))
            action: Action = "shorten" if nxt < tib else "hold"
            note = "baseline week: the first window is the mean sleep time"
            if len(group) < MIN_NIGHTS:
                note += (f" (only {len(group)} night{'' if len(group) == 1 else 's'}; "
                         f"{MIN_NIGHTS} or more give a steadier start)")
        else:
            baseline = False
            if len(group) < MIN_NIGHTS:
                action, nxt = "hold", int(current)
                note = f"only {len(group)} nights logged; at least {MIN_NIGHTS} are needed to change the window"
            else:
                action, nxt = titrate(se, current)
        weeks.append(SleepWeek(k_week + 1, start.isoformat(), (start + timedelta(days=WEEK_DAYS - 1)).isoformat(),
                               len(group), se, tst, tib, None if current is None else int(current), nxt,
                               action, baseline, note))
        current = nxt
    last = weeks[-1]
    if wake is None:
        wake_min = round(_mean([n.rise_min for n in groups[-1]]))
    else:
        wake_min = _field(parse_clock, wake, "wake")
    assert current is not None
    in_window = 0
    for w, group in zip(weeks, groups, strict=True):
        if w.window_minutes is None:
            continue
        for n in group:
            # inside the window: in bed no earlier than the window allows, up at the wake time (+/- 15 min)
            allowed_bed = (wake_min - w.window_minutes) % 1440
            early = ((allowed_bed - n.bedtime_min + 720) % 1440) - 720
            late_rise = abs(((n.rise_min - wake_min + 720) % 1440) - 720)
            if early <= 15 and late_rise <= 15:
                in_window += 1
    needed = 0
    if weeks[0].baseline and len(weeks) == 1 and weeks[0].nights < MIN_NIGHTS:
        needed = MIN_NIGHTS - weeks[0].nights
    return SleepPlan(
        ready=needed == 0,
        nights_needed=needed,
        efficiency=last.efficiency,
        window_minutes=int(current),
        bedtime=format_clock(wake_min - current),
        wake=format_clock(wake_min),
        action=last.action,
        weeks=weeks,
        nights=len(nights),
        nights_in_window=in_window,
        warning=DROWSY_WARNING,
        rule=RULE_TEXT,
    )


# -- safety screen --------------------------------------------------------------------------

#: Questions whose "yes" stops sleep restriction (usual CBT-I manual contraindications,
#: PROGRAMMES.md §4; Kyle et al. 2014 for daytime sleepiness). id -> plain question.
SCREENING_QUESTIONS: dict[str, str] = {
    "seizures": N_("Have you ever had a seizure or been told you have epilepsy?"),
    "bipolar": N_("Have you been told you have bipolar disorder, or had a spell of days with very high "
               "energy and little need for sleep?"),
    "apnoea": N_("Do you have sleep apnoea that is not treated, or loud snoring with pauses in breathing "
              "that nobody has checked?"),
    "other_sleep_disorder": N_("Have you been told you have another sleep disorder (for example "
                            "narcolepsy, restless legs, or sleepwalking)?"),
    "drowsy_driving": N_("Do you drive, operate machines or do safety-critical work while drowsy, or "
                      "have you nearly fallen asleep while driving?"),
    "pregnancy": N_("Are you pregnant?"),
    "falls": N_("Are you at risk of falls (for example when getting up at night)?"),
}

#: Why each "yes" stops restriction (shown to the person).
SCREENING_REASONS: dict[str, str] = {
    "seizures": N_("less sleep can lower the seizure threshold"),
    "bipolar": N_("less sleep can trigger a manic episode"),
    "apnoea": N_("daytime sleepiness from apnoea gets worse, and apnoea needs its own treatment"),
    "other_sleep_disorder": N_("that condition needs its own assessment first"),
    "drowsy_driving": N_("a shorter window makes most people sleepier during the first weeks"),
    "pregnancy": N_("sleep restriction has not been studied in pregnancy"),
    "falls": N_("sleepiness raises the risk of falls"),
}


@dataclass(frozen=True)
class ScreenResult:
    restriction_allowed: bool
    reasons: list[str]
    advice: str

    def to_dict(self) -> dict:
        return asdict(self)


def screen(answers: dict[str, bool | None]) -> ScreenResult:
    """Screening answers -> may the sleep window be restricted?

    Any "yes" stops restriction; an unanswered question counts as "not sure" and stops it too,
    because the plan cannot know it is safe. Stimulus control stays available either way.
    """
    reasons = []
    for key in SCREENING_QUESTIONS:
        value = answers.get(key)
        if value is None:
            reasons.append(NOT_ANSWERED % {"question": SCREENING_QUESTIONS[key]})
        elif value:
            reasons.append(SCREENING_REASONS[key])
    if reasons:
        return ScreenResult(False, reasons, STOP_ADVICE)
    return ScreenResult(True, [], NOTHING_STOPS + " " + DROWSY_WARNING)


NOT_ANSWERED = N_("not answered: %(question)s")
STOP_ADVICE = N_("Please talk to a clinician before shortening your time in bed. You can still "
                 "keep the sleep diary and follow the stimulus-control steps, which are safe.")
NOTHING_STOPS = N_("Nothing in your answers stops a sleep window.")


def screen_in_language(result: dict) -> dict:
    """A stored screen result (English, :meth:`ScreenResult.to_dict`) in the reader's language."""
    prefix = NOT_ANSWERED.split("%")[0]
    reasons = []
    for reason in result.get("reasons", []):
        if reason.startswith(prefix):
            reasons.append(gettext(NOT_ANSWERED) % {"question": gettext(reason[len(prefix):])})
        else:
            reasons.append(gettext(reason))
    advice = result.get("advice", "")
    if advice == NOTHING_STOPS + " " + DROWSY_WARNING:
        advice = gettext(NOTHING_STOPS) + " " + gettext(DROWSY_WARNING)
    else:
        advice = gettext(advice)
    return result | {"reasons": reasons, "advice": advice}


#: Stimulus control instructions (Bootzin 1972, as summarised in PROGRAMMES.md §4).
STIMULUS_CONTROL = [
    N_("Go to bed only when sleepy, not just tired."),
    N_("Use the bed only for sleep and sex: no phone, TV or work in bed."),
    N_("If you are awake for what feels like 15-20 minutes, get up, do something calm in dim light, and "
    "come back when sleepy. Do not watch the clock."),
    N_("Get up at the same time every day, weekends too."),
    N_("No naps. Planned rest for pain is fine, out of bed and not asleep."),
]
