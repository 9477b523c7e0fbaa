"""`ContainerService`'s first step: its arguments (the `…Args` TypedDicts the docs and the Pulumi schema are
read from), defaulted and checked into `ContainerSettings` before anything is registered. `names` holds the
Kubernetes name and label rules, `sizing` the requests, limits and replicas, `traffic` the web service,
Ingress and egress arguments."""

import re
from collections.abc import Callable, Mapping
from typing import Any, Required, TypedDict

import pulumi
import pulumi_kubernetes as k8s

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
from ...migration import MIGRATE_TIMEOUT, check_migrate
from ...naming import physical_name
from .names import (
    COMPONENT,
    CRONJOB_NAME_LIMIT,
    DNS_SUBDOMAIN,
    NAME_LIMIT,
    check_labels,
    check_namespace,
    check_part_of,
)
from .sizing import MAX_COUNT, MAX_PERCENT, MIN_PERCENT, _Sizing
from .traffic import INGRESS_CONTROLLERS, PROTOCOLS, _Traffic

CONTAINER = "app"
PORT_NAME = "http"

MetadataFor = Callable[[str], k8s.meta.v1.ObjectMetaArgsDict]
"""Builds an object's metadata (name, namespace, labels) from its name."""


class EgressRule(TypedDict, total=False):
    """A destination the pods may open connections to."""

    cidr: Required[pulumi.Input[str]]
    """The destination network, e.g. "10.20.0.0/24" (the database subnet) or "10.20.0.3/32" (one address).
    An Output must resolve to such a CIDR. Required."""
    ports: Required[list[int]]
    """Destination ports, 1-65535, e.g. [5432]. Required."""
    protocol: str
    """"TCP", "UDP" or "SCTP". Default "TCP"."""


EGRESS_BOUNDS = bounds(EgressRule, protocol=OneOf(*PROTOCOLS))


