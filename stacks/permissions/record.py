"""The provider functions (invokes) a program calls while `stacks.plan.render` runs it.

The plan keeps the resources, not the function calls, so `recording()` wraps `StackyardMocks.call` for the
duration of one render and collects each call's token (e.g. `aws:route53/getZone:getZone`).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any
from unittest import mock

from ..mocks import StackyardMocks


@contextmanager
def recording() -> Iterator[set[str]]:
    """Inside the block, every function call the mocks answer adds its token to the yielded set."""
    tokens: set[str] = set()
    answer = StackyardMocks.call

    def call(self: StackyardMocks, args: Any) -> Any:
        tokens.add(str(args.token))
        return answer(self, args)

    with mock.patch.object(StackyardMocks, "call", call):
        yield tokens
