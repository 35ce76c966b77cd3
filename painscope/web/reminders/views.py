"""Reminder pages and endpoints: the Reminders page, push subscriptions, notification
actions, snooze, the secret calendar feed, the service worker and the web-app manifest.

Plain function views; every object a URL names is fetched through the ownership helpers
of :mod:`painscope.web.reminders.services`; the rules live in
:mod:`painscope.diary.reminders`.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from painscope.diary import reminders as rules
from painscope.web.accounts.models import Profile
from painscope.web.reminders import feed, push, services
from painscope.web.reminders.forms import (
    CaregiverForm,
    CheckinReminderForm,
    QuestionnaireReminderForm,
    SettingsForm,
)
from painscope.web.reminders.models import (
    CalendarFeed,
    Caregiver,
    PushSubscription,
    Reminder,
    ReminderSettings,
)

STATIC = Path(__file__).resolve().parent / "static" / "reminders"
MAX_JSON = 4096
# The kinds of reminder as the page names them (Reminder.KINDS, in the page's language).
KIND_TITLES = {
    rules.CHECKIN: gettext_lazy("check-in"),
    rules.QUESTIONNAIRE: gettext_lazy("questionnaire"),
    rules.SESSION: gettext_lazy("programme session"),
}


def _questionnaires() -> list[tuple[str, str]]:
    from painscope.web.assessments import services as assessments

    return [(e.id, e.title) for e in assessments.catalogue() if e.available]


def _feed_url(request: HttpRequest, feed_row: CalendarFeed | None) -> str:
    if feed_row is None:
        return ""
    return request.build_absolute_uri(reverse("reminder_feed", args=[feed_row.token]))


def _page(request: HttpRequest, checkin_form=None, questionnaire_form=None, settings_form=None, caregiver_form=None,
          status: int = 200):
    user = request.user
    profile = Profile.for_user(user)
    prefs = ReminderSettings.for_user(user)
    now = datetime.now(UTC)
    feed_row = CalendarFeed.objects.filter(owner=user).first()
    settings_form = settings_form or SettingsForm(initial={
        "quiet_start": prefs.quiet_start, "quiet_end": prefs.quiet_end, "dose_reminders": prefs.dose_reminders,
        "email": prefs.email, "follow_up_minutes": prefs.follow_up_minutes,
        "missed_after_minutes": prefs.missed_after_minutes,
    })
    titles = dict(_questionnaires())
    items = []
    for r in services.reminders_for_user(user):
        sched = r.schedule()
        nxt = sched.instants(now, now + timedelta(days=400))[:1]
        items.append({"reminder": r, "title": titles.get(r.instrument_id, KIND_TITLES.get(r.kind, r.get_kind_display())),
                      "next": nxt[0] if nxt else None})
    ctx = {
        "nav": "reminders",
        "items": items,
        "checkin_form": checkin_form or CheckinReminderForm(),
        "questionnaire_form": questionnaire_form or QuestionnaireReminderForm(choices=_questionnaires()),
        "settings_form": settings_form,
        "prefs": prefs,
        "zone": profile.timezone,
        "feed_url": _feed_url(request, feed_row),
        "feed_path": reverse("reminder_feed", args=[feed_row.token]) if feed_row else "",
        "subscriptions": PushSubscription.objects.filter(owner=user).order_by("-created"),
        "vapid_key": push.public_key(),
        "recent": services.recent(user, now),
        "snooze_choices": rules.SNOOZE_CHOICES,
        "email_site": services.email_enabled(),
        "has_email": bool(user.email),
        "caregivers": Caregiver.objects.filter(owner=user),
        "caregiver_form": caregiver_form or CaregiverForm(),
    }
    with timezone.override(profile.zone):
        return render(request, "reminders/reminders.html", ctx, status=status)


@login_required
@require_GET
def reminders(request: HttpRequest) -> HttpResponse:
    return _page(request)


@login_required
@require_POST
def reminder_new(request: HttpRequest) -> HttpResponse:
    profile = Profile.for_user(request.user)
    today = datetime.now(UTC).astimezone(profile.zone).date()
    kind = request.POST.get("kind", "")
    if kind == rules.CHECKIN:
        form = CheckinReminderForm(request.POST)
        if not form.is_valid():
            return _page(request, checkin_form=form, status=400)
        data = {"times": form.cleaned_data["times"], "weekdays": sorted(form.cleaned_data["weekdays"]), "every_days": 1}
        said = _("Check-in reminder saved.")
    elif kind == rules.QUESTIONNAIRE:
        form = QuestionnaireReminderForm(request.POST, choices=_questionnaires())
        if not form.is_valid():
            return _page(request, questionnaire_form=form, status=400)
        data = {"times": [form.cleaned_data["time"]], "weekdays": [], "every_days": form.every_days(),
                "instrument_id": form.cleaned_data["instrument_id"]}
        said = _("Questionnaire reminder saved.")
    else:
        raise Http404("Unknown reminder kind")
    reminder = Reminder(owner=request.user, kind=kind, timezone=profile.timezone, start_date=today, **data)
    try:
        reminder.schedule()
    except rules.ScheduleError as exc:
        messages.error(request, _("Nothing was saved: %(problem)s.") % {"problem": exc})
        return redirect("reminders")
    reminder.save()
    messages.success(request, said)
    return redirect("reminders")


@login_required
@require_POST
def reminder_delete(request: HttpRequest, pk: int) -> HttpResponse:
    reminder = services.get_reminder_for_user(request.user, pk)
    reminder.delete()
    messages.success(request, _("The reminder is deleted."))
    return redirect("reminders")


@login_required
@require_POST
def reminder_settings(request: HttpRequest) -> HttpResponse:
    form = SettingsForm(request.POST)
    if not form.is_valid():
        return _page(request, settings_form=form, status=400)
    prefs = ReminderSettings.for_user(request.user)
    for key in ("quiet_start", "quiet_end", "dose_reminders", "email", "follow_up_minutes", "missed_after_minutes"):
        setattr(prefs, key, form.cleaned_data[key])
    prefs.save()
    messages.success(request, _("Reminder settings saved."))
    return redirect("reminders")


@login_required
@require_POST
def snooze(request: HttpRequest, pk: int) -> HttpResponse:
    delivery = services.get_delivery_for_user(request.user, pk)
    try:
        minutes = int(request.POST.get("minutes", ""))
        back = services.snooze(delivery, minutes)
    except (ValueError, rules.ScheduleError):
        messages.error(request, _("Snooze: choose %(choices)s minutes.") % {"choices": ", ".join(map(str, rules.SNOOZE_CHOICES))})
        return redirect("reminders")
    with timezone.override(Profile.for_user(request.user).zone):
        messages.success(
            request, _("Snoozed: the reminder comes back at %(time)s.") % {"time": f"{timezone.localtime(back):%H:%M}"}
        )
    return redirect("reminders")


# -- calendar feed ----------------------------------------------------------------------------


@login_required
@require_POST
def feed_create(request: HttpRequest) -> HttpResponse:
    CalendarFeed.issue(request.user)
    messages.success(request, _("Your calendar address is ready. Any older address no longer works."))
    return redirect(reverse("reminders") + "#calendar")


@login_required
@require_POST
def feed_revoke(request: HttpRequest) -> HttpResponse:
    CalendarFeed.objects.filter(owner=request.user).delete()
    messages.success(request, _("The calendar address is switched off. Calendars using it get nothing new."))
    return redirect(reverse("reminders") + "#calendar")


def feed_schedules(user) -> list[tuple[str, int, rules.Schedule]]:
    out: list[tuple[str, int, rules.Schedule]] = []
    for r in services.reminders_for_user(user).filter(active=True):
        try:
            out.append((r.kind, r.pk, r.schedule()))
        except rules.ScheduleError:
            continue
    if ReminderSettings.for_user(user).dose_reminders:
        from painscope.web.journal.services import medications_for_user

        for m in medications_for_user(user).filter(as_needed=False):
            sched = services.medication_schedule(m)
            if sched is not None:
                out.append((rules.DOSE, m.pk, sched))
    return out


@never_cache
@require_GET
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed a phone calendar subscribes to: no login, the secret address is the key."""
    row = CalendarFeed.objects.select_related("owner").filter(token_hash=CalendarFeed.hash(token)).first()
    if row is None:
        raise Http404("No such calendar")
    CalendarFeed.objects.filter(pk=row.pk).update(last_fetch=datetime.now(UTC))
    with translation.override(services.language_of(row.owner_id)):  # a calendar app sends no account
        body = feed.build(feed_schedules(row.owner), request.get_host().split(":")[0] or "painscope")
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Referrer-Policy"] = "no-referrer"
    response["Content-Disposition"] = 'inline; filename="painscope-reminders.ics"'
    return response


