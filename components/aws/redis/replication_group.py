"""The replication group itself: the nodes (a primary and `replicas`), encrypted at rest with the cache's key
and in transit (TLS required), AUTH with the token, snapshots, maintenance and the slow log's delivery."""

import pulumi
import pulumi_aws as aws

from .logs import SlowLog
from .network import CacheSecurityGroup
from .settings import PORT, _named, _Settings


def replication_group(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    kms_key_arn: pulumi.Input[str],
    subnet_group: aws.elasticache.SubnetGroup,
    parameter_group: aws.elasticache.ParameterGroup,
    firewall: CacheSecurityGroup,
    slow_log: SlowLog,
    auth_token: pulumi.Output[str],
) -> aws.elasticache.ReplicationGroup:
    """The replication group `<physical_name>-redis` (Pulumi `protect` with `protect`)."""
    group_id = settings.group_id
    version = settings.version
    automatic_failover = settings.automatic_failover
    return aws.elasticache.ReplicationGroup(
        name,
        replication_group_id=group_id,
        description=f"{settings.label} cache {name}, managed by stackyard",
        engine=settings.engine,
        engine_version=version,
        node_type=settings.node_type,
        num_cache_clusters=1 + settings.replicas,
        automatic_failover_enabled=automatic_failover,
        multi_az_enabled=automatic_failover,
        port=PORT,
        subnet_group_name=subnet_group.name,
        security_group_ids=[firewall.security_group.id],
        parameter_group_name=parameter_group.name,
        at_rest_encryption_enabled=True,
        kms_key_id=kms_key_arn,
        transit_encryption_enabled=True,
        # Redis 6.2 has no transit encryption mode (AWS needs 7.0.5+): with TLS on it accepts only TLS.
        transit_encryption_mode=None if version == "6.2" else "required",
        auth_token=auth_token,
        auth_token_update_strategy="ROTATE",
        snapshot_retention_limit=settings.snapshot_retention_days,
        snapshot_window=settings.snapshot_window,
        maintenance_window=settings.maintenance_window,
        final_snapshot_identifier=f"{group_id}-final" if settings.final_snapshot else None,
        auto_minor_version_upgrade=True,
        apply_immediately=settings.apply_immediately,
        log_delivery_configurations=[
            {
                "destination": slow_log.group.name,
                "destination_type": "cloudwatch-logs",
                "log_format": "json",
                "log_type": "slow-log",
            }
        ],
        tags=_named(settings.tags, name, "redis"),
        opts=pulumi.ResourceOptions(parent=owner, protect=settings.protect),
    )


def client_port(group: aws.elasticache.ReplicationGroup) -> pulumi.Output[int]:
    """The port clients connect to (6379 while the provider has not reported it)."""
    return group.port.apply(lambda value: PORT if value is None else value)
