"""Which input changes make the cloud provider replace a resource: the table `stackyard diff` reads.

A bridged Pulumi provider replaces a resource (delete and create, or create and delete) when an input that
the upstream Terraform provider marks `ForceNew` changes, or one that Magic Modules marks `immutable` (GCP),
or one the Kubernetes provider lists in its `forceNew` table. The plan cannot ask the provider, so this
module declares those inputs per Pulumi type token, with the camelCase names the plan shows, each entry
citing where it was read:

- AWS: hashicorp/terraform-provider-aws, `internal/service/<service>/<resource>.go` (`ForceNew: true` in
  the schema). Every regional AWS resource also takes the top-level `region` argument of provider v6
  (pulumi-aws v7), which forces replacement (`internal/provider/sdkv2/region.go`, `forceNewIfRegionChanges`).
- GCP: GoogleCloudPlatform/magic-modules, `mmv1/products/<product>/<Resource>.yaml` (`immutable: true`,
  on the property or on the resource; a property with its own `update_url` is updatable) or, for the
  handwritten resources, `mmv1/third_party/terraform/services/<service>/resource_<name>.go.tmpl`.
  `project` forces replacement on every GCP resource.
- Kubernetes: pulumi/pulumi-kubernetes, `provider/pkg/provider/diff.go` (`forceNew`): `metadata.name` and
  `metadata.namespace` on every kind, plus the kind's own list.

`kind` marks a stateful resource: replacing or deleting it loses data or something that cannot be
recreated as it was (a database, a cache, a bucket, a volume, a secret whose value was set by hand, a
key that encrypted data, the network the data tier lives in, an image repository, a cluster). Those are
what `stackyard diff` calls out first and what makes it exit 3. Entries with `kind=None` are here so that
their replacement still shows as a replace.

A path is dotted camelCase into the inputs (`settings.ipConfiguration.privateNetwork`); a path through a
list applies to every element. Conditional rules (`Forces.when`) mirror a provider's CustomizeDiff, e.g. a
Cloud SQL disk that may grow in place but not shrink.
"""

from __future__ import annotations

import ipaddress
import json
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

STATEFUL_KINDS = (
    "database",
    "cache",
    "bucket",
    "volume",
    "secret",
    "key",
    "network",
    "repository",
    "cluster",
)

AWS = "hashicorp/terraform-provider-aws internal/service/"
GCP_MM = "GoogleCloudPlatform/magic-modules mmv1/products/"
GCP_TP = "GoogleCloudPlatform/magic-modules mmv1/third_party/terraform/services/"
K8S = "pulumi/pulumi-kubernetes provider/pkg/provider/diff.go (forceNew)"
AWS_REGION = "hashicorp/terraform-provider-aws internal/provider/sdkv2/region.go (forceNewIfRegionChanges)"


@dataclass(frozen=True)
class Forces:
    """One input that forces replacement when it changes; with `when`, only when `when(before, after)`."""

    path: str
    when: Callable[[Any, Any], bool] | None = None
    note: str = ""

    @property
    def parts(self) -> tuple[str, ...]:
        return tuple(self.path.split("."))


@dataclass(frozen=True)
class Rule:
    """The replacement-forcing inputs of one resource type, and whether the resource is stateful."""

    kind: str | None
    """One of `STATEFUL_KINDS` for a stateful resource; None otherwise."""
    forces: tuple[Forces, ...]
    source: str

    @property
    def stateful(self) -> bool:
        return self.kind is not None


def _rule(kind: str | None, source: str, *paths: str | Forces) -> Rule:
    return Rule(kind, tuple(p if isinstance(p, Forces) else Forces(p) for p in paths), source)


def _aws(kind: str | None, source: str, *paths: str | Forces) -> Rule:
    return _rule(
        kind, f"{AWS}{source}; region: {AWS_REGION}", *paths, Forces("region", note="region override")
    )


