"""`Secrets`: application secrets in AWS Secrets Manager, handed to services by ARN, never by value."""

import re
from typing import Required, TypedDict

import pulumi
import pulumi_aws as aws

from ..bounds import Between, bounds
from ..checks import refuse_unknown_keys
from .kms import encryption_key
from .naming import physical_base


class SecretsArgs(TypedDict, total=False):
    values: Required[dict[str, pulumi.Input[str]]]
    """Secret name (UPPER_CASE) -> value. Pass secret Outputs (e.g. `config.require_secret(...)`): the value
    stays encrypted in Pulumi state. Required."""
    path: str
    """Prefix of every secret's name in Secrets Manager, e.g. "shop/prod/". Default "<physical_name>/"."""
    recovery_window_in_days: int
    """Days a deleted secret can still be restored, 7-30. Default 30."""
    kms_key_id: pulumi.Input[str]
    """Your own KMS key for the secrets; the services that read them need kms:Decrypt on it. Default: with
    `own_key`, a key of the component's own; without, the account's AWS managed `aws/secretsmanager` key."""
    own_key: bool
    """Without `kms_key_id`, encrypt the secrets with a customer-managed KMS key of the component's own
    (alias `alias/<physical_name>-secrets`, yearly rotation, the account's statement only in its policy:
    Secrets Manager uses it on behalf of the principals IAM lets decrypt with it, so each reader needs
    kms:Decrypt on `kms_key_arn`). Changing the key of an existing secret is an update in place: Secrets
    Manager re-encrypts its versions (hashicorp/terraform-provider-aws internal/service/secretsmanager/
    secret.go: `kms_key_id` is not ForceNew). About $1 a month. Default True; the staging profile turns it
    off."""
    tags: dict[str, str]
    """Tags added to every resource. Default {}."""
    physical_name: str
    """The base of the physical names of this component's secrets (the default `path`,
    "<physical_name>/"). Default: the component's name. Give each stack its own (e.g. "shop-staging") so
    that two stacks in one account are told apart, while the logical names, and so the URNs, stay the same.
    1-63 lowercase letters, digits and hyphens, starting with a letter."""


# What each argument admits, checked before anything else (`components.bounds`); `own_key` must be True or
# False by its type.
BOUNDS = bounds(SecretsArgs, recovery_window_in_days=Between(7, 30))


class Secrets(pulumi.ComponentResource):
    """One Secrets Manager secret per value; `references[NAME]` is what a task definition references: the
    secret pinned to its current version, so a new value changes the task definition and rolls the service,
    and the service is created only once the value is stored.

    Example:

        config = pulumi.Config()
        app_secrets = Secrets("shop", {"values": {"API_KEY": config.require_secret("apiKey")}})
        pulumi.export("apiKeyArn", app_secrets.arns["API_KEY"])
        pulumi.export("apiKeyReference", app_secrets.references["API_KEY"])  # for an ECS container's secrets
    """

    arns: dict[str, pulumi.Output[str]]
    """Secret name -> the secret's ARN (for IAM policies)."""
    references: dict[str, pulumi.Output[str]]
    """Secret name -> `<ARN>:::<version id>`, the whole secret at its current version, for an ECS
    container's `secrets`."""
    kms_key_arn: pulumi.Output[str]
    """The customer-managed key that encrypts the secrets (its own or `kms_key_id`), whose kms:Decrypt a
    reader needs; "" with the AWS managed key."""

    def __init__(self, name: str, args: SecretsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(Secrets, SecretsArgs, name, args, opts)
        values = args.get("values")
        if not values:
            raise ValueError("Secrets values is required: a mapping of secret names to (secret) values")
        bad = [key for key in values if not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", key)]
        if bad:
            raise ValueError(f"Secrets values has invalid names {bad}; use letters, digits and _")
        window = args.get("recovery_window_in_days", 30)
        own_key = args.get("own_key", True)
        base = physical_base("Secrets", name, args.get("physical_name"))
        path = args.get("path", f"{base}/")
        tags = dict(args.get("tags") or {})
        super().__init__("stackyard-aws:index:Secrets", name, None, opts)
        key_arn: pulumi.Input[str] | None = args.get("kms_key_id")
        if key_arn is None and own_key:
            key_arn = encryption_key(
                f"{name}-secrets", f"Secrets of {name}", self, tags, alias=f"{base}-secrets"
            ).arn

        self.arns = {}
        self.references = {}
        for key, value in values.items():
            logical = f"{name}-{key.lower().replace('_', '-')}"
            secret = aws.secretsmanager.Secret(
                logical,
                name_prefix=f"{path}{key}-",
                description=f"{key} for {name}, managed by stackyard",
                kms_key_id=key_arn,
                recovery_window_in_days=window,
                tags={**tags, "Name": logical},
                opts=pulumi.ResourceOptions(parent=self),
            )
            version = aws.secretsmanager.SecretVersion(
                logical,
                secret_id=secret.id,
                secret_string=pulumi.Output.secret(value),
                opts=pulumi.ResourceOptions(parent=self),
            )
            self.arns[key] = secret.arn
            self.references[key] = pulumi.Output.concat(secret.arn, ":::", version.version_id)
        self.kms_key_arn = pulumi.Output.from_input(key_arn if key_arn is not None else "")
        self.register_outputs(
            {"arns": self.arns, "references": self.references, "kms_key_arn": self.kms_key_arn}
        )
