"""`Secrets`: application secrets in Google Secret Manager, handed to services by id, never by value."""

import re
from typing import Required, TypedDict

import pulumi

from ..checks import refuse_unknown_keys
from ..naming import physical_base, physical_name
from .secret_store import stored_secret_version, version_reference


class SecretsArgs(TypedDict, total=False):
    values: Required[dict[str, pulumi.Input[str]]]
    """Secret name (UPPER_CASE) -> value. Pass secret Outputs (e.g. `config.require_secret(...)`): the value
    stays encrypted in Pulumi state. Required."""
    prefix: str
    """Prefix of every secret's id in Secret Manager, e.g. "shop-prod-". Default "<physical_name>-"."""
    labels: dict[str, str]
    """Labels added to every secret. Default {}."""
    physical_name: str
    """The base of the secrets' ids (the default `prefix`, "<physical_name>-"). Default: the component's
    name. Give each stack its own (e.g. "shop-staging") so that two stacks in one project never collide,
    while the logical names, and so the URNs, stay the same. 1-63 lowercase letters, digits and hyphens,
    starting with a letter."""


class Secrets(pulumi.ComponentResource):
    """One Secret Manager secret per value; `ids[NAME]` is what a Cloud Run service references.

    Example:

        config = pulumi.Config()
        app_secrets = Secrets("shop", {"values": {"API_KEY": config.require_secret("apiKey")}})
        pulumi.export("apiKeyId", app_secrets.ids["API_KEY"])
    """

    ids: dict[str, pulumi.Output[str]]
    """Secret name -> the secret's id, `projects/<project>/secrets/<secret id>`."""
    references: dict[str, pulumi.Output[str]]
    """Secret name -> its current version, `projects/<project>/secrets/<secret id>/versions/<n>`, for a Cloud
    Run container's `secrets`: a new value is a new version, which rolls the service, and the service is
    created only once the value is stored."""

    def __init__(self, name: str, args: SecretsArgs, opts: pulumi.ResourceOptions | None = None) -> None:
        refuse_unknown_keys(Secrets, SecretsArgs, name, args, opts)
        values = args.get("values")
        if not values:
            raise ValueError("Secrets values is required: a mapping of secret names to (secret) values")
        bad = [key for key in values if not re.match(r"^[A-Za-z][A-Za-z0-9_]*$", key)]
        if bad:
            raise ValueError(f"Secrets values has invalid names {bad}; use letters, digits and _")
        base = physical_base("Secrets", name, args.get("physical_name"))
        prefix = args.get("prefix", f"{base}-")
        if not re.match(r"^[A-Za-z0-9_-]*$", prefix):
            raise ValueError(f"Secrets prefix {prefix!r} is not allowed; use letters, digits, - and _")
        labels = dict(args.get("labels") or {})
        super().__init__("stackyard-gcp:index:Secrets", name, None, opts)

        self.ids = {}
        self.references = {}
        for key, value in values.items():
            logical = f"{name}-{key.lower().replace('_', '-')}"
            secret, version = stored_secret_version(
                logical,
                secret_id=physical_name(f"{prefix}{key}", 255, separator="-"),
                value=value,
                parent=self,
                labels=labels,
            )
            self.ids[key] = secret.id
            self.references[key] = version_reference(secret, version)
        self.register_outputs({"ids": self.ids, "references": self.references})
