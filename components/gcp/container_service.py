"""`ContainerService`: a Cloud Run (v2) web service, worker pool or scheduled job with its own service
account, secrets by reference, direct VPC egress, an Artifact Registry repository and, for a public web
service, a serverless NEG and backend service for the load balancer."""

from typing import TypedDict

import pulumi
import pulumi_gcp as gcp

from ..checks import refuse_unknown_keys
from ..migration import migration_command
from ..naming import physical_base, physical_name
from .container_settings import (
    COMPONENT,
    JOB_NAME_LIMIT,
    PLACEHOLDER_IMAGES,
    RESOURCE_NAME_LIMIT,
    SERVICE_NAME_LIMIT,
    ContainerSettings,
    account_id,
)
from .secret_store import grant_secret_access

INVOKER_ROLE = "roles/run.invoker"
INGRESS_PUBLIC = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"  # the project's VPC and Google Cloud load balancers
INGRESS_PRIVATE = "INGRESS_TRAFFIC_INTERNAL_ONLY"  # the project's VPC (and internal load balancers) only
READER_ROLE = "roles/artifactregistry.reader"
CLOUD_PLATFORM_SCOPE = "https://www.googleapis.com/auth/cloud-platform"
CONTAINER = "app"
CLEANUP_AFTER_DAYS = 14
SECONDS_PER_DAY = 86400


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


