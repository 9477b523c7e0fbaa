"""The Kubernetes runtime on AWS: a private EKS Auto Mode cluster (or an existing one), admitted by the
database and cache, and the connection secrets read from Secrets Manager for the app's Kubernetes Secret."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pulumi

from components.aws import KubernetesCluster, KubernetesClusterArgs
from components.aws.kubernetes_cluster import KubernetesIngressArgs

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
from .profiles import hardening

if TYPE_CHECKING:
    from .aws_app import DataTier
    from .config import StackConfig
    from .secret_values import SecretValues


def build_kubernetes(
    config: StackConfig, data: DataTier, secrets: SecretValues, tags: dict[str, str]
) -> dict[str, Any]:
    """The cluster, the data tier's connections and the services on it; returns the stack outputs."""
    return deploy_services(config, _cluster(config, data, tags), _connections(data), secrets)


def _cluster(config: StackConfig, data: DataTier, tags: dict[str, str]) -> Cluster:
    settings = settings_of(config)
    hardened = hardening(config.environment)
    if settings.cluster == "existing":
        if settings.security_group_id:
            _admit(data, settings.security_group_id)
        return Cluster(provider=None)
    args: KubernetesClusterArgs = {
        **data.network.private,
        "api_access_cidrs": list(settings.api_access_cidrs),
        "admin_principal_arns": list(settings.admins),
        "deletion_protection": config.is_prod,
        "protect": config.is_prod,
        "tags": tags,
        "physical_name": physical_base(config.app, pulumi.get_stack()),
        # The pods' logs to CloudWatch (the CloudWatch Observability add-on), kept as long as the service
        # that asks the most (services.*.log_retention_days): all pods share one log group.
        "container_logs": True,
        "container_log_retention_days": max(
            (service.log_retention_days for service in config.app.services.values()), default=30
        ),
        "encrypt_logs": hardened.log_encryption,
    }
    if hardened.log_retention_days is not None:
        args["log_retention_days"] = hardened.log_retention_days
    if settings.version:
        args["kubernetes_version"] = settings.version
    hosts = sorted(set(public_hosts(config).values()))
    platform = hosts and settings.ingress_class is None
    if platform:
        # Auto Mode's ALB serves the public services: one ALB (an IngressGroup) in the public subnets, with a
        # DNS-validated certificate for their hosts in the app's zone, behind a regional WAF web ACL in prod
        # (`Hardening.load_balancer_waf`, as the ecs runtime's LoadBalancer; issue #18).
        ingress: KubernetesIngressArgs = {"hostnames": hosts, "subnet_ids": data.network.public_subnet_ids}
        if config.app.hosted_zone_id:
            ingress["hosted_zone_id"] = config.app.hosted_zone_id
        if hardened.load_balancer_waf:
            ingress["web_acl"] = True
            if hardened.log_retention_days is not None:
                ingress["waf_log_retention_days"] = hardened.log_retention_days
        args["ingress"] = ingress
    cluster = KubernetesCluster(config.app.name, args)
    _admit(data, cluster.security_group_id)
    if not platform:
        return created(config, cluster)
    # With target type ip the ALB's nodes, in the public subnets, connect to the pods.
    # Every public Ingress names the web ACL (the same on all of the group: the annotation is Exclusive).
    alb = PlatformIngress(
        "eks-auto-mode",
        cluster.ingress_class_name,
        sources=data.network.public_subnet_cidrs,
        web_acl_arn=cluster.web_acl_arn,
    )
    result = created(config, cluster, alb)
    result.outputs["ingressClass"] = cluster.ingress_class_name
    return result


def _admit(data: DataTier, security_group_id: pulumi.Input[str]) -> None:
    """Let the cluster's pods reach the database and the cache."""
    if data.database is not None:
        data.database.allow_from("kubernetes", security_group_id)
    if data.cache is not None:
        data.cache.allow_from("kubernetes", security_group_id)


def _connections(data: DataTier) -> Connections:
    """Hosts and ports as plain settings; the URLs and passwords for the app's Kubernetes Secret, from the
    components (the stack generated them): a rotated credential changes the Secret, and the pods' checksum
    of it rolls them. (`database.rds_managed_password` is refused with this runtime: RDS would rotate the
    password under the copy in the Secret.)"""
    connections = Connections()
    network_cidr = data.network.cidr_block
    if data.database is not None:
        connections.lookup.update(database_lookup(data.database))
        connections.egress["database"] = {"cidr": network_cidr, "ports": [DATABASE_PORT]}
    if data.cache is not None:
        connections.lookup.update(cache_lookup(data.cache))
        connections.egress["cache"] = {"cidr": network_cidr, "ports": [CACHE_PORTS["aws"]]}
    connections.lookup.update(bucket_lookup(data.buckets, arns=True))
    # The app's own secrets come from `deploy_services`, by value, under `secrets.<NAME>`.
    connections.lookup.update(value_lookup(data.database, data.cache, {}))
    return connections
