"""Fixtures of the signals tests.

PhysioNet data: Goldberger AL et al. PhysioBank, PhysioToolkit, and PhysioNet. Circulation
2000;101(23):e215–e220; Normal Sinus Rhythm RR Interval Database (nsr2db), ODC-By 1.0, as
shipped in the PhysioNet Cardiovascular Signal Toolbox (Vest et al. 2018, Physiol Meas
39:105004; BSD-3) together with its reference output.
"""

from __future__ import annotations

from pathlib import Path

import pytest

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture(scope="session")
def nsr_dir(shared_data: Path) -> Path:
    return shared_data / "hrv" / "physionet-nsr2db"
