"""What the AWS rule modules share: the hours of a month (`H`), the names of the Fargate capacity providers
and `registrar`, which gives a module the `@rule(...)` decorator that files its pricing functions in its
`RULES`."""

from __future__ import annotations

from ..context import Rule
from ..model import HOURS_PER_MONTH

H = HOURS_PER_MONTH
ON_DEMAND = "FARGATE"
SPOT = "FARGATE_SPOT"


def registrar(rules: dict[str, Rule]):
    """The `@rule(type, ...)` decorator that files a pricing function in `rules` under each type it prices."""

    def rule(*types: str):
        def register(function: Rule) -> Rule:
            for type_ in types:
                rules[type_] = function
            return function

        return register

    return rule
