"""Hypothesis profiles of the importer fuzzers (``tests/fuzz``).

``fuzz-ci`` (the default, run by CI with the rest of the suite) is sized so that the whole
fuzz set stays under about 60 s on 2 cores: a fixed number of examples per importer, no
per-example deadline (a FIT decode or an HRV analysis can take tens of ms on a loaded CI
machine; a deadline would make the suite flaky, not stricter) and no example database, so CI
never replays a stale local corpus. ``fuzz-deep`` is for a person hunting crashes by hand::

    PAINSCOPE_FUZZ=fuzz-deep .venv/bin/python -m pytest tests/fuzz -n 2

Every fuzzer checks the same property (:func:`tests.fuzz.importers.check`): any input gives a
result or the importer's documented error (``SignalFormatError`` / ``DiaryError``, a
``ValueError`` with a message), never another exception, and the read's peak traced memory
stays under a bound proportional to nothing but the caps.
"""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

_COMMON = {
    "deadline": None,
    "database": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
    "print_blob": True,
}
settings.register_profile("fuzz-ci", max_examples=60, **_COMMON)
settings.register_profile("fuzz-deep", max_examples=500, **_COMMON)

PROFILE = os.environ.get("PAINSCOPE_FUZZ", "fuzz-ci")
