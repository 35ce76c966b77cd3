"""A person downloads their clinician report (PDF) from "My data", or writes it with the CLI."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

import painscope.reports
from painscope.cli import main
from painscope.diary.demo import demo_diary
from painscope.reports import page_count
from painscope.web.assessments import services as assessments
from painscope.web.journal import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def ana():
    user = get_user_model().objects.create_user("ana", first_name="Ana", last_name="Example")
    services.import_frame(user, demo_diary(60, end=date.today(), seed=5), source="demo")
    answers = {f"phq9-{i}": 1 for i in range(1, 10)}  # item 9 answered 1
    assessments.score_and_store(user, "phq9", answers, authored=datetime.now(UTC) - timedelta(days=2))
    return user


@pytest.fixture
def rendered(monkeypatch):
    """Record the content model each PDF is rendered from (the PDF's text is compressed)."""
    seen = []
    original = painscope.reports.render_pdf

    def spy(content):
        seen.append(content)
        return original(content)

    monkeypatch.setattr(painscope.reports, "render_pdf", spy)
    return seen


def test_person_downloads_their_report_as_pdf(client, ana, rendered):
    client.force_login(ana)
    response = client.get(reverse("clinician_report"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith('attachment; filename="painscope-report-')
    assert response.content.startswith(b"%PDF-") and 1 <= page_count(response.content) <= 2
    content = rendered[-1]
    assert content.person == "Ana Example (ana)"
    assert content.days_with_entries > 40
    assert "Item 9" in content.alerts[0].text or "item 9" in content.alerts[0].text


def test_report_holds_only_the_signed_in_persons_data(client, ana, rendered):
    bo = get_user_model().objects.create_user("bo")
    client.force_login(bo)
    response = client.get(reverse("clinician_report"))
    assert response.status_code == 200
    content = rendered[-1]
    assert content.person == "bo"
    assert content.days_with_entries == 0
    assert content.alerts == ()
    assert "Ana" not in content.text


def test_anonymous_visitor_is_sent_to_login(client):
    response = client.get(reverse("clinician_report"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_my_data_page_links_to_the_report(client, ana):
    client.force_login(ana)
    page = client.get(reverse("my_data")).content.decode()
    assert f'href="{reverse("clinician_report")}"' in page


def test_cli_writes_the_report_file(ana, tmp_path, capsys):
    out = tmp_path / "ana.pdf"
    assert main(["report", "--user", "ana", "--days", "30", "--out", str(out)]) == 0
    data = out.read_bytes()
    assert data.startswith(b"%PDF-") and 1 <= page_count(data) <= 2
    assert f"to {out}" in capsys.readouterr().err


def test_cli_names_an_unknown_person(tmp_path, capsys):
    assert main(["report", "--user", "nobody", "--out", str(tmp_path / "x.pdf")]) == 2
    assert "no user named 'nobody'" in capsys.readouterr().err
    assert not (tmp_path / "x.pdf").exists()


def test_cli_json_is_one_document_with_the_report_text(ana, tmp_path, capsys):
    import json

    out = tmp_path / "ana.pdf"
    assert main(["report", "--user", "ana", "--out", str(out), "--json"]) == 0
    doc = json.loads(capsys.readouterr().out)
    assert doc["out"] == str(out) and doc["pages"] in (1, 2)
    assert doc["period_days"] == 90
    assert "Self-tracked data from painscope. Not a diagnosis." in doc["text"]
    assert any("item 9" in a for a in doc["alerts"])
