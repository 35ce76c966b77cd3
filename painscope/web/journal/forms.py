"""Forms of the journal: the check-in and the medication.

The check-in is parsed by hand rather than by a Django ``Form`` because its items are
open-ended (regions, qualities, the person's own factors). Every observation it produces
is validated by :func:`painscope.diary.check_observation`, the same rules as CSV imports
and the API; a problem is reported next to the field it came from and nothing is saved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta, tzinfo
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from painscope import diary
from painscope.diary.schema import MEASURES, QUALITIES, RATINGS, text_problem
from painscope.web.accounts.zone import local_instant
from painscope.web.journal.labels import label as diary_label

EXTRA_RATINGS: tuple[str, ...] = tuple(n for n in RATINGS if n != "pain")
RATING_HINTS: dict[str, tuple[str, str]] = {
    "pain": (gettext_lazy("0 no pain"), gettext_lazy("10 worst pain imaginable")),
    "fatigue": (gettext_lazy("0 none"), gettext_lazy("10 exhausted")),
    "sleep_quality": (gettext_lazy("0 very poor"), gettext_lazy("10 very good")),
    "stress": (gettext_lazy("0 none"), gettext_lazy("10 extreme")),
    "mood": (gettext_lazy("0 very low"), gettext_lazy("10 very good")),
    "brain_fog": (gettext_lazy("0 clear"), gettext_lazy("10 very foggy")),
    "activity": (gettext_lazy("0 resting all day"), gettext_lazy("10 very active")),
}
MENSTRUATION_LEVELS: tuple[tuple[str, str], ...] = (("0", gettext_lazy("None")), ("1", gettext_lazy("Light")), ("2", gettext_lazy("Medium")), ("3", gettext_lazy("Heavy")))
FACTOR_KINDS: tuple[tuple[str, str], ...] = (("factor", gettext_lazy("Factor or event")), ("food", gettext_lazy("Food or drink")))
NEW_FACTOR_ROWS = 3
MAX_TRACKED = 40
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


def slug(text: str) -> str:
    """A person's free text as a diary name: lower case, words joined by ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", text.strip().lower()).strip("_")


