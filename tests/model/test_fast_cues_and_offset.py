"""Minutes-scale mechanisms of the laboratory fast layer (issue 11): expectation cues and
offset analgesia. Both leave protocols without them unchanged."""

from __future__ import annotations

import numpy as np

from painscope.model.registry_runs import oa_response
from painscope.model.scenario import simulate

BASE = {"profile": "healthy", "cohort": {"n": 60}, "seed": 17}
TONIC = [{"time": 30, "duration": 20, "intensity": 0.6}]


def _rating(profile="healthy", **proto):
    pr = {"stimuli": TONIC, "rating": "mean", "adjust_test_to": 6.0, **proto}
    return simulate({**BASE, "profile": profile, "protocol": pr}).ratings_true[0][0]


def test_a_relief_cue_lowers_pain_and_naloxone_removes_its_opioid_part():
    cue = [{"time": 0, "duration": 60, "strength": 1.0}]
    none, cued, blocked = _rating(), _rating(cues=cue), _rating(cues=cue, naloxone=True)
    assert cued.mean() < none.mean() - 0.2
    assert blocked.mean() > cued.mean() + 0.2
    # in people with ongoing pain the cue also shifts an expectation that is above zero: a
    # non-opioid part that naloxone leaves
    fm_none, fm_cued, fm_blocked = (_rating("fibromyalgia", **kw) for kw in ({}, {"cues": cue}, {"cues": cue, "naloxone": True}))
    assert fm_cued.mean() < fm_blocked.mean() < fm_none.mean()


def test_a_nocebo_cue_raises_pain_and_has_no_opioid_part():
    cue = [{"time": 0, "duration": 60, "strength": -1.0}]
    none, cued, nal = _rating(), _rating(cues=cue), _rating(cues=cue, naloxone=True)
    assert cued.mean() > none.mean() + 0.2
    assert np.allclose(cued, nal)


def test_a_cue_that_ended_long_before_the_stimulus_has_faded():
    early = [{"time": 0, "duration": 5, "strength": 1.0}]
    pr = {"stimuli": [{"time": 300, "duration": 20, "intensity": 0.6}], "rating": "mean", "adjust_test_to": 6.0}
    a = simulate({**BASE, "protocol": pr}).ratings_true[0][0]
    b = simulate({**BASE, "protocol": {**pr, "cues": early}}).ratings_true[0][0]
    assert np.allclose(a, b, atol=1e-3)


def test_offset_analgesia_needs_a_fall_during_ongoing_heat():
    # a 1 degC fall almost abolishes pain in healthy people, less so with weak descending inhibition
    healthy, fm = oa_response("healthy", 5).mean(), oa_response("fibromyalgia", 6).mean()
    assert healthy > 0.8 and fm < healthy - 0.15
    # steady heat: no contrast, the rating settles and stays
    pr = {"stimuli": [{"time": 0, "duration": 30, "intensity": 0.6}], "record": True}
    tr = simulate({**BASE, "protocol": pr}).traces[0]
    late = tr.pain[(tr.t >= 15) & (tr.t < 30)]
    assert np.ptp(late.mean(axis=1)) < 0.05


def test_offset_analgesia_does_not_silence_touch_after_heat_ends():
    # allodynia in a sensitised person: touch after a heat stimulus still hurts (T5's design)
    pr = {"stimuli": [{"time": 0, "duration": 8, "intensity": 0.6}, {"time": 20, "duration": 8, "touch": 0.7}],
          "rating": "mean"}
    r = simulate({"profile": "fibromyalgia", "cohort": {"n": 1, "heterogeneity": 0.0}, "seed": 501, "protocol": pr})
    assert r.ratings_true[0][1, 0] > 1.0
