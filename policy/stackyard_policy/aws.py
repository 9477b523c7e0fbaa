"""The AWS rules of stackyard's baseline: RDS, ElastiCache, security groups, ECS, load balancers, CloudFront,
S3, IAM, KMS, SNS, CloudWatch Logs, EKS, and the provider name limits the mocks do not check.

Values: an input that is absent (or null: Pulumi drops null inputs) is *not set*, so the provider's default
applies and a rule judges that default (`storageEncrypted` not set means unencrypted). Only an *unknown*
value ("[unknown]" in `stackyard plan`; under CrossGuard reading one raises `UnknownValueError`, which the
policy framework treats as "cannot decide") makes a rule pass. Lists and maps are read through
`Sequence`/`Mapping`, since CrossGuard hands policies proxies rather than `list`/`dict`.

Stack rules link S3 sub-resources (public access block, encryption, policy, versioning) to their bucket by
the bucket's name: its `bucket` input (or output, under CrossGuard), else its `bucketPrefix` plus the
provider's 26 unique characters, else Pulumi's auto-name (logical name, "-", 7 random characters). A
sub-resource whose `bucket` is not known yet makes the rule pass for every bucket it could belong to.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from .model import ADVISORY, MANDATORY, UNKNOWN, WORLD, Resource, Rule, rule, stack_rule

RULES: list[Rule] = []

# -- type tokens ---------------------------------------------------------------------------------------------

RDS_INSTANCE = "aws:rds/instance:Instance"
RDS_PARAMETER_GROUP = "aws:rds/parameterGroup:ParameterGroup"
REPLICATION_GROUP = "aws:elasticache/replicationGroup:ReplicationGroup"
SECURITY_GROUP = "aws:ec2/securityGroup:SecurityGroup"
DEFAULT_SECURITY_GROUP = "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup"
INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule"
SECURITY_GROUP_RULE = "aws:ec2/securityGroupRule:SecurityGroupRule"
SUBNET = "aws:ec2/subnet:Subnet"
VPC = "aws:ec2/vpc:Vpc"
FLOW_LOG = "aws:ec2/flowLog:FlowLog"
TASK_DEFINITION = "aws:ecs/taskDefinition:TaskDefinition"
ECS_SERVICE = "aws:ecs/service:Service"
ECS_CLUSTER = "aws:ecs/cluster:Cluster"
SCHEDULE = "aws:scheduler/schedule:Schedule"
# pulumi-aws publishes every load balancer resource under both `lb` and `alb`.
LOAD_BALANCERS = ("aws:lb/loadBalancer:LoadBalancer", "aws:alb/loadBalancer:LoadBalancer")
LISTENERS = ("aws:lb/listener:Listener", "aws:alb/listener:Listener")
TARGET_GROUPS = ("aws:lb/targetGroup:TargetGroup", "aws:alb/targetGroup:TargetGroup")
DISTRIBUTION = "aws:cloudfront/distribution:Distribution"
LOG_DELIVERY_SOURCE = "aws:cloudwatch/logDeliverySource:LogDeliverySource"
# The S3 types our `Bucket` component creates (CdnSite and LoadBalancer build theirs with `Bucket` too), and
# the deprecated V2 names pulumi-aws 7 still accepts.
BUCKETS = ("aws:s3/bucket:Bucket", "aws:s3/bucketV2:BucketV2")
PUBLIC_ACCESS_BLOCK = "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock"
ACCOUNT_PUBLIC_ACCESS_BLOCK = "aws:s3/accountPublicAccessBlock:AccountPublicAccessBlock"
ENCRYPTIONS = (
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
)
BUCKET_POLICY = "aws:s3/bucketPolicy:BucketPolicy"
VERSIONINGS = ("aws:s3/bucketVersioning:BucketVersioning", "aws:s3/bucketVersioningV2:BucketVersioningV2")
BUCKET_LOGGINGS = ("aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2")
IAM_POLICY = "aws:iam/policy:Policy"
ROLE_POLICY = "aws:iam/rolePolicy:RolePolicy"
USER_POLICY = "aws:iam/userPolicy:UserPolicy"
GROUP_POLICY = "aws:iam/groupPolicy:GroupPolicy"
ROLE = "aws:iam/role:Role"
POLICY_DOCUMENTS = (IAM_POLICY, ROLE_POLICY, USER_POLICY, GROUP_POLICY, ROLE)
POLICY_ATTACHMENTS = (
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    "aws:iam/policyAttachment:PolicyAttachment",
)
KMS_KEY = "aws:kms/key:Key"
SNS_TOPIC = "aws:sns/topic:Topic"
LOG_GROUP = "aws:cloudwatch/logGroup:LogGroup"
EKS_CLUSTER = "aws:eks/cluster:Cluster"

# -- facts ------------------------------------------------------------------------------------------------

# Pulumi auto-names a resource "<logical name>-<7 random characters>".
AUTONAME_SUFFIX = 8
# Terraform's PrefixedUniqueId (used for every `*Prefix` input) appends 26 characters.
PREFIX_SUFFIX = 26
# Load balancer and target group names: at most 32 characters; `namePrefix` at most 6 (pulumi-aws docs of
# aws.lb.TargetGroup; the provider validates aws.lb.LoadBalancer's the same way: 6 + 26 = 32).
LB_NAME_LIMIT = 32
LB_PREFIX_LIMIT = 6
# ElastiCache: "A name must contain from 1 to 40 alphanumeric characters or hyphens" (CreateReplicationGroup).
REPLICATION_GROUP_ID_LIMIT = 40
# RDS DB instance identifiers: 1-63 characters; `identifierPrefix` at most 37 (37 + 26 = 63).
RDS_IDENTIFIER_LIMIT = 63
RDS_PREFIX_LIMIT = 37
# S3 bucket names: 3-63 lowercase letters, digits, dots and hyphens; `bucketPrefix` at most 37 (pulumi-aws
# docs of aws.s3.Bucket).
BUCKET_NAME_LIMIT = 63
BUCKET_PREFIX_LIMIT = 37
_BUCKET_NAME = re.compile(r"^[a-z0-9][a-z0-9.-]*[a-z0-9]$")
_BUCKET_PREFIX = re.compile(r"^[a-z0-9][a-z0-9.-]*$")
_LB_NAME = re.compile(r"^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?$")
# Listener policies whose minimum is TLS 1.2 (checkov CKV_AWS_103's prefixes; the TLS13-1-2/1-3 family is
# what stackyard's LoadBalancer offers). TLS13-1-0/1-1, 2016-08 (the provider's default) and FS-2018-06
# still accept TLS 1.0/1.1.
TLS12_LISTENER_POLICIES = (
    "ELBSecurityPolicy-TLS13-1-2-",
    "ELBSecurityPolicy-TLS13-1-3-",
    "ELBSecurityPolicy-TLS-1-2-",
    "ELBSecurityPolicy-FS-1-2-",
)
_CLOUDFRONT_TLS12 = re.compile(r"^TLSv1\.[23]_\d{4}$")
# An S3 REST endpoint as a CloudFront origin: <bucket>.s3.amazonaws.com or <bucket>.s3.<region>.amazonaws.com
# (a website endpoint, <bucket>.s3-website[-.]<region>.amazonaws.com, needs a public bucket).
_S3_REST_ORIGIN = re.compile(r"^(?P<bucket>.+)\.s3(\.[a-z0-9-]+)?\.amazonaws\.com(\.cn)?$")
_S3_WEBSITE_ORIGIN = re.compile(r"^(?P<bucket>.+)\.s3-website[.-][a-z0-9-]+\.amazonaws\.com(\.cn)?$")
# Environment variable names that hold a secret: a word that names one, unless the name ends with a word
# saying it is about the secret rather than the secret (REFRESH_TOKEN_EXPIRATION, DB_PASSWORD_SECRET_ARN).
_SECRET_WORDS = frozenset({"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "TOKEN", "APIKEY", "CREDENTIALS"})
_SECRET_KEY_QUALIFIERS = frozenset(
    {"API", "SECRET", "PRIVATE", "ACCESS", "SIGNING", "ENCRYPTION", "MASTER", "AUTH", "LICENSE", "HMAC"}
)
_NOT_A_SECRET_SUFFIXES = frozenset(
    {
        "ARN", "ID", "NAME", "FILE", "PATH", "URL", "URI", "ENDPOINT", "HEADER", "TYPE", "ALGORITHM",
        "EXPIRATION", "EXPIRY", "EXPIRES", "TTL", "LIFETIME", "TIMEOUT", "LENGTH", "ISSUER", "AUDIENCE",
        "ENABLED", "REGION", "VERSION", "MODE", "HOST", "PORT", "USER", "USERNAME",
    }
)  # fmt: skip
_URL_WITH_PASSWORD = re.compile(r"://[^/\s:@]+:[^/\s@]+@")
# IAM actions treated as read-only on Resource "*" (the action name after "service:").
_READ_PREFIXES = (
    "Get",
    "List",
    "Describe",
    "BatchGet",
    "Filter",
    "Lookup",
    "Query",
    "Scan",
    "Search",
    "View",
)
# Write actions that accept only Resource "*" (the Service Authorization Reference lists no resource type
# for them), so "*" is least privilege there. Deliberately short: anything else writing on "*" is reported.
ONLY_STAR_WRITE_ACTIONS = frozenset(
    {
        "cloudwatch:putmetricdata",
        "xray:puttracesegments",
        "xray:puttelemetryrecords",
        "ssmmessages:createcontrolchannel",
        "ssmmessages:createdatachannel",
        "ssmmessages:opencontrolchannel",
        "ssmmessages:opendatachannel",
    }
)
# AWS managed policies that grant everything, or everything in IAM (a path to everything).
ADMIN_POLICY_ARNS = ("AdministratorAccess", "PowerUserAccess", "IAMFullAccess")
HTTP_PORTS = (80, 443)

# -- reading inputs ------------------------------------------------------------------------------------------


def _unknown(value: Any) -> bool:
    return isinstance(value, str) and value == UNKNOWN


def _raw(resource: Resource, path: str) -> Any:
    """The input at a dotted path as given: None when absent or null (not set), UNKNOWN when not known."""
    value: Any = resource.inputs
    for part in path.split("."):
        if _unknown(value):
            return UNKNOWN
        if not isinstance(value, Mapping) or part not in value:
            return None
        value = value[part]
    return value


def _items(value: Any) -> list[Any]:
    """A list input as a list (also a CrossGuard list proxy); [] for anything else."""
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        return list(value)
    return []


def _mapping(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _strings(value: Any) -> list[str]:
    """A policy element that is a string or a list of strings, as a list."""
    if isinstance(value, str):
        return [value]
    return [v for v in _items(value) if isinstance(v, str)]


def _show(value: Any) -> str:
    if value is None:
        return "not set"
    if isinstance(value, bool):
        return "true" if value else "false"
    return json.dumps(value) if isinstance(value, str) else str(value)


def _must_be_true(resource: Resource, key: str) -> str | None:
    """A violation unless the boolean input `key` is true (not set counts as the provider's false)."""
    value = _raw(resource, key)
    if value is True or _unknown(value):
        return None
    return f"{key} is {_show(value)}" + (" (the provider's default is false)" if value is None else "")


def _int(value: Any) -> int | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and re.fullmatch(r"-?\d+", value):
        return int(value)
    return None


def _json(value: Any) -> Any:
    """A JSON document given as a string (or already parsed); None when unknown or not JSON."""
    if _unknown(value) or value is None:
        return None
    if isinstance(value, str):
        try:
            return json.loads(value)
        except ValueError:
            return None
    return value


def _is_replica(resource: Resource) -> bool:
    """An RDS read replica (or one whose source is not known yet)."""
    return _raw(resource, "replicateSourceDb") is not None


def _join(problems: Iterable[str]) -> str | None:
    found = list(problems)
    return "; ".join(found) if found else None


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
    "A production database must not be deletable by one call (checkov CKV_AWS_293, cdk-nag RDS10); read "
    "replicas hold no data of their own and are exempt.",
    "set app.database.deletion_protection: true (the prod profile does)",
    RULES,
)
def _rds_deletion_protection(resource: Resource) -> str | None:
    if not resource.is_prod or _is_replica(resource):
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


