"""Memorystore for Redis: AUTH, transit encryption and STANDARD_HA in production."""

from __future__ import annotations

from ..model import ADVISORY, MANDATORY, Resource, Rule, rule
from .helpers import UNDECIDED, _input

RULES: list[Rule] = []


REDIS = "gcp:redis/instance:Instance"


@rule(
    "gcp-redis-auth-enabled",
    MANDATORY,
    [REDIS],
    "checkov CKV_GCP_95, cdk-nag AEC6: without AUTH anything that reaches the instance's private address can "
    "read and write the cache (authEnabled defaults to false).",
    "RedisCache always enables AUTH; on a raw gcp.redis.Instance set auth_enabled: True and hand the AUTH "
    "string to services through Secret Manager.",
    into=RULES,
)
def _redis_auth(resource: Resource) -> str | None:
    if _input(resource, "authEnabled", False) is False:
        return "authEnabled is not true: the cache accepts unauthenticated clients"
    return None


@rule(
    "gcp-redis-transit-encryption",
    MANDATORY,
    [REDIS],
    "checkov CKV_GCP_97, cdk-nag AEC3: the AUTH string and the data cross the network in clear text unless "
    "transitEncryptionMode is SERVER_AUTHENTICATION (the default is DISABLED).",
    "RedisCache always sets it; on a raw instance set transit_encryption_mode: SERVER_AUTHENTICATION "
    "(clients then connect with TLS on port 6378 and the instance's CA).",
    into=RULES,
)
def _redis_transit(resource: Resource) -> str | None:
    mode = _input(resource, "transitEncryptionMode", "DISABLED")
    if mode is UNDECIDED or mode == "SERVER_AUTHENTICATION":
        return None
    return f"transitEncryptionMode is {mode}: traffic to the cache is not encrypted"


@rule(
    "gcp-redis-standard-ha-prod",
    ADVISORY,
    [REDIS],
    "cdk-nag AEC4 and checkov CKV2_AWS_50 (Multi-AZ, automatic failover) on AWS: a BASIC production cache "
    "has no replica and loses its data when its node fails; STANDARD_HA fails over to a replica in another "
    "zone.",
    "Set app.cache.replicas: 1 (the prod profile does), which makes the Memorystore tier STANDARD_HA.",
    into=RULES,
)
def _redis_ha(resource: Resource) -> str | None:
    if not resource.is_prod:
        return None
    tier = _input(resource, "tier", "BASIC")
    if tier is UNDECIDED or tier == "STANDARD_HA":
        return None
    return f"production cache on tier {tier}: no replica, no failover"
