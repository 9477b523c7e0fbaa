"""The read replicas: `read_replicas` in the region, in the primary's subnets and security group, and the
`cross_region_replica` in another region with its own key, parameter group and log groups; and the
replication of the automated backups to `backup_replication_region`."""

from collections.abc import Sequence

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .key import RegionKeys
from .logs import ExportedLogs
from .monitoring import monitoring_arguments
from .network import DatabaseNetwork
from .parameters import parameter_group
from .settings import ManagedPostgresArgs, _Settings


def read_replica(
    owner: pulumi.Resource,
    settings: _Settings,
    primary: aws.rds.Instance,
    monitoring_role_arn: pulumi.Output[str] | None,
    logs: ExportedLogs,
    logical: str,
    identifier: str,
    region: str | None,
    replica_key_arn: pulumi.Input[str],
    subnet_group_name: pulumi.Input[str] | None,
    security_group_ids: pulumi.Input[Sequence[pulumi.Input[str]]] | None,
    replica_parameter_group: aws.rds.ParameterGroup,
) -> aws.rds.Instance:
    """A read replica of the primary: same class, encrypted, monitored, never public; in `region`
    when given (the stack's region otherwise)."""
    return aws.rds.Instance(
        logical,
        identifier=identifier,
        replicate_source_db=primary.arn,
        instance_class=settings.instance_class,
        max_allocated_storage=settings.max_allocated_storage_gb,
        storage_type="gp3",
        storage_encrypted=True,
        kms_key_id=replica_key_arn,
        auto_minor_version_upgrade=True,
        iam_database_authentication_enabled=settings.iam_authentication,
        port=settings.port,
        db_subnet_group_name=subnet_group_name,
        vpc_security_group_ids=security_group_ids,
        publicly_accessible=False,
        multi_az=False,
        parameter_group_name=replica_parameter_group.name,
        maintenance_window=settings.maintenance_window,
        copy_tags_to_snapshot=True,
        # Like the primary (issue #18): a read replica serves reads, and a cross-region one is the
        # disaster-recovery copy; turn it off before lowering `read_replicas`. An update in place
        # (hashicorp/terraform-provider-aws internal/service/rds/instance.go: `deletion_protection`
        # is not ForceNew).
        deletion_protection=settings.deletion_protection,
        skip_final_snapshot=True,
        apply_immediately=settings.apply_immediately,
        **monitoring_arguments(settings, replica_key_arn, monitoring_role_arn),
        tags={**settings.tags, "Name": logical},
        region=region,
        opts=pulumi.ResourceOptions(parent=owner, depends_on=logs.groups(logical, identifier, region)),
    )


def in_region_replicas(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    primary: aws.rds.Instance,
    monitoring_role_arn: pulumi.Output[str] | None,
    logs: ExportedLogs,
    key_arn: pulumi.Input[str],
    network: DatabaseNetwork,
    primary_parameter_group: aws.rds.ParameterGroup,
) -> list[aws.rds.Instance]:
    """`<physical_name>-db-replica-1`, `-2` …, with the primary's key, subnets, security group and
    parameter group, in replica order."""
    replicas = []
    for number in range(1, settings.read_replicas + 1):
        logical = f"{name}-replica-{number}"
        replicas.append(
            read_replica(
                owner,
                settings,
                primary,
                monitoring_role_arn,
                logs,
                logical,
                physical_name(f"{base}-db-replica-{number}", 63),
                None,
                key_arn,
                network.subnet_group.name,
                [network.security_group.id],
                primary_parameter_group,
            )
        )
    return replicas


def other_regions(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    args: ManagedPostgresArgs,
    primary: aws.rds.Instance,
    monitoring_role_arn: pulumi.Output[str] | None,
    logs: ExportedLogs,
) -> None:
    """The cross-region replica and the backup replication, each with the key of its region (one per
    region, shared when both name the same)."""
    keys = RegionKeys(owner, name, base, settings)

    if settings.cross_region_replica:
        region = settings.cross_region_replica
        read_replica(
            owner,
            settings,
            primary,
            monitoring_role_arn,
            logs,
            f"{name}-replica-{region}",
            physical_name(f"{base}-db-replica-{region}", 63),
            region,
            keys.key_in(region).arn,
            settings.cross_region_subnet_group_name,
            args.get("cross_region_security_group_ids"),
            parameter_group(owner, name, base, settings, region),
        )

    if settings.backup_replication_region:
        region = settings.backup_replication_region
        # Created in the destination region, where the copies are kept.
        aws.rds.InstanceAutomatedBackupsReplication(
            f"{name}-backups-{region}",
            source_db_instance_arn=primary.arn,
            kms_key_id=keys.key_in(region).arn,
            retention_period=settings.backup_retention_days,
            region=region,
            opts=pulumi.ResourceOptions(parent=owner),
        )
