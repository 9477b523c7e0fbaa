"""The checks of single `ContainerService` arguments that `settings` runs while it settles them: numbers and
lists, task role statements, secret references, the load balancer route and the container health check."""

import re

import pulumi

from .arguments import (  # noqa: F401 - what checks defined stays importable from here
    HEALTH_CHECK_TIMINGS,
    MAX_RULE_PRIORITY,
    MAX_RULE_VALUES,
    ServiceLoadBalancer,
)

_SECRET_ARN = re.compile(
    r"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^:]+(:[^:]*:[^:]*:[^:]*)?$"
)
_PARAMETER_ARN = re.compile(r"^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter/\S+$")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _is_str_list(value: object) -> bool:
    return isinstance(value, list) and all(isinstance(v, str) and v for v in value)


def _check_statement(statement: object) -> None:
    """Refuse a task role statement that is not a dict, or allows "*" actions on "*" resources."""
    if not isinstance(statement, dict):
        raise ValueError(
            f"ContainerService task_role_statements {statement!r} is not allowed; use IAM statement dicts "
            '{"Effect": "Allow", "Action": [...], "Resource": [...]}'
        )

    def as_list(value: object) -> list[object]:
        return value if isinstance(value, list) else [value]

    actions, resources = as_list(statement.get("Action")), as_list(statement.get("Resource"))
    if statement.get("Effect") == "Allow" and "*" in resources and any(a in ("*", "*:*") for a in actions):
        raise ValueError(
            "ContainerService task_role_statements with Action '*' on Resource '*' is not allowed; "
            "grant the actions the application needs on its own resources"
        )


def _secret_arn(value: str) -> tuple[str, str]:
    """("secretsmanager" or "ssm", the ARN to grant) for a `secrets` value; ValueError otherwise. A Secrets
    Manager reference may end with ":json-key:version-stage:version-id", which is not part of the ARN."""
    if _SECRET_ARN.match(value):
        return "secretsmanager", ":".join(value.split(":")[:7])
    if _PARAMETER_ARN.match(value):
        return "ssm", value
    raise ValueError(
        "ContainerService secrets value is not allowed: it is not the ARN of a Secrets Manager secret or "
        "an SSM parameter; use arn:aws:secretsmanager:<region>:<account>:secret:<name> or "
        "arn:aws:ssm:<region>:<account>:parameter/<name>"
    )


def _check_load_balancer(load_balancer: object, port: int | None) -> None:
    usage = (
        '{"listener_arn": ..., "security_group_id": ..., "priority": 1-50000, "hosts": [...], '
        '"paths": ["/*"]}'
    )
    if not isinstance(load_balancer, dict):
        raise ValueError(f"ContainerService load_balancer {load_balancer!r} is not allowed; use {usage}")
    if port is None:
        raise ValueError(
            "ContainerService load_balancer is not allowed without port; give the container's port"
        )
    for key in ("listener_arn", "security_group_id", "priority"):
        if load_balancer.get(key) is None:
            raise ValueError(f"ContainerService load_balancer {key} is required; use {usage}")
    unknown = sorted(set(load_balancer) - set(ServiceLoadBalancer.__annotations__))
    if unknown:
        raise ValueError(f"ContainerService load_balancer {', '.join(unknown)} is not allowed; use {usage}")
    hosts = load_balancer.get("hosts", [])
    # A host may be an Output (a CloudFront distribution's domain name): only plain names are checked.
    if not (
        isinstance(hosts, list)
        and all(isinstance(h, pulumi.Output) or (isinstance(h, str) and h) for h in hosts)
    ):
        raise ValueError(
            f"ContainerService load_balancer hosts {hosts!r} is not allowed; use a list of host names"
        )
    paths = load_balancer.get("paths", ["/*"])
    if not (_is_str_list(paths) and paths and all(p.startswith("/") for p in paths)):
        raise ValueError(
            f"ContainerService load_balancer paths {paths!r} is not allowed; "
            "use path patterns starting with /"
        )
    if len(hosts) + len(paths) > MAX_RULE_VALUES:
        raise ValueError(
            f"ContainerService load_balancer hosts and paths have {len(hosts) + len(paths)} values; an ALB "
            f"rule allows {MAX_RULE_VALUES}: use fewer"
        )


HEALTH_CHECK_FORMS = ("CMD", "CMD-SHELL")


def _health_check_timings(value: object) -> dict[str, int]:
    """ECS's interval, timeout, retries and startPeriod from `health_check_timings` (defaults filled)."""
    given = {} if value is None else value
    if not isinstance(given, dict) or set(given) - set(HEALTH_CHECK_TIMINGS):
        raise ValueError(
            f"ContainerService health_check_timings {value!r} is not allowed; use a dict with "
            f"{', '.join(HEALTH_CHECK_TIMINGS)}"
        )
    timings = {}
    for key, (ecs_key, default, _, _) in HEALTH_CHECK_TIMINGS.items():
        timings[ecs_key] = given.get(key, default)  # its bound (`HEALTH_CHECK_BOUNDS`) is checked first
    return timings


def _health_check_command(value: object) -> list[str] | None:
    """None, or ["CMD", program, args…] / ["CMD-SHELL", command] (ECS `HealthCheck.command`)."""
    if value is None:
        return None
    if not (
        isinstance(value, list)
        and len(value) >= 2
        and all(isinstance(part, str) and part for part in value)
        and value[0] in HEALTH_CHECK_FORMS
        and (value[0] != "CMD-SHELL" or len(value) == 2)
    ):
        raise ValueError(
            f'ContainerService health_check_command {value!r} is not allowed; use ["CMD", program, '
            'args…] or ["CMD-SHELL", "one shell command"], e.g. ["CMD", "wget", "-q", "--spider", '
            '"http://localhost:8000/health"]'
        )
    return list(value)
