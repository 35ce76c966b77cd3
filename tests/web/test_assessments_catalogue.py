"""Which questionnaires this site offers: shipped text, a site text pack, or "not available"."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from painscope.web.assessments import services
from painscope.web.assessments.models import Administration

pytestmark = pytest.mark.django_db


@pytest.fixture
def packs(monkeypatch, tmp_path):
    """Point PAINSCOPE_TEXT_PACKS at a folder for one test, and reload."""

    def use(folder):
        monkeypatch.setenv("PAINSCOPE_TEXT_PACKS", str(folder))
        services.reload_text_packs()

    yield use
    monkeypatch.delenv("PAINSCOPE_TEXT_PACKS", raising=False)
    services.reload_text_packs()


def pcs_pack() -> dict:
    return {
        "format": "painscope-text-pack/1",
        "instrument": "pcs",
        "language": "en",
        "source": "test pack (invented wording)",
        "answers": [{"value": v, "text": f"label {v}"} for v in range(5)],
        "items": {f"pcs-{i}": {"text": f"PCS test statement {i}"} for i in range(1, 14)},
    }


def test_person_sees_shipped_questionnaires_and_why_others_are_missing(client, person, packs, tmp_path):
    packs(tmp_path)  # an empty pack folder: only the shipped text
    html = client.get(reverse("assessments")).content.decode()
    available = html.split('id="avail-h"', 1)[1].split("</section>", 1)[0]
    for title in ("PHQ-9", "GAD-7", "PEG"):
        assert title in available
    assert "Pain Catastrophizing" not in available
    missing = html.split('id="na-h"', 1)[1]
    assert "Pain Catastrophizing" in missing
    assert "Not available on this site: the wording of this questionnaire is licensed" in missing
    page = client.get(reverse("assessment_take", args=["pcs"]))
    assert page.status_code == 200 and "Not available on this site" in page.content.decode()
    assert client.post(reverse("assessment_take", args=["pcs"]), {"pcs-1": "1"}).status_code == 200
    assert not Administration.objects.exists()


def test_site_text_pack_makes_a_licensed_questionnaire_answerable(client, person, packs, tmp_path):
    (tmp_path / "pcs.json").write_text(json.dumps(pcs_pack()), encoding="utf-8")
    packs(tmp_path)
    page = client.get(reverse("assessment_take", args=["pcs"])).content.decode()
    assert "PCS test statement 13" in page and "Question 13 of 13" in page
    post = {f"pcs-{i}": "2" for i in range(1, 14)}
    response = client.post(reverse("assessment_take", args=["pcs"]), post, follow=True)
    adm = Administration.objects.get(owner=person)
    assert adm.result["total"] == 26  # 13 items x 2 (Sullivan 1995: total = sum)
    assert set(adm.result["subscales"]) == {"rumination", "magnification", "helplessness"}
    assert "helplessness" in response.content.decode()


def test_broken_text_pack_is_named_and_the_shipped_questionnaires_still_work(client, person, packs, tmp_path):
    bad = pcs_pack()
    del bad["items"]["pcs-5"]
    (tmp_path / "pcs.json").write_text(json.dumps(bad), encoding="utf-8")
    packs(tmp_path)
    html = client.get(reverse("assessments")).content.decode()
    assert "could not be loaded" in html and "pcs.json" in html
    assert client.get(reverse("assessment_take", args=["phq9"])).status_code == 200


def test_unknown_questionnaire_is_not_found(client, person):
    assert client.get(reverse("assessment_take", args=["nope"])).status_code == 404
    assert client.get(reverse("assessment_history", args=["nope"])).status_code == 404


def test_site_check_names_a_broken_text_pack(packs, tmp_path):
    from painscope.web.assessments.apps import check_text_packs

    packs(tmp_path)
    assert check_text_packs() == []
    bad = pcs_pack()
    bad["items"]["pcs-99"] = {"text": "not a PCS item"}
    (tmp_path / "pcs.json").write_text(json.dumps(bad), encoding="utf-8")
    (warning,) = check_text_packs()
    assert warning.id == "assessments.W001" and "pcs.json" in warning.msg
