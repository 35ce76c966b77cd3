"""Fixtures of the clinician-report tests (inputs built in :mod:`tests.reports.inputs`)."""

from tests.reports.inputs import diary, medications, questionnaires

__all__ = ["diary", "medications", "questionnaires"]
