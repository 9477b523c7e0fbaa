"""Event-loop housekeeping: the SDK calls the monitor from executor threads and leaves an event loop open in
each; `ThreadLoops` gives each such thread a loop it owns, so closing the monitor closes them all."""

from __future__ import annotations

import asyncio
import threading


class ThreadLoops:
    """The event loops of the (non-main) threads that called a monitor."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._local = threading.local()
        self._loops: list[asyncio.AbstractEventLoop] = []

    def use(self) -> None:
        """Give the calling thread a loop of its own, unless it is the main thread or already has one."""
        if threading.current_thread() is threading.main_thread() or getattr(self._local, "loop", None):
            return
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        self._local.loop = loop
        with self._lock:
            self._loops.append(loop)

    def close(self) -> None:
        """Close every loop given so far."""
        with self._lock:
            loops, self._loops = self._loops, []
        for loop in loops:
            loop.close()
