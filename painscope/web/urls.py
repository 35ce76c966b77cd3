"""URL map of the painscope site. Each app adds its own ``urls.py`` here."""

from django.urls import include, path

from painscope.web import health
from painscope.web.api.main import api

urlpatterns = [
    path("healthz", health.healthz, name="healthz"),
    path("api/v1/", api.urls),
    path("accounts/", include("painscope.web.accounts.urls")),
    path("assessments/", include("painscope.web.assessments.urls")),
    path("wearables/", include("painscope.web.wearables.urls")),
    path("insights/", include("painscope.web.insights_web.urls")),
    path("explain/", include("painscope.web.explain.urls")),
    path("", include("painscope.web.journal.urls")),
]

# JSON 404s under /api/, the site's own page elsewhere.
handler404 = "painscope.web.journal.views.not_found"
