"""`ContainerService`'s first step: its arguments (the `…Args` TypedDicts the docs and the Pulumi schema are
read from), the limits they are held to, and the checks that settle them into plain `_Settings` before
anything is registered."""

import re
from dataclasses import dataclass
from typing import Any, Required, TypedDict

import pulumi
import pulumi_aws as aws

from ...checks import environment_and_secrets
from ...images import BOOTSTRAP_TAG, awaits_first_image
from ...limits import FARGATE_MEMORY_GB, check_retention
from ...migration import check_migrate
from ..limitations import fargate_spot_architecture, listener_rule_conditions, require
from .cron import _aws_cron

CONTAINER = "app"  # the task's only container; the load balancer and Service Connect refer to it
PORT_NAME = "http"  # the container's port mapping, named for Service Connect
MIGRATE_STREAM_PREFIX = "migrate"  # log streams of migration tasks: migrate/app/<task id>
ARCHITECTURES = ("X86_64", "ARM64")
CAPACITIES = ("FARGATE", "FARGATE_SPOT", "mixed")
DEPLOYMENTS = {"rolling": "ROLLING", "blue_green": "BLUE_GREEN", "canary": "CANARY", "linear": "LINEAR"}
MIN_CANARY_PERCENT, MIN_LINEAR_PERCENT = 0.1, 3.0  # ECS's lower bounds for a canary / linear step
MAX_BAKE_MINUTES = 1440
MAX_TASKS = 1000
MIN_TARGET_PERCENT, MAX_TARGET_PERCENT = 10, 95
MAX_RULE_PRIORITY = 50000
MAX_RULE_VALUES = 5  # ALB: host and path values of one listener rule together
TARGET_GROUP_PREFIX = 6  # ELB: a target group name_prefix has at most 6 characters (+ 26 = 32, the limit)
ROLE_PREFIX = 37  # IAM: name_prefix at most 38 characters with its hyphen (+ 26 = 64, the limit)
FAMILY_LIMIT = 255  # ECS task definition family and service names
DISCOVERY_LIMIT = 63  # Service Connect discovery / DNS name: one DNS label
REPOSITORY_LIMIT = 256
LOG_GROUP_PREFIX = 400  # CloudWatch Logs: 512 characters, with "/ecs/", "-" and 26 unique characters
KEEP_IMAGES, UNTAGGED_IMAGE_DAYS = 30, 7
LB_INFRASTRUCTURE_POLICY = "iam::aws:policy/AmazonECSInfrastructureRolePolicyForLoadBalancers"
EXEC_ACTIONS = [
    "ssmmessages:CreateControlChannel",
    "ssmmessages:CreateDataChannel",
    "ssmmessages:OpenControlChannel",
    "ssmmessages:OpenDataChannel",
]
ECR_PULL_ACTIONS = ["ecr:BatchCheckLayerAvailability", "ecr:BatchGetImage", "ecr:GetDownloadUrlForLayer"]

_ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IMAGE_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
_SECRET_ARN = re.compile(
    r"^arn:aws[a-z-]*:secretsmanager:[a-z0-9-]+:\d{12}:secret:[^:]+(:[^:]*:[^:]*:[^:]*)?$"
)
_PARAMETER_ARN = re.compile(r"^arn:aws[a-z-]*:ssm:[a-z0-9-]+:\d{12}:parameter/\S+$")
_ROOT_USER = re.compile(r"^(root|0)(:.*)?$")


