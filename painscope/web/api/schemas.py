"""Typed request and response bodies of the API (they are also the OpenAPI schema)."""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from ninja import Schema
from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field
from pydantic_core import PydanticCustomError

from painscope.diary.schema import text_problem

# Values are JSON numbers: no strings ("6"), no booleans, no NaN or Infinity.
Number = Annotated[float, Field(strict=True, allow_inf_nan=False)]
NonNegative = Annotated[float, Field(strict=True, allow_inf_nan=False, ge=0)]
Positive = Annotated[float, Field(strict=True, allow_inf_nan=False, gt=0)]
Count = Annotated[int, Field(strict=True, ge=0, le=1_000_000)]
# Pills left may be fractional (half tablets: 5 → 4.5 → 4, diary.medications.pills_after).
Supply = Annotated[NonNegative, Field(le=1_000_000)]


def _one_line(text: str) -> str:
    bad = text_problem(text)
    if bad:
        raise PydanticCustomError("text_invalid", "the text {problem}", {"problem": bad})
    return text


def _multiline(text: str) -> str:
    bad = text_problem(text, multiline=True)
    if bad:
        raise PydanticCustomError("text_invalid", "the text {problem}", {"problem": bad})
    return text


# Every text field goes through the diary's one text rule (no control characters, no lone
# surrogates; notes may hold line breaks), so the 422 names the field (issue 14).
Line = Annotated[str, AfterValidator(_one_line)]
Multiline = Annotated[str, AfterValidator(_multiline)]
# Bounded before the diary's own checks so a huge list cannot cost much work.
ShortText = Annotated[Line, Field(max_length=200)]
# JSON true/false only (pydantic would also take 1, "yes", "on").
Flag = Annotated[bool, Field(strict=True)]


def _date_text(value: object) -> object:
    # pydantic would read the number 0 as 1970-01-01 (seconds since the epoch); a date is text
    if not isinstance(value, str):
        raise ValueError("a date is text in ISO 8601 form, e.g. 2024-03-01")
    return value


IsoDate = Annotated[date, BeforeValidator(_date_text)]


class Out(BaseModel):
    """Responses are plain pydantic models: ninja's ``Schema`` wraps every object for
    Django ORM access, which costs more than the rest of a 500-entry page together."""


class Strict(Schema):
    # An unknown key is most often a typo ("pian"): say so instead of ignoring it.
    model_config = ConfigDict(extra="forbid")


class ObservationIn(Strict):
    """One tidy observation, as a row of the diary CSV (``painscope.diary``)."""

    kind: ShortText = Field(description="rating, measure, region, quality, factor, food, medication, flare, menstruation or note")
    name: ShortText = ""
    value: Number | None = None
    unit: ShortText = ""
    note: Multiline = ""


class ObservationOut(Out):
    kind: str
    name: str
    value: float | None
    unit: str
    note: str


class EntryIn(Strict):
    """A check-in: a timestamp with its UTC offset and its observations.

    Besides ``observations`` the common items can be given flat; both forms may be mixed
    and are stored as the same observations.
    """

    timestamp: Line = Field(description="ISO 8601 with UTC offset, e.g. 2024-03-01T08:30:00+01:00")
    observations: list[ObservationIn] = Field(default_factory=list, max_length=500)
    pain: Number | None = Field(None, description="0-10")
    fatigue: Number | None = None
    sleep_quality: Number | None = None
    stress: Number | None = None
    mood: Number | None = None
    brain_fog: Number | None = None
    activity: Number | None = None
    regions: list[ShortText] = Field(default_factory=list, max_length=100, description="body region codes")
    qualities: list[ShortText] = Field(default_factory=list, max_length=50)
    factors: list[ShortText] = Field(default_factory=list, max_length=100)
    foods: list[ShortText] = Field(default_factory=list, max_length=100)
    measures: dict[ShortText, Number] = Field(default_factory=dict, description='e.g. {"sleep_hours": 7.5}')
    flare: Flag | None = None
    note: Multiline | None = None


class EntryOut(Out):
    id: int
    timestamp: str
    local_date: date
    source: str
    observations: list[ObservationOut]


class EntryPage(Out):
    count: int
    limit: int
    offset: int
    items: list[EntryOut]


class MedicationIn(Strict):
    name: Line = Field(min_length=1, max_length=80)
    dose: Positive
    unit: Line = Field("mg", min_length=1, max_length=20)
    as_needed: Flag = False
    times: list[Annotated[Line, Field(max_length=20)]] = Field(default_factory=list, max_length=24, description='times of day, "HH:MM"')
    weekdays: list[Annotated[int, Field(strict=True)]] = Field(default_factory=list, max_length=7, description="ISO weekdays 1-7; empty means every day")
    timezone: Line = Field("UTC", max_length=64, description="IANA time zone of the schedule")
    start_date: IsoDate
    stop_date: IsoDate | None = None
    pills_left: Supply | None = None
    pills_per_dose: Positive = 1
    refill_threshold: Count | None = None
    notes: Multiline = Field("", max_length=5000)


class MedicationOut(Out):
    id: int
    name: str
    dose: float
    unit: str
    as_needed: bool
    times: list[str]
    weekdays: list[int]
    timezone: str
    start_date: date
    stop_date: date | None
    pills_left: float | None
    pills_per_dose: float
    refill_threshold: int | None
    notes: str


class DoseIn(Strict):
    medication: Annotated[int, Field(strict=True)] = Field(description="id of one of your medications")
    status: Literal["taken", "skipped"]
    at: Line = Field(description="when it was taken or skipped, ISO 8601 with UTC offset")
    scheduled_for: Line | None = Field(None, description="the scheduled time it answers, ISO 8601 with UTC offset")
    dose: NonNegative | None = None
    note: Multiline = Field("", max_length=5000)


class DoseOut(Out):
    id: int
    medication: int
    medication_name: str
    status: str
    at: str
    scheduled_for: str | None
    dose: float | None
    note: str


class MedicationPage(Out):
    count: int
    limit: int
    offset: int
    items: list[MedicationOut]


class DosePage(Out):
    count: int
    limit: int
    offset: int
    items: list[DoseOut]


class ImportOut(Out):
    entries_created: int
    observations_created: int
    observations_updated: int
    observations_unchanged: int
    medications_created: int = Field(description="medication plans added (a plan the person has already is reused)")
    medications_unchanged: int
    doses_created: int = Field(description="dose logs added")
    doses_unchanged: int
