"""The exported logs: every instance's identifier by region, the log groups RDS exports each instance's
`postgresql` and `upgrade` logs to (created first, so their retention and key are ours) and, with
`encrypt_logs`, one log key per region."""

import pulumi
import pulumi_aws as aws

from ..kms import log_encryption_key
from ..naming import physical_name
from .settings import LOG_EXPORTS, _Settings


def instance_identifiers(base: str, settings: _Settings) -> dict[str | None, list[str]]:
    """Every instance's identifier by region (None: the stack's), the primary's first."""
    primary_id = physical_name(f"{base}-db", 63)
    identifiers: dict[str | None, list[str]] = {
        None: [primary_id]
        + [physical_name(f"{base}-db-replica-{n}", 63) for n in range(1, settings.read_replicas + 1)]
    }
    if settings.cross_region_replica:
        region = settings.cross_region_replica
        identifiers[region] = [physical_name(f"{base}-db-replica-{region}", 63)]
    return identifiers


class ExportedLogs:
    """The log groups of every instance, and their keys, made on first use."""

    def __init__(
        self,
        owner: pulumi.Resource,
        name: str,
        base: str,
        settings: _Settings,
        identifiers: dict[str | None, list[str]],
    ) -> None:
        self._owner = owner
        self._name = name
        self._base = base
        self._settings = settings
        self._identifiers = identifiers
        self._keys: dict[str | None, pulumi.Output[str]] = {}

    def key_in(self, region: str | None) -> pulumi.Output[str] | None:
        """The key of the exported log groups in `region` (alias `alias/<physical_name>-db-logs`): one
        per region, for every instance's groups there; None without `encrypt_logs`."""
        if not self._settings.encrypt_logs:
            return None
        if region not in self._keys:
            self._keys[region] = log_encryption_key(
                f"{self._name}-db-logs",
                "PostgreSQL logs",
                self._owner,
                self._settings.tags,
                [f"/aws/rds/instance/{identifier}/*" for identifier in self._identifiers[region]],
                alias=f"{self._base}-db-logs",
                region=region,
            ).arn
        return self._keys[region]

    def groups(self, logical: str, identifier: str, region: str | None) -> list[aws.cloudwatch.LogGroup]:
        """The groups RDS exports `identifier`'s logs to, created first so their retention (and key) is
        ours; in `region` when given (the stack's region otherwise)."""
        return [
            aws.cloudwatch.LogGroup(
                f"{logical}-{log}",
                name=f"/aws/rds/instance/{identifier}/{log}",
                retention_in_days=self._settings.log_retention_days,
                kms_key_id=self.key_in(region),
                tags={**self._settings.tags, "Name": f"{logical}-{log}"},
                region=region,
                opts=pulumi.ResourceOptions(parent=self._owner),
            )
            for log in LOG_EXPORTS
        ]
