"""What the AWS rule modules share: the hours of a month (`H`), the names of the Fargate capacity providers
and `registrar`, which gives a module the `@rule(...)` decorator that files its pricing functions in its
`RULES`."""

from __future__ import annotations

from ..context import registrar as registrar  # the rule modules take it from here
from ..model import HOURS_PER_MONTH

H = HOURS_PER_MONTH
ON_DEMAND = "FARGATE"
SPOT = "FARGATE_SPOT"
