"""`ContainerService`'s first step: its arguments (the `ContainerServiceArgs` TypedDict the docs and the
Pulumi schema are read from), the Cloud Run limits they are held to, and the checks that settle them into
`ContainerSettings` before anything is registered (with `sizing` for the CPU, memory and counts and `traffic`
for the web service and VPC egress)."""

import re
from collections.abc import Mapping
from typing import Any, TypedDict

import pulumi

from ...bounds import Between, OneOf, bounds
from ...checks import (
    JOB_BOUNDS,
    check_bounds,
    command_list,
    environment_and_secrets,
    job_run_limits,
    not_allowed,
)
from ...cron import cron_fields
from ...images import BOOTSTRAP_TAG, awaits_first_image
from ...limits import CLOUD_RUN_RESERVED_ENV
from ...migration import MIGRATE_TIMEOUT, check_migrate
from ..labels import check_labels
from .names import COMPONENT
from .sizing import MAX_INSTANCES, _Sizing
from .traffic import MAX_CONCURRENCY, VPC_EGRESS, _Traffic

INVOKER_ROLE = "roles/run.invoker"
CONTAINER = "app"

# cannot create a revision from a tag that does not exist. "hello" answers 200 on every path and port $PORT.
PLACEHOLDER_IMAGES = {
    "web": "us-docker.pkg.dev/cloudrun/container/hello",
    "worker": "us-docker.pkg.dev/cloudrun/container/worker-pool",
    "job": "us-docker.pkg.dev/cloudrun/container/job",
}


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


def _given(args: Mapping[str, Any], key: str) -> bool:
    return args.get(key) is not None


def check_cron(expression: object) -> str:
    """`expression` if it is a 5-field unix-cron expression Cloud Scheduler runs; ValueError otherwise."""
    return " ".join(cron_fields(COMPONENT, expression))


