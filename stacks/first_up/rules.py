"""What a note is and what a rule reads: `Note`, `Facts`, `Rule` (and `RuleText`, what a rule returns), with
the helpers the rules write their texts with (`_listing`, `_one`).

The rules themselves live in the subject modules of this package; a `NOTES` list in
`stacks/<cloud>_limitations.py` imports `Rule` and `Facts` from here (not from `stacks.first_up`, whose
`computing` module imports the limitations modules back).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from ..config import App, StackConfig, WebService, public_host


@dataclass(frozen=True)
class Note:
    """One thing to do before the first `pulumi up`; `topic` is a stable key for tools."""

    topic: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"topic": self.topic, "text": self.text}


@dataclass(frozen=True)
class Facts:
    """What a rule may read: the validated config, and what the program knows besides."""

    config: StackConfig
    placeholder_secrets: tuple[str, ...] = field(default=())
    """Secrets (`stackyard:secrets`) whose value is still the placeholder `stackyard plan` puts in for a
    `secure:` value it cannot decrypt. Empty under `pulumi up`, where every value is real."""

    @property
    def app(self) -> App:
        return self.config.app

    @property
    def managed(self) -> bool:
        """Services run on the cloud's own container platform (ECS Fargate, Cloud Run)."""
        return self.app.runtime == "managed"

    @property
    def public_hosts(self) -> dict[str, str]:
        """Public web services by name -> the host name each is served on."""
        return {
            name: public_host(self.config, name, spec)
            for name, spec in self.app.services.items()
            if isinstance(spec, WebService) and spec.public and (spec.host or self.app.domain)
        }


RuleText = str | Iterable[str] | None


@dataclass(frozen=True)
class Rule:
    """A note's topic and how to write it: `text(facts)` returns the text, several, or None."""

    topic: str
    text: Callable[[Facts], RuleText]


def _listing(names: Iterable[str]) -> str:
    items = [f"`{n}`" for n in names]
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def _one(items: list[Any] | dict[Any, Any], singular: str, plural: str) -> str:
    return singular if len(items) == 1 else plural
