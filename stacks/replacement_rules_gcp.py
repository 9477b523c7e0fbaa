"""The GCP types of the replacement table (`stacks.replacement.REPLACEMENT`): the inputs whose change makes
the provider replace a resource, read from GoogleCloudPlatform/magic-modules,
`mmv1/products/<product>/<Resource>.yaml` (`immutable: true`, on the property or on the resource; a
property with its own `update_url` is updatable) or, for the handwritten resources,
`mmv1/third_party/terraform/services/<service>/resource_<name>.go.tmpl`. `project` forces replacement on
every GCP resource; `_gcp` adds it to each entry.
"""

from __future__ import annotations

from .replacement_base import (
    GCP_MM,
    GCP_TP,
    Forces,
    Rule,
    _cidr_not_expanded,
    _gcp,
    _locked_to_unlocked,
    _rule,
    _shrinks,
    _true_to_false,
    _unset,
)

GCP_RULES: dict[str, Rule] = {
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
}
