"""The stack file's view of `components.gcp.limitations`: each rule reported with the key path it
concerns, before anything is created."""

from __future__ import annotations

from typing import Any


def problems(app: dict[str, Any], sections: dict[str, Any]) -> list[str]:
    """Problems of a gcp stack. `app` is the raw (profile-applied) `stackyard:app` mapping; `sections` the
    validated models by key ("network", "database", "cache", "site", "alarms", "services": name -> model);
    a key is absent when its section is absent or invalid (its errors are reported already)."""
    return []