# -- security groups and VPC ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Ingress:
    """One ingress permission, normalised: protocol "-1" means all; ports None when absent or unknown."""

    cidrs: tuple[str, ...]
    protocol: str
    from_port: int | None
    to_port: int | None

    def describe(self) -> str:
        if self.protocol == "-1":
            return "all protocols"
        if self.from_port is not None and self.from_port == self.to_port:
            return f"{self.protocol.upper()} {self.from_port}"
        return f"{self.protocol.upper()} {self.from_port}-{self.to_port}"

    @property
    def web(self) -> bool:
        """TCP 80 or 443 alone: the public load balancer's ports."""
        return self.protocol == "tcp" and self.from_port == self.to_port and self.from_port in HTTP_PORTS

    @property
    def all_ports(self) -> bool:
        if self.protocol == "-1":
            return True
        return (
            self.protocol in ("tcp", "udp")
            and self.from_port is not None
            and self.from_port <= 1
            and self.to_port == 65535
        )


_PROTOCOLS = {"6": "tcp", "17": "udp", "all": "-1", "-1": "-1"}


def _ingress(entry: Mapping[str, Any], cidr_keys: Sequence[str], protocol_key: str) -> _Ingress | None:
    protocol = entry.get(protocol_key)
    if protocol is None or _unknown(protocol):
        return None
    name = str(protocol).lower()
    cidrs: list[str] = []
    for key in cidr_keys:
        cidrs.extend(c for c in _strings(entry.get(key)) if not _unknown(c))
    return _Ingress(
        cidrs=tuple(cidrs),
        protocol=_PROTOCOLS.get(name, name),
        from_port=_int(entry.get("fromPort")),
        to_port=_int(entry.get("toPort")),
    )


