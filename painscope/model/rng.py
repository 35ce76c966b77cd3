"""Per-patient random streams that do not depend on how a cohort is chunked.

Patients are grouped in fixed blocks of :data:`BLOCK` consecutive indices; block ``b`` of a
run with seed ``seed`` owns the generators ``Philox(SeedSequence(seed, spawn_key=(b,
purpose)))``. A chunk covering patients ``[start, stop)`` draws whole blocks and keeps its
slice, so patient ``i`` receives the same numbers whatever the chunk size, on one core or
on a Dask worker. Philox is a counter-based generator meant for parallel streams.
"""

from __future__ import annotations

import numpy as np

#: Patients per random-stream block (fixed: changing it changes every result).
BLOCK = 256
PURPOSE_PARAMETERS = 0
PURPOSE_DYNAMICS = 1


class PatientStreams:
    """Random numbers for patients ``start..stop-1`` of a cohort with seed ``seed``."""

    def __init__(self, seed: int, start: int, stop: int, purpose: int) -> None:
        if stop <= start:
            raise ValueError("empty patient range")
        self.start = start
        self.stop = stop
        self.first_block = start // BLOCK
        last_block = (stop - 1) // BLOCK
        self._gens = [
            np.random.Generator(np.random.Philox(np.random.SeedSequence(seed, spawn_key=(b, purpose))))
            for b in range(self.first_block, last_block + 1)
        ]
        self._lo = start - self.first_block * BLOCK
        self._hi = self._lo + (stop - start)

    def normal(self, k: int, dtype: type = np.float64) -> np.ndarray:
        """``k`` standard normals per patient, shape ``(k, stop - start)``."""
        draws = np.concatenate([g.standard_normal((k, BLOCK), dtype=dtype) for g in self._gens], axis=1)
        return draws[:, self._lo : self._hi]
