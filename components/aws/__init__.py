"""stackyard components for AWS. Type tokens: `stackyard-aws:index:<Class>`."""

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
from .vpc import SubnetSelection, Vpc, VpcArgs

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
    "SubnetSelection",
    "Vpc",
    "VpcArgs",
]