def _ingress_rules(resource: Resource) -> list[_Ingress]:
    """The ingress permissions a resource grants (unknown ones left out)."""
    found: list[_Ingress | None] = []
    if resource.type == INGRESS_RULE:
        found.append(_ingress(resource.inputs, ("cidrIpv4", "cidrIpv6"), "ipProtocol"))
    elif resource.type == SECURITY_GROUP_RULE:
        if _raw(resource, "type") == "ingress":
            found.append(_ingress(resource.inputs, ("cidrBlocks", "ipv6CidrBlocks"), "protocol"))
    else:
        for entry in _items(_raw(resource, "ingress")):
            found.append(_ingress(_mapping(entry), ("cidrBlocks", "ipv6CidrBlocks"), "protocol"))
    return [i for i in found if i is not None]


def _is_world(cidr: str) -> bool:
    if cidr in WORLD:
        return True
    try:
        return ipaddress.ip_network(cidr, strict=False).prefixlen == 0
    except ValueError:
        return False


INGRESS_TYPES = (INGRESS_RULE, SECURITY_GROUP_RULE, SECURITY_GROUP, DEFAULT_SECURITY_GROUP)


@rule(
    "aws-sg-no-world-ingress",
    MANDATORY,
    INGRESS_TYPES,
    "Nothing is open to the internet except TCP 80 (redirect) and 443, the public load balancer's "
    "documented exception (cdk-nag EC23, CRP aws-ec2-securitygroup-disallow-public-internet-ingress, "
    "checkov CKV_AWS_277).",
    "admit other security groups (allow_from) or private ranges instead of 0.0.0.0/0 or ::/0",
    RULES,
)
def _no_world_ingress(resource: Resource) -> str | None:
    return _join(
        f"{', '.join(c for c in i.cidrs if _is_world(c))} may reach {i.describe()}"
        for i in _ingress_rules(resource)
        if any(_is_world(c) for c in i.cidrs)
        and not i.web
        and (i.protocol == "-1" or i.from_port is not None)
    )


@rule(
    "aws-sg-no-all-ports-ingress",
    MANDATORY,
    INGRESS_TYPES,
    "An ingress rule opens one service's port, never every port or protocol, whatever its source (checkov "
    "CKV_AWS_277 checks this for 0.0.0.0/0; stackyard applies it to every source).",
    "name the protocol and port the source needs (components open one port per allow_from)",
    RULES,
)
def _no_all_ports(resource: Resource) -> str | None:
    return _join(f"ingress allows {i.describe()}" for i in _ingress_rules(resource) if i.all_ports)


