"""Environment profiles: the defaults `staging` and `prod` apply where a stack file is silent.

Both profiles build the same shape of stack; `prod` is highly available and hard to delete by accident,
`staging` is small and cheap. Every value here can be overridden in the stack file: a profile value is
only used for a key the file does not set. Per-service defaults depend on the kind of service (a web
service has a `port`, a scheduled job a `schedule`, anything else is a worker).
"""

from __future__ import annotations

import copy
from dataclasses import dataclass
from typing import Any

# Section defaults, applied only when the stack file has that section (a stack without a `cache:` gets
# no cache). `network` and `alarms` always exist.
PROFILES: dict[str, dict[str, Any]] = {
    "staging": {
        "network": {"zones": 2, "nat": "single", "flow_log_retention_days": 14},
        "database": {
            "multi_az": False,
            "backup_retention_days": 3,
            "deletion_protection": False,
            "final_snapshot": False,
            "protect": False,
        },
        "cache": {"replicas": 0, "automatic_failover": False, "snapshot_retention_days": 1, "protect": False},
        "bucket": {"protect": False},
        "alarms": {"enabled": False, "uptime": False},
    },
    "prod": {
        # Flow logs a year, as every prod log group (checkov CKV_AWS_338; `Hardening.log_retention_days`).
        "network": {"zones": 3, "nat": "per-zone", "flow_log_retention_days": 365},
        "database": {
            "multi_az": True,
            "backup_retention_days": 14,
            "deletion_protection": True,
            "final_snapshot": True,
            "protect": True,
        },
        "cache": {"replicas": 1, "automatic_failover": True, "snapshot_retention_days": 7, "protect": True},
        "bucket": {"protect": True},
        "alarms": {"enabled": True, "uptime": True},
    },
}

# Where a cloud's section defaults differ. A staging network on AWS reaches the internet through a NAT
# instance (t4g.nano, about $3 a month, `components.aws.vpc_nat`) instead of a NAT gateway (about $33 a
# month before traffic): it is one instance in one zone with burstable bandwidth, so a staging stack's
# outbound traffic stops while it is replaced (SST's `nat: "ec2"` makes the same trade). Prod keeps a
# gateway per zone.
CLOUD_PROFILES: dict[str, dict[str, dict[str, Any]]] = {
    "aws": {"staging": {"network": {"nat": "ec2"}}},
}

# Defaults per kind of service. Public web services in prod run at least two tasks.
SERVICE_PROFILES: dict[str, dict[str, dict[str, Any]]] = {
    "staging": {
        "web": {"scale": {"min": 1, "max": 2}, "spot": False},
        "worker": {"scale": {"min": 1, "max": 2}, "spot": True},
        "job": {"spot": True},
    },
    # Container logs a year in prod, as every prod log group (`Hardening.log_retention_days`).
    "prod": {
        "web": {"scale": {"min": 2, "max": 10}, "spot": False, "log_retention_days": 365},
        "worker": {"scale": {"min": 1, "max": 4}, "spot": False, "log_retention_days": 365},
        "job": {"spot": False, "log_retention_days": 365},
    },
}

# Where a cloud's profile differs. Cloud Run bills per request, so staging web services scale to zero
# there; on ECS a task runs (and bills) whether or not requests arrive, and a cold start of a Fargate task
# takes a minute, so staging keeps one. Cloud Run worker pools take whole vCPUs only, so a gcp worker
# defaults to 1 instead of 0.5.
CLOUD_SERVICE_PROFILES: dict[str, dict[str, dict[str, dict[str, Any]]]] = {
    "gcp": {
        "staging": {"web": {"scale": {"min": 0}}, "worker": {"cpu": 1}},
        "prod": {"worker": {"cpu": 1}},
    },
}


