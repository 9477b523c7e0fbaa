"""What each runtime can hand a service for its `variables` (`stacks/variables.py` has the catalogue and
the defaults): the data tier's plain settings, the same on every cloud and runtime, and the credentials in
the form the runtime takes them, by secret reference on ECS and Cloud Run, as the values of the app's
Kubernetes Secret on Kubernetes."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import pulumi

from .variables import Lookup, credential_parts, parts_of, resolve, variables_of

if TYPE_CHECKING:
    from .config import Job, StackConfig, WebService, Worker

Value = Callable[[], pulumi.Input[str]]


@dataclass
class ServiceEnvironment:
    """One service's environment: plain settings, credentials (references, or Kubernetes Secret values),
    and the parts of the app (database, cache …) it reads, which are the ones it may reach."""

    environment: dict[str, pulumi.Input[str]]
    secrets: dict[str, pulumi.Input[str]]
    parts: set[str]
    credential_parts: set[str]


def service_environment(
    config: StackConfig,
    spec: WebService | Worker | Job,
    lookup: Lookup,
    app_secrets: Mapping[str, pulumi.Input[str]],
) -> ServiceEnvironment:
    """The service's `variables` (or the defaults) resolved with `lookup`, then its `environment`, and its
    `secrets` under their own names (`app_secrets`: the runtime's form of each app secret)."""
    variables = variables_of(config.app, config.cloud, spec)
    environment, secrets = resolve(variables, lookup)
    environment.update(spec.environment)
    secrets.update({secret: app_secrets[secret] for secret in spec.secrets})
    return ServiceEnvironment(environment, secrets, parts_of(variables), credential_parts(variables))


def database_lookup(db: Any) -> dict[str, Value]:
    """The database's plain sources (either cloud's ManagedPostgres). TLS is always required."""
    return {
        "database.host": lambda: db.endpoint,
        "database.port": lambda: pulumi.Output.from_input(db.port).apply(str),
        "database.name": lambda: db.database_name,
        "database.user": lambda: db.username,
        "database.sslmode": lambda: "require",
        "database.reader_host": lambda: db.reader_endpoints.apply(lambda hosts: hosts[0]),
    }


def cache_lookup(cache: Any) -> dict[str, Value]:
    """The cache's plain sources (either cloud's RedisCache; `ca_cert` where the cache has one: gcp). It
    only speaks TLS."""
    lookup: dict[str, Value] = {
        "cache.host": lambda: cache.primary_endpoint,
        "cache.port": lambda: pulumi.Output.from_input(cache.port).apply(str),
        "cache.tls": lambda: "true",
        "cache.reader_host": lambda: cache.reader_endpoint,
    }
    if hasattr(cache, "ca_certificate"):
        # The server CA is public; clients need it to verify Memorystore's certificate.
        lookup["cache.ca_cert"] = lambda: cache.ca_certificate
    return lookup


def bucket_lookup(buckets: Mapping[str, Any], arns: bool = False) -> dict[str, Value]:
    """Each bucket's name, and with `arns` (aws) its ARN."""
    lookup: dict[str, Value] = {}
    for name, bucket in buckets.items():
        lookup[f"buckets.{name}.name"] = lambda b=bucket: b.bucket_name
        if arns:
            lookup[f"buckets.{name}.arn"] = lambda b=bucket: b.arn
    return lookup


def reference_lookup(
    db: Any, cache: Any, secret_references: Mapping[str, pulumi.Input[str]]
) -> dict[str, Value]:
    """Credentials as ECS and Cloud Run take them: references to secret versions, `secret_reference(key)`
    (ECS: `<secret ARN>:<json key>::<version id>`, resolved when a task starts; Cloud Run:
    `projects/…/secrets/…/versions/<n>`, resolved when an instance starts). Pinned to the current version:
    a rotated credential changes the task definition or revision, and the service rolls."""
    lookup: dict[str, Value] = {}
    if db is not None:
        for key in ("url", "password", "reader_url"):
            lookup[f"database.{key}"] = lambda k=key: db.secret_reference(k)
    if cache is not None:
        for key in ("url", "password"):
            lookup[f"cache.{key}"] = lambda k=key: cache.secret_reference(k)
    for name, reference in secret_references.items():
        lookup[f"secrets.{name}"] = lambda r=reference: r
    return lookup


def value_lookup(db: Any, cache: Any, secret_values: Mapping[str, pulumi.Input[str]]) -> dict[str, Value]:
    """Credentials as Kubernetes takes them: the values (Pulumi secrets), written only to the service's
    Kubernetes Secret and read by the pods with `secretKeyRef`; a rotated credential changes the Secret, and
    the pods' checksum of it rolls them."""
    lookup: dict[str, Value] = {}
    if db is not None:
        lookup["database.url"] = lambda: db.url
        lookup["database.password"] = lambda: db.password
        lookup["database.reader_url"] = lambda: db.reader_url
    if cache is not None:
        lookup["cache.url"] = lambda: cache.url
        lookup["cache.password"] = lambda: cache.password
    for name, value in secret_values.items():
        lookup[f"secrets.{name}"] = lambda v=value: v
    return lookup


def service_lookup(
    config: StackConfig,
    internal: Callable[[str], pulumi.Input[str]] | None = None,
    public: Callable[[str], pulumi.Input[str]] | None = None,
) -> dict[str, Value]:
    """`services.<name>.url` of each web service: `https://<host>` for a public one (without `app.domain`,
    what `public(name)` gives: the name its cloud serves it at); for an internal one what `internal(name)`
    gives (the runtime's address), where the runtime has one."""
    from .config import WebService, public_host

    lookup: dict[str, Value] = {}
    for name, spec in config.app.services.items():
        if not isinstance(spec, WebService):
            continue
        if spec.public and not config.app.domain and public is not None:
            lookup[f"services.{name}.url"] = lambda n=name: public(n)
        elif spec.public:
            url = f"https://{public_host(config, name, spec)}"
            lookup[f"services.{name}.url"] = lambda u=url: u
        elif internal is not None:
            lookup[f"services.{name}.url"] = lambda n=name: internal(n)
    return lookup
