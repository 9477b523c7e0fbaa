"""What a service's environment holds: `app.services.<name>.variables`, the names its application reads and
what each one holds.

One catalogue (`SOURCES`) declares every source once: its key, what it holds, whether it carries a
credential, and the clouds that have it. The config check (`variable_problems`), the docs (the `variables`
key's description and README's table, `catalogue_table`) and the builders (`resolve`) all read it.

    variables:
      DATABASE_URL: database.url              # a credential: by secret reference
      DATABASE_READ_URL: database.reader_url  # the first read replica's URL
      DB_HOST: database.host                  # plain settings: values
      S3_BUCKET: buckets.uploads.name
      JWT_SECRET: secrets.JWT_SECRET
      NEXT_PUBLIC_API_URL: services.api.url/api/v1

Without `variables` a service gets the defaults (`default_variables`: DATABASE_URL, DATABASE_PASSWORD,
DATABASE_HOST … BUCKET_<NAME>); with it exactly those names, plus its `environment` and its `secrets`. A
credential (a URL with a password, a password, an app secret) always goes by secret reference: ECS
`secrets` pinned to the secret's version, Cloud Run secret version references, a Kubernetes Secret read with
`secretKeyRef`; never as a plain value.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from typing import TYPE_CHECKING, Any

import pulumi

from components.limits import CLOUD_RUN_RESERVED_ENV as CLOUD_RUN_RESERVED

if TYPE_CHECKING:
    from .model import App

from .variable_catalogue import (
    APP,
    CLOUDS,
    ECS_RESERVED,
    ENV_NAME,
    SOURCES,
    Reference,
    Source,
    parse,
)

# -- the defaults -------------------------------------------------------------------------------------------


def default_variables(app: App, cloud: str) -> dict[str, str]:
    """What a service without `variables` gets: the names every service got before `variables` existed,
    the same on every runtime."""
    names: dict[str, str] = {}
    if app.database is not None:
        names.update(
            DATABASE_HOST="database.host",
            DATABASE_PORT="database.port",
            DATABASE_NAME="database.name",
            DATABASE_USER="database.user",
            DATABASE_SSLMODE="database.sslmode",
            DATABASE_PASSWORD="database.password",
        )
        if not (cloud == "aws" and app.database.rds_managed_password):  # RDS's own secret holds no URL
            names["DATABASE_URL"] = "database.url"
    if app.cache is not None:
        names.update(
            REDIS_HOST="cache.host",
            REDIS_PORT="cache.port",
            REDIS_TLS="cache.tls",
            REDIS_PASSWORD="cache.password",
            REDIS_URL="cache.url",
        )
        if cloud == "gcp":
            names["REDIS_CA_CERT"] = "cache.ca_cert"
    for bucket in app.buckets:
        names[f"BUCKET_{bucket.upper().replace('-', '_')}"] = f"buckets.{bucket}.name"
    return names


def variables_of(app: App, cloud: str, spec: Any) -> dict[str, str]:
    """A service's `variables`, or the defaults when it has none."""
    return dict(spec.variables) if spec.variables is not None else default_variables(app, cloud)


def parts_of(variables: Mapping[str, str]) -> set[str]:
    """The parts of the app (database, cache …) that `variables` read: the ones the service may reach."""
    return {ref.source.part for ref in (parse(s) for s in variables.values()) if ref is not None}


def credential_parts(variables: Mapping[str, str]) -> set[str]:
    """The parts whose credentials `variables` read (on ECS: whose secrets' KMS keys the task needs)."""
    return {
        ref.source.part
        for ref in (parse(s) for s in variables.values())
        if ref is not None and ref.source.credential
    }


def _url_reads(app: App, variables: Mapping[str, str]) -> set[str]:
    """The services of the app whose URL (`services.<name>.url`) `variables` read."""
    refs = (parse(text) for text in variables.values())
    return {
        str(ref.member)
        for ref in refs
        if ref is not None and ref.source.key == "services.NAME.url" and ref.member in app.services
    }


def internal_targets(app: App, variables: Mapping[str, str]) -> set[str]:
    """The internal (not public) web services whose URL `variables` read."""
    return {n for n in _url_reads(app, variables) if not getattr(app.services[n], "public", False)}


def late_url_targets(app: App, variables: Mapping[str, str]) -> set[str]:
    """The web services whose URL `variables` read and Cloud Run knows only once the service exists: the
    internal ones, and without `app.domain` the public ones too (served at their run.app URL)."""
    return internal_targets(app, variables) if app.domain else _url_reads(app, variables)


