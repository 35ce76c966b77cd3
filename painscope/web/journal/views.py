"""Pages of the diary: overview, check-in, entries, medications, import and export.

Plain function views (as in healthchecks). Every object a URL names is fetched through
the ownership helpers of :mod:`painscope.web.journal.services`, and every number shown is
computed by a pure function (:mod:`painscope.diary.summary`,
:mod:`painscope.diary.medications`); :mod:`painscope.web.journal.charts` only draws.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from importlib import import_module

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db import IntegrityError, transaction
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext, gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST
from django.views.defaults import page_not_found

from painscope import diary
from painscope.diary import medications as meds
from painscope.diary import summary
from painscope.diary.schema import MAX_NOTE
from painscope.web.accounts.models import Profile
from painscope.web.accounts.zone import local_instant
from painscope.web.journal import charts, med_use, med_words, services
from painscope.web.journal.forms import (
    EXTRA_RATINGS,
    FACTOR_KINDS,
    MAX_TRACKED,
    MENSTRUATION_LEVELS,
    RATING_HINTS,
    CheckinForm,
    MedicationForm,
    zone_or_none,
)
from painscope.web.journal.labels import label as diary_label
from painscope.web.journal.middleware import answers_too_big
from painscope.web.journal.models import DoseLog, Entry, Medication, Observation
from painscope.web.journal.plotly_asset import plotly_js, plotly_version  # noqa: F401  (urls and other apps import them here)
from painscope.web.journal.templatetags.bodymap import ordered_regions
from painscope.web.limits import megabytes

ENTRIES_PER_PAGE = 20
DUE_AHEAD = timedelta(hours=1)  # doses within the next hour are "due now" too
ADHERENCE_WEEKS = 4


# -- overview ---------------------------------------------------------------------------------


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    profile = Profile.for_user(request.user)
    zone = profile.zone
    now = datetime.now(UTC)
    latest = services.entries_for_user(request.user).filter(utc__lte=now + timedelta(minutes=5)).order_by("-utc").first()
    today = summary.person_today(now, zone, latest.offset_minutes if latest else None)
    try:
        span = int(request.GET.get("days", "90"))
    except ValueError:
        span = 90
    span = span if span in (30, 90, 365) else 90
    ctx = {
        "nav": "dashboard",
        "today": today,
        "show_tour": not profile.tour_done,
        **overview_numbers(request.user, today, span, request.GET.getlist("beside"),
                           first_visit="beside" not in request.GET and "days" not in request.GET),
        "due": due_now(request.user, now),
        "as_needed": services.medications_for_user(request.user).filter(as_needed=True).filter(_active(today)),
        "adherence": adherence_rows(request.user, now),
        "refills": [
            m for m in services.medications_for_user(request.user).filter(_active(today))
            if meds.needs_refill(m.pills_left, m.refill_threshold)
        ],
        "last_entry": services.entries_for_user(request.user).first(),
        "plotly_version": plotly_version(),
        "card_templates": [template for _, template in DASHBOARD_CARDS],
        "fragment_seconds": OVERVIEW_CACHE_SECONDS,  # the template's fragment cache, as the numbers'
    }
    for module, _ in DASHBOARD_CARDS:
        ctx.update(import_module(module).dashboard_card_context(request.user))
    with timezone.override(zone):
        return render(request, "journal/dashboard.html", ctx)


#: Bump when the cached overview numbers change shape; seconds they are kept (0: not cached).
OVERVIEW_CACHE = 1
OVERVIEW_CACHE_SECONDS = 24 * 3600


def overview_numbers(user, today: date, span: int, asked: list[str], *, first_visit: bool) -> dict:
    """The diary's part of the overview (summaries, calendar, chart, region shares).

    Computed from the stored daily aggregates (``services.overview_tables``) and kept in
    Django's cache under the diary's version token, which every write changes in its own
    transaction (exact invalidation), and the day and choices of the page."""
    import hashlib

    from django.core.cache import cache
    from django.utils.translation import get_language

    # the language too: the cached numbers hold a few sentences (the body map's texts)
    what = repr((today.isoformat(), span, asked[:20], first_visit, get_language())).encode()
    key = f"overview:v{OVERVIEW_CACHE}:{user.pk}:{services.diary_token(user)}:{hashlib.sha256(what).hexdigest()[:20]}"
    hit = cache.get(key) if OVERVIEW_CACHE_SECONDS else None
    if isinstance(hit, dict):
        return hit
    daily, n_checkins, shares = services.overview_tables(user, today)
    choices = charts.chart_choices(daily)
    allowed = {c for c, _ in choices}
    beside = [c for c in asked if c in allowed][:4]
    if first_visit and "sleep_hours" in allowed:
        # a first visit shows sleep beside pain; after the person chose, their choice stands
        beside = ["sleep_hours"]
    start = today - timedelta(days=span - 1)
    numbers = {
        "summaries": [summary.pain_summary(daily, today, d) for d in (7, 30, 90)],
        "calendar": summary.pain_calendar(daily, today, weeks=26),
        "pain_bands": summary.PAIN_BANDS,
        "share_bands": summary.SHARE_BANDS,
        "figure": charts.pain_figure(daily, start, today, beside),
        "weekly_rows": summary.weekly_pain_rows(daily, start, today),
        "span": span,
        "span_summary": summary.pain_summary(daily, today, span),
        "spans": (30, 90, 365),
        "choices": choices,
        "beside": beside,
        "n_checkins": n_checkins,
        "shares": shares,
        "marked_shares": [s for s in shares if s.count],
        "heat_levels": {s.code: s.level for s in shares} if n_checkins else {},
        "heat_texts": {s.code: gettext("%(share)s of check-ins (%(count)s)") % {"share": f"{s.share:.0%}", "count": s.count} for s in shares},
        # the template caches its chart, calendar and body-map fragments under the same key
        # (they show nothing but these numbers), so they are rendered once per diary version
        "fragment_key": key,
    }
    if OVERVIEW_CACHE_SECONDS:
        cache.set(key, numbers, OVERVIEW_CACHE_SECONDS)
    return numbers


# Cards other apps put on the overview: each module offers ``dashboard_card_context(user)``
# and the template it fills.
DASHBOARD_CARDS: tuple[tuple[str, str], ...] = (
    ("painscope.web.assessments.services", "assessments/_dashboard_card.html"),
    ("painscope.web.insights_web.services", "insights_web/_dashboard_card.html"),
    ("painscope.web.wearables.services", "wearables/_dashboard_card.html"),
)


def _active(today: date):
    from django.db.models import Q

    return Q(start_date__lte=today) & (Q(stop_date__isnull=True) | Q(stop_date__gte=today))


@dataclass(frozen=True)
class DueDose:
    medication: Medication
    at: datetime
    local: datetime

    @property
    def overdue(self) -> bool:
        return self.at <= datetime.now(UTC)


def _logs(medication: Medication, start: datetime, end: datetime) -> list[meds.DoseRecord]:
    rows = DoseLog.objects.filter(medication=medication, at__gte=start - meds.MATCH_WINDOW, at__lte=end + meds.MATCH_WINDOW)
    return [meds.DoseRecord(r.at, r.status, r.scheduled_for) for r in rows]


def due_now(user, now: datetime) -> list[DueDose]:
    """Scheduled doses from the start of today (in each medication's zone) until an hour
    from now that have no taken/skipped log yet."""
    out: list[DueDose] = []
    for med in services.medications_for_user(user).filter(as_needed=False):
        zone = zone_or_none(med.timezone) or UTC
        local_today = now.astimezone(zone).date()
        day_start = datetime.combine(local_today, time(0), tzinfo=zone).astimezone(UTC)
        scheduled = meds.scheduled_doses(med.times, med.weekdays, zone, med.start_date, med.stop_date, day_start, now + DUE_AHEAD)
        answered, _ = meds.match_doses(scheduled, _logs(med, day_start, now + DUE_AHEAD))
        out += [DueDose(med, s, s.astimezone(zone)) for s in scheduled if s not in answered]
    return sorted(out, key=lambda d: d.at)


@dataclass(frozen=True)
class AdherenceRow:
    medication: Medication
    weeks: list[meds.WeekAdherence]
    taken: int
    scheduled: int
    share: float | None


def adherence_rows(user, now: datetime) -> list[AdherenceRow]:
    """Share of scheduled doses taken over the last four weeks, per scheduled medication."""
    rows = []
    start = now - timedelta(weeks=ADHERENCE_WEEKS)
    for med in services.medications_for_user(user).filter(as_needed=False):
        zone = zone_or_none(med.timezone) or UTC
        scheduled = meds.scheduled_doses(med.times, med.weekdays, zone, med.start_date, med.stop_date, start, now)
        if not scheduled:
            continue
        logs = [r for r in _logs(med, start, now) if start - meds.MATCH_WINDOW <= r.at <= now]
        weeks = meds.weekly_adherence(scheduled, logs, zone)
        taken, total, share = meds.adherence_share(weeks)
        rows.append(AdherenceRow(med, weeks, taken, total, share))
    return rows


# -- check-in and entries ---------------------------------------------------------------------


def _tracked(profile: Profile) -> list[dict]:
    """Factors the person added here (and hasn't removed in their settings)."""
    return [
        t for t in profile.tracked_factors
        if isinstance(t, dict) and t.get("kind") in ("factor", "food") and t.get("name") and not t.get("hidden")
    ]


def _hidden(profile: Profile) -> set[tuple[str, str]]:
    return {(t.get("kind"), t.get("name")) for t in profile.tracked_factors if isinstance(t, dict) and t.get("hidden")}


def quick_factors(user, profile: Profile, limit: int = 12) -> list[dict]:
    """Quick choices: the factors the person added here, then the yes/no factors and foods
    they logged most often in the last 90 days (e.g. from an imported diary), except
    those they removed in their settings."""
    from django.db.models import Count

    chosen = _tracked(profile)
    hidden = _hidden(profile)
    since = datetime.now(UTC) - timedelta(days=90)
    recent = (
        Observation.objects.filter(entry__in=services.entries_for_user(user).filter(utc__gte=since),
                                   kind__in=("factor", "food"), value=1)
        .values("kind", "name").annotate(n=Count("id")).order_by("-n", "name")[:limit]
    )
    for row in recent:
        key = (row["kind"], row["name"])
        if key not in hidden and not any((t["kind"], t["name"]) == key for t in chosen):
            chosen.append({"kind": row["kind"], "name": row["name"]})
    return chosen


def _checkin_context(form: CheckinForm, profile: Profile, **extra) -> dict:
    values = form.values
    extra_ratings = [(name, diary_label(diary.RATINGS[name]), values["ratings"][name], RATING_HINTS[name]) for name in EXTRA_RATINGS]
    return {
        "form": form,
        "v": values,
        "errors": form.errors,
        "scale": [str(i) for i in range(11)],
        "pain_hint": RATING_HINTS["pain"],
        "extra_ratings": extra_ratings,
        "extra_open": any(values["ratings"].values()) or values["sleep_hours"] or values["steps"]
        or any(f in form.errors for f in (*EXTRA_RATINGS, "sleep_hours", "steps")),
        "factors_open": any(r["name"] or r["value"] for r in values["new_factors"])
        or any(k.startswith("new_") for k in form.errors),
        "regions": ordered_regions(),
        "qualities": [(code, diary_label(text)) for code, text in diary.QUALITIES.items()],
        "tracked": [(f"{t['kind']}:{t['name']}", t["name"].replace("_", " "), t["kind"]) for t in form.tracked],
        "factor_kinds": FACTOR_KINDS,
        "menstruation_levels": MENSTRUATION_LEVELS,
        "profile": profile,
        "zone_offset": int((datetime.now(UTC).astimezone(profile.zone).utcoffset() or timedelta(0)).total_seconds() // 60),
        "kept": [
            f"{o.kind} {o.name.replace('_', ' ')}" + ("" if o.value == 1 else f" {diary.format_value(o.value)}")
            for o in form.kept()
        ],
        "nav": "checkin",
        **extra,
    }


def _remember_factors(profile: Profile, new: list[dict]) -> None:
    """Add newly typed factors to the quick choices (typing a removed one brings it back)."""
    if not new:
        return
    typed = {(item["kind"], item["name"]) for item in new}
    kept = [t for t in profile.tracked_factors if isinstance(t, dict) and (t.get("kind"), t.get("name")) not in typed]
    visible = [t for t in kept if not t.get("hidden")]
    hidden = [t for t in kept if t.get("hidden")]
    visible = [*visible, *({"kind": k, "name": n} for k, n in sorted(typed))][-MAX_TRACKED:]
    profile.tracked_factors = [*visible, *hidden[-MAX_TRACKED:]]
    profile.save(update_fields=["tracked_factors"])


CLASH_MESSAGE = gettext_lazy("Time: another check-in already has this exact time; pick another minute or edit that one.")


def _save_checkin(
    request: HttpRequest, form: CheckinForm, profile: Profile, replace: Entry | None, client_key: str | None = None
) -> bool:
    """Store a valid check-in; False (with an error on the time field) when another of the
    person's check-ins already has that exact moment."""
    assert form.entry is not None
    clash = services.entries_for_user(request.user).filter(utc=form.entry.utc)
    if replace is not None:
        clash = clash.exclude(pk=replace.pk)
    if clash.exists():
        form.add_error("when", CLASH_MESSAGE)
        return False
    with transaction.atomic():
        services.save_entry(request.user, form.entry, replace=replace, source="web", client_key=client_key)
        _remember_factors(profile, form.new_tracked)
    return True


def _already_stored(request: HttpRequest, key: str | None) -> bool:
    """Whether a check-in with this phone-made key is stored. Asked again after a clash or a
    refused insert: two sends of one kept check-in can cross (a page that is leaving and the
    next one both send it), and the second must hear "already saved", not "clash"."""
    return key is not None and services.entries_for_user(request.user).filter(client_key=key).exists()


# -- sent later: check-ins and doses a phone kept while it had no connection -------------------
# static/painscope/offline.js keeps such a form in the browser (IndexedDB) with a key of its
# own, and sends it again when the connection is back, asking for JSON (SYNC_HEADER). The key
# makes a resend harmless: when a check-in or dose with that key is stored, the answer says
# so and nothing is doubled.

SYNC_HEADER = "HTTP_X_PAINSCOPE_SYNC"
CLIENT_KEY = re.compile(r"[A-Za-z0-9-]{8,40}")


def client_key_of(request: HttpRequest) -> tuple[str | None, str]:
    """The posted ``client_key`` (None when absent) and a problem text when it is malformed,
    or when the form was kept for another account (``outbox_owner``: a shared phone whose
    earlier user signed out with something unsent must never send it as the next person)."""
    key = request.POST.get("client_key", "").strip()
    if not key:
        return None, ""
    if not CLIENT_KEY.fullmatch(key):
        return None, "client_key: expected 8 to 40 letters, digits or dashes"
    kept_for = request.POST.get("outbox_owner", "")
    if kept_for and kept_for != request.user.get_username():
        return None, gettext("This was kept on this phone for another account, so it was not saved here.")
    return key, ""


def is_sync(request: HttpRequest) -> bool:
    """True for a resend by offline.js, which wants a JSON answer instead of a page."""
    return request.META.get(SYNC_HEADER) == "1"


def sync_answer(status: int, outcome: str, message: str, errors: dict[str, list[str]] | None = None) -> JsonResponse:
    """The JSON answer to a resend: ``outcome`` is saved, already-saved or refused."""
    return JsonResponse({"outcome": outcome, "message": message, "errors": errors or {}}, status=status)


def refused(sync: bool, problem: str) -> HttpResponse:
    """A 400 naming the problem: JSON for a resend by offline.js, plain text for a form post."""
    if sync:
        return sync_answer(400, "refused", problem)
    return HttpResponseBadRequest(problem, content_type="text/plain; charset=utf-8")


TOO_BIG_NOTE = f"Your note is too long to save — the limit is {MAX_NOTE:,} characters."  # in English; too_big_note() in the page's language


def too_big_note() -> str:
    return gettext("Your note is too long to save — the limit is %(limit)s characters.") % {
        "limit": number_format(MAX_NOTE, force_grouping=True)}


@login_required
def _checkin_too_big(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """The check-in form again, with the error on the note: the post was too large to read
    (``DATA_UPLOAD_MAX_MEMORY_SIZE``), and only a note can make a check-in that large.
    Nothing is saved; the fields cannot be shown again because the body was not read."""
    profile = Profile.for_user(request.user)
    original, action, extra = None, reverse("checkin"), {"title": gettext("Check in")}
    if pk is not None:
        entry = services.get_entry_for_user(request.user, pk)
        original = services.entry_as_tidy(entry)
        action, extra = reverse("entry_edit", args=[entry.pk]), {"title": gettext("Change this check-in"), "entry": entry}
    form = CheckinForm(None, profile.zone, quick_factors(request.user, profile), original=original)
    form.add_error("note", too_big_note())
    return render(request, "journal/checkin.html", _checkin_context(form, profile, action=action, **extra), status=413)


@answers_too_big(_checkin_too_big)
@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest) -> HttpResponse:
    profile = Profile.for_user(request.user)
    key, key_problem = client_key_of(request) if request.method == "POST" else (None, "")
    if key_problem:
        if is_sync(request):
            return sync_answer(400, "refused", key_problem, {"client_key": [key_problem]})
        return HttpResponseBadRequest(key_problem, content_type="text/plain; charset=utf-8")
    def already_saved() -> HttpResponse:
        # A resend of a check-in that is already stored: say so, store nothing.
        if is_sync(request):
            return sync_answer(200, "already-saved", gettext("This check-in was already saved."))
        messages.info(request, gettext("This check-in was already saved."))
        return redirect("dashboard")

    if _already_stored(request, key):
        return already_saved()
    form = CheckinForm(request.POST if request.method == "POST" else None, profile.zone, quick_factors(request.user, profile))
    saved = False
    if request.method == "POST" and form.is_valid():
        try:
            saved = _save_checkin(request, form, profile, None, key)
        except IntegrityError:
            # a send that crossed this one stored the same key (unique per person) or took
            # the same minute (one entry per moment) in between the checks and the insert
            if _already_stored(request, key):
                return already_saved()
            form.add_error("when", CLASH_MESSAGE)
        if not saved and _already_stored(request, key):
            return already_saved()  # the "clash" was this very check-in, stored a moment ago
    if saved:
        if is_sync(request):
            return sync_answer(201, "saved", gettext("Check-in saved."))
        messages.success(request, gettext("Check-in saved. Thank you."))
        return redirect("dashboard")
    if request.method == "POST" and is_sync(request):
        clash = form.errors.get("when") == [CLASH_MESSAGE]
        first = next((m for msgs in form.errors.values() for m in msgs), gettext("The check-in could not be read."))
        return sync_answer(409 if clash else 400, "refused", first, form.errors)
    status = 400 if request.method == "POST" else 200
    ctx = _checkin_context(form, profile, title=gettext("Check in"), action=reverse("checkin"))
    return render(request, "journal/checkin.html", ctx, status=status)


@answers_too_big(_checkin_too_big)
@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request: HttpRequest, pk: int) -> HttpResponse:
    entry = services.get_entry_for_user(request.user, pk)
    profile = Profile.for_user(request.user)
    original = services.entry_as_tidy(entry)
    form = CheckinForm(request.POST if request.method == "POST" else None, profile.zone, quick_factors(request.user, profile), original=original)
    if request.method == "POST" and form.is_valid() and _save_checkin(request, form, profile, entry):
        messages.success(request, gettext("Your changes are saved."))
        return redirect("entries")
    status = 400 if request.method == "POST" else 200
    ctx = _checkin_context(form, profile, title=gettext("Change this check-in"), action=reverse("entry_edit", args=[entry.pk]), entry=entry)
    return render(request, "journal/checkin.html", ctx, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def entry_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = services.get_entry_for_user(request.user, pk)
    if request.method == "POST":
        services.delete_entry(request.user, entry)
        messages.success(request, gettext("The check-in is deleted."))
        return redirect("entries")
    return render(request, "journal/entry_delete.html", {"entry": entry, "summary": describe(entry), "nav": "entries"})


@dataclass(frozen=True)
class EntrySummary:
    entry: Entry
    pain: str
    regions: list[str]
    details: list[str]
    flare: bool
    note: str


def describe(entry: Entry) -> EntrySummary:
    """A short, readable line-up of one check-in's observations for lists."""
    pain = ""
    regions: list[str] = []
    details: list[str] = []
    flare = False
    note = ""
    for o in sorted(entry.observations.all(), key=lambda o: (diary.KINDS.index(o.kind) if o.kind in diary.KINDS else 99, o.name)):
        if o.kind == "rating" and o.name == "pain":
            pain = diary.format_value(o.value)
        elif o.kind == "rating":
            details.append(f"{diary_label(diary.RATINGS.get(o.name, o.name))} {diary.format_value(o.value)}")
        elif o.kind == "region" and o.value == 1:
            regions.append(o.name)
        elif o.kind == "measure":
            label = diary_label(diary.MEASURES[o.name].label) if o.name in diary.MEASURES else o.name
            details.append(f"{label} {diary.format_value(o.value)}")
        elif o.kind in ("quality", "factor", "food", "medication"):
            text = o.name.replace("_", " ")
            details.append(text if o.value == 1 else f"{text} {diary.format_value(o.value)}")
        elif o.kind == "flare" and o.value == 1:
            flare = True
        elif o.kind == "menstruation":
            details.append((gettext("Period %(level)s") % {"level": dict(MENSTRUATION_LEVELS).get(diary.format_value(o.value), "")}).strip())
        elif o.kind == "note":
            note = o.note
    order = {code: i for i, (code, _label) in enumerate(ordered_regions())}
    labels = [diary_label(diary.REGIONS[c].label) if c in diary.REGIONS else c for c in sorted(regions, key=lambda c: order.get(c, 99))]
    return EntrySummary(entry, pain, labels, details, flare, note)


@login_required
@require_GET
def entries(request: HttpRequest) -> HttpResponse:
    rows = services.entries_for_user(request.user).order_by("-utc").prefetch_related("observations")
    page = Paginator(rows, ENTRIES_PER_PAGE).get_page(request.GET.get("page"))
    ctx = {"page": page, "items": [describe(e) for e in page.object_list], "nav": "entries"}
    return render(request, "journal/entries.html", ctx)


# -- medications ------------------------------------------------------------------------------


@login_required
@require_GET
def medications(request: HttpRequest) -> HttpResponse:
    now = datetime.now(UTC)
    rows = services.medications_for_user(request.user)
    adherence = {row.medication.pk: row for row in adherence_rows(request.user, now)}
    pain = med_use.pain_ratings(request.user, now) if any(m.as_needed for m in rows) else []
    items = [
        {"med": m, "adherence": adherence.get(m.pk), "refill": meds.needs_refill(m.pills_left, m.refill_threshold),
         "recent": list(m.doses.all()[:5]), "use": med_words.describe(m, med_use.use_of(m, now, pain))}
        for m in rows
    ]
    from painscope.diary.interactions import ADVICE
    from painscope.web.medications_check import interaction_check

    ctx = {"items": items, "nav": "medications", "due": due_now(request.user, now),
           "interactions": interaction_check(request.user), "interaction_advice": ADVICE}
    with timezone.override(Profile.for_user(request.user).zone):
        return render(request, "journal/medications.html", ctx)


def _medication_form_page(request: HttpRequest, med: Medication | None) -> HttpResponse:
    profile = Profile.for_user(request.user)
    initial = (
        {
            "name": med.name, "dose": med.dose, "unit": med.unit, "as_needed": med.as_needed,
            "times": ", ".join(med.times), "weekdays": med.weekdays, "start_date": med.start_date,
            "stop_date": med.stop_date, "pills_left": med.pills_left, "pills_per_dose": med.pills_per_dose,
            "refill_threshold": med.refill_threshold, "pack_size": med.pack_size, "notes": med.notes,
        }
        if med
        else {"start_date": datetime.now(UTC).astimezone(profile.zone).date(), "unit": "mg", "pills_per_dose": 1}
    )
    form = MedicationForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = med or Medication(owner=request.user, timezone=profile.timezone)
        before = med_use.plan_of(med) if med else None
        for key in ("name", "dose", "unit", "as_needed", "start_date", "stop_date", "pills_left", "pills_per_dose",
                    "refill_threshold", "pack_size", "notes"):
            setattr(target, key, data[key])
        target.times = [] if data["as_needed"] else data["times"]
        target.weekdays = [] if data["as_needed"] else sorted(data["weekdays"])
        with transaction.atomic():
            target.save()
            if before is not None:
                # a new dose or schedule is a new plan: the old one stays in the history (issue 15)
                today = datetime.now(UTC).astimezone(zone_or_none(target.timezone) or UTC).date()
                med_use.record_plan_change(target, before, data.get("change_from") or today)
        messages.success(request, gettext("%(name)s is saved.") % {"name": target.name})
        return redirect("medications")
    ctx = {"form": form, "med": med, "nav": "medications", "zone": med.timezone if med else profile.timezone}
    return render(request, "journal/medication_form.html", ctx, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def medication_new(request: HttpRequest) -> HttpResponse:
    return _medication_form_page(request, None)


@login_required
@require_http_methods(["GET", "POST"])
def medication_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return _medication_form_page(request, services.get_medication_for_user(request.user, pk))


@login_required
@require_POST
def medication_refill(request: HttpRequest, pk: int) -> HttpResponse:
    """"Refilled": add a pack to the pills left (the pack size is remembered)."""
    med = services.get_medication_for_user(request.user, pk)
    raw = request.POST.get("pack", "").strip().replace(",", ".")
    try:
        pack = float(raw) if raw else None
    except ValueError:
        messages.error(request, gettext("Nothing was changed: pack: '%(value)s' is not a number.") % {"value": raw[:20]})
        return redirect("medications")
    today = datetime.now(UTC).astimezone(zone_or_none(med.timezone) or UTC).date()
    try:
        event = med_use.refill(med, pack, today)
    except med_use.RefillError as exc:
        messages.error(request, gettext("Nothing was changed: %(problem)s") % {"problem": med_words.refill_problem(exc)})
        return redirect("medications")
    messages.success(request, gettext("%(name)s refilled: %(added)s added, %(left)s left now.") % {
        "name": med.name, "added": number_format(event.details["added"]),
        "left": number_format(med.pills_left)})
    return redirect("medications")


@login_required
@require_http_methods(["GET", "POST"])
def medication_delete(request: HttpRequest, pk: int) -> HttpResponse:
    med = services.get_medication_for_user(request.user, pk)
    if request.method == "POST":
        med.delete()
        messages.success(request, gettext("%(name)s and its dose log are deleted.") % {"name": med.name})
        return redirect("medications")
    return render(request, "journal/medication_delete.html", {"med": med, "nav": "medications"})


def _dose_logged(request: HttpRequest, key: str | None) -> bool:
    """Whether a dose with this phone-made key is logged (asked again after a refused insert:
    two sends of one kept dose can cross)."""
    return key is not None and DoseLog.objects.filter(owner=request.user, client_key=key).exists()


@login_required
@require_POST
def dose_log(request: HttpRequest, pk: int) -> HttpResponse:
    """Log one dose of the person's medication as taken or skipped, now (one tap)."""
    med = services.get_medication_for_user(request.user, pk)
    sync = is_sync(request)
    status = request.POST.get("status", DoseLog.TAKEN)
    if status not in (DoseLog.TAKEN, DoseLog.SKIPPED):
        if sync:
            return sync_answer(400, "refused", "status: expected taken or skipped")
        raise Http404("Unknown dose status")
    key, key_problem = client_key_of(request)
    if key_problem:
        return refused(sync, key_problem)
    scheduled_for = None
    if request.POST.get("scheduled_for"):
        # The same timestamp rule as every diary time (years, offsets, text; issue 14).
        try:
            scheduled_for = diary.parse_timestamp(request.POST["scheduled_for"])[0]
        except ValueError as exc:
            return refused(sync, f"scheduled_for: {exc}")
    now = datetime.now(UTC)
    # Typed and shown in the account's zone (issue 16), as every time the person sees; the
    # medication's own zone only places its schedule.
    zone = Profile.for_user(request.user).zone
    target = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        target = reverse("dashboard")
    at = now
    tapped = request.POST.get("at", "").strip()
    if tapped:
        # The moment of the tap, with its offset, from a phone that sends the dose later.
        try:
            at = diary.parse_timestamp(tapped, now=now + timedelta(minutes=5))[0]
        except (ValueError, OverflowError) as exc:
            return refused(sync, f"at: {exc}")
        if at > now + timedelta(minutes=5):
            return refused(sync, "at: that time is still to come")
    typed = request.POST.get("at_local", "").strip()
    if typed:
        try:
            naive = datetime.strptime(typed[:16], "%Y-%m-%dT%H:%M")
        except ValueError:
            messages.error(request, gettext("Nothing was logged: '%(typed)s' is not a date and time such as 2024-03-01T08:30.") % {"typed": typed[:40]})
            return redirect(target)
        try:
            local = local_instant(naive, zone)
            at = diary.parse_timestamp(local.isoformat(), now=now + timedelta(minutes=5))[0]
        except (ValueError, OverflowError) as exc:
            messages.error(request, gettext("Nothing was logged: time taken: %(problem)s.") % {"problem": exc})
            return redirect(target)
        if at > now + timedelta(minutes=5):
            messages.error(request, gettext("Nothing was logged: that time is still to come."))
            return redirect(target)
    try:
        with transaction.atomic():
            if _dose_logged(request, key):
                if sync:
                    return sync_answer(200, "already-saved", gettext("%(name)s was already logged.") % {"name": med.name})
                messages.info(request, gettext("%(name)s was already logged.") % {"name": med.name})
            elif scheduled_for is not None and DoseLog.objects.filter(medication=med, scheduled_for=scheduled_for).exists():
                if sync:
                    return sync_answer(200, "already-saved", gettext("%(name)s for that time was already logged.") % {"name": med.name})
                messages.info(request, gettext("%(name)s for that time was already logged.") % {"name": med.name})
            else:
                DoseLog.objects.create(owner=request.user, medication=med, status=status, at=at, scheduled_for=scheduled_for,
                                       dose=med.dose if status == DoseLog.TAKEN else None, client_key=key)
                if status == DoseLog.TAKEN and med.pills_left is not None:
                    med.pills_left = meds.pills_after(med.pills_left, med.pills_per_dose, status)
                    med.save(update_fields=["pills_left"])
                said = {"name": med.name, "time": f"{at.astimezone(zone):%H:%M}"}
                if status == DoseLog.TAKEN:
                    logged = gettext("%(name)s logged as taken at %(time)s.") % said
                else:
                    logged = gettext("%(name)s logged as skipped at %(time)s.") % said
                messages.success(request, logged)
                if sync:
                    return sync_answer(201, "saved", logged)
                if meds.needs_refill(med.pills_left, med.refill_threshold):
                    messages.warning(request, gettext("%(name)s: %(left)s left — time to arrange a refill.") % {"name": med.name, "left": f"{med.pills_left:g}"})
    except IntegrityError:
        # a send of the same kept dose crossed this one and stored the key first
        if not _dose_logged(request, key):
            raise
        if sync:
            return sync_answer(200, "already-saved", gettext("%(name)s was already logged.") % {"name": med.name})
        messages.info(request, gettext("%(name)s was already logged.") % {"name": med.name})
    return redirect(target)


# -- my data ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def my_data(request: HttpRequest) -> HttpResponse:
    problems: list[diary.RowProblem] = []
    total = 0
    file_error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            file_error = gettext("Choose a CSV file to upload.")
        elif upload.size > settings.MAX_IMPORT_BYTES:
            file_error = gettext("This file is larger than %(size)s; import it with the command `painscope import` instead.") % {
                "size": megabytes(settings.MAX_IMPORT_BYTES)}
        else:
            try:
                result = services.import_csv(request.user, upload.read(), source="import")
            except diary.DiaryError as exc:
                problems, total = exc.problems, exc.total
            else:
                messages.success(request, gettext("Imported %(file)s: %(summary)s.") % {"file": upload.name, "summary": result.summary()})
                return redirect("my_data")
    ctx = {
        "problems": problems,
        "more": max(0, total - len(problems)),
        "file_error": file_error,
        "n_entries": services.entries_for_user(request.user).count(),
        "nav": "data",
    }
    return render(request, "journal/my_data.html", ctx, status=400 if problems or file_error else 200)


@login_required
@require_GET
def export_download(request: HttpRequest) -> HttpResponse:
    text = services.export_csv(request.user)
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="painscope-diary-{stamp}.csv"'
    return response


@login_required
@require_GET
def export_fhir_download(request: HttpRequest) -> HttpResponse:
    """Everything as one FHIR R4 Bundle (``painscope export-fhir``)."""
    import json

    from painscope.web.journal.fhir_export import everything_bundle

    bundle, _skipped = everything_bundle(request.user)
    response = HttpResponse(json.dumps(bundle, ensure_ascii=False), content_type="application/fhir+json; charset=utf-8")
    stamp = datetime.now(UTC).strftime("%Y-%m-%d")
    response["Content-Disposition"] = f'attachment; filename="painscope-fhir-{stamp}.json"'
    return response


# -- errors -----------------------------------------------------------------------------------


def not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    """The site's 404 (``handler404``): JSON in the API's error format under ``/api/``, so
    a client never has to parse an HTML page (``painscope.web.api.errors``); the friendly
    404.html page everywhere else. The words are the same whether the address never
    existed or names someone else's data (no leak)."""
    if request.path_info.startswith("/api/"):
        where = f"{request.method} {request.path}"
        where = where if len(where) <= 120 else where[:119] + "…"
        doc = {"detail": [{"loc": [], "msg": f"No such API route: {where}", "type": "not_found"}]}
        return JsonResponse(doc, status=404)
    return page_not_found(request, exception or Http404())



# -- the sections behind "More", and the page shown without a connection -----------------------


@login_required
@require_GET
def more(request: HttpRequest) -> HttpResponse:
    from painscope.web.navigation import more_groups

    return render(request, "journal/more.html", {"groups": more_groups(), "nav": "more"})


@require_GET
def offline_page(request: HttpRequest) -> HttpResponse:
    """What the app shows for a page it has not kept when there is no connection (the service
    worker keeps this page at install). Nothing of the person's diary is in it."""
    return render(request, "journal/offline.html", {"nav": "offline"})


@login_required
@require_POST
def tour_done(request: HttpRequest) -> HttpResponse:
    """The first-run tour is put away for good ("Got it")."""
    profile = Profile.for_user(request.user)
    profile.tour_done = True
    profile.save(update_fields=["tour_done"])
    return redirect("dashboard")
