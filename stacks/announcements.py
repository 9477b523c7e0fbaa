"""What the program tells the person who deploys, besides creating resources: the "before your first
`pulumi up`" notes (stacks/first_up/) and the stand-ins (stacks/stand_ins.py). Under `pulumi up` and
`pulumi preview` they are logged once with `pulumi.log.info`; under `stackyard plan` they are collected
instead and shown in the plan's own output, so they appear once there too."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Generic, TypeVar

import pulumi

T = TypeVar("T")


class Announcement(Generic[T]):
    """One kind of announcement: its items are logged as `message(items)`, or collected."""

    def __init__(self, name: str, message: Callable[[list[T]], str]) -> None:
        self._collector: ContextVar[list[T] | None] = ContextVar(name, default=None)
        self._message = message

    @contextmanager
    def collecting(self) -> Iterator[list[T]]:
        """Within this block `announce` adds the items to the yielded list instead of logging them."""
        collected: list[T] = []
        token = self._collector.set(collected)
        try:
            yield collected
        finally:
            self._collector.reset(token)

    def announce(self, found: list[T]) -> None:
        """Hand the items to `stackyard plan`, or log them (nothing when there are none)."""
        collected = self._collector.get()
        if collected is not None:
            collected.extend(found)
        elif found:
            pulumi.log.info(self._message(found))
