"""The stack configuration's model: pydantic models of every `stackyard:` key, with their defaults, bounds
and descriptions, declared once.

`stacks.config` reads a stack file into these models and runs the rules that span keys (`semantic_problems`);
the rule modules (`stacks.cloud_rules`, `stacks.data_sizing`, `stacks.variables` …) read the models' types
from here, never from `stacks.config`, so the imports run one way: model <- rules <- config.

One module per section of `stackyard:app`; within the package each imports only `common`, and `app` the
sections too:

- `common`: the `stackyard:` keys and the provider settings each cloud needs, the name, hostname and secret
  patterns, the checks of HTTP paths, distinct list items and cron expressions, and `Model`, the base of
  every config model.
- `network`: `app.network` (`Network`) and the IPv4 ranges it cannot be.
- `data`: `app.database` (`Database`), `app.cache` (`Cache`) and `app.buckets.<name>` (`BucketSpec`).
- `services`: `app.services.<name>`: `WebService`, `Worker`, `Job` (with `Scale`, `HealthCheck`), the
  `Service` union and `SERVICE_KINDS`.
- `site`: `app.site` (`Site`, `GeoRestriction`, `FailoverBucket`).
- `alarms`: `app.alarms` (`Alarms`, `CustomAlarm`).
- `kubernetes`: `app.kubernetes` (`Kubernetes`).
- `app`: `stackyard:app` (`App`, with its cross-section validator), `DeclaredStandIn`, `StackConfig`, and
  what derives from them: `name_suffix`, `physical_base`, `names_pinned`, `public_host`, `uptime_targets`.
"""

from .alarms import Alarms, CustomAlarm
from .app import (
    App,
    DeclaredStandIn,
    StackConfig,
    name_suffix,
    names_pinned,
    physical_base,
    public_host,
    uptime_targets,
)
from .common import (
    ACCEPT_KEY,
    APP_KEY,
    CLOUD_KEY,
    ENV_NAME_PATTERN,
    ENVIRONMENT_KEY,
    HOSTNAME_PATTERN,
    INGRESS_CLASS_PATTERN,
    MAX_HTTP_PATH,
    MAX_PHYSICAL_BASE,
    NAME_PATTERN,
    NAME_SUFFIX_PATTERN,
    NAMESPACE,
    REQUIRED_PROVIDER_KEYS,
    SECRET_NAME_PATTERN,
    SECRETS_KEY,
    STACKYARD_KEYS,
    Model,
    cron_problem,
    distinct,
    http_path_problem,
)
from .common import _scalar_kinds as _scalar_kinds
from .data import BucketSpec, Cache, Database
from .kubernetes import Kubernetes
from .network import UNUSABLE_NETWORKS, Network
from .services import SERVICE_KINDS, HealthCheck, Job, Scale, Service, WebService, Worker
from .services import _ServiceBase as _ServiceBase
from .site import FailoverBucket, GeoRestriction, Site

__all__ = [
    "ACCEPT_KEY",
    "APP_KEY",
    "CLOUD_KEY",
    "ENVIRONMENT_KEY",
    "ENV_NAME_PATTERN",
    "HOSTNAME_PATTERN",
    "INGRESS_CLASS_PATTERN",
    "MAX_HTTP_PATH",
    "MAX_PHYSICAL_BASE",
    "NAMESPACE",
    "NAME_PATTERN",
    "NAME_SUFFIX_PATTERN",
    "REQUIRED_PROVIDER_KEYS",
    "SECRETS_KEY",
    "SECRET_NAME_PATTERN",
    "SERVICE_KINDS",
    "STACKYARD_KEYS",
    "UNUSABLE_NETWORKS",
    "Alarms",
    "App",
    "BucketSpec",
    "Cache",
    "CustomAlarm",
    "Database",
    "DeclaredStandIn",
    "FailoverBucket",
    "GeoRestriction",
    "HealthCheck",
    "Job",
    "Kubernetes",
    "Model",
    "Network",
    "Scale",
    "Service",
    "Site",
    "StackConfig",
    "WebService",
    "Worker",
    "cron_problem",
    "distinct",
    "http_path_problem",
    "name_suffix",
    "names_pinned",
    "physical_base",
    "public_host",
    "uptime_targets",
]
