"""WSGI entry point (for a WSGI server other than ``painscope serve``)."""

import os

from django.core.wsgi import get_wsgi_application

from painscope.blas import limit_blas_threads

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "painscope.web.settings")
limit_blas_threads()  # one BLAS thread per request thread, as `painscope serve` does
application = get_wsgi_application()
