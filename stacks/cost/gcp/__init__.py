"""How each Google Cloud resource type the components create turns into monthly cost lines.

A type is priced by a rule (`RULES`), free with a stated reason (`FREE`), or, like every type in neither,
"not priced". The lines use the items of `stacks/cost/prices/gcp.json`.

Each family of services has its module, with its own `FREE`, `NOT_PRICED` and `RULES`, which this package
assembles: `network` (the VPC network, Private Service Access, addresses, Cloud NAT), `compute` (Cloud Run,
Artifact Registry, GKE), `data` (Cloud SQL, Memorystore, Cloud Storage), `edge` (load balancers, Cloud CDN,
Cloud Armor), `observability` (Cloud Monitoring, log-based metrics) and `security` (APIs, service accounts
and IAM, Secret Manager, Cloud KMS). `common` holds what they share.
"""

from __future__ import annotations

from ..context import Rule, merged
from . import compute, data, edge, network, observability, security
from .common import H, cpu_count, gib, registrar

# The old module's private names stay importable from here.
from .compute import _container_size as _container_size
from .compute import artifact_repository, cloud_run_service, cloud_run_worker_pool, gke_cluster
from .data import _SINGLE_REGION as _SINGLE_REGION
from .data import _memorystore_band as _memorystore_band
from .data import _sql_shape as _sql_shape
from .data import redis_instance, sql_instance, storage_bucket
from .edge import _CDN_AREAS as _CDN_AREAS
from .edge import _cdn_area as _cdn_area
from .edge import backend, forwarding_rule
from .network import address, router_nat
from .observability import alert_policy, log_metric
from .security import kms_key, secret_version

FAMILIES = (network, compute, data, edge, observability, security)

FREE: dict[str, str] = merged(FAMILIES, "FREE")
NOT_PRICED: dict[str, str] = merged(FAMILIES, "NOT_PRICED")
RULES: dict[str, Rule] = merged(FAMILIES, "RULES")
rule = registrar(RULES)

__all__ = [
    "FAMILIES",
    "FREE",
    "NOT_PRICED",
    "RULES",
    "H",
    "address",
    "alert_policy",
    "artifact_repository",
    "backend",
    "cloud_run_service",
    "cloud_run_worker_pool",
    "cpu_count",
    "forwarding_rule",
    "gib",
    "gke_cluster",
    "kms_key",
    "log_metric",
    "redis_instance",
    "router_nat",
    "rule",
    "secret_version",
    "sql_instance",
    "storage_bucket",
]
