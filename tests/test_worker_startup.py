"""An app server worker's start-up (``anhorigstod.worker``): both WSGI entries put what
start-up made out of the garbage collector's reach, so a full collection does not walk
the whole of Django in the middle of a page."""

import gc
import importlib
import weakref

import pytest

ENTRIES = ["anhorigstod.wsgi", "bench.wsgi"]


@pytest.fixture
def unfrozen():
    gc.unfreeze()
    yield
    gc.unfreeze()


@pytest.mark.parametrize("entry", ENTRIES)
def test_loading_the_wsgi_entry_freezes_what_start_up_made(unfrozen, entry):
    assert gc.get_freeze_count() == 0
    importlib.reload(importlib.import_module(entry))
    # Django, the settings, the models and every view module: far more than a page makes.
    assert gc.get_freeze_count() > 50_000


def test_a_cycle_made_after_start_up_is_still_collected(unfrozen):
    from anhorigstod.worker import settle_startup_heap

    settle_startup_heap()

    class Node:
        pass

    first, second = Node(), Node()
    first.other, second.other = second, first
    left = weakref.ref(first)
    del first, second
    gc.collect()
    assert left() is None