class ContainerServiceArgs(TypedDict, total=False):
    image: str | None
    """An image to run, e.g. "ghcr.io/shop/api:1.4.2" or "europe-docker.pkg.dev/p/repo/api:1.4". Default None:
    an Artifact Registry repository is created (immutable tags, cleanup policies) and `image_tag` is run.
    Cloud Run's service agent pulls images: it reads its own project's repositories; for a repository in
    another project, grant it roles/artifactregistry.reader there."""
    image_tag: str
    """The tag of the created repository to run. Tags are immutable: CI pushes each build under a new tag
    (`docker push "$repository_url:<git-sha>"`) and deploys it by setting this argument. Not allowed with
    `image`. Default "bootstrap": nothing is pushed yet, so Google's public placeholder image runs
    (us-docker.pkg.dev/cloudrun/container/hello, …/job or …/worker-pool, without `command` and
    `entrypoint`) until a real tag is set: Cloud Run cannot create a revision from a missing image."""
    keep_images: int
    """Image versions the created repository keeps: the most recent N are kept, other versions (tagged or
    untagged) are deleted once 14 days old. A multi-platform image counts one version per platform plus
    its index. 1 or more; not allowed with `image`. Default 10."""
    kms_key_name: pulumi.Input[str] | None
    """A Cloud KMS key (projects/<p>/locations/<region>/keyRings/<r>/cryptoKeys/<k>, in the service's
    region) that encrypts the created repository (CMEK). The Artifact Registry service agent
    (service-<project number>@gcp-sa-artifactregistry.iam.gserviceaccount.com) must hold
    roles/cloudkms.cryptoKeyEncrypterDecrypter on it first: pass an Output that depends on that grant.
    **Fixed at creation** (provider `kms_key_name`: "This value may not be changed after the Repository has
    been created"): adding, changing or removing it replaces the repository and deletes its images. Not
    allowed with `image`. Default None: Google-managed encryption."""
    port: int | None
    """The port the container serves HTTP on, 1-65535: a web service (`gcp.cloudrunv2.Service`). Default
    None: a worker pool, or a job with `schedule`."""
    health_path: str
    """Path of the HTTP startup and liveness probes (on `port`); must start with "/". Web services only.
    Default "/health"."""
    public: bool
    """Serve the internet through the load balancer: ingress admits only internal traffic and Google
    Cloud load balancers, a serverless NEG and a backend service (`backend_service_id`) are created for
    the LoadBalancer or CdnSite, and allUsers may invoke. Web services only. Default False: internal
    ingress, and only `allow_from` members may invoke."""
    security_policy: pulumi.Input[str] | None
    """A Cloud Armor security policy for the public backend service (e.g. `SecurityPolicy.policy_id`).
    Needs `public`. Default None."""
    direct_ingress: bool
    """Serve the internet directly at the service's own run.app URL, over HTTPS with Google's certificate,
    without the load balancer: for a stack without a custom domain (e.g. a staging trial), since the load
    balancer's Google-managed certificate needs one. Ingress "All", Cloud Run's least restrictive setting
    (any resource on the internet reaches the run.app URL; "Restrict network ingress for Cloud Run",
    cloud.google.com/run/docs/securing/ingress), and allUsers may invoke. No serverless NEG or backend
    service is created (`backend_service_id` is ""), so what the load balancer adds does not apply: no
    Cloud Armor policy (`security_policy` is refused), no TLS (SSL) policy (the run.app endpoint serves TLS
    with Google's own policy) and no load balancer request logs. Web services only; not with `public`
    (choose one). Default False: the service is not reachable from the internet at its run.app URL."""
    cpu: float
    """vCPUs per instance: 0.08 to 1 in steps of 0.01 (web services and jobs; below 1 Cloud Run needs
    concurrency 1, request-based billing and the first-generation environment, which stackyard then
    uses), or 1, 2, 4, 6, 8. Worker pools take whole vCPUs. Default 1."""
    memory_gb: float
    """Memory per instance in GiB, one that fits `cpu`: below 0.5 vCPU 0.125-0.5, below 1 vCPU 0.125-1;
    1 → 0.5-4, 2 → 0.5-8, 4 → 2-16, 6 → 4-24, 8 → 4-32. Default 0.5."""
    concurrency: int | None
    """Requests one instance serves at a time, 1-1000 (`max_instance_request_concurrency`). Web services
    only. Default None: 80, or 1 with a fractional `cpu` (where any other value is refused)."""
    cpu_always_allocated: bool
    """Keep the CPU allocated between requests (instance-based billing, `cpu_idle` False), for background
    threads. Needs a whole vCPU. Web services only. Default False: request-based billing."""
    min_count: int
    """Web service: fewest instances kept warm, 0-1000 (Cloud Run scales on requests and CPU between
    `min_count` and `max_count`). Worker: the number of instances run (manual scaling, see the class
    docstring). Not allowed with `schedule`. Default 0 for a web service, 1 for a worker."""
    max_count: int
    """Web service: most instances, 1-1000, at least `min_count`. Worker: checked (at least `min_count`) but
    not applied, since the worker pool is scaled manually. Not allowed with `schedule`. Default 10 for a
    web service (or `min_count` when larger), `min_count` for a worker."""
    stable_revision: str | None
    """Canary: an existing revision of this service (e.g. "shop-api-00042-xiz") that keeps
    100 - `canary_percent` of the traffic while the latest revision takes `canary_percent`. Web services
    only. Default None: the latest revision takes all traffic."""
    canary_percent: float
    """The latest revision's share of traffic while `stable_revision` is set: a whole percentage, 1-99.
    Needs `stable_revision`. Default 10."""
    schedule: str | None
    """Run a Cloud Run job on a schedule instead: a 5-field cron expression in UTC ("minute hour
    day-of-month month day-of-week", e.g. "30 2 * * 1-5"). Cloud Scheduler starts one execution each
    time through a dedicated service account that may only run this job. Not allowed with `port`. Default
    None."""
    timeout_seconds: int
    """A job task's time limit, 1-86400 seconds. Jobs only. Default 600."""
    max_retries: int
    """Retries of a failed job task, 0-10. Jobs only. Default 3 (Cloud Run's own default)."""
    command: list[str] | None
    """The container's command, overriding the image's CMD (Cloud Run's `args`), e.g. ["celery",
    "worker"]. Not applied to the bootstrap placeholder. Default None."""
    entrypoint: list[str] | None
    """The container's entrypoint, overriding the image's ENTRYPOINT (Cloud Run's `command`). Not applied to
    the bootstrap placeholder. Default None."""
    migrate: list[str] | None
    """A one-off command that migrates the database before a new version takes traffic, e.g. ["npx",
    "prisma", "migrate", "deploy"]: the container's args (`entrypoint`, or the image's ENTRYPOINT, still
    applies). A Cloud Run job `<physical_name>-migrate` with this service's template (image, environment,
    secrets, service account, VPC egress; one task, no retries, `migrate_timeout_seconds`) is executed once
    per rollout by a pulumi-command `local.Command` on the machine that runs `pulumi up`: `gcloud run jobs
    execute <job> --region <region> --project <project> --wait`, which fails when the execution fails. The
    service (or worker pool) depends on that Command, so a failed migration stops `pulumi up` before a new
    revision is created: the current one keeps serving. It runs again whenever the job changes (its
    `generation`: a new image, command, environment or secret version), never in a preview. Not run while
    the bootstrap placeholder image runs (nothing to migrate: no job is created until a real `image_tag`
    is set). Needs gcloud where `pulumi up` runs and a deploy identity allowed run.jobs.run and
    run.executions.get (roles/run.developer has both). Not allowed with `schedule`. Default None: no
    migration."""
    migrate_timeout_seconds: int
    """The migration task's time limit (the job's task timeout), 60-86400 seconds. Needs `migrate`.
    Default 1800."""
    environment: dict[str, pulumi.Input[str]]
    """Plain settings as environment variables (visible in the service's configuration: never secrets).
    Values may be Outputs such as a database address, but never a secret Output: pass secrets through
    `secrets`. Names must not also be in `secrets`, nor be reserved by Cloud Run (PORT, K_SERVICE …).
    Default {}."""
    secrets: dict[str, pulumi.Input[str]]
    """Environment variables read from Secret Manager when an instance starts, by reference: name → the
    secret id `projects/<project>/secrets/<id>` (the latest version is read) or one version of it,
    `projects/<project>/secrets/<id>/versions/<n>` (e.g. `ManagedPostgres.secret_reference("url")`): a new
    version then changes the service and rolls it. The service account may access exactly these secrets.
    Default {}."""
    network: pulumi.Input[str] | None
    """The VPC network for direct VPC egress (e.g. `Vpc.vpc_id`). Needs `subnetwork`. Default None: no VPC
    egress (the service reaches only public addresses)."""
    subnetwork: pulumi.Input[str] | None
    """The subnet instances take their egress addresses from (e.g. `Vpc.serverless_subnet_id`). Needs
    `network`. Default None."""
    vpc_egress: str
    """What goes through the VPC: "PRIVATE_RANGES_ONLY" (RFC 1918 and other private ranges: databases,
    caches) or "ALL_TRAFFIC" (everything, to the internet through Cloud NAT). A caller's requests to
    another service's internal-only run.app URL count as internal only when they go through the VPC, so
    a service that calls private services needs "ALL_TRAFFIC". Needs `network`. Default
    "PRIVATE_RANGES_ONLY"."""
    project_roles: list[str]
    """Project roles for the service account, e.g. ["roles/monitoring.metricWriter",
    "roles/cloudtrace.agent"]. Owner, editor, any *Admin role and the impersonation roles
    (serviceAccountUser, serviceAccountTokenCreator, workloadIdentityUser) are refused. Default []: none
    (Cloud Run writes the container's logs without any role)."""
    region: pulumi.Input[str] | None
    """Region of the service, job, repository and NEG, e.g. "europe-west1". Default None: the provider's
    region."""
    labels: dict[str, str]
    """Labels on the service, worker pool or job and the repository (`managed-by: stackyard` is always
    added). Keys: a lowercase letter, then lowercase letters, digits, _ or -, at most 63; values the same
    characters. Default {}."""
    physical_name: str
    """The base of the physical names of this component's cloud resources (the Cloud Run service, worker
    pool or job `<physical_name>`, the service accounts, the Artifact Registry repository, the serverless
    NEG and backend service, the Cloud Scheduler job). Default: the component's name. Give each stack its
    own (e.g. "shop-staging-api") so that two stacks in one project never collide, while the logical names,
    and so the URNs, stay the same. 1-63 lowercase letters, digits and hyphens, starting with a letter."""


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type.
BOUNDS = bounds(
    ContainerServiceArgs,
    keep_images=Between(1),
    port=Between(1, 65535, what="1-65535 (a web service), or leave it out for a worker or job"),
    concurrency=Between(1, MAX_CONCURRENCY),
    min_count=Between(0, MAX_INSTANCES),
    max_count=Between(1, MAX_INSTANCES),
    vpc_egress=OneOf(*VPC_EGRESS),
    **JOB_BOUNDS,
    migrate_timeout_seconds=MIGRATE_TIMEOUT,
)


class ContainerSettings(_Sizing, _Traffic):
    """The arguments, defaulted and checked: constructed before anything is registered."""

    def __init__(self, args: Mapping[str, Any]) -> None:
        check_bounds(COMPONENT, ContainerServiceArgs, args)
        schedule = args.get("schedule")
        port = args.get("port")
        self.schedule: str | None = None if schedule is None else check_cron(schedule)
        if self.schedule is not None and port is not None:
            raise ValueError(
                f"{COMPONENT} port is not allowed with schedule: a scheduled job serves no requests; "
                "leave port out"
            )
        self.kind = "job" if self.schedule is not None else "web" if port is not None else "worker"
        self.port: int | None = port
        self._direct(args)
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
        self.keep_images: int = args.get("keep_images", 10)
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

    # -- job -----------------------------------------------------------------------------------------------

    def _job(self, args: Mapping[str, Any]) -> None:
        self.timeout_seconds, self.max_retries = job_run_limits(args)

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