@stack_rule(
    "aws-sg-world-web-only-on-public-lb",
    MANDATORY,
    (INGRESS_RULE, SECURITY_GROUP_RULE, *LOAD_BALANCERS),
    "The one exception to 'nothing open to the world', TCP 80/443, belongs to an internet-facing load "
    "balancer's security group only (cdk-nag EC23, checkov CKV_AWS_260).",
    "put web servers behind stackyard's LoadBalancer and admit its security group instead of the internet",
    RULES,
)
def _world_web_only_on_lb(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    public_groups: set[str] = set()
    for balancer in (r for r in resources if r.type in LOAD_BALANCERS):
        if _raw(balancer, "internal") is True:
            continue
        groups = _raw(balancer, "securityGroups")
        if _unknown(groups) or any(not isinstance(g, str) or _unknown(g) for g in _items(groups)):
            return  # cannot tell which groups are the public load balancer's
        public_groups.update(_items(groups))
    for resource in resources:
        if resource.type in LOAD_BALANCERS:
            continue
        group = _raw(resource, "securityGroupId")
        if not isinstance(group, str) or _unknown(group) or group in public_groups:
            continue
        for ingress in _ingress_rules(resource):
            if ingress.web and any(_is_world(c) for c in ingress.cidrs):
                yield (
                    resource,
                    (
                        f"the internet may reach {ingress.describe()} on {group}, which no internet-facing "
                        "load balancer in this stack uses"
                    ),
                )


@rule(
    "aws-vpc-default-sg-closed",
    MANDATORY,
    [DEFAULT_SECURITY_GROUP],
    "The VPC's default security group must allow nothing, so a resource launched without a group is "
    "isolated (checkov CKV2_AWS_12).",
    "keep ingress and egress empty on the default security group (stackyard's Vpc does)",
    RULES,
)
def _default_sg_closed(resource: Resource) -> str | None:
    return _join(
        f"the default security group has {len(_items(_raw(resource, key)))} {key} rule(s)"
        for key in ("ingress", "egress")
        if _items(_raw(resource, key))
    )


@rule(
    "aws-vpc-subnet-no-auto-public-ip",
    ADVISORY,
    [SUBNET],
    "Instances should not get a public IP just by being launched in a subnet (checkov CKV_AWS_130).",
    "set mapPublicIpOnLaunch: false; give public addresses explicitly (Elastic IPs, load balancers)",
    RULES,
)
def _subnet_public_ip(resource: Resource) -> str | None:
    return "mapPublicIpOnLaunch is true" if _raw(resource, "mapPublicIpOnLaunch") is True else None


@stack_rule(
    "aws-vpc-flow-logs",
    ADVISORY,
    (VPC, FLOW_LOG),
    "VPC flow logs record who talked to what, for incident response (checkov CKV2_AWS_11, cdk-nag VPC7).",
    "set app.network.flow_logs: true (the default)",
    RULES,
)
def _vpc_flow_logs(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    # A Vpc's id is not among its inputs, so flow logs are counted, not matched: a flow log whose vpcId is
    # unknown is assumed to cover a VPC of this stack.
    vpcs = [r for r in resources if r.type == VPC]
    logged = {
        str(_raw(r, "vpcId")) if not _unknown(_raw(r, "vpcId")) else f"unknown-{i}"
        for i, r in enumerate(resources)
        if r.type == FLOW_LOG and _raw(r, "vpcId") is not None
    }
    if len(logged) < len(vpcs):
        for vpc in vpcs:
            yield vpc, f"the stack has {len(vpcs)} VPC(s) and flow logs for {len(logged)}"


# -- ECS -----------------------------------------------------------------------------------------------------


def _containers(resource: Resource) -> list[Mapping[str, Any]] | None:
    """The container definitions (a JSON string input); None when unknown or unreadable."""
    parsed = _json(_raw(resource, "containerDefinitions"))
    if parsed is None:
        return None
    return [c for c in _items(parsed) if isinstance(c, Mapping)]


def _secret_like(name: str) -> bool:
    words = [w for w in re.split(r"[^A-Z0-9]+", name.upper()) if w]
    if not words or words[-1] in _NOT_A_SECRET_SUFFIXES:
        return False
    if any(w in _SECRET_WORDS for w in words):
        return True
    return any(w == "KEY" and i > 0 and words[i - 1] in _SECRET_KEY_QUALIFIERS for i, w in enumerate(words))


def _plain_secret(name: str, value: Any) -> str | None:
    if value == "[secret]":
        return f"environment {name} holds a secret value"
    if not isinstance(value, str) or not value or _unknown(value) or value.startswith("arn:"):
        return None
    if _URL_WITH_PASSWORD.search(value):
        return f"environment {name} is a URL with a password in it"
    if _secret_like(name):
        return f"environment {name} has a literal value"
    return None


@rule(
    "aws-ecs-no-plain-secrets",
    MANDATORY,
    [TASK_DEFINITION],
    "Secrets reach containers by reference (the task's `secrets`), never as plain text in the task "
    "definition, which any ecs:Describe* caller can read (cdk-nag ECS2).",
    "list the variable under services.<name>.secrets (or pass it with --secret) instead of environment",
    RULES,
)
def _ecs_no_plain_secrets(resource: Resource) -> str | None:
    if _raw(resource, "containerDefinitions") == "[secret]":
        return (
            "containerDefinitions is secret as a whole: a secret value was written into the task definition"
        )
    containers = _containers(resource)
    if containers is None:
        return None
    problems: list[str] = []
    for container in containers:
        for variable in _items(container.get("environment")):
            entry = _mapping(variable)
            name = entry.get("name")
            if isinstance(name, str):
                problem = _plain_secret(name, entry.get("value"))
                if problem:
                    problems.append(f"container {container.get('name')}: {problem}")
    return _join(problems)


@rule(
    "aws-ecs-not-privileged",
    MANDATORY,
    [TASK_DEFINITION],
    "A container must not get the host's privileges or PID namespace (checkov CKV_AWS_334/335).",
    "remove privileged: true and pidMode: host from the task definition",
    RULES,
)
def _ecs_not_privileged(resource: Resource) -> str | None:
    problems = ["pidMode is host"] if _raw(resource, "pidMode") == "host" else []
    problems += [
        f"container {c.get('name')} is privileged"
        for c in _containers(resource) or []
        if c.get("privileged") is True
    ]
    return _join(problems)


@rule(
    "aws-ecs-logging",
    MANDATORY,
    [TASK_DEFINITION],
    "Every container's output must be collected, for debugging and incident response (cdk-nag ECS7).",
    "give every container a logConfiguration (ContainerService sends logs to a CloudWatch log group)",
    RULES,
)
def _ecs_logging(resource: Resource) -> str | None:
    return _join(
        f"container {c.get('name')} has no logConfiguration"
        for c in _containers(resource) or []
        if not _mapping(c.get("logConfiguration")).get("logDriver")
    )


@rule(
    "aws-ecs-read-only-root",
    ADVISORY,
    [TASK_DEFINITION],
    "A read-only root filesystem stops an attacker from changing the image's files (checkov CKV_AWS_336).",
    "set services.<name>.read_only_root_filesystem: true (the default; /tmp stays writable)",
    RULES,
)
def _ecs_read_only(resource: Resource) -> str | None:
    return _join(
        f"container {c.get('name')} has a writable root filesystem"
        for c in _containers(resource) or []
        if c.get("readonlyRootFilesystem") is not True
    )


@rule(
    "aws-ecs-no-public-ip",
    MANDATORY,
    [ECS_SERVICE, SCHEDULE],
    "Tasks run in private subnets and are reached through the load balancer only (checkov CKV_AWS_333).",
    "set assignPublicIp: false and use private subnets with NAT or VPC endpoints (ContainerService does)",
    RULES,
)
def _ecs_no_public_ip(resource: Resource) -> str | None:
    path = (
        "target.ecsParameters.networkConfiguration.assignPublicIp"
        if resource.type == SCHEDULE
        else "networkConfiguration.assignPublicIp"
    )
    return "assignPublicIp is true" if _raw(resource, path) is True else None


@rule(
    "aws-ecs-container-insights",
    ADVISORY,
    [ECS_CLUSTER],
    "Container Insights gives per-task CPU, memory and network metrics (checkov CKV_AWS_65, cdk-nag ECS4).",
    "set the cluster setting containerInsights to enabled or enhanced (stackyard's cluster does)",
    RULES,
)
def _ecs_insights(resource: Resource) -> str | None:
    settings = _raw(resource, "settings")
    if _unknown(settings):
        return None
    for setting in _items(settings):
        entry = _mapping(setting)
        if entry.get("name") == "containerInsights":
            value = entry.get("value")
            return (
                None
                if value in ("enabled", "enhanced") or _unknown(value)
                else f"containerInsights is {value}"
            )
    return "containerInsights is not set"


# -- load balancers ------------------------------------------------------------------------------------------


def _is_application(resource: Resource) -> bool:
    return _raw(resource, "loadBalancerType") in (None, "application")


@rule(
    "aws-lb-http-redirects-to-https",
    MANDATORY,
    LISTENERS,
    "Plain HTTP only redirects to HTTPS, so nothing is served unencrypted (checkov CKV_AWS_2, CKV2_AWS_20, "
    "AWSGuard alb-http-to-https-redirection).",
    "make the HTTP listener's only default action a redirect to HTTPS (LoadBalancer's port 80 does)",
    RULES,
)
def _http_redirects(resource: Resource) -> str | None:
    if _raw(resource, "protocol") != "HTTP":
        return None
    actions = _raw(resource, "defaultActions")
    if _unknown(actions):
        return None
    for action in _items(actions):
        entry = _mapping(action)
        kind = entry.get("type")
        target = _mapping(entry.get("redirect")).get("protocol")
        if _unknown(kind) or _unknown(target):
            continue
        if kind != "redirect" or target != "HTTPS":
            return f"the HTTP listener's default action is {_show(kind)}, not a redirect to HTTPS"
    return None


@rule(
    "aws-lb-tls12-policy",
    MANDATORY,
    LISTENERS,
    "HTTPS/TLS listeners accept TLS 1.2 or newer only (checkov CKV_AWS_103, CRP "
    "aws-lb-listener-configure-secure-tls).",
    "set LoadBalancer ssl_policy to a TLS13-1-2/1-3 policy (default ELBSecurityPolicy-TLS13-1-2-2021-06)",
    RULES,
)
def _listener_tls(resource: Resource) -> str | None:
    if _raw(resource, "protocol") not in ("HTTPS", "TLS"):
        return None
    policy = _raw(resource, "sslPolicy")
    if _unknown(policy):
        return None
    if policy is None:
        return "sslPolicy is not set (the default ELBSecurityPolicy-2016-08 accepts TLS 1.0)"
    if not isinstance(policy, str) or not policy.startswith(TLS12_LISTENER_POLICIES):
        return f"sslPolicy {_show(policy)} accepts TLS versions older than 1.2"
    return None


@rule(
    "aws-lb-drop-invalid-headers",
    MANDATORY,
    LOAD_BALANCERS,
    "An Application Load Balancer drops malformed HTTP headers instead of passing them to targets (checkov "
    "CKV_AWS_131).",
    "set dropInvalidHeaderFields: true (stackyard's LoadBalancer does)",
    RULES,
)
def _drop_invalid_headers(resource: Resource) -> str | None:
    return _must_be_true(resource, "dropInvalidHeaderFields") if _is_application(resource) else None


@rule(
    "aws-lb-desync-mitigation",
    MANDATORY,
    LOAD_BALANCERS,
    "HTTP desync (request smuggling) mitigation stays 'defensive' or 'strictest' (checkov CKV_AWS_328).",
    "set desyncMitigationMode to defensive (the default) or strictest",
    RULES,
)
def _desync(resource: Resource) -> str | None:
    mode = _raw(resource, "desyncMitigationMode")
    return "desyncMitigationMode is monitor" if _is_application(resource) and mode == "monitor" else None


@rule(
    "aws-lb-access-logs",
    ADVISORY,
    LOAD_BALANCERS,
    "Access logs record every request, for debugging and incident response (cdk-nag ELB2, checkov "
    "CKV_AWS_91, AWSGuard elb-logging-enabled).",
    "keep LoadBalancer access_logs: true (the default)",
    RULES,
)
def _lb_access_logs(resource: Resource) -> str | None:
    enabled = _raw(resource, "accessLogs.enabled")
    if enabled is True or _unknown(enabled) or _unknown(_raw(resource, "accessLogs")):
        return None
    return "access logs are off"


@rule(
    "aws-lb-deletion-protection-prod",
    ADVISORY,
    LOAD_BALANCERS,
    "A production load balancer (and the DNS names pointing at it) should not be deletable by one call "
    "(checkov CKV_AWS_150, AWSGuard elb-deletion-protection-enabled).",
    "set LoadBalancer deletion_protection: true (the prod profile does)",
    RULES,
)
def _lb_deletion_protection(resource: Resource) -> str | None:
    return _must_be_true(resource, "enableDeletionProtection") if resource.is_prod else None


@rule(
    "aws-lb-name-length",
    MANDATORY,
    (*LOAD_BALANCERS, *TARGET_GROUPS),
    "Load balancer and target group names are at most 32 characters (namePrefix at most 6), Pulumi's "
    "8-character suffix included, a limit the mocks do not check.",
    "shorten app.name (LoadBalancer passes an explicit name, ContainerService a 6-character namePrefix)",
    RULES,
)
def _lb_name(resource: Resource) -> str | None:
    problem = _name_length(resource, "name", LB_NAME_LIMIT, "namePrefix", LB_PREFIX_LIMIT)
    if problem:
        return problem
    name = _raw(resource, "name")
    if isinstance(name, str) and not _unknown(name) and not _LB_NAME.match(name):
        return f"name {name!r} must be letters, digits and inner hyphens"
    return None


# -- CloudFront ----------------------------------------------------------------------------------------------


@rule(
    "aws-cloudfront-s3-origin-access-control",
    MANDATORY,
    [DISTRIBUTION],
    "A bucket behind the CDN stays private and is read through an origin access control (cdk-nag CFR7, "
    "checkov CKV2_AWS_46, cdk-nag S5).",
    "serve the bucket with stackyard's CdnSite (an OAC plus a bucket policy for it), not a public bucket",
    RULES,
)
def _cloudfront_oac(resource: Resource) -> str | None:
    origins = _raw(resource, "origins")
    if _unknown(origins):
        return None
    problems: list[str] = []
    for origin in _items(origins):
        entry = _mapping(origin)
        domain = entry.get("domainName")
        if not isinstance(domain, str) or _unknown(domain):
            continue
        label = f"origin {entry.get('originId')} ({domain})"
        if _S3_WEBSITE_ORIGIN.match(domain):
            problems.append(f"{label} is an S3 website endpoint, which needs a public bucket")
        elif _S3_REST_ORIGIN.match(domain) and not entry.get("originAccessControlId"):
            problems.append(f"{label} has no origin access control")
    return _join(problems)


@rule(
    "aws-cloudfront-viewer-https",
    MANDATORY,
    [DISTRIBUTION],
    "Viewers reach the CDN over HTTPS only (checkov CKV_AWS_34).",
    "set viewerProtocolPolicy redirect-to-https or https-only on every cache behavior (CdnSite does)",
    RULES,
)
def _cloudfront_https(resource: Resource) -> str | None:
    behaviors = [("default", _raw(resource, "defaultCacheBehavior"))]
    behaviors += [
        (str(_mapping(b).get("pathPattern")), b) for b in _items(_raw(resource, "orderedCacheBehaviors"))
    ]
    problems: list[str] = []
    for label, behavior in behaviors:
        if behavior is None or _unknown(behavior):
            continue
        policy = _mapping(behavior).get("viewerProtocolPolicy")
        if not _unknown(policy) and policy not in ("redirect-to-https", "https-only"):
            problems.append(f"cache behavior {label} has viewerProtocolPolicy {_show(policy)}")
    return _join(problems)


@rule(
    "aws-cloudfront-viewer-tls12",
    MANDATORY,
    [DISTRIBUTION],
    "Viewers negotiate TLS 1.2 or newer, which needs a custom certificate (checkov CKV_AWS_174, cdk-nag "
    "CFR4; CRP wants exactly TLSv1.2_2021, which CdnSite uses).",
    "give the site a domain (an ACM certificate) and minimumProtocolVersion TLSv1.2_2021 (CdnSite does)",
    RULES,
)
def _cloudfront_tls(resource: Resource) -> str | None:
    certificate = _raw(resource, "viewerCertificate")
    if _unknown(certificate):
        return None
    entry = _mapping(certificate)
    if entry.get("cloudfrontDefaultCertificate") is True:
        return "the default *.cloudfront.net certificate allows TLSv1"
    version = entry.get("minimumProtocolVersion")
    if _unknown(version):
        return None
    if not isinstance(version, str) or not _CLOUDFRONT_TLS12.match(version):
        return f"minimumProtocolVersion is {_show(version)}" + (" (default TLSv1)" if version is None else "")
    return None


@rule(
    "aws-cloudfront-origin-tls",
    MANDATORY,
    [DISTRIBUTION],
    "The CDN reaches custom origins over HTTPS with TLS 1.2 only (cdk-nag CFR5).",
    "set originProtocolPolicy https-only and originSslProtocols [TLSv1.2] (CdnSite's API origin does)",
    RULES,
)
def _cloudfront_origin_tls(resource: Resource) -> str | None:
    problems: list[str] = []
    for origin in _items(_raw(resource, "origins")):
        entry = _mapping(origin)
        custom = entry.get("customOriginConfig")
        if not isinstance(custom, Mapping):
            continue
        label = f"origin {entry.get('originId')}"
        policy = custom.get("originProtocolPolicy")
        if not _unknown(policy) and policy != "https-only":
            problems.append(f"{label} has originProtocolPolicy {_show(policy)}")
        old = [p for p in _strings(custom.get("originSslProtocols")) if p in ("SSLv3", "TLSv1", "TLSv1.1")]
        if old:
            problems.append(f"{label} allows {', '.join(old)}")
    return _join(problems)


@rule(
    "aws-cloudfront-waf",
    ADVISORY,
    [DISTRIBUTION],
    "A web application firewall filters common attacks and floods before they reach the site (checkov "
    "CKV_AWS_68, cdk-nag CFR2 (warning)).",
    "set app.site.waf: true (managed rules and a per-IP rate limit)",
    RULES,
)
def _cloudfront_waf(resource: Resource) -> str | None:
    acl = _raw(resource, "webAclId")
    return None if acl or _unknown(acl) else "no web ACL"


@stack_rule(
    "aws-cloudfront-access-logs",
    ADVISORY,
    (DISTRIBUTION, LOG_DELIVERY_SOURCE),
    "CDN access logs record every request (cdk-nag CFR3, checkov CKV_AWS_86).",
    "keep CdnSite's access logs on (CloudWatch log delivery), or set loggingConfig",
    RULES,
)
def _cloudfront_logs(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    # A distribution logs either through its legacy `loggingConfig` or through a CloudWatch log delivery
    # source pointing at its ARN; the ARN is not among the distribution's inputs, so sources are counted.
    unlogged = [r for r in resources if r.type == DISTRIBUTION and not _raw(r, "loggingConfig.bucket")]
    sources = [
        r
        for r in resources
        if r.type == LOG_DELIVERY_SOURCE
        and _raw(r, "logType") in ("ACCESS_LOGS", UNKNOWN)
        and (_unknown(_raw(r, "resourceArn")) or ":cloudfront::" in str(_raw(r, "resourceArn")))
    ]
    if len(sources) < len(unlogged):
        for distribution in unlogged:
            yield distribution, "no loggingConfig and no CloudWatch access-log delivery for it"


# -- S3 ------------------------------------------------------------------------------------------------------


Matcher = Callable[[str], bool]


def _bucket_matcher(bucket: Resource) -> Matcher | None:
    """A predicate telling whether a bucket name is this bucket's; None when the name is not known."""
    explicit = _raw(bucket, "bucket")
    if isinstance(explicit, str) and not _unknown(explicit):
        return lambda ref: ref == explicit
    if explicit is not None:
        return None
    prefix = _raw(bucket, "bucketPrefix")
    if isinstance(prefix, str) and not _unknown(prefix):
        return lambda ref: ref.startswith(prefix) and len(ref) == len(prefix) + PREFIX_SUFFIX
    if prefix is not None:
        return None
    auto = bucket.name.lower() + "-"
    return lambda ref: ref.startswith(auto) and len(ref) == len(auto) + AUTONAME_SUFFIX - 1


def _by_bucket(
    resources: Sequence[Resource], types: Sequence[str]
) -> tuple[list[tuple[Resource, Matcher | None]], list[Resource], bool]:
    """The stack's buckets with their name matchers, the resources of `types`, and whether every one of
    those names its bucket with a known value (otherwise a bucket without one cannot be judged)."""
    buckets = [(r, _bucket_matcher(r)) for r in resources if r.type in BUCKETS]
    related = [r for r in resources if r.type in types]
    known = all(isinstance(_raw(r, "bucket"), str) and not _unknown(_raw(r, "bucket")) for r in related)
    return buckets, related, known


def _for_bucket(match: Matcher, related: Sequence[Resource]) -> list[Resource]:
    return [r for r in related if isinstance(_raw(r, "bucket"), str) and match(_raw(r, "bucket"))]


def _per_bucket(
    resources: Sequence[Resource],
    types: Sequence[str],
    judge: Callable[[Sequence[Resource]], str | None],
    missing: str,
) -> Iterator[tuple[Resource, str]]:
    """For each bucket: `missing` when no resource of `types` names it, else `judge(resources)`'s verdict."""
    buckets, related, known = _by_bucket(resources, types)
    for bucket, match in buckets:
        if match is None:
            continue
        mine = _for_bucket(match, related)
        if not mine:
            if known:
                yield bucket, missing
            continue
        verdict = judge(mine)
        if verdict:
            yield bucket, verdict


_BLOCK_FLAGS = ("blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets")


def _block_problem(blocks: Sequence[Resource]) -> str | None:
    """None when one of `blocks` has all four settings on (or unknown), else what the first leaves off."""
    problems: list[str] = []
    for block in blocks:
        off = [f for f in _BLOCK_FLAGS if _raw(block, f) is not True and not _unknown(_raw(block, f))]
        if not off:
            return None
        problems.append(f"public access block leaves {', '.join(off)} off")
    return problems[0] if problems else None


@stack_rule(
    "aws-s3-public-access-block",
    MANDATORY,
    (*BUCKETS, PUBLIC_ACCESS_BLOCK, ACCOUNT_PUBLIC_ACCESS_BLOCK),
    "Buckets are private: a public access block with all four settings on refuses public ACLs and policies "
    "(cdk-nag S2, checkov CKV2_AWS_6 and CKV_AWS_53-56).",
    "create buckets with stackyard's Bucket, which adds the block with all four settings true",
    RULES,
)
def _s3_public_access_block(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    accounts = [r for r in resources if r.type == ACCOUNT_PUBLIC_ACCESS_BLOCK]
    if accounts and _block_problem(accounts) is None:
        return  # the account-wide block covers every bucket
    yield from _per_bucket(resources, (PUBLIC_ACCESS_BLOCK,), _block_problem, "no public access block")


def _encryption_problem(configurations: Sequence[Resource]) -> str | None:
    for configuration in configurations:
        rules_ = _raw(configuration, "rules")
        if _unknown(rules_):
            return None
        for entry in _items(rules_):
            algorithm = _mapping(_mapping(entry).get("applyServerSideEncryptionByDefault")).get(
                "sseAlgorithm"
            )
            if algorithm in ("aws:kms", "aws:kms:dsse", "AES256") or _unknown(algorithm):
                return None
    return "the encryption configuration sets no default algorithm"


@stack_rule(
    "aws-s3-default-encryption",
    MANDATORY,
    (*BUCKETS, *ENCRYPTIONS),
    "Every bucket states its default encryption (SSE-KMS or SSE-S3) explicitly (checkov CKV_AWS_145; S3 "
    "applies SSE-S3 by itself since 2023, so this makes the choice and the key visible).",
    "create buckets with stackyard's Bucket (encryption aws:kms with its own key, or AES256)",
    RULES,
)
def _s3_encryption(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    yield from _per_bucket(resources, ENCRYPTIONS, _encryption_problem, "no default encryption configuration")


def _denies_plain_http(statement: Mapping[str, Any]) -> bool:
    if statement.get("Effect") != "Deny":
        return False
    principal = statement.get("Principal")
    if principal != "*" and _strings(_mapping(principal).get("AWS")) != ["*"]:
        return False
    if not any(a in ("*", "s3:*") for a in _strings(statement.get("Action"))):
        return False
    for operator, conditions in _mapping(statement.get("Condition")).items():
        if operator not in ("Bool", "BoolIfExists"):
            continue
        for key, value in _mapping(conditions).items():
            values = [
                str(v).lower() for v in (_items(value) if not isinstance(value, str | bool) else [value])
            ]
            if key.lower() == "aws:securetransport" and "false" in values:
                return True
    return False


def _statements(document: Any) -> list[Mapping[str, Any]]:
    statements = _mapping(document).get("Statement")
    if isinstance(statements, Mapping):
        return [statements]
    return [s for s in _items(statements) if isinstance(s, Mapping)]


def _tls_policy_problem(policies: Sequence[Resource]) -> str | None:
    for policy in policies:
        document = _json(_raw(policy, "policy"))
        if document is None or any(_denies_plain_http(s) for s in _statements(document)):
            return None
    return "the bucket policy does not deny requests without TLS (aws:SecureTransport false)"


@stack_rule(
    "aws-s3-tls-only",
    MANDATORY,
    (*BUCKETS, BUCKET_POLICY),
    "Every bucket refuses requests made without TLS, through its bucket policy (cdk-nag S10).",
    "create buckets with stackyard's Bucket, whose policy starts with a DenyInsecureTransport statement",
    RULES,
)
def _s3_tls_only(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    yield from _per_bucket(
        resources, (BUCKET_POLICY,), _tls_policy_problem, "no bucket policy denying plain HTTP"
    )


def _referenced_buckets(resources: Sequence[Resource]) -> tuple[set[str], bool]:
    """Names of buckets that receive logs or serve a CDN site, and whether every reference was known."""
    names: set[str] = set()
    known = True

    def add(value: Any, pattern: re.Pattern[str] | None = None) -> None:
        nonlocal known
        if _unknown(value):
            known = False
        elif isinstance(value, str) and value:
            if pattern is None:
                names.add(value)
            elif match := pattern.match(value):
                names.add(match.group("bucket"))

    for resource in resources:
        if resource.type in LOAD_BALANCERS:
            add(_raw(resource, "accessLogs.bucket"))
        elif resource.type in BUCKET_LOGGINGS:
            add(_raw(resource, "targetBucket"))
        elif resource.type == DISTRIBUTION:
            add(_raw(resource, "loggingConfig.bucket"), _S3_REST_ORIGIN)
            origins = _raw(resource, "origins")
            if _unknown(origins):
                known = False
            for origin in _items(origins):
                domain = _mapping(origin).get("domainName")
                add(domain, _S3_WEBSITE_ORIGIN if _S3_WEBSITE_ORIGIN.match(str(domain)) else _S3_REST_ORIGIN)
    return names, known


@stack_rule(
    "aws-s3-versioning",
    ADVISORY,
    (*BUCKETS, *VERSIONINGS, *LOAD_BALANCERS, *BUCKET_LOGGINGS, DISTRIBUTION),
    "Data buckets keep previous versions, so an overwrite or delete can be undone (checkov CKV_AWS_21); log "
    "buckets (targets of load balancer, CDN or S3 access logs) and CDN site buckets (rebuilt by each "
    "deploy) are exempt.",
    "set app.buckets.<name>.versioned: true (the default)",
    RULES,
)
def _s3_versioning(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    exempt, references_known = _referenced_buckets(resources)
    buckets, versionings, known = _by_bucket(resources, VERSIONINGS)
    for bucket, match in buckets:
        if match is None or any(match(name) for name in exempt):
            continue
        mine = _for_bucket(match, versionings)
        statuses = [_raw(v, "versioningConfiguration.status") for v in mine]
        if any(s == "Enabled" or _unknown(s) for s in statuses):
            continue
        if not references_known or (not mine and not known):
            continue  # it may be an exempt bucket, or its versioning may name it with an unknown value
        yield bucket, f"versioning is {_show(statuses[0]) if statuses else 'not configured'}"


@rule(
    "aws-s3-bucket-name",
    MANDATORY,
    BUCKETS,
    "S3 bucket names are 3-63 lowercase letters, digits, dots and hyphens (bucketPrefix at most 37), limits "
    "the mocks do not check.",
    "shorten the bucket's key under app.buckets (or app.name); Bucket uses a prefix of at most 37 characters",
    RULES,
)
def _bucket_name(resource: Resource) -> str | None:
    name = _raw(resource, "bucket")
    prefix = _raw(resource, "bucketPrefix")
    if _unknown(name) or _unknown(prefix):
        return None
    if isinstance(name, str):
        if not 3 <= len(name) <= BUCKET_NAME_LIMIT or not _BUCKET_NAME.match(name):
            return f"bucket {name!r} is not 3-{BUCKET_NAME_LIMIT} lowercase letters, digits, dots and hyphens"
        return None
    if isinstance(prefix, str):
        if len(prefix) > BUCKET_PREFIX_LIMIT or not _BUCKET_PREFIX.match(prefix):
            return (
                f"bucketPrefix {prefix!r} is not at most {BUCKET_PREFIX_LIMIT} lowercase letters, digits, "
                "dots and hyphens"
            )
        return None
    auto = resource.name.lower()
    if len(auto) + AUTONAME_SUFFIX > BUCKET_NAME_LIMIT or not _BUCKET_PREFIX.match(auto):
        return f"the auto-name {auto!r} plus {AUTONAME_SUFFIX} characters is not a valid bucket name"
    return None


# -- IAM -----------------------------------------------------------------------------------------------------


def _policy_documents(resource: Resource) -> list[tuple[str, Any]]:
    """(label, parsed document) of every identity policy a resource carries."""
    if resource.type == ROLE:
        return [
            (f"inline policy {_mapping(p).get('name')}", _json(_mapping(p).get("policy")))
            for p in _items(_raw(resource, "inlinePolicies"))
        ]
    return [("policy", _json(_raw(resource, "policy")))]


def _allows_on_everything(resource: Resource) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """Allow statements whose Resource is "*" (or that use NotResource), with their document's label."""
    for label, document in _policy_documents(resource):
        for statement in _statements(document):
            if statement.get("Effect") != "Allow":
                continue
            if "*" in _strings(statement.get("Resource")) or "NotResource" in statement:
                yield label, statement


def _where(label: str, statement: Mapping[str, Any]) -> str:
    sid = statement.get("Sid")
    return f"{label}" + (f" statement {sid}" if sid else "")


@rule(
    "aws-iam-no-wildcard-admin",
    MANDATORY,
    POLICY_DOCUMENTS,
    "Least privilege: no identity policy allows every action, or every action of a service, on every "
    "resource (checkov CKV_AWS_62/63, cdk-nag IAM5).",
    "list the actions and resource ARNs the role needs (components expose grant_* documents for this)",
    RULES,
)
def _iam_no_admin(resource: Resource) -> str | None:
    problems: list[str] = []
    for label, statement in _allows_on_everything(resource):
        if "NotAction" in statement:
            problems.append(f"{_where(label, statement)} allows NotAction on Resource *")
        wild = [a for a in _strings(statement.get("Action")) if a == "*" or a.endswith(":*")]
        if wild:
            problems.append(f"{_where(label, statement)} allows {', '.join(wild)} on Resource *")
    return _join(problems)


def _is_read(action: str) -> bool:
    _, _, name = action.partition(":")
    return name.startswith(_READ_PREFIXES)


@rule(
    "aws-iam-no-write-on-all-resources",
    ADVISORY,
    POLICY_DOCUMENTS,
    "Write actions name the resources they change (checkov CKV_AWS_355, cdk-nag IAM5); read actions "
    "(Get/List/Describe/...) and the few write actions AWS accepts only on '*' (cloudwatch:PutMetricData, "
    "xray:PutTraceSegments/PutTelemetryRecords, ssmmessages channels) are exempt.",
    "replace Resource * with the ARNs the actions change",
    RULES,
)
def _iam_no_write_on_all(resource: Resource) -> str | None:
    problems: list[str] = []
    for label, statement in _allows_on_everything(resource):
        writes = [
            a
            for a in _strings(statement.get("Action"))
            if not (a == "*" or a.endswith(":*"))  # aws-iam-no-wildcard-admin reports those
            and not _is_read(a)
            and a.lower() not in ONLY_STAR_WRITE_ACTIONS
        ]
        if writes:
            problems.append(f"{_where(label, statement)} allows {', '.join(writes)} on Resource *")
    return _join(problems)


@rule(
    "aws-iam-no-admin-managed-policy",
    MANDATORY,
    (*POLICY_ATTACHMENTS, ROLE),
    "No role, user or group gets AdministratorAccess, PowerUserAccess or IAMFullAccess (checkov "
    "CKV_AWS_274).",
    "attach a policy listing the actions and resources needed instead of the AWS managed admin policy",
    RULES,
)
def _iam_no_admin_attachment(resource: Resource) -> str | None:
    arns = (
        _strings(_raw(resource, "managedPolicyArns"))
        if resource.type == ROLE
        else [_raw(resource, "policyArn")]
    )
    return _join(
        f"attaches {arn}"
        for arn in arns
        if isinstance(arn, str)
        and arn.startswith("arn:aws")
        and arn.rsplit("/", 1)[-1] in ADMIN_POLICY_ARNS
        and ":aws:policy/" in arn
    )


# -- KMS, SNS, CloudWatch Logs -------------------------------------------------------------------------------


@rule(
    "aws-kms-key-rotation",
    MANDATORY,
    [KMS_KEY],
    "Symmetric encryption keys rotate their key material yearly (checkov CKV_AWS_7, cdk-nag KMS5).",
    "set enableKeyRotation: true (stackyard's encryption keys do)",
    RULES,
)
def _kms_rotation(resource: Resource) -> str | None:
    spec = _raw(resource, "customerMasterKeySpec")
    usage = _raw(resource, "keyUsage")
    if spec not in (None, "SYMMETRIC_DEFAULT") or usage not in (None, "ENCRYPT_DECRYPT"):
        return None  # asymmetric and HMAC keys cannot rotate automatically
    return _must_be_true(resource, "enableKeyRotation")


@rule(
    "aws-sns-encrypted",
    MANDATORY,
    [SNS_TOPIC],
    "Topics are encrypted at rest with KMS (checkov CKV_AWS_26, cdk-nag SNS2).",
    "set kmsMasterKeyId (stackyard's Alarms topic has its own key CloudWatch may use)",
    RULES,
)
def _sns_encrypted(resource: Resource) -> str | None:
    key = _raw(resource, "kmsMasterKeyId")
    return None if key or _unknown(key) else "kmsMasterKeyId is not set"


@rule(
    "aws-logs-retention",
    MANDATORY,
    [LOG_GROUP],
    "Every log group has a retention period, so logs (and their cost) do not grow forever (checkov "
    "CKV_AWS_66; CKV_AWS_338's one year is left to each stack).",
    "set retentionInDays (services.<name>.log_retention_days, network.flow_log_retention_days)",
    RULES,
)
def _log_retention(resource: Resource) -> str | None:
    value = _raw(resource, "retentionInDays")
    if _unknown(value):
        return None
    days = _int(value)
    return "retentionInDays is not set: logs never expire" if not days else None


# -- EKS -----------------------------------------------------------------------------------------------------


@rule(
    "aws-eks-endpoint-not-world",
    MANDATORY,
    [EKS_CLUSTER],
    "The Kubernetes API endpoint is private or limited to known networks (checkov CKV_AWS_38/39).",
    "set app.kubernetes.api_access_cidrs to your CI and office networks, or leave it empty (private only)",
    RULES,
)
def _eks_endpoint(resource: Resource) -> str | None:
    public = _raw(resource, "vpcConfig.endpointPublicAccess")
    if public is False or _unknown(public):
        return None
    cidrs = _raw(resource, "vpcConfig.publicAccessCidrs")
    if _unknown(cidrs):
        return None
    given = _strings(cidrs)
    if not given:
        return "the public endpoint is on with no publicAccessCidrs (the default is 0.0.0.0/0)"
    world = [c for c in given if _is_world(c)]
    return f"the public endpoint admits {', '.join(world)}" if world else None


@rule(
    "aws-eks-secrets-encrypted",
    MANDATORY,
    [EKS_CLUSTER],
    "Kubernetes Secrets are envelope-encrypted with a customer KMS key (checkov CKV_AWS_58).",
    "set encryptionConfig with resources [secrets] and a KMS key (stackyard's KubernetesCluster does)",
    RULES,
)
def _eks_secrets(resource: Resource) -> str | None:
    config = _raw(resource, "encryptionConfig")
    if _unknown(config):
        return None
    entries = [config] if isinstance(config, Mapping) else _items(config)
    for entry in entries:
        if "secrets" in _strings(_mapping(entry).get("resources")) and _mapping(entry).get("provider"):
            return None
    return "Secrets are not encrypted with a KMS key"


# -- name limits ---------------------------------------------------------------------------------------------


def _name_length(
    resource: Resource, key: str, limit: int, prefix_key: str | None = None, prefix_limit: int = 0
) -> str | None:
    """A violation when the explicit name, the prefix, or Pulumi's auto-name is too long."""
    name = _raw(resource, key)
    if _unknown(name):
        return None
    if isinstance(name, str):
        return (
            f"{key} {name!r} has {len(name)} characters; the limit is {limit}" if len(name) > limit else None
        )
    if prefix_key is not None:
        prefix = _raw(resource, prefix_key)
        if _unknown(prefix):
            return None
        if isinstance(prefix, str):
            if len(prefix) > prefix_limit:
                return f"{prefix_key} {prefix!r} has {len(prefix)} characters; the limit is {prefix_limit}"
            return None
    if len(resource.name) + AUTONAME_SUFFIX > limit:
        return (
            f"{key} is not set, so Pulumi names it {resource.name!r} plus {AUTONAME_SUFFIX} characters, "
            f"more than {limit}"
        )
    return None
