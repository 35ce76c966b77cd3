"""Properties over random valid scenarios: states stay in range and nothing is NaN."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from painscope.model.parameters import profile_names, treatment_spec
from painscope.model.scenario import simulate
from painscope.model.slow import RANGES

DAYS = 8

events = st.one_of(
    st.fixed_dictionaries({"type": st.just("injury"), "start": st.floats(0, DAYS), "duration": st.floats(0, 5),
                           "severity": st.floats(0, 1)}),
    st.fixed_dictionaries({"type": st.just("stimulation"), "start": st.floats(0, DAYS), "duration": st.floats(0, 1),
                           "intensity": st.floats(0, 1)}),
    st.fixed_dictionaries({"type": st.just("stress"), "start": st.floats(0, DAYS), "duration": st.floats(0, 10),
                           "level": st.floats(0, 1)}),
    st.fixed_dictionaries({"type": st.just("sleep_loss"), "start": st.integers(0, DAYS), "nights": st.integers(1, 3),
                           "hours": st.floats(0, 12)}),
    st.fixed_dictionaries({"type": st.just("exercise"), "start": st.floats(0, DAYS), "dose": st.floats(0, 5),
                           "kind": st.sampled_from(["aerobic", "isometric", "walking"])}),
    st.fixed_dictionaries({"type": st.just("treatment"), "name": st.sampled_from(sorted(treatment_spec())),
                           "start": st.floats(0, DAYS), "dose": st.floats(0, 2000)}),
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    profile=st.sampled_from(profile_names()),
    evs=st.lists(events, max_size=4),
    heterogeneity=st.floats(0, 3),
    seed=st.integers(0, 2**31),
)
def test_any_valid_scenario_gives_finite_pain_and_states_in_range(profile, evs, heterogeneity, seed):
    res = simulate({"profile": profile, "cohort": {"n": 6, "heterogeneity": heterogeneity}, "days": DAYS,
                    "seed": seed, "events": evs, "outputs": {"states": True, "hrv": True}})
    assert np.all(np.isfinite(res.pain)) and np.all(np.isfinite(res.hrv))
    assert res.pain.min() >= 0.0 and res.pain.max() <= 10.0
    for name, (lo, hi) in RANGES.items():
        values = res.states[name]
        assert np.all(np.isfinite(values)), name
        assert values.min() >= lo - 1e-6 and values.max() <= hi + 1e-6, name


@settings(max_examples=10, deadline=None)
@given(intensity=st.floats(0, 1), touch=st.floats(0, 1), profile=st.sampled_from(profile_names()))
def test_any_protocol_gives_ratings_between_0_and_10(intensity, touch, profile):
    res = simulate({"profile": profile, "cohort": {"n": 3}, "seed": 1,
                    "protocol": {"stimuli": [{"time": 0, "duration": 3, "intensity": intensity, "touch": touch}]}})
    r = res.ratings[0]
    assert np.all(np.isfinite(r)) and r.min() >= 0 and r.max() <= 10
