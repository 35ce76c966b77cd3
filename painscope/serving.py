"""Process settings for long-running servers and workers: one BLAS thread per Python thread.

NumPy's and SciPy's OpenBLAS start one thread per core for each matrix operation, and those
threads spin while they wait. A server answers several requests at once on few cores
(``painscope serve`` runs waitress threads, the job worker beside them, PostgreSQL on the
same machine), so BLAS threads of several requests and processes compete for the same
cores. How much that costs depends on the load, measured on the project's 2-core machine:

* while the test suite ran beside it (two pytest processes, each using BLAS), one thin SVD
  of a 1800×40 matrix took 1,055 ms with OpenBLAS's default threads and 35 ms with one
  thread per call, a 40×40 pseudo-inverse 57 ms and 6 ms;
* with two other busy processes, the five-year analyses of the Insights page took p50
  706 ms with the default threads and 547 ms with one thread (one at a time), 3.6 s and
  3.4 s (four at once); on a quiet machine one thread was 10–15 % slower
  (``benchmarks/insights_speed.py`` measures all of these in one run).

The matrices of the analyses are small (a few thousand rows, tens of columns), so a
second BLAS thread gains little, and one thread keeps a loaded server from the worst case.

``PAINSCOPE_BLAS_THREADS`` overrides the limit (``0`` keeps the library's default).
"""

from __future__ import annotations

import os

DEFAULT_THREADS = 1


def tune_for_serving() -> None:
    """The process settings of a server or worker (``painscope serve``, the worker, WSGI).

    Only the BLAS limit so far. A shorter interpreter switch interval (1 ms instead of
    5 ms, against the lock "convoy" of many small queries) was measured and made the
    overview slower with four clients at once (p50 165 ms instead of 113 ms), so it is not
    set (docs/performance.md).
    """
    limit_blas_threads()


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
