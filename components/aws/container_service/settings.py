"""`ContainerService`'s first step: its arguments (the `…Args` TypedDicts the docs and the Pulumi schema are
read from, and the limits they are held to, in `arguments`), and the checks that settle them into plain
`_Settings` before anything is registered (those of single arguments in `checks`). Every name stays
importable from here."""

import re
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ...checks import check_bounds, environment_and_secrets
from ...images import BOOTSTRAP_TAG, awaits_first_image
from ...limits import FARGATE_MEMORY_GB
from ...migration import check_migrate
from ..limitations import fargate_spot_architecture, listener_rule_conditions, require
from .arguments import (  # noqa: F401 - what settings defined stays importable from here
    ARCHITECTURES,
    BOUNDS,
    CAPACITIES,
    CONTAINER,
    DEPLOYMENTS,
    DISCOVERY_LIMIT,
    ECR_PULL_ACTIONS,
    EXEC_ACTIONS,
    FAMILY_LIMIT,
    HEALTH_CHECK_BOUNDS,
    KEEP_IMAGES,
    LB_INFRASTRUCTURE_POLICY,
    LOAD_BALANCER_BOUNDS,
    LOG_GROUP_PREFIX,
    MAX_BAKE_MINUTES,
    MAX_RULE_PRIORITY,
    MAX_RULE_VALUES,
    MAX_TARGET_PERCENT,
    MAX_TASKS,
    MIGRATE_STREAM_PREFIX,
    MIN_CANARY_PERCENT,
    MIN_LINEAR_PERCENT,
    MIN_TARGET_PERCENT,
    PORT_NAME,
    REPOSITORY_LIMIT,
    ROLE_PREFIX,
    TARGET_GROUP_PREFIX,
    UNTAGGED_IMAGE_DAYS,
    ContainerHealthCheckTimings,
    ContainerServiceArgs,
    ServiceConnect,
    ServiceLoadBalancer,
)
from .checks import (  # noqa: F401 - likewise
    _PARAMETER_ARN,
    _SECRET_ARN,
    HEALTH_CHECK_FORMS,
    HEALTH_CHECK_TIMINGS,
    _check_load_balancer,
    _check_statement,
    _health_check_command,
    _health_check_timings,
    _is_int,
    _is_number,
    _is_str_list,
    _secret_arn,
)
from .cron import _aws_cron

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IMAGE_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
_ROOT_USER = re.compile(r"^(root|0)(:.*)?$")


@dataclass(frozen=True)
class _Settings:
    """The plain, validated arguments."""

    image: str | None
    image_tag: str
    port: int | None
    health_path: str
    health_check_command: list[str] | None
    cpu_units: int
    memory_mib: int
    architecture: str
    capacity: str
    deployment: str
    canary_percent: float
    bake_minutes: int
    desired_count: int
    min_count: int
    max_count: int
    cpu_target_percent: int
    memory_target_percent: int | None
    requests_per_target: int | None
    read_only: bool
    enable_exec: bool
    log_retention_days: int
    encrypt_logs: bool
    schedule: str | None
    tags: dict[str, str]
    migrate: list[str] | None = None
    migrate_timeout_seconds: int = 1800

    @property
    def bootstrap(self) -> bool:
        """Nothing pushed yet (`image_tag` "bootstrap" of the created repository): no task may start."""
        return awaits_first_image(self.image, self.image_tag)


def _capacity(capacity: str) -> list[aws.ecs.ServiceCapacityProviderStrategyArgsDict]:
    if capacity == "mixed":
        return [
            {"capacity_provider": "FARGATE", "base": 1, "weight": 1},
            {"capacity_provider": "FARGATE_SPOT", "weight": 3},
        ]
    return [{"capacity_provider": capacity, "weight": 1}]


def _named(tags: dict[str, str], name: str, suffix: str) -> dict[str, str]:
    """`tags` plus the Name `<name>-<suffix>`."""
    return {**tags, "Name": f"{name}-{suffix}"}


# -- checks --------------------------------------------------------------------------------------------------