def creation_order(app: App) -> list[str]:
    """The services in the order they can be created when a URL is only known once its service exists
    (Cloud Run, `late_url_targets`): a service after the services it reads; otherwise the stack file's
    order. The config check refuses cycles."""
    order: list[str] = []
    visiting: set[str] = set()

    def visit(name: str) -> None:
        if name in order or name in visiting:
            return
        visiting.add(name)
        spec = app.services[name]
        if spec.variables is not None:
            for target in sorted(late_url_targets(app, spec.variables)):
                visit(target)
        visiting.discard(name)
        order.append(name)

    for name in app.services:
        visit(name)
    return order


# -- the builders -------------------------------------------------------------------------------------------

Lookup = Mapping[str, Callable[[], pulumi.Input[str]]]
"""What a runtime can give, by source key with its member filled in (`buckets.photos.name`): a function,
called only for the sources a service reads, returning the value (plain) or what the runtime takes for a
credential (a secret reference, or on Kubernetes the secret value)."""


def resolve(
    variables: Mapping[str, str], lookup: Lookup
) -> tuple[dict[str, pulumi.Input[str]], dict[str, pulumi.Input[str]]]:
    """(plain environment, credentials) of `variables`: every credential in the second mapping, for the
    runtime to pass by reference."""
    environment: dict[str, pulumi.Input[str]] = {}
    credentials: dict[str, pulumi.Input[str]] = {}
    for name, text in variables.items():
        ref = parse(text)
        assert ref is not None and ref.key in lookup, f"the config check admits only known sources ({text})"
        value = lookup[ref.key]()
        if ref.path:
            value = pulumi.Output.concat(value, ref.path)
        (credentials if ref.source.credential else environment)[name] = value
    return environment, credentials


# -- the config check ---------------------------------------------------------------------------------------


def reserved_problems(cloud: Any, runtime: Any, path: str, key: str, names: Iterable[str]) -> list[str]:
    """Names the runtime sets itself, given under `path.key` (environment or variables)."""
    problems = []
    managed = runtime in (None, "managed")
    for name in names:
        if (
            managed
            and cloud == "gcp"
            and (name in CLOUD_RUN_RESERVED or name.upper().startswith("X_GOOGLE_"))
        ):
            problems.append(
                f"{path}.{key}.{name}: Cloud Run sets {name} itself (reserved: PORT, K_SERVICE, K_REVISION, "
                "K_CONFIGURATION, the CLOUD_RUN_ names of jobs and worker pools, X_GOOGLE_*); rename it"
            )
        elif managed and cloud == "aws" and name in ECS_RESERVED:
            problems.append(
                f"{path}.{key}.{name}: ECS sets {name} in every container (the task role's credentials and "
                "the task metadata endpoint); use another name"
            )
    return problems


def variable_problems(
    cloud: Any, app: dict[str, Any], name: str, service: Any, services: Mapping[str, Any]
) -> list[str]:
    """Problems of one service's `variables` (and of runtime-reserved names in its `environment`). `app` is
    the raw (profile-applied) mapping; `service` and `services` are validated models."""
    path = f"{APP}.services.{name}"
    runtime = app.get("runtime", "managed")
    problems = reserved_problems(cloud, runtime, path, "environment", service.environment)
    variables = service.variables
    if variables is None:
        return problems
    problems.extend(reserved_problems(cloud, runtime, path, "variables", variables))
    context = _Context(cloud, app, services)
    for variable, text in variables.items():
        where = f"{path}.variables.{variable}"
        if not ENV_NAME.match(variable):
            problems.append(f"{where}: environment variable names are letters, digits and _")
        if variable in service.environment:
            problems.append(f"{where}: also set in environment; keep one of the two")
        if variable in service.secrets:
            problems.append(
                f"{where}: also in secrets, which gives {variable} under its own name; keep one of the two"
            )
        problems.extend(f"{where}: {p}" for p in context.problems(text, name, service))
    problems.extend(_cycle_problems(cloud, runtime, path, name, services, bool(app.get("domain"))))
    return problems


