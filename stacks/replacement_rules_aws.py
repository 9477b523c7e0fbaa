"""The AWS types of the replacement table (`stacks.replacement.REPLACEMENT`): the inputs whose change makes
the provider replace a resource, read from hashicorp/terraform-provider-aws,
`internal/service/<service>/<resource>.go` (`ForceNew: true` in the schema). Every regional AWS resource
also takes the top-level `region` argument of provider v6 (pulumi-aws v7), which forces replacement
(`internal/provider/sdkv2/region.go`, `forceNewIfRegionChanges`); `_aws` adds it to each entry.
"""

from __future__ import annotations

from .replacement_base import (
    Forces,
    Rule,
    _aws,
    _downgrade,
    _valkey_to_redis,
)

AWS_RULES: dict[str, Rule] = {
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
}
