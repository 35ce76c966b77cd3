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


def test_blocks_and_threads_do_not_change_the_result(monkeypatch):
    # the integrator splits a chunk into blocks run on a thread pool; every split must give
    # the same numbers as one block on one thread (injury, exercise and a treatment included,
    # so the cached and skipped terms of the loop are switched on and off)
    from painscope.model import events, slow

    evs = [*SCENARIO["events"], {"type": "injury", "start": 4, "duration": 2, "severity": 0.6},
           {"type": "exercise", "start": 1, "every": 3, "stop": 10, "dose": 1.5}]
    pat = slow.make_patients("vulnerable", n=600, seed=5, start=256)
    sch = events.build_schedule(evs, 10, 0.05)
    one = slow.integrate(pat, sch, seed=5, start=256, threads=1, record_states=True, capture={90})
    monkeypatch.setattr(slow, "INTEGRATION_BLOCK", 256)
    monkeypatch.setattr(slow, "MIN_THREAD_BLOCK", 256)
    split = slow.integrate(pat, sch, seed=5, start=256, threads=2, record_states=True, capture={90})
    assert np.array_equal(one.pain, split.pain)
    assert np.array_equal(one.hrv, split.hrv)
    for name in slow.STATES:
        assert np.array_equal(one.states[name], split.states[name])
        assert np.array_equal(one.captured[90][0][name], split.captured[90][0][name])
    assert np.array_equal(np.broadcast_to(one.captured[90][1].gain_down, (600,)), split.captured[90][1].gain_down)


def test_a_dask_worker_integrates_on_one_thread_so_cores_are_not_oversubscribed():
    from dask.distributed import Client, LocalCluster

    from painscope.model.slow import integration_threads

    with LocalCluster(n_workers=1, threads_per_worker=1, processes=False, dashboard_address=None) as cluster, Client(cluster) as client:
        assert client.submit(integration_threads, pure=False).result() == 1
