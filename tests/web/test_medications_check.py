"""`painscope medications check --user NAME --json` (issue 15 contract)."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date, timedelta

import pytest

from painscope.web.journal.models import Medication
from painscope.web.medications_check import interaction_check


@pytest.mark.django_db
def test_only_current_medications_are_checked(person):
    today = date.today()
    Medication.objects.create(owner=person, name="Duloxetine", dose=60, start_date=today)
    Medication.objects.create(owner=person, name="Tramadol", dose=50, start_date=today, as_needed=True)
    Medication.objects.create(owner=person, name="Diazepam", dose=5, start_date=today - timedelta(days=90),
                              stop_date=today - timedelta(days=30))
    rules = {w.rule for w in interaction_check(person).warnings}
    assert rules == {"serotonergic_opioid+snri"}  # the stopped diazepam is not checked
    # a medication being added is checked against what is taken now
    assert "opioid+gabapentinoid" in {w.rule for w in interaction_check(person, extra=["Pregabalin"]).warnings}


def test_cli_contract(tmp_path):
    env = {"PAINSCOPE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "painscope"]
    subprocess.run([*run, "user", "create", "cy"], input="a long calm river 42\na long calm river 42\n", text=True,
                   env=env, check=True, capture_output=True, timeout=120)
    code = ("import django, os; os.environ.setdefault('DJANGO_SETTINGS_MODULE','painscope.web.settings'); django.setup();"
            "from datetime import date; from django.contrib.auth import get_user_model;"
            "from painscope.web.journal.models import Medication; u=get_user_model().objects.get(username='cy');"
            "Medication.objects.create(owner=u, name='Oxycodone', dose=5, start_date=date.today());"
            "Medication.objects.create(owner=u, name='Lorazepam', dose=1, start_date=date.today());"
            "Medication.objects.create(owner=u, name='Curcumin', dose=500, start_date=date.today())")
    subprocess.run([sys.executable, "-c", code], env=env, check=True, capture_output=True, timeout=120)
    out = subprocess.run([*run, "medications", "check", "--user", "cy", "--json"], env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["warnings"] and set(doc["warnings"][0]) >= {"medications", "severity", "message", "source"}
    assert doc["warnings"][0]["medications"] == ["Lorazepam", "Oxycodone"]
    assert doc["warnings"][0]["severity"] == "high"
    assert [u["medication"] for u in doc["unchecked"]] == ["Curcumin"]
