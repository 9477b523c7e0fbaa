"""`ContainerService` on Kubernetes: a Deployment (web service or worker) or a CronJob (scheduled job) that
meets Pod Security "restricted", kube-score and checkov's CKV_K8S rules, with its own ServiceAccount, a
NetworkPolicy, settings in a ConfigMap, secrets in a Secret, and for a web service a Service, probes, an
autoscaler, a disruption budget and, when public, an Ingress served by EKS Auto Mode's ALB, GKE's load
balancer or an ingress controller of your own."""

import hashlib
import hmac
import json
from collections.abc import Callable, Mapping
from typing import Required, TypedDict

import pulumi
import pulumi_kubernetes as k8s
import pulumi_random as random

from ..checks import refuse_unknown_keys
from ..naming import physical_name
from .container_settings import (
    COMPONENT,
    EKS_AUTO_MODE,
    GCE_CLASS,
    GKE,
    INSTANCE_LABEL,
    NAME_LABEL,
    NAME_LIMIT,
    NAMESPACE_NAME_LABEL,
    OWN,
    SERVICE_PORT,
    SKIP_AWAIT,
    STARTUP_PERIOD_SECONDS,
    WAF_ANNOTATION,
    ContainerSettings,
    recommended_labels,
)

CONTAINER = "app"
PORT_NAME = "http"
TMP_VOLUME = "tmp"
# kube-dns / CoreDNS: the Service's pods carry k8s-app=kube-dns in kubeadm, EKS, GKE and AKS clusters.
DNS_NAMESPACE = "kube-system"
DNS_POD_LABELS = {"k8s-app": "kube-dns"}
# internet_egress reaches any address on 443 except private ranges (RFC 1918) and link-local addresses,
# which hold the clouds' instance metadata endpoints (169.254.169.254).
NOT_INTERNET = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "169.254.0.0/16"]
ZONE_KEY = "topology.kubernetes.io/zone"
HOST_KEY = "kubernetes.io/hostname"
JOB_HISTORY = 3  # finished Jobs kept (successful and failed each)
# A run that could not start within 5 minutes of its time is skipped (kube-score: "CronJob has deadline").
STARTING_DEADLINE_SECONDS = 300
CHECKSUM_KEY_LENGTH = 32  # characters of the HMAC key behind checksum/secrets (62 symbols: ~190 bits)
MIGRATION_HASH_LENGTH = 8  # hex characters of the image and command in a migration Job's name
SCHEDULING_MARGIN_SECONDS = 300  # how much longer than its deadline Pulumi waits for a migration Job

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


