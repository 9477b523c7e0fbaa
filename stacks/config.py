"""The stack configuration: a stack file read into the models of `stacks.model`, with profile defaults, every
rule that spans keys, and clear errors.

A stack file carries three keys in the `stackyard:` namespace (all declared in `Pulumi.yaml`):

- `stackyard:cloud`: `aws` or `gcp`;
- `stackyard:environment`: `staging` or `prod`, which picks the profile defaults (`stacks/profiles.py`);
- `stackyard:app`: the application (name, domain, network, database, cache, buckets, services, site,
  alarms, and the names of its secrets);

and one optional secret key, `stackyard:secrets`, a mapping from each name in `app.secrets` to its value,
set with `pulumi config set --secret --path 'secrets.NAME' VALUE`. Secret values never enter these
models: `load_stack_config` only checks that each declared secret has a value and that the values are
stored as secrets.

`load_stack_config(values, secret_keys)` validates everything at once and raises `ConfigError` with one
line per problem, naming the full key path and what is allowed (pydantic's own errors are worded so by
`stacks.validation_messages`, whose names this module re-exports).
"""

from __future__ import annotations

import json
from typing import Any

from pydantic import (
    BaseModel,
    TypeAdapter,
    ValidationError,
)

from components.limits import RETENTION_DAYS

from .accept import ACCEPT_KEY
from .accept import problems as acceptance_problems
from .cloud_rules import (
    alarm_cloud_problems,
    data_cloud_problems,
    service_cloud_problems,
    service_size_problems,
    site_cloud_problems,
)
from .component_rules import problems as component_problems
from .data_sizing import problems as data_sizing_problems
from .domain_rules import domain_problems
from .environment_rules import problems as environment_problems
from .errors import ConfigError
from .limitation_rules import limitation_problems
from .model import (  # noqa: F401
    APP_KEY,
    CLOUD_KEY,
    ENVIRONMENT_KEY,
    HOSTNAME_PATTERN,
    NAME_PATTERN,
    NAME_SUFFIX_PATTERN,
    NAMESPACE,
    REQUIRED_PROVIDER_KEYS,
    SECRET_NAME_PATTERN,
    SECRETS_KEY,
    SERVICE_KINDS,
    STACKYARD_KEYS,
    Alarms,
    Cache,
    Database,
    Job,
    Network,
    Service,
    Site,
    StackConfig,
    WebService,
    Worker,
)
from .model import (
    App as App,
)
from .model import (
    BucketSpec as BucketSpec,
)
from .model import (
    Kubernetes as Kubernetes,
)
from .model import (
    Scale as Scale,
)
from .model import (
    names_pinned as names_pinned,
)
from .model import (
    physical_base as physical_base,
)
from .model import (
    public_host as public_host,
)
from .model import (
    uptime_targets as uptime_targets,
)
from .profiles import apply_profile
from .region_rules import problems as region_problems
from .runtime_rules import runtime_problems
from .site_rules import site_problems
from .unused_keys import problems as unused_key_problems
from .validation_messages import (  # noqa: F401
    _BOUND_KEYS,
    _BOUNDS,
    _PATTERN_HELP,
    _SERVICE_UNION,
    _allowed_keys,
    _child_annotation,
    _describe,
    _key_path,
    _model_of,
    _show,
    _strip_tags,
    _suggest,
    describe_validation_error,
)
from .variables import variable_problems


def load_stack_config(
    values: dict[str, Any], secret_keys: set[str] | frozenset[str] = frozenset()
) -> StackConfig:
    """Validate raw config `values` (full keys such as `stackyard:app`, values as Pulumi stores them:
    strings, JSON strings for objects, or already-parsed objects) and return the `StackConfig`.

    `secret_keys` names the keys that are stored as secrets. Raises `ConfigError` listing every problem.
    """
    problems: list[str] = []
    for key in values:
        if key.startswith(f"{NAMESPACE}:") and key not in STACKYARD_KEYS:
            problems.append(f"{key}: unknown key{_suggest(key, STACKYARD_KEYS)}")
    problems.extend(acceptance_problems(values.get(ACCEPT_KEY)))

    cloud = values.get(CLOUD_KEY)
    environment = values.get(ENVIRONMENT_KEY)
    app = _parse_object(values.get(APP_KEY), APP_KEY, problems)
    given = app  # as the stack file writes it, before the profile fills in its defaults
    if environment in ("staging", "prod") and isinstance(app, dict):
        # Cloud Run's and Fargate's own defaults do not apply to pods on a cluster.
        on_platform = isinstance(cloud, str) and app.get("runtime", "managed") == "managed"
        app = apply_profile(
            app, environment, cloud if on_platform else None, cloud if isinstance(cloud, str) else None
        )

    provider_keys = REQUIRED_PROVIDER_KEYS.get(cloud, ()) if isinstance(cloud, str) else ()
    for key in provider_keys:
        if not values.get(key):
            problems.append(
                f"{key}: required for stackyard:cloud {cloud}; set it with `pulumi config set {key} …`"
            )
    region_key = f"{cloud}:region"
    raw = {
        "cloud": cloud,
        "environment": environment,
        "app": app,
        "region": values.get(region_key) or "",
        "project": values.get("gcp:project") if cloud == "gcp" else None,
    }
    config: StackConfig | None = None
    try:
        config = StackConfig.model_validate({k: v for k, v in raw.items() if v is not None})
    except ValidationError as error:
        reported = {line.split(": ", 1)[0] for line in problems}  # e.g. an app that is no mapping
        problems.extend(p for p in describe_validation_error(error) if p.split(": ", 1)[0] not in reported)

    problems.extend(semantic_problems(cloud, app, values.get(region_key), environment))
    problems.extend(unused_key_problems(cloud, given))
    if config is not None:
        problems.extend(_secret_problems(config.app.secrets, values, secret_keys))
    if problems:
        raise ConfigError(problems)
    assert config is not None
    return config