class ContainerServiceArgs(TypedDict, total=False):
    namespace: Required[pulumi.Input[str]]
    """The namespace to run in, e.g. `AppNamespace.namespace`; never `default` or a `kube-*` namespace.
    Required."""
    image: str
    """A pinned image reference: a tag other than `latest` ("ghcr.io/shop/api:1.4.2") or a digest
    ("ghcr.io/shop/api@sha256:…"). Untagged and `:latest` references are refused. Pulled on every start
    (imagePullPolicy Always). Default None: no image is pushed yet, so nothing starts and the first `pulumi
    up` converges without one: the Deployment has 0 replicas (no autoscaler, no disruption budget), a
    CronJob is suspended, `migrate` does not run, and Pulumi does not wait for the Deployment's or the
    Service's pods (annotation `pulumi.com/skipAwait`); the pod template names the pause image
    (`PLACEHOLDER_IMAGE`), which no pod runs. Giving the image later starts `min_count` pods, runs the
    migration first, and waits for them again."""
    image_pull_secrets: list[str]
    """Names of docker-registry Secrets in the namespace for a private registry. Default []."""
    port: int | None
    """The port the container serves HTTP on, 1-65535: a web service (Service, probes, optional Ingress).
    The container runs as a non-root user without capabilities, so use a port above 1023 unless the runtime
    allows unprivileged low ports. Default None: a worker, or a job with `schedule`."""
    public: bool
    """Serve the internet over HTTPS through an Ingress on `host`, served by `ingress_controller`, and admit
    traffic only from where that controller connects (its load balancer's addresses, or its namespace). Web
    services only. Default False: a ClusterIP Service reachable only from pods of the service's own
    namespace, and no Ingress."""
    host: str | None
    """The DNS name the Ingress serves, e.g. "api.shop.example.com" (lowercase, no wildcard). Required with
    `public`, not allowed without it. Default None."""
    paths: list[str]
    """Path prefixes the Ingress routes to the service (pathType Prefix), each starting with "/". `public`
    only. Default ["/"]."""
    ingress_controller: str
    """Who serves the Ingress. `public` only. Default "own".
    - "own": an ingress controller you run in the cluster: the Ingress names `ingress_class` (required) with
      TLS in the Secret `<name>-tls` from cert-manager's `cert_issuer`, and the pods admit only
      `ingress_namespace` (required).
    - "eks-auto-mode": EKS Auto Mode's ALB, through an IngressClass with controller eks.amazonaws.com/alb
      whose IngressClassParams hold the certificate, the TLS policy and the group (the aws
      `KubernetesCluster` creates one: its `ingress_class_name`). The Ingress asks for target type ip, a
      health check on `health_path`, listeners on 80 and 443 and a redirect of 80 to 443, and the WAF web ACL
      `web_acl_arn`; the pods admit `ingress_sources` (required).
    - "gke": GKE's built-in controller (class gce, annotation and ingressClassName): a ManagedCertificate for
      `host`, a FrontendConfig (80 redirects to 443 with a 301, `ssl_policy`), a BackendConfig whose health
      check requests `health_path` on the container port, container-native load balancing (NEGs) on the
      Service, `static_ip_name`; the pods admit `ingress_sources` (default Google's front ends and health
      checkers, 130.211.0.0/22 and 35.191.0.0/16)."""
    ingress_class: pulumi.Input[str]
    """The IngressClass (ingressClassName). `public` only. Required with ingress_controller "own" (e.g.
    "traefik"); default "alb" with "eks-auto-mode" (e.g. the cluster's `ingress_class_name`); "gce", the only
    one allowed, with "gke"."""
    cert_issuer: str | None
    """The cert-manager ClusterIssuer that issues the certificate into the Secret `<name>-tls` (annotation
    `cert-manager.io/cluster-issuer`). `public` with ingress_controller "own" only. Default "letsencrypt";
    None: no annotation, so the Secret `<name>-tls` must be provided some other way."""
    ingress_namespace: str
    """The namespace of your ingress controller's pods: the only pods a public service admits, e.g.
    "traefik". `public` with ingress_controller "own" only, and required there. Default: none."""
    ingress_sources: pulumi.Input[list[str]]
    """The networks the load balancer connects to the pods from (IPv4/IPv6 CIDRs, never /0): the only sources
    a public service admits, on the container port. `public` with ingress_controller "eks-auto-mode"
    (required: the ALB's subnets, e.g. the public subnets' CIDRs) or "gke" (default ["130.211.0.0/22",
    "35.191.0.0/16"], where Google's front ends and health checks connect from). Kubelet probes need no rule:
    NetworkPolicies never block a node's traffic to its own pods."""
    static_ip_name: pulumi.Input[str] | None
    """The name of a reserved global static IPv4 address for the load balancer (annotation
    `kubernetes.io/ingress.global-static-ip-name`), e.g. the gcp `KubernetesCluster`'s. `public` with
    ingress_controller "gke" only. Default None: an ephemeral address, which changes if the Ingress is
    recreated."""
    ssl_policy: pulumi.Input[str] | None
    """The name of a Compute Engine SSL policy for the HTTPS proxy (the FrontendConfig's `sslPolicy`), e.g.
    the gcp `KubernetesCluster`'s (TLS 1.2+, MODERN). `public` with ingress_controller "gke" only. Default
    None: Google's default policy, which still accepts TLS 1.0."""
    web_acl_arn: pulumi.Input[str] | None
    """The ARN of a regional AWS WAF (v2) web ACL, in the ALB's region, to associate with the ALB: the
    annotation `alb.ingress.kubernetes.io/wafv2-acl-arn`, e.g. the aws `KubernetesCluster`'s `web_acl_arn`
    (`ingress.web_acl`). `public` with ingress_controller "eks-auto-mode" only: give every Ingress of the
    IngressGroup the same ARN (the annotation's merge behaviour is Exclusive: two values on one group stop
    Auto Mode reconciling it; EKS User Guide, "Create an IngressClass to configure an Application Load
    Balancer", Ingress annotations, where waf-acl-id and web-acl-id are not supported and WAF v2 is).
    Default None: no annotation, so no web ACL filters the ALB."""
    health_path: str
    """Path of the HTTP liveness and startup probes, starting with "/". Web services only. Default
    "/health"."""
    readiness_path: str | None
    """Path of the HTTP readiness probe. Web services only. Default None: `health_path`, probed more often
    and with its own thresholds. kube-score rates a readiness probe with the liveness probe's path and port
    as critical ("very likely dangerous"): give a distinct path (e.g. "/ready") that also checks what the
    service needs to serve requests."""
    startup_timeout_seconds: int
    """How long the container may take to start: the startup probe checks every 5 s up to this long before
    the container is restarted; liveness and readiness probes start after it passes. 5-3600. Web services
    only. Default 300."""
    liveness_initial_delay_seconds: int
    """Seconds before the first liveness probe after the startup probe passed, 0-3600. Web services only.
    Default 0 (the startup probe does the waiting)."""
    cpu: float
    """The CPU limit in cores, 0.01-128 in steps of 0.001 (e.g. 0.5 = "500m"). Default 0.5."""
    memory_gb: float
    """The memory limit in GiB, 1/16-1024 in whole MiB (e.g. 0.5 = "512Mi"). Default 0.5."""
    cpu_request: float | None
    """The CPU request in cores, at most `cpu`. Default None: equal to `cpu` (with equal memory, the
    Guaranteed QoS class)."""
    memory_request_gb: float | None
    """The memory request in GiB, at most `memory_gb`. Default None: equal to `memory_gb`."""
    ephemeral_storage_gb: float
    """The ephemeral-storage limit in GiB (logs, the writable layer and /tmp), 1/16-1024; /tmp is an
    emptyDir of this size limit. The root filesystem is read-only, so /tmp is the only writable path.
    Default 1."""
    ephemeral_storage_request_gb: float | None
    """The ephemeral-storage request in GiB, at most `ephemeral_storage_gb`. Default None: equal to it."""
    min_count: int
    """Replicas, 0-1000: the fixed count, or the autoscaler's minimum when `max_count` is larger (then at
    least 1). With 2 or more, a PodDisruptionBudget lets at most one pod be evicted at a time. Not allowed
    with `schedule`. Default 2."""
    max_count: int
    """The autoscaler's maximum, at least `min_count`: when larger, a HorizontalPodAutoscaler (autoscaling/v2)
    scales the Deployment, which then has no `replicas` field. Not allowed with `schedule`. Default
    `min_count` (no autoscaler)."""
    cpu_percent: int
    """The autoscaler's target average CPU use, in percent of the CPU request, 10-95. Applied when
    `max_count` > `min_count`. Not allowed with `schedule`. Default 70."""
    memory_percent: int | None
    """A second autoscaler target: average memory use in percent of the memory request, 10-95. Applied when
    `max_count` > `min_count`. Not allowed with `schedule`. Default None (CPU only)."""
    environment: dict[str, pulumi.Input[str]]
    """Plain settings as environment variables, kept in the ConfigMap `<name>-config` and read with
    `envFrom`. Values may be Outputs such as a database address, but never secrets: pass those through
    `secrets`. Names: letters, digits and _, not starting with a digit; not also in `secrets`. Default {}."""
    secrets: dict[str, pulumi.Input[str]]
    """Secret environment variables: name → the secret value as an Output (e.g.
    `pulumi.Config().require_secret("dbPassword")`; a plain string is refused). Kept in the Secret
    `<name>-secrets` and read one key each with `valueFrom.secretKeyRef`, never as a plain `value`; the value
    stays encrypted in the Pulumi state. A changed value rolls the pods (the `checksum/secrets` annotation).
    Default {}."""
    command: list[str] | None
    """The container's command, overriding the image's CMD (Kubernetes' `args`), e.g. ["celery", "worker"].
    Default None."""
    entrypoint: list[str] | None
    """The container's entrypoint, overriding the image's ENTRYPOINT (Kubernetes' `command`). Default
    None."""
    schedule: str | None
    """Run a batch/v1 CronJob instead: a 5-field cron expression in UTC ("minute hour day-of-month month
    day-of-week", e.g. "30 2 * * 1-5"), time zone Etc/UTC, no overlapping runs (concurrencyPolicy Forbid),
    the same pod security as a Deployment. Not allowed with `port`. Default None."""
    timeout_seconds: int
    """A run's time limit (the Job's activeDeadlineSeconds, across retries), 1-86400 seconds. Jobs only.
    Default 600."""
    max_retries: int
    """Retries of a failed run (the Job's backoffLimit), 0-10. Jobs only. Default 3."""
    migrate: list[str] | None
    """A one-off command that migrates the database before a new version takes traffic, e.g. ["npx",
    "prisma", "migrate", "deploy"]: the container's args (`entrypoint`, or the image's ENTRYPOINT, still
    applies). A batch/v1 Job runs it with the service's pod template (image, security context, ServiceAccount,
    ConfigMap and Secret, resources; restartPolicy Never, no probes or ports) under its own NetworkPolicy
    with the service's egress and no ingress, and pod labels the Service does not select. The Job is named
    `<name>-migrate-<hash>`, the hash of the image, entrypoint and command, so a new image is a new Job;
    pulumi-kubernetes waits for a Job to complete and fails the update when it fails, and the Deployment
    depends on the Job, so a failed migration stops `pulumi up` before the Deployment changes: the old pods
    keep serving; the next `pulumi up` replaces a failed Job (annotation pulumi.com/replaceUnready), so it
    runs again. One run, no retry (backoffLimit 0), at most `migrate_timeout_seconds`
    (activeDeadlineSeconds; Pulumi waits 5 minutes longer for a pod to be scheduled). The finished Job is
    kept (no ttlSecondsAfterFinished: a Job deleted by its TTL would be created, and run, again by the next
    `pulumi up --refresh`) until the next new one replaces it; its pod's logs stay readable until then
    (`kubectl logs job/<name>`). Not allowed with `schedule`. Default None: no migration."""
    migrate_timeout_seconds: int
    """The migration's time limit (the Job's activeDeadlineSeconds), 60-86400 seconds. Needs `migrate`.
    Default 1800."""
    egress: list[EgressRule]
    """Destinations the pods may reach besides cluster DNS, e.g. [{"cidr": "10.20.0.0/24", "ports": [5432,
    6379]}] for the database and the cache. Default []: DNS only."""
    internet_egress: bool
    """Also allow HTTPS (TCP 443) to any IPv4 address outside the private (RFC 1918) and link-local ranges,
    for calls to public APIs. Default False."""
    run_as_user: int
    """The user id the container runs as, 10001-2147483647 (above 10000: kube-score; never root). Default
    10001."""
    run_as_group: int | None
    """The group id the container runs as (also the pod's fsGroup), 10001-2147483647. Default None: equal
    to `run_as_user`."""
    termination_grace_period_seconds: int
    """Seconds a pod has to finish after SIGTERM before it is killed, 1-3600. Default 30."""
    cluster_domain: str
    """The cluster's DNS domain, for `service_host`. Default "cluster.local"."""
    part_of: str | None
    """The application this service belongs to (label `app.kubernetes.io/part-of`), e.g. "shop". Default
    None: the service's own name."""
    labels: dict[str, str]
    """Labels on every object and pod. The recommended `app.kubernetes.io/` labels name, instance, part-of,
    component and managed-by (stackyard) are always set and cannot be given here, nor keys with the
    reserved prefixes kubernetes.io/ and k8s.io/. Default {}."""


