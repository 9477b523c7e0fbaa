"""The one error a user sees for a bad stack configuration.

`ConfigError` subclasses `pulumi.RunError`, which the Pulumi runtime reports as a clean message with no
Python traceback, so the same exception serves `pulumi up` and `stackyard plan` (which exits 2 on it).

The config check (`stacks.config`) runs the components' own rules on the stack file before anything is
built. Should a component still refuse an argument while the stack is built (a rule the check does not know
yet), `component_error` maps its `ValueError` back to the stack key it came from, so that the user still
gets a config error with the key path instead of a traceback.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Any

import pulumi

import components

if TYPE_CHECKING:
    from types import TracebackType

    from .model import App

APP_KEY = "stackyard:app"


class ConfigError(pulumi.RunError):
    """Invalid stack configuration: one line per problem, each naming the full key path."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        count = len(self.problems)
        header = f"invalid stack configuration ({count} problem{'s' if count != 1 else ''}):"
        super().__init__("\n".join([header, *(f"  {p}" for p in self.problems)]))


# The section of `stackyard:app` each component a stack builds comes from; a ContainerService and a Bucket are
# the service or bucket of their logical name (`<app.name>-<name>`).
COMPONENT_SECTIONS = {
    "Vpc": "network",
    "ManagedPostgres": "database",
    "RedisCache": "cache",
    "CdnSite": "site",
    "SecurityPolicy": "site",
    "Alarms": "alarms",
    "KubernetesCluster": "kubernetes",
    "AppNamespace": "kubernetes",
    "Secrets": "secrets",
    "Cluster": "services",
    "LoadBalancer": "services",
    "ContainerService": "services",
    "Bucket": "buckets",
}
# ContainerService arguments that a service key of another name becomes (`stacks/aws_app.py`,
# `stacks/gcp_app.py`, `stacks/k8s_app.py`); an argument named as its key needs no entry.
SERVICE_ARGUMENTS = {
    "min_count": "scale.min",
    "desired_count": "scale.min",
    "max_count": "scale.max",
    "cpu_target_percent": "scale.cpu_percent",
    "memory_target_percent": "scale.memory_percent",
    "capacity": "spot",
    "health_check_command": "health_check.command",
    "health_check_timings": "health_check",
}
# Arguments of the edge components (LoadBalancer, CdnSite …) that come from keys of `stackyard:app` itself.
APP_ARGUMENTS = {"domain": "domain", "hosted_zone_id": "hosted_zone_id", "dns_zone": "hosted_zone_id"}
# Data-tier arguments derived from a key rather than copied (`stacks.arg_tables` names the copied ones).
DERIVED_ARGUMENTS = {
    "database": {"instance_class": "size", "tier": "size"},
    "cache": {"node_type": "size", "memory_size_gb": "size"},
}


def component_error(error: ValueError, app: App) -> ConfigError | None:
    """`error`, raised by a stackyard component the stack was building, as a `ConfigError` naming the stack
    key it came from (the component's section, and its argument's key where one maps to it); None when no
    component raised it (then it is a fault of the program, not of the stack file)."""
    found = _raising_component(error.__traceback__)
    if found is None:
        return None
    component, name = found
    path = _section_path(component, name, app)
    lines = [line.removeprefix("- ").strip() for line in str(error).splitlines()]
    problems = [line for line in lines if line and not re.match(rf"^{component}: \d+ problems", line)]
    return ConfigError(
        [f"{_key_path(path, component, problem)}: {problem}" for problem in problems or [str(error)]]
    )


def _is_component_class(cls: type) -> bool:
    """Defined in the components package: `components` here, `stackyard` in the wheel (hatch_build.py),
    where `stackyard.stacks` is inside it."""
    module = cls.__module__
    return module.startswith(components.__name__ + ".") and not module.startswith(f"{__package__}.")


def _raising_component(tb: TracebackType | None) -> tuple[str, str] | None:
    """(class name, logical name) of the outermost stackyard component whose `__init__` the traceback
    passes through: the one the stack builder created."""
    while tb is not None:
        frame = tb.tb_frame
        owner = frame.f_locals.get("self")
        name = frame.f_locals.get("name")
        if (
            frame.f_code.co_name == "__init__"
            and isinstance(owner, pulumi.ComponentResource)
            and _is_component_class(type(owner))
            and isinstance(name, str)
        ):
            return type(owner).__name__, name
        tb = tb.tb_next
    return None


def _section_path(component: str, name: str, app: App) -> str:
    section = COMPONENT_SECTIONS.get(component)
    member = name.removeprefix(f"{app.name}-")
    if component == "ContainerService" and member in app.services:
        return f"{APP_KEY}.services.{member}"
    if component == "Bucket":
        return f"{APP_KEY}.buckets.{member}" if member in app.buckets else f"{APP_KEY}.site"
    return f"{APP_KEY}.{section}" if section else APP_KEY


def _key_path(path: str, component: str, problem: str) -> str:
    """`path`, with the key of the argument `problem` names ("<Component> <argument> …") when one maps."""
    match = re.match(rf"^{component}:? `?(\w+)", problem)
    if match is None:
        return path
    argument = match.group(1)
    if argument in APP_ARGUMENTS:
        return f"{APP_KEY}.{APP_ARGUMENTS[argument]}"
    key = _argument_keys(path).get(argument)
    return f"{path}.{key}" if key else path


def _argument_keys(path: str) -> dict[str, Any]:
    """Component argument -> stack key, for the section at `path`."""
    from .arg_tables import BUCKET, CACHE, DATABASE, NETWORK
    from .model import SERVICE_KINDS

    section = path.removeprefix(f"{APP_KEY}.").split(".", 1)[0]
    tables = {"database": DATABASE, "cache": CACHE, "buckets": BUCKET, "network": NETWORK}
    if section in tables:
        keys = {argument: key for key, argument in tables[section].copied.items()}
        return {**keys, **DERIVED_ARGUMENTS.get(section, {})}
    if section == "services" and path.count(".") >= 2:
        fields = {field for model in SERVICE_KINDS.values() for field in model.model_fields}
        return {**{field: field for field in fields}, **SERVICE_ARGUMENTS}
    return {}
