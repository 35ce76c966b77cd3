"""Fuzzing the FHIR Bundle reader (``painscope import-fhir``): mutated Bundles painscope wrote,
generated JSON and random bytes → rows to store or a DiaryError naming the problem. What
reads is then checked whole by the tidy CSV reader, which must accept it or say why."""

from __future__ import annotations

import json
from datetime import date

from hypothesis import given, settings
from hypothesis import strategies as st

from painscope.diary import DiaryError, read_tidy_csv
from painscope.diary.demo import demo_diary
from painscope.diary.fhir import diary_observations, entries, read_bundle
from tests.fuzz.conftest import PROFILE
from tests.fuzz.importers import check, mutated

_FRAME = demo_diary(4, seed=5, end=date(2026, 3, 1))
REAL = json.dumps({"resourceType": "Bundle", "type": "collection",
                   "entry": entries(diary_observations("Patient/p", _FRAME))}).encode()


def _read(data: bytes) -> None:
    read = check(lambda: read_bundle(data), (DiaryError,))
    if read is not None:
        check(lambda: read_tidy_csv(read.csv_text.encode()), (DiaryError,))


def test_the_real_bundle_reads_back_to_its_diary():
    read = read_bundle(REAL)
    assert read.observations == len(_FRAME)
    assert len(read_tidy_csv(read.csv_text.encode())) == len(_FRAME)


@settings(settings.get_profile(PROFILE))
@given(mutated(REAL, max_ops=6))
def test_mutated_bundle(data):
    _read(data)


json_value = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=12), inner, max_size=4),
    max_leaves=20,
)
resource = st.fixed_dictionaries(
    {"resourceType": st.sampled_from(["Observation", "MedicationStatement", "MedicationAdministration",
                                      "QuestionnaireResponse", "Patient", ""])},
    optional={
        "code": st.fixed_dictionaries({"coding": st.lists(st.fixed_dictionaries({
            "system": st.sampled_from(["http://painscope.org/fhir/CodeSystem/diary", "http://loinc.org", "x"]),
            "code": st.sampled_from(["rating.pain", "72514-3", "region.neck", "measure.steps", "pain", ""]) | st.text(max_size=10),
        }), max_size=2)}) | json_value,
        "effectiveDateTime": st.sampled_from(["2026-03-02T08:30:00+01:00", "0001-01-01T00:00:00+14:00", "x"]) | json_value,
        "valueQuantity": st.fixed_dictionaries({"value": json_value}, optional={"unit": json_value}) | json_value,
        "valueString": json_value,
        "valueBoolean": json_value,
        "note": json_value,
        "extension": json_value,
    },
)


@settings(settings.get_profile(PROFILE))
@given(st.lists(st.fixed_dictionaries({"resource": resource}) | json_value, max_size=8))
def test_generated_entries(items):
    _read(json.dumps({"resourceType": "Bundle", "entry": items}).encode())


@settings(settings.get_profile(PROFILE))
@given(st.binary(max_size=512))
def test_random_bytes(data):
    _read(data)
