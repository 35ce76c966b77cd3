"""Same seed gives the same cohort, whatever the chunking and wherever the chunks run."""

from __future__ import annotations

import numpy as np
import pyarrow.parquet as pq

from painscope.model.cohort import run_cohort
from painscope.model.scenario import simulate

SCENARIO = {
    "profile": "fibromyalgia",
    "cohort": {"n": 300},
    "days": 12,
    "seed": 42,
    "events": [
        {"type": "stress", "start": 2, "duration": 5, "level": 0.7},
        {"type": "treatment", "name": "pregabalin", "start": 3, "dose": 300},
        {"type": "sleep_loss", "start": 6, "nights": 2, "hours": 4},
    ],
    "outputs": {"hrv": True},
}


def _pain(chunks):
    return np.concatenate([c.pain for c in chunks])


def test_same_seed_same_result_and_other_seed_differs():
    a = simulate(SCENARIO).pain
    b = simulate(SCENARIO).pain
    c = simulate({**SCENARIO, "seed": 43}).pain
    assert np.array_equal(a, b)
    assert not np.array_equal(a, c)


def test_chunked_equals_unchunked_and_parquet_streams(tmp_path):
    _, whole = run_cohort(SCENARIO, chunk_size=300, keep=True)
    out = tmp_path / "cohort.parquet"
    summary, parts = run_cohort(SCENARIO, chunk_size=77, keep=True, out=str(out))
    assert len(parts) == 4
    assert np.array_equal(_pain(whole), _pain(parts))
    table = pq.read_table(out)
    assert table.num_rows == 300 * 12
    np.testing.assert_array_equal(table.column("pain").to_numpy().reshape(300, 12), _pain(whole))
    np.testing.assert_allclose(summary.to_dict()["pain"]["mean"], _pain(whole).mean(axis=0), atol=1e-4)


def test_a_patient_is_the_same_person_in_a_smaller_cohort():
    small = simulate({**SCENARIO, "cohort": {"n": 10}}).pain
    assert np.array_equal(small, simulate(SCENARIO).pain[:10])


def test_dask_cluster_equals_single_process():
    _, local = run_cohort(SCENARIO, chunk_size=100, keep=True)
    _, dask = run_cohort(SCENARIO, chunk_size=100, keep=True, workers=1, dask_processes=False)
    assert np.array_equal(_pain(local), _pain(dask))
