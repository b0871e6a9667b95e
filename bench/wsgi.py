"""The benchmark's WSGI entry: ``/bench/bare/`` through Django without middleware,
everything else through the portal's full stack.

The bare view (``bench.views.bare``) goes through Django's own request handling
(``WSGIHandler``: the request and response objects, the URL resolver, the
request signals) but through none of the project's middleware, so the report can
show what the middleware and a template add to every page: the minimal view
(``/bench/minimal/``) minus the bare one. gunicorn runs this module only in the
benchmark (``bench.server``); the portal's own entry is ``anhorigstod.wsgi``.
"""

import os

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

BARE_PATH = "/bench/bare/"


class BareHandler(WSGIHandler):
    """Django's WSGI handler with an empty middleware chain."""

    def load_middleware(self, is_async=False):
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)


class Dispatcher:
    """Sends the bare view's path to ``bare`` and every other request to ``full``."""

    def __init__(self, full, bare):
        self.full, self.bare = full, bare

    def __call__(self, environ, start_response):
        handler = self.bare if environ.get("PATH_INFO") == BARE_PATH else self.full
        return handler(environ, start_response)


def build() -> Dispatcher:
    from django.core.wsgi import get_wsgi_application

    from anhorigstod.worker import settle_startup_heap

    full = get_wsgi_application()  # sets Django up
    settle_startup_heap()  # as the portal's own entry does
    return Dispatcher(full, BareHandler())


application = build()