def zone_or_none(name: str) -> tzinfo | None:
    try:
        return ZoneInfo(name) if name else None
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass
class CheckinForm:
    """Parse and validate a posted check-in.

    ``values`` keeps what was typed (to show it again), ``errors`` maps a field name to
    its messages, and after :meth:`is_valid` ``entry`` is the validated diary entry.
    """

    data: QueryDict | None
    profile_zone: tzinfo
    tracked: list[dict]
    original: diary.Entry | None = None
    now: datetime | None = None
    errors: dict[str, list[str]] = field(default_factory=dict)
    values: dict = field(default_factory=dict)
    entry: diary.Entry | None = None
    new_tracked: list[dict] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.values = self._initial() if self.data is None else self._posted()

    # -- what the template shows ------------------------------------------------------------

    def _blank(self) -> dict:
        return {
            "when": "", "tz_name": "", "tz_offset": "", "pain": "",
            "ratings": dict.fromkeys(EXTRA_RATINGS, ""), "sleep_hours": "", "steps": "",
            "regions": set(), "qualities": set(), "quality_other": "", "tracked": set(),
            "new_factors": [], "flare": False, "menstruation": "", "note": "",
        }

    def _initial(self) -> dict:
        values = self._blank()
        entry = self.original
        if entry is not None:
            values["when"] = entry.utc.astimezone(self.profile_zone).strftime(LOCAL_FORMAT)
            tracked_keys = {(t["kind"], t["name"]) for t in self.tracked}
            for o in entry.observations:
                if o.kind == "rating" and o.name == "pain":
                    values["pain"] = diary.format_value(o.value)
                elif o.kind == "rating" and o.name in values["ratings"]:
                    values["ratings"][o.name] = diary.format_value(o.value)
                elif o.kind == "measure" and o.name in ("sleep_hours", "steps"):
                    values[o.name] = diary.format_value(o.value)
                elif o.kind == "region" and o.value == 1:
                    values["regions"].add(o.name)
                elif o.kind == "quality":
                    if o.name in QUALITIES:
                        values["qualities"].add(o.name)
                    else:
                        values["quality_other"] = ", ".join(filter(None, [values["quality_other"], o.name.replace("_", " ")]))
                elif o.kind in ("factor", "food"):
                    if (o.kind, o.name) in tracked_keys and o.value == 1:
                        values["tracked"].add(f"{o.kind}:{o.name}")
                    else:
                        values["new_factors"].append({"name": o.name, "value": "" if o.value == 1 else diary.format_value(o.value), "kind": o.kind})
                elif o.kind == "flare":
                    values["flare"] = o.value == 1
                elif o.kind == "menstruation":
                    values["menstruation"] = diary.format_value(o.value)
                elif o.kind == "note":
                    values["note"] = o.note
        values["new_factors"] += [{"name": "", "value": "", "kind": "factor"}] * max(0, NEW_FACTOR_ROWS - len(values["new_factors"]))
        return values

    def _posted(self) -> dict:
        d = self.data
        assert d is not None
        values = self._blank()
        for key in ("when", "tz_name", "tz_offset", "pain", "sleep_hours", "steps", "quality_other", "menstruation", "note"):
            values[key] = d.get(key, "")
        # A textarea's line breaks arrive as CR LF (HTML's newline normalisation); the diary
        # stores LF, and any other CR is a control character the text rule refuses.
        values["note"] = values["note"].replace("\r\n", "\n")
        values["ratings"] = {n: d.get(n, "") for n in EXTRA_RATINGS}
        values["regions"] = set(d.getlist("region"))
        values["qualities"] = set(d.getlist("quality"))
        values["tracked"] = set(d.getlist("tracked"))
        values["flare"] = d.get("flare") in ("1", "on", "yes")
        rows = []
        i = 0
        while f"new_name_{i}" in d and i < 50:
            rows.append({"name": d.get(f"new_name_{i}", ""), "value": d.get(f"new_value_{i}", ""), "kind": d.get(f"new_kind_{i}", "factor")})
            i += 1
        rows += [{"name": "", "value": "", "kind": "factor"}] * max(0, NEW_FACTOR_ROWS - len(rows))
        values["new_factors"] = rows
        return values

    # -- validation -------------------------------------------------------------------------

    def add_error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def _check(self, field_name: str, label: str, kind: str, name: str, value: str = "", unit: str = "", note: str = "") -> diary.Observation | None:
        obs, problems = diary.check_observation(kind, name, value, unit, note)
        for _column, message in problems:
            self.add_error(field_name, _("%(label)s: %(message)s") % {"label": label, "message": message})
        return None if problems else obs

    def is_valid(self) -> bool:
        if self.data is None:
            return False
        v = self.values
        observations: list[diary.Observation | None] = []
        utc, offset = self._moment()
        if v["pain"].strip():
            observations.append(self._check("pain", _("Pain"), "rating", "pain", v["pain"]))
        for name, text in v["ratings"].items():
            if text.strip():
                observations.append(self._check(name, diary_label(RATINGS[name]), "rating", name, text))
        for name in ("sleep_hours", "steps"):
            if v[name].strip():
                observations.append(self._check(name, diary_label(MEASURES[name].label), "measure", name, v[name], MEASURES[name].unit))
        for code in sorted(v["regions"]):
            observations.append(self._check("region", _("Body area"), "region", code))
        qualities = set(v["qualities"])
        for text in v["quality_other"].split(","):
            if text.strip():
                name = slug(text)
                if not name or not name[0].isalpha():
                    self.add_error("quality_other", _("Other quality: '%(text)s' needs to start with a letter") % {"text": text.strip()})
                    continue
                qualities.add(name)
        for name in sorted(qualities):
            field_name = "quality" if name in QUALITIES else "quality_other"
            observations.append(self._check(field_name, _("Pain quality"), "quality", name))
        seen: set[tuple[str, str]] = set()
        for key in sorted(v["tracked"]):
            kind, _sep, name = key.partition(":")
            if kind not in ("factor", "food"):
                self.add_error("tracked", _("Factors: unknown choice '%(key)s'") % {"key": key})
                continue
            seen.add((kind, name))
            observations.append(self._check("tracked", _("Factors"), kind, name))
        for i, row in enumerate(v["new_factors"]):
            name = row["name"].strip()
            if not name and not row["value"].strip():
                continue
            kind = row["kind"] if row["kind"] in ("factor", "food") else "factor"
            if not name:
                self.add_error(f"new_name_{i}", _("Factor name: give the factor a name (for example 'coffee')"))
                continue
            if (kind, name) in seen:
                continue  # the same factor chosen as a chip and typed again
            seen.add((kind, name))
            obs, problems = diary.check_observation(kind, name, row["value"], "", "")
            for column, message in problems:
                target = f"new_value_{i}" if column == "value" else f"new_name_{i}"
                what = _("Amount") if column == "value" else _("Factor name")
                self.add_error(target, _("%(label)s: %(message)s") % {"label": what, "message": message})
            if not problems:
                observations.append(obs)
                self.new_tracked.append({"kind": kind, "name": name})
        if v["flare"]:
            observations.append(self._check("flare", _("Flare"), "flare", "flare", "1"))
        if v["menstruation"].strip():
            observations.append(self._check("menstruation", _("Period"), "menstruation", "menstruation", v["menstruation"]))
        if v["note"].strip():
            observations.append(self._check("note", _("Note"), "note", "note", "", "", v["note"].strip()))
        observations += self.kept()
        if not self.errors and not observations:
            self.add_error("__all__", _("There's nothing to save yet — choose at least one answer (a pain number is enough)."))
        if self.errors or utc is None:
            return False
        self.entry = diary.Entry(utc, offset, [o for o in observations if o is not None])
        return True

    def kept(self) -> list[diary.Observation]:
        """Observations of the entry being changed that this form doesn't show (a heart rate
        from a wearable, a medication row, a region marked "no"): kept as they are."""
        if self.original is None:
            return []
        chosen_regions = self.values["regions"]
        out = []
        for o in self.original.observations:
            shown = (
                o.kind in ("rating", "quality", "factor", "food", "flare", "menstruation", "note")
                or (o.kind == "measure" and o.name in ("sleep_hours", "steps"))
                or (o.kind == "region" and (o.value == 1 or o.name in chosen_regions))
            )
            if not shown:
                out.append(o)
        return out

    def _moment(self) -> tuple[datetime | None, int]:
        """The check-in's instant and UTC offset: now, or the typed time.

        A typed time is read in the account's zone (``profile_zone``, issue 16), never the
        phone's: ``tz_name``/``tz_offset`` only travel with the form. The stored offset is
        the account zone's at that instant, so exports say the time the person saw. Clock
        changes follow :func:`painscope.web.accounts.zone.local_instant`.
        """
        text = self.values["when"].strip()
        original = self.original
        zone = self.profile_zone
        unchanged = original is not None and (not text or text == original.utc.astimezone(zone).strftime(LOCAL_FORMAT))
        if unchanged:
            return original.utc, original.offset_minutes
        if not text:
            # Whole seconds keep the tidy CSV timestamps plain.
            now = (self.now or datetime.now(UTC)).replace(microsecond=0)
            offset = now.astimezone(zone).utcoffset() or timedelta(0)
            return now, int(offset.total_seconds() // 60)
        try:
            naive = datetime.strptime(text[:16], LOCAL_FORMAT)
        except ValueError:
            self.add_error("when", _("Time: '%(text)s' is not a date and time such as 2024-03-01T08:30") % {"text": text})
            return None, 0
        try:
            aware = local_instant(naive, zone)
            utc, offset = diary.parse_timestamp(aware.isoformat(), now=self.now)
        except ValueError as exc:
            self.add_error("when", _("Time: %(problem)s") % {"problem": exc})
            return None, 0
        return utc, offset


# -- medications ------------------------------------------------------------------------------

WEEKDAYS: tuple[tuple[int, str], ...] = (
    (1, gettext_lazy("Monday")), (2, gettext_lazy("Tuesday")), (3, gettext_lazy("Wednesday")), (4, gettext_lazy("Thursday")), (5, gettext_lazy("Friday")), (6, gettext_lazy("Saturday")), (7, gettext_lazy("Sunday")),
)
_TIME = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def one_line_text(value: str) -> None:
    """Django validator: the diary's one text rule for single-line fields (issue 14)."""
    bad = text_problem(value)
    if bad:
        raise forms.ValidationError(_("This text %(problem)s.") % {"problem": bad})


class MedicationForm(forms.Form):
    name = forms.CharField(max_length=80, label=gettext_lazy("Name"), validators=[one_line_text])
    dose = forms.FloatField(min_value=0, label=gettext_lazy("Dose per intake"), help_text=gettext_lazy("For example 60 (with the unit below)."))
    unit = forms.CharField(max_length=20, initial="mg", label=gettext_lazy("Unit"), help_text=gettext_lazy("mg, ml, tablets, puffs …"),
                           validators=[one_line_text])
    as_needed = forms.BooleanField(required=False, label=gettext_lazy("Taken only as needed (no schedule)"))
    times = forms.CharField(
        required=False, label=gettext_lazy("Times of day"), help_text=gettext_lazy("24-hour times separated by commas, for example 08:00, 20:00."),
    )
    weekdays = forms.TypedMultipleChoiceField(
        required=False, coerce=int, choices=WEEKDAYS, widget=forms.CheckboxSelectMultiple,
        label=gettext_lazy("On these days"), help_text=gettext_lazy("Leave all unticked for every day."),
    )
    start_date = forms.DateField(label=gettext_lazy("Start date"), widget=forms.DateInput(attrs={"type": "date"}))
    stop_date = forms.DateField(required=False, label=gettext_lazy("Stop date (optional)"), widget=forms.DateInput(attrs={"type": "date"}))
    pills_left = forms.FloatField(
        required=False, min_value=0, max_value=1_000_000, label=gettext_lazy("Pills (or doses) left (optional)"),
        widget=forms.NumberInput(attrs={"step": "any"}),
    )
    pills_per_dose = forms.FloatField(min_value=0, initial=1, label=gettext_lazy("Pills per intake"))
    refill_threshold = forms.IntegerField(
        required=False, min_value=0, label=gettext_lazy("Warn me when this many are left (optional)"),
    )
    pack_size = forms.FloatField(
        required=False, min_value=0.5, max_value=10_000, label=gettext_lazy("Pills (or doses) in a new pack (optional)"),
        help_text=gettext_lazy("What one tap on “Refilled” adds."), widget=forms.NumberInput(attrs={"step": "any"}),
    )
    notes = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}), label=gettext_lazy("Notes (optional)"))
    change_from = forms.DateField(
        required=False, label=gettext_lazy("If you changed the dose, the pills per intake or the times: from which day?"),
        help_text=gettext_lazy("The old plan is kept in the history. Leave empty for today."),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_notes(self) -> str:
        notes = self.cleaned_data["notes"].replace("\r\n", "\n")  # a textarea sends CR LF
        bad = text_problem(notes, multiline=True)
        if bad:
            raise forms.ValidationError(_("This text %(problem)s.") % {"problem": bad})
        return notes

    def clean_times(self) -> list[str]:
        raw = [t.strip() for t in self.cleaned_data["times"].replace(";", ",").split(",") if t.strip()]
        times = []
        for text in raw:
            match = _TIME.match(text)
            if not match:
                raise forms.ValidationError(_("'%(text)s' is not a time such as 08:00") % {"text": text})
            times.append(f"{int(match.group(1)):02d}:{match.group(2)}")
        return sorted(set(times))

    def clean(self) -> dict:
        data = super().clean()
        if not data.get("as_needed") and "times" in data and not data["times"]:
            self.add_error("times", _("Add at least one time, or tick 'Taken only as needed'."))
        start, stop = data.get("start_date"), data.get("stop_date")
        if isinstance(start, date) and isinstance(stop, date) and stop < start:
            self.add_error("stop_date", _("The stop date is before the start date."))
        return data
