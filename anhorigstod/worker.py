"""What an app server worker does once, after Django is set up and before its first
request (``anhorigstod.wsgi`` and the benchmark's ``bench.wsgi`` call it)."""

import gc


def settle_startup_heap() -> None:
    """Load the views now and put everything start-up made out of the cyclic garbage
    collector's reach.

    A worker keeps its settings, models, URL patterns and view modules for life, yet
    every full collection walks them all: about 400,000 objects, 250 ms, roughly once
    in 600 page views on the city-scale data, stalling the request it falls in and
    those queued behind it. Frozen (``gc.freeze``), they are never walked again; a
    full collection walks only what requests made, and cycles among those are still
    found and freed."""
    from django.urls import get_resolver

    get_resolver().url_patterns  # noqa: B018 (imports every view module now)
    gc.collect()
    gc.freeze()
