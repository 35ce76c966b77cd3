"""The "Your pain system" page and `painscope model fit --user` (issue 13)."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from painscope.model import personal as P
from painscope.web.journal.services import import_csv

SLEEPY = {"S2": 1.5, "g": 0.12, "z0": 0.3, "d0": 0.5, "a0": 0.4, "k_HP": 0.05, "k_DH": 0.05, "k_AP": 0.05,
          "kappa_Sigma": 3.0, "kappa_A": 0.3, "kappa_H": 0.1, "w_D": 0.15}


def _csv(daily: pd.DataFrame) -> str:
    rows = ["timestamp,kind,name,value,unit,note"]
    for day, r in daily.iterrows():
        ts = f"{day:%Y-%m-%d}T20:00:00+00:00"
        rows += [f"{ts},rating,pain,{r.pain:.1f},,", f"{ts},rating,stress,{r.stress:.1f},,",
                 f"{ts},measure,sleep_hours,{r.sleep_hours:.2f},h,"]
    return "\n".join(rows) + "\n"


@pytest.mark.django_db
def test_a_sleep_driven_diary_shows_its_loops_with_ranges(client, person):
    import_csv(person, _csv(P.simulate_diary(SLEEPY, 110, seed=2)))
    page = client.get("/explain/you/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "better than simple rules" in text
    assert "Which loops seem to drive your pain" in text and "95 % range" in text
    assert "<strong>sleep</strong>" in text  # the loop the diary was made with
    assert "not a diagnosis" in text


@pytest.mark.django_db
def test_noise_gets_a_plain_no_and_no_personal_numbers(client, person):
    import_csv(person, _csv(P.ar1_noise_diary(110, seed=3)))
    text = client.get("/explain/you/").content.decode()
    assert "does not forecast your pain better" in text
    assert "Which loops" not in text and "What if?" not in text
    assert "How this was worked out" in text


@pytest.mark.django_db
def test_a_new_person_is_told_there_is_not_enough_data(client, person):
    text = client.get("/explain/you/").content.decode()
    assert "Not enough data yet" in text


@pytest.mark.django_db
def test_the_page_needs_a_login(client):
    page = client.get("/explain/you/")
    assert page.status_code == 302 and "/accounts/login" in page["Location"]


@pytest.mark.django_db
def test_second_visit_comes_from_the_cache_and_an_edit_invalidates_it(client, person, monkeypatch):
    import_csv(person, _csv(P.ar1_noise_diary(60, seed=5)))
    calls = []
    real = P.fit_person

    def counting(*a, **kw):
        calls.append(1)
        return real(*a, **kw)

    monkeypatch.setattr("painscope.web.explain.personal.fit_person", counting)
    client.get("/explain/you/")
    client.get("/explain/you/")
    assert len(calls) == 1
    import_csv(person, "timestamp,kind,name,value,unit,note\n2026-06-01T20:00:00+00:00,rating,pain,3,,\n")
    client.get("/explain/you/")
    assert len(calls) == 2


@pytest.mark.django_db(transaction=True)
def test_cli_fit_user(tmp_path, settings):
    # the CLI runs in its own process on its own data folder
    env = {"PAINSCOPE_DATA_DIR": str(tmp_path), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-m", "painscope"]
    subprocess.run([*run, "user", "create", "bo"], input="a long calm river 42\na long calm river 42\n", text=True,
                   env=env, check=True, capture_output=True, timeout=120)
    f = tmp_path / "d.csv"
    f.write_text(_csv(P.simulate_diary(SLEEPY, 100, seed=1)))
    subprocess.run([*run, "import", "--user", "bo", str(f)], env=env, check=True, capture_output=True, timeout=120)
    out = subprocess.run([*run, "model", "fit", "--user", "bo", "--json", "--draws", "30"], env=env,
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr
    doc = json.loads(out.stdout)
    assert doc["skill"]["beats_baselines"] is True and doc["driving_loop"] == "sleep"
    nobody = subprocess.run([*run, "model", "fit", "--user", "nobody", "--json"], env=env,
                            capture_output=True, text=True, timeout=120)
    assert nobody.returncode != 0 and "no user named 'nobody'" in nobody.stderr
