"""URL map of the painscope site. Each app adds its own ``urls.py`` here."""

from django.urls import include, path
from django.views.decorators.cache import cache_page
from django.views.i18n import JavaScriptCatalog

from painscope import __version__
from painscope.web import health
from painscope.web.api.main import api
from painscope.web.reminders.urls import root_urlpatterns as reminder_root_urls
from painscope.web.welcome.views import home

# The words the site's own scripts write (journal's static/painscope/*.js, the djangojs
# catalogue: docs/translations.md), in the page's language. They change only with a deploy:
# an hour in the server's cache (one copy per language, Django adds it to the key) and in the
# browser's; base.html puts the language in the address, so a person who changes language
# in Account gets the other catalogue at once.
javascript_catalog = cache_page(60 * 60, key_prefix=f"jsi18n-{__version__}")(
    JavaScriptCatalog.as_view(packages=["painscope.web.journal"])
)

urlpatterns = [
    # "/" is the overview when signed in (journal's dashboard view, called by ``home``) and
    # the public landing page when not; it answers before journal's own "" pattern.
    path("", home, name="dashboard"),
    path("healthz", health.healthz, name="healthz"),
    path("jsi18n/", javascript_catalog, name="javascript-catalog"),
    path("api/v1/", api.urls),
    path("accounts/", include("painscope.web.accounts.urls")),
    path("assessments/", include("painscope.web.assessments.urls")),
    path("wearables/", include("painscope.web.wearables.urls")),
    path("insights/", include("painscope.web.insights_web.urls")),
    path("explain/", include("painscope.web.explain.urls")),
    path("care/", include("painscope.web.care.urls")),
    path("reminders/", include("painscope.web.reminders.urls")),
    *reminder_root_urls,
    path("programmes/", include("painscope.web.programmes.urls")),
    path("", include("painscope.web.journal.urls")),
]

# JSON 404s under /api/, the site's own page elsewhere.
handler404 = "painscope.web.journal.views.not_found"
# JSON 500s under /api/ (for what fails outside an API operation), the site's page elsewhere.
handler500 = "painscope.web.api.errors.server_error"
