"""The KMS key of the data at rest, the snapshots and the AUTH token secret: the one given, or the cache's
own."""

import pulumi

from ..kms import encryption_key
from .settings import _Settings


def cache_key(owner: pulumi.Resource, name: str, settings: _Settings) -> pulumi.Input[str]:
    """`kms_key_arn` when given, else a new customer-managed key (alias `alias/<physical_name>-redis`)."""
    kms_key_arn: pulumi.Input[str]
    given_key = settings.kms_key_arn
    if given_key is not None:
        kms_key_arn = given_key
    else:
        kms_key_arn = encryption_key(
            f"{name}-redis",
            f"{settings.label} cache data and AUTH token",
            owner,
            settings.tags,
            protect=settings.protect,
            alias=f"{settings.base}-redis",
        ).arn
    return kms_key_arn
