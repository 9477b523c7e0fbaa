"""The Google Cloud rules of the baseline: Cloud SQL, Memorystore, VPC firewalls and subnets, Cloud Run,
the external Application Load Balancer, Cloud Storage and Cloud CDN, project IAM, Cloud KMS, GKE, and the
name limits that Pulumi mocks do not check.

Sources (shared/reference/security-baseline.md): checkov's GCP checks (CKV_GCP_*, CKV2_GCP_*), the Pulumi
compliance policies for Google (CRP), and the AWS rules (cdk-nag, AWSGuard, checkov CKV_AWS_*) where a GCP
counterpart has no checkov check. Facts about defaults and limits come from the pulumi-gcp 10.2 SDK
docstrings and Google's API references, cited where a rule relies on them.

Values: an input absent from `inputs` takes the provider's default (e.g. Cloud SQL `sslMode` defaults to
ALLOW_UNENCRYPTED_AND_ENCRYPTED, so a missing one fails); an unknown one (None, "[unknown]") cannot be
decided and passes.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any, Final

from .model import (
    ABSENT,
    ADVISORY,
    MANDATORY,
    UNKNOWN,
    WORLD,
    Resource,
    Rule,
    is_unknown,
    lookup,
    rule,
    stack_rule,
)

RULES: list[Rule] = []

# Resource types.
SQL_INSTANCE = "gcp:sql/databaseInstance:DatabaseInstance"
REDIS = "gcp:redis/instance:Instance"
FIREWALL = "gcp:compute/firewall:Firewall"
SUBNETWORK = "gcp:compute/subnetwork:Subnetwork"
RUN_SERVICE = "gcp:cloudrunv2/service:Service"
RUN_JOB = "gcp:cloudrunv2/job:Job"
RUN_WORKER_POOL = "gcp:cloudrunv2/workerPool:WorkerPool"
RUN_SERVICE_IAM = (
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
    "gcp:cloudrunv2/serviceIamBinding:ServiceIamBinding",
    "gcp:cloudrunv2/serviceIamPolicy:ServiceIamPolicy",
)
RUN_OTHER_IAM = (
    "gcp:cloudrunv2/jobIamMember:JobIamMember",
    "gcp:cloudrunv2/jobIamBinding:JobIamBinding",
    "gcp:cloudrunv2/jobIamPolicy:JobIamPolicy",
    "gcp:cloudrunv2/workerPoolIamMember:WorkerPoolIamMember",
    "gcp:cloudrunv2/workerPoolIamBinding:WorkerPoolIamBinding",
    "gcp:cloudrunv2/workerPoolIamPolicy:WorkerPoolIamPolicy",
)
SSL_POLICIES = ("gcp:compute/sSLPolicy:SSLPolicy", "gcp:compute/regionSslPolicy:RegionSslPolicy")
HTTPS_PROXIES = (
    "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
    "gcp:compute/regionTargetHttpsProxy:RegionTargetHttpsProxy",
    "gcp:compute/targetSSLProxy:TargetSSLProxy",
)
HTTP_PROXIES = (
    "gcp:compute/targetHttpProxy:TargetHttpProxy",
    "gcp:compute/regionTargetHttpProxy:RegionTargetHttpProxy",
)
URL_MAPS = ("gcp:compute/uRLMap:URLMap", "gcp:compute/regionUrlMap:RegionUrlMap")
BACKEND_SERVICES = (
    "gcp:compute/backendService:BackendService",
    "gcp:compute/regionBackendService:RegionBackendService",
)
BACKEND_BUCKETS = (
    "gcp:compute/backendBucket:BackendBucket",
    "gcp:compute/regionBackendBucket:RegionBackendBucket",
)
BUCKET = "gcp:storage/bucket:Bucket"
BUCKET_IAM = (
    "gcp:storage/bucketIAMMember:BucketIAMMember",
    "gcp:storage/bucketIAMBinding:BucketIAMBinding",
    "gcp:storage/bucketIAMPolicy:BucketIAMPolicy",
)
RESOURCE_MANAGER_IAM = tuple(
    f"gcp:{module}/iAM{kind}:IAM{kind}"
    for module in ("projects", "folder", "organizations")
    for kind in ("Member", "Binding", "Policy")
)
CRYPTO_KEY = "gcp:kms/cryptoKey:CryptoKey"
GKE_CLUSTER = "gcp:container/cluster:Cluster"
GKE_NODE_POOL = "gcp:container/nodePool:NodePool"
SERVICE_ACCOUNT = "gcp:serviceaccount/account:Account"

PUBLIC_MEMBERS = ("allUsers", "allAuthenticatedUsers")
INVOKER_ROLE = "roles/run.invoker"
# Basic roles: thousands of permissions on every service of the project (checkov AbsGoogleBasicRoles).
BASIC_ROLES = ("roles/owner", "roles/editor", "roles/viewer")
INGRESS_ALL = "INGRESS_TRAFFIC_ALL"
INGRESS_LOAD_BALANCER = "INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER"
# Google's default service accounts: the Compute Engine one (Cloud Run's default identity) and App
# Engine's; both are often granted roles/editor on the project.
DEFAULT_SERVICE_ACCOUNT = re.compile(r"(-compute@developer|@appspot)\.gserviceaccount\.com$")
TLS_1_2_OR_LATER = ("TLS_1_2", "TLS_1_3")
ENFORCED_SSL_MODES = ("ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED")
# Postgres connection and lock logging (checkov CKV_GCP_51..54).
POSTGRES_LOG_FLAGS = ("log_checkpoints", "log_connections", "log_disconnections", "log_lock_waits")
NINETY_DAYS_SECONDS = 90 * 24 * 3600
PORT_PROTOCOLS = {"tcp", "udp", "sctp", "6", "17", "132"}  # protocols whose rules take ports
EMPTY: tuple[Any, ...] = (None, "", [], {}, 0, False)

# Name limits (the mocks accept anything):
# - service account ids: 6-30 characters matching `[a-z]([-a-z0-9]*[a-z0-9])` (provider `account_id` docs);
# - Memorystore for Redis instance ids: 1-40 lowercase letters, digits and hyphens, a letter first, no
#   hyphen last (Memorystore API CreateInstanceRequest.instance_id);
# - Cloud Run service and worker pool names under 50 characters (cloud.google.com/run/docs/deploying),
#   job names up to 63, both RFC 1035 labels;
# - Cloud SQL instance ids: lowercase letters, digits and hyphens, a letter first, at most 98 characters
#   (Cloud SQL Admin API v1: "This ID can have a maximum length of 98 characters");
# - GCS bucket names: 3-63 lowercase letters, digits, "-" and "_" (dotted names up to 222, 63 per part),
#   a letter or digit first and last, not starting with "goog" nor containing "google" or a close
#   misspelling (cloud.google.com/storage/docs/buckets#naming).
ACCOUNT_ID = re.compile(r"^[a-z](?:[-a-z0-9]{4,28}[a-z0-9])$")
REDIS_NAME = re.compile(r"^[a-z](?:[-a-z0-9]{0,38}[a-z0-9])?$")
RUN_NAME = re.compile(r"^[a-z](?:[-a-z0-9]*[a-z0-9])?$")
RUN_NAME_LIMITS = {RUN_SERVICE: 49, RUN_WORKER_POOL: 49, RUN_JOB: 63}
SQL_NAME = re.compile(r"^[a-z][-a-z0-9]*$")
SQL_NAME_LIMIT = 98
BUCKET_NAME = re.compile(r"^[a-z0-9][-a-z0-9_.]*[a-z0-9]$")
GOOGLE_LIKE = re.compile(r"g[o0][o0]g[l1]e")
# Pulumi auto-names a resource without an explicit name `<logical name>-<7 random characters>`.
AUTONAME_SUFFIX = "-0000000"

# Environment variable names that hold a secret: the last word is one of these (API_KEY, JWT_SECRET,
# DATABASE_PASSWORD, GITHUB_TOKEN ...) or the name mentions a private key; a PUBLIC one (NEXT_PUBLIC_*,
# JWT_PUBLIC_KEY) is not.
SECRET_WORDS = {
    "PASSWORD",
    "PASSWD",
    "PWD",
    "PASS",
    "PASSPHRASE",
    "SECRET",
    "TOKEN",
    "KEY",
    "APIKEY",
    "CREDENTIAL",
    "CREDENTIALS",
}
# A URL with a password in it (postgres://app:hunter2@10.0.0.3/app).
URL_WITH_PASSWORD = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://[^/\s:@]+:[^/\s@]+@")


class _Unknown:
    """An input whose value is not known yet (a preview): rules that meet one pass."""

    def __repr__(self) -> str:
        return "UNDECIDED"


UNDECIDED: Final = _Unknown()


def _input(resource: Resource | Mapping[str, Any], path: str, default: Any = None) -> Any:
    """The input at a dotted path: `default` (the provider's default) when it is absent, UNDECIDED when it,
    or an object on the way, is unknown."""
    found = lookup(resource.inputs if isinstance(resource, Resource) else resource, *path.split("."))
    if found is ABSENT:
        return default
    return UNDECIDED if isinstance(found, str) and found == UNKNOWN else found


def _items(value: Any) -> list[Any]:
    """The known elements of a list input (an unknown or absent list has none)."""
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [v for v in value if not is_unknown(v)]
    return []


def _mappings(value: Any) -> list[Mapping[str, Any]]:
    return [v for v in _items(value) if isinstance(v, Mapping)]


def _last_segment(reference: str) -> str:
    """`projects/p/global/urlMaps/web` (or a full self link) -> `web`."""
    return reference.rstrip("/").rsplit("/", 1)[-1]


def _find(resources: Iterable[Resource], reference: Any) -> tuple[Resource | None, bool]:
    """The resource a reference (a name, id or self link) points to, matched on its `name` input or, when it
    has none, on Pulumi's auto-name `<logical name>-<7 characters>`; and whether the answer is decided
    (False when the reference or a candidate's name is unknown)."""
    if not isinstance(reference, str):
        return None, False
    wanted = _last_segment(reference)
    decided = True
    for candidate in resources:
        name = _input(candidate, "name")
        if name is UNDECIDED:
            decided = False
        elif isinstance(name, str):
            if _last_segment(name) == wanted:
                return candidate, True
        elif wanted.startswith(f"{candidate.name}-") and len(wanted) == len(candidate.name) + 8:
            return candidate, True
    return None, decided


def _physical_name(resource: Resource, key: str = "name") -> tuple[str, bool] | None:
    """The name the cloud will see: the explicit input (True; the last segment of a fully qualified one), or
    a stand-in for Pulumi's auto-name with the same length (False); None when the input is unknown."""
    value = _input(resource, key)
    if value is UNDECIDED:
        return None
    if isinstance(value, str):
        return _last_segment(value), True
    return f"{resource.name}{AUTONAME_SUFFIX}", False


def _named(resource: Resource, name: str, explicit: bool) -> str:
    if explicit:
        return f"name {name!r}"
    return f"auto-name {resource.name!r} + 8 characters ({len(name)})"


def _policy_bindings(resource: Resource) -> list[tuple[Any, list[Any]]]:
    """(role, members) of an IAM Member, Binding or Policy resource (a Policy's `policyData` is JSON)."""
    if resource.type.endswith("Member"):
        return [(_input(resource, "role"), [_input(resource, "member")])]
    if resource.type.endswith("Binding"):
        return [(_input(resource, "role"), _items(_input(resource, "members")))]
    data = _input(resource, "policyData")
    if not isinstance(data, str):
        return []
    try:
        document = json.loads(data)
    except ValueError:
        return []
    if not isinstance(document, Mapping):
        return []
    return [(b.get("role"), _items(b.get("members"))) for b in _mappings(document.get("bindings"))]


def _public_grants(resource: Resource) -> list[tuple[Any, str]]:
    """(role, member) pairs of an IAM resource that grant something to allUsers or allAuthenticatedUsers."""
    return [
        (role, member)
        for role, members in _policy_bindings(resource)
        for member in members
        if member in PUBLIC_MEMBERS
    ]


def _engine(resource: Resource) -> str:
    """POSTGRES, MYSQL or SQLSERVER ("" when unknown); Cloud SQL's provider requires `databaseVersion`."""
    version = _input(resource, "databaseVersion")
    return version.split("_", 1)[0] if isinstance(version, str) else ""


def _is_replica(resource: Resource) -> bool | None:
    """Whether a Cloud SQL instance is a read replica (None when that is unknown)."""
    master = _input(resource, "masterInstanceName")
    kind = _input(resource, "instanceType")
    if master is UNDECIDED or kind is UNDECIDED:
        return None
    return bool(master) or kind == "READ_REPLICA_INSTANCE"


def _flags(resource: Resource) -> dict[str, Any]:
    """Cloud SQL database flags, name -> lowercased value (UNDECIDED when unknown)."""
    found: dict[str, Any] = {}
    for flag in _mappings(_input(resource, "settings.databaseFlags")):
        name, value = flag.get("name"), flag.get("value")
        if isinstance(name, str):
            found[name] = UNDECIDED if is_unknown(value) else str(value).lower()
    return found


# --- Cloud SQL --------------------------------------------------------------------------------------------


@rule(
    "gcp-sql-private-ip-only",
    MANDATORY,
    [SQL_INSTANCE],
    "checkov CKV_GCP_60 (public IP) with the baseline's note: Cloud SQL assigns a public IPv4 address unless "
    "ipv4Enabled is false (checkov passes it absent), and stackyard databases live on private IP only.",
    "ManagedPostgres always sets it; on a raw gcp.sql.DatabaseInstance set "
    "settings.ip_configuration.ipv4_enabled: False with a private_network.",
    into=RULES,
)
def _sql_private_ip(resource: Resource) -> str | None:
    enabled = _input(resource, "settings.ipConfiguration.ipv4Enabled")
    if enabled is UNDECIDED or enabled is False:
        return None
    if enabled is None:
        return "settings.ipConfiguration.ipv4Enabled is not set, so the instance gets a public IPv4 address"
    return "settings.ipConfiguration.ipv4Enabled is true: the instance has a public IPv4 address"


@rule(
    "gcp-sql-no-world-authorized-network",
    MANDATORY,
    [SQL_INSTANCE],
    "checkov CKV_GCP_11, cdk-nag RDS8 on AWS: an authorized network 0.0.0.0/0 lets the whole internet reach "
    "the database's public address.",
    "Remove the 0.0.0.0/0 (or ::/0) entry from settings.ip_configuration.authorized_networks; stackyard "
    "connects over private IP and needs none.",
    into=RULES,
)
def _sql_world_network(resource: Resource) -> str | None:
    for network in _mappings(_input(resource, "settings.ipConfiguration.authorizedNetworks")):
        if network.get("value") in WORLD:
            return f"settings.ipConfiguration.authorizedNetworks admits {network['value']}"
    return None


@rule(
    "gcp-sql-tls-required",
    MANDATORY,
    [SQL_INSTANCE],
    "checkov CKV_GCP_6 passes Postgres only with TRUSTED_CLIENT_CERTIFICATE_REQUIRED, but that mode adds a "
    "client-certificate identity check, not encryption: ENCRYPTED_ONLY already refuses every unencrypted "
    "connection (Cloud SQL Admin API SslMode) and stackyard's services authenticate with a Secret Manager "
    "password or IAM, so both modes pass and the default ALLOW_UNENCRYPTED_AND_ENCRYPTED fails.",
    "ManagedPostgres sets ssl_mode ENCRYPTED_ONLY; on a raw instance set settings.ip_configuration.ssl_mode "
    "to ENCRYPTED_ONLY or TRUSTED_CLIENT_CERTIFICATE_REQUIRED.",
    into=RULES,
)
def _sql_tls(resource: Resource) -> str | None:
    mode = _input(resource, "settings.ipConfiguration.sslMode", "ALLOW_UNENCRYPTED_AND_ENCRYPTED")
    if mode is UNDECIDED or mode in ENFORCED_SSL_MODES:
        return None
    return f"settings.ipConfiguration.sslMode is {mode}: unencrypted connections are accepted"


@rule(
    "gcp-sql-backups-pitr",
    MANDATORY,
    [SQL_INSTANCE],
    "checkov CKV_GCP_14, cdk-nag RDS13 and AWSGuard rds-instance-backup-enabled on AWS, and stackyard's "
    "promise of point-in-time recovery: a primary without backups and its transaction log cannot be "
    "restored (read replicas, copies of a primary, are exempt).",
    "ManagedPostgres enables both (app.database.point_in_time_recovery: true); on a raw instance set "
    "settings.backup_configuration.enabled and point_in_time_recovery_enabled (binary_log_enabled on MySQL).",
    into=RULES,
)
def _sql_backups(resource: Resource) -> str | None:
    if _is_replica(resource) is not False:
        return None
    backups = _input(resource, "settings.backupConfiguration.enabled", False)
    if backups is False:
        return "settings.backupConfiguration.enabled is not true: no automated backups"
    engine = _engine(resource)
    if engine == "MYSQL":
        key, default = "binaryLogEnabled", False
    elif engine in ("POSTGRES", "SQLSERVER"):
        # "Enabled by default for PostgreSQL Enterprise Plus and SQL Server Enterprise Plus instances"
        # (provider `point_in_time_recovery_enabled` docs).
        key, default = "pointInTimeRecoveryEnabled", _input(resource, "settings.edition") == "ENTERPRISE_PLUS"
    else:
        return None
    if _input(resource, f"settings.backupConfiguration.{key}", default) is False:
        return f"settings.backupConfiguration.{key} is not true: no point-in-time recovery"
    return None


@rule(
    "gcp-sql-deletion-protection-prod",
    MANDATORY,
    [SQL_INSTANCE],
    "cdk-nag RDS10 and checkov CKV_AWS_293 on AWS: a production database is protected both in Pulumi "
    "(deletionProtection, default true) and in Google Cloud (settings.deletionProtectionEnabled, default "
    "false), which also stops deletion from the console or gcloud.",
    "Set app.database.deletion_protection: true (the prod profile does): ManagedPostgres sets both flags.",
    into=RULES,
)
def _sql_deletion_protection(resource: Resource) -> str | None:
    if not resource.is_prod:
        return None
    missing = []
    if _input(resource, "deletionProtection", True) is False:
        missing.append("deletionProtection is false")
    if _input(resource, "settings.deletionProtectionEnabled", False) is False:
        missing.append("settings.deletionProtectionEnabled is not true")
    return f"production instance: {' and '.join(missing)}" if missing else None


@rule(
    "gcp-sql-regional-prod",
    ADVISORY,
    [SQL_INSTANCE],
    "cdk-nag RDS3 and checkov CKV_AWS_157 (Multi-AZ) on AWS: a ZONAL production primary is down while its "
    "zone is; REGIONAL keeps a standby in another zone (read replicas are exempt).",
    "Set app.database.multi_az: true (the prod profile does) for availability_type REGIONAL.",
    into=RULES,
)
def _sql_regional(resource: Resource) -> str | None:
    if not resource.is_prod or _is_replica(resource) is not False:
        return None
    availability = _input(resource, "settings.availabilityType", "ZONAL")
    if availability is UNDECIDED or availability == "REGIONAL":
        return None
    return f"production primary with settings.availabilityType {availability}"


@rule(
    "gcp-sql-iam-authentication",
    ADVISORY,
    [SQL_INSTANCE],
    "checkov CKV_AWS_161 (IAM database authentication) on AWS: with Cloud SQL IAM database authentication "
    "a service can log in as its service account instead of with a long-lived password.",
    "ManagedPostgres sets the flag; on a raw instance add the database flag cloudsql.iam_authentication=on "
    "(cloudsql_iam_authentication on MySQL).",
    into=RULES,
)
def _sql_iam_authentication(resource: Resource) -> str | None:
    flag = {"POSTGRES": "cloudsql.iam_authentication", "MYSQL": "cloudsql_iam_authentication"}.get(
        _engine(resource)
    )
    if flag is None or _input(resource, "settings.databaseFlags") is UNDECIDED:
        return None
    value = _flags(resource).get(flag)
    if value is UNDECIDED or value == "on":
        return None
    return f"database flag {flag} is {value or 'not set'}: IAM database authentication is off"


@rule(
    "gcp-sql-connection-logging",
    ADVISORY,
    [SQL_INSTANCE],
    "checkov CKV_GCP_51..54: a Postgres instance logs checkpoints, connections, disconnections and lock "
    "waits for audit and diagnosis (CKV_GCP_57's log_min_duration_statement=-1 is not required: stackyard "
    "logs slow statements on purpose).",
    "ManagedPostgres sets these flags; on a raw instance add database flags log_checkpoints, "
    "log_connections, log_disconnections and log_lock_waits = on.",
    into=RULES,
)
def _sql_connection_logging(resource: Resource) -> str | None:
    if _engine(resource) != "POSTGRES" or _input(resource, "settings.databaseFlags") is UNDECIDED:
        return None
    flags = _flags(resource)
    off = [f for f in POSTGRES_LOG_FLAGS if flags.get(f) != "on" and flags.get(f) is not UNDECIDED]
    return f"database flags not on: {', '.join(off)}" if off else None


# --- Memorystore ------------------------------------------------------------------------------------------


@rule(
    "gcp-redis-auth-enabled",
    MANDATORY,
    [REDIS],
    "checkov CKV_GCP_95, cdk-nag AEC6: without AUTH anything that reaches the instance's private address can "
    "read and write the cache (authEnabled defaults to false).",
    "RedisCache always enables AUTH; on a raw gcp.redis.Instance set auth_enabled: True and hand the AUTH "
    "string to services through Secret Manager.",
    into=RULES,
)
def _redis_auth(resource: Resource) -> str | None:
    if _input(resource, "authEnabled", False) is False:
        return "authEnabled is not true: the cache accepts unauthenticated clients"
    return None


@rule(
    "gcp-redis-transit-encryption",
    MANDATORY,
    [REDIS],
    "checkov CKV_GCP_97, cdk-nag AEC3: the AUTH string and the data cross the network in clear text unless "
    "transitEncryptionMode is SERVER_AUTHENTICATION (the default is DISABLED).",
    "RedisCache always sets it; on a raw instance set transit_encryption_mode: SERVER_AUTHENTICATION "
    "(clients then connect with TLS on port 6378 and the instance's CA).",
    into=RULES,
)
def _redis_transit(resource: Resource) -> str | None:
    mode = _input(resource, "transitEncryptionMode", "DISABLED")
    if mode is UNDECIDED or mode == "SERVER_AUTHENTICATION":
        return None
    return f"transitEncryptionMode is {mode}: traffic to the cache is not encrypted"


@rule(
    "gcp-redis-standard-ha-prod",
    ADVISORY,
    [REDIS],
    "cdk-nag AEC4 and checkov CKV2_AWS_50 (Multi-AZ, automatic failover) on AWS: a BASIC production cache "
    "has no replica and loses its data when its node fails; STANDARD_HA fails over to a replica in another "
    "zone.",
    "Set app.cache.replicas: 1 (the prod profile does), which makes the Memorystore tier STANDARD_HA.",
    into=RULES,
)
def _redis_ha(resource: Resource) -> str | None:
    if not resource.is_prod:
        return None
    tier = _input(resource, "tier", "BASIC")
    if tier is UNDECIDED or tier == "STANDARD_HA":
        return None
    return f"production cache on tier {tier}: no replica, no failover"


# --- VPC --------------------------------------------------------------------------------------------------


def _ingress_allows(resource: Resource) -> list[Mapping[str, Any]] | None:
    """The allow entries of an enabled INGRESS firewall rule (None when it is not one, or unknown)."""
    direction = _input(resource, "direction", "INGRESS")
    disabled = _input(resource, "disabled", False)
    if direction != "INGRESS" or disabled is not False:
        return None
    return _mappings(_input(resource, "allows"))


@rule(
    "gcp-firewall-no-world-ingress",
    MANDATORY,
    [FIREWALL],
    "checkov CKV_GCP_2/3/106 and CKV2_GCP_12, cdk-nag EC23: no ingress allow rule admits 0.0.0.0/0 or ::/0 "
    "(Google's external Application Load Balancer is a proxy and needs only the health-check ranges; deny "
    "rules such as stackyard's deny-all are fine).",
    "Allow only the sources that need the port (e.g. 35.191.0.0/16 and 130.211.0.0/22 for health checks) "
    "through Vpc's firewall rules; never open a port to the internet.",
    into=RULES,
)
def _firewall_world(resource: Resource) -> str | None:
    if not _ingress_allows(resource):
        return None
    world = [r for r in _items(_input(resource, "sourceRanges")) if r in WORLD]
    return f"ingress allow rule from {', '.join(world)}" if world else None


def _all_ports(allow: Mapping[str, Any]) -> bool:
    protocol = str(allow.get("protocol", "")).lower()
    if protocol == "all":
        return True
    if protocol not in PORT_PROTOCOLS or ("ports" in allow and is_unknown(allow["ports"])):
        return False
    ports = [str(p) for p in _items(allow.get("ports"))]
    return not ports or any(p in ("0-65535", "1-65535") for p in ports)


@rule(
    "gcp-firewall-no-all-ports",
    MANDATORY,
    [FIREWALL],
    "checkov CKV2_GCP_12 and CKV_AWS_277 on AWS: an ingress allow rule names its protocol and ports, so a "
    "new listener is never exposed by accident (least privilege, DESIGN.md).",
    "List the protocol and the ports the target needs in the rule's allows (tcp 5432, tcp 8080 ...); use a "
    "deny rule, not an allow, to cover all protocols.",
    into=RULES,
)
def _firewall_all_ports(resource: Resource) -> str | None:
    for allow in _ingress_allows(resource) or []:
        if _all_ports(allow):
            return f"ingress allow rule for every port of protocol {allow.get('protocol')}"
    return None


def _is_private_subnet(resource: Resource) -> bool:
    # Proxy-only and Private Service Connect subnets take neither flow logs nor Private Google Access.
    return _input(resource, "purpose", "PRIVATE") == "PRIVATE"


@rule(
    "gcp-subnet-flow-logs",
    ADVISORY,
    [SUBNETWORK],
    "checkov CKV_GCP_26 (and CKV2_AWS_11 on AWS): VPC flow logs record who talked to whom, for incident "
    "response.",
    "Vpc enables flow logs on its subnets (app.network.flow_logs); on a raw subnetwork set log_config.",
    into=RULES,
)
def _subnet_flow_logs(resource: Resource) -> str | None:
    if not _is_private_subnet(resource):
        return None
    # A log_config block, even empty, turns flow logs on with default settings.
    config = _input(resource, "logConfig")
    if config is UNDECIDED or isinstance(config, Mapping):
        return None
    return "no logConfig: VPC flow logs are off"


@rule(
    "gcp-subnet-private-google-access",
    ADVISORY,
    [SUBNETWORK],
    "checkov CKV_GCP_74: workloads without public addresses reach Google APIs (Secret Manager, Cloud "
    "Storage, Artifact Registry) through Private Google Access instead of needing NAT.",
    "Vpc sets it on its subnets; on a raw subnetwork set private_ip_google_access: True.",
    into=RULES,
)
def _subnet_private_access(resource: Resource) -> str | None:
    if not _is_private_subnet(resource):
        return None
    if _input(resource, "privateIpGoogleAccess", False) is False:
        return "privateIpGoogleAccess is not true"
    return None


# --- Cloud Run --------------------------------------------------------------------------------------------


def _run_template(resource: Resource) -> Any:
    """The revision (service, worker pool) or task (job) template holding containers and identity."""
    return _input(resource, "template.template" if resource.type == RUN_JOB else "template")


@rule(
    "gcp-cloudrun-ingress-not-all",
    MANDATORY,
    [RUN_SERVICE],
    "Cloud Run v2 has no checkov check (security-baseline.md): with INGRESS_TRAFFIC_ALL (the default) the "
    "internet reaches the run.app URL directly, around the load balancer's TLS policy and Cloud Armor.",
    "ContainerService sets INTERNAL_LOAD_BALANCER for public services and INTERNAL_ONLY otherwise; do not "
    "override ingress (e.g. through a transform).",
    into=RULES,
)
def _run_ingress(resource: Resource) -> str | None:
    ingress = _input(resource, "ingress", INGRESS_ALL)
    if ingress == INGRESS_ALL:
        return f"ingress is {INGRESS_ALL}: the run.app URL is open to the internet"
    return None


@rule(
    "gcp-cloudrun-dedicated-service-account",
    MANDATORY,
    [RUN_SERVICE, RUN_JOB, RUN_WORKER_POOL],
    "checkov CKV_GCP_30 (instances without the default service account): without its own service account a "
    "Cloud Run workload runs as the Compute Engine default one, often a project Editor, instead of with "
    "least privilege.",
    "ContainerService creates one service account per service; on a raw resource set "
    "template.service_account to a dedicated account.",
    into=RULES,
)
def _run_service_account(resource: Resource) -> str | None:
    template = _run_template(resource)
    if template is UNDECIDED:
        return None
    account = _input(template, "serviceAccount") if isinstance(template, Mapping) else None
    if account is UNDECIDED:
        return None
    if not account:
        return "no service account: it runs as the Compute Engine default service account"
    if DEFAULT_SERVICE_ACCOUNT.search(str(account)):
        return f"runs as the default service account {account}"
    return None


def _secret_like(name: str) -> bool:
    upper = name.upper()
    words = [w for w in re.split(r"[^A-Z0-9]+", upper) if w]
    if not words or "PUBLIC" in words:
        return False
    return words[-1] in SECRET_WORDS or "PRIVATE_KEY" in upper or "PRIVATEKEY" in upper


def _plaintext_secret(env: Mapping[str, Any]) -> str | None:
    name, value = env.get("name"), env.get("value")
    if not isinstance(name, str) or not isinstance(value, str) or not value or value == UNKNOWN:
        return None
    if value == "[secret]":
        return f"{name} holds a secret value in plain text"
    if URL_WITH_PASSWORD.match(value):
        return f"{name} holds a URL with a password in it"
    if _secret_like(name) and "/secrets/" not in value:
        return f"{name} looks like a secret and has a literal value"
    return None


@rule(
    "gcp-cloudrun-no-plaintext-secrets",
    MANDATORY,
    [RUN_SERVICE, RUN_JOB, RUN_WORKER_POOL],
    "cdk-nag ECS2 and checkov CKV_K8S_35 counterparts, DESIGN.md (secrets only by reference): a plain "
    "environment value is visible to anyone who can read the service, in its revisions and in the state.",
    "Pass it as a secret (app.services.<name>.secrets, stored in Secret Manager and read through "
    "value_source.secret_key_ref), never in environment.",
    into=RULES,
)
def _run_plaintext_secrets(resource: Resource) -> str | None:
    template = _run_template(resource)
    if not isinstance(template, Mapping):
        return None
    for container in _mappings(template.get("containers")):
        for env in _mappings(container.get("envs")):
            found = _plaintext_secret(env)
            if found:
                return f"container {container.get('name') or '(unnamed)'}: {found}"
    return None


@stack_rule(
    "gcp-cloudrun-public-invoker-behind-lb",
    MANDATORY,
    [RUN_SERVICE, *RUN_SERVICE_IAM, *RUN_OTHER_IAM],
    "checkov CKV_GCP_102 forbids allUsers on Cloud Run (v1 only; no v2 check): a load balancer carries no "
    "Google identity, so a public stackyard service lets allUsers invoke it, which is safe only when its "
    "ingress is INGRESS_TRAFFIC_INTERNAL_LOAD_BALANCER and the internet can come in only through the load "
    "balancer.",
    "Grant allUsers/allAuthenticatedUsers only roles/run.invoker and only on a service with ingress "
    "INTERNAL_LOAD_BALANCER (ContainerService does both for public: true); otherwise grant named members.",
    into=RULES,
)
def _run_public_invoker(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    services = [r for r in resources if r.type == RUN_SERVICE]
    for resource in resources:
        if resource.type == RUN_SERVICE:
            if _input(resource, "invokerIamDisabled") is True:
                ingress = _input(resource, "ingress", INGRESS_ALL)
                if ingress not in (UNDECIDED, INGRESS_LOAD_BALANCER):
                    yield resource, f"invokerIamDisabled with ingress {ingress}: anyone may invoke it"
            continue
        grants = _public_grants(resource)
        if not grants:
            continue
        if resource.type in RUN_OTHER_IAM:
            yield resource, f"{grants[0][1]} is granted {grants[0][0]} on a Cloud Run job or worker pool"
            continue
        for role, member in grants:
            if role not in (UNDECIDED, INVOKER_ROLE):
                yield resource, f"{member} is granted {role} on a Cloud Run service"
        if not any(role == INVOKER_ROLE for role, _ in grants):
            continue
        member = grants[0][1]
        reference = _input(resource, "name")
        service, decided = _find(services, reference)
        if service is None:
            if decided:
                message = f"{member} may invoke Cloud Run service {reference!r}, which is not in this stack"
                yield resource, f"{message}: its ingress cannot be checked"
            continue
        ingress = _input(service, "ingress", INGRESS_ALL)
        if ingress not in (UNDECIDED, INGRESS_LOAD_BALANCER):
            yield resource, f"{member} may invoke Cloud Run service {reference!r} whose ingress is {ingress}"


@rule(
    "gcp-cloudrun-vpc-egress",
    ADVISORY,
    [RUN_SERVICE, RUN_JOB, RUN_WORKER_POOL],
    "Cloud Run v2 has no checkov check (security-baseline.md: VPC egress needs stackyard's own policy): "
    "without VPC access a workload cannot reach the private Cloud SQL and Memorystore, and its outbound "
    "traffic bypasses the VPC's firewall rules and Cloud NAT.",
    "ContainerService adds direct VPC egress when it gets a network (the stacks always pass one); on a raw "
    "resource set template.vpc_access.network_interfaces.",
    into=RULES,
)
def _run_vpc_egress(resource: Resource) -> str | None:
    template = _run_template(resource)
    if not isinstance(template, Mapping):
        return None
    access = _input(template, "vpcAccess")
    if access is UNDECIDED:
        return None
    if isinstance(access, Mapping) and (access.get("connector") or access.get("networkInterfaces")):
        return None
    return "no VPC access (template.vpcAccess): egress does not go through the VPC"


# --- Load balancing ---------------------------------------------------------------------------------------


@rule(
    "gcp-lb-ssl-policy-tls12",
    MANDATORY,
    [*SSL_POLICIES],
    "checkov CKV_GCP_4 and CRP aws-lb-listener-configure-secure-tls on AWS: TLS 1.0 and 1.1 are deprecated "
    "(the default minTlsVersion is TLS_1_0); the baseline asks for TLS 1.2 or later.",
    "Set min_tls_version TLS_1_2 (LoadBalancer and CdnSite do, with the MODERN profile) or TLS_1_3.",
    into=RULES,
)
def _ssl_policy(resource: Resource) -> str | None:
    version = _input(resource, "minTlsVersion", "TLS_1_0")
    if version is UNDECIDED or version in TLS_1_2_OR_LATER:
        return None
    return f"minTlsVersion is {version}: clients may negotiate TLS below 1.2"


@rule(
    "gcp-lb-https-proxy-ssl-policy",
    MANDATORY,
    [*HTTPS_PROXIES],
    "checkov CKV_AWS_103 on AWS: a proxy without an SSL policy uses Google's default (COMPATIBLE, TLS 1.0), "
    "so every HTTPS/SSL proxy names a policy that gcp-lb-ssl-policy-tls12 checks.",
    "LoadBalancer and CdnSite attach their TLS 1.2 policy; on a raw proxy set ssl_policy to a "
    "gcp.compute.SSLPolicy with min_tls_version TLS_1_2.",
    into=RULES,
)
def _https_proxy_ssl_policy(resource: Resource) -> str | None:
    policy = _input(resource, "sslPolicy")
    if policy is UNDECIDED or policy:
        return None
    return "no sslPolicy: Google's default policy accepts TLS 1.0"


def _serves_only_redirect(url_map: Resource) -> str | None:
    """Why a URL map does more than redirect everything to HTTPS (None when it only redirects)."""
    if _input(url_map, "defaultUrlRedirect.httpsRedirect", False) is not True:
        return "has no defaultUrlRedirect with httpsRedirect true"
    for key in ("defaultService", "defaultRouteAction", "hostRules", "pathMatchers"):
        value = _input(url_map, key)
        if value is not UNDECIDED and value not in EMPTY:
            return f"also routes requests ({key})"
    return None


@stack_rule(
    "gcp-lb-http-redirects-only",
    MANDATORY,
    [*HTTP_PROXIES, *URL_MAPS],
    "checkov CKV_AWS_2 and CKV2_AWS_20, AWSGuard alb-http-to-https-redirection on AWS: a plain-HTTP proxy "
    "only redirects to HTTPS, so nothing is ever served unencrypted.",
    "Point the HTTP proxy at a URL map with only default_url_redirect {https_redirect: True} (LoadBalancer "
    "and CdnSite create one); serve content only through the HTTPS proxy.",
    into=RULES,
)
def _http_redirect_only(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    url_maps = [r for r in resources if r.type in URL_MAPS]
    for proxy in resources:
        if proxy.type not in HTTP_PROXIES:
            continue
        reference = _input(proxy, "urlMap")
        url_map, decided = _find(url_maps, reference)
        if url_map is None:
            if decided:
                yield proxy, f"its URL map {reference!r} is not in this stack: the redirect cannot be checked"
            continue
        problem = _serves_only_redirect(url_map)
        if problem:
            yield proxy, f"plain-HTTP proxy whose URL map {_last_segment(str(reference))!r} {problem}"


@rule(
    "gcp-lb-backend-logging",
    ADVISORY,
    [*BACKEND_SERVICES],
    "cdk-nag ELB2, checkov CKV_AWS_91 and AWSGuard elb-logging-enabled on AWS: request logs of the load "
    "balancer are the record of who called what.",
    "LoadBalancer enables logging on its backend services; on a raw one set log_config {enable: True}.",
    into=RULES,
)
def _backend_logging(resource: Resource) -> str | None:
    enabled = _input(resource, "logConfig.enable", False)
    if enabled is UNDECIDED or enabled is True:
        return None
    return "logConfig.enable is not true: the load balancer does not log requests"


def _is_public_http_backend(resource: Resource) -> bool:
    default = "EXTERNAL_MANAGED" if resource.type == BACKEND_SERVICES[0] else "INTERNAL"
    scheme = _input(resource, "loadBalancingScheme", default)
    protocol = _input(resource, "protocol", "HTTP")
    return scheme in ("EXTERNAL", "EXTERNAL_MANAGED") and protocol in ("HTTP", "HTTPS", "HTTP2", "H2C")


@rule(
    "gcp-lb-cloud-armor",
    ADVISORY,
    [*BACKEND_SERVICES],
    "checkov CKV2_AWS_28 (WAF on internet-facing ALBs) and cdk-nag CFR2 on AWS: a Cloud Armor policy puts "
    "the OWASP rules and a per-client rate limit in front of a public backend.",
    "Set app.site.waf: true (a SecurityPolicy on every public service's backend), or pass security_policy to "
    "ContainerService.",
    into=RULES,
)
def _cloud_armor(resource: Resource) -> str | None:
    if not _is_public_http_backend(resource):
        return None
    policy = _input(resource, "securityPolicy")
    return None if policy is UNDECIDED or policy else "public backend service without a Cloud Armor policy"


# --- Cloud Storage and Cloud CDN --------------------------------------------------------------------------


@rule(
    "gcp-storage-uniform-access",
    MANDATORY,
    [BUCKET],
    "checkov CKV_GCP_29: with uniform bucket-level access only IAM decides who reads objects, and no object "
    "ACL can make one public.",
    "Bucket and CdnSite always set it; on a raw bucket set uniform_bucket_level_access: True.",
    into=RULES,
)
def _bucket_uniform(resource: Resource) -> str | None:
    if _input(resource, "uniformBucketLevelAccess", False) is False:
        return "uniformBucketLevelAccess is not true: object ACLs can grant access"
    return None


@rule(
    "gcp-storage-public-access-prevention",
    MANDATORY,
    [BUCKET],
    "checkov CKV_GCP_114 and CRP gcp-storage-bucket-enforce-public-access-prevention (critical): an enforced "
    "bucket can never be made public, even by mistake; the CDN reads it through its service agent.",
    "Bucket and CdnSite always enforce it; on a raw bucket set public_access_prevention: enforced.",
    into=RULES,
)
def _bucket_public_access_prevention(resource: Resource) -> str | None:
    value = _input(resource, "publicAccessPrevention", "inherited")
    if value is UNDECIDED or value == "enforced":
        return None
    return f"publicAccessPrevention is {value}, not enforced"


@rule(
    "gcp-storage-no-public-members",
    MANDATORY,
    [*BUCKET_IAM],
    "checkov CKV_GCP_28: allUsers or allAuthenticatedUsers on a bucket publishes its objects to the "
    "internet; stackyard serves public files through Cloud CDN from a private bucket.",
    "Grant named members only (Bucket.grant_read / grant_put / grant_read_write); serve public files "
    "through CdnSite.",
    into=RULES,
)
def _bucket_public_members(resource: Resource) -> str | None:
    grants = _public_grants(resource)
    if grants:
        role, member = grants[0]
        return f"{member} is granted {role} on the bucket"
    return None


def _expires_everything(resource: Resource) -> bool:
    """Whether a lifecycle rule deletes every object after an age (scratch or log buckets)."""
    for lifecycle in _mappings(_input(resource, "lifecycleRules")):
        action, condition = lifecycle.get("action"), lifecycle.get("condition")
        if not isinstance(action, Mapping) or action.get("type") != "Delete":
            continue
        if not isinstance(condition, Mapping) or is_unknown(condition.get("age")):
            continue
        # Only an age, on every object: no other (non-empty) condition narrows what expires (the send*IfZero
        # flags only say how zeros are sent).
        others = [
            v
            for k, v in condition.items()
            if k not in ("age", "withState") and not k.startswith("send") and v not in EMPTY
        ]
        if not others and condition.get("withState", "ANY") in ("ANY", "LIVE"):
            return True
    return False


@rule(
    "gcp-storage-versioning",
    ADVISORY,
    [BUCKET],
    "checkov CKV_GCP_78: a data bucket keeps previous object versions, so an overwrite or a delete can be "
    "undone (buckets whose objects all expire by design are exempt).",
    "Set versioned: true on the bucket (app.buckets.<name>.versioned, the default).",
    into=RULES,
)
def _bucket_versioning(resource: Resource) -> str | None:
    enabled = _input(resource, "versioning.enabled", False)
    if enabled is UNDECIDED or enabled is True or _expires_everything(resource):
        return None
    return "versioning is not enabled: overwritten or deleted objects are lost"


@stack_rule(
    "gcp-cdn-private-origin",
    ADVISORY,
    [*BACKEND_BUCKETS, BUCKET],
    "CRP gcp-storage-bucket-enforce-public-access-prevention and cdk-nag CFR7 (origin access control) on "
    "AWS: Cloud CDN reads a private bucket through the load balancer's service agent, so the bucket it "
    "serves enforces public access prevention; advisory because the bucket may be managed outside the "
    "stack (then the rule cannot see it), and one in the stack is already held to the mandatory "
    "gcp-storage-public-access-prevention.",
    "Serve a bucket of this stack with public_access_prevention enforced (CdnSite creates one and grants the "
    "load balancer's service agent roles/storage.objectViewer).",
    into=RULES,
)
def _cdn_private_origin(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    buckets = [r for r in resources if r.type == BUCKET]
    for backend in resources:
        if backend.type not in BACKEND_BUCKETS or _input(backend, "enableCdn", False) is not True:
            continue
        reference = _input(backend, "bucketName")
        bucket, decided = _find(buckets, reference)
        if bucket is None:
            if decided:
                yield backend, f"Cloud CDN serves bucket {reference!r}, which is not in this stack"
            continue
        prevention = _input(bucket, "publicAccessPrevention", "inherited")
        if prevention not in (UNDECIDED, "enforced"):
            yield backend, f"Cloud CDN serves bucket {reference!r} with publicAccessPrevention {prevention}"


# --- IAM, KMS ---------------------------------------------------------------------------------------------


@rule(
    "gcp-iam-no-basic-roles-for-service-accounts",
    MANDATORY,
    [*RESOURCE_MANAGER_IAM],
    "checkov CKV_GCP_117/115/116 (basic roles at project, organization, folder level) and CKV_GCP_42 (no "
    "service account with admin rights): owner, editor and viewer hold thousands of permissions on every "
    "service, the opposite of least privilege.",
    "Grant the service account the predefined roles it needs (ContainerService's project_roles, "
    "Bucket.grant_*, the secret accessor on its secrets) instead of roles/owner, roles/editor or "
    "roles/viewer.",
    into=RULES,
)
def _iam_basic_roles(resource: Resource) -> str | None:
    for role, members in _policy_bindings(resource):
        if role not in BASIC_ROLES:
            continue
        for member in members:
            if isinstance(member, str) and member.startswith("serviceAccount:"):
                return f"{member} is granted the basic role {role}"
    return None


def _seconds(duration: Any) -> float | None:
    """A protobuf duration ("7776000s", "86400.5s") in seconds."""
    if not isinstance(duration, str) or not duration.endswith("s"):
        return None
    try:
        return float(duration[:-1])
    except ValueError:
        return None


@rule(
    "gcp-kms-key-rotation",
    MANDATORY,
    [CRYPTO_KEY],
    "checkov CKV_GCP_43: a symmetric encryption key rotates at least every 90 days, which limits what one "
    "compromised key version exposes (Cloud KMS rotates neither asymmetric nor imported keys, so they are "
    "exempt).",
    "Set rotation_period to at most 7776000s (90 days) on the gcp.kms.CryptoKey.",
    into=RULES,
)
def _kms_rotation(resource: Resource) -> str | None:
    purpose = _input(resource, "purpose", "ENCRYPT_DECRYPT")
    if purpose != "ENCRYPT_DECRYPT" or _input(resource, "importOnly", False) is not False:
        return None
    period = _input(resource, "rotationPeriod")
    if period is UNDECIDED:
        return None
    if period is None:
        return "no rotationPeriod: the key never rotates"
    seconds = _seconds(period)
    if seconds is not None and seconds > NINETY_DAYS_SECONDS:
        return f"rotationPeriod {period} is longer than 90 days (7776000s)"
    return None


# --- GKE --------------------------------------------------------------------------------------------------


@rule(
    "gcp-gke-private-nodes",
    MANDATORY,
    [GKE_CLUSTER, GKE_NODE_POOL],
    "checkov CKV_GCP_25 and CKV_GCP_64: nodes have internal addresses only, so no node is reachable from "
    "the internet (egress goes through Cloud NAT).",
    "KubernetesCluster creates a private cluster; on a raw cluster set private_cluster_config "
    "{enable_private_nodes: True} and do not turn it off in a node pool's network_config.",
    into=RULES,
)
def _gke_private_nodes(resource: Resource) -> str | None:
    if resource.type == GKE_NODE_POOL:
        if _input(resource, "networkConfig.enablePrivateNodes") is False:
            return "networkConfig.enablePrivateNodes is false: the pool's nodes get public addresses"
        return None
    private = _input(resource, "privateClusterConfig.enablePrivateNodes", False)
    if private is False:
        return "privateClusterConfig.enablePrivateNodes is not true: nodes get public addresses"
    for pool in _mappings(_input(resource, "nodePools")):
        if _input(pool, "networkConfig.enablePrivateNodes") is False:
            return f"node pool {pool.get('name', '')!r} turns private nodes off"
    return None


@rule(
    "gcp-gke-control-plane-not-open",
    MANDATORY,
    [GKE_CLUSTER],
    "checkov CKV_GCP_18: no master authorized network 0.0.0.0/0, and not every Google Cloud public address "
    "(gcpPublicCidrsAccessEnabled), may reach the Kubernetes API.",
    "KubernetesCluster keeps the endpoint private; otherwise list only your own ranges in "
    "master_authorized_networks_config and set gcp_public_cidrs_access_enabled: False.",
    into=RULES,
)
def _gke_control_plane(resource: Resource) -> str | None:
    config = _input(resource, "masterAuthorizedNetworksConfig")
    if not isinstance(config, Mapping):
        return None
    world = [b.get("cidrBlock") for b in _mappings(config.get("cidrBlocks")) if b.get("cidrBlock") in WORLD]
    if world:
        return f"master authorized network {world[0]}: the API server is open to the internet"
    if config.get("gcpPublicCidrsAccessEnabled") is True:
        return "gcpPublicCidrsAccessEnabled: any Google Cloud public address may reach the API server"
    return None


@rule(
    "gcp-gke-master-authorized-networks",
    ADVISORY,
    [GKE_CLUSTER],
    "checkov CKV_GCP_20: a cluster with a public control-plane endpoint limits it to master authorized "
    "networks.",
    "Keep the endpoint private (KubernetesCluster does), or set master_authorized_networks_config with your "
    "ranges.",
    into=RULES,
)
def _gke_authorized_networks(resource: Resource) -> str | None:
    private_endpoint = _input(resource, "privateClusterConfig.enablePrivateEndpoint", False)
    ip_endpoints = _input(resource, "controlPlaneEndpointsConfig.ipEndpointsConfig.enabled", True)
    config = _input(resource, "masterAuthorizedNetworksConfig")
    if private_endpoint is not False or ip_endpoints is not True or config is UNDECIDED:
        return None
    if isinstance(config, Mapping):
        return None
    return "public control-plane endpoint without masterAuthorizedNetworksConfig"


# --- Name limits ------------------------------------------------------------------------------------------


@rule(
    "gcp-name-service-account-id",
    MANDATORY,
    [SERVICE_ACCOUNT],
    "IAM refuses a service account id that is not 6-30 lowercase letters, digits and hyphens starting with "
    "a letter (provider account_id docs), and the mocks accept any.",
    "ContainerService derives a valid id from the component name (components.naming.physical_name); give "
    "a raw account such an account_id.",
    into=RULES,
)
def _name_service_account(resource: Resource) -> str | None:
    account_id = _input(resource, "accountId")
    # An absent accountId is auto-named by the provider within the limits.
    if not isinstance(account_id, str) or ACCOUNT_ID.match(account_id):
        return None
    return f"accountId {account_id!r} ({len(account_id)} characters) is not 6-30 of [a-z0-9-], a letter first"


@rule(
    "gcp-name-redis-instance",
    MANDATORY,
    [REDIS],
    "Memorystore refuses an instance id longer than 40 characters or not made of lowercase letters, digits "
    "and hyphens starting with a letter (Memorystore API instance_id), and the mocks accept any.",
    "RedisCache names the instance <name>-cache within 40 characters; give a raw instance such a name.",
    into=RULES,
)
def _name_redis(resource: Resource) -> str | None:
    found = _physical_name(resource)
    if found is None or REDIS_NAME.match(found[0]):
        return None
    return f"{_named(resource, *found)} is not 1-40 of [a-z0-9-], a letter first, no hyphen last"


@rule(
    "gcp-name-cloudrun",
    MANDATORY,
    [RUN_SERVICE, RUN_WORKER_POOL, RUN_JOB],
    "Cloud Run refuses a service or worker pool name of 50 characters or more and a job name over 63 "
    "(cloud.google.com/run/docs/deploying), and the mocks accept any.",
    "ContainerService shortens the name with a hash (components.naming.physical_name); give a raw resource a "
    "shorter name.",
    into=RULES,
)
def _name_cloudrun(resource: Resource) -> str | None:
    found = _physical_name(resource)
    if found is None:
        return None
    name, limit = found[0], RUN_NAME_LIMITS[resource.type]
    if len(name) <= limit and RUN_NAME.match(name):
        return None
    return f"{_named(resource, *found)} is not at most {limit} of [a-z0-9-], a letter first"


@rule(
    "gcp-name-sql-instance",
    MANDATORY,
    [SQL_INSTANCE],
    "Cloud SQL refuses an instance id longer than 98 characters or not made of lowercase letters, digits "
    "and hyphens starting with a letter (Cloud SQL Admin API), and the mocks accept any.",
    "ManagedPostgres names the instance <name>-db within 63 characters; give a raw instance such a name.",
    into=RULES,
)
def _name_sql(resource: Resource) -> str | None:
    found = _physical_name(resource)
    if found is None:
        return None
    if len(found[0]) <= SQL_NAME_LIMIT and SQL_NAME.match(found[0]):
        return None
    return f"{_named(resource, *found)} is not at most {SQL_NAME_LIMIT} of [a-z0-9-], a letter first"


def _bucket_name_problem(name: str) -> str | None:
    parts = name.split(".")
    if len(name) > (222 if len(parts) > 1 else 63) or len(name) < 3 or any(len(p) > 63 for p in parts):
        return "is not 3-63 characters (222 with dots, 63 per part)"
    if not BUCKET_NAME.match(name) or any(not p for p in parts):
        return "is not lowercase letters, digits, '-', '_' and '.', a letter or digit first and last"
    if name.startswith("goog") or GOOGLE_LIKE.search(name):
        return "starts with 'goog' or contains 'google'"
    return None


@rule(
    "gcp-name-storage-bucket",
    MANDATORY,
    [BUCKET],
    "Cloud Storage refuses a bucket name that is not 3-63 lowercase letters, digits, '-' and '_', or that "
    "starts with 'goog' or contains 'google' (cloud.google.com/storage/docs/buckets#naming), and the mocks "
    "accept any.",
    "Bucket keeps auto-names within 63 characters; give bucket_name (or a shorter component name) that fits.",
    into=RULES,
)
def _name_bucket(resource: Resource) -> str | None:
    found = _physical_name(resource)
    if found is None:
        return None
    name, explicit = found
    problem = _bucket_name_problem(name if explicit else name.lower())
    return f"{_named(resource, *found)} {problem}" if problem else None
