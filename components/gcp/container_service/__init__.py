"""`ContainerService`: a Cloud Run (v2) web service, worker pool or scheduled job with its own service
account, secrets by reference, direct VPC egress, an Artifact Registry repository and, for a public web
service, a serverless NEG and backend service for the load balancer.

The component reads as its steps, one module each: `settings` (the arguments, checked and settled into
`ContainerSettings`, with `names` for the name limits, `sizing` for the CPU, memory and counts and
`traffic` for the web service and VPC egress arguments), `identity` (the service account, its project
roles and secret grants), `registry` (the Artifact Registry repository, its reader grant and the image),
`migration` (the job that runs `migrate` and the Command that executes it), then by kind `service` (the
Cloud Run service) with `public` (the public invoker, the serverless NEG and the backend service; the
invoker alone for `direct_ingress`),
`worker` (the worker pool), or `job` (the Cloud Run job) with `scheduler` (its Cloud Scheduler job and
service account). `container` holds what every template shares: environment, secrets, command, VPC
egress."""

import dataclasses

import pulumi
import pulumi_gcp as gcp

from ...checks import refuse_unknown_keys
from ...migration import migration_command as migration_command
from ...naming import physical_base
from ...naming import physical_name as physical_name
from ..secret_store import grant_secret_access as grant_secret_access
from .container import _envs as _envs
from .container import _job_envs as _job_envs
from .container import _secret_refs as _secret_refs
from .container import _set_command as _set_command
from .container import _split_reference as _split_reference
from .container import _vpc_access as _vpc_access
from .identity import service_identity
from .job import run_job
from .migration import migration
from .names import (
    COMPONENT,
    JOB_NAME_LIMIT,
    RESOURCE_NAME_LIMIT,
    SERVICE_NAME_LIMIT,
    account_id,
)
from .public import public_backend, public_invoker
from .registry import CLEANUP_AFTER_DAYS, READER_ROLE, SECONDS_PER_DAY, container_image
from .registry import _cleanup_policies as _cleanup_policies
from .scheduler import CLOUD_PLATFORM_SCOPE, job_schedule
from .service import INGRESS_DIRECT, INGRESS_PRIVATE, INGRESS_PUBLIC, cloud_run_service
from .settings import (
    CONTAINER,
    INVOKER_ROLE,
    PLACEHOLDER_IMAGES,
    ContainerServiceArgs,
    ContainerSettings,
)
from .worker import worker_pool
from .workload import Workload

__all__ = [
    "CLEANUP_AFTER_DAYS",
    "CLOUD_PLATFORM_SCOPE",
    "COMPONENT",
    "CONTAINER",
    "INGRESS_DIRECT",
    "INGRESS_PRIVATE",
    "INGRESS_PUBLIC",
    "INVOKER_ROLE",
    "JOB_NAME_LIMIT",
    "PLACEHOLDER_IMAGES",
    "READER_ROLE",
    "RESOURCE_NAME_LIMIT",
    "SECONDS_PER_DAY",
    "SERVICE_NAME_LIMIT",
    "ContainerService",
    "ContainerServiceArgs",
    "ContainerSettings",
    "account_id",
]


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
      vCPUs. `stable_revision` + `canary_percent` split traffic for a canary. Without a custom domain for
      the load balancer, `direct_ingress` serves the internet at the run.app URL instead (ingress all,
      `allUsers` may invoke, no NEG or backend service: no Cloud Armor, TLS policy or load balancer logs).
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
        labels = {**settings.labels, "managed-by": "stackyard"}
        config = gcp.organizations.get_client_config_output(opts=pulumi.InvokeOutputOptions(parent=self))
        region: pulumi.Input[str] = settings.region if settings.region is not None else config.region

        identity = service_identity(self, name, base, settings, config.project)
        account = identity.account
        image = container_image(self, name, base, settings, region, labels, account)
        grants = [*identity.grants, *image.grants]
        self.repository_url = image.repository_url
        self.image = image.image

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
        workload = Workload(self, name, base, settings, region, labels, account, self.image, after_grants)
        if settings.migrate is not None and not settings.placeholder:
            self.migration = migration(workload)
            after_migration = pulumi.ResourceOptions(parent=self, depends_on=[*grants, self.migration])
            workload = dataclasses.replace(workload, opts=after_migration)
        if settings.kind == "web":
            service = cloud_run_service(workload)
            self._service = service
            self.service_name = service.name
            self.uri = service.uri
            if settings.public:
                self.backend_service_id = public_backend(self, name, base, settings, region, service).id
            elif settings.direct_ingress:
                public_invoker(self, name, service)
        elif settings.kind == "worker":
            self.service_name = worker_pool(workload).name
        else:
            job = run_job(workload)
            self.job_name = job.name
            job_schedule(self, name, base, settings, region, job)

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