# -- push -------------------------------------------------------------------------------------


def _json_body(request: HttpRequest) -> dict:
    if len(request.body) > MAX_JSON:
        raise ValueError("request too large")
    doc = json.loads(request.body or b"{}")
    if not isinstance(doc, dict):
        raise ValueError("expected a JSON object")
    return doc


@login_required
@require_POST
def push_subscribe(request: HttpRequest) -> JsonResponse:
    try:
        doc = _json_body(request)
        endpoint = str(doc["endpoint"])
        keys = doc["keys"]
        p256dh, auth = str(keys["p256dh"]), str(keys["auth"])
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"error": "subscription: expected endpoint and keys.p256dh, keys.auth"}, status=400)
    problem = push.endpoint_problem(endpoint)
    if problem:
        return JsonResponse({"error": problem}, status=400)
    if len(endpoint) > 1000 or not 40 <= len(p256dh) <= 200 or not 16 <= len(auth) <= 64:
        return JsonResponse({"error": "keys: these are not Web Push subscription keys"}, status=400)
    with transaction.atomic():
        # An endpoint belongs to one browser profile; if it was someone else's, it moves.
        PushSubscription.objects.filter(endpoint=endpoint).exclude(owner=request.user).delete()
        PushSubscription.objects.update_or_create(
            endpoint=endpoint, defaults={"owner": request.user, "p256dh": p256dh, "auth": auth,
                                         "user_agent": request.headers.get("User-Agent", "")[:200]})
    return JsonResponse({"ok": True})


