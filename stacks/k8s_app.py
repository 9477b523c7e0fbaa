"""The Kubernetes runtime (`app.runtime: kubernetes`), shared by both clouds: the app's namespace and one
`components.k8s.ContainerService` per service, given the cluster and the data tier's connections.

The cloud modules (`stacks/aws_k8s.py`, `stacks/gcp_k8s.py`) create or pick the cluster, let its pods
through to the database and cache, and read the connection secrets; this module only deploys.

Public services' Ingresses are served either by the created cluster's platform (`PlatformIngress`: EKS Auto
Mode's ALB through the IngressClass the aws KubernetesCluster creates, or GKE's gce with the gcp
KubernetesCluster's addresses and SSL policy), or, with `kubernetes.ingress_class`, by your own controller
(cert-manager TLS, NetworkPolicies admitting `kubernetes.ingress_namespace`)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import pulumi
import pulumi_kubernetes as k8s

from components.k8s import AppNamespace, ContainerService, ContainerServiceArgs, EgressRule

from .config import Job, Kubernetes, StackConfig, WebService, Worker, public_host
from .connections import Value, service_environment, service_lookup, value_lookup
from .migrations import after_migration, migrate_args, migrating_first

if TYPE_CHECKING:
    from .secret_values import SecretValues

# Ports the pods may open to the data tier, by cloud (Memorystore with TLS listens on 6378).
DATABASE_PORT = 5432
CACHE_PORTS = {"aws": 6379, "gcp": 6378}


@dataclass
class Connections:
    """What the pods can get from the data tier: every source their `variables` may read (plain settings,
    and credentials as values, Outputs marked secret, written only to the service's Kubernetes Secret), and
    the network destination the NetworkPolicy opens for each part (database, cache) a service reads."""

    lookup: dict[str, Value] = field(default_factory=dict)
    egress: dict[str, EgressRule] = field(default_factory=dict)


@dataclass
class PlatformIngress:
    """How the created cluster's platform serves public services' Ingresses (ContainerService's
    `ingress_controller` and what it needs)."""

    controller: str
    """"eks-auto-mode" or "gke"."""
    ingress_class: pulumi.Input[str]
    sources: pulumi.Input[list[str]] | None = None
    """The networks the load balancer connects from; None: the controller's default."""
    static_ip_names: dict[str, pulumi.Input[str]] = field(default_factory=dict)
    """gke: the global address name of each public host."""
    ssl_policy: pulumi.Input[str] | None = None
    """gke: the SSL policy of the FrontendConfigs."""
    web_acl_arn: pulumi.Input[str] | None = None
    """eks-auto-mode: the WAF web ACL every public Ingress names (the cluster's, in prod); None: none."""


@dataclass
class Cluster:
    """Where the pods go: `provider` is None for an existing cluster (the default Kubernetes provider, as
    configured by kubernetes:kubeconfig or KUBECONFIG); `outputs` are the stack outputs about it; `ingress`
    how the platform serves Ingresses, None when your own controller does (`kubernetes.ingress_class`)."""

    provider: k8s.Provider | None
    outputs: dict[str, Any] = field(default_factory=dict)
    ingress: PlatformIngress | None = None


class CreatedCluster(Protocol):
    """What a cloud's `KubernetesCluster` component offers the runtime."""

    cluster_name: pulumi.Output[str]
    endpoint: pulumi.Output[str]
    kubeconfig: pulumi.Output[str]


def public_hosts(config: StackConfig) -> dict[str, str]:
    """The host of each public web service, by service name."""
    return {
        name: public_host(config, name, spec)
        for name, spec in config.app.services.items()
        if isinstance(spec, WebService) and spec.public
    }


def created(config: StackConfig, cluster: CreatedCluster, ingress: PlatformIngress | None = None) -> Cluster:
    """A cluster the stack created: a Kubernetes provider from its kubeconfig, its outputs, and how its
    platform serves the Ingresses."""
    assert isinstance(cluster, pulumi.Resource)
    provider = k8s.Provider(
        f"{config.app.name}-cluster",
        kubeconfig=cluster.kubeconfig,
        opts=pulumi.ResourceOptions(depends_on=[cluster]),
    )
    outputs = {
        "clusterName": cluster.cluster_name,
        "clusterEndpoint": cluster.endpoint,
        "kubeconfig": cluster.kubeconfig,
    }
    return Cluster(provider=provider, outputs=outputs, ingress=ingress)


def settings_of(config: StackConfig) -> Kubernetes:
    return config.app.kubernetes or Kubernetes()


def namespace_of(config: StackConfig) -> str:
    return settings_of(config).namespace or f"{config.app.name}-{config.environment}"


def ingress_path(pattern: str) -> str:
    """A load balancer path pattern ("/*", "/api/*") as an Ingress Prefix path ("/", "/api")."""
    prefix = pattern.removesuffix("*").rstrip("/")
    return prefix or "/"


def deploy_services(
    config: StackConfig, cluster: Cluster, connections: Connections, secrets: SecretValues
) -> dict[str, Any]:
    """The namespace and the services; returns the stack outputs. `secrets` hold the values of the app's
    own secrets."""
    app = config.app
    app_secrets = {name: secrets.get(name) for name in app.secrets}
    settings = settings_of(config)
    labels = {"app": app.name, "environment": config.environment}
    opts = pulumi.ResourceOptions(provider=cluster.provider)
    namespace = AppNamespace(namespace_of(config), {"labels": labels, "part_of": app.name}, opts)
    in_namespace = pulumi.ResourceOptions(provider=cluster.provider, depends_on=[namespace])
    # The service that migrates first: the others (their Deployments, CronJobs) wait for its Job.
    built: dict[str, ContainerService] = {}
    migration: pulumi.Resource | None = None
    for name, spec in migrating_first(app.services):
        built[name] = ContainerService(
            f"{app.name}-{name}",
            _service_args(config, name, spec, namespace, settings, connections, app_secrets, cluster.ingress),
            after_migration(migration, in_namespace),
        )
        migration = migration or built[name].migration
    services = {name: built[name] for name in app.services}
    outputs: dict[str, Any] = {
        **cluster.outputs,
        "kubernetesNamespace": namespace.namespace,
        "serviceHosts": {
            n: s.service_host for n, s in services.items() if isinstance(app.services[n], WebService)
        },
    }
    public = {n: s for n, s in app.services.items() if isinstance(s, WebService) and s.public}
    if public:
        outputs["serviceUrls"] = {n: f"https://{public_host(config, n, s)}" for n, s in public.items()}
    return outputs


def _service_args(
    config: StackConfig,
    name: str,
    spec: WebService | Worker | Job,
    namespace: AppNamespace,
    settings: Kubernetes,
    connections: Connections,
    secrets: dict[str, pulumi.Output[str]],
    platform: PlatformIngress | None,
) -> ContainerServiceArgs:
    # The service's variables (or the defaults), environment and secrets; it reaches the parts it reads.
    lookup = {**connections.lookup, **value_lookup(None, None, secrets), **service_lookup(config)}
    env = service_environment(config, spec, lookup, secrets)
    args: ContainerServiceArgs = {
        "namespace": namespace.namespace,
        "cpu": spec.cpu,
        "memory_gb": spec.memory_gb,
        "environment": env.environment,
        "secrets": env.secrets,
        "egress": [rule for part, rule in connections.egress.items() if part in env.parts],
        # A service that reads another's URL (a public one: the config refuses internal ones here) calls it
        # through its load balancer, over HTTPS.
        "internet_egress": settings.internet_egress or "services" in env.parts,
        "labels": {"app": config.app.name, "environment": config.environment},
        "part_of": config.app.name,
    }
    if spec.image:  # without one, the service waits for its first image and runs no pod
        args["image"] = spec.image
    if spec.cpu_request is not None:
        args["cpu_request"] = spec.cpu_request
    if spec.memory_request_gb is not None:
        args["memory_request_gb"] = spec.memory_request_gb
    if spec.command:
        args["command"] = spec.command
    if spec.entrypoint:
        args["entrypoint"] = spec.entrypoint
    if isinstance(spec, Job):
        args["schedule"] = spec.schedule
        return args
    args.update(migrate_args(spec))  # type: ignore[typeddict-item]
    args.update(min_count=spec.scale.min, max_count=spec.scale.max, cpu_percent=spec.scale.cpu_percent)
    if spec.scale.memory_percent is not None:
        args["memory_percent"] = spec.scale.memory_percent
    if isinstance(spec, WebService):
        args.update(port=spec.port, health_path=spec.health_path, public=spec.public)
        if spec.readiness_path:
            args["readiness_path"] = spec.readiness_path
        if spec.public:
            host = public_host(config, name, spec)
            args.update(host=host, paths=[ingress_path(p) for p in spec.paths])
            _ingress_args(args, settings, platform, host)
    return args


def _ingress_args(
    args: ContainerServiceArgs, settings: Kubernetes, platform: PlatformIngress | None, host: str
) -> None:
    """Who serves a public service's Ingress: your own controller (`kubernetes.ingress_class`), else the
    created cluster's platform (the config rules require one of them)."""
    if settings.ingress_class is not None:
        assert settings.ingress_namespace is not None, "the config rules require it with ingress_class"
        args["ingress_controller"] = "own"
        args["ingress_class"] = settings.ingress_class
        args["ingress_namespace"] = settings.ingress_namespace
        args["cert_issuer"] = settings.cert_issuer
        return
    assert platform is not None, "the config rules require ingress_class without a created cluster"
    args["ingress_controller"] = platform.controller
    args["ingress_class"] = platform.ingress_class
    if platform.sources is not None:
        args["ingress_sources"] = platform.sources
    if host in platform.static_ip_names:
        args["static_ip_name"] = platform.static_ip_names[host]
    if platform.ssl_policy is not None:
        args["ssl_policy"] = platform.ssl_policy
    if platform.web_acl_arn is not None:
        args["web_acl_arn"] = platform.web_acl_arn
