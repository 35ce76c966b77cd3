"""WSGI entry point (for a WSGI server other than ``painscope serve``)."""

import os

from django.core.wsgi import get_wsgi_application

from painscope.serving import tune_for_serving

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painscope.web.settings")
tune_for_serving()  # one BLAS thread per request thread, as `painscope serve` sets it
application = get_wsgi_application()
