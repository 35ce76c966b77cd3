"""FHIR R4 builders: QuestionnaireResponse + Observations per administration, and a Bundle.

Pure functions returning plain dicts (JSON-ready) that validate with ``fhir.resources``.
Codes: LOINC where INSTRUMENTS.md verifies them (PHQ-9, GAD-7, PEG totals); otherwise the
project CodeSystem :data:`SCORES_SYSTEM` (``http://painscope.org/fhir/CodeSystem/scores``),
published as ``codesystem-scores.json`` in this package. A score that cannot be computed
(e.g. BPI interference with fewer than 4 items) produces no Observation; a prorated score
carries a ``prorated`` component and ``n-answered``. Criteria results are Observations, never
a ``Condition``: the clinician confirms any diagnosis.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from painscope.instruments.api import score
from painscope.instruments.criteria import evaluate_criteria
from painscope.instruments.errors import InstrumentError
from painscope.instruments.forms import FORMS, evaluate_form
from painscope.instruments.result import ScoreResult
from painscope.instruments.structure import load_structure, validate_answers

SCORES_SYSTEM = "http://painscope.org/fhir/CodeSystem/scores"
BANDS_SYSTEM = SCORES_SYSTEM  # bands are concepts of the same project CodeSystem
LOINC = "http://loinc.org"
UCUM = "http://unitsofmeasure.org"
CATEGORY = "http://terminology.hl7.org/CodeSystem/observation-category"
_NAMESPACE = uuid.UUID("6f1c1e0e-5a43-4c5b-9f2e-7c0b6d3a9e11")  # painscope's UUIDv5 namespace

#: Total-score LOINC codes verified in INSTRUMENTS.md (§3.7, §3.8, §3.9). LOINC displays are
#: omitted rather than paraphrased: a display must match LOINC's name verbatim.
TOTAL_LOINC = {"phq9": "44261-6", "gad7": "70274-6", "peg": "91147-9"}
_CRITERIA_CODES = {
    "acr2016": "acr2016-criteria-met",
    "acr2010": "acr2010-criteria-met",
    "acr2011": "acr2011-criteria-met",
    "nociplastic": "nociplastic-grade",
    "neupsig": "neupsig-grade",
}


@dataclass(frozen=True)
class Administration:
    """One completed questionnaire (or clinician form).

    Attributes
    ----------
    instrument : str
        Instrument or clinician-form id.
    answers : Mapping[str, Any]
        Answers keyed by linkId, as given to :func:`painscope.instruments.score`.
    authored : str | datetime
        When it was completed (ISO 8601 with offset).
    id : str, optional
        Stable identifier (e.g. the database key); a UUIDv5 is derived from it.
    performer : str, optional
        Reference of the clinician who completed a clinician form (e.g. ``Practitioner/12``).
    """

    instrument: str
    answers: Mapping[str, Any]
    authored: str | datetime
    id: str | None = None
    performer: str | None = None


@dataclass(frozen=True)
class CriteriaAssessment:
    """One evaluation of clinical criteria (``acr2016``, ``acr2010``, ``acr2011``, ``nociplastic``, ``neupsig``)."""

    criteria: str
    input: Mapping[str, Any]
    effective: str | datetime
    id: str | None = None
    performer: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def _iso(value: str | datetime) -> str:
    if isinstance(value, datetime):
        if value.tzinfo is None:
            raise InstrumentError(
                "authored/effective datetimes need a time zone (FHIR requires an offset)"
            )
        return value.isoformat()
    parsed = datetime.fromisoformat(str(value).replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise InstrumentError(f"authored/effective time {value!r} needs a UTC offset")
    return str(value)


def _uuid(*parts: str) -> str:
    return str(uuid.uuid5(_NAMESPACE, "|".join(parts)))


def _quantity(value: float | int) -> dict[str, Any]:
    return {"value": value, "unit": "{score}", "system": UCUM, "code": "{score}"}


def _survey() -> list[dict[str, Any]]:
    return [{"coding": [{"system": CATEGORY, "code": "survey", "display": "Survey"}]}]


def build_questionnaire_response(
    patient_id: str, administration: Administration, *, resource_id: str | None = None
) -> dict[str, Any]:
    """A completed QuestionnaireResponse for one administration (answers validated first)."""
    s = load_structure(administration.instrument)
    validated = validate_answers(s, administration.answers)
    items = []
    for it in s.items:
        a = validated.get(it.link_id)
        if a is None:
            continue
        if it.type == "choice":
            coding = {"system": a.option.system, "code": a.option.code}
            if a.option.display:
                coding["display"] = a.option.display
            value = {"valueCoding": coding}
        elif it.type == "integer":
            value = {"valueInteger": int(a.value)}
        elif it.type == "decimal":
            value = {"valueDecimal": float(a.value)}
        elif it.type == "boolean":
            value = {"valueBoolean": bool(a.value)}
        elif it.type == "time":
            value = {"valueTime": a.value + ":00" if len(a.value) == 5 else a.value}
        else:
            value = {"valueString": str(a.value)}
        items.append({"linkId": it.link_id, "answer": [value]})
    rid = resource_id or _uuid(
        patient_id,
        administration.instrument,
        _iso(administration.authored),
        administration.id or "",
    )
    qr: dict[str, Any] = {
        "resourceType": "QuestionnaireResponse",
        "id": rid,
        "questionnaire": f"{s.url}|{s.version}",
        "status": "completed",
        "subject": {"reference": f"Patient/{patient_id}"},
        "authored": _iso(administration.authored),
        "item": items,
    }
    if administration.performer:
        qr["author"] = {"reference": administration.performer}
    return qr


def _score_observation(
    patient_id: str,
    result: ScoreResult,
    name: str,
    value: float | int,
    *,
    effective: str,
    derived_from: str,
    rid: str,
    title: str,
) -> dict[str, Any]:
    coding = []
    if name == "total" and result.instrument in TOTAL_LOINC:
        coding.append({"system": LOINC, "code": TOTAL_LOINC[result.instrument]})
    coding.append(
        {
            "system": SCORES_SYSTEM,
            "code": f"{result.instrument}-{name}",
            "display": f"{title}: {name.replace('_', ' ')}",
        }
    )
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": rid,
        "status": "final",
        "category": _survey(),
        "code": {"coding": coding, "text": f"{title} {name.replace('_', ' ')}"},
        "subject": {"reference": f"Patient/{patient_id}"},
        "effectiveDateTime": effective,
        "valueQuantity": _quantity(value),
        "derivedFrom": [{"reference": derived_from}],
        "method": {"text": f"{title}; scoring rule: {result.missing.get('rule', '')}"},
    }
    if name == "total":
        if result.band:
            obs["interpretation"] = [
                {
                    "coding": [
                        {
                            "system": BANDS_SYSTEM,
                            "code": f"{result.instrument}-band-{result.band}",
                            "display": result.band.replace("_", " "),
                        }
                    ]
                }
            ]
        comps = []
        if result.missing.get("prorated"):
            comps.append(
                {
                    "code": {"coding": [{"system": SCORES_SYSTEM, "code": "prorated"}]},
                    "valueBoolean": True,
                }
            )
            comps.append(
                {
                    "code": {"coding": [{"system": SCORES_SYSTEM, "code": "n-answered"}]},
                    "valueInteger": int(result.missing["n_answered"]),
                }
            )
        if comps:
            obs["component"] = comps
        if result.flags:
            obs["note"] = [
                {"text": f"[{f.level}] {f.code}: {f.message} (source: {f.source})"}
                for f in result.flags
            ]
    return obs


def build_observations(
    patient_id: str,
    administration: Administration,
    *,
    questionnaire_response_ref: str | None = None,
    result: ScoreResult | dict[str, Any] | None = None,
) -> list[dict[str, Any]]:
    """Observations for the scores of one administration.

    A scored instrument gives one Observation for the total and one per computed subscale;
    the ACR survey adds the ACR 2016 criteria Observation; a clinician form gives its grade
    Observation. ``result`` may be passed to avoid scoring twice.
    """
    effective = _iso(administration.authored)
    qr_id = _uuid(patient_id, administration.instrument, effective, administration.id or "")
    ref = questionnaire_response_ref or f"QuestionnaireResponse/{qr_id}"
    if administration.instrument in FORMS:
        grade = (
            result
            if isinstance(result, dict)
            else evaluate_form(administration.instrument, administration.answers)
        )
        crit = "nociplastic" if administration.instrument == "iasp-nociplastic" else "neupsig"
        obs = build_criteria_observation(
            patient_id,
            CriteriaAssessment(
                crit,
                {},
                effective,
                id=(administration.id or "") + "-grade",
                performer=administration.performer,
            ),
            result=grade,
        )
        obs["derivedFrom"] = [{"reference": ref}]
        return [obs]
    res = (
        result
        if isinstance(result, ScoreResult)
        else score(administration.instrument, administration.answers)
    )
    title = load_structure(administration.instrument).title
    out = []
    values = {"total": res.total, **res.subscales}
    for name, value in values.items():
        if value is None:
            continue  # an unscorable score produces no Observation (documented choice, INSTRUMENTS.md §5)
        rid = _uuid(qr_id, name)
        out.append(
            _score_observation(
                patient_id,
                res,
                name,
                value,
                effective=effective,
                derived_from=ref,
                rid=rid,
                title=title,
            )
        )
    if administration.instrument == "acr-fm-survey":
        from painscope.instruments.scoring.acr_survey import to_criteria_input

        crit = build_criteria_observation(
            patient_id,
            CriteriaAssessment(
                "acr2016",
                to_criteria_input(
                    {
                        k: a.value
                        for k, a in validate_answers(
                            load_structure("acr-fm-survey"), administration.answers
                        ).items()
                    }
                ),
                effective,
                id=qr_id + "-acr2016",
            ),
        )
        crit["derivedFrom"] = [{"reference": ref}]
        out.append(crit)
    return out


def _component(code: str, value: Any) -> dict[str, Any]:
    comp: dict[str, Any] = {"code": {"coding": [{"system": SCORES_SYSTEM, "code": code}]}}
    if isinstance(value, bool):
        comp["valueBoolean"] = value
    elif isinstance(value, int):
        comp["valueInteger"] = value
    elif isinstance(value, float):
        comp["valueQuantity"] = _quantity(value)
    else:
        comp["valueString"] = str(value)
    return comp


def build_criteria_observation(
    patient_id: str, assessment: CriteriaAssessment, *, result: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An Observation for a criteria evaluation, with every per-criterion step as a component."""
    name = assessment.criteria
    if name not in _CRITERIA_CODES:
        raise InstrumentError(f"unknown criteria '{name}'; known: {', '.join(_CRITERIA_CODES)}")
    res = dict(result) if result is not None else evaluate_criteria(name, assessment.input)
    effective = _iso(assessment.effective)
    code = _CRITERIA_CODES[name]
    obs: dict[str, Any] = {
        "resourceType": "Observation",
        "id": _uuid(patient_id, name, effective, assessment.id or ""),
        "status": "final",
        "category": [{"coding": [{"system": CATEGORY, "code": "exam", "display": "Exam"}]}],
        "code": {
            "coding": [{"system": SCORES_SYSTEM, "code": code}],
            "text": code.replace("-", " "),
        },
        "subject": {"reference": f"Patient/{patient_id}"},
        "effectiveDateTime": effective,
        "method": {"text": res.get("method") or res.get("source", "")},
        "note": [{"text": r} for r in res.get("reasons", [])],
    }
    comps = []
    if name.startswith("acr"):
        obs["valueBoolean"] = bool(res["criteria_met"])
        for key in (
            "wpi",
            "sss",
            "fs",
            "regions_with_pain",
            "generalized_pain",
            "criterion_1",
            "duration_ok",
        ):
            comps.append(_component(f"{name}-{key.replace('_', '-')}", res[key]))
        comps.append(_component(f"{name}-psd-band", res["psd_band"]))
        obs["method"] = {
            "text": f"{name.upper()} fibromyalgia criteria ({res['mode'].replace('_', ' ')}); {res['source']}"
        }
    else:
        obs["valueCodeableConcept"] = {
            "coding": [{"system": SCORES_SYSTEM, "code": f"{name}-{res['grade']}"}],
            "text": res["grade"].replace("_", " "),
        }
        steps = res.get("criteria") or res.get("steps") or {}
        for key, value in steps.items():
            comps.append(_component(f"{name}-{key.replace('_', '-')}", bool(value)))
        if name == "nociplastic":
            comps.append(_component("nociplastic-mixed-pain", bool(res["mixed_pain"])))
    obs["component"] = comps
    if assessment.performer:
        obs["performer"] = [{"reference": assessment.performer}]
    return obs


