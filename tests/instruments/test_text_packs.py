"""Site text packs: validated against painscope's structure, with clear errors."""

from __future__ import annotations

import json

import pytest

from painscope.cli import main
from painscope.instruments import (
    TextPackError,
    TextUnavailableError,
    items_for_display,
    list_instruments,
    load_text_packs,
    score,
)

PCS_ANSWERS = [{"value": v, "text": f"label {v}"} for v in range(5)]


def pcs_pack(**over):
    doc = {
        "format": "painscope-text-pack/1",
        "instrument": "pcs",
        "language": "en",
        "source": "test pack (invented wording)",
        "answers": PCS_ANSWERS,
        "items": {f"pcs-{i}": {"text": f"PCS test statement {i}"} for i in range(1, 14)},
    }
    doc.update(over)
    return doc


def write(folder, name, doc):
    (folder / name).write_text(json.dumps(doc), encoding="utf-8")
    return folder


def test_valid_pack_loads_and_provides_text(tmp_path):
    packs = load_text_packs(write(tmp_path, "pcs.json", pcs_pack()))
    assert packs.has("pcs")
    assert len(packs.get("pcs").sha256) == 64
    rows = items_for_display("pcs", packs)
    assert rows[0]["text"] == "PCS test statement 1"
    assert [a["text"] for a in rows[0]["answers"]] == [f"label {v}" for v in range(5)]
    listed = {r["id"]: r for r in list_instruments(packs)}
    assert listed["pcs"]["text_available"] is True
    assert listed["csi"]["text_available"] is False


def test_tier_c_text_unavailable_without_pack():
    with pytest.raises(TextUnavailableError, match="text pack"):
        items_for_display("pcs")


def test_tier_a_text_is_shipped():
    rows = items_for_display("phq9")
    assert rows[0]["type"] == "display"
    assert rows[1]["text"].startswith("Little interest")
    assert [a["value"] for a in rows[1]["answers"]] == [0, 1, 2, 3]


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"instrument": "pcs2"}, "unknown instrument"),
        ({"format": "v0"}, "format"),
        ({"source": ""}, "source"),
        ({"surprise": 1}, "unknown field 'surprise'"),
        ({"items": {**pcs_pack()["items"], "pcs-14": {"text": "x"}}}, "pcs-14"),
        ({"items": {k: v for k, v in pcs_pack()["items"].items() if k != "pcs-7"}}, "pcs-7"),
        ({"items": {**pcs_pack()["items"], "pcs-3": {"text": ""}}}, "pcs-3"),
        ({"answers": PCS_ANSWERS[:4]}, "0..4"),
        ({"answers": [*PCS_ANSWERS[:4], {"value": 5, "text": "x"}]}, "0..4"),
        ({"order": ["pcs-1"]}, "order"),
        ({"tscore_table": {"1": 50}}, "only allowed for PROMIS"),
    ],
)
def test_invalid_packs_are_refused_with_a_named_field(tmp_path, over, message):
    write(tmp_path, "pcs.json", pcs_pack(**over))
    with pytest.raises(TextPackError) as exc:
        load_text_packs(tmp_path)
    assert "pcs.json" in str(exc.value)
    assert message in str(exc.value)


def test_not_json(tmp_path):
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    with pytest.raises(TextPackError, match=r"bad\.json"):
        load_text_packs(tmp_path)


def test_two_packs_for_one_instrument(tmp_path):
    write(tmp_path, "a.json", pcs_pack())
    write(tmp_path, "b.json", pcs_pack())
    with pytest.raises(TextPackError, match="second text pack for pcs"):
        load_text_packs(tmp_path)


def test_missing_folder(tmp_path):
    with pytest.raises(TextPackError, match="does not exist"):
        load_text_packs(tmp_path / "nope")


def test_env_var_names_the_folder(tmp_path, monkeypatch):
    write(tmp_path, "pcs.json", pcs_pack())
    monkeypatch.setenv("PAINSCOPE_TEXT_PACKS", str(tmp_path))
    assert load_text_packs().has("pcs")
    monkeypatch.delenv("PAINSCOPE_TEXT_PACKS")
    assert load_text_packs().packs == {}


def isi_pack(order):
    return {
        "format": "painscope-text-pack/1",
        "instrument": "isi",
        "language": "en",
        "source": "test",
        "answers": [{"value": v, "text": str(v)} for v in range(5)],
        "order": order,
        "items": {f"isi-{i}": {"text": f"meaning {i}"} for i in range(1, 8)},
    }


