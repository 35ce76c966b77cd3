"""The clinician report: what a person takes to an appointment, as a content model.

Pure (no Django): :func:`build_report` takes the canonical diary frame (``painscope.diary``),
medication rows, questionnaire administrations and, optionally, the insights reports as
plain dicts, and returns a :class:`ReportContent` — every sentence and number the PDF shows.
:func:`painscope.reports.pdf.render_pdf` lays it out. Keeping the words here means tests can
check the numbers without reading text back out of a PDF.

Every number carries its basis (days, check-ins, doses) and its spread or interval, or the
line says there is not enough data. Wording is clinical and neutral ("is followed by", never
"causes"; missed doses are "not logged", not "missed").
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

import pandas as pd

from painscope.diary import summary
from painscope.diary.daily import daily_table
from painscope.diary.regions import WPI_AREAS, wpi_area_of
from painscope.insights.flares import BASELINE_DAYS as FLARE_MIN_DAYS

#: Sections a one-page report can hold before it becomes a list nobody reads in a minute.
MAX_AREAS = 5
MAX_PATTERNS = 3
#: Below this many check-ins a share is not shown as a percentage: at n = 10 a 50 % share
#: already has a Wilson 95 % interval of 24–76 %; fewer check-ins are listed as counts.
MIN_CHECKINS_FOR_SHARES = 10
#: Windows of the pain table (days), as on the overview page.
PAIN_WINDOWS = (7, 30, 90)
#: WPI is "pain in the last week" (Wolfe et al. 2016, Semin Arthritis Rheum 46:319).
WPI_DAYS = 7
#: Adherence is reported over four weeks, as on the medications page.
ADHERENCE_WEEKS = 4
#: 95 % two-sided normal quantile for the Wilson interval.
Z95 = 1.959963984540054

PHQ9_ITEM9 = "phq9-9"
PHQ9_SAFETY_FLAG = "safety-phq9-item9"


@dataclass(frozen=True)
class Line:
    """One sentence of the report; ``highlight`` lines are boxed (safety)."""

    text: str
    highlight: bool = False


@dataclass(frozen=True)
class Section:
    """A titled block: sentences and an optional table (first row is the header)."""

    title: str
    lines: tuple[Line, ...] = ()
    table: tuple[tuple[str, ...], ...] = ()
    #: "full" spans the page; "left"/"right" go into the two-column band.
    column: str = "full"

    @property
    def text(self) -> str:
        rows = [" | ".join(r) for r in self.table]
        return "\n".join([self.title, *(ln.text for ln in self.lines), *rows])


@dataclass(frozen=True)
class ReportContent:
    """Everything the PDF shows (see module docstring)."""

    person: str
    period_start: date
    period_end: date
    generated: date
    days_with_entries: int
    period_days: int
    alerts: tuple[Line, ...]
    sections: tuple[Section, ...]
    pain_days: tuple[tuple[date, float], ...] = field(repr=False, default=())

    @property
    def title(self) -> str:
        return "Pain diary summary"

    @property
    def header(self) -> str:
        return (
            f"{self.person} · period {self.period_start:%d %b %Y}–{self.period_end:%d %b %Y} · "
            f"days with entries: {self.days_with_entries} of {self.period_days}"
        )

    @property
    def footer(self) -> str:
        return (
            f"Self-tracked data from painscope. Not a diagnosis. Generated {self.generated:%d %b %Y}; "
            f"period {self.period_start:%d %b %Y}–{self.period_end:%d %b %Y}"
        )

    def section(self, title: str) -> Section | None:
        return next((s for s in self.sections if s.title == title), None)

    @property
    def text(self) -> str:
        """All words of the report in reading order (for tests and a plain-text view)."""
        parts = [self.title, self.header, *(a.text for a in self.alerts)]
        parts += [s.text for s in self.sections]
        parts.append(self.footer)
        return "\n".join(parts)


# -- small helpers ------------------------------------------------------------------------


def wilson_interval(successes: int, n: int, z: float = Z95) -> tuple[float, float]:
    """Wilson score interval for a proportion (Wilson 1927, J Am Stat Assoc 22:209).

    Chosen over the normal approximation because adherence shares sit near 100 %, where the
    Wald interval overshoots 1 and collapses to zero width.
    """
    if n <= 0:
        raise ValueError("n must be positive")
    p = successes / n
    denom = 1 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return max(0.0, centre - half), min(1.0, centre + half)


def _as_date(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return datetime.fromisoformat(str(value)).date()


def _fmt_num(x: float) -> str:
    text = f"{x:.1f}"
    return "0.0" if text == "-0.0" else text


def _score(x: float, signed: bool = False) -> str:
    """Whole scores as integers, means (PEG, FSS) to one decimal; a real minus sign."""
    x = float(x)
    spec = ("+" if signed else "") + (".0f" if x == round(x) else ".1f")
    return format(x, spec).replace("-", "−")


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# -- sections -----------------------------------------------------------------------------


def _pain_section(daily: pd.DataFrame, start: date, end: date,
                  flares: Mapping[str, Any] | None) -> Section:
    """Mean of daily mean pain (0-10 NRS) per window with SD, range and days rated.

    Numbers come from :func:`painscope.diary.summary.pain_summary` (the overview page's
    pure function, at least ``summary.MIN_DAYS`` rated days); flare counts from the person's
    own flags and from :func:`painscope.insights.detect_flares` (Farrar 2001 thresholds).
    """
    rows: list[tuple[str, ...]] = [("Window", "Mean (0–10)", "Day-to-day SD", "Daily range", "Days rated")]
    lines: list[Line] = []
    period = (end - start).days + 1
    for days in sorted({d for d in PAIN_WINDOWS if d <= period} | {period}):
        s = summary.pain_summary(daily, end, days)
        label = f"last {days} days"
        if s.enough:
            rows.append((label, _fmt_num(s.mean), f"±{s.sd:.1f}" if s.sd is not None else "–",
                         f"{s.low:.0f}–{s.high:.0f}", f"{s.n_days} of {days}"))
        else:
            rows.append((label, "not enough data", "", "", f"{s.n_days} of {days}"))
    in_period = daily.loc[(daily.index >= pd.Timestamp(start)) & (daily.index <= pd.Timestamp(end))]
    logged = int((in_period["n_entries"] > 0).sum()) if "n_entries" in in_period.columns else 0
    if "flare" in in_period.columns:
        flagged = int((in_period["flare"] > 0).sum())
        lines.append(Line(f"Flare days marked by the person: {flagged} of {_plural(logged, 'day')} with entries."))
    else:
        lines.append(Line("No flare days were marked in this period."))
    if flares is not None and not flares.get("message"):
        n_days = 0
        n_episodes = 0
        for ep in flares.get("episodes", []):
            if ep.get("source") != "detector":
                continue
            a, b = max(_as_date(ep["start"]), start), min(_as_date(ep["end"]), end)
            if a <= b:
                n_episodes += 1
                n_days += (b - a).days + 1
        lines.append(Line(
            f"Days of pain well above the person's own 28-day median (at least 2 points and 30 % "
            f"higher, 2+ days in a row): {n_days} days in {_plural(n_episodes, 'episode')}."))
    elif flares is not None:
        lines.append(Line(
            f"Flare detector: not enough data (it needs at least {FLARE_MIN_DAYS} days with a pain "
            f"rating; {flares.get('n_pain_days', 0)} so far)."))
    return Section("Pain", tuple(lines), tuple(rows))


def _body_section(frame: pd.DataFrame, start: date, end: date) -> Section:
    """Most often marked areas (share of check-ins about pain, from
    :func:`painscope.diary.summary.region_shares`) and the number of the 19 WPI areas
    (Wolfe et al. 2016) marked at least once in the last 7 days."""
    n, shares = summary.region_shares(frame, start, end)
    marked = [s for s in shares if s.count]
    if not n or not marked:
        return Section("Body map", (Line("Not enough data: no body areas were marked in this period."),),
                       column="left")
    if n >= MIN_CHECKINS_FOR_SHARES:
        top = "; ".join(f"{s.label} {s.share:.0%}" for s in marked[:MAX_AREAS])
        lines = [Line(f"Most often marked (share of {_plural(n, 'check-in')} about pain): {top}.")]
    else:
        top = "; ".join(f"{s.label} {s.count}" for s in marked[:MAX_AREAS])
        lines = [Line(f"Shares: not enough data ({_plural(n, 'check-in')} about pain, "
                      f"{MIN_CHECKINS_FOR_SHARES} needed). Times marked: {top}.")]
    week_start = end - timedelta(days=WPI_DAYS - 1)
    if frame.empty:
        week = frame
    else:
        week = frame[(frame["local_date"] >= pd.Timestamp(week_start)) & (frame["local_date"] <= pd.Timestamp(end))]
    regions = week[(week["kind"] == "region") & (week["value"] == 1)]["name"] if len(week) else []
    areas = {wpi_area_of(str(code)) for code in regions} - {None}
    days_logged = int(week["local_date"].nunique()) if len(week) else 0
    if days_logged == 0:
        lines.append(Line(f"WPI areas in the last {WPI_DAYS} days: not enough data (no check-ins)."))
    else:
        lines.append(Line(
            f"WPI areas marked in the last {WPI_DAYS} days: {len(areas)} of {len(WPI_AREAS)} "
            f"(from {_plural(days_logged, 'day')} with check-ins; self-marked, not examined)."))
    return Section("Body map", tuple(lines), column="left")


def _medication_section(medications: Sequence[Mapping[str, Any]]) -> Section:
    """Current medications with dose and schedule; adherence = doses logged as taken of
    doses scheduled over the last 4 weeks (Vrijens et al. 2012 implementation measure, via
    :func:`painscope.diary.medications.adherence_share`) with a Wilson 95 % interval."""
    if not medications:
        return Section("Medications", (Line("No medications recorded."),), column="right")
    lines = []
    for m in medications:
        dose = f"{float(m['dose']):g} {m.get('unit', '')}".strip()
        if m.get("as_needed"):
            schedule = "as needed"
        else:
            times = ", ".join(m.get("times") or []) or "no set times"
            days = m.get("weekdays") or []
            names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
            schedule = times + (" on " + " ".join(names[d - 1] for d in sorted(days)) if days else " daily")
        text = f"{m['name']} {dose}, {schedule}"
        scheduled = int(m.get("scheduled") or 0)
        taken = int(m.get("taken") or 0)
        if not m.get("as_needed"):
            if scheduled:
                lo, hi = wilson_interval(taken, scheduled)
                text += (f". Taken (as logged): {taken} of {scheduled} scheduled doses in {ADHERENCE_WEEKS} "
                         f"weeks, {taken / scheduled:.0%} (95 % interval {lo:.0%}–{hi:.0%})")
            else:
                text += f". Adherence: not enough data (no doses scheduled in the last {ADHERENCE_WEEKS} weeks)"
        lines.append(Line(text + "."))
    return Section("Medications", tuple(lines), column="right")


def _questionnaire_section(administrations: Iterable[Mapping[str, Any]], catalogue: Mapping[str, Mapping[str, Any]],
                           start: date, end: date) -> tuple[Section, list[Line]]:
    """Latest score, band and date per instrument, change against the previous one with the
    instrument's MCID (the ``meaningful-*`` flags stored with the score by
    :func:`painscope.instruments.score`; sources in ``list_instruments()``), and the PHQ-9
    item-9 safety line (Kroenke et al. 2001: any answer above 0 needs follow-up)."""
    by_instrument: dict[str, list[Mapping[str, Any]]] = {}
    for a in administrations:
        by_instrument.setdefault(str(a["instrument"]), []).append(a)
    alerts: list[Line] = []
    if not by_instrument:
        return Section("Questionnaires", (Line("No questionnaires completed yet."),)), alerts
    rows: list[tuple[str, ...]] = [("Questionnaire", "Latest", "Date", "Change vs previous")]
    for instrument, items in sorted(by_instrument.items()):
        items = sorted(items, key=lambda a: str(a["authored"]))
        latest, previous = items[-1], (items[-2] if len(items) > 1 else None)
        result = latest.get("result", {})
        title = str(latest.get("title") or instrument)
        total = result.get("total")
        score = "not scored" if total is None else _score(total) + (f" ({result['band']})" if result.get("band") else "")
        rows.append((title, score, f"{_as_date(latest['authored']):%d %b %Y}", _change_text(result, previous, catalogue.get(instrument))))
        if instrument == "phq9":
            flagged = [_as_date(a["authored"]) for a in items if _item9(a) and start <= _as_date(a["authored"]) <= end]
            if flagged:
                also = sorted(set(flagged[:-1]), reverse=True)
                extra = f" (also on {', '.join(f'{d:%d %b %Y}' for d in also[:3])})" if also else ""
                alerts.append(Line(
                    f"PHQ-9 item 9 (thoughts of self-harm) answered above 0 on {flagged[-1]:%d %b %Y}{extra} — please ask.",
                    highlight=True))
    return Section("Questionnaires", (), tuple(rows)), alerts


def _item9(administration: Mapping[str, Any]) -> bool:
    answers = administration.get("answers") or {}
    value = answers.get(PHQ9_ITEM9)
    if value is not None:
        try:
            return float(value) > 0
        except (TypeError, ValueError):
            pass
    return any(f.get("code") == PHQ9_SAFETY_FLAG for f in administration.get("result", {}).get("flags", []))


def _change_text(result: Mapping[str, Any], previous: Mapping[str, Any] | None,
                 info: Mapping[str, Any] | None) -> str:
    if previous is None:
        return "first result"
    now, before = result.get("total"), previous.get("result", {}).get("total")
    if now is None or before is None:
        return "not comparable"
    change = float(now) - float(before)
    mcid = (info or {}).get("mcid")
    when = f"{_as_date(previous['authored']):%d %b %Y}"
    base = f"{_score(change, signed=True)} since {when}"
    if not mcid:
        return base + " (no published MCID)"
    if mcid["kind"] == "percent":
        meaningful = before != 0 and abs(change) / abs(float(before)) * 100 >= mcid["value"]
        threshold = f"{mcid['value']:g} %"
    else:
        meaningful = abs(change) >= mcid["value"]
        threshold = f"{mcid['value']:g}"
    if not meaningful:
        return f"{base} (below MCID {threshold})"
    better = (change > 0) == bool((info or {}).get("higher_is_better"))
    return f"{base}: meaningful {'improvement' if better else 'worsening'} (MCID {threshold})"


def _patterns_section(triggers: Mapping[str, Any] | None, n_pain_days: int) -> Section:
    """The most convincing significant findings of :func:`painscope.insights.lagged_effects`
    (FGLS with AR(1) errors, Benjamini–Hochberg FDR), their own sentences ("is followed by",
    with effect, 95 % interval and days), or "no clear patterns yet"."""
    if triggers is None or triggers.get("message"):
        reason = triggers["message"] if triggers else ""
        return Section("Patterns in the diary", (Line(
            f"No clear patterns yet ({n_pain_days} days with a pain rating). {reason}".strip()),))
    significant = [f for f in triggers.get("findings", []) if f.get("significant")]
    if not significant:
        return Section("Patterns in the diary", (Line(
            f"No clear patterns yet ({triggers.get('n_pain_days', n_pain_days)} days with a pain rating; "
            f"{len(triggers.get('findings', []))} factor × delay combinations checked)."),))
    significant.sort(key=lambda f: f.get("q", 1.0))
    lines = [Line(
        f"Of {len(triggers['findings'])} factor × delay combinations checked against "
        f"{triggers['n_pain_days']} days with a pain rating, {len(significant)} stood out "
        f"(false discovery rate {triggers.get('fdr', 0.05):.0%}). Associations in this diary, not causes:")]
    lines += [Line("• " + f["sentence"]) for f in significant[:MAX_PATTERNS]]
    return Section("Patterns in the diary", tuple(lines))


def _hrv_section(frame: pd.DataFrame, end: date) -> Section | None:
    """Morning HRV status from :func:`painscope.signals.baseline.morning_baseline` (Plews et al.
    2014 7-day mean against a 60-day mean ± 0.5 SD); omitted without HRV data."""
    from painscope.signals.baseline import assess, daily_values

    values = daily_values(frame)
    values = values[values.index <= end] if len(values) else values
    if values.empty:
        return None
    b = assess(values, end)
    if b.status == "not_enough_data":
        text = f"Morning HRV (lnRMSSD): not enough data — {b.reason}."
    else:
        text = (f"Morning HRV (lnRMSSD) this week {b.week_mean:.2f} ({b.week_days} of 7 days) is "
                f"{b.status} the person's normal range {b.range_low:.2f}–{b.range_high:.2f} "
                f"(60-day mean ± 0.5 SD, {b.range_days} days).")
    return Section("Heart rate variability", (Line(text),))


# -- the report ---------------------------------------------------------------------------


def build_report(
    frame: pd.DataFrame,
    *,
    person: str,
    end: date | None = None,
    days: int = 90,
    medications: Sequence[Mapping[str, Any]] = (),
    questionnaires: Iterable[Mapping[str, Any]] = (),
    triggers: Mapping[str, Any] | None = None,
    flares: Mapping[str, Any] | None = None,
    generated: date | None = None,
    compute_insights: bool = True,
) -> ReportContent:
    """Build the clinician report's content.

    Parameters
    ----------
    frame
        The canonical diary frame (``painscope.diary``); the whole diary is best, so that
        the pattern scan has its full history.
    person
        Name shown in the header.
    end, days
        The report period: ``days`` days ending on ``end`` (default: the last day with an
        entry, else today).
    medications
        One dict per current medication: ``name``, ``dose``, ``unit``, ``as_needed``,
        ``times``, ``weekdays`` and the 4-week counts ``taken`` and ``scheduled``.
    questionnaires
        One dict per administration: ``instrument``, ``title``, ``authored`` (date or ISO
        text), ``result`` (``ScoreResult.to_dict()``) and, optionally, ``answers``.
    triggers, flares
        ``TriggerReport.to_dict()`` / ``FlareReport.to_dict()``; computed from ``frame`` when
        omitted and ``compute_insights`` is true.
    """
    if days < 1:
        raise ValueError(f"days must be at least 1 (got {days})")
    daily = daily_table(frame)
    if end is None:
        end = daily.index[-1].date() if len(daily) else date.today()
    start = end - timedelta(days=days - 1)
    generated = generated or date.today()
    if compute_insights and (triggers is None or flares is None) and len(frame):
        from painscope import insights

        as_daily = insights.as_daily(daily[daily.index <= pd.Timestamp(end)])
        if triggers is None:
            triggers = insights.lagged_effects(as_daily, lags=range(4)).to_dict()
        if flares is None:
            flares = insights.detect_flares(as_daily).to_dict()
    from painscope.instruments import list_instruments

    catalogue = {row["id"]: row for row in list_instruments()}
    in_period = frame if frame.empty else frame[
        (frame["local_date"] >= pd.Timestamp(start)) & (frame["local_date"] <= pd.Timestamp(end))]
    days_with_entries = int(in_period["local_date"].nunique()) if len(in_period) else 0
    pain = daily["pain"] if "pain" in daily.columns else pd.Series(index=pd.DatetimeIndex([]), dtype=float)
    pain = pain[(pain.index >= pd.Timestamp(start)) & (pain.index <= pd.Timestamp(end))].dropna()
    n_pain_days = int(daily["pain"].notna().sum()) if "pain" in daily.columns else 0

    questionnaire_section, alerts = _questionnaire_section(questionnaires, catalogue, start, end)
    sections = [
        _pain_section(daily, start, end, flares),
        _body_section(frame, start, end),
        _medication_section(medications),
        questionnaire_section,
    ]
    hrv = _hrv_section(frame, end)
    if hrv is not None:
        sections.append(hrv)
    sections.append(_patterns_section(triggers, n_pain_days))
    return ReportContent(
        person=person,
        period_start=start,
        period_end=end,
        generated=generated,
        days_with_entries=days_with_entries,
        period_days=days,
        alerts=tuple(alerts),
        sections=tuple(sections),
        pain_days=tuple((ts.date(), float(v)) for ts, v in pain.items()),
    )


__all__ = ["Line", "ReportContent", "Section", "build_report", "wilson_interval"]
