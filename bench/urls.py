"""The portal's URLs, the benchmark's floor (``bench.views.minimal``) and the bare
view (``bench.views.bare``, served without middleware by ``bench.wsgi``)."""

from django.urls import path

from anhorigstod.urls import urlpatterns as portal_urlpatterns
from bench.views import bare, minimal

urlpatterns = [
    *portal_urlpatterns,
    path("bench/minimal/", minimal, name="bench_minimal"),
    path("bench/bare/", bare, name="bench_bare"),
]
