"""The GCP rules (policy/stackyard_policy/gcp/): for every rule a compliant and a violating resource (or
set of resources, for stack rules), the edge cases the rules decide on purpose (provider defaults, unknown
values, replicas, staging, auto-names), and every root stack file and blueprint against the MANDATORY
rules."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from stackyard_policy import MANDATORY, Resource, Rule, evaluate
from stackyard_policy.gcp import RULES
from tests.policy import STACK_FILES, resource, stack_resources

DELETE = object()
LABELS = {"environment": "prod", "managed-by": "stackyard", "app": "shop"}


def patched(inputs: dict[str, Any], **changes: Any) -> dict[str, Any]:
    """A deep copy of `inputs` with dotted paths (written with `__` for dots) set, or removed with DELETE."""
    result = copy.deepcopy(inputs)
    for path, value in changes.items():
        *parents, last = path.split("__")
        target = result
        for part in parents:
            target = target.setdefault(part, {})
        if value is DELETE:
            target.pop(last, None)
        else:
            target[last] = value
    return result


# --- realistic compliant inputs, as stackyard renders them (abridged) --------------------------------------

SQL_TYPE = "gcp:sql/databaseInstance:DatabaseInstance"
SQL: dict[str, Any] = {
    "name": "shop-db",
    "databaseVersion": "POSTGRES_16",
    "deletionProtection": True,
    "settings": {
        "tier": "db-custom-2-7680",
        "edition": "ENTERPRISE",
        "availabilityType": "REGIONAL",
        "deletionProtectionEnabled": True,
        "userLabels": LABELS,
        "backupConfiguration": {"enabled": True, "pointInTimeRecoveryEnabled": True, "startTime": "03:00"},
        "ipConfiguration": {
            "ipv4Enabled": False,
            "privateNetwork": "projects/shop-prod/global/networks/shop",
            "sslMode": "ENCRYPTED_ONLY",
        },
        "databaseFlags": [
            {"name": "cloudsql.iam_authentication", "value": "on"},
            {"name": "log_checkpoints", "value": "on"},
            {"name": "log_connections", "value": "on"},
            {"name": "log_disconnections", "value": "on"},
            {"name": "log_lock_waits", "value": "on"},
            {"name": "log_min_duration_statement", "value": "1000"},
            # audit_logging (the prod profile's): forensic flags and pgAudit
            {"name": "log_hostname", "value": "on"},
            {"name": "log_statement", "value": "ddl"},
            {"name": "log_min_messages", "value": "warning"},
            {"name": "log_min_error_statement", "value": "error"},
            {"name": "cloudsql.enable_pgaudit", "value": "on"},
            {"name": "pgaudit.log", "value": "ddl,role"},
        ],
    },
}
REPLICA = patched(
    SQL,
    name="shop-db-replica-1",
    masterInstanceName="shop-db",
    settings__availabilityType="ZONAL",
    settings__backupConfiguration=DELETE,
)

REDIS_TYPE = "gcp:redis/instance:Instance"
REDIS: dict[str, Any] = {
    "name": "shop-cache",
    "tier": "STANDARD_HA",
    "memorySizeGb": 1,
    "redisVersion": "REDIS_7_2",
    "authEnabled": True,
    "transitEncryptionMode": "SERVER_AUTHENTICATION",
    "connectMode": "PRIVATE_SERVICE_ACCESS",
    "authorizedNetwork": "projects/shop-prod/global/networks/shop",
    "labels": LABELS,
}

FIREWALL_TYPE = "gcp:compute/firewall:Firewall"
HEALTH_CHECKS: dict[str, Any] = {
    "name": "shop-allow-health-checks",
    "network": "projects/shop-prod/global/networks/shop",
    "direction": "INGRESS",
    "sourceRanges": ["35.191.0.0/16", "130.211.0.0/22"],
    "targetTags": ["lb-backend"],
    "allows": [{"protocol": "tcp", "ports": ["80", "443", "8080"]}],
}
DENY_ALL: dict[str, Any] = {
    "name": "shop-deny-all-ingress",
    "network": "projects/shop-prod/global/networks/shop",
    "direction": "INGRESS",
    "priority": 65534,
    "sourceRanges": ["0.0.0.0/0"],
    "denies": [{"protocol": "all"}],
}

SUBNET_TYPE = "gcp:compute/subnetwork:Subnetwork"
SUBNET: dict[str, Any] = {
    "name": "shop-private",
    "network": "projects/shop-prod/global/networks/shop",
    "ipCidrRange": "10.0.0.0/20",
    "region": "europe-west1",
    "purpose": "PRIVATE",
    "privateIpGoogleAccess": True,
    "logConfig": {"aggregationInterval": "INTERVAL_5_SEC", "flowSampling": 0.5},
}

RUN_TYPE = "gcp:cloudrunv2/service:Service"
RUN_JOB_TYPE = "gcp:cloudrunv2/job:Job"
RUN_POOL_TYPE = "gcp:cloudrunv2/workerPool:WorkerPool"
RUN_IAM_TYPE = "gcp:cloudrunv2/serviceIamMember:ServiceIamMember"
RUN_TEMPLATE: dict[str, Any] = {
    "serviceAccount": "shop-api@shop-prod.iam.gserviceaccount.com",
    "vpcAccess": {
        "egress": "PRIVATE_RANGES_ONLY",
        "networkInterfaces": [{"subnetwork": "projects/shop-prod/regions/europe-west1/subnetworks/shop-run"}],
    },
    "containers": [
        {
            "name": "app",
            "image": "europe-west1-docker.pkg.dev/shop-prod/shop-api/app:1.4.2",
            "envs": [
                {"name": "DATABASE_HOST", "value": "10.129.0.3"},
                {"name": "NODE_ENV", "value": "production"},
                {"name": "JWT_PUBLIC_KEY", "value": "-----BEGIN PUBLIC KEY-----"},
                {
                    "name": "DATABASE_PASSWORD",
                    "valueSource": {
                        "secretKeyRef": {"secret": "projects/p/secrets/shop-db", "version": "latest"}
                    },
                },
            ],
        }
    ],
}
RUN: dict[str, Any] = {
    "name": "shop-api",
    "location": "europe-west1",
    "ingress": "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER",
    "labels": LABELS,
    "template": RUN_TEMPLATE,
}
RUN_JOB: dict[str, Any] = {
    "name": "shop-nightly",
    "location": "europe-west1",
    "template": {"template": RUN_TEMPLATE},
}
PUBLIC_INVOKER: dict[str, Any] = {
    "name": "shop-api",
    "location": "europe-west1",
    "role": "roles/run.invoker",
    "member": "allUsers",
}

SSL_POLICY_TYPE = "gcp:compute/sSLPolicy:SSLPolicy"
HTTPS_PROXY_TYPE = "gcp:compute/targetHttpsProxy:TargetHttpsProxy"
HTTP_PROXY_TYPE = "gcp:compute/targetHttpProxy:TargetHttpProxy"
URL_MAP_TYPE = "gcp:compute/uRLMap:URLMap"
BACKEND_TYPE = "gcp:compute/backendService:BackendService"
HTTPS_PROXY: dict[str, Any] = {
    "name": "shop-lb-https-proxy",
    "urlMap": "projects/shop-prod/global/urlMaps/shop-lb",
    "sslCertificates": ["projects/shop-prod/global/sslCertificates/shop-lb-cert"],
    "sslPolicy": "projects/shop-prod/global/sslPolicies/shop-lb-tls",
}
HTTP_PROXY: dict[str, Any] = {
    "name": "shop-lb-http-proxy",
    "urlMap": "projects/shop-prod/global/urlMaps/shop-lb-redirect",
}
REDIRECT_MAP: dict[str, Any] = {
    "name": "shop-lb-redirect",
    "defaultUrlRedirect": {"httpsRedirect": True, "stripQuery": False},
}
SERVING_MAP: dict[str, Any] = {
    "name": "shop-lb-redirect",
    "defaultService": "projects/shop-prod/global/backendServices/shop-api-backend",
}
BACKEND: dict[str, Any] = {
    "name": "shop-api-backend",
    "loadBalancingScheme": "EXTERNAL_MANAGED",
    "protocol": "HTTPS",
    "logConfig": {"enable": True, "sampleRate": 1},
    "securityPolicy": "projects/shop-prod/global/securityPolicies/shop-api",
    "backends": [{"group": "projects/shop-prod/regions/europe-west1/networkEndpointGroups/shop-api-neg"}],
}

BUCKET_TYPE = "gcp:storage/bucket:Bucket"
BUCKET_MEMBER_TYPE = "gcp:storage/bucketIAMMember:BucketIAMMember"
BACKEND_BUCKET_TYPE = "gcp:compute/backendBucket:BackendBucket"
SITE_BUCKET: dict[str, Any] = {
    "name": "shop-prod-shop-site",
    "location": "europe-west1",
    "uniformBucketLevelAccess": True,
    "publicAccessPrevention": "enforced",
    "versioning": {"enabled": True},
    "labels": LABELS,
}
BACKEND_BUCKET: dict[str, Any] = {"name": "shop-site", "bucketName": "shop-prod-shop-site", "enableCdn": True}
LOG_BUCKET: dict[str, Any] = {
    "name": "shop-prod-access-logs",
    "location": "europe-west1",
    "uniformBucketLevelAccess": True,
    "publicAccessPrevention": "enforced",
    "lifecycleRules": [{"action": {"type": "Delete"}, "condition": {"age": 365}}],
    "labels": LABELS,
}
LOG_WRITER: dict[str, Any] = {
    "bucket": "shop-prod-access-logs",
    "role": "roles/storage.objectCreator",
    "member": "group:cloud-storage-analytics@google.com",
}
LOGGED_SITE_BUCKET = patched(SITE_BUCKET, logging={"logBucket": "shop-prod-access-logs"})

ARMOR_TYPE = "gcp:compute/securityPolicy:SecurityPolicy"
LOG4J_RULE: dict[str, Any] = {
    "priority": 3100,
    "action": "deny(403)",
    "preview": False,
    "match": {"expr": {"expression": "evaluatePreconfiguredWaf('cve-canary', {'sensitivity': 0})"}},
}
THROTTLE_RULE: dict[str, Any] = {
    "priority": 4000,
    "action": "throttle",
    "preview": False,
    "match": {"versionedExpr": "SRC_IPS_V1", "config": {"srcIpRanges": ["*"]}},
}
ARMOR: dict[str, Any] = {
    "name": "shop-api",
    "type": "CLOUD_ARMOR",
    "rules": [LOG4J_RULE, THROTTLE_RULE],
    "labels": LABELS,
}

REPOSITORY_TYPE = "gcp:artifactregistry/repository:Repository"
REPOSITORY: dict[str, Any] = {
    "repositoryId": "shop-prod-api",
    "location": "europe-west1",
    "format": "DOCKER",
    "kmsKeyName": "projects/shop-prod/locations/europe-west1/keyRings/shop-prod-registry/cryptoKeys/registry",
    "labels": LABELS,
}

IAM_MEMBER_TYPE = "gcp:projects/iAMMember:IAMMember"
KMS_TYPE = "gcp:kms/cryptoKey:CryptoKey"
KMS_KEY: dict[str, Any] = {
    "name": "shop-data",
    "keyRing": "projects/shop-prod/locations/europe-west1/keyRings/shop",
    "purpose": "ENCRYPT_DECRYPT",
    "rotationPeriod": "7776000s",
}

GKE_TYPE = "gcp:container/cluster:Cluster"
GKE: dict[str, Any] = {
    "name": "shop",
    "location": "europe-west1",
    "enableAutopilot": True,
    "privateClusterConfig": {"enablePrivateNodes": True, "enablePrivateEndpoint": True},
    "masterAuthorizedNetworksConfig": {"gcpPublicCidrsAccessEnabled": False},
    "resourceLabels": LABELS,
}
PUBLIC_GKE = patched(
    GKE,
    privateClusterConfig__enablePrivateEndpoint=False,
    masterAuthorizedNetworksConfig__cidrBlocks=[{"cidrBlock": "203.0.113.0/24", "displayName": "office"}],
)

ACCOUNT_TYPE = "gcp:serviceaccount/account:Account"


def one(type_: str, inputs: dict[str, Any], name: str = "example") -> list[Resource]:
    return [resource(type_, inputs, name)]


# (rule, compliant resources, violating resources, a fragment of the violation's message)
CASES: list[tuple[str, list[Resource], list[Resource], str]] = [
    (
        "gcp-sql-private-ip-only",
        one(SQL_TYPE, SQL),
        one(SQL_TYPE, patched(SQL, settings__ipConfiguration__ipv4Enabled=DELETE)),
        "ipv4Enabled is not set",
    ),
    (
        "gcp-sql-no-world-authorized-network",
        one(SQL_TYPE, SQL),
        one(SQL_TYPE, patched(SQL, settings__ipConfiguration__authorizedNetworks=[{"value": "0.0.0.0/0"}])),
        "admits 0.0.0.0/0",
    ),
    (
        "gcp-sql-tls-required",
        one(SQL_TYPE, SQL),
        one(SQL_TYPE, patched(SQL, settings__ipConfiguration__sslMode=DELETE)),
        "sslMode is ALLOW_UNENCRYPTED_AND_ENCRYPTED",
    ),
    (
        "gcp-sql-backups-pitr",
        one(SQL_TYPE, SQL),
        one(SQL_TYPE, patched(SQL, settings__backupConfiguration__pointInTimeRecoveryEnabled=False)),
        "pointInTimeRecoveryEnabled is not true",
    ),
    (
        "gcp-sql-deletion-protection-prod",
        one(SQL_TYPE, SQL),
        one(SQL_TYPE, patched(SQL, settings__deletionProtectionEnabled=DELETE)),
        "settings.deletionProtectionEnabled is not true",
    ),
    (
        "gcp-sql-regional-prod",
        one(SQL_TYPE, SQL),
        one(SQL_TYPE, patched(SQL, settings__availabilityType=DELETE)),
        "availabilityType ZONAL",
    ),
    (
        "gcp-sql-iam-authentication",
        one(SQL_TYPE, SQL),
        one(SQL_TYPE, patched(SQL, settings__databaseFlags=SQL["settings"]["databaseFlags"][1:])),
        "cloudsql.iam_authentication is not set",
    ),
    (
        "gcp-sql-connection-logging",
        one(SQL_TYPE, SQL),
        one(
            SQL_TYPE,
            patched(SQL, settings__databaseFlags=[{"name": "log_connections", "value": "off"}]),
        ),
        "log_checkpoints, log_connections, log_disconnections, log_lock_waits",
    ),
    (
        "gcp-redis-auth-enabled",
        one(REDIS_TYPE, REDIS),
        one(REDIS_TYPE, patched(REDIS, authEnabled=DELETE)),
        "authEnabled is not true",
    ),
    (
        "gcp-redis-transit-encryption",
        one(REDIS_TYPE, REDIS),
        one(REDIS_TYPE, patched(REDIS, transitEncryptionMode=DELETE)),
        "transitEncryptionMode is DISABLED",
    ),
    (
        "gcp-redis-standard-ha-prod",
        one(REDIS_TYPE, REDIS),
        one(REDIS_TYPE, patched(REDIS, tier="BASIC")),
        "tier BASIC",
    ),
    (
        "gcp-firewall-no-world-ingress",
        one(FIREWALL_TYPE, HEALTH_CHECKS) + one(FIREWALL_TYPE, DENY_ALL, "deny-all"),
        one(FIREWALL_TYPE, patched(HEALTH_CHECKS, sourceRanges=["10.0.0.0/8", "::/0"])),
        "from ::/0",
    ),
    (
        "gcp-firewall-no-all-ports",
        one(FIREWALL_TYPE, HEALTH_CHECKS) + one(FIREWALL_TYPE, DENY_ALL, "deny-all"),
        one(FIREWALL_TYPE, patched(HEALTH_CHECKS, allows=[{"protocol": "tcp"}])),
        "every port of protocol tcp",
    ),
    (
        "gcp-subnet-flow-logs",
        one(SUBNET_TYPE, SUBNET),
        one(SUBNET_TYPE, patched(SUBNET, logConfig=DELETE)),
        "flow logs are off",
    ),
    (
        "gcp-subnet-private-google-access",
        one(SUBNET_TYPE, SUBNET),
        one(SUBNET_TYPE, patched(SUBNET, privateIpGoogleAccess=False)),
        "privateIpGoogleAccess is not true",
    ),
    (
        "gcp-cloudrun-ingress-not-all",
        one(RUN_TYPE, RUN),
        one(RUN_TYPE, patched(RUN, ingress=DELETE)),
        "ingress is INGRESS_TRAFFIC_ALL",
    ),
    (
        "gcp-cloudrun-direct-ingress",
        one(RUN_TYPE, patched(RUN, labels__environment="staging")),
        one(RUN_TYPE, patched(RUN, ingress="INGRESS_TRAFFIC_ALL", labels__environment="staging")),
        "served without Cloud Armor and the load balancer's TLS policy",
    ),
    (
        "gcp-cloudrun-dedicated-service-account",
        one(RUN_TYPE, RUN),
        one(
            RUN_JOB_TYPE,
            patched(
                RUN_JOB,
                template__template__serviceAccount="123456789012-compute@developer.gserviceaccount.com",
            ),
        ),
        "default service account 123456789012-compute@developer",
    ),
    (
        "gcp-cloudrun-no-plaintext-secrets",
        one(RUN_TYPE, RUN),
        one(
            RUN_TYPE,
            patched(
                RUN,
                template__containers=[
                    {"name": "app", "envs": [{"name": "STRIPE_API_KEY", "value": "sk_live_x"}]}
                ],
            ),
        ),
        "container app: STRIPE_API_KEY looks like a secret",
    ),
    (
        "gcp-cloudrun-public-invoker-behind-lb",
        one(RUN_TYPE, RUN, "shop-api") + one(RUN_IAM_TYPE, PUBLIC_INVOKER, "shop-api-public"),
        one(RUN_TYPE, patched(RUN, ingress="INGRESS_TRAFFIC_ALL"), "shop-api")
        + one(RUN_IAM_TYPE, PUBLIC_INVOKER, "shop-api-public"),
        "allUsers may invoke Cloud Run service 'shop-api' whose ingress is INGRESS_TRAFFIC_ALL",
    ),
    (
        "gcp-cloudrun-vpc-egress",
        one(RUN_POOL_TYPE, {"name": "shop-worker", "template": RUN_TEMPLATE}),
        one(RUN_POOL_TYPE, {"name": "shop-worker", "template": patched(RUN_TEMPLATE, vpcAccess=DELETE)}),
        "no VPC access",
    ),
    (
        "gcp-lb-ssl-policy-tls12",
        one(SSL_POLICY_TYPE, {"name": "shop-lb-tls", "minTlsVersion": "TLS_1_2", "profile": "MODERN"}),
        one(SSL_POLICY_TYPE, {"name": "shop-lb-tls", "profile": "MODERN"}),
        "minTlsVersion is TLS_1_0",
    ),
    (
        "gcp-lb-https-proxy-ssl-policy",
        one(HTTPS_PROXY_TYPE, HTTPS_PROXY),
        one(HTTPS_PROXY_TYPE, patched(HTTPS_PROXY, sslPolicy=DELETE)),
        "no sslPolicy",
    ),
    (
        "gcp-lb-http-redirects-only",
        one(HTTP_PROXY_TYPE, HTTP_PROXY) + one(URL_MAP_TYPE, REDIRECT_MAP, "shop-redirect"),
        one(HTTP_PROXY_TYPE, HTTP_PROXY) + one(URL_MAP_TYPE, SERVING_MAP, "shop-redirect"),
        "URL map 'shop-lb-redirect' has no defaultUrlRedirect with httpsRedirect true",
    ),
    (
        "gcp-lb-backend-logging",
        one(BACKEND_TYPE, BACKEND),
        one(BACKEND_TYPE, patched(BACKEND, logConfig=DELETE)),
        "does not log requests",
    ),
    (
        "gcp-lb-cloud-armor",
        one(BACKEND_TYPE, BACKEND),
        one(BACKEND_TYPE, patched(BACKEND, securityPolicy=DELETE)),
        "without a Cloud Armor policy",
    ),
    (
        "gcp-storage-uniform-access",
        one(BUCKET_TYPE, SITE_BUCKET),
        one(BUCKET_TYPE, patched(SITE_BUCKET, uniformBucketLevelAccess=False)),
        "uniformBucketLevelAccess is not true",
    ),
    (
        "gcp-storage-public-access-prevention",
        one(BUCKET_TYPE, SITE_BUCKET),
        one(BUCKET_TYPE, patched(SITE_BUCKET, publicAccessPrevention=DELETE)),
        "publicAccessPrevention is inherited",
    ),
    (
        "gcp-storage-no-public-members",
        one(
            BUCKET_MEMBER_TYPE,
            {
                "bucket": "shop-prod-shop-site",
                "role": "roles/storage.objectViewer",
                "member": "serviceAccount:service-123456789012@https-lb.iam.gserviceaccount.com",
            },
        ),
        one(
            "gcp:storage/bucketIAMBinding:BucketIAMBinding",
            {"bucket": "shop-media", "role": "roles/storage.objectViewer", "members": ["allUsers"]},
        ),
        "allUsers is granted roles/storage.objectViewer",
    ),
    (
        "gcp-storage-versioning",
        one(BUCKET_TYPE, SITE_BUCKET),
        one(BUCKET_TYPE, patched(SITE_BUCKET, versioning=DELETE)),
        "versioning is not enabled",
    ),
    (
        "gcp-cdn-private-origin",
        one(BACKEND_BUCKET_TYPE, BACKEND_BUCKET) + one(BUCKET_TYPE, SITE_BUCKET, "shop-site"),
        one(BACKEND_BUCKET_TYPE, BACKEND_BUCKET)
        + one(BUCKET_TYPE, patched(SITE_BUCKET, publicAccessPrevention="inherited"), "shop-site"),
        "with publicAccessPrevention inherited",
    ),
    (
        "gcp-iam-no-basic-roles-for-service-accounts",
        one(
            IAM_MEMBER_TYPE,
            {
                "project": "shop-prod",
                "role": "roles/monitoring.metricWriter",
                "member": "serviceAccount:shop-api@shop-prod.iam.gserviceaccount.com",
            },
        ),
        one(
            IAM_MEMBER_TYPE,
            {
                "project": "shop-prod",
                "role": "roles/editor",
                "member": "serviceAccount:shop-api@shop-prod.iam.gserviceaccount.com",
            },
        ),
        "is granted the basic role roles/editor",
    ),
    (
        "gcp-kms-key-rotation",
        one(KMS_TYPE, KMS_KEY),
        one(KMS_TYPE, patched(KMS_KEY, rotationPeriod="31536000s")),
        "rotationPeriod 31536000s is longer than 90 days",
    ),
    (
        "gcp-gke-private-nodes",
        one(GKE_TYPE, GKE),
        one(GKE_TYPE, patched(GKE, privateClusterConfig=DELETE)),
        "enablePrivateNodes is not true",
    ),
    (
        "gcp-gke-control-plane-not-open",
        one(GKE_TYPE, PUBLIC_GKE),
        one(
            GKE_TYPE,
            patched(PUBLIC_GKE, masterAuthorizedNetworksConfig__cidrBlocks=[{"cidrBlock": "0.0.0.0/0"}]),
        ),
        "master authorized network 0.0.0.0/0",
    ),
    (
        "gcp-gke-master-authorized-networks",
        one(GKE_TYPE, PUBLIC_GKE),
        one(GKE_TYPE, patched(PUBLIC_GKE, masterAuthorizedNetworksConfig=DELETE)),
        "public control-plane endpoint without masterAuthorizedNetworksConfig",
    ),
    (
        "gcp-name-service-account-id",
        one(ACCOUNT_TYPE, {"accountId": "shop-api", "displayName": "shop-api (Cloud Run)"}),
        one(ACCOUNT_TYPE, {"accountId": "shop-nightly-report-generator-job"}),
        "accountId 'shop-nightly-report-generator-job' (33 characters)",
    ),
    (
        "gcp-name-redis-instance",
        one(REDIS_TYPE, REDIS),
        one(REDIS_TYPE, patched(REDIS, name="shop-marketplace-production-session-cache")),
        "name 'shop-marketplace-production-session-cache' is not 1-40",
    ),
    (
        "gcp-name-cloudrun",
        one(RUN_TYPE, RUN),
        one(RUN_TYPE, patched(RUN, name="shop-marketplace-production-notifications-dispatch")),
        "is not at most 49",
    ),
    (
        "gcp-name-sql-instance",
        one(SQL_TYPE, SQL),
        one(SQL_TYPE, patched(SQL, name="1-shop-db")),
        "name '1-shop-db' is not at most 98",
    ),
    (
        "gcp-name-storage-bucket",
        one(BUCKET_TYPE, SITE_BUCKET),
        one(BUCKET_TYPE, patched(SITE_BUCKET, name="google-shop-site")),
        "contains 'google'",
    ),
    (
        "gcp-sql-audit-logging-prod",
        one(SQL_TYPE, SQL),
        one(
            SQL_TYPE,
            patched(
                SQL,
                settings__databaseFlags=[
                    f
                    for f in SQL["settings"]["databaseFlags"]
                    if f["name"] not in ("log_hostname", "pgaudit.log", "log_statement")
                ]
                + [{"name": "log_statement", "value": "none"}],
            ),
        ),
        "log_hostname not set, log_statement none, pgaudit.log not set",
    ),
    (
        "gcp-storage-usage-logs-prod",
        one(BUCKET_TYPE, LOGGED_SITE_BUCKET, "shop-site")
        + one(BUCKET_TYPE, LOG_BUCKET, "shop-access-logs")
        + one(BUCKET_MEMBER_TYPE, LOG_WRITER, "shop-access-logs-writer"),
        one(BUCKET_TYPE, SITE_BUCKET, "shop-site"),
        "no usage logs (logging.logBucket) for this production bucket",
    ),
    (
        "gcp-cloud-armor-prod",
        one(BACKEND_TYPE, BACKEND, "shop-api-backend") + one(ARMOR_TYPE, ARMOR, "shop-api"),
        one(BACKEND_TYPE, BACKEND, "shop-api-backend")
        + one(ARMOR_TYPE, patched(ARMOR, rules=[THROTTLE_RULE], labels=DELETE), "shop-api")
        + one(RUN_TYPE, RUN, "shop-api"),  # prod from the Cloud Run service's labels
        "no enforced Log4j rule",
    ),
    (
        "gcp-artifact-registry-cmek-prod",
        one(REPOSITORY_TYPE, REPOSITORY),
        one(REPOSITORY_TYPE, patched(REPOSITORY, kmsKeyName=DELETE)),
        "without a customer-managed key",
    ),
]

RULE_BY_NAME = {r.name: r for r in RULES}


def run(rule_name: str, resources: list[Resource]) -> list[str]:
    return [v.message for v in evaluate(resources, [RULE_BY_NAME[rule_name]])]


def test_every_gcp_rule_has_a_row_and_there_are_at_least_22() -> None:
    assert len(RULES) >= 22
    assert sorted(name for name, *_ in CASES) == sorted(RULE_BY_NAME)
    assert len(RULE_BY_NAME) == len(RULES)


@pytest.mark.parametrize("rule", RULES, ids=lambda r: r.name)
def test_every_gcp_rule_is_well_formed(rule: Rule) -> None:
    assert rule.name.startswith("gcp-") and rule.name == rule.name.lower()
    assert rule.types and all(t.startswith("gcp:") for t in rule.types)
    sources = ("checkov", "cdk-nag", "CRP", "AWSGuard", "docs", "API")
    assert rule.reason.endswith(".") and any(s in rule.reason for s in sources), rule.reason
    assert rule.fix and "\n" not in rule.fix


@pytest.mark.parametrize(("rule_name", "good", "bad", "expected"), CASES, ids=[c[0] for c in CASES])
def test_rule_passes_the_compliant_case_and_names_what_is_wrong_in_the_violating_one(
    rule_name: str, good: list[Resource], bad: list[Resource], expected: str
) -> None:
    assert run(rule_name, good) == []
    found = run(rule_name, bad)
    assert found and any(expected in message for message in found), found


# --- decisions worth pinning ------------------------------------------------------------------------------


def test_unknown_values_pass_and_provider_defaults_apply_when_absent() -> None:
    unknown = patched(
        SQL, settings__ipConfiguration__sslMode="[unknown]", settings__ipConfiguration__ipv4Enabled=None
    )
    assert run("gcp-sql-tls-required", one(SQL_TYPE, unknown)) == []
    assert run("gcp-sql-private-ip-only", one(SQL_TYPE, unknown)) == []
    assert run("gcp-sql-private-ip-only", one(SQL_TYPE, patched(SQL, settings="[unknown]"))) == []
    # Absent Redis settings take the provider's defaults: no AUTH, no TLS, BASIC.
    bare = {"name": "shop-cache", "memorySizeGb": 1, "labels": LABELS}
    for name in ("gcp-redis-auth-enabled", "gcp-redis-transit-encryption", "gcp-redis-standard-ha-prod"):
        assert run(name, one(REDIS_TYPE, bare)), name
    # deletionProtection defaults to true in the provider: only an explicit false fails.
    assert (
        run("gcp-sql-deletion-protection-prod", one(SQL_TYPE, patched(SQL, deletionProtection=DELETE))) == []
    )
    assert run("gcp-sql-deletion-protection-prod", one(SQL_TYPE, patched(SQL, deletionProtection=False)))


def test_trusted_client_certificates_also_satisfy_tls_and_sql_server_has_no_postgres_flags() -> None:
    mtls = patched(SQL, settings__ipConfiguration__sslMode="TRUSTED_CLIENT_CERTIFICATE_REQUIRED")
    assert run("gcp-sql-tls-required", one(SQL_TYPE, mtls)) == []
    sqlserver = patched(SQL, databaseVersion="SQLSERVER_2022_STANDARD", settings__databaseFlags=[])
    assert run("gcp-sql-connection-logging", one(SQL_TYPE, sqlserver)) == []
    assert run("gcp-sql-iam-authentication", one(SQL_TYPE, sqlserver)) == []
    mysql = patched(SQL, databaseVersion="MYSQL_8_0", settings__backupConfiguration__binaryLogEnabled=False)
    assert "binaryLogEnabled is not true" in run("gcp-sql-backups-pitr", one(SQL_TYPE, mysql))[0]


def test_read_replicas_are_exempt_from_backups_and_regional_but_not_from_tls() -> None:
    replica = one(SQL_TYPE, REPLICA)
    assert run("gcp-sql-backups-pitr", replica) == []
    assert run("gcp-sql-regional-prod", replica) == []
    assert run(
        "gcp-sql-tls-required", one(SQL_TYPE, patched(REPLICA, settings__ipConfiguration__sslMode=DELETE))
    )
    # A replica whose master is not known yet cannot be told from a primary: nothing is decided.
    undecided = patched(REPLICA, masterInstanceName="[unknown]")
    assert run("gcp-sql-backups-pitr", one(SQL_TYPE, undecided)) == []


def test_prod_only_rules_leave_staging_alone() -> None:
    staging = {**LABELS, "environment": "staging"}
    zonal = patched(
        SQL,
        settings__userLabels=staging,
        settings__availabilityType="ZONAL",
        settings__deletionProtectionEnabled=False,
        deletionProtection=False,
    )
    assert run("gcp-sql-deletion-protection-prod", one(SQL_TYPE, zonal)) == []
    assert run("gcp-sql-regional-prod", one(SQL_TYPE, zonal)) == []
    basic = patched(REDIS, tier="BASIC", labels=staging)
    assert run("gcp-redis-standard-ha-prod", one(REDIS_TYPE, basic)) == []


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"name": "DATABASE_URL", "value": "postgres://app:hunter2@10.0.0.3/app"}, "URL with a password"),
        ({"name": "SESSION_TOKEN", "value": "[secret]"}, "secret value in plain text"),
        ({"name": "SETTINGS", "value": "[secret]"}, "secret value in plain text"),
        ({"name": "DB_PASSWORD", "value": "hunter2"}, "looks like a secret"),
        ({"name": "NEXT_PUBLIC_API_KEY", "value": "pk_live_x"}, None),
        ({"name": "JWT_SECRET_NAME", "value": "projects/p/secrets/jwt"}, None),
        ({"name": "API_TOKEN_SECRET", "value": "projects/p/secrets/api-token"}, None),
        ({"name": "REDIS_CA_CERT", "value": "-----BEGIN CERTIFICATE-----"}, None),
        ({"name": "DATABASE_URL", "value": "postgres://10.0.0.3:5432/app"}, None),
    ],
)
def test_plaintext_secret_detection(env: dict[str, str], expected: str | None) -> None:
    service = patched(RUN, template__containers=[{"name": "app", "envs": [env]}])
    found = run("gcp-cloudrun-no-plaintext-secrets", one(RUN_TYPE, service))
    if expected is None:
        assert found == []
    else:
        assert found and expected in found[0]


def test_public_invoker_cases_beyond_the_table() -> None:
    invoker = one(RUN_IAM_TYPE, PUBLIC_INVOKER, "shop-api-public")
    # The service is not in the stack: its ingress cannot be checked.
    assert "not in this stack" in run("gcp-cloudrun-public-invoker-behind-lb", invoker)[0]
    # The service is auto-named (no name input): matched by its logical name and Pulumi's suffix.
    autonamed = one(RUN_TYPE, patched(RUN, name=DELETE, ingress="INGRESS_TRAFFIC_INTERNAL_ONLY"), "shop-api")
    auto_invoker = one(RUN_IAM_TYPE, patched(PUBLIC_INVOKER, name="shop-api-1a2b3c4"), "shop-api-public")
    assert (
        "ingress is INGRESS_TRAFFIC_INTERNAL_ONLY"
        in run("gcp-cloudrun-public-invoker-behind-lb", autonamed + auto_invoker)[0]
    )
    # A reference unknown during a preview decides nothing.
    unknown = one(RUN_IAM_TYPE, patched(PUBLIC_INVOKER, name="[unknown]"), "shop-api-public")
    assert run("gcp-cloudrun-public-invoker-behind-lb", unknown) == []
    # Other roles to the public, public access to jobs, and turning the invoker check off.
    admin = one(RUN_IAM_TYPE, patched(PUBLIC_INVOKER, role="roles/run.developer"), "shop-api-public")
    assert (
        "granted roles/run.developer"
        in run("gcp-cloudrun-public-invoker-behind-lb", one(RUN_TYPE, RUN) + admin)[0]
    )
    policy = {
        "name": "shop-nightly",
        "policyData": json.dumps(
            {"bindings": [{"role": "roles/run.invoker", "members": ["allAuthenticatedUsers"]}]}
        ),
    }
    job_policy = one("gcp:cloudrunv2/jobIamPolicy:JobIamPolicy", policy)
    assert "job or worker pool" in run("gcp-cloudrun-public-invoker-behind-lb", job_policy)[0]
    open_service = one(
        RUN_TYPE, patched(RUN, ingress="INGRESS_TRAFFIC_INTERNAL_ONLY", invokerIamDisabled=True)
    )
    assert "invokerIamDisabled" in run("gcp-cloudrun-public-invoker-behind-lb", open_service)[0]
    # Named members are never a problem.
    named = one(
        RUN_IAM_TYPE, patched(PUBLIC_INVOKER, member="serviceAccount:shop-web@p.iam.gserviceaccount.com")
    )
    assert run("gcp-cloudrun-public-invoker-behind-lb", named) == []


NEG_TYPE = "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup"


def serverless_neg(service: str) -> list[Resource]:
    """A serverless NEG through which a load balancer reaches the Cloud Run service named `service`."""
    inputs = {
        "name": f"{service}-neg",
        "region": "europe-west1",
        "networkEndpointType": "SERVERLESS",
        "cloudRun": {"service": service},
    }
    return one(NEG_TYPE, inputs, f"{service}-neg")


def test_a_staging_service_without_a_load_balancer_may_take_all_ingress_with_an_advisory() -> None:
    staging = {**LABELS, "environment": "staging"}
    direct = one(RUN_TYPE, patched(RUN, ingress="INGRESS_TRAFFIC_ALL", labels=staging), "shop-api")
    invoker = one(RUN_IAM_TYPE, PUBLIC_INVOKER, "shop-api-public")
    assert run("gcp-cloudrun-ingress-not-all", direct) == []
    assert run("gcp-cloudrun-public-invoker-behind-lb", direct + invoker) == []
    (advice,) = run("gcp-cloudrun-direct-ingress", direct + invoker)
    assert "no load balancer fronts it" in advice
    # A load balancer fronting it (a NEG naming it, or one whose service is not known yet): mandatory again.
    for neg in (serverless_neg("shop-api"), serverless_neg("[unknown]")):
        assert run("gcp-cloudrun-ingress-not-all", direct + neg)
        assert run("gcp-cloudrun-public-invoker-behind-lb", direct + invoker + neg)
        assert run("gcp-cloudrun-direct-ingress", direct + neg) == []
    # A NEG for another service does not count.
    assert run("gcp-cloudrun-ingress-not-all", direct + serverless_neg("shop-web")) == []
    # Prod, or no environment label (made outside stackyard): mandatory, and no advisory.
    for labels in (LABELS, DELETE):
        service = one(RUN_TYPE, patched(RUN, ingress="INGRESS_TRAFFIC_ALL", labels=labels), "shop-api")
        assert run("gcp-cloudrun-ingress-not-all", service)
        assert run("gcp-cloudrun-public-invoker-behind-lb", service + invoker)
        assert run("gcp-cloudrun-direct-ingress", service) == []
    # A staging service behind the load balancer is not advised about.
    behind = one(RUN_TYPE, patched(RUN, labels=staging), "shop-api")
    assert run("gcp-cloudrun-direct-ingress", behind + serverless_neg("shop-api")) == []


def test_http_proxy_pointing_outside_the_stack_or_at_a_map_that_also_routes() -> None:
    proxy = one(HTTP_PROXY_TYPE, HTTP_PROXY)
    assert "not in this stack" in run("gcp-lb-http-redirects-only", proxy)[0]
    mixed = patched(REDIRECT_MAP, hostRules=[{"hosts": ["shop.example.com"], "pathMatcher": "site"}])
    assert (
        "also routes requests (hostRules)"
        in run("gcp-lb-http-redirects-only", proxy + one(URL_MAP_TYPE, mixed, "shop-redirect"))[0]
    )


def test_firewall_edge_cases() -> None:
    egress = patched(HEALTH_CHECKS, direction="EGRESS", sourceRanges=DELETE, destinationRanges=["0.0.0.0/0"])
    disabled = patched(HEALTH_CHECKS, sourceRanges=["0.0.0.0/0"], disabled=True)
    every_port = patched(HEALTH_CHECKS, allows=[{"protocol": "udp", "ports": ["0-65535"]}])
    icmp = patched(HEALTH_CHECKS, allows=[{"protocol": "icmp"}])
    assert run("gcp-firewall-no-world-ingress", one(FIREWALL_TYPE, egress)) == []
    assert run("gcp-firewall-no-world-ingress", one(FIREWALL_TYPE, disabled)) == []
    assert run("gcp-firewall-no-all-ports", one(FIREWALL_TYPE, every_port))
    assert run("gcp-firewall-no-all-ports", one(FIREWALL_TYPE, icmp)) == []
    assert run(
        "gcp-firewall-no-all-ports", one(FIREWALL_TYPE, patched(HEALTH_CHECKS, allows=[{"protocol": "all"}]))
    )


def test_kms_asymmetric_keys_and_proxy_only_subnets_are_exempt() -> None:
    signing = patched(KMS_KEY, purpose="ASYMMETRIC_SIGN", rotationPeriod=DELETE)
    assert run("gcp-kms-key-rotation", one(KMS_TYPE, signing)) == []
    assert (
        "no rotationPeriod"
        in run("gcp-kms-key-rotation", one(KMS_TYPE, patched(KMS_KEY, rotationPeriod=DELETE)))[0]
    )
    proxy_only = {"name": "shop-proxy", "purpose": "REGIONAL_MANAGED_PROXY", "ipCidrRange": "10.0.64.0/23"}
    assert run("gcp-subnet-flow-logs", one(SUBNET_TYPE, proxy_only)) == []
    assert run("gcp-subnet-private-google-access", one(SUBNET_TYPE, proxy_only)) == []


def test_buckets_whose_objects_all_expire_need_no_versioning() -> None:
    scratch = patched(
        SITE_BUCKET,
        versioning={"enabled": False},
        lifecycleRules=[{"action": {"type": "Delete"}, "condition": {"age": 30, "withState": "LIVE"}}],
    )
    assert run("gcp-storage-versioning", one(BUCKET_TYPE, scratch)) == []
    noncurrent_only = patched(
        scratch,
        lifecycleRules=[{"action": {"type": "Delete"}, "condition": {"daysSinceNoncurrentTime": 30}}],
    )
    assert run("gcp-storage-versioning", one(BUCKET_TYPE, noncurrent_only))


def test_auto_names_are_checked_with_pulumis_suffix() -> None:
    # "shop-marketplace-production-uploads-archive-europe-west" (55) + "-" + 7 characters = 63: fits.
    fits = patched(SITE_BUCKET, name=DELETE)
    assert (
        run(
            "gcp-name-storage-bucket",
            one(BUCKET_TYPE, fits, "shop-marketplace-production-uploads-archive-europe-west"),
        )
        == []
    )
    too_long = one(BUCKET_TYPE, fits, "shop-marketplace-production-uploads-archive-europe-west1")
    assert "(64)" in run("gcp-name-storage-bucket", too_long)[0]
    long_cache = one(REDIS_TYPE, patched(REDIS, name=DELETE), "shop-marketplace-user-session-cache")  # 35 + 8
    assert "auto-name" in run("gcp-name-redis-instance", long_cache)[0]
    # A job may be longer than a service.
    job_name = "shop-marketplace-production-nightly-report-export-x"  # 51: too long for a service
    assert run("gcp-name-cloudrun", one(RUN_JOB_TYPE, patched(RUN_JOB, name=job_name))) == []
    assert run("gcp-name-cloudrun", one(RUN_TYPE, patched(RUN, name=job_name)))


def test_other_iam_resource_shapes_are_read() -> None:
    binding = {
        "project": "shop-prod",
        "role": "roles/owner",
        "members": ["user:ops@example.com", "serviceAccount:ci@shop-prod.iam.gserviceaccount.com"],
    }
    assert run(
        "gcp-iam-no-basic-roles-for-service-accounts", one("gcp:projects/iAMBinding:IAMBinding", binding)
    )
    users_only = {**binding, "members": ["user:ops@example.com"]}
    assert (
        run(
            "gcp-iam-no-basic-roles-for-service-accounts",
            one("gcp:projects/iAMBinding:IAMBinding", users_only),
        )
        == []
    )
    policy = {
        "folder": "folders/123",
        "policyData": json.dumps(
            {
                "bindings": [
                    {"role": "roles/viewer", "members": ["serviceAccount:x@p.iam.gserviceaccount.com"]}
                ]
            }
        ),
    }
    assert run("gcp-iam-no-basic-roles-for-service-accounts", one("gcp:folder/iAMPolicy:IAMPolicy", policy))
    bucket_policy = {
        "bucket": "b",
        "policyData": json.dumps({"bindings": [{"role": "r", "members": ["allUsers"]}]}),
    }
    assert run(
        "gcp-storage-no-public-members", one("gcp:storage/bucketIAMPolicy:BucketIAMPolicy", bucket_policy)
    )


# --- our stacks -------------------------------------------------------------------------------------------

GCP_BLUEPRINTS = [f for f in STACK_FILES if "gcp-" in f.name]
# The ADVISORY findings our GCP blueprints are expected to have (reported, each acceptable: see the report).
ACCEPTED_ADVISORIES = {"gcp-lb-cloud-armor"}


@pytest.mark.parametrize("stack_file", STACK_FILES, ids=str)
def test_every_stack_file_passes_every_mandatory_gcp_rule(stack_file: Path) -> None:
    found = [v for v in evaluate(stack_resources(stack_file), RULES) if v.rule.level == MANDATORY]
    assert not found, [(v.rule.name, v.urn, v.message) for v in found]


@pytest.mark.parametrize("stack_file", GCP_BLUEPRINTS, ids=str)
def test_gcp_blueprints_have_only_the_accepted_advisory_findings(stack_file: Path) -> None:
    found = {v.rule.name for v in evaluate(stack_resources(stack_file), RULES)}
    assert found <= ACCEPTED_ADVISORIES, found


def test_the_gcp_blueprints_are_in_the_stack_files() -> None:
    assert len(GCP_BLUEPRINTS) == 4
