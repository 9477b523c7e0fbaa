"""Cloud SQL: private IP only, TLS, backups and point-in-time recovery, deletion protection, regional
availability in production, IAM database authentication, connection logging and, in production, forensic
logging and pgAudit."""

from __future__ import annotations

from typing import Any

from ..model import ADVISORY, MANDATORY, WORLD, Resource, Rule, is_unknown, rule
from .helpers import UNDECIDED, _input, _mappings

RULES: list[Rule] = []


SQL_INSTANCE = "gcp:sql/databaseInstance:DatabaseInstance"

ENFORCED_SSL_MODES = ("ENCRYPTED_ONLY", "TRUSTED_CLIENT_CERTIFICATE_REQUIRED")
# Postgres connection and lock logging (checkov CKV_GCP_51..54).
POSTGRES_LOG_FLAGS = ("log_checkpoints", "log_connections", "log_disconnections", "log_lock_waits")


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


# Forensic logging and pgAudit in production (issue #18): flag -> the values that meet the minimum.
# PostgreSQL's message levels, least severe first (postgresql.org/docs/current/runtime-config-logging.html).
_SEVERITIES = ("debug5", "debug4", "debug3", "debug2", "debug1", "info", "notice", "warning", "error", "log")
_SEVERITIES_TOP = ("fatal", "panic")
POSTGRES_AUDIT_FLAGS: dict[str, tuple[str, ...]] = {
    "log_hostname": ("on",),
    "log_statement": ("ddl", "mod", "all"),
    "log_min_messages": (*_SEVERITIES[_SEVERITIES.index("warning") :], *_SEVERITIES_TOP),
    "log_min_error_statement": (*_SEVERITIES[_SEVERITIES.index("error") :], *_SEVERITIES_TOP),
    "cloudsql.enable_pgaudit": ("on",),
}
PGAUDIT_REQUIRED_CLASSES = ("ddl", "role")


@rule(
    "gcp-sql-audit-logging-prod",
    MANDATORY,
    [SQL_INSTANCE],
    "checkov CKV_GCP_108 (log_hostname), CKV_GCP_111 (log_statement), CKV_GCP_55 and CKV_GCP_109 (log "
    "levels) and CKV_GCP_110 (pgAudit), CIS Google Cloud 6.2: a production Postgres instance records who "
    "connected from where, every schema change, errors with their statement, and pgAudit's ddl and role "
    "classes (cloud.google.com/sql/docs/postgres/pg-audit docs).",
    "Keep ManagedPostgres audit_logging (the prod profile's database_audit_logging); on a raw instance set "
    "log_hostname on, log_statement ddl, log_min_messages warning, log_min_error_statement error, "
    "cloudsql.enable_pgaudit on and pgaudit.log ddl,role.",
    into=RULES,
)
def _sql_audit_logging(resource: Resource) -> str | None:
    if not resource.is_prod or _engine(resource) != "POSTGRES":
        return None
    if _input(resource, "settings.databaseFlags") is UNDECIDED:
        return None
    flags = _flags(resource)
    wrong = [
        f"{name} {flags.get(name) or 'not set'}"
        for name, allowed in POSTGRES_AUDIT_FLAGS.items()
        if flags.get(name) is not UNDECIDED and flags.get(name) not in allowed
    ]
    classes = flags.get("pgaudit.log")
    if classes is not UNDECIDED:
        given = {c.strip() for c in str(classes or "").split(",")}
        if "all" not in given and not set(PGAUDIT_REQUIRED_CLASSES) <= given:
            needs = " and ".join(PGAUDIT_REQUIRED_CLASSES)
            wrong.append(f"pgaudit.log {classes or 'not set'} (needs {needs})")
    return f"production instance: database flags {', '.join(wrong)}" if wrong else None
