"""The AWS data tier: RDS instances and parameter groups, ElastiCache replication groups."""

from __future__ import annotations

from ..model import ADVISORY, MANDATORY, Resource, Rule, rule
from .helpers import _int, _items, _mapping, _must_be_true, _name_length, _raw, _show, _unknown

RULES: list[Rule] = []


RDS_INSTANCE = "aws:rds/instance:Instance"
RDS_PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup"
REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"

# ElastiCache: "A name must contain from 1 to 40 alphanumeric characters or hyphens" (CreateReplicationGroup).
REPLICATION_GROUP_ID_LIMIT = 40
# RDS DB instance identifiers: 1-63 characters; `identifierPrefix` at most 37 (37 + 26 = 63).
RDS_IDENTIFIER_LIMIT = 63
RDS_PREFIX_LIMIT = 37


def _is_replica(resource: Resource) -> bool:
    """An RDS read replica (or one whose source is not known yet)."""
    return _raw(resource, "replicateSourceDb") is not None


# -- RDS -----------------------------------------------------------------------------------------------------


@rule(
    "aws-rds-storage-encrypted",
    MANDATORY,
    [RDS_INSTANCE],
    "Data at rest must be encrypted (checkov CKV_AWS_16, cdk-nag RDS2, AWSGuard rds-storage-encrypted).",
    "set storageEncrypted: true (stackyard's ManagedPostgres always does, with its own KMS key)",
    RULES,
)
def _rds_encrypted(resource: Resource) -> str | None:
    if _is_replica(resource) and _raw(resource, "storageEncrypted") is None:
        return None  # a replica inherits its source's encryption
    return _must_be_true(resource, "storageEncrypted")


@rule(
    "aws-rds-not-public",
    MANDATORY,
    [RDS_INSTANCE],
    "Databases live in private subnets only (checkov CKV_AWS_17, AWSGuard rds-instance-public-access, "
    "CRP aws-rds-instance-disallow-public-access).",
    "set publiclyAccessible: false and reach the database from inside the VPC (db.allow_from(...))",
    RULES,
)
def _rds_not_public(resource: Resource) -> str | None:
    return "publiclyAccessible is true" if _raw(resource, "publiclyAccessible") is True else None


@rule(
    "aws-rds-backups",
    MANDATORY,
    [RDS_INSTANCE],
    "Automated backups give point-in-time recovery (cdk-nag RDS13, checkov CKV_AWS_133, AWSGuard "
    "rds-instance-backup-enabled); read replicas are exempt, their source keeps the backups.",
    "set app.database.backup_retention_days to 1-35 (the profiles use 3 / 14)",
    RULES,
)
def _rds_backups(resource: Resource) -> str | None:
    if _is_replica(resource):
        return None
    value = _raw(resource, "backupRetentionPeriod")
    if _unknown(value):
        return None
    days = _int(value)
    if days is None:
        return "backupRetentionPeriod is not set (the provider's default is 0: no backups)"
    return f"backupRetentionPeriod is {days}: no automated backups" if days < 1 else None


@rule(
    "aws-rds-deletion-protection-prod",
    MANDATORY,
    [RDS_INSTANCE],
    "A production database must not be deletable by one call, its read replicas included: they serve the "
    "reads, and a cross-region one is the disaster-recovery copy (checkov CKV_AWS_293, cdk-nag RDS10, "
    "issue #18).",
    "set app.database.deletion_protection: true (the prod profile does; ManagedPostgres gives it to the "
    "replicas too)",
    RULES,
)
def _rds_deletion_protection(resource: Resource) -> str | None:
    if not resource.is_prod:
        return None
    return _must_be_true(resource, "deletionProtection")


@rule(
    "aws-rds-multi-az-prod",
    ADVISORY,
    [RDS_INSTANCE],
    "A production database survives a zone failure with a standby (checkov CKV_AWS_157, cdk-nag RDS3, "
    "AWSGuard rds-instance-multi-az-enabled); replicas are exempt.",
    "set app.database.multi_az: true (the prod profile does)",
    RULES,
)
def _rds_multi_az(resource: Resource) -> str | None:
    if not resource.is_prod or _is_replica(resource):
        return None
    return _must_be_true(resource, "multiAz")


@rule(
    "aws-rds-iam-auth",
    ADVISORY,
    [RDS_INSTANCE],
    "IAM database authentication allows short-lived tokens instead of long-lived passwords (checkov "
    "CKV_AWS_161).",
    "set iamDatabaseAuthenticationEnabled: true (stackyard's ManagedPostgres does)",
    RULES,
)
def _rds_iam_auth(resource: Resource) -> str | None:
    return _must_be_true(resource, "iamDatabaseAuthenticationEnabled")


