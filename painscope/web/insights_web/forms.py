"""Forms of the "Did it help?" page: a change to look at, and an on/off experiment plan."""

from __future__ import annotations

from datetime import date, timedelta

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from painscope.diary.schema import MIN_YEAR, text_problem
from painscope.web.journal.models import Medication

#: Dates a person can mean: a diary starts in 1900 at the earliest (the diary's own rule,
#: painscope.diary.schema.MIN_YEAR) and a plan is made for the coming year at most. A plan
#: saved for 0001-01-01 once broke the page for good (issue 14).
EARLIEST = date(MIN_YEAR, 1, 1)
PLAN_AHEAD_DAYS = 366


def check_not_before_diaries(day: date | None) -> None:
    if day is not None and day < EARLIEST:
        raise forms.ValidationError(_("Pick a date from %(date)s on.") % {"date": f"{EARLIEST:%d %b %Y}"})

BLOCK_CHOICES = ((2, gettext_lazy("2 blocks (once on, once off)")), (4, gettext_lazy("4 blocks (on, off, on, off)")),
                 (6, gettext_lazy("6 blocks (three times each)")))


def medication_choices(medications, changes=()) -> list[tuple[str, str]]:
    """'<pk>:start' / '<pk>:stop' choices for the person's own medications only, and
    '<pk>:change:<event pk>' for each change of a medication's plan (its dose or schedule,
    kept in the plan history, painscope.web.journal.med_use)."""
    out = [("", _("— none, I'll type a date —"))]
    by_med: dict[int, list] = {}
    for event in changes:
        by_med.setdefault(event.medication_id, []).append(event)
    for med in medications:
        out.append((f"{med.pk}:start", _("%(name)s: started %(date)s") % {"name": med.name, "date": f"{med.start_date:%d %b %Y}"}))
        for event in sorted(by_med.get(med.pk, []), key=lambda e: e.effective):
            out.append((f"{med.pk}:change:{event.pk}", _("%(name)s: plan changed %(date)s") % {
                "name": med.name, "date": f"{event.effective:%d %b %Y}"}))
        if med.stop_date:
            out.append((f"{med.pk}:stop", _("%(name)s: stopped %(date)s") % {"name": med.name, "date": f"{med.stop_date:%d %b %Y}"}))
    return out


class ChangeForm(forms.Form):
    """Pick the date of a change, or the start/stop of one of the person's medications."""

    at = forms.DateField(
        required=False, label=gettext_lazy("Date of the change"), validators=[check_not_before_diaries],
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy("The day you started, stopped or changed something."),
    )
    medication = forms.ChoiceField(
        required=False, label=gettext_lazy("Or pick a medication start, change or stop"),
        help_text=gettext_lazy("From your medications list."),
    )

    def __init__(self, *args, medications=(), changes=(), today: date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or date.today()
        self._meds = {m.pk: m for m in medications}
        self._changes = {e.pk: e for e in changes if e.medication_id in self._meds}
        self.fields["medication"].choices = medication_choices(medications, self._changes.values())
        self.fields["at"].error_messages["invalid"] = _("Enter a date such as 2025-03-01.")

    def clean(self) -> dict:
        data = super().clean()
        at, choice = data.get("at"), data.get("medication")
        if "at" in self.errors or "medication" in self.errors:
            return data
        if choice and choice.count(":") == 2:
            pk, _which, event_pk = choice.split(":")
            event = self._changes[int(event_pk)]
            data["change_date"] = event.effective
            data["change_label"] = _("the new plan of %(name)s") % {"name": self._meds[int(pk)].name}
        elif choice:
            pk, which = choice.split(":", 1)
            med = self._meds[int(pk)]
            data["change_date"] = med.start_date if which == "start" else med.stop_date
            data["change_label"] = (
                _("%(name)s started") if which == "start" else _("%(name)s stopped")
            ) % {"name": med.name}
        elif at:
            data["change_date"] = at
            data["change_label"] = _("the change on %(date)s") % {"date": f"{at:%d %b %Y}"}
        else:
            self.add_error("at", _("Pick the date of the change, or a medication start or stop below."))
            return data
        if data["change_date"] > self.today:
            field = "medication" if choice else "at"
            self.add_error(
                field,
                _("%(date)s is in the future; there is no 'after' yet.") % {"date": f"{data['change_date']:%d %b %Y}"},
            )
        return data


class ExperimentForm(forms.Form):
    """An ABAB plan: what to try, how long each block is, how many blocks, from when."""

    what = forms.CharField(
        max_length=120, label=gettext_lazy("What do you want to try?"),
        help_text=gettext_lazy("For example: no coffee after noon; a 20-minute walk; magnesium at night."),
    )
    start_date = forms.DateField(label=gettext_lazy("Start date"), widget=forms.DateInput(attrs={"type": "date"}),
                                 validators=[check_not_before_diaries])
    block_days = forms.IntegerField(
        min_value=3, max_value=90, initial=14, label=gettext_lazy("Days in each block"),
        help_text=gettext_lazy("Two weeks is a good start: long enough for a change to act, short enough to finish."),
    )
    blocks = forms.TypedChoiceField(coerce=int, choices=BLOCK_CHOICES, initial=4, label=gettext_lazy("Number of blocks"))
    randomize = forms.BooleanField(
        required=False, label=gettext_lazy("Let painscope draw the order inside each pair (on/off or off/on)"),
    )

    def __init__(self, *args, today: date | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.today = today or date.today()
        self.fields["start_date"].error_messages["invalid"] = _("Enter a date such as 2025-03-01.")

    def clean_start_date(self) -> date:
        start = self.cleaned_data["start_date"]
        if start > self.today + timedelta(days=PLAN_AHEAD_DAYS):
            raise forms.ValidationError(_("Pick a start date within the coming year."))
        return start

    def clean_what(self) -> str:
        text = " ".join(self.cleaned_data["what"].split())
        bad = text_problem(text)
        if bad:
            raise forms.ValidationError(_("This text %(problem)s.") % {"problem": bad})
        if not text:
            raise forms.ValidationError(_("Say in a few words what you will do in the ON blocks."))
        return text


def own_medications(user) -> list[Medication]:
    """The person's medications, through the journal's ownership helper."""
    from painscope.web.journal.services import medications_for_user

    return list(medications_for_user(user).order_by("name", "pk"))
