"""`ContainerService` on Kubernetes: a Deployment (web service or worker) or a CronJob (scheduled job) that
meets Pod Security "restricted", kube-score and checkov's CKV_K8S rules, with its own ServiceAccount, a
NetworkPolicy, settings in a ConfigMap, secrets in a Secret, and for a web service a Service, probes, an
autoscaler, a disruption budget and, when public, an Ingress served by EKS Auto Mode's ALB, GKE's load
balancer or an ingress controller of your own.

The component reads as its steps, one module each: `settings` (the arguments, checked and settled into
`ContainerSettings`, with `names` for the Kubernetes name and label rules `AppNamespace` shares, `sizing`
for the requests, limits and replicas and `traffic` for the web service, Ingress and egress arguments),
`identity` (the ServiceAccount), `configuration` (the ConfigMap, the Secret and their checksums), `network`
(the NetworkPolicy), `pod` (the pod template), `migration` (the Job that runs `migrate`), `workload` (the
Deployment with its autoscaler and disruption budget, or the CronJob), then for a web service `web` (the
Service and the Ingress) with `gke` (GKE's ManagedCertificate, FrontendConfig and BackendConfig)."""

import pulumi
import pulumi_kubernetes as k8s

from ...checks import refuse_unknown_keys
from ...naming import physical_name as physical_name
from .configuration import CHECKSUM_KEY_LENGTH, pod_configuration
from .configuration import _checksum as _checksum
from .configuration import _keyed_checksum as _keyed_checksum
from .identity import service_account
from .migration import MIGRATION_HASH_LENGTH, SCHEDULING_MARGIN_SECONDS, migration_job
from .names import (
    COMPONENT,
    INSTANCE_LABEL,
    NAME_LABEL,
    NAME_LIMIT,
    NAMESPACE_NAME_LABEL,
    recommended_labels,
)
from .network import DNS_NAMESPACE, DNS_POD_LABELS, NOT_INTERNET, network_policy
from .network import _ip_blocks as _ip_blocks
from .network import _network_policy as _network_policy
from .pod import HOST_KEY, TMP_VOLUME, ZONE_KEY, pod_template
from .pod import _pod_spec as _pod_spec
from .settings import (
    CONTAINER,
    PORT_NAME,
    SERVICE_PORT,
    SKIP_AWAIT,
    ContainerServiceArgs,
    ContainerSettings,
    EgressRule,
    MetadataFor,
)
from .traffic import EKS_AUTO_MODE, GCE_CLASS, GKE, OWN, STARTUP_PERIOD_SECONDS, WAF_ANNOTATION
from .web import _alb_annotations as _alb_annotations
from .web import web_service
from .workload import JOB_HISTORY, STARTING_DEADLINE_SECONDS, cron_job, deployment
from .workload import _awaited as _awaited
from .workload import _utilization as _utilization

__all__ = [
    "CHECKSUM_KEY_LENGTH",
    "COMPONENT",
    "CONTAINER",
    "DNS_NAMESPACE",
    "DNS_POD_LABELS",
    "EKS_AUTO_MODE",
    "GCE_CLASS",
    "GKE",
    "HOST_KEY",
    "INSTANCE_LABEL",
    "JOB_HISTORY",
    "MIGRATION_HASH_LENGTH",
    "NAMESPACE_NAME_LABEL",
    "NAME_LABEL",
    "NAME_LIMIT",
    "NOT_INTERNET",
    "OWN",
    "PORT_NAME",
    "SCHEDULING_MARGIN_SECONDS",
    "SERVICE_PORT",
    "SKIP_AWAIT",
    "STARTING_DEADLINE_SECONDS",
    "STARTUP_PERIOD_SECONDS",
    "TMP_VOLUME",
    "WAF_ANNOTATION",
    "ZONE_KEY",
    "ContainerService",
    "ContainerServiceArgs",
    "ContainerSettings",
    "EgressRule",
    "MetadataFor",
    "recommended_labels",
]


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

        def metadata(object_name: str) -> k8s.meta.v1.ObjectMetaArgsDict:
            return {"name": object_name, "namespace": s.namespace, "labels": labels}

        account = service_account(self, name, s, metadata)
        config = pod_configuration(self, name, s, metadata)
        policy = network_policy(self, name, s, metadata, selector)
        template = pod_template(s, labels, selector, account, config)
        # The pods start once their NetworkPolicy lets them reach DNS (the namespace denies by default).
        after_policy = pulumi.ResourceOptions(parent=self, depends_on=[policy])
        self.migration: pulumi.Resource | None = None
        """The migration Job (other workloads of the app may wait for it); None without `migrate`."""
        if s.migrate is not None and not s.awaits_image:
            self.migration = migration_job(self, name, s, account, config)
            after_policy = pulumi.ResourceOptions(parent=self, depends_on=[policy, self.migration])

        self.service_name = pulumi.Output.from_input("")
        self.service_host = pulumi.Output.from_input("")
        self.url = pulumi.Output.from_input("")
        workload: k8s.apps.v1.Deployment | k8s.batch.v1.CronJob
        if s.kind == "job":
            workload = cron_job(name, s, metadata(s.name), labels, template, after_policy)
        else:
            workload = deployment(self, name, s, metadata, selector, template, after_policy)
            if s.kind == "web":
                web = web_service(self, name, s, metadata, selector)
                self.service_name, self.service_host, self.url = web.service_name, web.service_host, web.url
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