@dataclass(frozen=True)
class Hardening:
    """What an environment gets of the hardening a security review or a scanner asks of a production stack
    (issue #18) where the stack file has no key: prod gets all of it; staging opts out where it costs money
    (a WAF bills per rule and per request) and stays at its current shape. `stackyard check` holds the prod
    stacks to it (the `*-prod` rules of `policy/stackyard_policy/aws` and `policy/stackyard_policy/gcp`)."""

    load_balancer_waf: bool
    """A regional WAF web ACL on the public load balancer (LoadBalancer `web_acl`; with the kubernetes
    runtime on aws, the cluster's `ingress.web_acl`, named by every public Ingress)."""
    log_encryption: bool
    """Every CloudWatch Logs log group encrypted with a customer-managed KMS key (each component's
    `encrypt_logs`: a key per component, about $1 a month each)."""
    bucket_access_logs: bool
    """S3 server access logs (aws) or Cloud Storage usage logs (gcp) of every data and site bucket, into a
    dedicated access-log bucket of the stack (encrypted, private, expiring its logs; `stacks.aws`,
    `stacks.gcp`)."""
    secret_encryption: bool
    """The app's Secrets Manager secrets encrypted with a customer-managed key (Secrets `own_key`; the
    database's and the cache's secrets always use their own data key)."""
    database_audit_logging: bool
    """gcp: Cloud SQL's forensic flags and pgAudit (ManagedPostgres `audit_logging`). Staging opts out: its
    instances keep today's flags, and turning pgAudit on restarts an instance."""
    artifact_registry_cmek: bool
    """gcp: each service's Artifact Registry repository encrypted with a customer-managed Cloud KMS key of
    the stack (`stacks.gcp`; a key version is about $0.06 a month), where the stack file sets no
    `app.registry_encryption`. The key can only be set when a repository is created: on a deployed stack
    this replaces the repository (and deletes its images) unless the stack file sets google."""
    log_retention_days: int | None
    """The retention of the log groups no stack-file key sets (the database's exports, the cache's slow log,
    the CDN's access logs, every web ACL's logs, the EKS control plane); None: each component's default.
    Container and flow logs follow `services.*.log_retention_days` and `network.flow_log_retention_days`,
    whose prod profile is the same year."""


HARDENING: dict[str, Hardening] = {
    "staging": Hardening(
        load_balancer_waf=False,
        log_encryption=False,
        bucket_access_logs=False,
        secret_encryption=False,
        database_audit_logging=False,
        artifact_registry_cmek=False,
        log_retention_days=None,
    ),
    # A year of logs: checkov CKV_AWS_338, the cdk-nag HIPAA pack's CloudWatchLogGroupRetentionPeriod.
    "prod": Hardening(
        load_balancer_waf=True,
        log_encryption=True,
        bucket_access_logs=True,
        secret_encryption=True,
        database_audit_logging=True,
        artifact_registry_cmek=True,
        log_retention_days=365,
    ),
}


def hardening(environment: str) -> Hardening:
    """The environment's `Hardening`."""
    return HARDENING[environment]


ALWAYS_PRESENT = ("network", "alarms")
SECTIONS = ("network", "database", "cache", "alarms")
# A section the stack file writes is used, never silently dropped: where the profile switches it off
# (alarms in staging), writing any other key of it switches it on, unless the file sets the switch itself.
SECTION_SWITCHES = {"alarms": "enabled"}


def service_kind(service: Any) -> str:
    """`job` if the service has a `schedule`, `web` if it has a `port`, else `worker`."""
    if isinstance(service, dict):
        if "schedule" in service:
            return "job"
        if "port" in service:
            return "web"
    return "worker"


def deep_merge(defaults: dict[str, Any], overrides: dict[str, Any]) -> dict[str, Any]:
    """A copy of `defaults` with `overrides` laid over it; nested dicts merge, anything else replaces."""
    merged = copy.deepcopy(defaults)
    for key, value in overrides.items():
        if isinstance(value, dict) and isinstance(merged.get(key), dict):
            merged[key] = deep_merge(merged[key], value)
        else:
            merged[key] = copy.deepcopy(value)
    return merged


def apply_profile(
    app: dict[str, Any], environment: str, cloud: str | None = None, data_cloud: str | None = None
) -> dict[str, Any]:
    """Return `app` (the raw `stackyard:app` mapping) with the environment's defaults (and the cloud's
    differences from them: `CLOUD_PROFILES` for the sections, by `data_cloud`, the stack's cloud;
    `CLOUD_SERVICE_PROFILES` for the services, by `cloud`, None when they run on Kubernetes) filled in.

    Values of the wrong shape are left alone so that validation reports them against the user's input.
    """
    profile = deep_merge(PROFILES[environment], CLOUD_PROFILES.get(data_cloud or "", {}).get(environment, {}))
    result = dict(app)
    for section in SECTIONS:
        given = app.get(section)
        if given is None and section not in ALWAYS_PRESENT:
            continue
        if given is None:
            given = {}
        if isinstance(given, dict):
            result[section] = deep_merge(profile[section], given)
            switch = SECTION_SWITCHES.get(section)
            if switch is not None and switch not in given and set(given) - {switch}:
                result[section][switch] = True

    buckets = app.get("buckets")
    if isinstance(buckets, dict):
        result["buckets"] = {
            name: deep_merge(profile["bucket"], spec) if isinstance(spec, dict) else spec
            for name, spec in buckets.items()
        }

    services = app.get("services")
    if isinstance(services, dict):
        kinds = SERVICE_PROFILES[environment]
        cloud_kinds = CLOUD_SERVICE_PROFILES.get(cloud or "", {}).get(environment, {})
        kinds = {kind: deep_merge(values, cloud_kinds.get(kind, {})) for kind, values in kinds.items()}
        result["services"] = {
            name: deep_merge(kinds[service_kind(spec)], spec) if isinstance(spec, dict) else spec
            for name, spec in services.items()
        }
    return result
