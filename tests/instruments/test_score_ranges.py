"""Random complete answer sets always score inside each instrument's published range."""

from __future__ import annotations

import random

import pytest

from painscope.instruments import get_instrument, score

#: Published total ranges (INSTRUMENTS.md §1 and the instrument sections).
RANGES = {
    "phq9": (0, 27),
    "gad7": (0, 21),
    "peg": (0, 10),
    "acr-fm-survey": (0, 31),
    "csi": (0, 100),
    "fiqr": (0, 100),
    "pcs": (0, 52),
    "tsk11": (11, 44),
    "tsk17": (17, 68),
    "pseq": (0, 60),
    "isi": (0, 28),
    "psqi": (0, 21),
    "bpisf": (0, 10),
    "promis-pi-6a": (6, 30),
    "promis-fatigue-6a": (6, 30),
    "promis-sd-6a": (6, 30),
    "npqr": (0, 12),
    "fss": (1, 7),
    "paindetect": (-1, 38),
    "dn4": (0, 10),
    "startback": (0, 9),
    "ompsq-sf": (1, 100),
}


def random_answers(iid: str, rng: random.Random) -> dict:
    out = {}
    for it in get_instrument(iid).structure.items:
        if it.type == "integer":
            out[it.link_id] = rng.randint(int(it.minimum), int(it.maximum))
        elif it.type == "decimal":
            out[it.link_id] = round(rng.uniform(it.minimum, min(it.maximum, 24)), 1)
        elif it.type == "choice":
            out[it.link_id] = rng.choice(it.options).code
        elif it.type == "boolean":
            out[it.link_id] = rng.random() < 0.5
        elif it.type == "time":
            out[it.link_id] = f"{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}"
        else:
            out[it.link_id] = "free text"
    return out


@pytest.mark.parametrize("iid", sorted(RANGES))
def test_random_complete_answers_stay_in_range(iid):
    rng = random.Random(f"painscope-{iid}")
    lo, hi = RANGES[iid]
    for _ in range(200):
        answers = random_answers(iid, rng)
        if iid == "psqi" and answers["psqi-1"] == answers["psqi-3"]:
            continue  # zero time in bed has no efficiency (tested elsewhere)
        r = score(iid, answers)
        assert lo <= r.total <= hi, (answers, r.total)


def test_every_registered_instrument_has_a_range():
    from painscope.instruments import instrument_ids

    assert set(instrument_ids()) == set(RANGES)


def test_screened_sum_result_orders_flags_safety_first():
    """The shared PHQ-9 / GAD-7 / CSI result block: safety, then cut-off, then prorating."""
    from painscope.instruments.scoring import phq9

    answers = {f"phq9-{i}": 2 for i in range(1, 9)} | {"phq9-9": 1, "phq9-3": None}
    r = score("phq9", answers)
    assert [f.code for f in r.flags] == ["safety-phq9-item9", "screen-positive", "prorated"]
    assert r.total == round(15 / 8 * 9) and r.band == "moderately_severe"
    assert r.flags[1] is phq9.SCREEN_FLAG
