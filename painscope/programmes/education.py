"""Pain neuroscience education: six lessons written for painscope, each with its own check.

The concepts follow Moseley & Butler (2015, *J Pain* 16:807-813) in our own words; the
knowledge check is written for this project (two statements per lesson, one true and one
false, answered true / false / not sure, one point per correct answer; PROGRAMMES.md §6). It
is **not** the Neurophysiology of Pain Questionnaire (NPQ-R, Catley et al. 2013), whose items
need permission, and it has not been piloted for difficulty or consistency.

Examples from the person's own diary come only from an analysis that supports them: the
lagged-effects report of :mod:`painscope.insights` (a finding that holds after the
false-discovery correction, lag >= 1 day). Nothing is said when nothing holds.
"""

from __future__ import annotations

from dataclasses import dataclass

from painscope.i18n import N_, gettext

SOURCES = [
    "Moseley GL, Butler DS. Fifteen years of explaining pain: the past, present, and future. J Pain 2015;16:807-813",
    "Louw A et al. The efficacy of pain neuroscience education on musculoskeletal pain: a systematic review. "
    "Physiother Theory Pract 2016;32:332-355",
    "Watson JA et al. Pain neuroscience education for adults with chronic musculoskeletal pain: a mixed-methods "
    "systematic review and meta-analysis. J Pain 2019;20:1140.e1-1140.e22",
    "Leake HB et al. What do patients value learning about pain? Pain 2021;162:2558-2568",
]
ANSWERS = ("true", "false", "not_sure")


@dataclass(frozen=True)
class Statement:
    id: str
    text: str
    true: bool
    why: str


@dataclass(frozen=True)
class Lesson:
    id: str
    title: str
    summary: str
    paragraphs: tuple[str, ...]
    statements: tuple[Statement, Statement]
    minutes: int = 4


LESSONS: tuple[Lesson, ...] = (
    Lesson(
        "protects", N_("Pain protects you"),
        N_("Pain is your nervous system's alarm that something may need protecting."),
        (N_("Pain is made by the brain and nervous system as a response to what they judge as danger. It is real pain, "
         "always, whatever any scan shows."),
         N_("Like a smoke alarm, pain is there to make you act. A good alarm goes off before there is a fire, and a "
         "sensitive one can go off with a slice of burnt toast."),
         N_("So pain tells you how much your system thinks you need protecting - not how much damage there is.")),
        (Statement("protects-1", N_("Pain is a measure of how much tissue is damaged."), False,
                   N_("Pain tracks the need to protect, which often differs from the amount of damage.")),
         Statement("protects-2", N_("Pain can be real and strong when a scan shows nothing wrong."), True,
                   N_("Scans show structure, not how sensitive the nervous system is."))),
    ),
    Lesson(
        "signals", N_("Danger signals are neither needed nor enough"),
        N_("Nerves send danger signals; the brain decides whether they hurt."),
        (N_("Sensors in the tissues send danger signals (nociception) up the spinal cord. They are not pain yet."),
         N_("People can be badly injured and feel nothing for a while, and feel strong pain with no injury at all "
         "(a phantom limb, for example)."),
         N_("The spinal cord and brain can turn the signals up or down. The pathway from the brain back down the spinal "
         "cord (descending control) is one of the volume knobs.")),
        (Statement("signals-1", N_("The spinal cord and brain can turn danger signals up or down."), True,
                   N_("Descending pathways from the brain change how much gets through.")),
         Statement("signals-2", N_("Without danger signals from the tissues there can be no pain."), False,
                   N_("Phantom limb pain shows pain can happen without tissue signals."))),
    ),
    Lesson(
        "cues", N_("Danger and safety cues"),
        N_("Poor sleep, stress and worry turn protection up; safety and understanding turn it down."),
        (N_("Everything the brain knows is used to judge danger: the context, your beliefs, past experience, how "
         "you slept, how stressed you are."),
         N_("Things that say 'danger' (DIMs) raise pain; things that say 'safety' (SIMs) lower it. Both are real, and "
         "you can learn yours."),
         N_("This is why a bad night or a tense week can make the same activity hurt more.")),
        (Statement("cues-1", N_("A bad night's sleep can make pain worse the next day."), True,
                   N_("Sleep loss makes the nervous system more sensitive.")),
         Statement("cues-2", N_("What you believe about your pain makes no difference to how much it hurts."), False,
                   N_("Beliefs and context are part of what the brain weighs."))),
    ),
    Lesson(
        "persistent", N_("When the alarm stays on"),
        N_("In persistent pain the protection system becomes over-protective and outlasts healing."),
        (N_("Most tissues heal within weeks to months. When pain lasts longer, the system that makes pain has often "
         "become more sensitive: it needs less to set it off (central sensitisation)."),
         N_("Brain regions that research links with pain - the somatosensory cortex (where), the insula and anterior "
         "cingulate (how unpleasant, how urgent), the prefrontal cortex (what it means, what to do) - work together "
         "as a network; none is a 'pain centre'."),
         N_("A sensitive system is not damage, and it is not 'in your head' in the sense of imagined.")),
        (Statement("persistent-1", N_("Long-lasting pain usually means the injury is still getting worse."), False,
                   N_("Often the tissues have healed and the system has become over-protective.")),
         Statement("persistent-2", N_("Pain comes from a network of brain areas, not one pain centre."), True,
                   N_("Several regions work together to produce pain."))),
    ),
    Lesson(
        "plastic", N_("Your nervous system can change"),
        N_("Nerves and the immune system are adaptable: what became sensitive can become less so."),
        (N_("The nervous system changes all the time with what you do and learn (plasticity). That is how it became "
         "sensitive, and it is how it can settle."),
         N_("The immune system takes part too: it can keep nerves on alert, and it also calms down."),
         N_("Change is usually slow, over weeks and months, with ups and downs.")),
        (Statement("plastic-1", N_("Once the nervous system is sensitised, it can never change back."), False,
                   N_("Plasticity works both ways; sensitivity can fall.")),
         Statement("plastic-2", N_("The immune system can influence how sensitive nerves are."), True,
                   N_("Immune signals can keep nerves on alert, and settle."))),
    ),
    Lesson(
        "retrain", N_("Retraining the system"),
        N_("Graded movement, pacing, sleep and understanding are ways to turn protection down."),
        (N_("Doing a little more, step by step, tells the system that movement is safe (graded activity and exposure)."),
         N_("Pacing avoids the boom-and-bust of big pushes followed by flares. Sleep and calm breathing lower the "
         "background alarm."),
         N_("Flare-ups will still happen. They are a sign of a sensitive system, not of new damage - but new or "
         "different symptoms still deserve a check with a clinician.")),
        (Statement("retrain-1", N_("Rest until the pain is gone is the best way to recover from persistent pain."), False,
                   N_("Long rest tends to make the system more protective; graded activity helps.")),
         Statement("retrain-2", N_("A flare-up does not have to mean new damage."), True,
                   N_("A sensitive system can flare without new injury; new symptoms still need a check."))),
    ),
)
LESSON_IDS = tuple(lesson.id for lesson in LESSONS)


