"""pytest plugin loaded with ``-p`` (pyproject): runs before pytest-django configures Django,
so the test run never reads or writes a person's real data folder."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("PAINSCOPE_DATA_DIR", tempfile.mkdtemp(prefix="painscope-tests-"))
