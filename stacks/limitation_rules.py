"""The clouds' documented limitations, checked against the stack file (see `components.<cloud>.limitations`).
Each cloud's module is imported only for that cloud."""

from __future__ import annotations

import importlib
from typing import Any


def limitation_problems(cloud: Any, app: dict[str, Any], sections: dict[str, Any]) -> list[str]:
    """One line per problem, with the full key path, for `cloud`'s limitations."""
    if cloud not in ("aws", "gcp"):
        return []
    return importlib.import_module(f"{__package__}.{cloud}_limitations").problems(app, sections)
