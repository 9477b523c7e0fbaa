"""The master credentials: the generated password, and the Secrets Manager secret that keeps it with the
host, port, user, database and a ready `url` (RDS's own secret with `rds_managed_password`)."""

import json
from collections.abc import Sequence
from dataclasses import dataclass

import pulumi
import pulumi_aws as aws

from ...credentials import generated_password, postgres_url
from .settings import PASSWORD_LENGTH, SECRET_RECOVERY_DAYS, _Settings


@dataclass(frozen=True)
class Credentials:
    """Where the master credentials are, and the password and URLs themselves (Pulumi secrets)."""

    secret_arn: pulumi.Output[str]
    secret_version_id: pulumi.Output[str]
    password: pulumi.Output[str]
    url: pulumi.Output[str]
    reader_url: pulumi.Output[str]


def master_password(owner: pulumi.Resource, name: str, settings: _Settings) -> pulumi.Output[str] | None:
    """The generated master password (its `password_version`); None with `rds_managed_password`."""
    return (
        generated_password(f"{name}-password", owner, PASSWORD_LENGTH, settings.password_version)
        if not settings.rds_managed_password
        else None
    )


def credentials(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    primary: aws.rds.Instance,
    replicas: list[aws.rds.Instance],
    password: pulumi.Output[str] | None,
    key_arn: pulumi.Input[str],
) -> Credentials:
    """RDS's own secret with `rds_managed_password` (`password` None); else the credentials secret of the
    generated `password`, with the first replica's `reader_url` when there is one."""
    if password is None:
        return Credentials(
            secret_arn=primary.master_user_secrets.apply(_secret_arn),
            secret_version_id=pulumi.Output.from_input(""),
            password=pulumi.Output.secret(""),
            url=pulumi.Output.secret(""),
            reader_url=pulumi.Output.secret(""),
        )
    reader = replicas[0] if replicas else None
    return _credentials_secret(owner, name, base, settings, primary, reader, password, key_arn)


def _credentials_secret(
    owner: pulumi.Resource,
    name: str,
    base: str,
    settings: _Settings,
    primary: aws.rds.Instance,
    reader: aws.rds.Instance | None,
    password: pulumi.Output[str],
    key_arn: pulumi.Input[str],
) -> Credentials:
    """The credentials secret (RDS's JSON format plus `url`, and `reader_url`/`reader_host` of the first
    replica `reader` when there is one), encrypted with the database's key."""
    secret = aws.secretsmanager.Secret(
        f"{name}-credentials",
        name_prefix=f"{base}/db-credentials-",
        description=f"Master credentials and URL of the {name} PostgreSQL database, managed by stackyard",
        kms_key_id=key_arn,
        recovery_window_in_days=SECRET_RECOVERY_DAYS,
        tags={**settings.tags, "Name": f"{name}-db-credentials"},
        opts=pulumi.ResourceOptions(parent=owner),
    )
    values = pulumi.Output.all(
        host=primary.address,
        port=primary.port,
        identifier=primary.identifier,
        password=password,
        username=settings.username,
        dbname=settings.database_name,
        # Only with a replica: the secret of a database without one stays exactly as it was.
        **({"reader_host": reader.address} if reader is not None else {}),
    )
    version = aws.secretsmanager.SecretVersion(
        f"{name}-credentials",
        secret_id=secret.id,
        secret_string=pulumi.Output.secret(values.apply(_credentials_json)),
        opts=pulumi.ResourceOptions(parent=owner),
    )
    return Credentials(
        secret_arn=secret.arn,
        secret_version_id=version.version_id,
        password=password,
        url=pulumi.Output.secret(
            values.apply(
                lambda v: postgres_url(v["username"], v["password"], v["host"], v["port"], v["dbname"])
            )
        ),
        reader_url=pulumi.Output.secret(
            values.apply(
                lambda v: (
                    postgres_url(v["username"], v["password"], v["reader_host"], v["port"], v["dbname"])
                    if "reader_host" in v
                    else ""
                )
            )
        ),
    )


def _secret_arn(secrets: Sequence[aws.rds.outputs.InstanceMasterUserSecret] | None) -> str:
    return (secrets[0].secret_arn or "") if secrets else ""


def _credentials_json(values: dict[str, object]) -> str:
    host, port, username, password, dbname = (
        str(values[k]) for k in ("host", "port", "username", "password", "dbname")
    )
    document: dict[str, object] = {
        "engine": "postgres",
        "host": host,
        "port": int(port),
        "username": username,
        "password": password,
        "dbname": dbname,
        "dbInstanceIdentifier": values["identifier"],
        "url": postgres_url(username, password, host, port, dbname),
    }
    if "reader_host" in values:
        reader_host = str(values["reader_host"])
        document["reader_url"] = postgres_url(username, password, reader_host, port, dbname)
        document["reader_host"] = reader_host
    return json.dumps(document)