class ServiceLoadBalancer(TypedDict, total=False):
    """Where a load balancer created elsewhere sends this service's traffic."""

    listener_arn: Required[pulumi.Input[str]]
    """The HTTPS listener the service's rule is added to. Required."""
    security_group_id: Required[pulumi.Input[str]]
    """The load balancer's security group: the only source allowed to reach the tasks on `port`. Its
    egress must allow the VPC (or this service's group) on `port`. Required."""
    priority: Required[int]
    """The listener rule's priority, 1-50000, unique on the listener (lower wins). Required."""
    hosts: list[str]
    """Host headers routed to the service, e.g. ["api.shop.example.com"]. Default []: any host."""
    paths: list[str]
    """Path patterns routed to the service, each starting with "/". Default ["/*"]. Hosts and paths
    together have at most 5 values (an ALB limit)."""
    arn_suffix: pulumi.Input[str]
    """The load balancer's ARN suffix ("app/<name>/<id>"), needed only for `requests_per_target`.
    Default None."""


class ServiceConnect(TypedDict, total=False):
    """ECS Service Connect: services in one Cloud Map namespace reach each other by name."""

    namespace_arn: Required[pulumi.Input[str]]
    """ARN of the Cloud Map HTTP namespace (shared by the cluster's services). Required. A service with a
    `port` is published under the component name (e.g. http://api:8000); a worker only connects to
    others."""


class ContainerHealthCheckTimings(TypedDict, total=False):
    """When ECS runs a container health check, within the bounds of ECS's `HealthCheck` (Amazon ECS API
    Reference, "HealthCheck")."""

    interval_seconds: int
    """Seconds between checks, 5-300. Default 30."""
    timeout_seconds: int
    """Seconds a check may take before it counts as failed, 2-120. Default 5."""
    retries: int
    """Failed checks in a row that make the container unhealthy (and the task replaced), 1-10. Default 3."""
    start_period_seconds: int
    """Seconds after the container starts during which failed checks do not count, 0-300. Default 60."""


