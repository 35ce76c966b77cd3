"""painscope.instruments — validated questionnaires and clinical criteria, scored exactly.

Pure package (no Django, no database). Definitions are FHIR R4 Questionnaires in
``questionnaires/``; scoring rules are pure functions in ``scoring/`` with their sources;
criteria (ACR 2010/2011/2016, IASP 2021 nociplastic, NeuPSIG 2016) are in ``criteria.py``.

Public API::

    list_instruments(text_packs=None) -> list[dict]
    get_instrument(id) -> Instrument
    score(id, answers, previous=None, *, strict=False, crisis_contacts=(), text_packs=None) -> ScoreResult
    items_for_display(id, text_packs=None) -> list[dict]
    load_text_packs(path=None) -> TextPacks
    build_bundle(patient_id, administrations) -> dict   (FHIR R4 collection Bundle)
    acr_2016(input), acr_2010(input), acr_2011(input), nociplastic_2021(input), neupsig_2016(input)
"""

from painscope.instruments.api import (
    items_for_display,
    list_instruments,
    meaningful_change,
    missing_answers,
    score,
)
from painscope.instruments.criteria import (
    CRITERIA,
    acr_2010,
    acr_2011,
    acr_2016,
    evaluate_criteria,
    neupsig_2016,
    nociplastic_2021,
)
from painscope.instruments.errors import (
    AnswerError,
    CriteriaInputError,
    InstrumentError,
    TextPackError,
    TextUnavailableError,
    UnknownInstrumentError,
)
from painscope.instruments.fhir import (
    Administration,
    CriteriaAssessment,
    build_bundle,
    build_criteria_observation,
    build_observations,
    build_questionnaire_response,
    read_questionnaire_response,
)
from painscope.instruments.forms import FORMS as CLINICIAN_FORMS
from painscope.instruments.forms import evaluate_form, form_to_criteria_input
from painscope.instruments.registry import Instrument, get_instrument, instrument_ids
from painscope.instruments.result import Flag, ScoreResult
from painscope.instruments.safety import DEFAULT_CRISIS_CONTACTS, phq9_item9_flag
from painscope.instruments.structure import load_questionnaire
from painscope.instruments.textpacks import TextPacks, load_text_packs

__all__ = [
    "CLINICIAN_FORMS",
    "CRITERIA",
    "DEFAULT_CRISIS_CONTACTS",
    "Administration",
    "AnswerError",
    "CriteriaAssessment",
    "CriteriaInputError",
    "Flag",
    "Instrument",
    "InstrumentError",
    "ScoreResult",
    "TextPackError",
    "TextPacks",
    "TextUnavailableError",
    "UnknownInstrumentError",
    "acr_2010",
    "acr_2011",
    "acr_2016",
    "build_bundle",
    "build_criteria_observation",
    "build_observations",
    "build_questionnaire_response",
    "evaluate_criteria",
    "evaluate_form",
    "form_to_criteria_input",
    "get_instrument",
    "instrument_ids",
    "items_for_display",
    "list_instruments",
    "load_questionnaire",
    "load_text_packs",
    "meaningful_change",
    "missing_answers",
    "neupsig_2016",
    "nociplastic_2021",
    "phq9_item9_flag",
    "read_questionnaire_response",
    "score",
]
