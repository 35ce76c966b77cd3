"""Account forms: sign-up with a time zone, and the profile."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.forms import UserCreationForm


@lru_cache(maxsize=1)
def timezone_choices() -> list[tuple[str, str]]:
    """IANA zone names people pick from (legacy aliases such as ``US/Eastern`` left out)."""
    names = sorted(
        z for z in available_timezones()
        if "/" in z and not z.startswith(("Etc/", "SystemV/", "US/", "Canada/", "Brazil/", "Mexico/", "Chile/"))
    )
    return [("UTC", "UTC"), *((z, z.replace("_", " ")) for z in names)]


class TimezoneField(forms.ChoiceField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("choices", timezone_choices)
        kwargs.setdefault("label", "Your time zone")
        kwargs.setdefault("help_text", "Used for the time of your check-ins and for medication times.")
        kwargs.setdefault("widget", forms.Select(attrs={"class": "js-tz-select"}))
        super().__init__(**kwargs)


class SignupForm(UserCreationForm):
    timezone = TimezoneField(initial="UTC")

    class Meta(UserCreationForm.Meta):
        fields = ("username",)


class ProfileForm(forms.Form):
    timezone = TimezoneField()
    forget_factors = forms.MultipleChoiceField(
        label="Remove quick choices",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Factors you no longer want offered as quick choices in the check-in.",
    )

    def __init__(self, *args, factors: list[tuple[str, str]] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forget_factors"].choices = factors or []
        if self.initial.get("timezone"):
            self.fields["timezone"].widget.attrs["data-chosen"] = "1"