def _gcp(kind: str | None, source: str, *paths: str | Forces) -> Rule:
    return _rule(kind, source, *paths, "project")


def _k8s(kind: str | None, *paths: str | Forces) -> Rule:
    return _rule(kind, K8S, "metadata.name", "metadata.namespace", *paths)


# -- conditions (a provider's CustomizeDiff) -----------------------------------------------------------------


def _version(text: Any) -> tuple[int, ...]:
    return tuple(int(n) for n in re.findall(r"\d+", str(text)))


def _downgrade(before: Any, after: Any) -> bool:
    return before is not None and after is not None and _version(after) < _version(before)


def _valkey_to_redis(before: Any, after: Any) -> bool:
    return str(before).lower() == "valkey" and str(after).lower() == "redis"


def _cidr_not_expanded(before: Any, after: Any) -> bool:
    """Magic Modules' `IsShrinkageIpCidr`: only a range that contains the old one is updated in place."""
    try:
        old, new = ipaddress.ip_network(str(before)), ipaddress.ip_network(str(after))
    except ValueError:
        return True
    if old.version != new.version:
        return True
    return not old.subnet_of(new)  # pyright: ignore[reportArgumentType]


def _unset(before: Any, after: Any) -> bool:
    return bool(before) and not after


def _true_to_false(before: Any, after: Any) -> bool:
    return before is True and after is not True


def _locked_to_unlocked(before: Any, after: Any) -> bool:
    return before is True and after is False


def _shrinks(before: Any, after: Any) -> bool:
    return isinstance(before, int | float) and isinstance(after, int | float) and after < before