class _Context:
    """What the app has, for checking sources against it."""

    def __init__(self, cloud: Any, app: dict[str, Any], services: Mapping[str, Any]) -> None:
        self.cloud = cloud
        self.runtime = app.get("runtime", "managed")
        database, cache = app.get("database"), app.get("cache")
        self.database = database if isinstance(database, dict) else None
        self.cache = cache if isinstance(cache, dict) else None
        buckets, secrets = app.get("buckets"), app.get("secrets")
        self.buckets = [str(b) for b in buckets] if isinstance(buckets, dict) else []
        self.secrets = [s for s in secrets if isinstance(s, str)] if isinstance(secrets, list) else []
        self.services = services

    def available(self) -> list[str]:
        """Every source this app offers, concretely (for "did you mean")."""
        found = []
        for source in SOURCES:
            if self.cloud in CLOUDS and self.cloud not in source.clouds:
                continue
            members = {
                "buckets": self.buckets,
                "secrets": self.secrets,
                "services": [n for n, s in self.services.items() if hasattr(s, "port")],
            }.get(source.part)
            if members is None:
                if getattr(self, source.part) is not None:
                    found.append(source.key)
            else:
                found.extend(source.key.replace("NAME", m) for m in members)
        return found

    def problems(self, text: str, caller: str, service: Any) -> list[str]:
        ref = parse(text)
        if ref is None:
            hint = _suggest(text, self.available()) or (
                "; use database.<part>, cache.<part>, buckets.<name>.name, secrets.<NAME> or "
                "services.<name>.url"
            )
            return [
                f"{text!r} is not a source{hint} (all are listed under app.services.NAME.variables in the "
                "config reference)"
            ]
        source = ref.source
        if self.cloud in CLOUDS and self.cloud not in source.clouds:
            return [f"{text} is {'/'.join(source.clouds)} only: {source.cloud_note}"]
        part = source.part
        if part == "database":
            return self._database(text, source)
        if part == "cache":
            return (
                [] if self.cache is not None else [f"{text} needs {APP}.cache, which this app does not have"]
            )
        member = ref.member or ""
        if part == "buckets":
            if member not in self.buckets:
                return [
                    f"{text}: {member!r} is not a bucket of {APP}.buckets{_suggest(member, self.buckets)}"
                ]
            return []
        if part == "secrets":
            if member not in self.secrets:
                return [f"{text}: {member} is not declared in {APP}.secrets{_suggest(member, self.secrets)}"]
            return []
        return self._service(text, ref, caller, service)

    def _database(self, text: str, source: Source) -> list[str]:
        if self.database is None:
            return [f"{text} needs {APP}.database, which this app does not have"]
        replicas = self.database.get("read_replicas", 0)
        if source.key.startswith("database.reader_") and not (isinstance(replicas, int) and replicas >= 1):
            return [
                f"{text} needs a read replica; set {APP}.database.read_replicas to at least 1 (it is "
                f"{replicas}), or read database.url"
            ]
        managed_password = self.cloud == "aws" and self.database.get("rds_managed_password") is True
        if managed_password and source.key in ("database.url", "database.reader_url"):
            return [
                f"{text}: there is no URL with {APP}.database.rds_managed_password (RDS's secret holds only "
                "username and password); use database.host, database.user and database.password"
            ]
        return []

    def _service(self, text: str, ref: Reference, caller: str, service: Any) -> list[str]:
        target = ref.member
        assert target is not None
        if target not in self.services:
            return [
                f"{text}: {target!r} is not a service of {APP}.services"
                f"{_suggest(target, list(self.services))}"
            ]
        spec = self.services[target]
        if not hasattr(spec, "port"):
            kind = "scheduled job" if hasattr(spec, "schedule") else "worker"
            return [
                f"{text}: {target} is a {kind}, which has no URL; only a web service (with a port) has one"
            ]
        if spec.public:
            return []
        if self.runtime == "kubernetes":
            return [
                f"{text}: {target} is internal (public: false), and on runtime kubernetes the pods' "
                "NetworkPolicies open no connections to other pods; make it public, or read its address "
                "from your own setting in environment"
            ]
        if self.cloud == "aws" and hasattr(service, "schedule"):
            return [
                f"{text}: {caller} is a scheduled job, which ECS does not put in Service Connect, so "
                f"{target}'s internal name does not resolve in it; make {target} public"
            ]
        return []


def _cycle_problems(
    cloud: Any, runtime: Any, path: str, name: str, services: Mapping[str, Any], domain: bool
) -> list[str]:
    """On Cloud Run an internal service's URL (and, without a `domain`, a public one's run.app URL) is
    known only once it exists: services cannot read each other's (or their own) such URL in a circle."""
    if cloud != "gcp" or runtime not in (None, "managed"):
        return []

    def reads(caller: str) -> set[str]:
        spec = services.get(caller)
        found = set()
        for text in (getattr(spec, "variables", None) or {}).values():
            ref = parse(text)
            target = (
                services.get(ref.member or "") if ref is not None and ref.source.part == "services" else None
            )
            late = target is not None and hasattr(target, "port") and (not target.public or not domain)
            if ref is not None and late:
                found.add(str(ref.member))
        return found

    seen: set[str] = set()
    stack = list(reads(name))
    while stack:
        current = stack.pop()
        if current == name:
            return [
                f"{path}.variables: reads its own URL, directly or through other services; Cloud Run knows "
                "an internal service's URL (and without app.domain a public one's) only once it exists, so "
                "break the circle (make one public with app.domain, or drop one reference)"
            ]
        if current not in seen:
            seen.add(current)
            stack.extend(reads(current))
    return []


def _suggest(word: str, choices: Iterable[str]) -> str:
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=0.6)
    return f"; did you mean {close[0]!r}?" if close else ""
