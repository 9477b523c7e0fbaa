"""What the Google Cloud rule modules share: the hours of a month (`H`), `registrar`, which gives a module
the `@rule(...)` decorator that files its pricing functions in its `RULES`, and the readers of CPU and
memory quantities (`cpu_count`, `gib`; the Kubernetes rules use them too)."""

from __future__ import annotations

import re
from typing import Any

from ..context import registrar as registrar  # the rule modules take it from here
from ..model import HOURS_PER_MONTH

H = HOURS_PER_MONTH


def cpu_count(value: Any) -> float:
    text = str(value)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


def gib(value: Any) -> float:
    match = re.fullmatch(r"([\d.]+)\s*([KMGT]i?)?", str(value))
    if not match:
        raise ValueError(f"cannot read the memory size {value!r}")
    number, suffix = float(match.group(1)), match.group(2) or ""
    scale = {
        "": 1 / 2**30,
        "Ki": 1 / 2**20,
        "Mi": 1 / 1024,
        "Gi": 1.0,
        "Ti": 1024.0,
        "K": 1e3 / 2**30,
        "M": 1e6 / 2**30,
        "G": 1e9 / 2**30,
        "T": 1e12 / 2**30,
    }
    return number * scale[suffix]
