"""Insights pages: what comes before worse pain days, flares, tomorrow, and "did it help?".

Plain function views (as in healthchecks). The numbers come from the pure reports of
:mod:`painscope.insights`, run on the person's own stored diary through
:func:`painscope.web.insights_web.services.analyses_for_user` (cached per diary version);
saved experiments are fetched only through the ownership helpers of that module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from painscope import insights
from painscope.insights import plain
from painscope.insights.triggers import METHOD as TRIGGER_METHOD
from painscope.web.accounts.models import Profile
from painscope.web.insights_web import present, services
from painscope.web.insights_web.forms import ChangeForm, ExperimentForm, own_medications
from painscope.web.insights_web.models import Experiment
from painscope.web.journal.views import plotly_version


def _today(user) -> date:
    return datetime.now(UTC).astimezone(Profile.for_user(user).zone).date()


@login_required
@require_GET
def insights_page(request: HttpRequest) -> HttpResponse:
    result = services.analyses_for_user(request.user)
    triggers, flares, forecast = result.triggers, result.flares, result.forecast
    ctx = {
        "nav": "insights",
        "result": result,
        "triggers": triggers,
        "view": present.trigger_view(triggers),
        # each section opens with one plain sentence; the numbers follow behind a fold
        "plain": {"triggers": plain.triggers(triggers), "flares": plain.flares(flares),
                  "forecast": plain.forecast(forecast)},
        "lag_range": present.lag_range_text(triggers.lags),
        "forest": present.forest_figure(triggers),
        "power_guide": present.POWER_GUIDE,
        "data_needed": insights.data_needed_message(triggers.n_pain_days),
        "method": TRIGGER_METHOD,
        "flares": flares,
        "flare_sentences": flares.sentences(),
        "flare_figure": present.flare_figure(flares),
        "flare_chart_days": present.FLARE_CHART_DAYS,
        "detected": sorted(flares.detected, key=lambda e: e.start, reverse=True),
        "declared": sorted(flares.declared, key=lambda e: e.start, reverse=True),
        "forecast": forecast,
        "forecast_sentences": forecast.sentences(),
        "forecast_rows": present.forecast_rows(forecast),
        "plotly_version": plotly_version(),
    }
    return render(request, "insights_web/insights.html", ctx)


def _plain(value):
    """JSON-safe copy: NaN and infinities become null (strict JSON has no NaN)."""
    import math

    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


@login_required
@require_GET
def insights_json(request: HttpRequest) -> HttpResponse:
    """Everything the Insights page shows, as the reports' own JSON (``to_dict()``)."""
    result = services.analyses_for_user(request.user)
    doc = {
        "triggers": result.triggers.to_dict(),
        "flares": result.flares.to_dict(),
        "forecast": result.forecast.to_dict(),
        "n_pain_days": result.n_pain_days,
        "first_day": result.first_day.isoformat() if result.first_day else None,
        "last_day": result.last_day.isoformat() if result.last_day else None,
    }
    return JsonResponse(_plain(doc), json_dumps_params={"allow_nan": False})


@dataclass
class SavedExperiment:
    experiment: Experiment
    plan: insights.AbabPlan
    report: insights.AbabReport | None
    status: str
    finished: bool

    @property
    def plain(self) -> str:
        """The comparison in one plain sentence (its numbers: ``report.sentences()``)."""
        if self.report is not None and (self.finished or not self.report.message):
            return plain.abab(self.report)
        return _("The result will show here once each ON and OFF block has about 5 days with a pain rating.")


def _experiment_status(plan: insights.AbabPlan, today: date) -> str:
    first, last = plan.blocks[0], plan.blocks[-1]
    if today < date.fromisoformat(first.start):
        return _("Starts on %(date)s.") % {"date": f"{date.fromisoformat(first.start):%d %b %Y}"}
    if today > date.fromisoformat(last.end):
        return _("Finished on %(date)s.") % {"date": f"{date.fromisoformat(last.end):%d %b %Y}"}
    for b in plan.blocks:
        if date.fromisoformat(b.start) <= today <= date.fromisoformat(b.end):
            return _("Today is in block %(block)s of %(blocks)s: %(instruction)s") % {
                "block": b.block, "blocks": len(plan.blocks), "instruction": b.instruction,
            }
    return ""


def _saved_experiments(user, daily, today: date) -> list[SavedExperiment]:
    out = []
    for exp in services.experiments_for_user(user):
        plan = insights.AbabPlan.from_dict(exp.plan)
        started = today >= date.fromisoformat(plan.blocks[0].start)
        finished = today > date.fromisoformat(plan.blocks[-1].end)
        report = insights.abab_analysis(daily, plan) if started else None
        out.append(SavedExperiment(exp, plan, report, _experiment_status(plan, today), finished))
    return out


@login_required
@require_http_methods(["GET", "POST"])
def did_it_help(request: HttpRequest) -> HttpResponse:
    """GET: before/after a change (form in the query string). POST: plan or save an
    on/off experiment."""
    today = _today(request.user)
    medications = own_medications(request.user)
    from painscope.web.journal.med_use import plan_changes_for

    change_form = ChangeForm(request.GET or None, medications=medications, changes=plan_changes_for(request.user),
                             today=today)
    result = services.analyses_for_user(request.user)
    change = change_figure = None
    if change_form.is_bound and change_form.is_valid():
        change = insights.change_analysis(result.daily, change_form.cleaned_data["change_date"])
        change_figure = present.change_figure(result.daily, change)

    plan = None
    if request.method == "POST":
        experiment_form = ExperimentForm(request.POST, today=today)
        if experiment_form.is_valid():
            data = experiment_form.cleaned_data
            plan = insights.abab_plan(data["start_date"], data["block_days"], data["blocks"],
                                      what=data["what"], randomize=data["randomize"])
            if request.POST.get("action") == "save":
                with transaction.atomic():
                    Experiment.objects.create(
                        owner=request.user, what=data["what"], start_date=data["start_date"],
                        block_days=data["block_days"], blocks=data["blocks"], plan=plan.to_dict(),
                    )
                messages.success(request, _("Your experiment plan is saved. Its analysis appears here as you log."))
                return redirect(reverse("insights_did_it_help") + "#saved-h")
    else:
        experiment_form = ExperimentForm(initial={"start_date": today, "block_days": 14, "blocks": 4})

    ctx = {
        "nav": "insights",
        "result": result,
        "change_form": change_form,
        "change": change,
        "change_label": change_form.cleaned_data.get("change_label") if change is not None else "",
        "change_sentences": change.sentences() if change is not None else [],
        "change_plain": plain.change(change) if change is not None else "",
        "change_figure": change_figure,
        "experiment_form": experiment_form,
        "plan": plan,
        "saved": _saved_experiments(request.user, result.daily, today),
        "plotly_version": plotly_version(),
    }
    return render(request, "insights_web/did_it_help.html", ctx)


@login_required
@require_POST
def experiment_delete(request: HttpRequest) -> HttpResponse:
    experiment = services.get_experiment_for_user(request.user, request.POST.get("experiment"))
    experiment.delete()
    messages.success(request, _("The plan '%(what)s' was deleted. Your diary is unchanged.") % {"what": experiment.what})
    return redirect(reverse("insights_did_it_help") + "#saved-h")
