"""The explorer's GET form: every lever validated with a message that names the field."""

from __future__ import annotations

from decimal import Decimal

from django import forms

from painscope.web.explain import services as sv

FIELD_NAMES = ("profile", "sleep_hours", "stress", "activity", "treatment", "start_day")


def _msg(label: str, what: str) -> dict[str, str]:
    text = f"{label}: {what}"
    return {"required": text, "invalid": text, "min_value": text, "max_value": text,
            "invalid_choice": text, "max_decimal_places": text, "max_digits": text, "step_size": text}


class ExplorerForm(forms.Form):
    profile = forms.ChoiceField(
        label="Starting nervous system",
        choices=[(k, v[0]) for k, v in sv.PROFILES.items()],
        widget=forms.RadioSelect,
        error_messages=_msg("Starting nervous system", "choose one of the three."),
    )
    sleep_hours = forms.DecimalField(
        label="Sleep (hours a night)",
        min_value=Decimal(str(sv.SLEEP_RANGE[0])), max_value=Decimal(str(sv.SLEEP_RANGE[1])), decimal_places=1,
        max_digits=3, step_size=Decimal("0.5"),
        error_messages=_msg("Sleep (hours a night)",
                            f"enter hours from {sv.SLEEP_RANGE[0]:g} to {sv.SLEEP_RANGE[1]:g} in half hours, like 7 or 6.5."),
    )
    stress = forms.ChoiceField(
        label="Stress",
        choices=[(k, v[0]) for k, v in sv.STRESS_LEVELS.items()],
        widget=forms.RadioSelect,
        error_messages=_msg("Stress", "choose low, medium or high."),
    )
    activity = forms.ChoiceField(
        label="Daily activity",
        choices=[("off", "Usual day"), ("on", "Gently building up activity")],
        widget=forms.RadioSelect,
        error_messages=_msg("Daily activity", "choose one of the two."),
    )
    treatment = forms.ChoiceField(
        label="Add a treatment (optional)",
        choices=[(k, v[0]) for k, v in sv.TREATMENTS.items()],
        error_messages=_msg("Treatment", "choose one from the list."),
    )
    start_day = forms.IntegerField(
        label="Treatment starts on day",
        min_value=sv.START_RANGE[0], max_value=sv.START_RANGE[1],
        error_messages=_msg("Treatment starts on day",
                            f"enter a whole day from {sv.START_RANGE[0]} to {sv.START_RANGE[1]}."),
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
