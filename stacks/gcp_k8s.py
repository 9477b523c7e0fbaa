"""The Kubernetes runtime on Google Cloud: a private GKE Autopilot cluster in the stack's network (or an
existing one), and the connection secrets read from Secret Manager for the app's Kubernetes Secret. The
pods reach Cloud SQL and Memorystore through the VPC-native pod ranges and Private Service Access."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi

from components.gcp import KubernetesCluster, KubernetesClusterArgs
from components.gcp.kubernetes_cluster import KubernetesIngressArgs

from .config import physical_base
from .connections import bucket_lookup, cache_lookup, database_lookup, value_lookup
from .k8s_app import (
    CACHE_PORTS,
    DATABASE_PORT,
    Cluster,
    Connections,
    PlatformIngress,
    created,
    deploy_services,
    public_hosts,
    settings_of,
)

if TYPE_CHECKING:
    from .config import StackConfig
    from .gcp_app import GcpDataTier
    from .secret_values import SecretValues


def build_kubernetes(
    config: StackConfig, data: GcpDataTier, secrets: SecretValues, labels: dict[str, str]
) -> dict[str, Any]:
    """The cluster, the data tier's connections and the services on it; returns the stack outputs."""
    return deploy_services(config, _cluster(config, data, labels), _connections(data), secrets)


def _cluster(config: StackConfig, data: GcpDataTier, labels: dict[str, str]) -> Cluster:
    settings = settings_of(config)
    if settings.cluster == "existing":
        return Cluster(provider=None)
    args: KubernetesClusterArgs = {
        **data.network.private,
        "master_authorized_cidrs": list(settings.api_access_cidrs),
        "deletion_protection": config.is_prod,
        "protect": config.is_prod,
        "labels": labels,
        "physical_name": physical_base(config.app, pulumi.get_stack()),
    }
    if settings.version:
        args["kubernetes_version"] = settings.version
    hosts = public_hosts(config)
    platform = bool(hosts) and settings.ingress_class is None
    if platform:
        # GKE's built-in Ingress serves the public services: a static address per host (one load balancer
        # per Ingress), an SSL policy, and A records when the app names its Cloud DNS zone.
        ingress: KubernetesIngressArgs = {"hosts": sorted(set(hosts.values()))}
        if config.app.hosted_zone_id:
            ingress["dns_zone"] = config.app.hosted_zone_id
        args["ingress"] = ingress
    cluster = KubernetesCluster(config.app.name, args, data.after_apis())
    if not platform:
        return created(config, cluster)
    names = cluster.ingress_address_names
    gce = PlatformIngress(
        "gke",
        "gce",
        static_ip_names={host: names.apply(lambda n, host=host: n[host]) for host in set(hosts.values())},
        ssl_policy=cluster.ingress_ssl_policy,
    )
    result = created(config, cluster, gce)
    addresses = cluster.ingress_addresses
    result.outputs["ingressAddresses"] = {
        service: addresses.apply(lambda a, host=host: a[host]) for service, host in hosts.items()
    }
    return result


def _connections(data: GcpDataTier) -> Connections:
    """Addresses as plain settings; the URLs, the database password and the Redis AUTH string for the app's
    Kubernetes Secret, from the components: a rotated credential changes the Secret, and the pods' checksum
    of it rolls them. Both live in the network's range (Private Service Access)."""
    connections = Connections()
    network_cidr = data.network.cidr_block
    if data.database is not None:
        connections.lookup.update(database_lookup(data.database))
        connections.egress["database"] = {"cidr": network_cidr, "ports": [DATABASE_PORT]}
    if data.cache is not None:
        connections.lookup.update(cache_lookup(data.cache))  # with Memorystore's server CA, cache.ca_cert
        connections.egress["cache"] = {"cidr": network_cidr, "ports": [CACHE_PORTS["gcp"]]}
    connections.lookup.update(bucket_lookup(data.buckets))
    # The app's own secrets come from `deploy_services`, by value, under `secrets.<NAME>`.
    connections.lookup.update(value_lookup(data.database, data.cache, {}))
    return connections