@login_required
@require_POST
def push_unsubscribe(request: HttpRequest) -> HttpResponse:
    pk = request.POST.get("id")
    if pk:
        PushSubscription.objects.filter(owner=request.user, pk=pk).delete()
        messages.success(request, _("That device gets no more notifications."))
        return redirect("reminders")
    try:
        endpoint = str(_json_body(request).get("endpoint", ""))
    except ValueError:
        return JsonResponse({"error": "expected a JSON object"}, status=400)
    PushSubscription.objects.filter(owner=request.user, endpoint=endpoint).delete()
    return JsonResponse({"ok": True})


@csrf_exempt  # authenticated by the signed one-delivery token from the encrypted push payload
@require_POST
def act(request: HttpRequest) -> JsonResponse:
    """A notification button ("Taken", "Skip", "Check in"), sent by the service worker."""
    try:
        doc = _json_body(request)
        token = str(doc.get("token", ""))
        _delivery_id, owner_id = services.read_act_token(token)
        if request.user.is_authenticated and request.user.pk != owner_id:
            return JsonResponse({"error": "This reminder belongs to another account."}, status=404)
        delivery, said = services.act(token, str(doc.get("action", "")))
    except ValueError:
        return JsonResponse({"error": "expected a JSON object with token and action"}, status=400)
    except services.ActError as exc:
        return JsonResponse({"error": str(exc)}, status=400)
    action = str(doc.get("action", ""))
    url = reverse("checkin") if action == "checkin" else services.message_for(delivery).url
    return JsonResponse({"ok": True, "message": said, "url": url})


# -- service worker and manifest (served from the site root so their scope is the site) ------