def _check_args(args: ContainerServiceArgs) -> _Settings:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
    check_bounds("ContainerService", ContainerServiceArgs, args)
    for required, what in (
        ("cluster_arn", "the ARN of the ECS cluster"),
        ("cluster_name", "the name of the ECS cluster"),
        ("vpc_id", "the id of the tasks' VPC"),
        ("subnet_ids", "private subnet ids"),
    ):
        if args.get(required) is None:
            raise ValueError(f"ContainerService {required} is required: {what}")
    subnet_ids = args.get("subnet_ids")
    if isinstance(subnet_ids, list) and not subnet_ids:
        raise ValueError("ContainerService subnet_ids [] is not allowed; use private subnet ids")

    image = args.get("image")
    if image is not None and not (isinstance(image, str) and image.strip() and " " not in image):
        raise ValueError(f"ContainerService image {image!r} is not allowed; use an image reference or None")
    if image is not None and "image_tag" in args:
        raise ValueError(
            "ContainerService image_tag is not allowed with image; put the tag in image, or leave image out "
            "to use the created repository"
        )
    image_tag = args.get("image_tag", BOOTSTRAP_TAG)
    if not (isinstance(image_tag, str) and _IMAGE_TAG.match(image_tag)):
        raise ValueError(
            f"ContainerService image_tag {image_tag!r} is not allowed; use up to 128 letters, digits, _ . -"
        )

    port = args.get("port")
    health_path = args.get("health_path", "/health")
    if not (isinstance(health_path, str) and health_path.startswith("/") and " " not in health_path):
        raise ValueError(
            f"ContainerService health_path {health_path!r} is not allowed; use a path starting with /"
        )

    if args.get("container_health_check", False) is not False:
        raise ValueError(
            f"ContainerService container_health_check {args.get('container_health_check')!r} is not allowed: "
            "it was removed because its curl command fails in images without curl; give the check for your "
            'image as health_check_command, e.g. ["CMD", "wget", "-q", "--spider", '
            '"http://localhost:8000/health"]'
        )
    health_check_command = _health_check_command(args.get("health_check_command"))
    if args.get("health_check_timings") is not None and health_check_command is None:
        raise ValueError(
            "ContainerService health_check_timings is not allowed without health_check_command; give the "
            "command too, or leave the timings out"
        )
    _health_check_timings(args.get("health_check_timings"))

    if args.get("log_kms_key_arn") is not None and not args.get("encrypt_logs", True):
        raise ValueError(
            "ContainerService log_kms_key_arn is not allowed with encrypt_logs False; leave the key out, or "
            "keep encrypt_logs True"
        )

    cpu, memory_gb = args.get("cpu", 0.5), args.get("memory_gb", 1)
    allowed = FARGATE_MEMORY_GB[cpu]
    if not _is_number(memory_gb) or memory_gb not in allowed:
        if len(allowed) > 4:
            choices = f"{allowed[0]:g} to {allowed[-1]:g} in steps of {allowed[1] - allowed[0]:g}"
        else:
            choices = ", ".join(f"{m:g}" for m in allowed)
        raise ValueError(
            f"ContainerService memory_gb {memory_gb!r} is not allowed with cpu {cpu:g} on Fargate; "
            f"use {choices}"
        )

    architecture = args.get("architecture", "X86_64")
    for key in ("command", "entrypoint"):
        value = args.get(key)
        if value is not None and not (_is_str_list(value) and value):
            raise ValueError(
                f"ContainerService {key} {value!r} is not allowed; use a list of strings or None"
            )
    user = args.get("user")
    if user is not None and not (isinstance(user, str) and user and not _ROOT_USER.match(user)):
        raise ValueError(
            f"ContainerService user {user!r} is not allowed; use a non-root user such as '1000:1000', or None"
        )

    _, secrets = environment_and_secrets(
        "ContainerService", args.get("environment"), args.get("secrets"), _ENV_NAME
    )
    for key, value in secrets.items():
        if isinstance(value, str):
            try:
                _secret_arn(value)
            except ValueError:
                raise ValueError(
                    f"ContainerService secrets {key} is not allowed: its value is not the ARN of a Secrets "
                    "Manager secret or SSM parameter (never pass a secret value); use "
                    "arn:aws:secretsmanager:<region>:<account>:secret:<name> or "
                    "arn:aws:ssm:<region>:<account>:parameter/<name>"
                ) from None
    for statement in args.get("task_role_statements") or []:
        if not isinstance(statement, pulumi.Output):
            _check_statement(statement)
    for policy_name in args.get("task_role_policies") or {}:
        if not (isinstance(policy_name, str) and re.match(r"^[A-Za-z0-9][A-Za-z0-9-]*$", policy_name)):
            raise ValueError(
                f"ContainerService task_role_policies name {policy_name!r} is not allowed; use letters, "
                "digits and -"
            )

    log_retention_days = args.get("log_retention_days", 30)

    counts = {
        key: args.get(key, default)
        for key, default in (("desired_count", 1), ("min_count", 1), ("max_count", 2))
    }
    if not counts["min_count"] <= counts["desired_count"] <= counts["max_count"]:
        raise ValueError(
            f"ContainerService desired_count {counts['desired_count']} is not allowed with min_count "
            f"{counts['min_count']} and max_count {counts['max_count']}; use min_count <= desired_count <= "
            "max_count"
        )

    capacity = args.get("capacity", "FARGATE")

    load_balancer = args.get("load_balancer")
    if load_balancer is not None:
        _check_load_balancer(load_balancer, port)
    service_connect = args.get("service_connect")
    if service_connect is not None and not (
        isinstance(service_connect, dict) and service_connect.get("namespace_arn") is not None
    ):
        raise ValueError(
            f"ContainerService service_connect {service_connect!r} is not allowed; use "
            '{"namespace_arn": <Cloud Map namespace ARN>}'
        )

    requests_per_target = args.get("requests_per_target")
    deployment = args.get("deployment", "rolling")
    if deployment != "rolling" and load_balancer is None:
        raise ValueError(
            f"ContainerService deployment {deployment!r} is not allowed without load_balancer: it shifts "
            "load balancer traffic; use 'rolling', or give a load_balancer"
        )
    canary_percent = args.get("canary_percent", 10)
    low = MIN_LINEAR_PERCENT if deployment == "linear" else MIN_CANARY_PERCENT
    if not (_is_number(canary_percent) and low <= canary_percent < 100):
        raise ValueError(
            f"ContainerService canary_percent {canary_percent!r} is not allowed for deployment "
            f"{deployment!r}; use {low:g} to 99.9"
        )
    bake_minutes = args.get("bake_minutes", 10)
    if requests_per_target is not None:
        if load_balancer is None or load_balancer.get("arn_suffix") is None:
            raise ValueError(
                "ContainerService requests_per_target is not allowed without load_balancer arn_suffix; give "
                "the load balancer's arn_suffix, or leave requests_per_target out"
            )
        if deployment != "rolling":
            raise ValueError(
                f"ContainerService requests_per_target is not allowed with deployment {deployment!r}: "
                "traffic moves between two target groups; use deployment 'rolling', or leave "
                "requests_per_target out"
            )

    schedule = args.get("schedule")
    if schedule is not None:
        _aws_cron(schedule)  # raises for an expression EventBridge cannot run
        for key in ("port", "load_balancer", "service_connect"):
            if args.get(key) is not None:
                raise ValueError(
                    f"ContainerService {key} is not allowed with schedule: a scheduled job serves no "
                    f"traffic; leave {key} out"
                )

    tags = args.get("tags") or {}
    if not isinstance(tags, dict):
        raise ValueError(f"ContainerService tags {tags!r} is not allowed; use a dict of name -> value")
    migrate, migrate_timeout_seconds = check_migrate(
        "ContainerService", args, "job" if schedule is not None else "service"
    )

    return _Settings(
        image=image,
        image_tag=image_tag,
        port=port,
        health_path=health_path,
        health_check_command=health_check_command,
        cpu_units=round(cpu * 1024),
        memory_mib=round(memory_gb * 1024),
        architecture=architecture,
        capacity=capacity,
        deployment=deployment,
        canary_percent=float(canary_percent),
        bake_minutes=bake_minutes,
        desired_count=counts["desired_count"],
        min_count=counts["min_count"],
        max_count=counts["max_count"],
        cpu_target_percent=args.get("cpu_target_percent", 70),
        memory_target_percent=args.get("memory_target_percent"),
        requests_per_target=requests_per_target,
        read_only=args.get("read_only_root_filesystem", True),
        enable_exec=args.get("enable_exec", False),
        log_retention_days=log_retention_days,
        encrypt_logs=args.get("encrypt_logs", True),
        schedule=schedule,
        tags=dict(tags),
        migrate=migrate,
        migrate_timeout_seconds=migrate_timeout_seconds,
    )


def _check_limitations(settings: _Settings, load_balancer: ServiceLoadBalancer | None) -> None:
    """Refuse what AWS documents it refuses (components/aws/limitations.py), before anything is registered."""
    require(
        "ContainerService",
        "capacity",
        fargate_spot_architecture(settings.capacity, settings.architecture),
    )
    if load_balancer is not None:
        # Only plain host names can be checked (an Output host is known at deployment); the count of host
        # and path values, Outputs included, is checked by _check_load_balancer.
        hosts = [host for host in load_balancer.get("hosts", []) if isinstance(host, str)]
        rule = listener_rule_conditions(hosts, load_balancer.get("paths", ["/*"]))
        require("ContainerService", "load_balancer", rule)