class ContainerService(pulumi.ComponentResource):
    """A container on Cloud Run: a web service (with `port`), a worker pool (without) or a scheduled job
    (with `schedule`).

    Least privilege: each ContainerService runs as its own service account, which has no project roles
    unless `project_roles` lists some, may read exactly the Secret Manager secrets in `secrets`
    (roles/secretmanager.secretAccessor on each one) and read its own repository. Secrets reach the
    container only as references (`secret_key_ref`, version "latest"), never as values. Direct VPC egress
    (`network` + `subnetwork`) lets instances reach private addresses such as Cloud SQL and Memorystore.

    - Web service: ingress is internal-only, or internal plus Google Cloud load balancers when `public`
      (then a serverless NEG and a global EXTERNAL_MANAGED backend service with request logging and the
      optional Cloud Armor policy are created, and `allUsers` may invoke: the ingress setting keeps
      everything but the load balancer out). A private service is invoked only by members given to
      `allow_from`, through the VPC. HTTP startup and liveness probes on `health_path`; startup CPU boost;
      request-based billing unless `cpu_always_allocated`; the second-generation environment for whole
      vCPUs. `stable_revision` + `canary_percent` split traffic for a canary.
    - Worker: a Cloud Run worker pool (no ingress, no URL) with `min_count` instances. Worker pools scale
      manually here: Cloud Run's documentation describes CPU autoscaling for worker pools, and the
      provider accepts scaling mode AUTOMATIC with min and max counts, but without a CPU target and at a
      launch stage stackyard could not confirm, so `max_count` is only checked.
    - Scheduled job: a Cloud Run job (one task, `max_retries`, `timeout_seconds`) and a Cloud Scheduler job
      that POSTs to the Cloud Run Admin API's `jobs/<job>:run` in UTC, with an OAuth token of its own
      service account, which may run this job and nothing else.

    With `migrate`, each rollout first executes a Cloud Run job `<physical_name>-migrate` (this template,
    the migration as its args) through a pulumi-command `local.Command` that runs `gcloud run jobs execute
    --wait` on the machine that runs `pulumi up` (`components/migrate.sh`), and the service or worker pool
    gets its new revision only once the execution succeeded; a preview runs nothing.

    Without `image`, an Artifact Registry repository per service holds the images (immutable tags; the
    last `keep_images` versions kept, others deleted after 14 days); until a real `image_tag` is set,
    Google's public placeholder image runs (see `image_tag`). Names are explicit and derived from
    `physical_name` (default: the component name; service ≤ 49 characters, job ≤ 63, service account ids
    6-30, shortened with a hash), so two ContainerServices with the same `physical_name` in one project
    collide. `deletion_protection` is False:
    the service is stateless and the provider's default would block `pulumi destroy`.

    Example:

        api = ContainerService(
            "shop-api",
            {
                "port": 8000,
                "public": True,
                "cpu": 1,
                "memory_gb": 1,
                "min_count": 1,
                "environment": {"LOG_LEVEL": "info"},
                "secrets": {"DATABASE_PASSWORD": "projects/shop-prod/secrets/shop-db-password"},
                "network": "projects/shop-prod/global/networks/shop",
                "subnetwork": "projects/shop-prod/regions/us-central1/subnetworks/shop-serverless",
                "vpc_egress": "ALL_TRAFFIC",
            },
        )
        search = ContainerService("shop-search", {"port": 8080, "image": "ghcr.io/shop/search:2.1"})
        search.allow_from("api", api.member)
        ContainerService("shop-worker", {"command": ["celery", "worker"], "min_count": 2})
        ContainerService("shop-nightly", {"command": ["python", "-m", "reports"], "schedule": "30 2 * * *"})
        pulumi.export("apiRepository", api.repository_url)
        pulumi.export("apiBackend", api.backend_service_id)
    """

    service_name: pulumi.Output[str]
    """The Cloud Run service's or worker pool's name; "" for a scheduled job (see `job_name`)."""
    job_name: pulumi.Output[str]
    """The Cloud Run job's name; "" unless `schedule` is set."""
    uri: pulumi.Output[str]
    """The web service's run.app URL (reachable as its ingress allows); "" for a worker or job."""
    service_account_email: pulumi.Output[str]
    """The email of the service account the container runs as."""
    member: pulumi.Output[str]
    """"serviceAccount:<email>", for IAM grants to this service (a bucket's `grant_read`, another
    service's `allow_from`)."""
    repository_url: pulumi.Output[str]
    """Where to push images: `<region>-docker.pkg.dev/<project>/<repository>/<image>`, so
    `docker push "$url:v1"` works; "" with `image`."""
    image: pulumi.Output[str]
    """The image the current revision runs (the placeholder while `image_tag` is "bootstrap")."""
    backend_service_id: pulumi.Output[str]
    """The backend service of a public web service, for a LoadBalancer route or CdnSite; "" otherwise."""

    def __init__(
        self, name: str, args: ContainerServiceArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        refuse_unknown_keys(ContainerService, ContainerServiceArgs, name, args, opts)
        settings = ContainerSettings(args)
        base = physical_base(COMPONENT, name, args.get("physical_name"))
        super().__init__(f"stackyard-gcp:index:{COMPONENT}", name, None, opts)
        self._name = name
        self._base = base
        self._kind = settings.kind
        self._service: gcp.cloudrunv2.Service | None = None
        child = pulumi.ResourceOptions(parent=self)
        labels = {**settings.labels, "managed-by": "stackyard"}
        config = gcp.organizations.get_client_config_output(opts=pulumi.InvokeOutputOptions(parent=self))
        region: pulumi.Input[str] = settings.region if settings.region is not None else config.region

        # -- identity and grants ------------------------------------------------------------------------
        account = gcp.serviceaccount.Account(
            f"{name}-sa",
            account_id=account_id(base),
            display_name=f"{name} (Cloud Run)",
            description=f"Runs the {settings.kind} {name}, managed by stackyard",
            opts=child,
        )
        grants: list[pulumi.Resource] = [
            gcp.projects.IAMMember(
                f"{name}-{physical_name(role.rsplit('/', 1)[-1], 63)}",
                project=config.project,
                role=role,
                member=account.member,
                opts=child,
            )
            for role in settings.project_roles
        ]
        for variable, reference in sorted(settings.secrets.items()):
            secret_id = pulumi.Output.from_input(reference).apply(lambda ref: _split_reference(ref)[0])
            grants.append(grant_secret_access(f"{name}-secret-{variable}", secret_id, account.member, self))

        # -- image ----------------------------------------------------------------------------------------
        if settings.image is None:
            repository = gcp.artifactregistry.Repository(
                f"{name}-repo",
                repository_id=physical_name(base, RESOURCE_NAME_LIMIT),
                location=region,
                format="DOCKER",
                description=f"Images of {name}, managed by stackyard",
                docker_config={"immutable_tags": True},
                cleanup_policy_dry_run=False,
                cleanup_policies=_cleanup_policies(settings.keep_images),
                kms_key_name=settings.kms_key_name,
                labels=labels,
                # A fixed repository_id: a replacement (a new kms_key_name) must delete the old one first.
                opts=pulumi.ResourceOptions.merge(child, pulumi.ResourceOptions(delete_before_replace=True)),
            )
            grants.append(
                gcp.artifactregistry.RepositoryIamMember(
                    f"{name}-repo-reader",
                    project=repository.project,
                    location=repository.location,
                    repository=repository.name,
                    role=READER_ROLE,
                    member=account.member,
                    opts=child,
                )
            )
            repository_url = pulumi.Output.concat(
                repository.location,
                "-docker.pkg.dev/",
                repository.project,
                "/",
                repository.repository_id,
                "/",
                physical_name(base, RESOURCE_NAME_LIMIT),
            )
            image: pulumi.Output[str] = (
                pulumi.Output.from_input(PLACEHOLDER_IMAGES[settings.kind])
                if settings.placeholder
                else pulumi.Output.concat(repository_url, ":", settings.image_tag)
            )
            self.repository_url = repository_url
        else:
            image = pulumi.Output.from_input(settings.image)
            self.repository_url = pulumi.Output.from_input("")
        self.image = image

        self.service_account_email = account.email
        self.member = account.member
        self.service_name = pulumi.Output.from_input("")
        self.job_name = pulumi.Output.from_input("")
        self.uri = pulumi.Output.from_input("")
        self.backend_service_id = pulumi.Output.from_input("")

        after_grants = pulumi.ResourceOptions(parent=self, depends_on=grants)
        self.migration: pulumi.Resource | None = None
        """The `local.Command` that executes the migration job (other workloads of the app may wait for
        it); None without `migrate` or while the placeholder image runs."""
        if settings.migrate is not None and not settings.placeholder:
            self.migration = self._migration(name, settings, region, labels, account, image, after_grants)
            after_grants = pulumi.ResourceOptions(parent=self, depends_on=[*grants, self.migration])
        if settings.kind == "web":
            self._web(name, settings, region, labels, account, image, after_grants)
        elif settings.kind == "worker":
            self._worker(name, settings, region, labels, account, image, after_grants)
        else:
            self._job(name, settings, region, labels, account, image, after_grants)

        self.register_outputs(
            {
                "service_name": self.service_name,
                "job_name": self.job_name,
                "uri": self.uri,
                "service_account_email": self.service_account_email,
                "member": self.member,
                "repository_url": self.repository_url,
                "image": self.image,
                "backend_service_id": self.backend_service_id,
            }
        )

    def allow_from(self, name: str, member: pulumi.Input[str]) -> gcp.cloudrunv2.ServiceIamMember:
        """Let `member` (e.g. another ContainerService's `member`) invoke this web service: roles/run.invoker
        on this service only. `name` (e.g. "worker") names the grant and must be unique per service. The
        caller's requests must also pass the ingress setting: from Cloud Run, through the VPC (its
        `vpc_egress` "ALL_TRAFFIC")."""
        if self._service is None:
            raise ValueError(
                f"{COMPONENT} allow_from is not allowed on a {self._kind} ({self._name}): only a web "
                "service (with a port) is invoked; grant access to what the worker or job calls instead"
            )
        return gcp.cloudrunv2.ServiceIamMember(
            f"{self._name}-invoker-{name}",
            project=self._service.project,
            location=self._service.location,
            name=self._service.name,
            role=INVOKER_ROLE,
            member=member,
            opts=pulumi.ResourceOptions(parent=self),
        )

    # -- the migration --------------------------------------------------------------------------------------

    def _migration(
        self,
        name: str,
        settings: ContainerSettings,
        region: pulumi.Input[str],
        labels: dict[str, str],
        account: gcp.serviceaccount.Account,
        image: pulumi.Input[str],
        opts: pulumi.ResourceOptions,
    ) -> pulumi.Resource:
        """The Cloud Run job that runs `migrate` with the service's template, and the Command that executes
        it and waits (`components/migrate.sh`, runtime "cloud-run")."""
        assert settings.migrate is not None
        container: gcp.cloudrunv2.JobTemplateTemplateContainerArgsDict = {
            "name": CONTAINER,
            "image": image,
            "envs": _job_envs(settings),
            "resources": {"limits": {"cpu": settings.cpu, "memory": settings.memory}},
            "args": list(settings.migrate),
        }
        if settings.entrypoint is not None:
            container["commands"] = settings.entrypoint
        task: gcp.cloudrunv2.JobTemplateTemplateArgsDict = {
            "service_account": account.email,
            "containers": [container],
            "max_retries": 0,  # once per rollout: a failed migration is fixed and deployed again
            "timeout": f"{settings.migrate_timeout_seconds}s",
            "execution_environment": settings.execution_environment,
        }
        if settings.network is not None:
            task["vpc_access"] = _vpc_access(settings)
        job = gcp.cloudrunv2.Job(
            f"{name}-migrate",
            name=physical_name(f"{self._base}-migrate", JOB_NAME_LIMIT),
            location=region,
            deletion_protection=False,  # stateless; the provider's default (True) would block destroy
            labels=labels,
            template={"task_count": 1, "parallelism": 1, "template": task},
            opts=opts,
        )
        environment: dict[str, pulumi.Input[str]] = {
            "MIGRATE_RUNTIME": "cloud-run",
            "MIGRATE_SERVICE": name,
            "MIGRATE_TIMEOUT_SECONDS": str(settings.migrate_timeout_seconds),
            "RUN_JOB": job.name,
            "RUN_REGION": job.location,
            "RUN_PROJECT": job.project,
        }
        # `generation` grows with every change of the job: a new image, command, environment or secret.
        return migration_command(
            name, environment, [job.generation], pulumi.ResourceOptions(parent=self, depends_on=[job])
        )

    # -- the three kinds ------------------------------------------------------------------------------------

    def _web(
        self,
        name: str,
        settings: ContainerSettings,
        region: pulumi.Input[str],
        labels: dict[str, str],
        account: gcp.serviceaccount.Account,
        image: pulumi.Input[str],
        opts: pulumi.ResourceOptions,
    ) -> None:
        assert settings.port is not None
        web_container: gcp.cloudrunv2.ServiceTemplateContainerArgsDict = {
            "name": CONTAINER,
            "image": image,
            "envs": _envs(settings),
            "ports": {"container_port": settings.port},
            "resources": {
                "limits": {"cpu": settings.cpu, "memory": settings.memory},
                "cpu_idle": not settings.cpu_always_allocated,
                "startup_cpu_boost": True,
            },
            # Up to 4 minutes to start (24 x 10 s); restarted after 3 failed checks in a row.
            "startup_probe": {
                "http_get": {"path": settings.health_path, "port": settings.port},
                "period_seconds": 10,
                "timeout_seconds": 5,
                "failure_threshold": 24,
            },
            "liveness_probe": {
                "http_get": {"path": settings.health_path, "port": settings.port},
                "period_seconds": 30,
                "timeout_seconds": 5,
                "failure_threshold": 3,
            },
        }
        _set_command(settings, web_container)
        template: gcp.cloudrunv2.ServiceTemplateArgsDict = {
            "service_account": account.email,
            "containers": [web_container],
            "scaling": {"min_instance_count": settings.min_count, "max_instance_count": settings.max_count},
            "max_instance_request_concurrency": settings.concurrency,
            "execution_environment": settings.execution_environment,
        }
        if settings.network is not None:
            template["vpc_access"] = _vpc_access(settings)
        traffics: list[gcp.cloudrunv2.ServiceTrafficArgsDict] = [
            {"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": 100}
        ]
        if settings.stable_revision is not None and settings.canary_percent is not None:
            traffics = [
                {
                    "type": "TRAFFIC_TARGET_ALLOCATION_TYPE_REVISION",
                    "revision": settings.stable_revision,
                    "percent": 100 - settings.canary_percent,
                },
                {"type": "TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST", "percent": settings.canary_percent},
            ]
        service = gcp.cloudrunv2.Service(
            name,
            name=physical_name(self._base, SERVICE_NAME_LIMIT),
            location=region,
            description=f"{name}, managed by stackyard",
            ingress=INGRESS_PUBLIC if settings.public else INGRESS_PRIVATE,
            deletion_protection=False,  # stateless; the provider's default (True) would block destroy
            labels=labels,
            template=template,
            traffics=traffics,
            opts=opts,
        )
        self._service = service
        self.service_name = service.name
        self.uri = service.uri
        if not settings.public:
            return

        child = pulumi.ResourceOptions(parent=self)
        # Requests arriving through the load balancer carry no Google identity, so the invoker check must
        # let anyone through. This is safe because ingress INTERNAL_LOAD_BALANCER admits only the load
        # balancer (and the project's VPC), never the internet directly.
        gcp.cloudrunv2.ServiceIamMember(
            f"{name}-public",
            project=service.project,
            location=service.location,
            name=service.name,
            role=INVOKER_ROLE,
            member="allUsers",
            opts=child,
        )
        neg = gcp.compute.RegionNetworkEndpointGroup(
            f"{name}-neg",
            name=physical_name(f"{self._base}-neg", RESOURCE_NAME_LIMIT),
            region=region,
            network_endpoint_type="SERVERLESS",
            cloud_run={"service": service.name},
            description=f"Cloud Run service {name}, managed by stackyard",
            opts=child,
        )
        backend = gcp.compute.BackendService(
            f"{name}-backend",
            name=physical_name(f"{self._base}-backend", RESOURCE_NAME_LIMIT),
            description=f"Cloud Run service {name}, managed by stackyard",
            load_balancing_scheme="EXTERNAL_MANAGED",
            protocol="HTTPS",
            backends=[{"group": neg.id}],
            log_config={"enable": True, "sample_rate": 1.0},
            security_policy=settings.security_policy,
            opts=child,
        )
        self.backend_service_id = backend.id

    def _worker(
        self,
        name: str,
        settings: ContainerSettings,
        region: pulumi.Input[str],
        labels: dict[str, str],
        account: gcp.serviceaccount.Account,
        image: pulumi.Input[str],
        opts: pulumi.ResourceOptions,
    ) -> None:
        worker_container: gcp.cloudrunv2.WorkerPoolTemplateContainerArgsDict = {
            "name": CONTAINER,
            "image": image,
            "envs": _envs(settings),
            "resources": {"limits": {"cpu": settings.cpu, "memory": settings.memory}},
        }
        _set_command(settings, worker_container)
        template: gcp.cloudrunv2.WorkerPoolTemplateArgsDict = {
            "service_account": account.email,
            "containers": [worker_container],
        }
        if settings.network is not None:
            template["vpc_access"] = _vpc_access(settings)
        pool = gcp.cloudrunv2.WorkerPool(
            name,
            name=physical_name(self._base, SERVICE_NAME_LIMIT),
            location=region,
            description=f"{name}, managed by stackyard",
            deletion_protection=False,  # stateless; the provider's default (True) would block destroy
            labels=labels,
            scaling={"scaling_mode": "MANUAL", "manual_instance_count": settings.min_count},
            template=template,
            opts=opts,
        )
        self.service_name = pool.name

    def _job(
        self,
        name: str,
        settings: ContainerSettings,
        region: pulumi.Input[str],
        labels: dict[str, str],
        account: gcp.serviceaccount.Account,
        image: pulumi.Input[str],
        opts: pulumi.ResourceOptions,
    ) -> None:
        assert settings.schedule is not None
        job_container: gcp.cloudrunv2.JobTemplateTemplateContainerArgsDict = {
            "name": CONTAINER,
            "image": image,
            "envs": _job_envs(settings),
            "resources": {"limits": {"cpu": settings.cpu, "memory": settings.memory}},
        }
        _set_command(settings, job_container)
        task: gcp.cloudrunv2.JobTemplateTemplateArgsDict = {
            "service_account": account.email,
            "containers": [job_container],
            "max_retries": settings.max_retries,
            "timeout": f"{settings.timeout_seconds}s",
            "execution_environment": settings.execution_environment,
        }
        if settings.network is not None:
            task["vpc_access"] = _vpc_access(settings)
        job = gcp.cloudrunv2.Job(
            name,
            name=physical_name(self._base, JOB_NAME_LIMIT),
            location=region,
            deletion_protection=False,  # stateless; the provider's default (True) would block destroy
            labels=labels,
            template={"task_count": 1, "parallelism": 1, "template": task},
            opts=opts,
        )
        self.job_name = job.name

        child = pulumi.ResourceOptions(parent=self)
        scheduler = gcp.serviceaccount.Account(
            f"{name}-scheduler",
            account_id=account_id(f"{self._base}-scheduler"),
            display_name=f"{name} scheduler",
            description=f"Cloud Scheduler runs the job {name} as this account, managed by stackyard",
            opts=child,
        )
        invoker = gcp.cloudrunv2.JobIamMember(
            f"{name}-scheduler",
            project=job.project,
            location=job.location,
            name=job.name,
            role=INVOKER_ROLE,  # includes run.jobs.run, on this job only
            member=scheduler.member,
            opts=child,
        )
        gcp.cloudscheduler.Job(
            f"{name}-schedule",
            name=physical_name(f"{self._base}-schedule", RESOURCE_NAME_LIMIT),
            description=f"Runs the Cloud Run job {name}, managed by stackyard",
            region=region,
            schedule=settings.schedule,
            time_zone="Etc/UTC",
            http_target={
                "uri": pulumi.Output.concat(
                    "https://run.googleapis.com/v2/projects/",
                    job.project,
                    "/locations/",
                    job.location,
                    "/jobs/",
                    job.name,
                    ":run",
                ),
                "http_method": "POST",
                "oauth_token": {"service_account_email": scheduler.email, "scope": CLOUD_PLATFORM_SCOPE},
            },
            # The first run must find the permission in place.
            opts=pulumi.ResourceOptions(parent=self, depends_on=[invoker]),
        )


def _split_reference(reference: str) -> tuple[str, str]:
    """(secret id, version) of a `secrets` value: `projects/p/secrets/s` → (it, "latest"),
    `projects/p/secrets/s/versions/3` → ("projects/p/secrets/s", "3")."""
    secret_id, _, version = reference.partition("/versions/")
    return secret_id, version or "latest"


def _secret_refs(settings: ContainerSettings) -> list[tuple[str, pulumi.Output[str], pulumi.Output[str]]]:
    """(variable, secret id, version) for each of `secrets`, in name order."""
    refs = []
    for key, reference in sorted(settings.secrets.items()):
        parts = pulumi.Output.from_input(reference).apply(_split_reference)
        refs.append((key, parts.apply(lambda p: p[0]), parts.apply(lambda p: p[1])))
    return refs


def _envs(settings: ContainerSettings) -> list[gcp.cloudrunv2.ServiceTemplateContainerEnvArgsDict]:
    """The container's environment: plain values, then secrets as references to Secret Manager (the given
    version, or the latest, read when an instance starts), never as values."""
    plain: list[gcp.cloudrunv2.ServiceTemplateContainerEnvArgsDict] = [
        {"name": key, "value": value} for key, value in sorted(settings.environment.items())
    ]
    return plain + [
        {"name": key, "value_source": {"secret_key_ref": {"secret": secret_id, "version": version}}}
        for key, secret_id, version in _secret_refs(settings)
    ]


def _job_envs(settings: ContainerSettings) -> list[gcp.cloudrunv2.JobTemplateTemplateContainerEnvArgsDict]:
    """`_envs` in the job's types (the same entries)."""
    plain: list[gcp.cloudrunv2.JobTemplateTemplateContainerEnvArgsDict] = [
        {"name": key, "value": value} for key, value in sorted(settings.environment.items())
    ]
    return plain + [
        {"name": key, "value_source": {"secret_key_ref": {"secret": secret_id, "version": version}}}
        for key, secret_id, version in _secret_refs(settings)
    ]


def _set_command(
    settings: ContainerSettings,
    container: gcp.cloudrunv2.ServiceTemplateContainerArgsDict
    | gcp.cloudrunv2.WorkerPoolTemplateContainerArgsDict
    | gcp.cloudrunv2.JobTemplateTemplateContainerArgsDict,
) -> None:
    """Docker's ENTRYPOINT is Cloud Run's `commands`, CMD its `args`. Not for the placeholder image, which
    knows nothing of the application's command."""
    if settings.placeholder:
        return
    if settings.entrypoint is not None:
        container["commands"] = settings.entrypoint
    if settings.command is not None:
        container["args"] = settings.command


def _vpc_access(settings: ContainerSettings) -> gcp.cloudrunv2.ServiceTemplateVpcAccessArgsDict:
    """Direct VPC egress through one network interface (Cloud Run supports one)."""
    return {
        "network_interfaces": [{"network": settings.network, "subnetwork": settings.subnetwork}],
        "egress": settings.vpc_egress,
    }


def _cleanup_policies(keep: int) -> list[gcp.artifactregistry.RepositoryCleanupPolicyArgsDict]:
    """Keep the most recent `keep` versions; delete the others, tagged or untagged, after 14 days. A keep
    policy only exempts versions from a delete policy, so both kinds of version need one."""
    older_than = f"{CLEANUP_AFTER_DAYS * SECONDS_PER_DAY}s"
    return [
        {"id": "keep-recent", "action": "KEEP", "most_recent_versions": {"keep_count": keep}},
        {
            "id": "delete-untagged",
            "action": "DELETE",
            "condition": {"tag_state": "UNTAGGED", "older_than": older_than},
        },
        {
            "id": "delete-old-tagged",
            "action": "DELETE",
            "condition": {"tag_state": "TAGGED", "older_than": older_than},
        },
    ]
