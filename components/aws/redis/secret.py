"""The AUTH token (generated, rotated by `auth_token_version`) and the Secrets Manager secret that keeps it
with the endpoint, the port and a ready `rediss://` URL."""

import json
from dataclasses import dataclass
from typing import Any

import pulumi
import pulumi_aws as aws

from ...credentials import generated_password, redis_url
from .settings import AUTH_SECRET_RECOVERY_DAYS, AUTH_TOKEN_LENGTH, _named, _Settings


def auth_token(owner: pulumi.Resource, name: str, settings: _Settings) -> pulumi.Output[str]:
    """The AUTH token (a Pulumi secret); a new `auth_token_version` generates a new one."""
    # Letters and digits only: ElastiCache rejects some symbols (@, ", /) in an AUTH token.
    return generated_password(f"{name}-auth", owner, AUTH_TOKEN_LENGTH, settings.auth_token_version)


@dataclass(frozen=True)
class AuthSecret:
    """The secret of {"host", "port", "password", "url"} and its current version."""

    secret: aws.secretsmanager.Secret
    version: aws.secretsmanager.SecretVersion


def auth_secret(
    owner: pulumi.Resource,
    name: str,
    settings: _Settings,
    group: aws.elasticache.ReplicationGroup,
    port: pulumi.Output[int],
    token: pulumi.Output[str],
    kms_key_arn: pulumi.Input[str],
) -> AuthSecret:
    """The secret (`<physical_name>/redis-auth-…`, encrypted with the cache's key) and its version, whose
    JSON changes with the token or the endpoint."""
    child = pulumi.ResourceOptions(parent=owner)
    secret = aws.secretsmanager.Secret(
        f"{name}-auth",
        name_prefix=f"{settings.base}/redis-auth-",
        description=f"AUTH token and endpoint of the {settings.label} cache {name}, managed by stackyard",
        kms_key_id=kms_key_arn,
        recovery_window_in_days=AUTH_SECRET_RECOVERY_DAYS,
        tags=_named(settings.tags, name, "auth"),
        opts=child,
    )
    secret_version = aws.secretsmanager.SecretVersion(
        f"{name}-auth",
        secret_id=secret.id,
        secret_string=pulumi.Output.secret(
            pulumi.Output.all(group.primary_endpoint_address, port, token).apply(_connection_json)
        ),
        opts=child,
    )
    return AuthSecret(secret, secret_version)


def _connection_json(values: list[Any]) -> str:
    host, port, password = values
    return json.dumps(
        {"host": host, "port": port, "password": password, "url": redis_url(password, host, port)}
    )
