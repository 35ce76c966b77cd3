"""Forms of the programme pages; the rules behind them are in :mod:`painscope.programmes`."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from painscope.programmes import breathing, cbt, pacing, sleep


class StartForm(forms.Form):
    start_date = forms.DateField(label=_("Start date"), widget=forms.DateInput(attrs={"type": "date"}),
                                 help_text=_("Usually today. This date is what \"Did it help\" compares around."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["start_date"].error_messages["invalid"] = _("Enter a date such as 2026-03-01.")


class PacingStartForm(StartForm):
    activity = forms.CharField(max_length=60, label=_("Which activity will you pace?"),
                               help_text=_("One activity you can time, for example walking, gardening or housework."))
    try1 = forms.FloatField(min_value=1, max_value=600, label=_("Try 1: minutes before your symptoms rose"))
    try2 = forms.FloatField(min_value=1, max_value=600, required=False, label=_("Try 2 (another day, optional)"))
    try3 = forms.FloatField(min_value=1, max_value=600, required=False, label=_("Try 3 (another day, optional)"))
    step = forms.TypedChoiceField(coerce=float, initial=pacing.DEFAULT_STEP, label=_("Weekly growth"),
                                  # xgettext:no-python-format
                                  choices=((0.05, _("5 % of your baseline a week")), (0.10, _("10 % a week (usual)")),
                                           (0.20, _("20 % a week"))))
    pem = forms.BooleanField(required=False, label=_("I have ME/CFS, or I crash a day or two after doing more "
                             "(post-exertional malaise)"),
                             help_text=_("Then the plan does not grow by fixed steps (NICE NG206)."))

    def clean(self) -> dict:
        data = super().clean()
        tries = [data.get(k) for k in ("try1", "try2", "try3") if data.get(k)]
        if tries:
            data["baseline_minutes"] = pacing.tolerance_baseline(tries)
        return data


class PacingLogForm(forms.Form):
    minutes = forms.FloatField(min_value=0, max_value=600, label=_("Minutes you did today"))


class ScreenForm(StartForm):
    wake = forms.CharField(max_length=5, initial="07:00", label=_("Your fixed rise time (HH:MM)"),
                           help_text=_("The same every day, weekends too."))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        for key, question in sleep.SCREENING_QUESTIONS.items():
            self.fields[f"q_{key}"] = forms.TypedChoiceField(
                label=question, widget=forms.RadioSelect, coerce=lambda v: v == "yes",
                choices=(("no", _("No")), ("yes", _("Yes")), ("unsure", _("Not sure"))))

    def clean_wake(self) -> str:
        try:
            return sleep.format_clock(sleep.parse_clock(self.cleaned_data["wake"]))
        except ValueError as exc:
            raise forms.ValidationError(str(exc).capitalize()) from None

    def answers(self) -> dict[str, bool | None]:
        out: dict[str, bool | None] = {}
        for key in sleep.SCREENING_QUESTIONS:
            raw = self.data.get(f"q_{key}")
            out[key] = None if raw in (None, "", "unsure") else raw == "yes"
        return out


class SleepNightForm(forms.Form):
    night = forms.DateField(label=_("The night of"), widget=forms.DateInput(attrs={"type": "date"}))
    bedtime = forms.CharField(max_length=5, label=_("Into bed (HH:MM)"), initial="23:00")
    latency_min = forms.FloatField(min_value=0, max_value=720, label=_("Minutes to fall asleep"))
    waso_min = forms.FloatField(min_value=0, max_value=960, label=_("Minutes awake after first falling asleep"),
                                help_text=_("All the times you were awake, including lying awake at the end."))
    rise_time = forms.CharField(max_length=5, label=_("Out of bed (HH:MM)"), initial="07:00")
    naps_min = forms.FloatField(min_value=0, max_value=720, required=False, initial=0, label=_("Naps (minutes)"))

    def clean(self) -> dict:
        data = super().clean()
        if self.errors:
            return data
        try:
            data["parsed"] = sleep.make_night(data["night"], data["bedtime"], data["latency_min"], data["waso_min"],
                                              data["rise_time"], data.get("naps_min") or 0.0)
        except ValueError as exc:
            name, _sep, message = str(exc).partition(": ")
            self.add_error(name if name in self.fields else None, message.capitalize())
        return data


class ThoughtRecordForm(forms.Form):
    situation = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label=_("What happened?"))
    thought = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}), label=_("What went through your mind?"))
    feeling_before = forms.IntegerField(min_value=0, max_value=100, label=_("How strong was the feeling? (0-100)"))
    evidence_for = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                   label=_("What supports the thought?"))
    evidence_against = forms.CharField(max_length=2000, required=False, widget=forms.Textarea(attrs={"rows": 2}),
                                       label=_("What does not fit it?"))
    balanced = forms.CharField(max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                               label=_("A more balanced thought"))
    feeling_after = forms.IntegerField(min_value=0, max_value=100, label=_("How strong is the feeling now? (0-100)"))
    distortions = forms.MultipleChoiceField(required=False, choices=list(cbt.DISTORTIONS.items()),
                                            widget=forms.CheckboxSelectMultiple, label=_("Thinking traps (optional)"))


class FearItemForm(forms.Form):
    activity = forms.CharField(max_length=120, label=_("An activity you avoid or fear"))
    rating = forms.IntegerField(min_value=0, max_value=100, label=_("How harmful does it feel? (0-100)"))


class ExposureForm(forms.Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    before = forms.IntegerField(min_value=0, max_value=100, label=_("Before: how harmful did you expect it to be? (0-100)"))
    after = forms.IntegerField(min_value=0, max_value=100, label=_("After: how harmful does it feel now? (0-100)"))
    note = forms.CharField(max_length=500, required=False, label=_("What happened? (optional)"))


class BreathingLogForm(forms.Form):
    kind = forms.ChoiceField(choices=(("breathing", _("Breathing")), ("body-scan", _("Body scan")), ("pmr", _("Muscle relaxation"))),
                             widget=forms.HiddenInput)
    minutes = forms.FloatField(min_value=0.1, max_value=60, label=_("Minutes"))
    rate = forms.FloatField(min_value=breathing.MIN_RATE, max_value=breathing.MAX_RATE, required=False,
                            label=_("Breaths a minute"))
    rr_file = forms.FileField(required=False, label=_("RR recording of this session (optional)"),
                              help_text=_("A text file with one RR interval per line, e.g. from Elite HRV or a chest strap app."))


class GuidedLogForm(forms.Form):
    minutes = forms.FloatField(min_value=0.1, max_value=60)
