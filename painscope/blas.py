"""One BLAS thread per Python thread in long-running servers and workers.

NumPy's OpenBLAS starts one thread per core for each matrix operation and lets them spin
while they wait. A server answers several requests at once on few cores (``painscope
serve`` runs waitress threads, the job worker runs beside them), so those BLAS threads
compete with each other and with the database for the same cores: on the project's
2-core machine, with the test suite running beside it, the five-year forecast took 8.9 s
with OpenBLAS's default threads and about 1 s with one thread per call
(``benchmarks/insights_speed.py`` measures both in one run). The matrices of the
analyses are small (a few thousand rows, tens of columns), so a second BLAS thread gains
little even on a quiet machine.

``PAINSCOPE_BLAS_THREADS`` overrides the limit (``0`` keeps the library's default).
"""

from __future__ import annotations

import os

DEFAULT_THREADS = 1


def limit_blas_threads() -> int | None:
    """Limit BLAS/OpenMP pools of this process; returns the limit set (None: unchanged).

    Raises ValueError for a ``PAINSCOPE_BLAS_THREADS`` that is not a whole number ≥ 0.
    """
    raw = os.environ.get("PAINSCOPE_BLAS_THREADS", "").strip()
    if raw:
        try:
            limit = int(raw)
        except ValueError:
            raise ValueError(f"PAINSCOPE_BLAS_THREADS must be a whole number (0 = the library's default), not {raw!r}") from None
        if limit < 0:
            raise ValueError(f"PAINSCOPE_BLAS_THREADS must be 0 or more, not {limit}")
    else:
        limit = DEFAULT_THREADS
    if limit == 0:
        return None
    # threadpoolctl limits the libraries loaded so far: load NumPy's and SciPy's BLAS first
    import numpy  # noqa: F401
    import scipy.linalg  # noqa: F401
    from threadpoolctl import threadpool_limits

    threadpool_limits(limits=limit)  # process-wide, every thread
    return limit