def _parse_object(value: Any, key: str, problems: list[str]) -> Any:
    if isinstance(value, str):
        try:
            return json.loads(value)
        except json.JSONDecodeError:
            problems.append(f"{key}: must be a mapping (YAML object), got the text {value[:40]!r}")
            return None
    return value


def _secret_problems(
    names: list[str], values: dict[str, Any], secret_keys: set[str] | frozenset[str]
) -> list[str]:
    problems: list[str] = []
    given = _parse_object(values.get(SECRETS_KEY), SECRETS_KEY, problems)
    if given is None:
        given = {}
    if not isinstance(given, dict):
        return [f"{SECRETS_KEY}: must be a mapping of secret names to values"]
    if given and SECRETS_KEY not in secret_keys:
        problems.append(
            f"{SECRETS_KEY}: values are stored in plain text; set each with "
            "`pulumi config set --secret --path 'secrets.NAME' VALUE`"
        )
    for name in names:
        if name not in given:
            problems.append(
                f"{SECRETS_KEY}.{name}: no value for the secret declared in {APP_KEY}.secrets; set it with "
                f"`pulumi config set --secret --path 'secrets.{name}' VALUE`"
            )
    for name in given:
        if name not in names:
            problems.append(f"{SECRETS_KEY}.{name}: not declared in {APP_KEY}.secrets{_suggest(name, names)}")
    return problems


# ---------------------------------------------------------------------------------------------------------
# Rules that span several keys (pydantic checks each key on its own).


def semantic_problems(cloud: Any, app: Any, region: Any = None, environment: Any = None) -> list[str]:
    """Problems that involve more than one key, or depend on the cloud (and its `region`, when given).

    Works on the raw (profile-applied) `app` mapping, section by section, so that these problems are
    reported together with shape errors elsewhere: a misspelled key must not hide a bad Fargate size.
    """
    if not isinstance(app, dict):
        return []
    problems: list[str] = []
    network = _valid(Network, app.get("network"))
    pinned = network.availability_zones if network else None
    if network and pinned is not None and len(pinned) != network.zones:
        problems.append(
            f"{APP_KEY}.network.availability_zones: lists {len(pinned)} zones but network.zones is "
            f"{network.zones}; give exactly {network.zones} or drop one of the two keys"
        )
    if pinned is not None and len(set(pinned)) != len(pinned):
        problems.append(f"{APP_KEY}.network.availability_zones: zones must be distinct")

    if network and network.flow_log_retention_days not in RETENTION_DAYS:
        problems.append(
            f"{APP_KEY}.network.flow_log_retention_days: {network.flow_log_retention_days} is not a "
            f"CloudWatch retention; use one of {', '.join(str(d) for d in RETENTION_DAYS)}"
        )
    database = _valid(Database, app.get("database"))
    if database and database.max_storage_gb is not None and database.max_storage_gb < database.storage_gb:
        problems.append(
            f"{APP_KEY}.database.max_storage_gb: {database.max_storage_gb} is below storage_gb "
            f"({database.storage_gb})"
        )
    cache = _valid(Cache, app.get("cache"))
    if cache and cache.automatic_failover and cache.replicas < 1:
        problems.append(f"{APP_KEY}.cache.automatic_failover: needs cache.replicas of at least 1")
    if cache and "maxmemory-policy" in cache.parameters:
        problems.append(f"{APP_KEY}.cache.parameters.maxmemory-policy: set it with cache.eviction instead")
    if database and database.parameters.get("rds.force_ssl", "1") != "1":
        problems.append(
            f"{APP_KEY}.database.parameters.rds.force_ssl: TLS is always enforced; remove this parameter"
        )

    secrets = app.get("secrets")
    declared = {s for s in secrets if isinstance(s, str)} if isinstance(secrets, list) else set()
    services = app.get("services")
    valid_services = {
        name: service
        for name, raw in (services if isinstance(services, dict) else {}).items()
        if (service := _valid(_SERVICE_ADAPTER, raw)) is not None
    }
    problems.extend(runtime_problems(cloud, app, valid_services))
    on_platform = app.get("runtime", "managed") == "managed"
    for name, service in valid_services.items():
        path = f"{APP_KEY}.services.{name}"
        for index, secret in enumerate(service.secrets):
            if secret not in declared:
                problems.append(
                    f"{path}.secrets[{index}]: {secret} is not declared in {APP_KEY}.secrets"
                    f"{_suggest(secret, sorted(declared))}"
                )
        clash = sorted(set(service.secrets) & set(service.environment))
        if clash:
            problems.append(
                f"{path}.environment: {', '.join(clash)} is also a secret; keep it in secrets only"
            )
        if isinstance(service, (WebService, Worker)) and service.scale.min > service.scale.max:
            problems.append(f"{path}.scale.min: {service.scale.min} is above scale.max ({service.scale.max})")
        if on_platform:
            problems.extend(service_size_problems(cloud, path, service.cpu, service.memory_gb))
            problems.extend(service_cloud_problems(cloud, path, service))
        problems.extend(_service_wiring_problems(path, service, app))
        problems.extend(variable_problems(cloud, app, name, service, valid_services))
    problems.extend(_migration_problems(valid_services))
    problems.extend(domain_problems(cloud, environment, app, valid_services))
    site = _valid(Site, app.get("site"))
    if site and site.api_service is not None:
        target = _valid(
            _SERVICE_ADAPTER, (services if isinstance(services, dict) else {}).get(site.api_service)
        )
        if not (isinstance(target, WebService) and target.public):
            problems.append(
                f"{APP_KEY}.site.api_service: {site.api_service!r} is not a public web service of "
                f"{APP_KEY}.services"
            )
    alarms = _valid(Alarms, app.get("alarms"))
    problems.extend(alarm_cloud_problems(cloud, alarms))
    problems.extend(site_cloud_problems(cloud, site, app.get("domain")))
    problems.extend(site_problems(cloud, app, site, valid_services))
    problems.extend(data_cloud_problems(cloud, network, database, cache))
    problems.extend(data_sizing_problems(cloud, database, cache))
    sections = {"network": network, "database": database, "cache": cache, "site": site, "alarms": alarms}
    sections = {key: model for key, model in sections.items() if model is not None}
    sections["services"] = valid_services
    if isinstance(region, str) and region:
        sections["region"] = region  # what a rule about other regions compares with
    problems.extend(limitation_problems(cloud, app, sections))
    problems.extend(region_problems(cloud, region, app, sections))
    problems.extend(environment_problems(cloud, app, sections))
    problems.extend(component_problems(cloud, app, sections))
    names = [alarm.name for alarm in alarms.custom] if alarms else []
    for duplicate in sorted({n for n in names if names.count(n) > 1}):
        problems.append(f"{APP_KEY}.alarms.custom: the name {duplicate!r} is used twice")
    return problems