class ContainerServiceArgs(TypedDict, total=False):
    cluster_arn: Required[pulumi.Input[str]]
    """ARN of the ECS cluster the tasks run in. It must have the FARGATE capacity provider (and
    FARGATE_SPOT for `capacity` "FARGATE_SPOT" or "mixed"). Required."""
    cluster_name: Required[pulumi.Input[str]]
    """Name of the same cluster (autoscaling addresses the service as service/<cluster>/<service>).
    Required."""
    vpc_id: Required[pulumi.Input[str]]
    """The VPC of the tasks' security group and target groups. Required."""
    subnet_ids: Required[pulumi.Input[list[str]]]
    """Private subnet ids for the tasks (no public IP is ever assigned), e.g. `net.private_subnet_ids`.
    Required."""
    vpc_cidr: pulumi.Input[str] | None
    """The VPC's IPv4 range: the tasks may reach anything in it (databases, caches, peers, endpoints).
    Default None: looked up from `vpc_id`."""
    image: str | None
    """An image to run, e.g. "ghcr.io/shop/api:1.4.2" (an ECR image of this account and region also
    gets pull permission). Default None: an ECR repository is created (scan on push, immutable tags, KMS
    encryption, the last 30 images kept, untagged images expire after 7 days) and `image_tag` is run."""
    image_tag: str
    """The tag of the created repository to run. Tags are immutable: CI pushes every build under a new
    tag (e.g. the git SHA) and deploys it by setting this argument (`pulumi config set ...` then
    `pulumi up`), which registers a new task definition revision. Not allowed with `image`.
    Default "bootstrap" (`BOOTSTRAP_TAG`): nothing is pushed yet, so the first `pulumi up` converges
    without an image: the service is created with 0 tasks and a scaling range of 0 to 0 (its load balancer
    answers 503), a scheduled job's schedule is disabled, and `migrate` is not run (no migration task
    definition is created). Push an image under a tag of its own and deploy that tag: the migration runs,
    the service's new task definition rolls out and the scaling range becomes `min_count` to `max_count`,
    which starts `min_count` tasks (Application Auto Scaling's RegisterScalableTarget moves the current
    capacity into the range: docs.aws.amazon.com/autoscaling/application/APIReference/
    API_RegisterScalableTarget.html). Deploying "bootstrap" again scales the service back to 0."""
    port: int | None
    """The port the container listens on (HTTP), 1-65535. Default None: a worker or job, with no port
    and no load balancer."""
    health_path: str
    """Path of the load balancer's health check (must start with "/"). Default "/health"."""
    health_check_command: list[str] | None
    """A container health check that ECS runs inside the container, in Docker's form: ["CMD", program,
    args…] (no shell needed) or ["CMD-SHELL", "a shell command"]; it must exit 0 when healthy, e.g.
    ["CMD", "wget", "-q", "--spider", "http://localhost:3000/health"] for an Alpine or BusyBox image,
    ["CMD-SHELL", "curl -fsS http://localhost:8000/health || exit 1"] for an image with curl, or
    ["CMD", "/app/server", "healthcheck"] for a distroless image whose binary can check itself. Checked
    as `health_check_timings` says (default every 30 s, 5 s timeout, 3 retries, 60 s start period); an
    unhealthy task is replaced. Default None: no container health check, since nothing can be assumed
    about the image (a `curl` check in an image without curl marks every task unhealthy and replaces it in
    a loop); the load balancer's check on `health_path` still guards a public service."""
    health_check_timings: ContainerHealthCheckTimings
    """How ECS runs `health_check_command` (the container definition's `healthCheck`). Default
    {"interval_seconds": 30, "timeout_seconds": 5, "retries": 3, "start_period_seconds": 60}; a key left
    out keeps its default. Only with `health_check_command`."""
    container_health_check: bool
    """Removed in 0.3: its `curl` command failed in images without curl. Default False (no check), the only
    value accepted; True is refused with a pointer to `health_check_command`."""
    cpu: float
    """vCPUs of a task: 0.25, 0.5, 1, 2, 4, 8 or 16. Default 0.5."""
    memory_gb: float
    """Memory of a task in GB, one that fits `cpu` on Fargate: 0.25 → 0.5, 1, 2; 0.5 → 1-4; 1 → 2-8;
    2 → 4-16; 4 → 8-30; 8 → 16-60 in steps of 4; 16 → 32-120 in steps of 8. Default 1."""
    architecture: str
    """CPU architecture of the image: "X86_64" or "ARM64" (Graviton, cheaper). Default "X86_64"."""
    command: list[str] | None
    """The container's command, overriding the image's CMD, e.g. ["celery", "worker"]. Default None."""
    entrypoint: list[str] | None
    """The container's entrypoint, overriding the image's ENTRYPOINT. Default None."""
    user: str | None
    """The user the container runs as, e.g. "1000:1000" (root is refused). Default None: the image's
    USER."""
    environment: dict[str, pulumi.Input[str]]
    """Plain settings as environment variables (visible in the task definition: never secrets). Values may
    be Outputs such as a database endpoint, but never a secret Output: pass secrets through `secrets`.
    Default {}."""
    secrets: dict[str, pulumi.Input[str]]
    """Environment variables read at start from Secrets Manager or SSM Parameter Store, by reference:
    name → the full ARN of a secret (optionally with a JSON key suffix, "arn:…:secret:db-AbCdEf:password::")
    or of a parameter. Only the ARNs appear in the task definition; the execution role may read exactly
    these. Default {}."""
    secret_kms_key_arns: list[pulumi.Input[str]]
    """Customer-managed KMS keys that encrypt `secrets` (e.g. the cache's or database's key): the
    execution role gets kms:Decrypt on them. Default []."""
    read_only_root_filesystem: bool
    """Mount the image read-only, with an empty writable volume at /tmp. Default True."""
    log_retention_days: int
    """Days the container logs are kept, one of CloudWatch's values (1, 3, 5, 7, 14, 30, 60, 90, ...).
    Default 30."""
    log_kms_key_arn: pulumi.Input[str] | None
    """Your own KMS key for the log group (with `encrypt_logs`); its key policy must allow CloudWatch Logs.
    Default None: with `encrypt_logs`, a key of the service's own."""
    encrypt_logs: bool
    """Encrypt the log group (and a scheduled job's EventBridge Scheduler schedule, which its scheduler role
    may decrypt) with a customer-managed KMS key: `log_kms_key_arn`, or a key of the service's own (alias
    `alias/<physical_name>-logs`, yearly rotation) whose key policy lets only CloudWatch Logs in the
    service's region use it, for this service's log group. About $1 a month. Default True; the staging
    profile turns it off (CloudWatch Logs' own encryption, the schedule's AWS owned key, and no key)."""
    desired_count: int
    """Tasks started when the service is created, min_count to max_count (0 while `image_tag` is
    "bootstrap"); autoscaling owns the count afterwards. Default 1."""
    min_count: int
    """Fewest tasks autoscaling keeps, 0-1000. Default 1."""
    max_count: int
    """Most tasks autoscaling starts, 1-1000. Default 2."""
    cpu_target_percent: int
    """Average CPU utilisation autoscaling keeps the service at, 10-95. Default 70."""
    memory_target_percent: int | None
    """Average memory utilisation to track too, 10-95. Default None: not tracked."""
    requests_per_target: int | None
    """ALB requests per task to track too (needs `load_balancer` with `arn_suffix`; rolling deployments
    only, since blue/green moves traffic to the other target group). Default None: not tracked."""
    capacity: str
    """Where tasks run: "FARGATE"; "FARGATE_SPOT" (about 70% cheaper, tasks can be stopped with 2 minutes'
    notice); or "mixed" (the first task on FARGATE, the rest 1:3 FARGATE:FARGATE_SPOT). Default
    "FARGATE"."""
    enable_exec: bool
    """Allow `aws ecs execute-command` into the tasks (the task role gets the ssmmessages channel
    actions). Default False."""
    exec_log_group_arn: pulumi.Input[str] | None
    """The log group that records ECS Exec sessions (the cluster's `exec_log_group_arn`; "" counts as
    none): with `enable_exec`, the task role may write to it. Default None."""
    load_balancer: ServiceLoadBalancer | None
    """Route a load balancer's listener to the service (needs `port`): a target group and a listener
    rule are created, and only the load balancer's security group may reach the tasks. Default None."""
    service_connect: ServiceConnect | None
    """Join a Service Connect namespace. Default None."""
    deployment: str
    """How a new version replaces the old: "rolling" (new tasks first, the circuit breaker rolls back a
    failing version), or with `load_balancer` "blue_green" (all traffic at once after the new tasks are
    healthy), "canary" (`canary_percent` first) or "linear" (`canary_percent` per step), each watched for
    `bake_minutes` before the old tasks stop. Default "rolling"."""
    canary_percent: float
    """Traffic share of the canary step (0.1-99.9), or of each linear step (3-99.9). Default 10."""
    bake_minutes: int
    """Minutes each traffic step, and the new version after the last, is watched before going on, 0-1440.
    Default 10."""
    schedule: str | None
    """Run the task on a schedule instead of as a service: a 5-field cron expression in UTC ("minute hour
    day-of-month month day-of-week", e.g. "0 3 * * *"; day-of-month and day-of-week cannot both be
    restricted, nor can day-of-week use steps). EventBridge Scheduler starts one task each time; no ECS
    service, autoscaling or port. Default None."""
    migrate: list[str] | None
    """A one-off command that migrates the database before a new version takes traffic, e.g. ["npx",
    "prisma", "migrate", "deploy"] or ["alembic", "upgrade", "head"]: the container's command (the image's
    ENTRYPOINT, or `entrypoint`, still applies). A task definition `<physical_name>-migrate` (this
    container: same image, environment, secrets, roles and log group, stream prefix "migrate", without
    port or health check) is run once per rollout by a pulumi-command `local.Command` on the machine that
    runs `pulumi up`: `aws ecs run-task` on the service's cluster, subnets, security group and capacity,
    then it waits for the task to stop and fails unless the container exited 0. The ECS service depends on
    that Command, so a failed migration stops `pulumi up` before the service gets its new task definition:
    the old version keeps serving. It runs again whenever the migration task definition changes (a new
    image, command, environment or secret reference), never in a preview. Needs the AWS CLI v2 where
    `pulumi up` runs, and a deploy role allowed ecs:RunTask and ecs:DescribeTasks on it, ecs:StopTask
    (timeout) and iam:PassRole on the task and execution roles. Not allowed with `schedule`. Default None:
    no migration."""
    migrate_timeout_seconds: int
    """How long the migration may run before its task is stopped and the rollout fails, 60-86400. Needs
    `migrate`. Default 1800."""
    task_role_statements: list[pulumi.Input[dict[str, Any]]]
    """IAM policy statements for the application itself (the task role), e.g. {"Effect": "Allow",
    "Action": ["sqs:ReceiveMessage"], "Resource": queue_arn}. A "*" action on a "*" resource is refused.
    Default []."""
    task_role_policies: dict[str, pulumi.Input[str]]
    """Whole IAM policy documents (JSON) for the task role by name, e.g. {"photos": photos.grant_read()}.
    Default {}."""
    tags: dict[str, str]
    """Tags added to every taggable resource, plus Name. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the ECR repository, the task
    definition family and the ECS service `<physical_name>`, the log group `/ecs/<physical_name>-…`, the
    roles, the scaling policies, the schedule). Default: the component's name. Give each stack its own (e.g.
    "shop-staging-api") so that two stacks in one account never collide, while the logical names, and so
    the URNs, stay the same; the Service Connect name that other services call stays the component name.
    1-63 lowercase letters, digits and hyphens, starting with a letter."""


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