def build_bundle(
    patient_id: str,
    administrations: Iterable[Administration | CriteriaAssessment],
) -> dict[str, Any]:
    """A ``collection`` Bundle with a QuestionnaireResponse and its Observations per administration.

    Entries use ``urn:uuid:`` full URLs (UUIDv5 from patient, instrument, time and id, so the
    same data always gives the same Bundle) and reference each other by them.
    """
    entries: list[dict[str, Any]] = []
    for adm in administrations:
        if isinstance(adm, CriteriaAssessment):
            obs = build_criteria_observation(patient_id, adm)
            entries.append({"fullUrl": f"urn:uuid:{obs['id']}", "resource": obs})
            continue
        qr = build_questionnaire_response(patient_id, adm)
        qr_url = f"urn:uuid:{qr['id']}"
        entries.append({"fullUrl": qr_url, "resource": qr})
        for obs in build_observations(patient_id, adm, questionnaire_response_ref=qr_url):
            entries.append({"fullUrl": f"urn:uuid:{obs['id']}", "resource": obs})
    return {"resourceType": "Bundle", "type": "collection", "entry": entries}


@cache
def _codesystem_text() -> str:
    return (resources.files("painscope.instruments") / "codesystem-scores.json").read_text(
        encoding="utf-8"
    )


