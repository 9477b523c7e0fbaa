"""The Kubernetes runtime on AWS: a private EKS Auto Mode cluster (or an existing one), admitted by the
database and cache, and the connection secrets read from Secrets Manager for the app's Kubernetes Secret."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import pulumi
import pulumi_aws as aws

from components.aws import KubernetesCluster, KubernetesClusterArgs

from .connections import bucket_settings, cache_settings, database_settings
from .k8s_app import CACHE_PORTS, DATABASE_PORT, Cluster, Connections, created, deploy_services, settings_of

if TYPE_CHECKING:
    from .aws_app import DataTier
    from .config import StackConfig
    from .program import SecretValues


def build_kubernetes(
    config: StackConfig, data: DataTier, secrets: SecretValues, tags: dict[str, str]
) -> dict[str, Any]:
    """The cluster, the data tier's connections and the services on it; returns the stack outputs."""
    return deploy_services(config, _cluster(config, data, tags), _connections(data), secrets)


def _cluster(config: StackConfig, data: DataTier, tags: dict[str, str]) -> Cluster:
    settings = settings_of(config)
    if settings.cluster == "existing":
        if settings.security_group_id:
            _admit(data, settings.security_group_id)
        return Cluster(provider=None)
    args: KubernetesClusterArgs = {
        "vpc_id": data.network.vpc_id,
        "subnet_ids": data.network.private_subnet_ids,
        "api_access_cidrs": list(settings.api_access_cidrs),
        "admin_principal_arns": list(settings.admins),
        "deletion_protection": config.is_prod,
        "protect": config.is_prod,
        "tags": tags,
    }
    if settings.version:
        args["kubernetes_version"] = settings.version
    cluster = KubernetesCluster(config.app.name, args)
    _admit(data, cluster.security_group_id)
    return created(config, cluster)


def _admit(data: DataTier, security_group_id: pulumi.Input[str]) -> None:
    """Let the cluster's pods reach the database and the cache."""
    if data.database is not None:
        data.database.allow_from("kubernetes", security_group_id)
    if data.cache is not None:
        data.cache.allow_from("kubernetes", security_group_id)


def _connections(data: DataTier) -> Connections:
    """Hosts and ports as plain settings; the passwords read from their Secrets Manager secrets (JSON with
    a "password" key) for the app's Kubernetes Secret. RDS rotates its managed master password: run
    `pulumi up` after a rotation to refresh the Secret."""
    connections = Connections()
    network_cidr = data.network.cidr_block
    if data.database is not None:
        db = data.database
        connections.environment.update(database_settings(db))
        connections.secret_values["DATABASE_PASSWORD"] = _password(db.secret_arn, db)
        connections.egress.append({"cidr": network_cidr, "ports": [DATABASE_PORT]})
    if data.cache is not None:
        cache = data.cache
        connections.environment.update(cache_settings(cache))
        connections.secret_values["REDIS_PASSWORD"] = _password(cache.auth_secret_arn, cache)
        connections.egress.append({"cidr": network_cidr, "ports": [CACHE_PORTS["aws"]]})
    connections.environment.update(bucket_settings(data.buckets))
    return connections


def _password(secret_arn: pulumi.Output[str], owner: pulumi.Resource) -> pulumi.Output[str]:
    version = aws.secretsmanager.get_secret_version_output(
        secret_id=secret_arn, opts=pulumi.InvokeOutputOptions(depends_on=[owner])
    )
    return pulumi.Output.secret(version.secret_string.apply(lambda text: str(json.loads(text)["password"])))
