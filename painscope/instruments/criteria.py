"""Clinical criteria: ACR fibromyalgia 2010 / 2011 / 2016, IASP 2021 nociplastic, NeuPSIG 2016.

All functions are pure, take a plain dict (the JSON input of ``painscope criteria``) and return a
plain dict with every per-criterion step and human-readable ``reasons``. None of them makes a
diagnosis: a self-report ACR result "meets survey criteria", and the grading systems support a
clinician's judgement.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from painscope.instruments.errors import CriteriaInputError
from painscope.instruments.regions import (
    ACR_REGIONS,
    AREA_REGION,
    FINE_WITHIN,
    NOT_FOR_GENERALIZED,
    WPI_AREAS,
    wpi_area_of,
)

#: Wolfe F et al., J Rheumatol 2015;42:1494: PSD (= FS) categories.
PSD_BANDS = ((0, "none"), (4, "mild"), (8, "moderate"), (12, "severe"), (20, "very_severe"))
#: Wolfe 2011: FS >= 13 best separated criteria-positive cases (sens 96.6 %, spec 91.8 %).
FS_CUTOFF_2011 = 13
#: Symptoms at a similar level for at least 3 months (Wolfe 2010, 2016).
MIN_DURATION_MONTHS = 3

SSS_SEVERITY = ("fatigue", "waking_unrefreshed", "cognitive")
SSS_SOMATIC_2011 = ("headaches", "lower_abdominal", "depression")

_SOURCES = {
    "acr2010": "Wolfe F, Clauw DJ, Fitzcharles MA, et al. Arthritis Care Res 2010;62:600-610",
    "acr2011": "Wolfe F, Clauw DJ, Fitzcharles MA, et al. J Rheumatol 2011;38:1113-1122",
    "acr2016": "Wolfe F, Clauw DJ, Fitzcharles MA, et al. Semin Arthritis Rheum 2016;46:319-329",
}


def _need(data: Mapping[str, Any], key: str, what: str) -> Any:
    if not isinstance(data, Mapping):
        raise CriteriaInputError(f"{what} must be a JSON object (got {type(data).__name__})")
    if key not in data or data[key] is None:
        raise CriteriaInputError(f"{what}: '{key}' is required", field=key)
    return data[key]


def _int_in(value: Any, lo: int, hi: int, name: str) -> int:
    if isinstance(value, bool) and (lo, hi) == (0, 1):
        return int(value)
    if isinstance(value, bool) or not isinstance(value, int | float) or float(value) != int(value):
        raise CriteriaInputError(
            f"{name} must be a whole number from {lo} to {hi} (got {value!r})", field=name
        )
    if not lo <= value <= hi:
        raise CriteriaInputError(f"{name} must be from {lo} to {hi} (got {value!r})", field=name)
    return int(value)


def _duration(data: Mapping[str, Any], what: str) -> float:
    value = _need(data, "duration_months", what)
    if isinstance(value, bool) or not isinstance(value, int | float) or value < 0 or value != value:
        raise CriteriaInputError(
            f"duration_months must be a number of months >= 0 (got {value!r})",
            field="duration_months",
        )
    return float(value)


def _bool(data: Mapping[str, Any], key: str, default: bool | None = None) -> bool:
    value = data.get(key, default)
    if value is None:
        raise CriteriaInputError(f"'{key}' is required (true or false)", field=key)
    if not isinstance(value, bool):
        raise CriteriaInputError(f"{key} must be true or false (got {value!r})", field=key)
    return value


@dataclass(frozen=True)
class WpiAreas:
    """WPI areas read from diary region codes.

    ``areas``: the WPI areas with pain, each once, in the Wolfe 2010 order; ``ignored``: diary
    regions that are not among the 19 WPI areas (``knee_left``, ``head``), not counted;
    ``within``: for those of them that lie inside a WPI area on the body map, that area — a
    hint for the person, never counted.
    """

    areas: list[str]
    ignored: list[str]
    within: dict[str, str]

    def reasons(self) -> list[str]:
        out = []
        if self.ignored:
            reason = (f"not counted: {', '.join(self.ignored)} (diary regions that are not among "
                      "the 19 WPI areas of Wolfe 2010/2016; the index counts only those")
            if self.within:
                hints = ", ".join(f"{k} lies within {v}" for k, v in self.within.items())
                reason += f"; {hints}: mark that area if the pain is there"
            if any(FINE_WITHIN.get(code) is None for code in self.ignored):
                reason += "; headaches are scored in the SSS"
            out.append(reason + ")")
        return out


def read_wpi_areas(areas: Any) -> WpiAreas:
    """WPI areas from the diary's region codes (Wolfe F et al., Arthritis Care Res
    2010;62:600-610: 19 areas; Wolfe F et al., Semin Arthritis Rheum 2016;46:319-329).

    Only the 19 published areas count, each once. The diary's finer regions (knee, hand,
    foot, head, pelvis) are accepted, so a diary's region list can be passed as it is, but
    they are not counted and are reported (issue 14: counting a knee as the upper leg
    changed the published index). A code that is not a diary region is an error.
    """
    if not isinstance(areas, list | tuple):
        raise CriteriaInputError(
            f"wpi_areas must be a list of area codes (got {areas!r})", field="wpi_areas"
        )
    unknown = [a for a in areas if not isinstance(a, str) or (a not in WPI_AREAS and a not in FINE_WITHIN)]
    if unknown:
        raise CriteriaInputError(
            f"unknown area code{'s' if len(unknown) > 1 else ''} "
            f"{', '.join(repr(a) for a in unknown)} in wpi_areas; expected the diary's region "
            f"codes: the WPI areas {', '.join(WPI_AREAS)} or the finer regions "
            f"{', '.join(FINE_WITHIN)} (accepted, not counted)",
            field="wpi_areas",
        )
    hit: set[str] = set()
    ignored: list[str] = []
    within: dict[str, str] = {}
    for code in areas:
        area = wpi_area_of(code)
        if area is None:
            if code not in ignored:
                ignored.append(code)
                if FINE_WITHIN.get(code) is not None:
                    within[code] = FINE_WITHIN[code]  # type: ignore[assignment]
            continue
        hit.add(area)
    return WpiAreas([a for a in WPI_AREAS if a in hit], ignored, within)


def wpi_areas(areas: Any) -> list[str]:
    """The WPI areas with pain from diary region codes, each once (see :func:`read_wpi_areas`)."""
    return read_wpi_areas(areas).areas


def generalized_regions(areas: list[str]) -> list[str]:
    """The ACR 2016 regions with pain, ignoring jaw, chest and abdomen (Wolfe 2016)."""
    hit = {AREA_REGION[a] for a in areas if a not in NOT_FOR_GENERALIZED}
    return [r for r in ACR_REGIONS if r in hit]


def symptom_severity(sss: Any, *, allow_clinician_somatic: bool) -> tuple[int, dict[str, int], str]:
    """SS / SSS score (0-12) from its parts.

    2011 / 2016 form (Wolfe 2011, 2016): fatigue, waking unrefreshed, cognitive symptoms
    (0-3 each, past week) + headaches, lower-abdominal pain or cramps, depression (0/1 each,
    previous 6 months). The 2010 form (Wolfe 2010) replaces the three 0/1 items by the
    clinician's 0-3 rating of somatic symptoms in general (``somatic_symptoms``).
    """
    if not isinstance(sss, Mapping):
        raise CriteriaInputError(f"sss must be an object (got {sss!r})", field="sss")
    parts = {k: _int_in(_need(sss, k, "sss"), 0, 3, f"sss.{k}") for k in SSS_SEVERITY}
    if "somatic_symptoms" in sss:
        if not allow_clinician_somatic:
            raise CriteriaInputError(
                "sss.somatic_symptoms (clinician 0-3 rating) belongs to the ACR 2010 criteria; "
                "use headaches, lower_abdominal and depression (0/1) for 2011 and 2016",
                field="sss.somatic_symptoms",
            )
        if any(k in sss for k in SSS_SOMATIC_2011):
            raise CriteriaInputError(
                "give either sss.somatic_symptoms (2010) or headaches/lower_abdominal/depression "
                "(2011), not both",
                field="sss",
            )
        parts["somatic_symptoms"] = _int_in(sss["somatic_symptoms"], 0, 3, "sss.somatic_symptoms")
        form = "2010 clinician somatic-symptom rating"
    else:
        for k in SSS_SOMATIC_2011:
            parts[k] = _int_in(_need(sss, k, "sss"), 0, 1, f"sss.{k}")
        form = "2011 self-report symptom count"
    extra = set(sss) - set(SSS_SEVERITY) - set(SSS_SOMATIC_2011) - {"somatic_symptoms"}
    if extra:
        raise CriteriaInputError(f"unknown sss field {sorted(extra)[0]!r}", field="sss")
    return sum(parts.values()), parts, form


def _psd_band(fs: int) -> str:
    label = PSD_BANDS[0][1]
    for lower, name in PSD_BANDS:
        if fs >= lower:
            label = name
    return label


def _acr(data: Mapping[str, Any], version: str) -> dict[str, Any]:
    what = f"{version} input"
    if not isinstance(data, Mapping):
        raise CriteriaInputError(f"{what} must be a JSON object (got {type(data).__name__})")
    allowed = {"wpi_areas", "sss", "duration_months", "other_disorder_explains_pain", "mode"}
    extra = set(data) - allowed
    if extra:
        raise CriteriaInputError(
            f"unknown field {sorted(extra)[0]!r} in {what}", field=sorted(extra)[0]
        )
    read = read_wpi_areas(_need(data, "wpi_areas", what))
    areas = read.areas
    sss, parts, form = symptom_severity(
        _need(data, "sss", what), allow_clinician_somatic=version == "acr2010"
    )
    months = _duration(data, what)
    mode = data.get("mode", "self_report")
    if mode not in ("self_report", "clinician"):
        raise CriteriaInputError(
            f"mode must be 'self_report' or 'clinician' (got {mode!r})", field="mode"
        )
    wpi = len(areas)
    fs = wpi + sss
    regions = generalized_regions(areas)
    generalized = len(regions) >= 4
    lower = 4 if version == "acr2016" else 3
    c1 = (wpi >= 7 and sss >= 5) or (lower <= wpi <= 6 and sss >= 9)
    duration_ok = months >= MIN_DURATION_MONTHS
    reasons = [
        f"WPI {wpi}, SSS {sss}: criterion 1 {'met' if c1 else 'not met'} "
        f"(needs WPI >= 7 with SSS >= 5, or WPI {lower}-6 with SSS >= 9)",
        f"symptoms for {months:g} months: {'met' if duration_ok else 'not met'} (needs >= 3 months)",
    ]
    reasons += read.reasons()
    met = c1 and duration_ok
    out: dict[str, Any] = {
        "version": version,
        "source": _SOURCES[version],
        "wpi": wpi,
        "sss": sss,
        "sss_parts": parts,
        "sss_form": form,
        "fs": fs,
        "psd_band": _psd_band(fs),
        "areas": areas,
        "areas_ignored": read.ignored,
        "areas_ignored_within": read.within,
        "regions": regions,
        "regions_with_pain": len(regions),
        "generalized_pain": generalized,
        "criterion_1": c1,
        "duration_ok": duration_ok,
    }
    if version == "acr2016":
        reasons.insert(
            1,
            f"pain in {len(regions)} of 5 regions ({', '.join(regions) or 'none'}; jaw, chest and "
            f"abdomen not counted): generalized pain {'met' if generalized else 'not met'} (needs >= 4)",
        )
        met = met and generalized
        if _bool(data, "other_disorder_explains_pain", default=False):
            reasons.append(
                "another disorder was reported: it does not exclude fibromyalgia, the 2016 "
                "criteria are valid irrespective of other diagnoses (Wolfe 2016)"
            )
        else:
            reasons.append("valid irrespective of other diagnoses (Wolfe 2016)")
    else:
        other = _bool(data, "other_disorder_explains_pain", default=False)
        if "other_disorder_explains_pain" not in data:
            reasons.append(
                "no other disorder explaining the pain assumed (other_disorder_explains_pain not given)"
            )
        elif other:
            reasons.append(
                "another disorder explains the pain: criteria not met (Wolfe 2010 criterion 3)"
            )
        else:
            reasons.append("no other disorder explains the pain")
        out["other_disorder_explains_pain"] = other
        met = met and not other
    if version == "acr2011":
        out["fs_ge_13"] = fs >= FS_CUTOFF_2011
        reasons.append(
            f"FS {fs} {'>=' if fs >= FS_CUTOFF_2011 else '<'} 13 (the best single FS cut-off, Wolfe 2011)"
        )
    if mode == "self_report":
        label = (
            "meets survey criteria for fibromyalgia"
            if met
            else "does not meet survey criteria for fibromyalgia"
        )
        reasons.append("self-report: a survey result for research and screening, not a diagnosis")
    else:
        label = (
            "meets criteria for fibromyalgia" if met else "does not meet criteria for fibromyalgia"
        )
    out["criteria_met"] = met
    out["label"] = label
    out["mode"] = mode
    out["reasons"] = reasons
    return out


def acr_2016(data: Mapping[str, Any]) -> dict[str, Any]:
    """ACR 2016 revised fibromyalgia criteria (Wolfe et al., Semin Arthritis Rheum 2016;46:319-329).

    Met when all hold: (1) WPI >= 7 and SSS >= 5, or WPI 4-6 and SSS >= 9; (2) generalized
    pain: pain in >= 4 of the 5 regions, jaw, chest and abdomen not counted; (3) symptoms for
    >= 3 months; (4) valid irrespective of other diagnoses. FS = WPI + SSS (0-31) is always
    reported with its PSD category (Wolfe 2015).

    Parameters
    ----------
    data : dict
        ``{"wpi_areas": [...diary region codes...], "sss": {"fatigue", "waking_unrefreshed",
        "cognitive": 0-3, "headaches", "lower_abdominal", "depression": 0|1},
        "duration_months": N, "mode": "self_report"|"clinician" (optional)}``.
    """
    return _acr(data, "acr2016")


def acr_2010(data: Mapping[str, Any]) -> dict[str, Any]:
    """ACR 2010 preliminary criteria (Wolfe et al., Arthritis Care Res 2010;62:600-610).

    Met when (WPI >= 7 and SS >= 5) or (WPI 3-6 and SS >= 9), symptoms >= 3 months, and no
    other disorder explains the pain (``other_disorder_explains_pain``, default false and
    stated in the reasons). SS may use the clinician's somatic-symptom rating
    (``sss.somatic_symptoms`` 0-3) or the 2011 self-report count.
    """
    return _acr(data, "acr2010")


def acr_2011(data: Mapping[str, Any]) -> dict[str, Any]:
    """ACR 2010 criteria as modified for self-report (Wolfe et al., J Rheumatol 2011;38:1113-1122).

    Same thresholds as 2010 with the self-report SS (three 0/1 symptoms of the previous 6
    months); also reports FS = WPI + SS and whether FS >= 13. For research and surveys, not
    self-diagnosis.
    """
    return _acr(data, "acr2011")


# IASP 2021 nociplastic pain ------------------------------------------------------------------

NOCIPLASTIC_SOURCE = (
    "Kosek E, Clauw D, Nijs J, et al. Chronic nociplastic pain affecting the musculoskeletal "
    "system: clinical criteria and grading system. Pain 2021;162:2629-2634"
)
DISTRIBUTIONS = ("discrete", "regional", "multifocal", "widespread")
HYPERSENSITIVITY_SIGNS = (
    "static_mechanical_allodynia",
    "dynamic_mechanical_allodynia",
    "heat_allodynia",
    "cold_allodynia",
    "painful_aftersensations",
)
COMORBIDITIES = ("sensory_sensitivity", "sleep_disturbance", "fatigue", "cognitive_problems")
_NOCI_FIELDS = {
    "duration_months",
    "distribution",
    "nociceptive_fully_explains",
    "neuropathic_fully_explains",
    "nociceptive_present",
    "neuropathic_present",
    "signs_hypersensitivity",
    "history_hypersensitivity",
    "comorbidities",
}


def _codes(data: Mapping[str, Any], key: str, allowed: tuple[str, ...]) -> list[str]:
    value = data.get(key, [])
    if not isinstance(value, list | tuple):
        raise CriteriaInputError(f"{key} must be a list (got {value!r})", field=key)
    unknown = [v for v in value if v not in allowed]
    if unknown:
        raise CriteriaInputError(
            f"unknown {key} entry {unknown[0]!r}; expected some of {', '.join(allowed)}", field=key
        )
    return [a for a in allowed if a in set(value)]


def nociplastic_2021(data: Mapping[str, Any]) -> dict[str, Any]:
    """IASP 2021 clinical criteria and grading for nociplastic pain (Kosek et al. 2021).

    Criteria (paraphrased): (1) pain for more than 3 months; (2) regional, multifocal or
    widespread rather than discrete distribution; (3) not entirely explained by nociceptive
    mechanisms and not entirely explained by neuropathic mechanisms; (4) clinical signs of
    pain hypersensitivity in the painful region (at least one of static or dynamic mechanical
    allodynia, heat or cold allodynia, painful after-sensations); (5) history of pain
    hypersensitivity in the painful region; (6) at least one comorbidity (sensitivity to
    sound/light/odours, sleep disturbance with frequent awakenings, fatigue, cognitive
    problems). Possible = 1-4; probable = possible + 5 + 6. There is no "definite" level.
    Scope: pain affecting the musculoskeletal system (the generic criteria, not the Nijs 2023
    low-back-pain variant).

    Parameters
    ----------
    data : dict
        ``duration_months`` (number), ``distribution`` (discrete | regional | multifocal |
        widespread), ``nociceptive_fully_explains`` and ``neuropathic_fully_explains`` (bool),
        optional ``nociceptive_present`` / ``neuropathic_present`` (bool, default false: a
        nociceptive or neuropathic component that is present but does not fully explain the
        pain, reported as mixed pain), ``signs_hypersensitivity`` (list), ``history_hypersensitivity``
        (bool), ``comorbidities`` (list).

    Returns
    -------
    dict
        ``grade`` (not_met | possible | probable), ``criteria`` (c1-c6 booleans),
        ``mixed_pain`` and ``mixed_components``, ``reasons``, ``source``.
    """
    what = "nociplastic input"
    if not isinstance(data, Mapping):
        raise CriteriaInputError(f"{what} must be a JSON object (got {type(data).__name__})")
    extra = set(data) - _NOCI_FIELDS
    if extra:
        raise CriteriaInputError(
            f"unknown field {sorted(extra)[0]!r} in {what}", field=sorted(extra)[0]
        )
    months = _duration(data, what)
    distribution = _need(data, "distribution", what)
    if distribution not in DISTRIBUTIONS:
        raise CriteriaInputError(
            f"distribution must be one of {', '.join(DISTRIBUTIONS)} (got {distribution!r})",
            field="distribution",
        )
    noci_full = _bool(data, "nociceptive_fully_explains")
    neuro_full = _bool(data, "neuropathic_fully_explains")
    noci_present = _bool(data, "nociceptive_present", default=False) or noci_full
    neuro_present = _bool(data, "neuropathic_present", default=False) or neuro_full
    signs = _codes(data, "signs_hypersensitivity", HYPERSENSITIVITY_SIGNS)
    history = _bool(data, "history_hypersensitivity")
    comorbid = _codes(data, "comorbidities", COMORBIDITIES)

    c = {
        "c1_chronic": months > 3,
        "c2_distribution": distribution != "discrete",
        "c3_not_entirely_nociceptive": not noci_full,
        "c3_not_entirely_neuropathic": not neuro_full,
        "c4_clinical_signs": bool(signs),
        "c5_history": history,
        "c6_comorbidity": bool(comorbid),
    }
    reasons = [
        f"criterion 1 (pain > 3 months): {'met' if c['c1_chronic'] else 'not met'} ({months:g} months)",
        f"criterion 2 (regional, multifocal or widespread): {'met' if c['c2_distribution'] else 'not met'} ({distribution})",
        "criterion 3 (not entirely nociceptive): "
        + ("not met - nociceptive mechanisms fully explain the pain" if noci_full else "met"),
        "criterion 3 (not entirely neuropathic): "
        + ("not met - neuropathic mechanisms fully explain the pain" if neuro_full else "met"),
        "criterion 4 (clinical signs of hypersensitivity): "
        + (
            f"met ({', '.join(signs)})"
            if signs
            else "not met - signs on examination are required for 'possible'"
        ),
        f"criterion 5 (history of hypersensitivity): {'met' if history else 'not met'}",
        "criterion 6 (comorbidity): " + (f"met ({', '.join(comorbid)})" if comorbid else "not met"),
    ]
    possible = all(
        c[k]
        for k in (
            "c1_chronic",
            "c2_distribution",
            "c3_not_entirely_nociceptive",
            "c3_not_entirely_neuropathic",
            "c4_clinical_signs",
        )
    )
    probable = possible and c["c5_history"] and c["c6_comorbidity"]
    grade = "probable" if probable else "possible" if possible else "not_met"
    components = [
        name
        for name, present, full in (
            ("nociceptive", noci_present, noci_full),
            ("neuropathic", neuro_present, neuro_full),
        )
        if present and not full
    ]
    mixed = possible and bool(components)
    if mixed:
        reasons.append(
            f"mixed pain: a {' and a '.join(components)} component is present but does not fully "
            f"explain the pain; nociplastic pain can coexist with it (Kosek 2021)"
        )
    reasons.append("grading supports clinical judgement; there is no 'definite' nociplastic pain")
    return {
        "grade": grade,
        "criteria": c,
        "mixed_pain": mixed,
        "mixed_components": components if mixed else [],
        "reasons": reasons,
        "method": "IASP 2021 (Kosek et al.), generic musculoskeletal criteria",
        "source": NOCIPLASTIC_SOURCE,
    }


# NeuPSIG 2016 neuropathic pain grading ----------------------------------------------------------

NEUPSIG_SOURCE = (
    "Finnerup NB, Haroutounian S, Kamerman P, et al. Neuropathic pain: an updated grading "
    "system for research and clinical practice. Pain 2016;157:1599-1606"
)
_NEUPSIG_FIELDS = {
    "history_lesion_or_disease",
    "plausible_distribution",
    "sensory_signs_in_distribution",
    "confirmatory_test",
    "screening_positive",
}


def neupsig_2016(data: Mapping[str, Any]) -> dict[str, Any]:
    """NeuPSIG grading of neuropathic pain (Finnerup et al. 2016).

    Steps (paraphrased): possible = history of a relevant lesion or disease of the
    somatosensory nervous system **and** a neuroanatomically plausible pain distribution;
    probable = possible + sensory signs (negative or positive) in the same distribution on
    examination; definite = probable + a diagnostic test confirming the lesion or disease.
    A positive test without demonstrable signs stays "probable" (never "definite"); this
    branch is marked *to verify* against the paper (INSTRUMENTS.md §7). Screening tools (DN4,
    painDETECT) raise suspicion but are not part of the grading.

    Parameters
    ----------
    data : dict
        ``history_lesion_or_disease``, ``plausible_distribution``,
        ``sensory_signs_in_distribution``, ``confirmatory_test`` (all bool; the last two
        default to false), optional ``screening_positive`` (bool; reported, never graded).

    Returns
    -------
    dict
        ``grade`` (unlikely | possible | probable | definite), ``steps``, ``note``,
        ``reasons``, ``method``, ``source``.
    """
    what = "neupsig input"
    if not isinstance(data, Mapping):
        raise CriteriaInputError(f"{what} must be a JSON object (got {type(data).__name__})")
    extra = set(data) - _NEUPSIG_FIELDS
    if extra:
        raise CriteriaInputError(
            f"unknown field {sorted(extra)[0]!r} in {what}", field=sorted(extra)[0]
        )
    history = _bool(data, "history_lesion_or_disease")
    plausible = _bool(data, "plausible_distribution")
    signs = _bool(data, "sensory_signs_in_distribution", default=False)
    test = _bool(data, "confirmatory_test", default=False)
    steps = {
        "history_lesion_or_disease": history,
        "plausible_distribution": plausible,
        "sensory_signs_in_distribution": signs,
        "confirmatory_test": test,
    }
    note = None
    reasons = [
        f"history of a relevant lesion or disease: {'yes' if history else 'no'}",
        f"neuroanatomically plausible distribution: {'yes' if plausible else 'no'}",
    ]
    if not (history and plausible):
        grade = "unlikely"
        reasons.append(
            "working hypothesis of neuropathic pain not established (needs both of the above)"
        )
    elif signs:
        grade = "definite" if test else "probable"
        reasons.append("sensory signs in the same distribution on examination: yes")
        reasons.append(
            "diagnostic test confirms the lesion or disease: yes"
            if test
            else "no confirmatory test: grade stays 'probable'"
        )
    elif test:
        grade = "probable"
        note = "no_signs_test_confirmed"
        reasons.append(
            "no sensory signs shown, but a test confirms the lesion or disease: 'probable', not 'definite'"
        )
    else:
        grade = "possible"
        reasons.append("no sensory signs and no confirmatory test: 'possible' (working hypothesis)")
    if "screening_positive" in data:
        positive = _bool(data, "screening_positive")
        reasons.append(
            f"screening tool {'positive' if positive else 'negative'}: noted, not part of the grading"
        )
    if grade == "definite":
        reasons.append(
            "'definite' confirms the lesion or disease; it does not prove that it causes the pain"
        )
    return {
        "grade": grade,
        "steps": steps,
        "note": note,
        "reasons": reasons,
        "method": "NeuPSIG 2016 (Finnerup et al.)",
        "source": NEUPSIG_SOURCE,
    }


CRITERIA = {
    "acr2016": acr_2016,
    "acr2010": acr_2010,
    "acr2011": acr_2011,
    "nociplastic": nociplastic_2021,
    "neupsig": neupsig_2016,
}


def evaluate_criteria(name: str, data: Mapping[str, Any]) -> dict[str, Any]:
    """Run the criteria set ``name`` (one of :data:`CRITERIA`) on ``data``."""
    if name not in CRITERIA:
        raise CriteriaInputError(f"unknown criteria '{name}'; known: {', '.join(CRITERIA)}")
    return CRITERIA[name](data)
