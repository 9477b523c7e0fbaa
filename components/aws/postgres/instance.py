"""The primary: the RDS instance itself, private, encrypted with the storage key, Multi-AZ, backed up,
monitored, exporting its logs to its own log groups, with deletion protection, a final snapshot and Pulumi
`protect`."""

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .logs import ExportedLogs
from .monitoring import monitoring_arguments
from .network import DatabaseNetwork
from .settings import _named, _Settings


def primary_instance(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    identifier: str,
    key_arn: pulumi.Input[str],
    password: pulumi.Output[str] | None,
    network: DatabaseNetwork,
    parameter_group: aws.rds.ParameterGroup,
    monitoring_role_arn: pulumi.Output[str] | None,
    logs: ExportedLogs,
) -> aws.rds.Instance:
    """The primary instance `identifier`, after its log groups; with `password` None (`rds_managed_password`)
    RDS makes the password in its own secret, encrypted with the storage key."""
    return aws.rds.Instance(
        name,
        identifier=identifier,
        engine="postgres",
        engine_version=settings.engine_version,
        allow_major_version_upgrade=True,
        auto_minor_version_upgrade=True,
        instance_class=settings.instance_class,
        allocated_storage=settings.allocated_storage_gb,
        max_allocated_storage=settings.max_allocated_storage_gb,
        storage_type="gp3",
        storage_encrypted=True,
        kms_key_id=key_arn,
        db_name=settings.database_name,
        username=settings.username,
        password=password,
        manage_master_user_password=True if password is None else None,
        master_user_secret_kms_key_id=key_arn if password is None else None,
        iam_database_authentication_enabled=settings.iam_authentication,
        port=settings.port,
        db_subnet_group_name=network.subnet_group.name,
        vpc_security_group_ids=[network.security_group.id],
        publicly_accessible=False,
        multi_az=settings.multi_az,
        parameter_group_name=parameter_group.name,
        backup_retention_period=settings.backup_retention_days,
        backup_window=settings.backup_window,
        maintenance_window=settings.maintenance_window,
        copy_tags_to_snapshot=True,
        delete_automated_backups=False,
        deletion_protection=settings.deletion_protection,
        skip_final_snapshot=not settings.final_snapshot,
        final_snapshot_identifier=physical_name(f"{base}-db-final", 255),
        apply_immediately=settings.apply_immediately,
        **monitoring_arguments(settings, key_arn, monitoring_role_arn),
        tags=_named(settings.tags, name, "db"),
        opts=pulumi.ResourceOptions(
            parent=owner,
            protect=settings.protect,
            retain_on_delete=False,
            depends_on=logs.groups(f"{name}-db", identifier, None),
        ),
    )
