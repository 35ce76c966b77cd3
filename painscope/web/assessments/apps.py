from django.apps import AppConfig
from django.core import checks


class AssessmentsConfig(AppConfig):
    name = "painscope.web.assessments"
    label = "assessments"

    def ready(self) -> None:
        checks.register(check_text_packs)


def check_text_packs(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """Validate the site's text packs (``PAINSCOPE_TEXT_PACKS``) at start-up.

    A warning, not an error: a bad pack must not take the whole site down; the shipped
    questionnaires keep working and the questionnaires page says why the others are missing.
    """
    from painscope.web.assessments import services

    services.reload_text_packs()
    problem = services.text_pack_problem()
    if not problem:
        return []
    return [
        checks.Warning(
            f"the site's questionnaire text packs could not be loaded: {problem}",
            hint="Fix the file named above (see docs/instruments.md, 'Licence tiers and text packs'); "
            "until then only the questionnaires shipped with painscope are offered.",
            id="assessments.W001",
        )
    ]
