"""Programme pages: an index, one page per programme (introduction, plan, session, adherence,
"Did it help"), and the short sessions.

Plain function views (as in healthchecks). Numbers come from the pure functions of
:mod:`painscope.programmes`; objects come only through the ownership helpers of
:mod:`painscope.web.programmes.services`.
"""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from painscope import i18n, programmes
from painscope.programmes import breathing, cbt, education, gmi, pacing, sleep
from painscope.web.programmes import forms, services

REMINDERS_URL = "/reminders/"


def _base(request: HttpRequest, programme_id: str) -> dict:
    prog = programmes.programme(programme_id)
    enrolment = services.enrolment_for_user(request.user, programme_id)
    today = services.today_for(request.user)
    return {
        "nav": "programmes",
        "programme": prog,
        "enrolment": enrolment,
        "today": today,
        "adherence": services.adherence_for(enrolment, today) if enrolment else None,
        "before_after": services.before_after(request.user, enrolment) if enrolment else [],
        "reminders_url": REMINDERS_URL,
        "did_it_help_url": reverse("insights_did_it_help"),
    }


def _page(programme_id: str) -> str:
    return reverse(f"programmes_{programme_id.replace('-', '_')}")


def _start(request: HttpRequest, programme_id: str, form: forms.StartForm, plan_settings: dict) -> HttpResponse:
    services.start_programme(request.user, programme_id, form.cleaned_data["start_date"], plan_settings)
    messages.success(request, _("Your programme has started. Its entry in \"Did it help\" is saved too."))
    return redirect(_page(programme_id) + "#session-h")


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "programmes/index.html", {"nav": "programmes", "rows": services.overview(request.user)})


# -- pacing ---------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def pacing_page(request: HttpRequest) -> HttpResponse:
    ctx = _base(request, "pacing")
    enrolment = ctx["enrolment"]
    start_form = forms.PacingStartForm(request.POST if request.method == "POST" and "start" in request.POST else None,
                                       initial={"start_date": ctx["today"], "step": pacing.DEFAULT_STEP})
    log_form = forms.PacingLogForm(request.POST if request.method == "POST" and "log" in request.POST else None)
    if request.method == "POST":
        if start_form.is_bound:
            if start_form.is_valid():
                d = start_form.cleaned_data
                return _start(request, "pacing", start_form, {"activity": d["activity"], "step": d["step"], "pem": d["pem"],
                                                              "baseline_minutes": round(d["baseline_minutes"], 1)})
        elif log_form.is_bound and enrolment is not None:
            if log_form.is_valid():
                x = services.log_pacing_day(request.user, enrolment, ctx["today"], log_form.cleaned_data["minutes"])
                messages.success(request, {"yes": _("Quota done. Well paced."), "partial": _("Part of the quota done: that still counts."),
                                           "no": _("Logged. Some days are like that; tomorrow's quota is the same.")}[x.data["status"]])
                return redirect(_page("pacing") + "#adherence-h")
        else:
            raise Http404("Start the programme first")
    ctx.update(start_form=start_form, log_form=log_form,
               view=services.pacing_view(request.user, enrolment, ctx["today"]) if enrolment else None)
    return render(request, "programmes/pacing.html", ctx)


