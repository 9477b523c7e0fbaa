"""The KMS key of the storage, Performance Insights and the credentials secret: the one given, or the
component's own; and one key per other region, for the cross-region replica and the replicated backups."""

import pulumi
import pulumi_aws as aws

from ..kms import encryption_key
from .settings import ManagedPostgresArgs, _Settings


def storage_key(
    owner: pulumi.Resource, name: str, base: str, settings: _Settings, args: ManagedPostgresArgs
) -> pulumi.Input[str]:
    """`kms_key_arn` when given, else a new customer-managed key (alias `alias/<physical_name>-db`)."""
    given_key = args.get("kms_key_arn")
    if given_key is not None:
        return given_key
    return encryption_key(
        f"{name}-db",
        "PostgreSQL storage, Performance Insights and master password",
        owner,
        settings.tags,
        protect=settings.protect,
        alias=f"{base}-db",
    ).arn


class RegionKeys:
    """The keys in other regions, made on first use. Resources in another region use the stack's provider
    with their own `region` argument: an explicit `aws.Provider` would ignore the stack's `aws:` configuration
    (profile, assumed role, default tags)."""

    def __init__(self, owner: pulumi.Resource, name: str, base: str, settings: _Settings) -> None:
        self._owner = owner
        self._name = name
        self._base = base
        self._settings = settings
        self._keys: dict[str, aws.kms.Key] = {}

    def key_in(self, region: str) -> aws.kms.Key:
        """The KMS key (alias `alias/<physical_name>-db`) in `region`: one, however many uses."""
        if region not in self._keys:
            self._keys[region] = encryption_key(
                f"{self._name}-db",
                "PostgreSQL replica and backups",
                self._owner,
                self._settings.tags,
                protect=self._settings.protect,
                region=region,
                alias=f"{self._base}-db",
            )
        return self._keys[region]
