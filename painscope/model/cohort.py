"""Cohort engine: chunked, memory-bounded, deterministic, on one core or on Dask.

A cohort is split into chunks of consecutive patients; each chunk is simulated by the
same pure function, :func:`painscope.model.scenario.run_chunk`, whose random numbers come
from per-patient streams (:mod:`painscope.model.rng`), so results do not depend on the
chunk size or on where a chunk runs. Chunks are consumed in patient order: their daily
pain is folded into running per-day sums and histograms (for the cohort mean and
quantiles) and, if asked, written to Parquet as one row group per chunk, then dropped -
memory stays bounded by one chunk (plus the few in flight on Dask).

``workers=N`` starts a ``dask.distributed.LocalCluster``; ``scheduler=ADDRESS`` connects to
a running one. Dask is imported lazily (optional extra ``scale``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from painscope.model.scenario import ChunkResult, run_chunk, validate_scenario
from painscope.model.slow import STATES

#: Histogram resolution for cohort quantiles of daily pain (0-10 in steps of 0.01).
HIST_BINS = 1000
QUANTILES = (0.05, 0.25, 0.5, 0.75, 0.95)
#: Patients per chunk: two integration blocks of ~25k, one per core (see ``slow.MIN_THREAD_BLOCK``);
#: about 220 MB of yearly output per chunk.
DEFAULT_CHUNK = 50_000


def chunk_ranges(n: int, chunk_size: int) -> list[tuple[int, int]]:
    """Consecutive ``(start, stop)`` patient ranges covering ``0..n-1``."""
    if chunk_size < 1:
        raise ValueError("chunk size must be at least 1")
    return [(s, min(s + chunk_size, n)) for s in range(0, n, chunk_size)]


@dataclass
class CohortSummary:
    """Per-day cohort figures accumulated chunk by chunk."""

    n: int
    days: int
    pain_sum: np.ndarray
    hist: np.ndarray
    hrv_sum: np.ndarray | None = None
    state_sums: dict[str, np.ndarray] = field(default_factory=dict)
    probe_sums: list[np.ndarray] = field(default_factory=list)
    chunks: int = 0

    def add(self, res: ChunkResult) -> None:
        if res.pain is not None:
            self.pain_sum += res.pain.sum(axis=0, dtype=np.float64)
            idx = np.clip((res.pain * (HIST_BINS / 10.0)).astype(np.int64), 0, HIST_BINS - 1)
            for d in range(self.days):
                self.hist[d] += np.bincount(idx[:, d], minlength=HIST_BINS)
            if self.hrv_sum is not None:
                self.hrv_sum += res.hrv.sum(axis=0, dtype=np.float64)
            for k, v in res.states.items():
                self.state_sums.setdefault(k, np.zeros(self.days))
                self.state_sums[k] += v.sum(axis=0, dtype=np.float64)
        for i, r in enumerate(res.ratings):
            if len(self.probe_sums) <= i:
                self.probe_sums.append(np.zeros(r.shape[0]))
            self.probe_sums[i] += r.sum(axis=1)
        self.chunks += 1

    def quantiles(self) -> dict[str, list[float]]:
        """Per-day quantiles of daily pain from the histograms (resolution 0.01 point)."""
        out: dict[str, list[float]] = {}
        cdf = np.cumsum(self.hist, axis=1) / max(self.n, 1)
        centres = (np.arange(HIST_BINS) + 0.5) * (10.0 / HIST_BINS)
        for q in QUANTILES:
            j = np.argmax(cdf >= q, axis=1)
            out[f"q{round(q * 100):02d}"] = [round(float(centres[k]), 2) for k in j]
        return out

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready summary: per-day mean and quantiles of pain, plus requested figures."""
        doc: dict[str, Any] = {"n_patients": self.n, "days": self.days, "chunks": self.chunks}
        if self.days:
            doc["pain"] = {"day": list(range(self.days)),
                           "mean": [round(float(v), 4) for v in self.pain_sum / self.n], **self.quantiles()}
        if self.hrv_sum is not None and self.days:
            doc["hrv_lnrmssd_mean"] = [round(float(v), 4) for v in self.hrv_sum / self.n]
        if self.state_sums:
            doc["states_mean"] = {k: [round(float(x), 4) for x in v / self.n] for k, v in self.state_sums.items()}
        if self.probe_sums:
            doc["protocol_ratings_mean"] = [[round(float(x), 4) for x in v / self.n] for v in self.probe_sums]
        return doc