# -- graded motor imagery -------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def gmi_page(request: HttpRequest) -> HttpResponse:
    ctx = _base(request, "gmi")
    start_form = forms.StartForm(request.POST or None, initial={"start_date": ctx["today"]})
    if request.method == "POST" and start_form.is_valid():
        return _start(request, "gmi", start_form, {"stage": 1})
    history = services.gmi_history(request.user, ctx["enrolment"]) if ctx["enrolment"] else []
    ctx.update(start_form=start_form, history=history, latest=history[-1] if history else None,
               ready=services.gmi_ready(history), norms=gmi.NORMS)
    return render(request, "programmes/gmi.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def gmi_session(request: HttpRequest) -> HttpResponse:
    ctx = _base(request, "gmi")
    if ctx["enrolment"] is None:
        return redirect(_page("gmi"))
    error = ""
    if request.method == "POST":
        try:
            raw = json.loads(request.POST.get("answers") or "[]")
            score = services.save_gmi_round(ctx["enrolment"], ctx["today"], raw)
        except (ValueError, json.JSONDecodeError) as exc:
            error = _("Nothing was saved: %(problem)s.") % {"problem": exc}
        else:
            messages.success(request, _("Round saved: %(correct)s of %(n)s right.") % {"correct": score.correct, "n": score.n})
            return redirect(_page("gmi") + "#results-h")
    trials = gmi.make_trials(20)
    ctx.update(trials=trials, error=error)
    return render(request, "programmes/gmi_session.html", ctx, status=400 if error else 200)


GUIDED_TITLES = {"imagery": gettext_lazy("Stage 2: imagined movements"), "mirror": gettext_lazy("Stage 3: mirror work"),
                 "body-scan": gettext_lazy("Body scan"), "pmr": gettext_lazy("Progressive muscle relaxation")}


@login_required
@require_http_methods(["GET", "POST"])
def guided(request: HttpRequest, programme_id: str, script: str) -> HttpResponse:
    ctx = _base(request, programme_id)
    if ctx["enrolment"] is None:
        return redirect(_page(programme_id))
    steps = gmi.GUIDED.get(script) or {"body-scan": breathing.BODY_SCAN, "pmr": breathing.PMR}[script]
    if request.method == "POST":
        form = forms.GuidedLogForm(request.POST)
        if form.is_valid():
            services.record_session(ctx["enrolment"], ctx["today"], script, form.cleaned_data["minutes"])
            messages.success(request, _("Session saved."))
            return redirect(_page(programme_id) + "#adherence-h")
    ctx.update(steps=steps, title=GUIDED_TITLES[script], total=sum(s.seconds for s in steps), script=script)
    return render(request, "programmes/guided.html", ctx)


# -- CBT ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def thought_page(request: HttpRequest) -> HttpResponse:
    ctx = _base(request, "thought-record")
    enrolment = ctx["enrolment"]
    action = request.POST.get("action") if request.method == "POST" else None
    start_form = forms.StartForm(request.POST if action == "start" else None, initial={"start_date": ctx["today"]})
    record_form = forms.ThoughtRecordForm(request.POST if action == "record" else None)
    fear_form = forms.FearItemForm(request.POST if action == "fear" else None)
    exposure_form = forms.ExposureForm(request.POST if action == "exposure" else None)
    if action == "start" and start_form.is_valid():
        return _start(request, "thought-record", start_form, {})
    if action in ("record", "fear", "exposure") and enrolment is None:
        raise Http404("Start the programme first")
    if action == "record" and record_form.is_valid():
        try:
            data = cbt.thought_record(record_form.cleaned_data)
        except ValueError as exc:
            name, _sep, message = str(exc).partition(": ")
            record_form.add_error(name if name in record_form.fields else None, message.capitalize())
        else:
            services.record_session(enrolment, ctx["today"], "thought-record", 0, data)
            messages.success(request, _("Thought record saved. The feeling went from %(before)s to %(after)s.")
                             % {"before": data["feeling_before"], "after": data["feeling_after"]})
            return redirect(_page("thought-record") + "#adherence-h")
    if action == "fear" and fear_form.is_valid():
        d = fear_form.cleaned_data
        services.add_fear_item(request.user, d["activity"], d["rating"])
        messages.success(request, _("Added to your list."))
        return redirect(_page("thought-record") + "#fear-h")
    if action == "exposure" and exposure_form.is_valid():
        d = exposure_form.cleaned_data
        item = services.log_exposure(request.user, enrolment, d["item"], ctx["today"], d)
        messages.success(request, _("Step saved: '%(activity)s' now feels %(rating)s out of 100.")
                         % {"activity": item.activity, "rating": item.latest_rating})
        return redirect(_page("thought-record") + "#fear-h")
    record_form.fields["distortions"].choices = [(k, i18n.gettext(v)) for k, v in cbt.DISTORTIONS.items()]
    items = services.hierarchy(request.user)
    records = list(services.sessions_for_user(request.user).filter(kind="thought-record")[:5]) if enrolment else []
    ctx.update(start_form=start_form, record_form=record_form, fear_form=fear_form, exposure_form=exposure_form,
               items=items, next_item=cbt.next_step(items), records=records, links=services.fear_links(request.user))
    return render(request, "programmes/thought.html", ctx, status=400 if request.method == "POST" else 200)


# -- sleep ----------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def sleep_page(request: HttpRequest) -> HttpResponse:
    ctx = _base(request, "sleep")
    enrolment = ctx["enrolment"]
    action = request.POST.get("action") if request.method == "POST" else None
    screen_form = forms.ScreenForm(request.POST if action == "start" else None,
                                   initial={"start_date": ctx["today"], "wake": "07:00"})
    night_form = forms.SleepNightForm(request.POST if action == "night" else None,
                                      initial={"night": ctx["today"].fromordinal(ctx["today"].toordinal() - 1)})
    if action == "start" and screen_form.is_valid():
        result = sleep.screen(screen_form.answers())
        return _start(request, "sleep", screen_form, {"wake": screen_form.cleaned_data["wake"],
                                                       "screen": result.to_dict()})
    if action == "night":
        if enrolment is None:
            raise Http404("Start the programme first")
        if night_form.is_valid():
            services.save_night(request.user, night_form.cleaned_data["parsed"])
            messages.success(request, _("Night saved."))
            return redirect(_page("sleep") + "#plan-h")
    screen = enrolment.settings.get("screen") if enrolment else None
    if screen:
        screen = sleep.screen_in_language(screen)
    for key, question in sleep.SCREENING_QUESTIONS.items():
        screen_form.fields[f"q_{key}"].label = i18n.gettext(question)
    ctx.update(screen_form=screen_form, night_form=night_form, screen=screen,
               plan=services.sleep_plan_for(request.user, enrolment) if enrolment else None,
               stimulus_control=sleep.STIMULUS_CONTROL, warning=sleep.DROWSY_WARNING,
               nights=list(services.sleep_nights_for_user(request.user).order_by("-night")[:7]))
    return render(request, "programmes/sleep.html", ctx, status=400 if request.method == "POST" else 200)


@login_required
@require_GET
def sleep_csv(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(services.sleep_export(request.user), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="sleep.csv"'
    return response


# -- breathing ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def breathing_page(request: HttpRequest) -> HttpResponse:
    ctx = _base(request, "breathing")
    enrolment = ctx["enrolment"]
    action = request.POST.get("action") if request.method == "POST" else None
    start_form = forms.StartForm(request.POST if action == "start" else None, initial={"start_date": ctx["today"]})
    log_form = forms.BreathingLogForm(request.POST if action == "log" else None, request.FILES if action == "log" else None,
                                      initial={"kind": "breathing", "rate": breathing.DEFAULT_RATE})
    hrv_result = None
    if action == "start" and start_form.is_valid():
        return _start(request, "breathing", start_form, {})
    if action == "log":
        if enrolment is None:
            raise Http404("Start the programme first")
        if log_form.is_valid():
            d = log_form.cleaned_data
            data: dict = {"rate": d.get("rate")}
            upload = d.get("rr_file")
            ok = True
            if upload is not None:
                try:
                    text = upload.read().decode("utf-8")
                    hrv_result = services.session_hrv_from_text(request.user, text)
                    data["hrv"] = hrv_result.to_dict()
                except (UnicodeDecodeError, ValueError) as exc:
                    log_form.add_error("rr_file", _("This file could not be read: %(problem)s. Nothing was saved.") % {"problem": exc})
                    ok = False
            if ok:
                services.record_session(enrolment, ctx["today"], d["kind"], d["minutes"], data)
                messages.success(request, _("Session saved.") + (f" {hrv_result.sentence}" if hrv_result else ""))
                return redirect(_page("breathing") + "#adherence-h")
    pace = breathing.pace()
    last_hrv = None
    if enrolment:
        for x in services.sessions_for_user(request.user).filter(enrolment=enrolment)[:20]:
            if x.data.get("hrv"):
                last_hrv = x.data["hrv"]
                break
    ctx.update(start_form=start_form, log_form=log_form, pace=pace, last_hrv=last_hrv,
               min_rate=breathing.MIN_RATE, max_rate=breathing.MAX_RATE)
    return render(request, "programmes/breathing.html", ctx, status=400 if request.method == "POST" else 200)


# -- education ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def education_page(request: HttpRequest) -> HttpResponse:
    ctx = _base(request, "education")
    start_form = forms.StartForm(request.POST or None, initial={"start_date": ctx["today"]})
    if request.method == "POST" and start_form.is_valid():
        return _start(request, "education", start_form, {})
    enrolment = ctx["enrolment"]
    scores = services.lesson_scores(request.user, enrolment) if enrolment else {}
    ctx.update(start_form=start_form, lessons=list(enumerate(education.LESSONS, start=1)),
               progress=education.progress(scores), examples=services.own_examples(request.user) if enrolment else [],
               pathway=services.pathway_states())
    return render(request, "programmes/education.html", ctx, status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def lesson_page(request: HttpRequest, number: int) -> HttpResponse:
    if not 1 <= number <= len(education.LESSONS):
        raise Http404("No such lesson")
    ctx = _base(request, "education")
    if ctx["enrolment"] is None:
        return redirect(_page("education"))
    item = education.LESSONS[number - 1]
    result, errors = None, {}
    if request.method == "POST":
        answers = {s.id: request.POST.get(s.id, "") for s in item.statements}
        errors = {k: _("Choose true, false or not sure.") for k, v in answers.items() if v not in education.ANSWERS}
        if not errors:
            result = education.score_check(item.id, answers)
            services.record_session(ctx["enrolment"], ctx["today"], "lesson", item.minutes,
                                    {"lesson": item.id, "correct": result.correct, "total": result.total})
    ctx.update(lesson=item, number=number, result=result, errors=errors, pathway=services.pathway_states(),
               next_number=number + 1 if number < len(education.LESSONS) else None)
    return render(request, "programmes/lesson.html", ctx, status=400 if errors else 200)