class ContainerService(pulumi.ComponentResource):
    """A container on Kubernetes: a web service (with `port`), a worker (without) or a scheduled job (with
    `schedule`), each with secure defaults that pass Pod Security "restricted", kube-score and checkov.

    Every object has an explicit name derived from the component name (at most 63 characters, 52 for a job,
    shortened with a hash), the namespace, and the recommended labels. The pods run as their own
    ServiceAccount without a token (`automountServiceAccountToken: false`), as a non-root user and group
    above 10000 with seccomp RuntimeDefault, no privilege escalation, every capability dropped and a
    read-only root filesystem (an emptyDir at /tmp is the writable path); requests and limits for CPU,
    memory and ephemeral storage; the image pinned and pulled Always. Plain settings come from a ConfigMap
    (`envFrom`), secrets from a Secret one key at a time (`secretKeyRef`). Checksums in the pod template's
    annotations roll the pods when a setting or a secret changes: `checksum/config` is a SHA-256 of the
    settings; `checksum/secrets` is an HMAC-SHA256 of the secret names and values keyed with a random
    32-character key of the service's own (a pulumi-random `RandomPassword`, created once and kept in the
    state), so it changes with any secret value but tells nothing about the values (a plain hash of a short
    secret could be guessed offline) and is not itself secret, which keeps the Deployment's spec readable in
    the state and the plan.

    Each service has a NetworkPolicy with both policy types: ingress to the container port only from where
    the Ingress's traffic comes from (public: the load balancer's `ingress_sources`, or your controller's
    namespace) or from the service's own namespace (internal); workers and jobs accept nothing; egress only
    to cluster DNS, the `egress` destinations and, with `internet_egress`, HTTPS to public addresses.
    `AppNamespace` adds the namespace-wide default deny. Kubelet probes need no rule: a pod cannot block its
    own node's traffic (Kubernetes docs, "Network Policies", what you can't do; the EKS network policy
    agent allows the node's IP, aws/aws-network-policy-agent#65; GKE Dataplane V2 likewise).

    - Web service: a Deployment (rolling update, no pod unavailable, one extra at a time; spread across
      zones and nodes), a ClusterIP Service on port 80 to the named container port "http", startup and
      liveness probes on `health_path` and a readiness probe on `readiness_path`; when `max_count` >
      `min_count`, a HorizontalPodAutoscaler (and no `replicas` on the Deployment); with 2 or more replicas
      a PodDisruptionBudget (maxUnavailable 1); when `public`, an Ingress for `host` served by
      `ingress_controller`: your own (TLS in `<name>-tls` issued by cert-manager's `cert_issuer`), EKS Auto
      Mode's ALB (HTTPS with the IngressClassParams' certificate, 80 redirected) or GKE's load balancer
      (a ManagedCertificate, a FrontendConfig redirecting 80 and a BackendConfig with the health check).
    - Worker: the same Deployment without Service, probes or Ingress.
    - Scheduled job: a CronJob (UTC, concurrencyPolicy Forbid, `max_retries`, `timeout_seconds`, 3 finished
      Jobs kept, restartPolicy Never) with the same pod template and security context.
    - Migration (`migrate`, web services and workers): a Job with the same pod template running the
      migration, which the Deployment waits for: pulumi-kubernetes awaits a Job until its Complete
      condition and fails the update on its Failed condition (pulumi/pulumi-kubernetes,
      provider/pkg/await/job.go), so a failed migration leaves the old pods serving.

    A provider passed in `opts` (e.g. `pulumi.ResourceOptions(provider=cluster)`) reaches every object.

    Example:

        config = pulumi.Config()
        api = ContainerService(
            "shop-api",
            {
                "namespace": "shop",
                "image": "ghcr.io/shop/api:1.4.2",
                "port": 8000,
                "public": True,
                "host": "api.shop.example.com",
                "ingress_controller": "eks-auto-mode",
                "ingress_sources": ["10.20.0.0/24", "10.20.1.0/24"],
                "readiness_path": "/ready",
                "cpu": 1,
                "memory_gb": 1,
                "min_count": 2,
                "max_count": 6,
                "environment": {"LOG_LEVEL": "info"},
                "secrets": {"API_KEY": config.require_secret("apiKey")},
                "egress": [{"cidr": "10.20.0.0/24", "ports": [5432, 6379]}],
                "part_of": "shop",
            },
        )
        ContainerService(
            "shop-worker",
            {"namespace": "shop", "image": "ghcr.io/shop/api:1.4.2", "command": ["celery", "worker"]},
        )
        ContainerService(
            "shop-nightly",
            {"namespace": "shop", "image": "ghcr.io/shop/api:1.4.2", "schedule": "30 2 * * *"},
        )
        pulumi.export("apiUrl", api.url)
        pulumi.export("apiHost", api.service_host)
    """

    deployment_name: pulumi.Output[str]
    """The Deployment's name, or the CronJob's for a scheduled job."""
    service_name: pulumi.Output[str]
    """The Service's name; "" for a worker or job."""
    service_host: pulumi.Output[str]
    """The Service's DNS name inside the cluster, `<service>.<namespace>.svc.<cluster_domain>` (port 80);
    "" for a worker or job."""
    service_account_name: pulumi.Output[str]
    """The ServiceAccount the pods run as."""
    url: pulumi.Output[str]
    """"https://<host>" for a public web service; "" otherwise."""
    namespace: pulumi.Output[str]
    """The namespace the objects are in."""

    def __init__(
        self, name: str, args: ContainerServiceArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        refuse_unknown_keys(ContainerService, ContainerServiceArgs, name, args, opts)
        settings = ContainerSettings(name, args)
        super().__init__(f"stackyard-k8s:index:{COMPONENT}", name, None, opts)
        s = settings
        selector = {NAME_LABEL: s.name, INSTANCE_LABEL: s.name}
        labels = {**s.labels, **recommended_labels(s.name, s.part_of, s.kind)}
        child = pulumi.ResourceOptions(parent=self)

        def metadata(object_name: str) -> k8s.meta.v1.ObjectMetaArgsDict:
            return {"name": object_name, "namespace": s.namespace, "labels": labels}

        account = k8s.core.v1.ServiceAccount(
            f"{name}-sa", metadata=metadata(s.name), automount_service_account_token=False, opts=child
        )
        env_from: list[k8s.core.v1.EnvFromSourceArgsDict] = []
        env: list[k8s.core.v1.EnvVarArgsDict] = []
        annotations: dict[str, pulumi.Input[str]] = {"kubectl.kubernetes.io/default-container": CONTAINER}
        if s.environment:
            config_map = k8s.core.v1.ConfigMap(
                f"{name}-config", metadata=metadata(f"{s.name}-config"), data=s.environment, opts=child
            )
            env_from.append({"config_map_ref": {"name": config_map.metadata.name}})
            annotations["checksum/config"] = _checksum(s.environment)
        if s.secrets:
            secret = k8s.core.v1.Secret(
                f"{name}-secrets",
                metadata=metadata(f"{s.name}-secrets"),
                type="Opaque",
                string_data={key: pulumi.Output.secret(value) for key, value in sorted(s.secrets.items())},
                opts=child,
            )
            env.extend(
                {"name": key, "value_from": {"secret_key_ref": {"name": secret.metadata.name, "key": key}}}
                for key in sorted(s.secrets)
            )
            checksum_key = random.RandomPassword(
                f"{name}-secrets-checksum-key", length=CHECKSUM_KEY_LENGTH, special=False, opts=child
            )
            annotations["checksum/secrets"] = _keyed_checksum(checksum_key.result, s.secrets)

        policy = k8s.networking.v1.NetworkPolicy(
            f"{name}-network", metadata=metadata(s.name), spec=_network_policy(s, selector), opts=child
        )
        template: k8s.core.v1.PodTemplateSpecArgsDict = {
            "metadata": {"labels": labels, "annotations": annotations},
            "spec": _pod_spec(s, selector, account, env_from, env),
        }
        # The pods start once their NetworkPolicy lets them reach DNS (the namespace denies by default).
        after_policy = pulumi.ResourceOptions(parent=self, depends_on=[policy])
        self.migration: pulumi.Resource | None = None
        """The migration Job (other workloads of the app may wait for it); None without `migrate`."""
        if s.migrate is not None and not s.awaits_image:
            self.migration = self._migration(name, s, labels, account, env_from, env)
            after_policy = pulumi.ResourceOptions(parent=self, depends_on=[policy, self.migration])

        self.service_name = pulumi.Output.from_input("")
        self.service_host = pulumi.Output.from_input("")
        self.url = pulumi.Output.from_input("")
        workload: k8s.apps.v1.Deployment | k8s.batch.v1.CronJob
        if s.kind == "job":
            workload = self._cron_job(name, s, metadata(s.name), labels, template, after_policy)
        else:
            workload = self._deployment(name, s, metadata, selector, template, after_policy)
        self.deployment_name = workload.metadata.name
        self.namespace = workload.metadata.namespace
        self.service_account_name = account.metadata.name

        self.register_outputs(
            {
                "deployment_name": self.deployment_name,
                "service_name": self.service_name,
                "service_host": self.service_host,
                "service_account_name": self.service_account_name,
                "url": self.url,
                "namespace": self.namespace,
            }
        )

    # -- the migration ---------------------------------------------------------------------------------------

    def _migration(
        self,
        name: str,
        s: ContainerSettings,
        labels: dict[str, str],
        account: k8s.core.v1.ServiceAccount,
        env_from: list[k8s.core.v1.EnvFromSourceArgsDict],
        env: list[k8s.core.v1.EnvVarArgsDict],
    ) -> k8s.batch.v1.Job:
        """The Job that runs `migrate` once per image and command, and the NetworkPolicy of its pod."""
        assert s.migrate is not None
        role = physical_name(f"{s.name}-migrate", NAME_LIMIT)
        # Labels of their own: the Service, the PodDisruptionBudget and the service's NetworkPolicy select
        # name and instance `s.name`, which the migration's pod must not match (a running pod without a
        # readiness probe would get the Service's traffic).
        job_labels = {**s.labels, **recommended_labels(role, s.part_of, "migration")}
        selector = {NAME_LABEL: role, INSTANCE_LABEL: role}
        network = _network_policy(s, selector)
        network.pop("ingress", None)  # both policy types, no ingress rule: nothing may connect to it
        child = pulumi.ResourceOptions(parent=self)
        policy = k8s.networking.v1.NetworkPolicy(
            f"{name}-migrate-network",
            metadata={"name": role, "namespace": s.namespace, "labels": job_labels},
            spec=network,
            opts=child,
        )
        pod = _pod_spec(s, selector, account, env_from, env, migrate=s.migrate)
        run = json.dumps([s.image, s.entrypoint, s.migrate])
        digest = hashlib.sha256(run.encode()).hexdigest()[:MIGRATION_HASH_LENGTH]
        job_name = f"{physical_name(role, NAME_LIMIT - MIGRATION_HASH_LENGTH - 1)}-{digest}"
        timeout = s.migrate_timeout_seconds
        return k8s.batch.v1.Job(
            f"{name}-migrate",
            metadata={
                "name": job_name,
                "namespace": s.namespace,
                "labels": job_labels,
                # A Job that failed is replaced, and so run again, by the next `pulumi up`, instead of
                # being awaited again while it stays Failed (the Job resource's docs, "replaceUnready").
                "annotations": {"pulumi.com/replaceUnready": "true"},
            },
            spec={
                "backoff_limit": 0,  # once per rollout: a failed migration is fixed and deployed again
                "active_deadline_seconds": timeout,
                "completions": 1,
                "parallelism": 1,
                "template": {
                    "metadata": {
                        "labels": job_labels,
                        "annotations": {"kubectl.kubernetes.io/default-container": CONTAINER},
                    },
                    "spec": pod,
                },
            },
            opts=pulumi.ResourceOptions(
                parent=self,
                depends_on=[policy],
                # pulumi-kubernetes waits 10 minutes for a Job by default; wait as long as it may run,
                # plus time to schedule its pod (a new node on EKS Auto Mode or GKE Autopilot).
                custom_timeouts=pulumi.CustomTimeouts(
                    create=f"{timeout + SCHEDULING_MARGIN_SECONDS}s",
                    update=f"{timeout + SCHEDULING_MARGIN_SECONDS}s",
                ),
            ),
        )

    # -- workloads -------------------------------------------------------------------------------------------

    def _deployment(
        self,
        name: str,
        s: ContainerSettings,
        metadata: MetadataFor,
        selector: dict[str, str],
        template: k8s.core.v1.PodTemplateSpecArgsDict,
        opts: pulumi.ResourceOptions,
    ) -> k8s.apps.v1.Deployment:
        child = pulumi.ResourceOptions(parent=self)
        spec: k8s.apps.v1.DeploymentSpecArgsDict = {
            "selector": {"match_labels": selector},
            "strategy": {"type": "RollingUpdate", "rolling_update": {"max_unavailable": 0, "max_surge": 1}},
            "template": template,
        }
        if not s.autoscaled:
            spec["replicas"] = s.replicas  # under an autoscaler the field stays unset (kube-score)
        deployment = k8s.apps.v1.Deployment(
            name, metadata=_awaited(s, metadata(s.name)), spec=spec, opts=opts
        )

        if s.autoscaled:
            metrics: list[k8s.autoscaling.v2.MetricSpecArgsDict] = [_utilization("cpu", s.cpu_percent)]
            if s.memory_percent is not None:
                metrics.append(_utilization("memory", s.memory_percent))
            k8s.autoscaling.v2.HorizontalPodAutoscaler(
                f"{name}-autoscaler",
                metadata=metadata(s.name),
                spec={
                    "scale_target_ref": {
                        "api_version": "apps/v1",
                        "kind": "Deployment",
                        "name": deployment.metadata.name,
                    },
                    "min_replicas": s.min_count,
                    "max_replicas": s.max_count,
                    "metrics": metrics,
                },
                opts=child,
            )
        if s.disruption_budget:
            k8s.policy.v1.PodDisruptionBudget(
                f"{name}-disruption-budget",
                metadata=metadata(s.name),
                spec={
                    "max_unavailable": 1,
                    "selector": {"match_labels": selector},
                    # A pod that is not ready may be evicted, so a crash-looping pod never blocks a drain.
                    "unhealthy_pod_eviction_policy": "AlwaysAllow",
                },
                opts=child,
            )
        if s.kind == "web":
            self._web(name, s, metadata, selector)
        return deployment

    def _web(self, name: str, s: ContainerSettings, metadata: MetadataFor, selector: dict[str, str]) -> None:
        child = pulumi.ResourceOptions(parent=self)
        service_metadata = metadata(s.name)
        gke = s.public and s.ingress_controller == GKE
        if gke:
            # Container-native load balancing (the load balancer sends to the pods' NEG endpoints, which is
            # why the NetworkPolicy admits Google's ranges) and the BackendConfig with the health check.
            service_metadata["annotations"] = {
                "cloud.google.com/neg": json.dumps({"ingress": True}),
                "cloud.google.com/backend-config": json.dumps({"default": s.name}),
            }
        service = k8s.core.v1.Service(
            f"{name}-service",
            metadata=_awaited(s, service_metadata),
            spec={
                "type": "ClusterIP",
                "selector": selector,
                "ports": [
                    {"name": PORT_NAME, "port": SERVICE_PORT, "target_port": PORT_NAME, "protocol": "TCP"}
                ],
            },
            opts=child,
        )
        self.service_name = service.metadata.name
        self.service_host = pulumi.Output.concat(
            service.metadata.name, ".", service.metadata.namespace, ".svc.", s.cluster_domain
        )
        if not s.public:
            return
        assert s.host is not None
        ingress_metadata = metadata(s.name)
        spec: k8s.networking.v1.IngressSpecArgsDict = {"ingress_class_name": s.ingress_class}
        companions: list[pulumi.Resource] = []
        if s.ingress_controller == OWN:
            spec["tls"] = [{"hosts": [s.host], "secret_name": f"{s.name}-tls"}]
            if s.cert_issuer is not None:
                ingress_metadata["annotations"] = {"cert-manager.io/cluster-issuer": s.cert_issuer}
        elif s.ingress_controller == EKS_AUTO_MODE:
            ingress_metadata["annotations"] = _alb_annotations(s)
        else:
            ingress_metadata["annotations"], companions = self._gke_objects(name, s, metadata)
        ingress = k8s.networking.v1.Ingress(
            f"{name}-ingress",
            metadata=ingress_metadata,
            spec={
                **spec,
                "rules": [
                    {
                        "host": s.host,
                        "http": {
                            "paths": [
                                {
                                    "path": path,
                                    "path_type": "Prefix",
                                    "backend": {
                                        "service": {
                                            "name": service.metadata.name,
                                            "port": {"number": SERVICE_PORT},
                                        }
                                    },
                                }
                                for path in s.paths
                            ]
                        },
                    }
                ],
            },
            opts=pulumi.ResourceOptions(parent=self, depends_on=companions),
        )
        host = s.host
        self.url = ingress.metadata.name.apply(lambda _: f"https://{host}")

    def _gke_objects(
        self, name: str, s: ContainerSettings, metadata: MetadataFor
    ) -> tuple[dict[str, pulumi.Input[str]], list[pulumi.Resource]]:
        """GKE's Ingress companions, named like the service: a Google-managed certificate for the host, the
        FrontendConfig (HTTP -> HTTPS redirect, SSL policy) and the BackendConfig (health check); returns the
        Ingress's annotations (GKE docs, "Ingress configuration on Google Cloud", "Using Google-managed SSL
        certificates", "Configuring Ingress features through FrontendConfig / BackendConfig parameters") and
        the objects, which the Ingress waits for."""
        assert s.host is not None and s.port is not None
        child = pulumi.ResourceOptions(parent=self)
        certificate = k8s.apiextensions.CustomResource(
            f"{name}-certificate",
            api_version="networking.gke.io/v1",
            kind="ManagedCertificate",
            metadata=metadata(s.name),
            spec={"domains": [s.host]},
            opts=child,
        )
        frontend_spec: dict[str, object] = {
            # A 301 to the same URL over HTTPS; the HTTP forwarding rule serves only that redirect.
            "redirectToHttps": {"enabled": True, "responseCodeName": "MOVED_PERMANENTLY_DEFAULT"},
        }
        if s.ssl_policy is not None:
            frontend_spec["sslPolicy"] = s.ssl_policy
        frontend = k8s.apiextensions.CustomResource(
            f"{name}-frontend",
            api_version="networking.gke.io/v1beta1",
            kind="FrontendConfig",
            metadata=metadata(s.name),
            spec=frontend_spec,
            opts=child,
        )
        backend = k8s.apiextensions.CustomResource(
            f"{name}-backend",
            api_version="cloud.google.com/v1",
            kind="BackendConfig",
            metadata=metadata(s.name),
            spec={
                # With NEGs the health check goes to the pods themselves: the container port, not the
                # Service's.
                "healthCheck": {
                    "type": "HTTP",
                    "requestPath": s.health_path,
                    "port": s.port,
                    "checkIntervalSec": 10,
                    "timeoutSec": 5,
                    "healthyThreshold": 1,
                    "unhealthyThreshold": 3,
                }
            },
            opts=child,
        )
        annotations: dict[str, pulumi.Input[str]] = {
            # GKE's controller acts on the annotation and ignores ingressClassName (which says gce too).
            "kubernetes.io/ingress.class": GCE_CLASS,
            "networking.gke.io/managed-certificates": s.name,
            "networking.gke.io/v1beta1.FrontendConfig": s.name,
        }
        if s.static_ip_name is not None:
            annotations["kubernetes.io/ingress.global-static-ip-name"] = s.static_ip_name
        return annotations, [certificate, frontend, backend]

    def _cron_job(
        self,
        name: str,
        s: ContainerSettings,
        metadata: k8s.meta.v1.ObjectMetaArgsDict,
        labels: dict[str, str],
        template: k8s.core.v1.PodTemplateSpecArgsDict,
        opts: pulumi.ResourceOptions,
    ) -> k8s.batch.v1.CronJob:
        assert s.schedule is not None
        spec: k8s.batch.v1.CronJobSpecArgsDict = {
            "schedule": s.schedule,
            "time_zone": "Etc/UTC",
            "concurrency_policy": "Forbid",
            "starting_deadline_seconds": STARTING_DEADLINE_SECONDS,
            "successful_jobs_history_limit": JOB_HISTORY,
            "failed_jobs_history_limit": JOB_HISTORY,
            "job_template": {
                "metadata": {"labels": labels},
                "spec": {
                    "backoff_limit": s.max_retries,
                    "active_deadline_seconds": s.timeout_seconds,
                    "template": template,
                },
            },
        }
        if s.awaits_image:
            spec["suspend"] = True  # no run starts before the first image (unset afterwards: false)
        return k8s.batch.v1.CronJob(name, metadata=metadata, spec=spec, opts=opts)


def _awaited(
    s: ContainerSettings, metadata: k8s.meta.v1.ObjectMetaArgsDict
) -> k8s.meta.v1.ObjectMetaArgsDict:
    """`metadata`, telling pulumi-kubernetes not to wait for pods while the service has no image."""
    if not s.awaits_image:
        return metadata
    annotations = metadata.get("annotations") or {}
    assert isinstance(annotations, dict), "ContainerService builds annotations as a dict"
    return {**metadata, "annotations": {**annotations, **SKIP_AWAIT}}


def _checksum(values: Mapping[str, pulumi.Input[str]]) -> pulumi.Output[str]:
    """A SHA-256 of `values` (secret if any value is), so a changed value changes the pod template."""
    return pulumi.Output.all(**values).apply(
        lambda resolved: hashlib.sha256(json.dumps(resolved, sort_keys=True).encode()).hexdigest()
    )


def _keyed_checksum(key: pulumi.Output[str], values: Mapping[str, pulumi.Input[str]]) -> pulumi.Output[str]:
    """An HMAC-SHA256 of the sorted `values` (names and values) keyed with `key`, not secret: it changes with
    any value and, without the key (kept secret in the state), reveals nothing about the values."""
    digest = pulumi.Output.all(key, pulumi.Output.all(**values)).apply(
        lambda resolved: hmac.new(
            str(resolved[0]).encode(), json.dumps(resolved[1], sort_keys=True).encode(), hashlib.sha256
        ).hexdigest()
    )
    return pulumi.Output.unsecret(digest)


def _alb_annotations(s: ContainerSettings) -> dict[str, pulumi.Input[str]]:
    """The per-Ingress settings of an EKS Auto Mode ALB (the AWS Load Balancer Controller's annotations that
    Auto Mode honours; group, certificate and TLS policy live in the IngressClassParams, and Auto Mode refuses
    the group.name annotation): pods as targets, the health check on the service's health path, listeners on
    80 and 443 and every HTTP request redirected to HTTPS; with `web_acl_arn`, the WAF web ACL Auto Mode
    associates with the ALB."""
    annotations: dict[str, pulumi.Input[str]] = {
        "alb.ingress.kubernetes.io/target-type": "ip",
        "alb.ingress.kubernetes.io/healthcheck-path": s.health_path,
        "alb.ingress.kubernetes.io/success-codes": "200-399",
        "alb.ingress.kubernetes.io/listen-ports": json.dumps([{"HTTP": 80}, {"HTTPS": 443}]),
        "alb.ingress.kubernetes.io/ssl-redirect": "443",
    }
    if s.web_acl_arn is not None:
        annotations[WAF_ANNOTATION] = s.web_acl_arn
    return annotations


def _ip_blocks(cidrs: list[str]) -> list[k8s.networking.v1.NetworkPolicyPeerArgsDict]:
    return [{"ip_block": {"cidr": cidr}} for cidr in cidrs]


def _utilization(resource: str, percent: int) -> k8s.autoscaling.v2.MetricSpecArgsDict:
    return {
        "type": "Resource",
        "resource": {"name": resource, "target": {"type": "Utilization", "average_utilization": percent}},
    }


def _pod_spec(
    s: ContainerSettings,
    selector: dict[str, str],
    account: k8s.core.v1.ServiceAccount,
    env_from: list[k8s.core.v1.EnvFromSourceArgsDict],
    env: list[k8s.core.v1.EnvVarArgsDict],
    migrate: list[str] | None = None,
) -> k8s.core.v1.PodSpecArgsDict:
    """The pod: Pod Security "restricted" (and kube-score's and checkov's container rules) for every kind.
    With `migrate`, the migration Job's pod: the same, with `migrate` as the container's args, no port or
    probe, restartPolicy Never and no spreading."""
    container: k8s.core.v1.ContainerArgsDict = {
        "name": CONTAINER,
        "image": s.image,
        "image_pull_policy": "Always",
        "resources": {"requests": s.requests, "limits": s.limits},
        "security_context": {
            "allow_privilege_escalation": False,
            "privileged": False,
            "read_only_root_filesystem": True,
            "run_as_non_root": True,
            "run_as_user": s.run_as_user,
            "run_as_group": s.run_as_group,
            "capabilities": {"drop": ["ALL"]},
            "seccomp_profile": {"type": "RuntimeDefault"},
        },
        "volume_mounts": [{"name": TMP_VOLUME, "mount_path": "/tmp"}],
        "termination_message_policy": "FallbackToLogsOnError",
    }
    if s.entrypoint is not None:
        container["command"] = s.entrypoint  # Docker's ENTRYPOINT is Kubernetes' command, CMD its args
    if s.command is not None:
        container["args"] = s.command
    if migrate is not None:
        container["args"] = list(migrate)
    if env_from:
        container["env_from"] = env_from
    if env:
        container["env"] = env
    if s.port is not None and migrate is None:
        container["ports"] = [{"name": PORT_NAME, "container_port": s.port, "protocol": "TCP"}]
        container["startup_probe"] = {
            "http_get": {"path": s.health_path, "port": PORT_NAME},
            "period_seconds": STARTUP_PERIOD_SECONDS,
            "timeout_seconds": 3,
            "failure_threshold": s.startup_failure_threshold,
        }
        # Liveness restarts a container that stopped answering for 30 s; readiness takes a pod out of the
        # Service after 15 s, so a busy pod sheds traffic well before it would be restarted.
        container["liveness_probe"] = {
            "http_get": {"path": s.health_path, "port": PORT_NAME},
            "initial_delay_seconds": s.liveness_initial_delay_seconds,
            "period_seconds": 10,
            "timeout_seconds": 5,
            "failure_threshold": 3,
        }
        container["readiness_probe"] = {
            "http_get": {"path": s.readiness_path, "port": PORT_NAME},
            "period_seconds": 5,
            "timeout_seconds": 3,
            "failure_threshold": 3,
            "success_threshold": 1,
        }

    spec: k8s.core.v1.PodSpecArgsDict = {
        "service_account_name": account.metadata.name,
        "automount_service_account_token": False,
        "enable_service_links": False,  # no <SERVICE>_PORT variables that could clash with the settings
        "host_network": False,
        "host_pid": False,
        "host_ipc": False,
        "security_context": {
            "run_as_non_root": True,
            "run_as_user": s.run_as_user,
            "run_as_group": s.run_as_group,
            "fs_group": s.run_as_group,
            "seccomp_profile": {"type": "RuntimeDefault"},
        },
        "termination_grace_period_seconds": s.termination_grace_period_seconds,
        "restart_policy": "Never" if s.kind == "job" or migrate is not None else "Always",
        "containers": [container],
        "volumes": [{"name": TMP_VOLUME, "empty_dir": {"size_limit": s.tmp_size}}],
    }
    if s.image_pull_secrets:
        spec["image_pull_secrets"] = [{"name": secret} for secret in s.image_pull_secrets]
    if s.kind != "job" and migrate is None:
        spread: k8s.meta.v1.LabelSelectorArgsDict = {"match_labels": selector}
        spec["topology_spread_constraints"] = [
            {
                "max_skew": 1,
                "topology_key": key,
                "when_unsatisfiable": "ScheduleAnyway",
                "label_selector": spread,
            }
            for key in (ZONE_KEY, HOST_KEY)
        ]
        # The same wish as the hostname spread, in the form kube-score's host anti-affinity check reads.
        spec["affinity"] = {
            "pod_anti_affinity": {
                "preferred_during_scheduling_ignored_during_execution": [
                    {"weight": 100, "pod_affinity_term": {"topology_key": HOST_KEY, "label_selector": spread}}
                ]
            }
        }
    return spec


def _network_policy(
    s: ContainerSettings, selector: dict[str, str]
) -> k8s.networking.v1.NetworkPolicySpecArgsDict:
    """Both directions closed except: ingress to the container port from the load balancer's networks or
    your controller's namespace (public) or this namespace (internal); egress to cluster DNS, `egress` and
    optionally HTTPS out."""
    egress: list[k8s.networking.v1.NetworkPolicyEgressRuleArgsDict] = [
        {
            "to": [
                {
                    "namespace_selector": {"match_labels": {NAMESPACE_NAME_LABEL: DNS_NAMESPACE}},
                    "pod_selector": {"match_labels": DNS_POD_LABELS},
                }
            ],
            "ports": [{"protocol": "UDP", "port": 53}, {"protocol": "TCP", "port": 53}],
        }
    ]
    for cidr, ports, protocol in s.egress:
        egress.append(
            {
                "to": [{"ip_block": {"cidr": cidr}}],
                "ports": [{"protocol": protocol, "port": p} for p in ports],
            }
        )
    if s.internet_egress:
        egress.append(
            {
                "to": [{"ip_block": {"cidr": "0.0.0.0/0", "except_": NOT_INTERNET}}],
                "ports": [{"protocol": "TCP", "port": 443}],
            }
        )
    spec: k8s.networking.v1.NetworkPolicySpecArgsDict = {
        "pod_selector": {"match_labels": selector},
        "policy_types": ["Ingress", "Egress"],
        "egress": egress,
    }
    if s.kind == "web":
        sources: pulumi.Input[list[k8s.networking.v1.NetworkPolicyPeerArgsDict]]
        if not s.public:
            sources = [{"pod_selector": {}}]  # any pod of this namespace
        elif s.ingress_controller == OWN:
            sources = [{"namespace_selector": {"match_labels": {NAMESPACE_NAME_LABEL: s.ingress_namespace}}}]
        else:
            # The load balancer connects to the pod IPs (ALB target type ip, GKE NEGs) from these networks.
            sources = pulumi.Output.from_input(s.ingress_sources).apply(_ip_blocks)
        spec["ingress"] = [{"from_": sources, "ports": [{"protocol": "TCP", "port": s.port}]}]
    return spec
