"""The one error a user sees for a bad stack configuration.

`ConfigError` subclasses `pulumi.RunError`, which the Pulumi runtime reports as a clean message with no
Python traceback, so the same exception serves `pulumi up` and `stackyard plan` (which exits 2 on it).
"""

from __future__ import annotations

import pulumi


class ConfigError(pulumi.RunError):
    """Invalid stack configuration: one line per problem, each naming the full key path."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        header = f"invalid stack configuration ({count} problem{'s' if count != 1 else ''}):"
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))
