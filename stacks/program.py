"""The Pulumi program: read the stack config, build the stack for its cloud, export the outputs.

`__main__.py` calls `main()`; `pulumi up` and `stackyard plan` both run it, so there is one program.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any

import pulumi
from pulumi.runtime import config as runtime_config

from . import first_up, stand_ins
from .config import StackConfig, load_stack_config
from .errors import component_error
from .secret_values import SecretValues

Builder = Callable[[StackConfig, SecretValues], Mapping[str, Any]]


def current_config_values() -> tuple[dict[str, Any], set[str]]:
    """Every config key the CLI gave this program, with the set of secret keys."""
    values: dict[str, Any] = dict(runtime_config.get_config_env())
    values.update(runtime_config.CONFIG.get())
    # The SDK keeps explicitly set secret keys in a private ContextVar; `is_config_secret` reads only that.
    secret_keys = set(runtime_config.get_config_secret_keys_env())
    secret_keys |= {key for key in values if runtime_config.is_config_secret(key)}
    return values, secret_keys


def builder(cloud: str) -> Builder:
    """The cloud's `build`; imported only when needed (a provider SDK takes seconds to import)."""
    return importlib.import_module(f"{__package__}.{cloud}").build


def main() -> None:
    """Validate the config (raising `ConfigError` before any resource exists), build, export, and print
    the "before your first `pulumi up`" notes (`stacks.first_up`) and what the cloud does instead of what
    the stack file asks (`stacks.stand_ins`); `stackyard plan` shows both itself."""
    values, secret_keys = current_config_values()
    config = load_stack_config(values, secret_keys)
    try:
        outputs = builder(config.cloud)(config, SecretValues(config.app.secrets))
    except ValueError as error:  # a component refused an argument the config check let through
        mapped = component_error(error, config.app)
        if mapped is None:
            raise
        raise mapped from None
    for name, value in outputs.items():
        pulumi.export(name, value)
    first_up.announce(first_up.notes(config, values))
    stand_ins.announce(stand_ins.stand_ins(config))
