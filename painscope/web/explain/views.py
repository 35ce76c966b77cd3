"""The public "How pain works" page: explainer text, diagram and the model explorer.

Public on purpose: it is education and shows no personal data. The explorer is a plain GET
form (no state changes, so no CSRF token in the URL); script only re-submits it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET

from painscope.web.explain import services as sv
from painscope.web.explain.forms import FIELD_NAMES, ExplorerForm
from painscope.web.journal.views import plotly_version


@require_GET
def explain_page(request: HttpRequest) -> HttpResponse:
    submitted = any(name in request.GET for name in FIELD_NAMES)
    data = {**ExplorerForm.defaults(), **{k: v for k, v in request.GET.items() if k in FIELD_NAMES}} if submitted \
        else ExplorerForm.defaults()
    form = ExplorerForm(data)
    ctx: dict = {
        "nav": "explain",
        "form": form,
        "submitted": submitted,
        "plotly_version": plotly_version(),
        "treatments": [(k, v[0], v[1]) for k, v in sv.TREATMENTS.items() if k != "none"],
        "profiles": sv.PROFILES,
        "cohort_n": sv.COHORT_N,
        "days": sv.DAYS,
        "sleep_min": f"{sv.SLEEP_RANGE[0]:g}",
        "sleep_max": f"{sv.SLEEP_RANGE[1]:g}",
        "start_min": sv.START_RANGE[0],
        "start_max": sv.START_RANGE[1],
    }
    if form.is_valid():
        ch = form.choices()
        ctx.update(sv.present(ch))
        ctx["choices"] = ch
        ctx["profile_label"] = sv.PROFILES[ch.profile][0]
        ctx["treatment_label"] = sv.TREATMENTS[ch.treatment][0]
        ctx["stress_label"] = sv.STRESS_LEVELS[ch.stress][0]
    return render(request, "explain/explain.html", ctx)


STATE_ROWS = [
    ("S2", gettext_lazy("Long-term sensitivity"), gettext_lazy("how turned-up the system is; it changes over months")),
    ("H", gettext_lazy("Stress load"), gettext_lazy("fed by stress and by pain itself")),
    ("Sigma", gettext_lazy("Sleep debt"), gettext_lazy("short nights raise it; a good night lowers it")),
    ("D", gettext_lazy("Pain brakes"), gettext_lazy("the brain's own pain control; long stress weakens it")),
    ("A", gettext_lazy("Worry and attention"), gettext_lazy("fed by pain; it turns the volume up")),
]


@login_required
@require_GET
def your_system(request: HttpRequest) -> HttpResponse:
    """The person's own fitted model: skill first, loops and what-ifs only when it earns them."""
    from painscope.web.explain import personal

    result = personal.personal_model(request.user)
    ctx: dict = {"nav": "explain", "result": result, "skill": result.skill}
    if result.message == personal.NOT_ENOUGH_DATA:
        ctx["message"] = _(personal.NOT_ENOUGH_DATA)
    else:
        ctx["message"] = result.message
    if result.fitted is not None and result.states is not None:
        bars, top = personal.loop_bars(result)
        rated, fitted = personal.pain_paths(result, result.observed)
        ctx.update({
            "bars": bars, "bars_height": 20 + 44 * len(bars), "bar_top": f"{top:.1f}", "rated_path": rated, "fitted_path": fitted,
            "states": [(key, label, what, personal.states_path(result, key)) for key, label, what in STATE_ROWS],
            "driver_label": personal.PLAIN_LOOP.get(result.driver or "", ""),
            "first_day": result.states.index[0], "last_day": result.states.index[-1],
        })
    return render(request, "explain/your_system.html", ctx)