# What the service worker keeps at install so that the app opens without a connection.
SHELL_FILES = ("painscope/site.css", "painscope/site.js", "painscope/offline.js", "painscope/outbox.js",
               "painscope/zone.css", "painscope/zone.js", "reminders/icon-192.png")


@require_GET
def service_worker(request: HttpRequest) -> HttpResponse:
    from django.templatetags.static import static

    # and the words of those scripts in the person's language, at the address base.html uses
    catalogue = f"{reverse('javascript-catalog')}?lang={translation.get_language()}"
    shell = [reverse("offline"), *(static(name) for name in SHELL_FILES), catalogue]
    text = (STATIC / "sw.js").read_text(encoding="utf-8")
    text = text.replace('"__PAINSCOPE_OUTBOX__"', json.dumps(static("painscope/outbox.js")))
    text = text.replace("__PAINSCOPE_SHELL__", json.dumps(shell))
    response = HttpResponse(text.encode(), content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    response["Cache-Control"] = "no-cache"
    return response


@require_GET
def manifest(request: HttpRequest) -> HttpResponse:
    from django.templatetags.static import static

    doc = {
        "name": "painscope", "short_name": "painscope", "start_url": reverse("dashboard"), "scope": "/",
        "display": "standalone", "background_color": "#ffffff", "theme_color": "#1f4e79",
        "description": "Pain diary, questionnaires and reminders.",
        "icons": [
            {"src": static("reminders/icon-192.png"), "sizes": "192x192", "type": "image/png"},
            {"src": static("reminders/icon-512.png"), "sizes": "512x512", "type": "image/png", "purpose": "any maskable"},
        ],
    }
    return HttpResponse(json.dumps(doc), content_type="application/manifest+json")


# -- caregivers -------------------------------------------------------------------------------


@login_required
@require_POST
def caregiver_new(request: HttpRequest) -> HttpResponse:
    form = CaregiverForm(request.POST)
    if not services.email_enabled():
        messages.error(request, _("This site does not send email, so a caregiver cannot be invited."))
        return redirect(reverse("reminders") + "#care")
    if not form.is_valid():
        return _page(request, caregiver_form=form, status=400)
    data = form.cleaned_data
    if Caregiver.objects.filter(owner=request.user, email__iexact=data["email"]).exists():
        form.add_error("email", _("you already invited this address"))
        return _page(request, caregiver_form=form, status=400)
    try:
        services.invite_caregiver(request.user, data["name"], data["email"], data["person_name"])
    except Exception:  # SMTP refused: nothing is kept (the row is in the same transaction)
        messages.error(request, _("The invitation could not be sent; nothing was saved. Please try again later."))
        return redirect(reverse("reminders") + "#care")
    messages.success(
        request, _("Invitation sent to %(name)s. They are told nothing until they accept.") % {"name": data["name"]}
    )
    return redirect(reverse("reminders") + "#care")


@login_required
@require_POST
def caregiver_remove(request: HttpRequest, pk: int) -> HttpResponse:
    row = services.get_caregiver_for_user(request.user, pk)
    row.delete()
    messages.success(request, _("%(name)s is removed and gets no more emails.") % {"name": row.name})
    return redirect(reverse("reminders") + "#care")


@never_cache
@require_http_methods(["GET", "POST"])
def caregiver_invite(request: HttpRequest, token: str) -> HttpResponse:
    """The caregiver's page (no account needed): accept, decline or stop."""
    row = services.caregiver_for_token(token)
    if request.method == "POST":
        choice = request.POST.get("choice", "")
        now = datetime.now(UTC)
        if choice == "accept" and row.accepted_at is None:
            Caregiver.objects.filter(pk=row.pk).update(accepted_at=now)
            row.accepted_at = now
        elif choice in ("decline", "stop"):
            row.delete()
            return render(request, "reminders/caregiver.html", {"row": None, "ended": True})
    response = render(request, "reminders/caregiver.html", {"row": row, "ended": False})
    response["Referrer-Policy"] = "no-referrer"
    return response