REPLACEMENT: dict[str, Rule] = {
    # -- AWS: data ------------------------------------------------------------------------------------------
    "aws:rds/instance:Instance": _aws(
        "database",
        "rds/instance.go",
        "identifier",
        "identifierPrefix",
        "engine",
        "availabilityZone",
        "dbName",
        "kmsKeyId",
        "storageEncrypted",
        "username",
        "characterSetName",
        "ncharCharacterSetName",
        "timezone",
        "snapshotIdentifier",
        "restoreToPointInTime",
        "s3Import",
        "customIamInstanceProfile",
    ),
    "aws:rds/clusterInstance:ClusterInstance": _aws(
        "database",
        "rds/cluster_instance.go",
        "identifier",
        "identifierPrefix",
        "clusterIdentifier",
        "engine",
        "availabilityZone",
        "dbSubnetGroupName",
        "customIamInstanceProfile",
    ),
    "aws:rds/subnetGroup:SubnetGroup": _aws(None, "rds/subnet_group.go", "name", "namePrefix"),
    "aws:rds/parameterGroup:ParameterGroup": _aws(
        None, "rds/parameter_group.go", "name", "namePrefix", "family", "description"
    ),
    "aws:elasticache/replicationGroup:ReplicationGroup": _aws(
        "cache",
        "elasticache/replication_group.go (schema, and CustomizeDiff customizeDiffEngineForceNewOnDowngrade, "
        "customizeDiffEngineVersionForceNewOnDowngrade)",
        "replicationGroupId",
        "atRestEncryptionEnabled",
        "kmsKeyId",
        "subnetGroupName",
        "port",
        "dataTieringEnabled",
        "globalReplicationGroupId",
        "networkType",
        "securityGroupNames",
        "snapshotArns",
        "snapshotName",
        Forces("engine", _valkey_to_redis, "valkey → redis is a downgrade"),
        Forces("engineVersion", _downgrade, "a lower version"),
    ),
    "aws:elasticache/subnetGroup:SubnetGroup": _aws(None, "elasticache/subnet_group.go", "name"),
    "aws:elasticache/parameterGroup:ParameterGroup": _aws(
        None, "elasticache/parameter_group.go", "name", "family", "description"
    ),
    "aws:s3/bucket:Bucket": _aws("bucket", "s3/bucket.go", "bucket", "bucketPrefix", "objectLockEnabled"),
    "aws:s3/bucketV2:BucketV2": _aws("bucket", "s3/bucket.go", "bucket", "bucketPrefix", "objectLockEnabled"),
    "aws:ebs/volume:Volume": _aws(
        "volume",
        "ec2/ebs_volume.go",
        "availabilityZone",
        "encrypted",
        "kmsKeyId",
        "multiAttachEnabled",
        "outpostArn",
        "snapshotId",
    ),
    "aws:ecr/repository:Repository": _aws(
        "repository", "ecr/repository.go", "name", "encryptionConfigurations"
    ),
    # -- AWS: keys and secrets ------------------------------------------------------------------------------
    "aws:kms/key:Key": _aws(
        "key",
        "kms/key.go",
        "customerMasterKeySpec",
        "keyUsage",
        "multiRegion",
        "customKeyStoreId",
        "xksKeyId",
    ),
    "aws:secretsmanager/secret:Secret": _aws("secret", "secretsmanager/secret.go", "name", "namePrefix"),
    # -- AWS: network ---------------------------------------------------------------------------------------
    "aws:ec2/vpc:Vpc": _aws("network", "ec2/vpc_.go", "cidrBlock", "ipv4IpamPoolId", "ipv4NetmaskLength"),
    "aws:ec2/subnet:Subnet": _aws(
        "network",
        "ec2/vpc_subnet.go",
        "cidrBlock",
        "availabilityZone",
        "availabilityZoneId",
        "vpcId",
        "ipv4IpamPoolId",
        "ipv4NetmaskLength",
        "ipv6IpamPoolId",
        "ipv6Native",
        "ipv6NetmaskLength",
        "outpostArn",
    ),
    # -- AWS: compute ---------------------------------------------------------------------------------------
    "aws:eks/cluster:Cluster": _aws(
        "cluster",
        "eks/cluster.go",
        "name",
        "roleArn",
        "bootstrapSelfManagedAddons",
        "accessConfig.bootstrapClusterCreatorAdminPermissions",
        "kubernetesNetworkConfig.ipFamily",
        "kubernetesNetworkConfig.serviceIpv4Cidr",
        "outpostConfig",
    ),
    "aws:ec2/instance:Instance": _aws(
        None,
        "ec2/ec2_instance.go",
        "ami",
        "associatePublicIpAddress",
        "availabilityZone",
        "placementGroup",
        "subnetId",
    ),
    "aws:ecs/taskDefinition:TaskDefinition": _aws(
        None,
        "ecs/task_definition.go (every change is a new revision)",
        "containerDefinitions",
        "family",
        "cpu",
        "volumes",
    ),
    # -- random ---------------------------------------------------------------------------------------------
    "random:index/randomPassword:RandomPassword": _rule(
        None,
        "hashicorp/terraform-provider-random internal/provider/resource_password.go (RequiresReplace)",
        "keepers",
        "length",
        "special",
        "upper",
        "lower",
        "numeric",
        "minLower",
        "minUpper",
        "minNumeric",
        "minSpecial",
        "overrideSpecial",
    ),
    # -- GCP: data ------------------------------------------------------------------------------------------
    "gcp:sql/databaseInstance:DatabaseInstance": _gcp(
        "database",
        f"{GCP_TP}sql/resource_sql_database_instance.go.tmpl (schema and CustomizeDiff)",
        "name",
        "region",
        "encryptionKeyName",
        "settings.collation",
        "replicaConfiguration",
        Forces("masterInstanceName", note="unless it is a switchover"),
        Forces("settings.ipConfiguration.privateNetwork", _unset, "removing the private network"),
        Forces("settings.autoUpgradeEnabled", _true_to_false, "true → false"),
        Forces("settings.diskSize", _shrinks, "a smaller disk"),
    ),
    "gcp:sql/database:Database": _gcp("database", f"{GCP_MM}sql/Database.yaml", "name", "instance"),
    "gcp:redis/instance:Instance": _gcp(
        "cache",
        f"{GCP_MM}redis/Instance.yaml",
        "name",
        "region",
        "tier",
        "locationId",
        "alternativeLocationId",
        "authorizedNetwork",
        "connectMode",
        "reservedIpRange",
        "transitEncryptionMode",
        "customerManagedKey",
    ),
    "gcp:storage/bucket:Bucket": _gcp(
        "bucket",
        f"{GCP_TP}storage/resource_storage_bucket.go.tmpl",
        "name",
        "location",
        "enableObjectRetention",
        "customPlacementConfig.dataLocations",
        "hierarchicalNamespace",
        Forces("retentionPolicy.isLocked", _locked_to_unlocked, "unlocking a locked retention policy"),
    ),
    "gcp:compute/disk:Disk": _gcp(
        "volume",
        f"{GCP_MM}compute/Disk.yaml",
        "name",
        "zone",
        "type",
        "image",
        "snapshot",
        "sourceDisk",
        "diskEncryptionKey",
        "physicalBlockSizeBytes",
        "multiWriter",
        "storagePool",
    ),
    "gcp:artifactregistry/repository:Repository": _gcp(
        "repository",
        f"{GCP_MM}artifactregistry/Repository.yaml",
        "repositoryId",
        "location",
        "format",
        "kmsKeyName",
        "mode",
        "remoteRepositoryConfig",
        "mavenConfig.allowSnapshotOverwrites",
        "mavenConfig.versionPolicy",
    ),
    # -- GCP: keys and secrets ------------------------------------------------------------------------------
    "gcp:kms/keyRing:KeyRing": _gcp("key", f"{GCP_MM}kms/KeyRing.yaml", "name", "location"),
    "gcp:kms/cryptoKey:CryptoKey": _rule(  # no project of its own: the key ring's
        "key",
        f"{GCP_MM}kms/CryptoKey.yaml",
        "name",
        "keyRing",
        "purpose",
        "versionTemplate.protectionLevel",
        "destroyScheduledDuration",
        "importOnly",
        "cryptoKeyBackend",
    ),
    "gcp:secretmanager/secret:Secret": _gcp(
        "secret", f"{GCP_MM}secretmanager/Secret.yaml", "secretId", "replication", "tags"
    ),
    "gcp:secretmanager/secretVersion:SecretVersion": _gcp(
        None, f"{GCP_MM}secretmanager/SecretVersion.yaml", "secret", "secretData"
    ),
    # -- GCP: network ---------------------------------------------------------------------------------------
    "gcp:compute/network:Network": _gcp(
        "network",
        f"{GCP_MM}compute/Network.yaml",
        "name",
        "description",
        "autoCreateSubnetworks",
        "internalIpv6Range",
        "networkProfile",
    ),
    "gcp:compute/subnetwork:Subnetwork": _gcp(
        "network",
        f"{GCP_MM}compute/Subnetwork.yaml (customdiff.ForceNewIfChange(ip_cidr_range, IsShrinkageIpCidr))",
        "name",
        "region",
        "network",
        "description",
        "reservedInternalRange",
        "internalIpv6Prefix",
        "externalIpv6Prefix",
        Forces("ipCidrRange", _cidr_not_expanded, "anything but an expansion of the range"),
    ),
    # -- GCP: compute ---------------------------------------------------------------------------------------
    "gcp:container/cluster:Cluster": _gcp(
        "cluster",
        f"{GCP_TP}container/resource_container_cluster.go.tmpl",
        "name",
        "location",
        "description",
        "network",
        "subnetwork",
        "enableAutopilot",
        "networkingMode",
        "ipAllocationPolicy",
        "clusterIpv4Cidr",
        "initialNodeCount",
        "nodePools",
        "datapathProvider",
        "defaultMaxPodsPerNode",
        "enableKubernetesAlpha",
        "enableTpu",
        "confidentialNodes",
    ),
    # -- Kubernetes -----------------------------------------------------------------------------------------
    "kubernetes:core/v1:PersistentVolumeClaim": _k8s("volume", "spec"),
    "kubernetes:core/v1:PersistentVolume": _k8s(
        "volume",
        "spec.awsElasticBlockStore",
        "spec.csi",
        "spec.gcePersistentDisk",
        "spec.hostPath",
        "spec.local",
        "spec.nfs",
    ),
    "kubernetes:apps/v1:StatefulSet": _k8s(
        "volume",
        "spec.podManagementPolicy",
        "spec.revisionHistoryLimit",
        "spec.selector",
        "spec.serviceName",
        "spec.volumeClaimTemplates",
    ),
    "kubernetes:core/v1:Secret": _k8s(None, "type", "stringData", "data"),
    "kubernetes:core/v1:ConfigMap": _k8s(None, "data", "binaryData"),
    "kubernetes:core/v1:Service": _k8s(None, "spec.clusterIP"),
    "kubernetes:apps/v1:Deployment": _k8s(None, "spec.selector"),
    "kubernetes:batch/v1:Job": _k8s(
        None, "spec.completions", "spec.parallelism", "spec.selector", "spec.template"
    ),
}

