"""Config rules about what a container's environment holds: no plain value in place of a credential the stack
hands out by secret reference, and no more than the platform keeps.

- A service without `variables` gets the default names (`stacks.variables.default_variables`), among them
  credentials (DATABASE_URL, DATABASE_PASSWORD, REDIS_URL …) that go by secret reference. The same name in
  its `environment` would be a second, plain value of it: every ContainerService refuses that
  (`components.checks.environment_and_secrets`), so the stack file is refused first, with the key path.
- ECS keeps a task definition of at most 64 KiB (Amazon ECS Developer Guide, "Amazon ECS service quotas":
  "Task definition size", 64 KiB, not adjustable). The container definition the stack writes (image, the
  environment's names and values, the secrets' names and references, command, health check and the fixed
  settings of `components.aws.container_service.task`) is estimated from the stack file, from below: a
  stack that the estimate puts over the quota would be refused by `RegisterTaskDefinition` at `pulumi up`.
- Kubernetes keeps a ConfigMap of at most 1 MiB (Kubernetes documentation, "ConfigMaps": "The data stored in
  a ConfigMap cannot exceed 1 MiB"); the service's plain settings are its ConfigMap there.
"""

from __future__ import annotations

import json
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any, cast

from .variable_catalogue import parse
from .variables import default_variables

if TYPE_CHECKING:
    from .model import App

APP = "stackyard:app"

ECS_TASK_DEFINITION_BYTES = 64 * 1024
KUBERNETES_CONFIG_MAP_BYTES = 1024 * 1024
# What the estimate counts for values the stack fills in at `pulumi up` (lower bounds, so the estimate errs
# low): a plain setting (a host name, a port, a bucket name), a credential's reference (a Secrets Manager ARN
# with its JSON key and pinned version id: arn:aws:secretsmanager:<region>:<account>:secret:<name>-<6>:<key>::
# <36>), an image in the service's own ECR repository, and the task definition around the container
# (family, sizes, roles, volumes).
PLAIN_VALUE_CHARS = 16
SECRET_REFERENCE_CHARS = 100
REPOSITORY_IMAGE_CHARS = 60
TASK_DEFINITION_OVERHEAD = 400


def problems(cloud: Any, app: dict[str, Any], sections: dict[str, Any]) -> list[str]:
    """One line per problem, with the key path. `app` is the raw (profile-applied) mapping; `sections` the
    validated models by key ("database", "cache", "services": name -> model …), a key absent when its
    section is absent or invalid (its errors are reported already)."""
    if cloud not in ("aws", "gcp"):
        return []
    shape = _app_shape(app, sections)
    runtime = app.get("runtime", "managed")
    found: list[str] = []
    for name, service in (sections.get("services") or {}).items():
        path = f"{APP}.services.{name}"
        variables = (
            dict(service.variables) if service.variables is not None else default_variables(shape, cloud)
        )
        found.extend(_shadowed_credentials(path, service, variables))
        if runtime == "managed" and cloud == "aws":
            found.extend(_task_definition_size(path, service, variables))
        elif runtime == "kubernetes":
            found.extend(_config_map_size(path, service, variables))
    return found


def _app_shape(app: dict[str, Any], sections: dict[str, Any]) -> App:
    """What `default_variables` reads of the app (its database, cache and bucket names), from the sections
    that validated."""
    buckets = app.get("buckets")
    return cast(
        "App",
        SimpleNamespace(
            database=sections.get("database"),
            cache=sections.get("cache"),
            buckets=buckets if isinstance(buckets, dict) else {},
        ),
    )


def _is_credential(text: str) -> bool:
    reference = parse(text)
    return reference is not None and reference.source.credential


def _shadowed_credentials(path: str, service: Any, variables: dict[str, str]) -> list[str]:
    """The default credentials a plain `environment` value would shadow (declared `variables` that clash
    with `environment` are reported by `stacks.variables`)."""
    if service.variables is not None:
        return []
    return [
        f"{path}.environment.{name}: the stack hands {name} to the service by secret reference "
        f"({variables[name]}); a plain value would be a second copy in the clear. Remove it, or declare the "
        "service's variables to choose the names it gets"
        for name in service.environment
        if name in variables and _is_credential(variables[name])
    ]


def _settings(service: Any, variables: dict[str, str]) -> tuple[dict[str, str], list[str]]:
    """(plain settings as the container gets them, with stand-in values for what the stack fills in; the
    names of its credentials)."""
    plain = {name: "x" * PLAIN_VALUE_CHARS for name, text in variables.items() if not _is_credential(text)}
    plain.update(service.environment)
    credentials = [name for name, text in variables.items() if _is_credential(text)]
    credentials += [name for name in service.secrets if name not in credentials]
    return plain, credentials


def _task_definition_size(path: str, service: Any, variables: dict[str, str]) -> list[str]:
    """The ECS task definition's size, estimated from below (see the module docstring)."""
    plain, credentials = _settings(service, variables)
    environment = [{"name": k, "value": v} for k, v in sorted(plain.items())]
    container: dict[str, Any] = {
        "name": "app",
        "image": service.image or "x" * REPOSITORY_IMAGE_CHARS,
        "essential": True,
        "environment": environment,
        "secrets": [{"name": k, "valueFrom": "x" * SECRET_REFERENCE_CHARS} for k in sorted(credentials)],
        "command": service.command,
        "entryPoint": service.entrypoint,
    }
    if service.health_check is not None:
        container["healthCheck"] = {"command": service.health_check.command}
    # The migration's task definition is the same container with `migrate` as its command.
    commands = [service.command, service.migrate] if service.migrate is not None else [service.command]
    size = max(
        len(json.dumps({**container, "command": command}, separators=(",", ":"))) for command in commands
    )
    size += TASK_DEFINITION_OVERHEAD
    if size <= ECS_TASK_DEFINITION_BYTES:
        return []
    parts = {
        "environment": len(json.dumps(environment, separators=(",", ":"))),
        "command": max(len(json.dumps(c or [])) for c in commands),
        "entrypoint": len(json.dumps(service.entrypoint or [])),
        "secrets": len(credentials) * SECRET_REFERENCE_CHARS,
    }
    largest = max(parts, key=lambda key: parts[key])
    key = "migrate" if largest == "command" and service.migrate is not None else largest
    return [
        f"{path}.{key}: the service's ECS task definition would hold at least {_kib(size)} (its {largest} "
        f"{_kib(parts[largest])}); ECS refuses a task definition over 64 KiB (Amazon ECS service quotas, "
        '"Task definition size"). Keep large values out of the environment: in a bucket, or in a secret of '
        f"{APP}.secrets"
    ]


def _config_map_size(path: str, service: Any, variables: dict[str, str]) -> list[str]:
    """The service's ConfigMap (its plain settings) against Kubernetes's 1 MiB."""
    plain, _ = _settings(service, variables)
    size = sum(len(name.encode()) + len(value.encode()) for name, value in plain.items())
    if size <= KUBERNETES_CONFIG_MAP_BYTES:
        return []
    return [
        f"{path}.environment: the service's settings take {_kib(size)}; a Kubernetes ConfigMap holds at most "
        "1 MiB (Kubernetes documentation, ConfigMaps). Keep large values in a bucket, or in a secret of "
        f"{APP}.secrets"
    ]


def _kib(size: int) -> str:
    return f"{size / 1024:.1f} KiB"
