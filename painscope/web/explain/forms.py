"""The explorer's GET form: every lever validated with a message that names the field."""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from painscope.web.explain import services as sv

FIELD_NAMES = ("profile", "sleep_hours", "stress", "activity", "treatment", "start_day")


def _msg(label, what) -> dict:
    text = format_lazy("{}: {}", label, what)
    return {"required": text, "invalid": text, "min_value": text, "max_value": text,
            "invalid_choice": text, "max_decimal_places": text, "max_digits": text, "step_size": text}


class ExplorerForm(forms.Form):
    profile = forms.ChoiceField(
        label=_("Starting nervous system"),
        choices=[(k, v[0]) for k, v in sv.PROFILES.items()],
        widget=forms.RadioSelect,
        error_messages=_msg(_("Starting nervous system"), _("choose one of the three.")),
    )
    sleep_hours = forms.DecimalField(
        label=_("Sleep (hours a night)"),
        min_value=Decimal(str(sv.SLEEP_RANGE[0])), max_value=Decimal(str(sv.SLEEP_RANGE[1])), decimal_places=1,
        max_digits=3, step_size=Decimal("0.5"),
        error_messages=_msg(_("Sleep (hours a night)"),
                            format_lazy(_("enter hours from {low} to {high} in half hours, like 7 or 6.5."),
                                        low=f"{sv.SLEEP_RANGE[0]:g}", high=f"{sv.SLEEP_RANGE[1]:g}")),
    )
    stress = forms.ChoiceField(
        label=_("Stress"),
        choices=[(k, v[0]) for k, v in sv.STRESS_LEVELS.items()],
        widget=forms.RadioSelect,
        error_messages=_msg(_("Stress"), _("choose low, medium or high.")),
    )
    activity = forms.ChoiceField(
        label=_("Daily activity"),
        choices=[("off", _("Usual day")), ("on", _("Gently building up activity"))],
        widget=forms.RadioSelect,
        error_messages=_msg(_("Daily activity"), _("choose one of the two.")),
    )
    treatment = forms.ChoiceField(
        label=_("Add a treatment (optional)"),
        choices=[(k, v[0]) for k, v in sv.TREATMENTS.items()],
        error_messages=_msg(_("Treatment"), _("choose one from the list.")),
    )
    start_day = forms.IntegerField(
        label=_("Treatment starts on day"),
        min_value=sv.START_RANGE[0], max_value=sv.START_RANGE[1],
        error_messages=_msg(_("Treatment starts on day"),
                            format_lazy(_("enter a whole day from {low} to {high}."), low=sv.START_RANGE[0], high=sv.START_RANGE[1])),
    )

    @staticmethod
    def defaults() -> dict[str, str]:
        d = sv.Choices()
        return {"profile": d.profile, "sleep_hours": f"{d.sleep_hours:g}", "stress": d.stress,
                "activity": "on" if d.activity else "off", "treatment": d.treatment, "start_day": str(d.start_day)}

    def choices(self) -> sv.Choices:
        c = self.cleaned_data
        return sv.Choices(profile=c["profile"], sleep_hours=float(c["sleep_hours"]), stress=c["stress"],
                          activity=c["activity"] == "on", treatment=c["treatment"], start_day=int(c["start_day"]))