def scores_codesystem() -> dict[str, Any]:
    """The project CodeSystem (``SCORES_SYSTEM``) as a FHIR resource (dict)."""
    return json.loads(_codesystem_text())


# -- reading a QuestionnaireResponse back ------------------------------------------------------


@cache
def _instrument_by_url() -> dict[str, str]:
    from painscope.instruments.registry import instrument_ids

    return {load_structure(i).url: i for i in instrument_ids()}


def read_questionnaire_response(resource: Mapping[str, Any]) -> Administration:
    """The administration a completed QuestionnaireResponse of a painscope instrument holds
    (the inverse of :func:`build_questionnaire_response`).

    Raises :class:`InstrumentError` naming the element for anything else: an unknown
    questionnaire, a status other than completed, a time without an offset, an answer of the
    wrong type (``validate_answers`` checks every answer against the instrument).
    """
    url = resource.get("questionnaire")
    if not isinstance(url, str) or not url:
        raise InstrumentError("questionnaire: the canonical URL of the questionnaire is missing")
    instrument = _instrument_by_url().get(url.split("|", 1)[0])
    if instrument is None:
        raise InstrumentError(f"questionnaire: {url[:80]!r} is not one of painscope's instruments")
    if resource.get("status") != "completed":
        raise InstrumentError("status: only completed responses are read")
    authored = resource.get("authored")
    try:
        when = datetime.fromisoformat(str(authored).replace("Z", "+00:00"))
    except ValueError:
        raise InstrumentError(f"authored: {str(authored)[:40]!r} is not a date and time") from None
    if when.tzinfo is None:
        raise InstrumentError("authored: the time needs a UTC offset")
    items = resource.get("item", [])
    if not isinstance(items, list):
        raise InstrumentError("item: must be a list")
    answers: dict[str, Any] = {}
    for item in items:
        link = item.get("linkId") if isinstance(item, dict) else None
        given = item.get("answer") if isinstance(item, dict) else None
        if not isinstance(link, str) or not isinstance(given, list) or len(given) != 1 or not isinstance(given[0], dict):
            raise InstrumentError("item: each item needs a linkId and exactly one answer")
        a = given[0]
        if isinstance(a.get("valueCoding"), dict):
            answers[link] = a["valueCoding"].get("code")
        elif "valueTime" in a and isinstance(a["valueTime"], str):
            t = a["valueTime"]
            answers[link] = t[:5] if len(t) == 8 and t.endswith(":00") else t
        else:
            for key in ("valueInteger", "valueDecimal", "valueBoolean", "valueString"):
                if key in a:
                    answers[link] = a[key]
                    break
            else:
                raise InstrumentError(f"item {link[:40]}: the answer has no value painscope reads")
    validate_answers(load_structure(instrument), answers)
    return Administration(instrument, answers, when)
