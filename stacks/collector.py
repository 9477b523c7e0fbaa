"""Garbage-collector settings for a short process that builds a large, long-lived object graph.

A `stackyard` process imports the provider SDKs (over a million objects that live until it exits), then a
render allocates millions of short-lived objects. With CPython's default thresholds a young collection runs
every 700 allocations and a full one, which walks that whole heap, every 100 young ones; and at exit the
interpreter collects the whole heap again while it tears the modules down. On `stackyard plan prod --json`
more than half of the process's time went to the collector (4.7 s with the defaults, 2.2 s with these
settings, on this project's 2-core CI machine; bench/plan_vs_replay.py times the replay both ways).

`quiet_collector()` makes young collections ten times rarer and a full one wait ten times longer, and moves
everything imported so far out of the collector's sight (`gc.freeze`). Garbage is still collected, less
often: a plan process peaks at the same memory (about 200 MB). `settle_for_exit()` freezes the rest, so the
exit skips a last walk over a heap the operating system is about to free anyway.
"""

from __future__ import annotations

import gc

YOUNG_FACTOR = 10
OLD_THRESHOLD = 100


def quiet_collector() -> None:
    """Raise the collection thresholds (once per process) and freeze what has been imported so far."""
    young, middle, old = gc.get_threshold()
    if old < OLD_THRESHOLD:
        gc.set_threshold(young * YOUNG_FACTOR, middle, OLD_THRESHOLD)
    gc.freeze()


def settle_for_exit() -> None:
    """Leave the remaining objects to the process exit instead of a final collection over all of them."""
    gc.freeze()
