"""The fast layer's ODE and its closed-form steady state agree (daily pain uses the latter)."""

from __future__ import annotations

import numpy as np

from painscope.model import fast
from painscope.model.parameters import base_values


def test_ode_settles_on_the_closed_form_steady_state():
    p = base_values()
    state = {"S": np.array([0.0, 0.5, 1.5]), "M": 0.2, "Sigma": 0.1, "D": np.array([0.8, 0.6, 0.4]), "A": 0.3}
    stim = [fast.Stimulus(time=0.0, duration=60.0, intensity=0.6, touch=0.2)]
    res = fast.simulate_protocol(p, stim, state=state, duration=60.0, dt=0.005, n=3)
    _, pain_ss = fast.steady_state(p, 0.6, 0.2, spontaneous=0.0, circ=fast.circadian_factor(p, 12.0), **state)
    np.testing.assert_allclose(res.pain[-1], pain_ss, atol=0.05)


def test_sensitisation_raises_pain_to_the_same_heat():
    p = base_values()
    _, calm = fast.steady_state(p, 0.6, 0.0, S=0.0, spontaneous=0.0)
    _, sensitised = fast.steady_state(p, 0.6, 0.0, S=1.0, spontaneous=0.0)
    assert sensitised > calm + 1.0


def test_pain60_adjustment_hits_its_target():
    p = base_values()
    s = fast.adjust_intensity(p, 6.0, S=np.array([0.0, 1.0]), D=np.array([0.8, 0.5]))
    _, pain = fast.steady_state(p, s, 0.0, S=np.array([0.0, 1.0]), D=np.array([0.8, 0.5]), spontaneous=0.0,
                                circ=fast.circadian_factor(p, 12.0))
    np.testing.assert_allclose(pain, 6.0, atol=0.01)
    assert s[1] < s[0]  # a sensitised person needs a milder stimulus for the same pain


def test_circadian_gain_peaks_at_night_and_dips_in_the_afternoon():
    p = base_values()
    hours = np.arange(0, 24, 0.5)
    f = fast.circadian_factor(p, hours)
    assert 2.0 <= hours[np.argmax(f)] <= 5.0
    assert 14.0 <= hours[np.argmin(f)] <= 17.0