DEFAULT_USER = 10001
MIN_USER = 10001  # kube-score wants runAsUser/runAsGroup above 10000; checkov CKV_K8S_40 at least 10000
MAX_USER = 2**31 - 1


# What each argument admits, checked before anything else (`components.bounds`); its bool arguments must be
# True or False by their type.
BOUNDS = bounds(
    ContainerServiceArgs,
    **JOB_BOUNDS,
    migrate_timeout_seconds=MIGRATE_TIMEOUT,
    port=Between(1, 65535, what="1-65535 (a web service), or leave it out for a worker or job"),
    ingress_controller=OneOf(*INGRESS_CONTROLLERS),
    startup_timeout_seconds=Between(5, 3600),
    liveness_initial_delay_seconds=Between(0, 3600),
    min_count=Between(0, MAX_COUNT),
    max_count=Between(0, MAX_COUNT),
    cpu_percent=Between(MIN_PERCENT, MAX_PERCENT),
    memory_percent=Between(MIN_PERCENT, MAX_PERCENT),
    termination_grace_period_seconds=Between(1, 3600),
    run_as_user=Between(MIN_USER, MAX_USER),
    run_as_group=Between(MIN_USER, MAX_USER),
)
SERVICE_PORT = 80

ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# The image of a service that has none yet: the pod template needs one, but no pod of it starts (0 replicas,
# the CronJob suspended). The pause image kubeadm pins for Kubernetes 1.31+, which runs as 65535:65535.
PLACEHOLDER_IMAGE = "registry.k8s.io/pause:3.10"
# pulumi-kubernetes waits for a Deployment's pods and for a Service to select a ready pod (its await logic,
# provider/pkg/await/service.go: "Service does not target any Pods"); with no pod to wait for, it must not.
SKIP_AWAIT = {"pulumi.com/skipAwait": "true"}
# An image reference: [registry[:port]/]path[:tag][@sha256:digest] (distribution/reference grammar).
IMAGE = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]+)?/)?"
    r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
    r"(?:@(?P<digest>sha256:[a-f0-9]{64}))?$"
)

