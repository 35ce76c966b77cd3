"""Fuzzing the text importers: RR files, Polar Sensor Logger, Elite HRV, WHOOP, Oura, Fitbit,
daily-measures CSV — mutated real fixture files and random bytes (see ``importers.py``)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from tests.fuzz.conftest import PROFILE
from tests.fuzz.importers import FIXTURES, beat_analysis, in_file, mutated, wearable_import

POLAR = "Polar_H10_A1B2C3D4_20240301_070211_RR.txt"
ELITE = "2024-03-02 06-55-40.txt"
FITBIT = FIXTURES / "fitbit_takeout" / "Takeout" / "Fitbit"


def _bytes(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


@settings(settings.get_profile(PROFILE))
@given(mutated(_bytes("rr_seconds.txt")))
def test_rr_text(data):
    in_file(data, "rr.txt", lambda p: beat_analysis(p, "rr"))
    in_file(data, "rr.txt", lambda p: wearable_import(p, "rr"))


@settings(settings.get_profile(PROFILE))
@given(
    st.lists(
        st.one_of(
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
            st.integers(-5, 300_000).map(str),
            st.sampled_from(["# unit: s", "# unit: ms", "RR", "", "0,8", "1e3"]),
        ),
        max_size=400,
    ).map(lambda lines: "\n".join(lines).encode())
)
def test_rr_text_from_numbers(data):
    in_file(data, "rr.txt", lambda p: beat_analysis(p, "rr"))


@settings(settings.get_profile(PROFILE))
@given(mutated(_bytes(POLAR)))
def test_polar(data):
    in_file(data, POLAR, lambda p: beat_analysis(p, "polar"))
    in_file(data, POLAR, lambda p: wearable_import(p, "polar"))


@settings(settings.get_profile(PROFILE))
@given(mutated(_bytes(ELITE)))
def test_elite_hrv(data):
    in_file(data, ELITE, lambda p: beat_analysis(p, "elitehrv"))
    in_file(data, ELITE, lambda p: wearable_import(p, "elitehrv"))


@settings(settings.get_profile(PROFILE))
@given(mutated(_bytes("physiological_cycles.csv")))
def test_whoop(data):
    in_file(data, "physiological_cycles.csv", lambda p: wearable_import(p, "whoop"))


@settings(settings.get_profile(PROFILE))
@given(mutated(_bytes("oura_sleep.json")))
def test_oura(data):
    in_file(data, "oura_sleep.json", lambda p: wearable_import(p, "oura"))


@settings(settings.get_profile(PROFILE))
@given(mutated(_bytes("daily_metrics.csv")))
def test_daily_csv(data):
    in_file(data, "daily_metrics.csv", lambda p: wearable_import(p, "daily-csv"))


FITBIT_FILES = sorted(p for p in FITBIT.rglob("*") if p.is_file())


@settings(settings.get_profile(PROFILE))
@given(st.sampled_from(FITBIT_FILES).flatmap(lambda f: st.tuples(st.just(f.name), mutated(f.read_bytes()))))
def test_fitbit_single_files(name_and_data):
    name, data = name_and_data
    in_file(data, name, lambda p: wearable_import(p, "fitbit"))
    in_file(data, name, lambda p: wearable_import(p, "auto"))
