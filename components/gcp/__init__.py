"""stackyard components for Google Cloud. Type tokens: `stackyard-gcp:index:<Class>`.

The same class names as `components.aws`, so a reader switches clouds by switching the import.
"""

from .alarms import Alarms, AlarmsArgs
from .bucket import Bucket, BucketArgs
from .cdn_site import CdnSite, CdnSiteArgs
from .cloud_armor import SecurityPolicy, SecurityPolicyArgs
from .container_service import ContainerService, ContainerServiceArgs
from .kubernetes_cluster import KubernetesCluster, KubernetesClusterArgs
from .load_balancer import LoadBalancer, LoadBalancerArgs
from .postgres import ManagedPostgres, ManagedPostgresArgs
from .project_services import ProjectServices, ProjectServicesArgs
from .redis import RedisCache, RedisCacheArgs
from .secrets import Secrets, SecretsArgs
from .vpc import CachePlacement, DatabasePlacement, SubnetSelection, Vpc, VpcArgs

__all__ = [
    "Alarms",
    "AlarmsArgs",
    "Bucket",
    "BucketArgs",
    "CachePlacement",
    "CdnSite",
    "CdnSiteArgs",
    "ContainerService",
    "ContainerServiceArgs",
    "DatabasePlacement",
    "KubernetesCluster",
    "KubernetesClusterArgs",
    "LoadBalancer",
    "LoadBalancerArgs",
    "ManagedPostgres",
    "ManagedPostgresArgs",
    "ProjectServices",
    "ProjectServicesArgs",
    "RedisCache",
    "RedisCacheArgs",
    "Secrets",
    "SecretsArgs",
    "SecurityPolicy",
    "SecurityPolicyArgs",
    "SubnetSelection",
    "Vpc",
    "VpcArgs",
]