_AWS_DEFAULT = _rule(None, AWS_REGION, "region")
_GCP_DEFAULT = _rule(None, f"{GCP_MM} (project is immutable on every resource)", "project")
_K8S_DEFAULT = _k8s(None)
_NONE = _rule(None, "")


def rule_for(type_: str) -> Rule:
    """The declared rule of `type_`; for an undeclared type, what forces replacement on every type of its
    provider (AWS `region`, GCP `project`, Kubernetes `metadata.name` / `metadata.namespace`)."""
    if type_ in REPLACEMENT:
        return REPLACEMENT[type_]
    if type_.startswith("pulumi:"):
        return _NONE
    if type_.startswith("aws:"):
        return _AWS_DEFAULT
    if type_.startswith("gcp:"):
        return _GCP_DEFAULT
    if type_.startswith("kubernetes:"):
        return _K8S_DEFAULT
    return _NONE


MISSING: Any = object()
"""The value at a path that is not there."""


def values_at(inputs: Any, parts: tuple[str, ...]) -> Any:
    """The value at dotted `parts` in `inputs`; through a list, the list of each element's value."""
    value = inputs
    for index, part in enumerate(parts):
        if isinstance(value, list):
            return [values_at(item, parts[index:]) for item in value]
        if not isinstance(value, dict) or part not in value:
            return MISSING
        value = value[part]
    return value


@dataclass(frozen=True)
class Forced:
    """A replacement-forcing input that changed."""

    path: str
    before: Any
    after: Any
    note: str


def forced_replacements(type_: str, before: dict[str, Any], after: dict[str, Any]) -> Iterator[Forced]:
    """Each input of `type_` that changed between `before` and `after` and forces replacement."""
    for forces in rule_for(type_).forces:
        old, new = values_at(before, forces.parts), values_at(after, forces.parts)
        if _same(old, new):
            continue
        if forces.when is not None and not (
            old is not MISSING and new is not MISSING and forces.when(old, new)
        ):
            continue
        yield Forced(forces.path, old, new, forces.note)


def _empty(value: Any) -> bool:
    return value is MISSING or value is None or (isinstance(value, str | list | dict) and not value)


def _same(old: Any, new: Any) -> bool:
    """Equal, reading a missing value and an empty one (None, "", [], {}) alike, as a provider does."""
    if _empty(old) and _empty(new):
        return True
    return type(old) is type(new) and json.dumps(old, sort_keys=True, default=str) == json.dumps(
        new, sort_keys=True, default=str
    )
