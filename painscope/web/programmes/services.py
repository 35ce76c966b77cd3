"""The programme pages' one way to the person's data, and the "whose is this?" helpers.

Every view gets objects through the ``*_for_user`` helpers here, so another person's data
answers 404. The rules are the pure functions of :mod:`painscope.programmes`; this module
only reads what they need from the store and writes what the person did, each write in one
transaction.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pandas as pd
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.http import Http404

from painscope import diary, programmes
from painscope.programmes import adherence as adh
from painscope.programmes import breathing, cbt, education, evaluation, gmi, pacing, sleep
from painscope.web.accounts.models import Profile
from painscope.web.insights_web.models import Experiment
from painscope.web.programmes.models import Enrolment, FearItem, ProgrammeSession, SleepNight

# -- ownership ------------------------------------------------------------------------------


def enrolments_for_user(user: AbstractBaseUser):
    return Enrolment.objects.filter(owner=user)


def enrolment_for_user(user: AbstractBaseUser, programme_id: str) -> Enrolment | None:
    return Enrolment.objects.filter(owner=user, programme=programme_id).select_related("experiment").first()


def sessions_for_user(user: AbstractBaseUser):
    return ProgrammeSession.objects.filter(owner=user)


def sleep_nights_for_user(user: AbstractBaseUser):
    return SleepNight.objects.filter(owner=user)


def fear_items_for_user(user: AbstractBaseUser):
    return FearItem.objects.filter(owner=user)


def get_fear_item_for_user(user: AbstractBaseUser, pk) -> FearItem:
    """The fear item with this id if ``user`` owns it; 404 otherwise (never 403)."""
    try:
        return FearItem.objects.get(pk=int(pk), owner=user)
    except (FearItem.DoesNotExist, ValueError, TypeError):
        raise Http404("No such item") from None


def today_for(user: AbstractBaseUser) -> date:
    return datetime.now(UTC).astimezone(Profile.for_user(user).zone).date()


# -- starting and logging -------------------------------------------------------------------


def start_programme(user: AbstractBaseUser, programme_id: str, start: date, plan_settings: dict | None = None) -> Enrolment:
    """Enrol ``user`` from ``start`` and save the programme's entry in "Did it help" (one transaction).

    Starting again keeps the first enrolment (its start date is the intervention date).
    """
    prog = programmes.programme(programme_id)
    with transaction.atomic():
        existing = enrolment_for_user(user, programme_id)
        if existing is not None:
            if plan_settings:
                existing.settings = {**existing.settings, **plan_settings}
                existing.save(update_fields=["settings"])
            return existing
        plan = evaluation.plan_for(prog, start)
        experiment = Experiment.objects.create(
            owner=user, what=plan.what, start_date=start, block_days=plan.block_days, blocks=len(plan.blocks),
            plan=plan.to_dict(),
        )
        return Enrolment.objects.create(owner=user, programme=programme_id, start_date=start,
                                        settings=plan_settings or {}, experiment=experiment)


def record_session(enrolment: Enrolment, day: date, kind: str, minutes: float = 0.0, data: dict | None = None) -> ProgrammeSession:
    with transaction.atomic():
        return ProgrammeSession.objects.create(owner=enrolment.owner, enrolment=enrolment, day=day, kind=kind,
                                               minutes=float(minutes), data=data or {})


def adherence_for(enrolment: Enrolment, today: date) -> adh.Adherence:
    days = list(sessions_for_user(enrolment.owner).filter(enrolment=enrolment).values_list("day", flat=True))
    if enrolment.programme == "sleep":
        # a night is logged the morning after it began: count the morning
        days += [n + timedelta(days=1) for n in sleep_nights_for_user(enrolment.owner).values_list("night", flat=True)]
    return adh.adherence(enrolment.start_date, today, days, adh.TARGET_PER_WEEK[enrolment.programme])


@dataclass
class Overview:
    programme: programmes.Programme
    enrolment: Enrolment | None
    adherence: adh.Adherence | None


def overview(user: AbstractBaseUser) -> list[Overview]:
    today = today_for(user)
    mine = {e.programme: e for e in enrolments_for_user(user)}
    out = []
    for p in programmes.PROGRAMMES:
        e = mine.get(p.id)
        out.append(Overview(p, e, adherence_for(e, today) if e else None))
    return out


# -- the diary the rules read ---------------------------------------------------------------


def _frame(user: AbstractBaseUser) -> pd.DataFrame:
    from painscope.web.journal.services import diary_frame

    return diary_frame(user)


def _daily(frame: pd.DataFrame) -> pd.DataFrame:
    return diary.daily_table(frame) if len(frame) else pd.DataFrame(index=pd.DatetimeIndex([], name="date"))


# -- pacing ---------------------------------------------------------------------------------


@dataclass
class PacingView:
    baselines: dict[str, pacing.MeasureBaseline]
    week: int
    quota: float | None
    envelope: pacing.Envelope | None
    boom_bust: pacing.BoomBust
    statuses: list[dict]
    fixed_increments: bool


def pacing_view(user: AbstractBaseUser, enrolment: Enrolment, today: date, *,
                frame: pd.DataFrame | None = None, daily: pd.DataFrame | None = None) -> PacingView:
    """The pacing page's numbers for ``today``. ``frame`` (the person's diary) and ``daily``
    (its daily table) may be passed in when logging many days at once (the diary does not
    change between them); by default they are read here."""
    from painscope.signals.baseline import morning_baseline

    frame = _frame(user) if frame is None else frame
    daily = _daily(frame) if daily is None else daily
    s = enrolment.settings
    fixed = not s.get("pem", False)
    week = pacing.week_of(enrolment.start_date, today) if today >= enrolment.start_date else 1
    quota = envelope = None
    if s.get("baseline_minutes"):
        quota = pacing.weekly_quota(float(s["baseline_minutes"]), week, step=float(s.get("step", pacing.DEFAULT_STEP)),
                                    fixed_increments=fixed)
        hrv_status = None
        if len(frame):
            hrv_status = morning_baseline(frame, day=today).status
        rhr_today = None
        if "resting_hr" in daily.columns and pd.Timestamp(today) in daily.index:
            value = daily.loc[pd.Timestamp(today), "resting_hr"]
            rhr_today = None if pd.isna(value) else float(value)
        base = pacing.diary_baseline(daily, before=today)
        envelope = pacing.energy_envelope(quota, hrv_status=hrv_status, resting_hr=rhr_today,
                                          resting_hr_baseline=base.get("resting_hr"))
    statuses = [{"day": x.day, "minutes": x.minutes, "quota": x.data.get("quota"), "status": x.data.get("status")}
                for x in sessions_for_user(user).filter(enrolment=enrolment, kind="pacing-day")[:14]]
    return PacingView(pacing.diary_baseline(daily, before=enrolment.start_date), week, quota, envelope,
                      pacing.boom_bust(daily), statuses, fixed)


def log_pacing_day(user: AbstractBaseUser, enrolment: Enrolment, day: date, minutes: float, *,
                   frame: pd.DataFrame | None = None, daily: pd.DataFrame | None = None) -> ProgrammeSession:
    view = pacing_view(user, enrolment, day, frame=frame, daily=daily)
    if view.quota is None:
        raise ValueError("minutes: set your starting tolerance first")
    status = pacing.quota_status(minutes, view.envelope.envelope if view.envelope else view.quota)
    data = {"quota": round(view.quota, 1), "envelope": round(view.envelope.envelope, 1) if view.envelope else None,
            "status": status}
    # one pacing record a day: logging again corrects the day
    with transaction.atomic():
        row, _ = ProgrammeSession.objects.update_or_create(
            owner=user, enrolment=enrolment, day=day, kind="pacing-day",
            defaults={"minutes": float(minutes), "data": data})
    return row


# -- graded motor imagery -------------------------------------------------------------------


def gmi_history(user: AbstractBaseUser, enrolment: Enrolment) -> list[dict]:
    rows = []
    for x in sessions_for_user(user).filter(enrolment=enrolment, kind="gmi-lr").order_by("day", "pk"):
        rows.append({"day": x.day, "accuracy": x.data.get("accuracy"), "cells": x.data.get("cells", []),
                     "n": x.data.get("n")})
    return rows


def save_gmi_round(enrolment: Enrolment, day: date, raw_answers: list[dict]) -> gmi.SessionScore:
    answers = gmi.parse_answers(raw_answers)
    score = gmi.score_session(answers)
    minutes = sum(a.rt_s for a in answers) / 60.0
    record_session(enrolment, day, "gmi-lr", minutes, score.to_dict())
    return score


def gmi_ready(history: list[dict]) -> bool:
    by_day: dict[str, bool] = {}
    for h in history:
        cells = h["cells"]
        ok = bool(cells) and all(c.get("within_norm") for c in cells)
        by_day[h["day"].isoformat()] = by_day.get(h["day"].isoformat(), False) or ok
    return gmi.ready_for_stage_2(by_day)


# -- CBT ------------------------------------------------------------------------------------


def fear_links(user: AbstractBaseUser) -> list[cbt.FearLink]:
    from painscope.web.assessments.services import administrations_for_user

    out = []
    for instrument in ("tsk17", "tsk11", "pcs"):
        latest = administrations_for_user(user).filter(instrument_id=instrument).order_by("-authored").first()
        if latest is not None:
            link = cbt.fear_link(instrument, (latest.result or {}).get("total"))
            if link is not None:
                out.append(link)
    return out


def hierarchy(user: AbstractBaseUser) -> list[cbt.HierarchyItem]:
    return [cbt.HierarchyItem(i.pk, i.activity, i.first_rating, i.latest_rating) for i in fear_items_for_user(user)]


def add_fear_item(user: AbstractBaseUser, activity: str, rating: int) -> FearItem:
    with transaction.atomic():
        return FearItem.objects.create(owner=user, activity=" ".join(activity.split()), first_rating=rating,
                                       latest_rating=rating)


def log_exposure(user: AbstractBaseUser, enrolment: Enrolment, item_pk, day: date, data: dict) -> FearItem:
    step = cbt.exposure(data)
    with transaction.atomic():
        item = get_fear_item_for_user(user, item_pk)
        item.latest_rating = step["after"]
        item.save(update_fields=["latest_rating"])
        record_session(enrolment, day, "exposure", 0, {"item": item.pk, "activity": item.activity, **step})
    return item


# -- sleep ----------------------------------------------------------------------------------


def _clock(t: time) -> str:
    return f"{t.hour:02d}:{t.minute:02d}"


def nights_of(user: AbstractBaseUser) -> list[sleep.SleepNight]:
    return [sleep.make_night(n.night, _clock(n.bedtime), n.latency_min, n.waso_min, _clock(n.rise_time), n.naps_min)
            for n in sleep_nights_for_user(user)]


def save_night(user: AbstractBaseUser, night: sleep.SleepNight) -> SleepNight:
    with transaction.atomic():
        row, _ = SleepNight.objects.update_or_create(
            owner=user, night=night.night,
            defaults={"bedtime": time(night.bedtime_min // 60, night.bedtime_min % 60), "latency_min": night.latency_min,
                      "waso_min": night.waso_min, "rise_time": time(night.rise_min // 60, night.rise_min % 60),
                      "naps_min": night.naps_min})
    return row


def sleep_export(user: AbstractBaseUser) -> str:
    return sleep.write_sleep_csv(nights_of(user))


def sleep_plan_for(user: AbstractBaseUser, enrolment: Enrolment) -> sleep.SleepPlan | None:
    # the night before the first morning of the programme belongs to it
    first = enrolment.start_date - timedelta(days=1)
    nights = [n for n in nights_of(user) if n.night >= first]
    if not nights:
        return None
    return sleep.sleep_plan(nights, enrolment.settings.get("wake"))


# -- breathing ------------------------------------------------------------------------------


def session_hrv_from_text(user: AbstractBaseUser, text: str) -> breathing.SessionHrv:
    from painscope.signals.baseline import morning_baseline
    from painscope.signals.rrfiles import parse_rr_values

    rr, _, _ = parse_rr_values(text, "session RR file")
    frame = _frame(user)
    base = morning_baseline(frame) if len(frame) else None
    return breathing.session_hrv(rr, base if base is not None and base.range_mean is not None else None)


# -- education ------------------------------------------------------------------------------


def lesson_scores(user: AbstractBaseUser, enrolment: Enrolment) -> dict[str, list[int]]:
    out: dict[str, list[int]] = {}
    for x in sessions_for_user(user).filter(enrolment=enrolment, kind="lesson").order_by("day", "pk"):
        out.setdefault(x.data.get("lesson", ""), []).append(int(x.data.get("correct", 0)))
    return out


def own_examples(user: AbstractBaseUser) -> list[str]:
    from painscope.web.insights_web.services import analyses_for_user

    return education.own_examples(analyses_for_user(user).triggers.significant)


# -- did it help ----------------------------------------------------------------------------


def before_after(user: AbstractBaseUser, enrolment: Enrolment) -> list[str]:
    """The before/after comparison around the programme start (the insights package's own
    interrupted-time-series analysis on the cached daily table), as its sentences."""
    from painscope import insights
    from painscope.web.insights_web.services import analyses_for_user

    return insights.change_analysis(analyses_for_user(user).daily, enrolment.start_date).sentences()


# -- the pain-pathway visual ----------------------------------------------------------------

_PATHWAY_CACHE: dict[str, dict[str, int]] = {}


def pathway_states() -> dict[str, dict[str, int]]:
    """Display levels of the pathway visual for a calm and a sensitised system, from the model's
    median person of the "healthy" and "fibromyalgia" profiles after 30 days (educational model,
    not the person's own system; about a second each, so kept for the life of the process)."""
    if not _PATHWAY_CACHE:
        from painscope.model.api import profile_trajectory

        for key, profile in (("calm", "healthy"), ("sensitised", "fibromyalgia")):
            states = profile_trajectory(profile, days=30)["states"]
            _PATHWAY_CACHE[key] = education.pathway_levels({k: v["values"][-1] for k, v in states.items()})
    return _PATHWAY_CACHE
