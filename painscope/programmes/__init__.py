"""Self-management programmes: plans, titration rules, scoring and norms (no Django).

Six programmes, each a module: :mod:`pacing`, :mod:`gmi` (graded motor imagery),
:mod:`cbt` (thought record and graded exposure), :mod:`sleep` (CBT for insomnia),
:mod:`breathing` (breathing pacer, body scan, PMR) and :mod:`education` (pain neuroscience
education). :data:`PROGRAMMES` is the catalogue the CLI (``painscope programmes list``) and
the web pages read. Protocols, norms and safety gates: PROGRAMMES.md and docs/programmes/.
"""

from __future__ import annotations

from dataclasses import dataclass

from painscope.i18n import N_
from painscope.programmes import breathing, cbt, education, gmi, pacing, sleep


@dataclass(frozen=True)
class Programme:
    id: str
    title: str
    summary: str
    evidence: str
    sources: tuple[str, ...]
    #: "learning" programmes do not switch off (AB design); "reversible" ones can be tested on/off (ABAB).
    design: str
    weeks: int

    def to_dict(self) -> dict:
        return {"id": self.id, "title": self.title, "summary": self.summary, "evidence": self.evidence,
                "sources": list(self.sources), "design": self.design, "weeks": self.weeks}


PROGRAMMES: tuple[Programme, ...] = (
    Programme(
        "pacing", N_("Pacing and graded activity"),
        N_("Do a set amount of a chosen activity each day - the same on good and bad days - and grow it a little each week."),
        N_("Trial evidence for pacing alone is thin (Nielson et al. 2013). Exercise is the only treatment with a strong "
        "recommendation in fibromyalgia (EULAR 2017), and NICE NG193 offers exercise programmes for chronic primary "
        "pain. With ME/CFS or post-exertional malaise, NICE NG206 advises against fixed increments."),
        tuple(pacing.SOURCES), "learning", 8),
    Programme(
        "gmi", N_("Graded motor imagery"),
        N_("Train your brain's map of the body: say quickly whether a pictured hand or foot is left or right, then "
        "imagine movements, then use a mirror."),
        N_("In complex regional pain syndrome and phantom limb pain, small trials found less pain after the full "
        "programme (Moseley 2004, 2006); left/right training alone showed no effect (Bowering et al. 2013). Outside "
        "those conditions there is little evidence."),
        tuple(gmi.SOURCES), "learning", 6),
    Programme(
        "thought-record", N_("Thoughts and fears (CBT for pain)"),
        N_("Write down a hard moment and weigh the thought behind it; list feared activities and face them step by step."),
        N_("Psychological therapies give small gains in pain, disability and distress over usual care (Williams et al. "
        "2020, Cochrane, 75 trials). Graded exposure helped people with high fear of movement in single-case trials "
        "(Vlaeyen et al. 2001)."),
        tuple(cbt.SOURCES), "learning", 8),
    Programme(
        "sleep", N_("Better sleep (CBT for insomnia)"),
        N_("Keep a short sleep diary; painscope sets a sleep window from it and adjusts it each week."),
        N_("In 12 trials with 762 people with chronic pain, CBT for insomnia improved sleep clearly (SMD 0.89) and pain "
        "a little (SMD 0.20) (Selvanathan et al. 2021)."),
        (sleep.SOURCE, "Selvanathan J et al. CBT-I for chronic pain: systematic review and meta-analysis. "
                       "Sleep Med Rev 2021;60:101460",
         "Kyle SD et al. Sleep restriction therapy: side effects. Sleep 2014;37:229-237"),
        "learning", 6),
    Programme(
        "breathing", N_("Breathing and relaxation"),
        N_("Slow breathing with a visual pacer, a body scan or progressive muscle relaxation - a few minutes a day."),
        N_("In 58 trials HRV biofeedback had small-to-moderate effects, largest on anxiety and depression (Lehrer et al. "
        "2020); a small open study in fibromyalgia found less pain and depression (Hassett et al. 2007)."),
        tuple(breathing.SOURCES), "reversible", 4),
    Programme(
        "education", N_("How pain works (pain neuroscience education)"),
        N_("Six short lessons on why pain happens and how it can settle, each with a two-question check."),
        N_("Across trials, pain education improved knowledge and reduced fear of movement; effects on pain itself were "
        "small (Louw et al. 2016; Watson et al. 2019)."),
        tuple(education.SOURCES), "learning", 3),
)
PROGRAMME_IDS = tuple(p.id for p in PROGRAMMES)


def programme(programme_id: str) -> Programme:
    for p in PROGRAMMES:
        if p.id == programme_id:
            return p
    raise KeyError(f"no programme '{programme_id}'; known: {', '.join(PROGRAMME_IDS)}")


def catalogue() -> dict:
    """The document of ``painscope programmes list --json``."""
    return {"programmes": [{"id": p.id, "title": p.title, "sources": list(p.sources)} for p in PROGRAMMES]}


__all__ = ["PROGRAMMES", "PROGRAMME_IDS", "Programme", "breathing", "catalogue", "cbt", "education", "gmi",
           "pacing", "programme", "sleep"]