def _service_wiring_problems(path: str, service: Any, app: dict[str, Any]) -> list[str]:
    """A service's references to the rest of the app: buckets, deployment strategy, log retention."""
    problems = []
    given = app.get("buckets")
    buckets: dict[str, Any] = given if isinstance(given, dict) else {}
    for bucket in service.buckets:
        if bucket not in buckets:
            problems.append(
                f"{path}.buckets.{bucket}: not a bucket of {APP_KEY}.buckets{_suggest(bucket, list(buckets))}"
            )
    if service.log_retention_days not in RETENTION_DAYS:
        problems.append(
            f"{path}.log_retention_days: {service.log_retention_days} is not a CloudWatch retention; "
            f"use one of {', '.join(str(d) for d in RETENTION_DAYS)}"
        )
    if isinstance(service, WebService) and service.deployment != "rolling" and not service.public:
        problems.append(
            f"{path}.deployment: {service.deployment} shifts load balancer traffic; it needs public: true"
        )
    return problems


def _migration_problems(services: dict[str, Any]) -> list[str]:
    """`migrate`: on a web service or worker (a scheduled job has no rollout to hold back), on one service
    of the app (two would run migrations of one schema side by side), its timeout only with it."""
    problems = []
    for name, service in services.items():
        path = f"{APP_KEY}.services.{name}"
        if service.migrate is not None and isinstance(service, Job):
            problems.append(
                f"{path}.migrate: a scheduled job has no rollout to hold back; put migrate on the web "
                "service or worker that owns the database schema"
            )
        if service.migrate is None and service.migrate_timeout_seconds is not None:
            problems.append(f"{path}.migrate_timeout_seconds: needs migrate; give migrate or remove it")
    migrating = sorted(n for n, s in services.items() if s.migrate is not None)
    if len(migrating) > 1:
        problems.append(
            f"{APP_KEY}.services: migrate is declared by {', '.join(migrating)}; declare it on one service "
            "only (the one that owns the schema): the app's other services roll after its migration, and "
            "two migrations of one database at once would race"
        )
    return problems


_SERVICE_ADAPTER: TypeAdapter[Any] = TypeAdapter(Service)


def _valid(model: type[BaseModel] | TypeAdapter[Any], raw: Any) -> Any:
    """`raw` validated by `model`, or None when it is absent or invalid (its errors are reported already)."""
    if raw is None:
        return None
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(raw)
        return model.model_validate(raw)
    except ValidationError:
        return None
