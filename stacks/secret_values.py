"""The stack's secret values (`stackyard:secrets`), handed to the builders and never read in plain."""

from __future__ import annotations

import pulumi

from .config import NAMESPACE


class SecretValues:
    """The values of `stackyard:secrets`, each handed out as a secret `Output`; never read in plain."""

    def __init__(self, names: list[str]) -> None:
        self.names = list(names)
        self._all = pulumi.Config(NAMESPACE).get_secret_object("secrets") if names else None

    def get(self, name: str) -> pulumi.Output[str]:
        if self._all is None or name not in self.names:
            raise KeyError(f"{name} is not declared in stackyard:app.secrets")
        return pulumi.Output.secret(self._all.apply(lambda values: str(values[name])))
