"""The Kubernetes runtime on Google Cloud: a private GKE Autopilot cluster in the stack's network (or an
existing one), and the connection secrets read from Secret Manager for the app's Kubernetes Secret. The
pods reach Cloud SQL and Memorystore through the VPC-native pod ranges and Private Service Access."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi
import pulumi_gcp as gcp

from components.gcp import KubernetesCluster, KubernetesClusterArgs

from .connections import bucket_settings, cache_settings, database_settings
from .k8s_app import CACHE_PORTS, DATABASE_PORT, Cluster, Connections, created, deploy_services, settings_of

if TYPE_CHECKING:
    from .config import StackConfig
    from .gcp_app import GcpDataTier
    from .program import SecretValues


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
        "network": data.network.vpc_id,
        "subnetwork": data.network.private_subnet_ids.apply(lambda ids: ids[0]),
        "master_authorized_cidrs": list(settings.api_access_cidrs),
        "deletion_protection": config.is_prod,
        "protect": config.is_prod,
        "labels": labels,
    }
    if settings.version:
        args["kubernetes_version"] = settings.version
    cluster = KubernetesCluster(config.app.name, args, data.after_apis())
    return created(config, cluster)


def _connections(data: GcpDataTier) -> Connections:
    """Addresses as plain settings; the database password and Redis AUTH string read from Secret Manager
    for the app's Kubernetes Secret. Both live in the network's range (Private Service Access)."""
    connections = Connections()
    network_cidr = data.network.cidr_block
    if data.database is not None:
        db = data.database
        connections.environment.update(database_settings(db))
        connections.secret_values["DATABASE_PASSWORD"] = _secret_data(db.secret_id, db)
        connections.egress.append({"cidr": network_cidr, "ports": [DATABASE_PORT]})
    if data.cache is not None:
        cache = data.cache
        connections.environment.update(cache_settings(cache))
        connections.environment["REDIS_CA_CERT"] = cache.ca_certificate
        connections.secret_values["REDIS_PASSWORD"] = _secret_data(cache.auth_secret_id, cache)
        connections.egress.append({"cidr": network_cidr, "ports": [CACHE_PORTS["gcp"]]})
    connections.environment.update(bucket_settings(data.buckets))
    return connections


def _secret_data(secret_id: pulumi.Output[str], owner: pulumi.Resource) -> pulumi.Output[str]:
    version = gcp.secretmanager.get_secret_version_output(
        secret=secret_id, opts=pulumi.InvokeOutputOptions(depends_on=[owner])
    )
    return pulumi.Output.secret(version.secret_data)