def test_isi_version_with_interference_third_maps_by_meaning(tmp_path):
    """Regression §6.3 #12: the pack's display order changes, the linkId (meaning) does not."""
    order = ["isi-1", "isi-2", "isi-7", "isi-3", "isi-4", "isi-5", "isi-6"]
    packs = load_text_packs(write(tmp_path, "isi.json", isi_pack(order)))
    rows = items_for_display("isi", packs)
    assert [r["link_id"] for r in rows] == order
    assert rows[2]["text"] == "meaning 7"


def promis_pack(**over):
    doc = {
        "format": "painscope-text-pack/1",
        "instrument": "promis-sd-6a",
        "language": "en",
        "source": "test",
        "items": {
            f"promis-sd-6a-{i}": {
                "text": f"sleep item {i}",
                "answers": [{"value": v, "text": f"option {v}"} for v in range(1, 6)],
            }
            for i in range(1, 7)
        },
    }
    doc.update(over)
    return doc


def test_reverse_keyed_promis_item_lists_scores_in_display_order(tmp_path):
    """Regression §6.3 #14: a reverse-keyed sleep item shows 'very good' first but scores it 1."""
    doc = promis_pack()
    doc["items"]["promis-sd-6a-1"]["answers"] = [
        {"value": v, "text": t}
        for v, t in zip(
            [5, 4, 3, 2, 1], ["very poor", "poor", "fair", "good", "very good"], strict=True
        )
    ]
    packs = load_text_packs(write(tmp_path, "sd.json", doc))
    row = items_for_display("promis-sd-6a", packs)[0]
    assert [a["value"] for a in row["answers"]] == [5, 4, 3, 2, 1]
    chosen = next(a["value"] for a in row["answers"] if a["text"] == "very good")
    answers = {f"promis-sd-6a-{i}": 1 for i in range(2, 7)} | {"promis-sd-6a-1": chosen}
    assert score("promis-sd-6a", answers).total == 6


def test_promis_table_must_cover_every_raw_sum(tmp_path):
    table = {str(raw): 30 + raw for raw in range(6, 30)}  # 30 missing
    write(
        tmp_path,
        "sd.json",
        promis_pack(tscore_table=table, tscore_table_version="v1.0", tscore_table_source="site"),
    )
    with pytest.raises(TextPackError, match=r"every raw sum 6\.\.30"):
        load_text_packs(tmp_path)


def test_promis_table_must_not_decrease(tmp_path):
    table = {str(raw): 30 + raw for raw in range(6, 31)}
    table["20"] = 40
    write(
        tmp_path,
        "sd.json",
        promis_pack(tscore_table=table, tscore_table_version="v1.0", tscore_table_source="site"),
    )
    with pytest.raises(TextPackError, match="must not decrease"):
        load_text_packs(tmp_path)


def test_promis_table_needs_version_and_source(tmp_path):
    write(tmp_path, "sd.json", promis_pack(tscore_table={str(r): 30 + r for r in range(6, 31)}))
    with pytest.raises(TextPackError, match="tscore_table_version"):
        load_text_packs(tmp_path)


def test_promis_table_used_by_score(tmp_path):
    table = {str(raw): 30 + raw for raw in range(6, 31)}
    packs = load_text_packs(
        write(
            tmp_path,
            "sd.json",
            promis_pack(
                tscore_table=table, tscore_table_version="v1.0", tscore_table_source="site"
            ),
        )
    )
    r = score("promis-sd-6a", {f"promis-sd-6a-{i}": 4 for i in range(1, 7)}, text_packs=packs)
    assert r.subscales["t_score"] == 54 and r.band == "within_normal_limits"


def test_cli_reports_a_bad_pack_and_exits_2(tmp_path, capsys):
    write(tmp_path, "pcs.json", pcs_pack(instrument="nope"))
    code = main(["instruments", "list", "--text-packs", str(tmp_path)])
    assert code == 2
    assert "pcs.json" in capsys.readouterr().err


def test_pack_for_a_shipped_instrument_overrides_text_keeps_answer_labels(tmp_path):
    doc = {
        "format": "painscope-text-pack/1",
        "instrument": "gad7",
        "language": "de",
        "source": "test translation",
        "items": {f"gad7-{i}": {"text": f"Frage {i}"} for i in range(1, 8)},
    }
    packs = load_text_packs(write(tmp_path, "gad7-de.json", doc))
    rows = items_for_display("gad7", packs)
    assert rows[0]["text"] == "Frage 1"
    assert [a["value"] for a in rows[0]["answers"]] == [0, 1, 2, 3]
