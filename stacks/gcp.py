"""The GCP stack builder. The GCP components are not built yet, so a GCP stack stops with a clear message
before creating anything; the config model already accepts `stackyard:cloud: gcp`."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi

from .config import StackConfig

if TYPE_CHECKING:
    from .program import SecretValues


class CloudNotAvailableError(pulumi.RunError):
    """The stack names a cloud whose builder does not exist yet."""


def build(config: StackConfig, secrets: SecretValues) -> dict[str, Any]:
    raise CloudNotAvailableError(
        "stackyard:cloud: gcp is accepted by the config model, but the GCP components and stack builder are "
        "not available in this version of stackyard yet; nothing was created. Use stackyard:cloud: aws."
    )
