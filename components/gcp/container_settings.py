"""The arguments of the GCP `ContainerService`, defaulted and checked before anything is registered, and the
Cloud Run limits behind the checks."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pulumi

from ..checks import command_list, environment_and_secrets, flag, integer, not_allowed
from ..cron import cron_fields
from ..images import BOOTSTRAP_TAG, awaits_first_image
from ..limits import CLOUD_RUN_RESERVED_ENV, cloud_run_size_problem
from ..migration import check_migrate
from ..naming import physical_name
from .labels import check_labels

COMPONENT = "ContainerService"

# Name limits (cloud.google.com/run/docs/deploying, "service names ... less than 50 characters"; a worker
# pool's revisions are named like a service's, so it gets the same limit; job names up to 63; Artifact
# Registry repository ids up to 63; service account ids 6-30, the provider's `account_id` docs).
SERVICE_NAME_LIMIT = 49
JOB_NAME_LIMIT = 63
RESOURCE_NAME_LIMIT = 63  # Artifact Registry repositories, NEGs, backend services, scheduler jobs
ACCOUNT_ID_MIN, ACCOUNT_ID_MAX = 6, 30

# Google's public sample images, deployed while `image_tag` is "bootstrap" (nothing pushed yet): Cloud Run
# cannot create a revision from a tag that does not exist. "hello" answers 200 on every path and port $PORT.
PLACEHOLDER_IMAGES = {
    "web": "us-docker.pkg.dev/cloudrun/container/hello",
    "worker": "us-docker.pkg.dev/cloudrun/container/worker-pool",
    "job": "us-docker.pkg.dev/cloudrun/container/job",
}

MAX_INSTANCES = 1000  # Cloud Run's ceiling for max instances (the project's quota may be lower)
MAX_CONCURRENCY = 1000  # requests per instance (cloud.google.com/run/docs/about-concurrency)
DEFAULT_CONCURRENCY = 80
DEFAULT_MAX_COUNT = 10
MAX_TASK_TIMEOUT_SECONDS = 86400  # 24 h: a job task's generally available maximum
MAX_TASK_RETRIES = 10  # Cloud Run jobs: 0-10 retries per task
VPC_EGRESS = ("PRIVATE_RANGES_ONLY", "ALL_TRAFFIC")

# Variables of the container runtime contract that Cloud Run sets itself (in components.limits, which the
# stack config checks too).
RESERVED_ENV = CLOUD_RUN_RESERVED_ENV
MAX_ENV = 1000  # environment variables per container

# Project roles a service account must never get from here: the basic roles, any *Admin role, and the
# impersonation roles that would let the application act as another identity.
REFUSED_ROLES = (
    "roles/owner",
    "roles/editor",
    "roles/iam.serviceAccountUser",
    "roles/iam.serviceAccountTokenCreator",
    "roles/iam.workloadIdentityUser",
)

ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
IMAGE_TAG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$")
# A secret (its latest version is read) or one version of it.
SECRET_ID = re.compile(r"^projects/[a-z0-9-]{1,30}/secrets/[A-Za-z0-9_-]{1,255}(/versions/(\d+|latest))?$")
ROLE = re.compile(r"^(roles/|(projects|organizations)/[a-z0-9-]+/roles/)[A-Za-z0-9_.]{1,100}$")
REVISION = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
REGION = re.compile(r"^[a-z]+(-[a-z]+)+\d{1,2}$")
KMS_KEY = re.compile(r"^projects/[^/\s]+/locations/[^/\s]+/keyRings/[^/\s]+/cryptoKeys/[^/\s]+$")

# Only in a web service, only in a scheduled job.
WEB_ONLY = (
    "public",
    "health_path",
    "concurrency",
    "cpu_always_allocated",
    "stable_revision",
    "canary_percent",
    "security_policy",
)
JOB_ONLY = ("timeout_seconds", "max_retries")


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _given(args: Mapping[str, Any], key: str) -> bool:
    return args.get(key) is not None


def account_id(base: str) -> str:
    """A service account id for `base`: 6-30 characters, a letter first; short names are padded."""
    found = physical_name(base, ACCOUNT_ID_MAX)
    return found if len(found) >= ACCOUNT_ID_MIN else f"{found}-run-sa"


def cpu_limit(cpu: float) -> str:
    """Cloud Run's CPU quantity: "1", "2" … or millicores ("500m") below one vCPU."""
    return str(int(cpu)) if cpu >= 1 else f"{round(cpu * 1000)}m"


def check_cron(expression: object) -> str:
    """`expression` if it is a 5-field unix-cron expression Cloud Scheduler runs; ValueError otherwise."""
    return " ".join(cron_fields(COMPONENT, expression))


