"""stackyard components for AWS. Type tokens: `stackyard-aws:index:<Class>`."""

from .bucket import Bucket, BucketArgs
from .postgres import ManagedPostgres, ManagedPostgresArgs
from .redis import RedisCache, RedisCacheArgs
from .secrets import Secrets, SecretsArgs
from .vpc import Vpc, VpcArgs

__all__ = [
    "Bucket",
    "BucketArgs",
    "ManagedPostgres",
    "ManagedPostgresArgs",
    "RedisCache",
    "RedisCacheArgs",
    "Secrets",
    "SecretsArgs",
    "Vpc",
    "VpcArgs",
]