def _check_args(args: ContainerServiceArgs) -> _Settings:
    """Validate the plain arguments; raise a ValueError naming the argument and what is allowed."""
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
    if port is not None and not (_is_int(port) and 1 <= port <= 65535):
        raise ValueError(f"ContainerService port {port!r} is not allowed; use 1-65535, or None for a worker")
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

    for flag, default in (
        ("read_only_root_filesystem", True),
        ("enable_exec", False),
        ("encrypt_logs", True),
    ):
        value = args.get(flag, default)
        if not isinstance(value, bool):
            raise ValueError(f"ContainerService {flag} {value!r} is not allowed; use True or False")
    if args.get("log_kms_key_arn") is not None and not args.get("encrypt_logs", True):
        raise ValueError(
            "ContainerService log_kms_key_arn is not allowed with encrypt_logs False; leave the key out, or "
            "keep encrypt_logs True"
        )

    cpu, memory_gb = args.get("cpu", 0.5), args.get("memory_gb", 1)
    if not _is_number(cpu) or cpu not in FARGATE_MEMORY_GB:
        sizes = ", ".join(f"{c:g}" for c in FARGATE_MEMORY_GB)
        raise ValueError(f"ContainerService cpu {cpu!r} is not allowed; use one of {sizes}")
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
    if architecture not in ARCHITECTURES:
        raise ValueError(
            f"ContainerService architecture {architecture!r} is not allowed; "
            f"use one of {', '.join(ARCHITECTURES)}"
        )
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
    check_retention("ContainerService", "log_retention_days", log_retention_days)

    counts = {
        key: args.get(key, default)
        for key, default in (("desired_count", 1), ("min_count", 1), ("max_count", 2))
    }
    for key, value in counts.items():
        low = 1 if key == "max_count" else 0
        if not (_is_int(value) and low <= value <= MAX_TASKS):
            raise ValueError(f"ContainerService {key} {value!r} is not allowed; use {low} to {MAX_TASKS}")
    if not counts["min_count"] <= counts["desired_count"] <= counts["max_count"]:
        raise ValueError(
            f"ContainerService desired_count {counts['desired_count']} is not allowed with min_count "
            f"{counts['min_count']} and max_count {counts['max_count']}; use min_count <= desired_count <= "
            "max_count"
        )
    for key, default in (("cpu_target_percent", 70), ("memory_target_percent", None)):
        value = args.get(key, default)
        if value is not None and not (_is_int(value) and MIN_TARGET_PERCENT <= value <= MAX_TARGET_PERCENT):
            raise ValueError(
                f"ContainerService {key} {value!r} is not allowed; "
                f"use {MIN_TARGET_PERCENT} to {MAX_TARGET_PERCENT}"
            )

    capacity = args.get("capacity", "FARGATE")
    if capacity not in CAPACITIES:
        raise ValueError(
            f"ContainerService capacity {capacity!r} is not allowed; use one of {', '.join(CAPACITIES)}"
        )

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
    if deployment not in DEPLOYMENTS:
        raise ValueError(
            f"ContainerService deployment {deployment!r} is not allowed; use one of {', '.join(DEPLOYMENTS)}"
        )
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
    if not (_is_int(bake_minutes) and 0 <= bake_minutes <= MAX_BAKE_MINUTES):
        raise ValueError(
            f"ContainerService bake_minutes {bake_minutes!r} is not allowed; use 0 to {MAX_BAKE_MINUTES}"
        )
    if requests_per_target is not None:
        if not (_is_int(requests_per_target) and requests_per_target >= 1):
            raise ValueError(
                f"ContainerService requests_per_target {requests_per_target!r} is not allowed; use a whole "
                "number >= 1, or None"
            )
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
    priority = load_balancer["priority"]
    if not (_is_int(priority) and 1 <= priority <= MAX_RULE_PRIORITY):
        raise ValueError(
            f"ContainerService load_balancer priority {priority!r} is not allowed; "
            f"use 1 to {MAX_RULE_PRIORITY}"
        )
    hosts = load_balancer.get("hosts", [])
    if not _is_str_list(hosts):
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


