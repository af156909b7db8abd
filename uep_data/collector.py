"""Pausing Python's cycle collector while a large, cycle-free structure is made (a page view's
controlled tables, an import's reading and plan): millions of small objects that the
collector would otherwise walk again and again, for nothing. It runs again afterwards, and
collects whatever cycles were left meanwhile.

The collector is one for the whole process, and a dashboard makes views in several threads at
once: it is paused while any of them is inside, and runs again when the last one leaves (and
only if it was running when the first one came in)."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_inside = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    global _inside, _was_enabled
    with _lock:
        if _inside == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _inside += 1
    try:
        yield
    finally:
        with _lock:
            _inside -= 1
            if _inside == 0 and _was_enabled:
                gc.enable()
