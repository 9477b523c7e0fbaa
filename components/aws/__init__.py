"""stackyard components for AWS. Type tokens: `stackyard-aws:index:<Class>`.

Each component's module loads on first use (`from components.aws import Vpc` loads `components.aws.vpc` and
the provider modules it needs, not the EKS or Kubernetes SDK of `KubernetesCluster`): the provider SDKs
take most of a program's start-up time.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .alarms import Alarms, AlarmsArgs
    from .bucket import Bucket, BucketArgs
    from .cdn_site import CdnSite, CdnSiteArgs
    from .cluster import Cluster, ClusterArgs
    from .container_service import ContainerService, ContainerServiceArgs
    from .kubernetes_cluster import KubernetesCluster, KubernetesClusterArgs
    from .load_balancer import LoadBalancer, LoadBalancerArgs
    from .postgres import ManagedPostgres, ManagedPostgresArgs
    from .redis import RedisCache, RedisCacheArgs
    from .secrets import Secrets, SecretsArgs
    from .service_distribution import ServiceDistribution, ServiceDistributionArgs
    from .vpc import SubnetSelection, Vpc, VpcArgs

# Public name -> the module that defines it.
_MODULES = {
    "Alarms": "alarms",
    "AlarmsArgs": "alarms",
    "Bucket": "bucket",
    "BucketArgs": "bucket",
    "CdnSite": "cdn_site",
    "CdnSiteArgs": "cdn_site",
    "Cluster": "cluster",
    "ClusterArgs": "cluster",
    "ContainerService": "container_service",
    "ContainerServiceArgs": "container_service",
    "KubernetesCluster": "kubernetes_cluster",
    "KubernetesClusterArgs": "kubernetes_cluster",
    "LoadBalancer": "load_balancer",
    "LoadBalancerArgs": "load_balancer",
    "ManagedPostgres": "postgres",
    "ManagedPostgresArgs": "postgres",
    "RedisCache": "redis",
    "RedisCacheArgs": "redis",
    "Secrets": "secrets",
    "SecretsArgs": "secrets",
    "ServiceDistribution": "service_distribution",
    "ServiceDistributionArgs": "service_distribution",
    "SubnetSelection": "vpc",
    "Vpc": "vpc",
    "VpcArgs": "vpc",
}

__all__ = [
    "Alarms",
    "AlarmsArgs",
    "Bucket",
    "BucketArgs",
    "CdnSite",
    "CdnSiteArgs",
    "Cluster",
    "ClusterArgs",
    "ContainerService",
    "ContainerServiceArgs",
    "KubernetesCluster",
    "KubernetesClusterArgs",
    "LoadBalancer",
    "LoadBalancerArgs",
    "ManagedPostgres",
    "ManagedPostgresArgs",
    "RedisCache",
    "RedisCacheArgs",
    "Secrets",
    "SecretsArgs",
    "ServiceDistribution",
    "ServiceDistributionArgs",
    "SubnetSelection",
    "Vpc",
    "VpcArgs",
]


def __getattr__(name: str) -> Any:
    module = _MODULES.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value  # later lookups skip this function
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})