WEB_ONLY = (
    "public",
    "health_path",
    "readiness_path",
    "startup_timeout_seconds",
    "liveness_initial_delay_seconds",
)
PUBLIC_ONLY = (
    "host",
    "paths",
    "ingress_controller",
    "ingress_class",
    "cert_issuer",
    "ingress_namespace",
    "ingress_sources",
    "static_ip_name",
    "ssl_policy",
    "web_acl_arn",
)
JOB_ONLY = ("timeout_seconds", "max_retries")
NOT_FOR_JOBS = ("min_count", "max_count", "cpu_percent", "memory_percent")


class ContainerSettings(_Sizing, _Traffic):
    """The arguments of ContainerService `name`, defaulted and checked: constructed before anything is
    registered."""

    def __init__(self, name: str, args: Mapping[str, Any]) -> None:
        check_bounds(COMPONENT, ContainerServiceArgs, args)
        schedule = args.get("schedule")
        port = args.get("port")
        self.schedule: str | None = None if schedule is None else " ".join(cron_fields(COMPONENT, schedule))
        if self.schedule is not None and port is not None:
            raise ValueError(
                f"{COMPONENT} port is not allowed with schedule: a scheduled job serves no requests; "
                "leave port out"
            )
        self.kind = "job" if self.schedule is not None else "web" if port is not None else "worker"
        self.port: int | None = port
        self._kind_rules(args)

        self.name = physical_name(name, CRONJOB_NAME_LIMIT if self.kind == "job" else NAME_LIMIT)
        self.namespace = check_namespace(COMPONENT, args.get("namespace"))
        self._image(args)
        self._resources(args)
        self._web(args)
        self._counts(args)
        self._job(args)
        self._container(args)
        self._network(args)
        self._identity(args)

    def _kind_rules(self, args: Mapping[str, Any]) -> None:
        """Arguments only one kind takes."""
        for key in WEB_ONLY + PUBLIC_ONLY:
            if self.kind != "web" and key in args:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed without port: only a web service takes it; give a "
                    f"port, or leave {key} out"
                )
        for key in PUBLIC_ONLY:
            if not args.get("public", False) and key in args:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed without public: it configures the Ingress; set public "
                    f"True, or leave {key} out"
                )
        for key in JOB_ONLY:
            if self.kind != "job" and key in args:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed without schedule: only a scheduled job takes it; "
                    f"leave {key} out"
                )
        for key in NOT_FOR_JOBS:
            if self.kind == "job" and key in args:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed with schedule: each run starts one pod; leave {key} "
                    "out"
                )

    # -- image ---------------------------------------------------------------------------------------------

    def _image(self, args: Mapping[str, Any]) -> None:
        image = args.get("image")
        self.awaits_image = image is None
        """No image yet: nothing may start (`ContainerService` `image`)."""
        if self.awaits_image:
            image = PLACEHOLDER_IMAGE
        found = IMAGE.match(image) if isinstance(image, str) else None
        if found is None or (found["digest"] is None and found["tag"] in (None, "latest")):
            raise not_allowed(
                COMPONENT,
                "image",
                image,
                "use a pinned image reference: a tag other than latest (ghcr.io/shop/api:1.4.2) or a digest "
                "(ghcr.io/shop/api@sha256:<64 hex digits>)",
            )
        assert isinstance(image, str)
        self.image: str = image
        pull_secrets = args.get("image_pull_secrets") or []
        if not isinstance(pull_secrets, list) or not all(
            isinstance(s, str) and DNS_SUBDOMAIN.match(s) for s in pull_secrets
        ):
            raise not_allowed(
                COMPONENT,
                "image_pull_secrets",
                pull_secrets,
                "use a list of names of docker-registry Secrets in the namespace",
            )
        self.image_pull_secrets: list[str] = list(dict.fromkeys(pull_secrets))

    # -- scheduled job -------------------------------------------------------------------------------------

    def _job(self, args: Mapping[str, Any]) -> None:
        self.timeout_seconds, self.max_retries = job_run_limits(args)

    # -- container -----------------------------------------------------------------------------------------

    def _container(self, args: Mapping[str, Any]) -> None:
        self.command = command_list(COMPONENT, "command", args.get("command"))
        self.entrypoint = command_list(COMPONENT, "entrypoint", args.get("entrypoint"))

        environment, secrets = environment_and_secrets(
            COMPONENT, args.get("environment"), args.get("secrets"), ENV_NAME
        )
        for key, value in secrets.items():
            if not isinstance(value, pulumi.Output):
                raise ValueError(
                    f"{COMPONENT} secrets {key} is not allowed: its value is not an Output, so the secret "
                    "would sit in the program in plain text; pass a secret Output (e.g. "
                    "pulumi.Config().require_secret(...))"
                )
        self.environment: dict[str, pulumi.Input[str]] = dict(environment)
        self.secrets: dict[str, pulumi.Output[str]] = dict(secrets)
        self.migrate, self.migrate_timeout_seconds = check_migrate(COMPONENT, args, self.kind)
        self.termination_grace_period_seconds: int = args.get("termination_grace_period_seconds", 30)

    # -- identity and labels -------------------------------------------------------------------------------

    def _identity(self, args: Mapping[str, Any]) -> None:
        self.run_as_user: int = args.get("run_as_user", DEFAULT_USER)
        run_as_group = args.get("run_as_group")
        self.run_as_group: int = self.run_as_user if run_as_group is None else run_as_group
        self.labels = check_labels(COMPONENT, args.get("labels"))
        self.part_of = check_part_of(COMPONENT, args.get("part_of"), self.name)