@rule(
    "aws-rds-postgres-force-ssl",
    MANDATORY,
    [RDS_PARAMETER_GROUP],
    "PostgreSQL must refuse unencrypted connections, stated explicitly in its parameter group (checkov "
    "CKV2_AWS_69).",
    "set rds.force_ssl = 1 in the parameter group (ManagedPostgres does; app.database.parameters cannot "
    "turn it off)",
    RULES,
)
def _rds_force_ssl(resource: Resource) -> str | None:
    family = _raw(resource, "family")
    if not isinstance(family, str) or not family.startswith("postgres"):
        return None
    parameters = _raw(resource, "parameters")
    if _unknown(parameters):
        return None
    for parameter in _items(parameters):
        entry = _mapping(parameter)
        if entry.get("name") == "rds.force_ssl":
            value = entry.get("value")
            if _unknown(value) or str(value) == "1":
                return None
            return f"rds.force_ssl is {_show(value)}"
    return "rds.force_ssl is not set"


@rule(
    "aws-rds-identifier-length",
    MANDATORY,
    [RDS_INSTANCE],
    "RDS accepts DB instance identifiers of at most 63 characters (identifierPrefix at most 37), a limit the "
    "mocks do not check.",
    "shorten app.name (ManagedPostgres names the instance <name>-db)",
    RULES,
)
def _rds_identifier(resource: Resource) -> str | None:
    return _name_length(resource, "identifier", RDS_IDENTIFIER_LIMIT, "identifierPrefix", RDS_PREFIX_LIMIT)


# -- ElastiCache ---------------------------------------------------------------------------------------------


@rule(
    "aws-elasticache-encrypted-at-rest",
    MANDATORY,
    [REPLICATION_GROUP],
    "Cache data and snapshots must be encrypted at rest (checkov CKV_AWS_29, cdk-nag AEC3).",
    "set atRestEncryptionEnabled: true (stackyard's RedisCache always does)",
    RULES,
)
def _cache_at_rest(resource: Resource) -> str | None:
    return _must_be_true(resource, "atRestEncryptionEnabled")


@rule(
    "aws-elasticache-encrypted-in-transit",
    MANDATORY,
    [REPLICATION_GROUP],
    "Clients must reach the cache over TLS only (checkov CKV_AWS_30, cdk-nag AEC3); the 'preferred' mode "
    "still accepts plaintext.",
    "set transitEncryptionEnabled: true with transitEncryptionMode 'required' (RedisCache does)",
    RULES,
)
def _cache_in_transit(resource: Resource) -> str | None:
    problem = _must_be_true(resource, "transitEncryptionEnabled")
    if problem:
        return problem
    mode = _raw(resource, "transitEncryptionMode")
    return (
        f"transitEncryptionMode is {_show(mode)}: plaintext clients are accepted"
        if mode == "preferred"
        else None
    )


@rule(
    "aws-elasticache-auth",
    MANDATORY,
    [REPLICATION_GROUP],
    "Clients must authenticate to the cache (checkov CKV_AWS_31, cdk-nag AEC6).",
    "set authToken (RedisCache generates one, kept in Secrets Manager) or userGroupIds",
    RULES,
)
def _cache_auth(resource: Resource) -> str | None:
    token = _raw(resource, "authToken")
    groups = _raw(resource, "userGroupIds")
    if _unknown(token) or _unknown(groups) or token or _items(groups):
        return None
    return "neither authToken nor userGroupIds is set"


@rule(
    "aws-elasticache-failover-prod",
    ADVISORY,
    [REPLICATION_GROUP],
    "A production cache should promote a replica in another zone when its primary fails (checkov "
    "CKV2_AWS_50, cdk-nag AEC4).",
    "set app.cache.replicas ≥ 1 and app.cache.automatic_failover: true (the prod profile does)",
    RULES,
)
def _cache_failover(resource: Resource) -> str | None:
    return _must_be_true(resource, "automaticFailoverEnabled") if resource.is_prod else None


@rule(
    "aws-elasticache-id-length",
    MANDATORY,
    [REPLICATION_GROUP],
    "ElastiCache accepts replication group ids of at most 40 characters, a limit the mocks do not check.",
    "shorten app.name (RedisCache names the group <name>-redis)",
    RULES,
)
def _cache_id(resource: Resource) -> str | None:
    return _name_length(resource, "replicationGroupId", REPLICATION_GROUP_ID_LIMIT)
