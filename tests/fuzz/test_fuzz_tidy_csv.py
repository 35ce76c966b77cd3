"""Fuzzing the tidy diary CSV reader (every diary import: web upload, ``painscope import``,
the API): mutated real files, generated rows, random bytes → a frame or a DiaryError.
A file that reads must also survive the round trip: export → import → export is identical."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from painscope.diary import DiaryError, read_tidy_csv, write_tidy_csv
from painscope.diary.demo import demo_diary
from tests.fuzz.conftest import PROFILE
from tests.fuzz.importers import check, mutated

REAL = write_tidy_csv(demo_diary(6, seed=3)).encode()
KINDS = ["rating", "measure", "region", "quality", "factor", "food", "medication", "flare", "menstruation", "note", "x"]


def _read_and_round_trip(data: bytes) -> None:
    frame = check(lambda: read_tidy_csv(data), (DiaryError,))
    if frame is not None:
        first = write_tidy_csv(frame)
        assert write_tidy_csv(read_tidy_csv(first.encode())) == first


@settings(settings.get_profile(PROFILE))
@given(mutated(REAL, max_ops=6))
def test_mutated_real_diary(data):
    _read_and_round_trip(data)


cell = st.text(max_size=12) | st.sampled_from(["", "=1+1", "'=x", "-", "@a", '"', "\n", "1e309", "nan"])
row = st.tuples(
    st.sampled_from(
        ["2024-03-01T08:30:00+01:00", "2024-03-01T08:30:00Z", "0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", "2024-02-30T00:00:00+00:00", ""]
    )
    | st.text(max_size=30),
    st.sampled_from(KINDS),
    st.sampled_from(["pain", "steps", "neck", "coffee", "note", "flare", "ibuprofen"]) | cell,
    st.sampled_from(["1", "0", "5.5", "-3", "", "200001"]) | cell,
    cell,
    cell,
)


@settings(settings.get_profile(PROFILE))
@given(st.lists(row, max_size=20))
def test_generated_rows(rows):
    import csv
    import io

    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(["timestamp", "kind", "name", "value", "unit", "note"])
    writer.writerows(rows)
    _read_and_round_trip(buffer.getvalue().encode())


@settings(settings.get_profile(PROFILE))
@given(st.binary(max_size=1024).map(lambda b: b"timestamp,kind,name,value,unit,note\n" + b) | st.binary(max_size=256))
def test_random_bytes(data):
    _read_and_round_trip(data)