# ContainerHealthCheckTimings key -> (ECS HealthCheck key, default, least, most).
HEALTH_CHECK_TIMINGS = {
    "interval_seconds": ("interval", 30, 5, 300),
    "timeout_seconds": ("timeout", 5, 2, 120),
    "retries": ("retries", 3, 1, 10),
    "start_period_seconds": ("startPeriod", 60, 0, 300),
}


def _health_check_timings(value: object) -> dict[str, int]:
    """ECS's interval, timeout, retries and startPeriod from `health_check_timings` (defaults filled)."""
    given = {} if value is None else value
    if not isinstance(given, dict) or set(given) - set(HEALTH_CHECK_TIMINGS):
        raise ValueError(
            f"ContainerService health_check_timings {value!r} is not allowed; use a dict with "
            f"{', '.join(HEALTH_CHECK_TIMINGS)}"
        )
    timings = {}
    for key, (ecs_key, default, least, most) in HEALTH_CHECK_TIMINGS.items():
        number = given.get(key, default)
        if isinstance(number, bool) or not isinstance(number, int) or not least <= number <= most:
            raise ValueError(
                f"ContainerService health_check_timings {key} {number!r} is not allowed; use {least} to "
                f"{most}"
            )
        timings[ecs_key] = number
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


def _check_limitations(settings: _Settings, load_balancer: ServiceLoadBalancer | None) -> None:
    """Refuse what AWS documents it refuses (components/aws/limitations.py), before anything is registered."""
    require(
        "ContainerService",
        "capacity",
        fargate_spot_architecture(settings.capacity, settings.architecture),
    )
    if load_balancer is not None:
        rule = listener_rule_conditions(load_balancer.get("hosts", []), load_balancer.get("paths", ["/*"]))
        require("ContainerService", "load_balancer", rule)