class ContainerSettings:
    """The arguments, defaulted and checked: constructed before anything is registered."""

    def __init__(self, args: Mapping[str, Any]) -> None:
        schedule = args.get("schedule")
        port = args.get("port")
        self.schedule: str | None = None if schedule is None else check_cron(schedule)
        if port is not None and not (_is_int(port) and 1 <= port <= 65535):
            raise not_allowed(
                COMPONENT, "port", port, "use 1-65535 (a web service), or leave it out for a worker or job"
            )
        if self.schedule is not None and port is not None:
            raise ValueError(
                f"{COMPONENT} port is not allowed with schedule: a scheduled job serves no requests; "
                "leave port out"
            )
        self.kind = "job" if self.schedule is not None else "web" if port is not None else "worker"
        self.port: int | None = port
        for key in WEB_ONLY:
            if self.kind != "web" and _given(args, key):
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed without port: only a web service takes it; give a "
                    f"port, or leave {key} out"
                )
        for key in JOB_ONLY:
            if self.kind != "job" and _given(args, key):
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed without schedule: only a scheduled job takes it; "
                    f"leave {key} out"
                )
        if self.kind == "job":
            for key in ("min_count", "max_count"):
                if _given(args, key):
                    raise ValueError(
                        f"{COMPONENT} {key} is not allowed with schedule: each run starts one task; "
                        f"leave {key} out"
                    )

        self._image(args)
        self._size(args)
        self._web(args)
        self._counts(args)
        self._job(args)
        self._container(args)
        self._network(args)
        self._access(args)

    # -- image ---------------------------------------------------------------------------------------------

    def _image(self, args: Mapping[str, Any]) -> None:
        image = args.get("image")
        if image is not None and not (isinstance(image, str) and image.strip() and " " not in image):
            raise not_allowed(
                COMPONENT, "image", image, "use an image reference such as ghcr.io/shop/api:1.4.2, or None"
            )
        if image is not None and _given(args, "image_tag"):
            raise ValueError(
                f"{COMPONENT} image_tag is not allowed with image; put the tag in image, or leave image "
                "out to use the created repository"
            )
        if image is not None and _given(args, "keep_images"):
            raise ValueError(
                f"{COMPONENT} keep_images is not allowed with image: no repository is created; leave "
                "keep_images out"
            )
        image_tag = args.get("image_tag", BOOTSTRAP_TAG)
        if not (isinstance(image_tag, str) and IMAGE_TAG.match(image_tag)):
            raise not_allowed(
                COMPONENT,
                "image_tag",
                image_tag,
                "use up to 128 letters, digits, _ . - (not starting with . -)",
            )
        self.image: str | None = image
        self.image_tag: str = image_tag
        self.placeholder = awaits_first_image(image, image_tag)
        self.keep_images = integer(COMPONENT, "keep_images", args.get("keep_images", 10), 1)
        kms_key = args.get("kms_key_name")
        if kms_key is not None and image is not None:
            raise ValueError(
                f"{COMPONENT} kms_key_name is not allowed with image: no repository is created; leave "
                "kms_key_name out"
            )
        if isinstance(kms_key, str) and not KMS_KEY.match(kms_key):
            raise not_allowed(
                COMPONENT,
                "kms_key_name",
                kms_key,
                "use projects/<project>/locations/<region>/keyRings/<ring>/cryptoKeys/<key>",
            )
        self.kms_key_name: pulumi.Input[str] | None = kms_key

    # -- size ----------------------------------------------------------------------------------------------

    def _size(self, args: Mapping[str, Any]) -> None:
        cpu, memory_gb = args.get("cpu", 1), args.get("memory_gb", 0.5)
        if not _is_number(cpu):
            raise not_allowed(COMPONENT, "cpu", cpu, "use 0.08 to 1 in steps of 0.01, or 1, 2, 4, 6, 8")
        if not _is_number(memory_gb):
            raise not_allowed(COMPONENT, "memory_gb", memory_gb, "use a number of GiB that fits cpu")
        problem = cloud_run_size_problem(cpu, memory_gb)
        if problem is not None:
            arg, reason = problem  # "<value> is not offered; use …" / "<value> does not fit …; use …"
            value = cpu if arg == "cpu" else memory_gb
            raise ValueError(f"{COMPONENT} {arg} {value!r} {reason.split(' ', 1)[1]} on Cloud Run")
        self.fractional = cpu < 1
        if self.fractional and self.kind == "worker":
            # cloud.google.com/run/docs/configuring/workerpools/cpu: "The minimum vCPU setting is 1 vCPU".
            raise not_allowed(COMPONENT, "cpu", cpu, "use 1, 2, 4, 6 or 8: a worker pool takes whole vCPUs")
        self.cpu = cpu_limit(cpu)
        self.memory = f"{round(memory_gb * 1024)}Mi"
        # Fractional vCPU runs only in the first-generation environment
        # (cloud.google.com/run/docs/configuring/services/cpu); gen2 otherwise (full Linux, faster CPU).
        self.execution_environment = (
            "EXECUTION_ENVIRONMENT_GEN1" if self.fractional else "EXECUTION_ENVIRONMENT_GEN2"
        )

    # -- web service ---------------------------------------------------------------------------------------

    def _web(self, args: Mapping[str, Any]) -> None:
        self.public = flag(COMPONENT, "public", args.get("public", False))
        health_path = args.get("health_path", "/health")
        if not (isinstance(health_path, str) and health_path.startswith("/") and " " not in health_path):
            raise not_allowed(COMPONENT, "health_path", health_path, "use a path starting with /")
        self.health_path: str = health_path
        self.cpu_always_allocated = flag(
            COMPONENT, "cpu_always_allocated", args.get("cpu_always_allocated", False)
        )
        if self.fractional and self.cpu_always_allocated:
            raise ValueError(
                f"{COMPONENT} cpu_always_allocated True is not allowed with a fractional cpu: below 1 vCPU "
                "Cloud Run requires request-based billing; use cpu 1 or more, or leave it False"
            )
        concurrency = args.get("concurrency")
        if concurrency is None:
            concurrency = 1 if self.fractional else DEFAULT_CONCURRENCY
        integer(COMPONENT, "concurrency", concurrency, 1, MAX_CONCURRENCY)
        if self.fractional and concurrency != 1:
            raise ValueError(
                f"{COMPONENT} concurrency {concurrency!r} is not allowed with a fractional cpu: below "
                "1 vCPU Cloud Run serves one request at a time; use concurrency 1, or cpu 1 or more"
            )
        self.concurrency: int = concurrency

        stable_revision = args.get("stable_revision")
        if stable_revision is not None and not (
            isinstance(stable_revision, str) and REVISION.match(stable_revision)
        ):
            raise not_allowed(
                COMPONENT,
                "stable_revision",
                stable_revision,
                "use a Cloud Run revision name, e.g. api-00042-xiz",
            )
        canary = args.get("canary_percent")
        if canary is not None and stable_revision is None:
            raise ValueError(
                f"{COMPONENT} canary_percent is not allowed without stable_revision: the canary's share "
                "is taken from that revision; give stable_revision, or leave canary_percent out"
            )
        if stable_revision is not None:
            canary = 10 if canary is None else canary
            if not (_is_number(canary) and float(canary).is_integer() and 1 <= canary <= 99):
                raise not_allowed(
                    COMPONENT,
                    "canary_percent",
                    canary,
                    "use a whole percentage, 1 to 99 (Cloud Run splits traffic in whole percents)",
                )
            canary = int(canary)
        self.stable_revision: str | None = stable_revision
        self.canary_percent: int | None = canary
        security_policy = args.get("security_policy")
        if security_policy is not None and not self.public:
            raise ValueError(
                f"{COMPONENT} security_policy is not allowed without public: it protects the public "
                "backend service; set public True, or leave security_policy out"
            )
        self.security_policy: pulumi.Input[str] | None = security_policy

    # -- counts --------------------------------------------------------------------------------------------

    def _counts(self, args: Mapping[str, Any]) -> None:
        default_min = 1 if self.kind == "worker" else 0
        self.min_count = integer(COMPONENT, "min_count", args.get("min_count", default_min), 0, MAX_INSTANCES)
        default_max = self.min_count if self.kind == "worker" else max(DEFAULT_MAX_COUNT, self.min_count)
        self.max_count = integer(COMPONENT, "max_count", args.get("max_count", default_max), 1, MAX_INSTANCES)
        if self.kind != "job" and self.max_count < self.min_count:
            raise ValueError(
                f"{COMPONENT} max_count {self.max_count} is not allowed with min_count {self.min_count}; "
                "use max_count >= min_count"
            )

    # -- job -----------------------------------------------------------------------------------------------

    def _job(self, args: Mapping[str, Any]) -> None:
        self.timeout_seconds = integer(
            COMPONENT, "timeout_seconds", args.get("timeout_seconds", 600), 1, MAX_TASK_TIMEOUT_SECONDS
        )
        self.max_retries = integer(COMPONENT, "max_retries", args.get("max_retries", 3), 0, MAX_TASK_RETRIES)

    # -- container -----------------------------------------------------------------------------------------

    def _container(self, args: Mapping[str, Any]) -> None:
        self.command = command_list(COMPONENT, "command", args.get("command"))
        self.entrypoint = command_list(COMPONENT, "entrypoint", args.get("entrypoint"))

        environment, secrets = environment_and_secrets(
            COMPONENT, args.get("environment"), args.get("secrets"), ENV_NAME
        )
        for label, mapping in (("environment", environment), ("secrets", secrets)):
            for key in mapping:
                if key in RESERVED_ENV or key.upper().startswith("X_GOOGLE_"):
                    raise ValueError(
                        f"{COMPONENT} {label} name {key!r} is not allowed: Cloud Run sets it (reserved: "
                        f"{', '.join(RESERVED_ENV)}, X_GOOGLE_*); use another name"
                    )
        for key, value in secrets.items():
            if not isinstance(value, str | pulumi.Output) or (
                isinstance(value, str) and not SECRET_ID.match(value)
            ):
                raise ValueError(
                    f"{COMPONENT} secrets {key} is not allowed: its value is not a Secret Manager secret id "
                    "(never pass a secret value); use projects/<project>/secrets/<secret-id>, optionally "
                    "with /versions/<n>"
                )
        if len(environment) + len(secrets) > MAX_ENV:
            raise ValueError(
                f"{COMPONENT} environment and secrets have {len(environment) + len(secrets)} variables; "
                f"Cloud Run allows {MAX_ENV}: use fewer"
            )
        self.environment: dict[str, pulumi.Input[str]] = dict(environment)
        self.secrets: dict[str, pulumi.Input[str]] = dict(secrets)
        self.migrate, self.migrate_timeout_seconds = check_migrate(COMPONENT, args, self.kind)

    # -- network -------------------------------------------------------------------------------------------

    def _network(self, args: Mapping[str, Any]) -> None:
        network, subnetwork = args.get("network"), args.get("subnetwork")
        for key, value, other in (("network", network, "subnetwork"), ("subnetwork", subnetwork, "network")):
            if value is not None and not (
                isinstance(value, pulumi.Output) or (isinstance(value, str) and value)
            ):
                raise not_allowed(COMPONENT, key, value, "use a network / subnetwork id or name")
            if value is not None and args.get(other) is None:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed without {other}: direct VPC egress needs both; give "
                    f"{other} (e.g. the Vpc's serverless_subnet_id), or neither"
                )
        self.network: pulumi.Input[str] | None = network
        self.subnetwork: pulumi.Input[str] | None = subnetwork
        vpc_egress = args.get("vpc_egress")
        if vpc_egress is not None and network is None:
            raise ValueError(
                f"{COMPONENT} vpc_egress is not allowed without network and subnetwork: there is no VPC "
                "egress to configure; give both, or leave vpc_egress out"
            )
        vpc_egress = "PRIVATE_RANGES_ONLY" if vpc_egress is None else vpc_egress
        if vpc_egress not in VPC_EGRESS:
            raise not_allowed(COMPONENT, "vpc_egress", vpc_egress, f"use one of {', '.join(VPC_EGRESS)}")
        self.vpc_egress: str = vpc_egress

        region = args.get("region")
        if region is not None and not (
            isinstance(region, pulumi.Output) or (isinstance(region, str) and REGION.match(region))
        ):
            raise not_allowed(COMPONENT, "region", region, "use a Google Cloud region such as us-central1")
        self.region: pulumi.Input[str] | None = region

    # -- access and labels ---------------------------------------------------------------------------------

    def _access(self, args: Mapping[str, Any]) -> None:
        roles = args.get("project_roles") or []
        if not isinstance(roles, list):
            raise not_allowed(
                COMPONENT,
                "project_roles",
                roles,
                "use a list of role names such as roles/monitoring.metricWriter",
            )
        for role in roles:
            if not (isinstance(role, str) and ROLE.match(role)):
                raise not_allowed(
                    COMPONENT,
                    "project_roles",
                    role,
                    "use predefined roles (roles/<service>.<role>) or custom roles "
                    "(projects/<p>/roles/<role>)",
                )
            if role in REFUSED_ROLES or role.rsplit(".", 1)[-1].lower().endswith("admin"):
                raise not_allowed(
                    COMPONENT,
                    "project_roles",
                    role,
                    "grant narrow roles: owner, editor, *Admin and impersonation roles "
                    f"({', '.join(REFUSED_ROLES[2:])}) are refused",
                )
        self.project_roles: list[str] = list(dict.fromkeys(roles))

        self.labels = check_labels("ContainerService", args.get("labels"))
