"""The Google Cloud rules of stackyard's baseline, one module per topic. `RULES` lists them in this order
(the order the policy pack registers them):

- `sql`: Cloud SQL instances;
- `memorystore`: Memorystore for Redis instances;
- `network`: VPC firewall rules and subnetworks;
- `cloudrun`: Cloud Run services, jobs and worker pools, and who may invoke them;
- `load_balancing`: the external Application Load Balancer (SSL policies, target proxies, URL maps, backend
  services);
- `storage`: Cloud Storage buckets and their IAM, and the buckets Cloud CDN serves;
- `iam`: project, folder and organization IAM;
- `kms`: Cloud KMS key rotation, and the customer-managed key of production Artifact Registry repositories;
- `gke`: GKE clusters and node pools;
- `names`: the name limits that Pulumi mocks do not check.

`helpers` holds what they share: reading inputs, finding the resource a reference (name, id or self link)
points to, and the role bindings of IAM resources.

Sources (shared/reference/security-baseline.md): checkov's GCP checks (CKV_GCP_*, CKV2_GCP_*), the Pulumi
compliance policies for Google (CRP), and the AWS rules (cdk-nag, AWSGuard, checkov CKV_AWS_*) where a GCP
counterpart has no checkov check. Facts about defaults and limits come from the pulumi-gcp 10.2 SDK
docstrings and Google's API references, cited where a rule relies on them.

Values: an input absent from `inputs` takes the provider's default (e.g. Cloud SQL `sslMode` defaults to
ALLOW_UNENCRYPTED_AND_ENCRYPTED, so a missing one fails); an unknown one (None, "[unknown]") cannot be
decided and passes.
"""

from __future__ import annotations

from ..model import Rule
from . import cloudrun, gke, iam, kms, load_balancing, memorystore, names, network, sql, storage
from .cloudrun import (
    DEFAULT_SERVICE_ACCOUNT,
    INGRESS_ALL,
    INGRESS_LOAD_BALANCER,
    INVOKER_ROLE,
    RUN_JOB,
    RUN_OTHER_IAM,
    RUN_SERVICE,
    RUN_SERVICE_IAM,
    RUN_WORKER_POOL,
    SECRET_WORDS,
    URL_WITH_PASSWORD,
)
from .gke import GKE_CLUSTER, GKE_NODE_POOL
from .helpers import EMPTY, PUBLIC_MEMBERS, UNDECIDED
from .iam import BASIC_ROLES, RESOURCE_MANAGER_IAM
from .kms import CRYPTO_KEY, NINETY_DAYS_SECONDS
from .load_balancing import (
    BACKEND_SERVICES,
    HTTP_PROXIES,
    HTTPS_PROXIES,
    SSL_POLICIES,
    TLS_1_2_OR_LATER,
    URL_MAPS,
)
from .memorystore import REDIS
from .names import (
    ACCOUNT_ID,
    AUTONAME_SUFFIX,
    BUCKET_NAME,
    GOOGLE_LIKE,
    REDIS_NAME,
    RUN_NAME,
    RUN_NAME_LIMITS,
    SERVICE_ACCOUNT,
    SQL_NAME,
    SQL_NAME_LIMIT,
)
from .network import FIREWALL, PORT_PROTOCOLS, SUBNETWORK
from .sql import ENFORCED_SSL_MODES, POSTGRES_LOG_FLAGS, SQL_INSTANCE
from .storage import BACKEND_BUCKETS, BUCKET, BUCKET_IAM

RULES: list[Rule] = [
    *sql.RULES,
    *memorystore.RULES,
    *network.RULES,
    *cloudrun.RULES,
    *load_balancing.RULES,
    *storage.RULES,
    *iam.RULES,
    *kms.RULES,
    *gke.RULES,
    *names.RULES,
]

__all__ = [
    "ACCOUNT_ID",
    "AUTONAME_SUFFIX",
    "BACKEND_BUCKETS",
    "BACKEND_SERVICES",
    "BASIC_ROLES",
    "BUCKET",
    "BUCKET_IAM",
    "BUCKET_NAME",
    "CRYPTO_KEY",
    "DEFAULT_SERVICE_ACCOUNT",
    "EMPTY",
    "ENFORCED_SSL_MODES",
    "FIREWALL",
    "GKE_CLUSTER",
    "GKE_NODE_POOL",
    "GOOGLE_LIKE",
    "HTTPS_PROXIES",
    "HTTP_PROXIES",
    "INGRESS_ALL",
    "INGRESS_LOAD_BALANCER",
    "INVOKER_ROLE",
    "NINETY_DAYS_SECONDS",
    "PORT_PROTOCOLS",
    "POSTGRES_LOG_FLAGS",
    "PUBLIC_MEMBERS",
    "REDIS",
    "REDIS_NAME",
    "RESOURCE_MANAGER_IAM",
    "RULES",
    "RUN_JOB",
    "RUN_NAME",
    "RUN_NAME_LIMITS",
    "RUN_OTHER_IAM",
    "RUN_SERVICE",
    "RUN_SERVICE_IAM",
    "RUN_WORKER_POOL",
    "SECRET_WORDS",
    "SERVICE_ACCOUNT",
    "SQL_INSTANCE",
    "SQL_NAME",
    "SQL_NAME_LIMIT",
    "SSL_POLICIES",
    "SUBNETWORK",
    "TLS_1_2_OR_LATER",
    "UNDECIDED",
    "URL_MAPS",
    "URL_WITH_PASSWORD",
]
