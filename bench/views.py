"""The benchmark's floor: the smallest page the whole stack can serve, and the bare
view below it, which Django serves without the stack.

Mounted at ``/bench/minimal/`` by the benchmark's own settings and URLs
(``bench/settings.py``, ``bench/urls.py``), never by the portal's. It goes
through every middleware a real page does (session, login required, CSRF,
CSP, the request log), renders a Django
template with the context processors, and reads the database once, so
``bench/run.py`` can state every page's figures as a multiple of it.

The bare view (``/bench/bare/``) is served by ``bench.wsgi`` through Django's
handler with no middleware: no session, no database, no template. The minimal
view's cost minus the bare view's is what the project's middleware and a
template cost every page.
"""

from django.http import HttpResponse
from django.template import engines

from guidance.models import District

_TEMPLATE = engines["django"].from_string(
    '<!DOCTYPE html><html lang="sv"><head><meta charset="utf-8">'
    "<title>Benchmark</title></head><body><h1>Stadsdelsförvaltningar</h1><ul>"
    "{% for district in districts %}<li>{{ district.name }}</li>{% endfor %}"
    "</ul><p>{{ user.get_username }}</p></body></html>"
)


def minimal(request):
    districts = list(District.objects.only("key", "name").order_by("name"))
    return HttpResponse(_TEMPLATE.render({"districts": districts}, request))


BARE_CONTENT = b"bare"


def bare(request):
    return HttpResponse(BARE_CONTENT, content_type="text/plain")
