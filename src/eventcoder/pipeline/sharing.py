"""Long-lived data loaded once: kept out of the garbage collector's way and shareable.

A loaded :class:`~eventcoder.pipeline.Pipeline` is millions of Python objects that live as long
as the process. Python's cyclic garbage collector would walk all of them again and again while
they are built and on every full collection afterwards (a few hundred ms at start-up, and again
during the first documents), and each walk writes to every object's header, which un-shares
the memory pages a forked worker still shares with its parent. :func:`long_lived` loads
with the collector paused, then freezes what was loaded (``gc.freeze``): later collections
skip it, and forked workers keep sharing it page for page.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator


@contextlib.contextmanager
def long_lived() -> Iterator[None]:
    """Run a load with the cyclic GC paused, then freeze every object alive at the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        gc.freeze()
        if was_enabled:
            gc.enable()