def lesson(lesson_id: str) -> Lesson:
    for item in LESSONS:
        if item.id == lesson_id:
            return item
    raise KeyError(f"no lesson '{lesson_id}'")


@dataclass(frozen=True)
class CheckResult:
    lesson: str
    correct: int
    total: int
    feedback: list[tuple[str, bool, str]]  # (statement text, answered right, why)

    def to_dict(self) -> dict:
        return {"lesson": self.lesson, "correct": self.correct, "total": self.total,
                "feedback": [{"statement": s, "right": r, "why": w} for s, r, w in self.feedback]}


def score_check(lesson_id: str, answers: dict[str, str]) -> CheckResult:
    """One point per statement answered correctly; 'not sure' scores 0 (PROGRAMMES.md §6)."""
    item = lesson(lesson_id)
    feedback = []
    correct = 0
    for st in item.statements:
        given = answers.get(st.id)
        if given not in ANSWERS:
            raise ValueError(f"{st.id}: answer true, false or not sure")
        right = given == ("true" if st.true else "false")
        correct += right
        feedback.append((st.text, right, st.why))
    return CheckResult(item.id, correct, len(item.statements), feedback)


def progress(done: dict[str, list[int]]) -> dict:
    """Lessons done and knowledge-check scores over time (first and latest per lesson)."""
    rows = []
    for item in LESSONS:
        scores = done.get(item.id, [])
        rows.append({"lesson": item.id, "title": item.title, "done": bool(scores),
                     "first": scores[0] if scores else None, "latest": scores[-1] if scores else None})
    n_done = sum(r["done"] for r in rows)
    return {"lessons": rows, "done": n_done, "total": len(LESSONS), "share": n_done / len(LESSONS)}


def own_examples(findings: list) -> list[str]:
    """Sentences from the person's own analyses, only for findings that hold (lag >= 1 day).

    ``findings`` are :class:`painscope.insights.Finding` objects already filtered by the
    analysis (its ``significant`` list). Returns at most three, or none.
    """
    out = []
    for f in findings:
        if getattr(f, "lag", 0) >= 1 and getattr(f, "sentence", ""):
            out.append(gettext("From your own diary: %(sentence)s This is an example of lesson 3: danger cues "
                               "turn protection up.") % {"sentence": f.sentence})
        if len(out) == 3:
            break
    return out


#: Pathway parts of the visual and the model state that drives each (painscope.model's slow
#: states; labels in painscope.model PLAIN_NAMES), with the value that maps to the top level.
#: The scaling is a project choice for display only.
PATHWAY_DRIVERS: dict[str, tuple[str, float]] = {
    "up": ("S2", 0.5),       # nervous-system sensitivity: how loud danger signals arrive
    "s1": ("S2", 0.5),
    "down": ("D", 1.0),      # the body's own pain brakes: descending control
    "pfc": ("A", 1.0),       # worry and fear about pain: meaning and threat
    "acc": ("A", 1.0),
    "insula": ("H", 1.2),    # stress load: how urgent and unpleasant
}
LEVELS = 5


def pathway_levels(states: dict[str, float]) -> dict[str, int]:
    """Display levels 1-5 for each part of the pathway visual from model states (last day)."""
    out = {}
    for part, (name, top) in PATHWAY_DRIVERS.items():
        value = float(states.get(name, 0.0))
        share = min(1.0, max(0.0, value / top))
        out[part] = 1 + round((LEVELS - 1) * share)
    return out
