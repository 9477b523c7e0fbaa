"""The parameter group of the major version: the settled `parameters` (TLS forced, the logging defaults, the
extensions' libraries preloaded), static ones applied at the next reboot."""

import pulumi
import pulumi_aws as aws

from ..naming import physical_name
from .settings import _Settings

# Static PostgreSQL parameters: RDS rejects apply_method "immediate" for them.
STATIC_PARAMETERS = frozenset(
    {
        "autovacuum_max_workers",
        "huge_pages",
        "max_connections",
        "max_locks_per_transaction",
        "max_logical_replication_workers",
        "max_pred_locks_per_transaction",
        "max_prepared_transactions",
        "max_replication_slots",
        "max_wal_senders",
        "max_worker_processes",
        "pg_stat_statements.max",
        "rds.logical_replication",
        "shared_buffers",
        "shared_preload_libraries",
        "track_activity_query_size",
        "track_commit_timestamp",
        "wal_buffers",
    }
)


def parameter_group(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    region: str | None = None,
) -> aws.rds.ParameterGroup:
    """The parameter group of the major version (a new one per major, so an upgrade can switch to it
    while the old one still exists), in `region` when given (the stack's region otherwise)."""
    major = settings.engine_version
    where = f"-{region}" if region else ""
    logical = f"{name}-pg{major}{where}"
    return aws.rds.ParameterGroup(
        logical,
        name_prefix=physical_name(f"{base}-pg{major}{where}", 200) + "-",
        family=f"postgres{major}",
        description=f"PostgreSQL {major} parameters of {name}, managed by stackyard",
        parameters=[
            aws.rds.ParameterGroupParameterArgs(
                name=key,
                value=value,
                apply_method="pending-reboot" if key in STATIC_PARAMETERS else "immediate",
            )
            for key, value in sorted(settings.parameters.items())
        ],
        tags={**settings.tags, "Name": logical},
        region=region,
        opts=pulumi.ResourceOptions(parent=owner),
    )
