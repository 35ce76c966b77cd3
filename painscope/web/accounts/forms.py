"""Account forms: sign-up with a time zone, and the profile."""

from __future__ import annotations

from functools import lru_cache
from zoneinfo import available_timezones

from django import forms
from django.contrib.auth.forms import UserCreationForm
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext


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
        kwargs.setdefault("label", _("Your time zone"))
        kwargs.setdefault("help_text", _("Used for the time of your check-ins and for medication times."))
        kwargs.setdefault("widget", forms.Select(attrs={"class": "js-tz-select"}))
        super().__init__(**kwargs)


class OptionalEmailField(forms.EmailField):
    def __init__(self, **kwargs) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("label", _("E-mail (optional)"))
        kwargs.setdefault(
            "help_text", _("Only used to send you a link if you forget your password. Nobody else sees it.")
        )
        super().__init__(**kwargs)


class SignupForm(UserCreationForm):
    """Sign-up that never says whether a username is taken (the view answers the same way
    either way), so it cannot be used to find out who has an account here."""

    email = OptionalEmailField()
    timezone = TimezoneField(initial="UTC")

    class Meta(UserCreationForm.Meta):
        fields = ("username",)

    def clean_username(self) -> str:
        # UserCreationForm refuses a taken name here ("A user with that username already
        # exists"), which would tell anyone who has an account: the view deals with it.
        return self.cleaned_data["username"]

    def validate_unique(self) -> None:
        return None


class CodeForm(forms.Form):
    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        help_text=_("The 6 digits your authenticator app shows now, or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class EnrolForm(forms.Form):
    code = forms.CharField(
        label=_("Code from the app"),
        max_length=10,
        help_text=_("After adding painscope to the app, type the 6 digits it shows."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )


class PasswordCheckForm(forms.Form):
    """Ask for the password again before a change to how one signs in."""

    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )

    def __init__(self, *args, user=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("this is not your current password."))
        return password


def token_day_choices() -> list[tuple[int, str]]:
    from django.conf import settings

    days = sorted({7, 30, 90, 365, settings.API_TOKEN_DAYS} & set(range(1, settings.API_TOKEN_MAX_DAYS + 1)))
    return [
        (d, (ngettext("%(days)d day (the usual)", "%(days)d days (the usual)", d) if d == settings.API_TOKEN_DAYS
             else ngettext("%(days)d day", "%(days)d days", d)) % {"days": d})
        for d in days
    ]


class TokenForm(forms.Form):
    name = forms.CharField(
        label=_("Name"), max_length=80, initial=_("my app"),
        help_text=_("So you can tell your tokens apart, e.g. the app or script that uses it."),
    )
    days = forms.TypedChoiceField(label=_("Works for"), coerce=int, choices=token_day_choices)

    def __init__(self, *args, **kwargs) -> None:
        from django.conf import settings

        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.API_TOKEN_DAYS


class DeleteAccountForm(forms.Form):
    username = forms.CharField(label=_("Type your username to confirm"), max_length=150)
    password = forms.CharField(
        label=_("Your password"), strip=False, widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    code = forms.CharField(
        label=_("Code from your authenticator app"), max_length=20, required=False,
        help_text=_("Or one of your recovery codes."),
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, user=None, needs_code: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.needs_code = needs_code
        if not needs_code:
            del self.fields["code"]

    def clean_username(self) -> str:
        name = self.cleaned_data["username"]
        if name != self.user.get_username():
            raise forms.ValidationError(_("this is not your username; type it exactly as you sign in."))
        return name

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("this is not your current password."))
        return password

    def clean(self):
        cleaned = super().clean()
        if self.needs_code and not self.errors:
            from painscope.web.accounts import twofactor

            result, _device = twofactor.check_second_factor(self.user, cleaned.get("code", ""))
            if result == twofactor.CheckResult.WAIT:
                self.add_error("code", _("too many wrong codes in a row: wait a minute, then try again."))
            elif result != twofactor.CheckResult.OK:
                self.add_error("code", _("this code doesn't match; codes change every 30 seconds."))
        return cleaned


def language_choices() -> list[tuple[str, str]]:
    from django.conf import settings

    return [("", _("The one my browser asks for"))] + [(code, name) for code, name in settings.LANGUAGES]


class ProfileForm(forms.Form):
    timezone = TimezoneField()
    language = forms.ChoiceField(
        label=_("Language"), required=False, choices=language_choices,
        help_text=_("The language of these pages. Questionnaires keep the wording they were validated in."),
    )
    email = OptionalEmailField()
    forget_factors = forms.MultipleChoiceField(
        label=_("Remove quick choices"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Factors you no longer want offered as quick choices in the check-in."),
    )

    def __init__(self, *args, factors: list[tuple[str, str]] | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["forget_factors"].choices = factors or []
        if self.initial.get("timezone"):
            self.fields["timezone"].widget.attrs["data-chosen"] = "1"

