"""`ContainerService`'s arguments: the `…Args` TypedDicts the docs and the Pulumi schema are read from, and
the limits they are held to (`settings` checks them against these)."""

from typing import Any, Required, TypedDict

import pulumi

from ...bounds import Between, OneOf, bounds
from ...limits import FARGATE_MEMORY_GB, RETENTION
from ...limits import HEALTH_CHECK_BOUNDS as LIMITS_HEALTH_CHECK_BOUNDS
from ...limits import HEALTH_CHECK_TIMINGS as HEALTH_CHECK_TIMINGS  # checks and settings read it here
from ...migration import MIGRATE_TIMEOUT

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


class ServiceLoadBalancer(TypedDict, total=False):
    """Where a load balancer created elsewhere sends this service's traffic."""

    listener_arn: Required[pulumi.Input[str]]
    """The HTTPS listener the service's rule is added to. Required."""
    security_group_id: Required[pulumi.Input[str]]
    """The load balancer's security group: the only source allowed to reach the tasks on `port`. Its
    egress must allow the VPC (or this service's group) on `port`. Required."""
    priority: Required[int]
    """The listener rule's priority, 1-50000, unique on the listener (lower wins). Required."""
    hosts: list[pulumi.Input[str]]
    """Host headers routed to the service, e.g. ["api.shop.example.com"], or an Output such as a
    `ServiceDistribution`'s `domain_name` (the host CloudFront forwards to an internal load balancer); only
    plain names are checked here. Default []: any host."""
    paths: list[str]
    """Path patterns routed to the service, each starting with "/". Default ["/*"]. Hosts and paths
    together have at most 5 values (an ALB limit)."""
    arn_suffix: pulumi.Input[str]
    """The load balancer's ARN suffix ("app/<name>/<id>"), needed only for `requests_per_target`.
    Default None."""


# What `load_balancer`'s keys admit, checked before anything else (`components.bounds`).
LOAD_BALANCER_BOUNDS = bounds(ServiceLoadBalancer, priority=Between(1, MAX_RULE_PRIORITY))


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


# What `health_check_timings`' keys admit (`components.bounds`): ECS's bounds, `components.limits`
# `HEALTH_CHECK_TIMINGS` (key -> ECS HealthCheck key, default, least, most), which the stack file's
# `services.<name>.health_check` reads too.
HEALTH_CHECK_BOUNDS = bounds(ContainerHealthCheckTimings, **LIMITS_HEALTH_CHECK_BOUNDS)


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


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type.
BOUNDS = bounds(
    ContainerServiceArgs,
    port=Between(1, 65535, what="1-65535, or None for a worker"),
    cpu=OneOf(*FARGATE_MEMORY_GB),
    architecture=OneOf(*ARCHITECTURES),
    log_retention_days=RETENTION,
    desired_count=Between(0, MAX_TASKS),
    min_count=Between(0, MAX_TASKS),
    max_count=Between(1, MAX_TASKS),
    cpu_target_percent=Between(MIN_TARGET_PERCENT, MAX_TARGET_PERCENT),
    memory_target_percent=Between(MIN_TARGET_PERCENT, MAX_TARGET_PERCENT),
    requests_per_target=Between(1, what="a whole number >= 1, or None"),
    capacity=OneOf(*CAPACITIES),
    deployment=OneOf(*DEPLOYMENTS),
    bake_minutes=Between(0, MAX_BAKE_MINUTES),
    migrate_timeout_seconds=MIGRATE_TIMEOUT,
)
