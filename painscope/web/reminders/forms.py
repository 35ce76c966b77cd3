"""Forms of the Reminders page. Schedules are validated by the pure rules, whose errors
name the field, so the page can say which box to fix."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from painscope.diary import reminders as rules

WEEKDAYS = [(1, _("Mon")), (2, _("Tue")), (3, _("Wed")), (4, _("Thu")), (5, _("Fri")), (6, _("Sat")), (7, _("Sun"))]


def parse_times(text: str) -> list[str]:
    parts = [p.strip() for p in text.replace(";", ",").split(",") if p.strip()]
    return sorted({f"{rules.parse_time(p):%H:%M}" for p in parts})


class CheckinReminderForm(forms.Form):
    times = forms.CharField(label=_("At what times?"), max_length=100, initial="20:00",
                            help_text=_("One or more times, such as 08:30, 20:00."))
    weekdays = forms.TypedMultipleChoiceField(label=_("On which days?"), choices=WEEKDAYS, coerce=int, required=False,
                                              widget=forms.CheckboxSelectMultiple,
                                              help_text=_("Leave all empty for every day."))

    def clean_times(self) -> list[str]:
        try:
            times = parse_times(self.cleaned_data["times"])
        except rules.ScheduleError as exc:
            raise forms.ValidationError(exc.message) from None
        if not times:
            raise forms.ValidationError(_("give at least one time of day, such as 20:00"))
        if len(times) > 8:
            raise forms.ValidationError(_("at most 8 times a day"))
        return times


class QuestionnaireReminderForm(forms.Form):
    instrument_id = forms.ChoiceField(label=_("Which questionnaire?"))
    every = forms.IntegerField(label=_("Every"), min_value=1, max_value=52, initial=2)
    unit = forms.ChoiceField(label=_("Unit"), choices=[("weeks", _("weeks")), ("days", _("days"))], initial="weeks")
    time = forms.CharField(label=_("At what time?"), max_length=5, initial="10:00")

    def __init__(self, *args, choices=(), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["instrument_id"].choices = list(choices)

    def clean_time(self) -> str:
        try:
            return f"{rules.parse_time(self.cleaned_data['time']):%H:%M}"
        except rules.ScheduleError as exc:
            raise forms.ValidationError(exc.message) from None

    def every_days(self) -> int:
        n = self.cleaned_data["every"]
        return n * 7 if self.cleaned_data["unit"] == "weeks" else n


class SettingsForm(forms.Form):
    quiet_start = forms.TimeField(label=_("Quiet from"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    quiet_end = forms.TimeField(label=_("Quiet until"), required=False, widget=forms.TimeInput(attrs={"type": "time"}))
    dose_reminders = forms.BooleanField(label=_("Remind me of scheduled doses"), required=False)
    email = forms.BooleanField(label=_("Also send reminders by email"), required=False)
    follow_up_minutes = forms.IntegerField(label=_("Remind me again after (minutes)"), min_value=5, max_value=720)
    missed_after_minutes = forms.IntegerField(label=_("Count a dose as missed after (minutes)"), min_value=10, max_value=1440)

    def clean(self):
        data = super().clean()
        if (data.get("quiet_start") is None) != (data.get("quiet_end") is None):
            self.add_error("quiet_end", _("give both times, or leave both empty for no quiet hours"))
        if "follow_up_minutes" in data and "missed_after_minutes" in data:
            try:
                rules.MissedRule(data["follow_up_minutes"], data["missed_after_minutes"])
            except rules.ScheduleError as exc:
                self.add_error(exc.field, exc.message)
        return data


class CaregiverForm(forms.Form):
    name = forms.CharField(label=_("Their name"), max_length=80)
    email = forms.EmailField(label=_("Their email address"))
    person_name = forms.CharField(label=_("Your name, as they know you"), max_length=80)
