"""The portal's URLs and the benchmark's floor (``bench.views.minimal``)."""

from django.urls import path

from anhorigstod.urls import urlpatterns as portal_urlpatterns
from bench.views import minimal

urlpatterns = [
    *portal_urlpatterns,
    path("bench/minimal/", minimal, name="bench_minimal"),
]