def _chunk_table(res: ChunkResult, record_states: bool) -> Any:
    import pyarrow as pa

    n, days = res.pain.shape
    cols = {
        "patient": pa.array(np.repeat(np.arange(res.start, res.stop, dtype=np.int64), days)),
        "day": pa.array(np.tile(np.arange(days, dtype=np.int32), n)),
        "pain": pa.array(res.pain.reshape(-1)),
        "hrv_lnrmssd": pa.array(res.hrv.reshape(-1)),
    }
    if record_states:
        for k in STATES:
            cols[k] = pa.array(res.states[k].reshape(-1))
    return pa.table(cols)


def _local_results(sc: Mapping[str, Any], ranges: list[tuple[int, int]]) -> Iterator[ChunkResult]:
    for start, stop in ranges:
        yield run_chunk(sc, start, stop)


def _dask_results(sc: Mapping[str, Any], ranges: list[tuple[int, int]], client: Any, in_flight: int) -> Iterator[ChunkResult]:
    """Run chunks on Dask, at most ``in_flight`` at a time, yielding them in patient order."""
    pending = []
    it = iter(ranges)
    for start, stop in it:
        pending.append(client.submit(run_chunk, sc, start, stop, pure=False))
        if len(pending) >= in_flight:
            break
    while pending:
        fut = pending.pop(0)
        res = fut.result()
        fut.release()
        nxt = next(it, None)
        if nxt is not None:
            pending.append(client.submit(run_chunk, sc, nxt[0], nxt[1], pure=False))
        yield res


def run_cohort(
    scenario: Mapping[str, Any],
    *,
    chunk_size: int | None = None,
    out: str | None = None,
    workers: int | None = None,
    scheduler: str | None = None,
    progress: Callable[[int, int], None] | None = None,
    keep: bool = False,
    dask_processes: bool = True,
) -> tuple[CohortSummary, list[ChunkResult]]:
    """Simulate a scenario's whole cohort chunk by chunk.

    Parameters
    ----------
    scenario : the scenario document (validated here).
    chunk_size : patients per chunk (default 50,000 - about 220 MB for a year of output).
    out : Parquet file for per-patient daily rows (``patient, day, pain, hrv_lnrmssd`` and
        every state when ``outputs.states`` is true); streamed one row group per chunk.
    workers, scheduler : run chunks on a new ``LocalCluster(n_workers=workers)`` or on the
        Dask scheduler at ``scheduler``; results equal the single-process run.
    progress : called as ``progress(patients_done, n)`` after each chunk.
    keep : also return every chunk's result (for tests and small cohorts).
    dask_processes : worker processes (default) or threads in the local cluster.
    """
    sc = validate_scenario(scenario)
    n = int(sc["cohort"]["n"])
    days = int(sc["days"])
    ranges = chunk_ranges(n, chunk_size or DEFAULT_CHUNK)
    record_states = bool(sc.get("outputs", {}).get("states"))
    summary = CohortSummary(n=n, days=days, pain_sum=np.zeros(days), hist=np.zeros((days, HIST_BINS), dtype=np.int64),
                            hrv_sum=np.zeros(days) if sc.get("outputs", {}).get("hrv") else None)
    writer = None
    kept: list[ChunkResult] = []
    client = cluster = None
    try:
        if workers or scheduler:
            from dask.distributed import Client, LocalCluster

            if scheduler:
                client = Client(scheduler)
            else:
                cluster = LocalCluster(n_workers=int(workers), threads_per_worker=1, processes=dask_processes, dashboard_address=None)
                client = Client(cluster)
            results = _dask_results(sc, ranges, client, in_flight=2 * max(1, len(client.scheduler_info()["workers"])))
        else:
            results = _local_results(sc, ranges)
        done = 0
        for res in results:
            summary.add(res)
            if out and days:
                import pyarrow.parquet as pq

                table = _chunk_table(res, record_states)
                if writer is None:
                    writer = pq.ParquetWriter(out, table.schema, compression="zstd")
                writer.write_table(table)
            done += res.stop - res.start
            if progress:
                progress(done, n)
            if keep:
                kept.append(res)
    finally:
        if writer is not None:
            writer.close()
        if client is not None:
            client.close()
        if cluster is not None:
            cluster.close()
    return summary, kept
