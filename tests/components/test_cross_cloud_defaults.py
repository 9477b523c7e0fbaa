"""Same knob, same default, on every cloud.

The same-named arguments of the same-named components of `components.aws`, `components.gcp` and
`components.k8s` declare the same default (the "Default …" sentence of the field docstring, read by
`stacks.docs`, which the component reference shows), except the real cloud differences listed in
DIFFERENCES, each with its reason. Knobs that carry another name on another cloud are compared through
COUNTERPARTS. And each declared default is the one the code applies: the data components, and the
ContainerService and KubernetesCluster knobs compared here, are built with their minimal arguments under
mocks, and the resource input each default controls is read back.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pulumi
import pytest

import components.aws
import components.gcp
import components.k8s
from stacks import docs
from stacks.mocks import RecordingMonitor, Registration

# (component, argument) -> why its default differs between the clouds that offer it. Keep it short: a
# difference belongs here only when a cloud fixes the value, offers no common one, or a new default would
# replace deployed data.
DIFFERENCES: dict[tuple[str, str], str] = {
    ("Alarms", "emails"): (
        "aws publishes to an SNS topic (`topic_arn`) that HTTPS endpoints and other subscribers can take, "
        "so e-mails are optional; on gcp the e-mail notification channels are the alert policies' only "
        "recipients, and a policy without one notifies nobody"
    ),
    ("CdnSite", "domain"): (
        "CloudFront serves every distribution, with a certificate, on its own *.cloudfront.net name; a "
        "Google Cloud load balancer has only an IP address, and its Google-managed certificate needs a domain"
    ),
    ("ContainerService", "cpu"): (
        "Cloud Run below 1 vCPU needs concurrency 1, request-based billing and the first-generation "
        "environment, so 1 vCPU is the gcp default (Cloud Run's own); 0.5 vCPU is Fargate's size that "
        "serves a web app (0.25 caps memory at 2 GB); Kubernetes takes any size and keeps aws's 0.5"
    ),
    ("ContainerService", "memory_gb"): (
        "each cloud's smallest memory for its default cpu: Fargate gives 0.5 vCPU 1 to 4 GB, so 1; Cloud "
        "Run's own default is 512 MiB; Kubernetes has no size table and keeps 0.5"
    ),
    ("ContainerService", "min_count"): (
        "Cloud Run starts instances on requests, so an idle web service costs nothing at 0 and still "
        "answers (a worker pool does not scale on requests: 1); an ECS service with no task has nothing "
        "behind its load balancer, and ECS starts a replacement before it stops a retiring task: 1; on "
        "Kubernetes a node drain evicts a pod before its replacement runs, so only 2 pods (with the "
        "PodDisruptionBudget) keep a service answering through routine node replacement"
    ),
    ("ContainerService", "max_count"): (
        "Cloud Run bills running instances only and scales them on requests, so a ceiling of 10 costs "
        "nothing idle; ECS autoscaling on CPU starts tasks that bill: 2; on Kubernetes no "
        "HorizontalPodAutoscaler unless asked (`min_count`), since it needs the metrics API, which not "
        "every cluster serves (metrics-server is an add-on on EKS)"
    ),
    ("KubernetesCluster", "kubernetes_version"): (
        "GKE release channels upgrade the control plane and nodes themselves, so gcp follows the channel; "
        "EKS upgrades only when asked, so aws pins a version to move deliberately"
    ),
    ("KubernetesCluster", "cluster_name"): (
        "the clouds' name limits: EKS cluster names up to 100 characters, GKE up to 40"
    ),
    ("ManagedPostgres", "max_allocated_storage_gb"): (
        "RDS storage autoscaling is off without a ceiling (MaxAllocatedStorage), so aws defaults to twice "
        "the initial size; Cloud SQL's automatic increase takes 0 for no ceiling"
    ),
    ("ManagedPostgres", "backup_window"): (
        "the same start, 03:00 UTC, in each cloud's form: RDS takes a window (hh:mm-hh:mm, 30 minutes or "
        "more), Cloud SQL only a start time (HH:MM)"
    ),
    ("ManagedPostgres", "maintenance_window"): (
        "each cloud's form: RDS takes a window of 30 minutes or more (sun:04:30-sun:05:30, after the backup "
        "window, which it must not overlap), Cloud SQL a day and a whole hour (sun:04)"
    ),
    ("ManagedPostgres", "database_name"): (
        "not a cloud rule: a new default would replace data deployed with the old one (on RDS `db_name` "
        "forces a new instance; Cloud SQL would create a new, empty database)"
    ),
    ("RedisCache", "engine_version"): (
        "ElastiCache offers Redis OSS up to 7.1 (and Valkey 8.0), Memorystore for Redis 7.2 but no 7.1"
    ),
    ("RedisCache", "maintenance_window"): (
        "the same start, Sunday 05:00 UTC, in each cloud's form: ElastiCache takes a window "
        "(sun:05:00-sun:06:00), Memorystore a day and a start hour (sun:05) for its fixed one hour"
    ),
    ("Vpc", "nat"): (
        "NAT gateways are zonal on AWS (per-zone, single, an instance or none), Cloud NAT is regional and "
        "serves every zone (on or off); both default to NAT for every zone"
    ),
    ("Vpc", "flow_logs"): (
        "AWS flow logs have a destination (cloudwatch, s3 or none), Google Cloud's are a subnet switch "
        "written to Cloud Logging; both default to on"
    ),
}

# One knob under different names: component -> ({cloud: argument}, the reason when the defaults differ).
COUNTERPARTS: list[tuple[str, dict[str, str], str | None]] = [
    ("KubernetesCluster", {"aws": "api_access_cidrs", "gcp": "master_authorized_cidrs"}, None),
    (
        "RedisCache",
        {"aws": "automatic_failover", "gcp": "high_availability"},
        "a new default would replace every Memorystore instance deployed with the old one (the tier is "
        "fixed at creation: the provider's `tier` forces a new instance), so gcp keeps the BASIC tier by "
        "default where aws has a replica with automatic failover",
    ),
]

PACKAGES = {"aws": components.aws, "gcp": components.gcp, "k8s": components.k8s}


def declared(cloud: str, component: str) -> dict[str, docs.DeclaredDefault]:
    return docs.declared_defaults(docs.args_type(getattr(PACKAGES[cloud], component)))


def show(defaults: dict[str, docs.DeclaredDefault]) -> str:
    return ", ".join(f"{cloud}: {default.text}" for cloud, default in defaults.items())


def test_same_named_arguments_declare_the_same_default() -> None:
    differ = [
        f"{component}.{argument} ({show(defaults)})"
        for (component, argument), defaults in docs.shared_defaults().items()
        if (component, argument) not in DIFFERENCES
        and not all(d.same(next(iter(defaults.values()))) for d in defaults.values())
    ]
    assert not differ, (
        "same-named arguments declare different defaults; align them (the stack builders pass the old value "
        "explicitly, so no stack changes) or list a real cloud difference in DIFFERENCES:\n  "
        + "\n  ".join(differ)
    )


def test_each_listed_difference_is_still_one() -> None:
    shared = docs.shared_defaults()
    stale = [
        f"{component}.{argument}"
        for component, argument in DIFFERENCES
        if (component, argument) not in shared
        or all(
            d.same(next(iter(shared[(component, argument)].values())))
            for d in shared[(component, argument)].values()
        )
    ]
    assert not stale, f"listed as differences, but offered on one cloud only or now the same: {stale}"
    assert all(reason.strip() for reason in DIFFERENCES.values())


@pytest.mark.parametrize(("component", "names", "reason"), COUNTERPARTS, ids=lambda v: str(v))
def test_counterparts_declare_the_same_default(
    component: str, names: dict[str, str], reason: str | None
) -> None:
    defaults = {cloud: declared(cloud, component)[argument] for cloud, argument in names.items()}
    first = next(iter(defaults.values()))
    same = all(d.same(first) for d in defaults.values())
    if reason is None:
        assert same, f"{component} {names}: {show(defaults)}"
    else:
        assert not same, f"{component} {names} now declare the same default: drop the reason"


def test_the_differences_are_read_from_the_docstrings() -> None:
    """The parser the comparison relies on: a default's leading literal, or its text."""
    assert docs.declared_default("None: no replication").same(docs.declared_default("None (off)"))
    assert docs.declared_default("3 (Cloud Run's own default)").same(docs.declared_default("3"))
    assert docs.declared_default('"bootstrap": push a first image').value == "bootstrap"
    assert docs.declared_default('"sun:05"').value == "sun:05"
    assert not docs.declared_default("True").same(docs.declared_default("1"))
    assert docs.declared_default("1").same(docs.declared_default("1.0"))
    described = docs.declared_default('"7.1" for redis, "8.0" for valkey')
    assert not described.literal and not described.same(docs.declared_default('"7.1"'))
    assert not docs.declared_default("0 for a web service, 1 for a worker").literal


# -- declared default == applied default --------------------------------------------------------------------

SUBNETS = ["subnet-0aaaaaaaaaaaaaaa1", "subnet-0bbbbbbbbbbbbbbb2"]
VPC: dict[str, Any] = {"vpc_id": "vpc-0123456789abcdef0", "subnet_ids": SUBNETS}
NETWORK = "projects/stackyard-mock-project/global/networks/shop"
GCP_DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")

Registrations = dict[str, list[Registration]]
Probe = Callable[[Registrations], Any]


def only(found: Registrations, type_: str) -> Registration:
    (one,) = found[type_]
    return one


def rds(found: Registrations) -> dict[str, Any]:
    return only(found, "aws:rds/instance:Instance").inputs


def cloud_sql(found: Registrations) -> Registration:
    return only(found, "gcp:sql/databaseInstance:DatabaseInstance")


def cloud_sql_settings(found: Registrations) -> dict[str, Any]:
    return cloud_sql(found).inputs["settings"]


def elasticache(found: Registrations) -> Registration:
    return only(found, "aws:elasticache/replicationGroup:ReplicationGroup")


def memorystore(found: Registrations) -> Registration:
    return only(found, "gcp:redis/instance:Instance")


def s3_rule(found: Registrations, key: str) -> Any:
    (lifecycle,) = found["aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration"]
    (rule,) = [r for r in lifecycle.inputs["rules"] if key in r]
    return rule[key]


def gcs(found: Registrations) -> Registration:
    return only(found, "gcp:storage/bucket:Bucket")


def gcs_rule(found: Registrations, action: str) -> dict[str, Any]:
    (rule,) = [r for r in gcs(found).inputs["lifecycleRules"] if r["action"]["type"] == action]
    return rule["condition"]


def gcp_maintenance(window: dict[str, Any]) -> str:
    return f"{GCP_DAYS[window['day'] - 1]}:{window['hour']:02d}"


def k8s_limits(found: Registrations) -> dict[str, Any]:
    (container,) = only(found, "kubernetes:apps/v1:Deployment").inputs["spec"]["template"]["spec"][
        "containers"
    ]
    return container["resources"]["limits"]


def cloud_run_limits(found: Registrations) -> dict[str, Any]:
    (container,) = only(found, "gcp:cloudrunv2/service:Service").inputs["template"]["containers"]
    return container["resources"]["limits"]


def quantity_gib(text: str) -> float:
    return int(text.removesuffix("Mi")) / 1024


# (cloud, component, minimal args, {argument: probe}). Each probe reads what the code applied; it is compared
# with the declared default's literal, or with the value given next to the probe for a described default.
CASES: list[tuple[str, str, dict[str, Any], dict[str, Probe | tuple[Probe, Any]]]] = [
    (
        "aws",
        "ManagedPostgres",
        VPC,
        {
            "engine_version": lambda f: rds(f)["engineVersion"],
            "allocated_storage_gb": lambda f: rds(f)["allocatedStorage"],
            "max_allocated_storage_gb": (lambda f: rds(f)["maxAllocatedStorage"], 40),
            "multi_az": lambda f: rds(f)["multiAz"],
            "read_replicas": lambda f: len(f["aws:rds/instance:Instance"]) - 1,
            "backup_retention_days": lambda f: rds(f)["backupRetentionPeriod"],
            "backup_window": lambda f: rds(f)["backupWindow"],
            "maintenance_window": lambda f: rds(f)["maintenanceWindow"],
            "deletion_protection": lambda f: rds(f)["deletionProtection"],
            "final_snapshot": lambda f: not rds(f)["skipFinalSnapshot"],
            "protect": lambda f: only(f, "aws:rds/instance:Instance").protect,
            "username": lambda f: rds(f)["username"],
            "iam_authentication": lambda f: rds(f)["iamDatabaseAuthenticationEnabled"],
            "database_name": (lambda f: rds(f)["dbName"], "shop"),
        },
    ),
    (
        "gcp",
        "ManagedPostgres",
        {"network_id": NETWORK},
        {
            "engine_version": lambda f: cloud_sql(f).inputs["databaseVersion"].removeprefix("POSTGRES_"),
            "allocated_storage_gb": lambda f: cloud_sql_settings(f)["diskSize"],
            "max_allocated_storage_gb": lambda f: cloud_sql_settings(f)["diskAutoresizeLimit"] or None,
            "multi_az": lambda f: cloud_sql_settings(f)["availabilityType"] == "REGIONAL",
            "read_replicas": lambda f: len(f["gcp:sql/databaseInstance:DatabaseInstance"]) - 1,
            "backup_retention_days": lambda f: cloud_sql_settings(f)["backupConfiguration"][
                "backupRetentionSettings"
            ]["retainedBackups"],
            "backup_window": lambda f: cloud_sql_settings(f)["backupConfiguration"]["startTime"],
            "maintenance_window": lambda f: gcp_maintenance(cloud_sql_settings(f)["maintenanceWindow"]),
            "deletion_protection": lambda f: (
                cloud_sql(f).inputs["deletionProtection"]
                and cloud_sql_settings(f)["deletionProtectionEnabled"]
            ),
            "final_snapshot": lambda f: (
                cloud_sql_settings(f)["finalBackupConfig"]["enabled"]
                and cloud_sql_settings(f)["retainBackupsOnDelete"]
            ),
            "protect": lambda f: cloud_sql(f).protect,
            "username": lambda f: only(f, "gcp:sql/user:User").inputs["name"],
            "iam_authentication": lambda f: (
                {x["name"]: x["value"] for x in cloud_sql_settings(f)["databaseFlags"]}.get(
                    "cloudsql.iam_authentication"
                )
                == "on"
            ),
            "database_name": lambda f: only(f, "gcp:sql/database:Database").inputs["name"],
        },
    ),
    (
        "aws",
        "RedisCache",
        VPC,
        {
            "maxmemory_policy": lambda f: {
                p["name"]: p["value"]
                for p in only(f, "aws:elasticache/parameterGroup:ParameterGroup").inputs["parameters"]
            }["maxmemory-policy"],
            "engine_version": (lambda f: elasticache(f).inputs["engineVersion"], "7.1"),
            "maintenance_window": lambda f: elasticache(f).inputs["maintenanceWindow"],
            "automatic_failover": lambda f: elasticache(f).inputs["automaticFailoverEnabled"],
            "replicas": lambda f: elasticache(f).inputs["numCacheClusters"] - 1,
            "protect": lambda f: elasticache(f).protect,
        },
    ),
    (
        "gcp",
        "RedisCache",
        {"network_id": NETWORK},
        {
            "maxmemory_policy": lambda f: memorystore(f).inputs["redisConfigs"]["maxmemory-policy"],
            "engine_version": lambda f: (
                memorystore(f).inputs["redisVersion"].removeprefix("REDIS_").replace("_", ".")
            ),
            "maintenance_window": lambda f: "{}:{:02d}".format(
                memorystore(f).inputs["maintenancePolicy"]["weeklyMaintenanceWindows"][0]["day"][:3].lower(),
                memorystore(f).inputs["maintenancePolicy"]["weeklyMaintenanceWindows"][0]["startTime"][
                    "hours"
                ],
            ),
            "high_availability": lambda f: memorystore(f).inputs["tier"] == "STANDARD_HA",
            "deletion_protection": lambda f: memorystore(f).inputs["deletionProtection"],
            "protect": lambda f: memorystore(f).protect,
        },
    ),
    (
        "aws",
        "Bucket",
        {},
        {
            "versioning": lambda f: (
                only(f, "aws:s3/bucketVersioning:BucketVersioning").inputs["versioningConfiguration"][
                    "status"
                ]
                == "Enabled"
            ),
            "noncurrent_expire_days": lambda f: s3_rule(f, "noncurrentVersionExpiration")["noncurrentDays"],
            "abort_multipart_days": lambda f: s3_rule(f, "abortIncompleteMultipartUpload")[
                "daysAfterInitiation"
            ],
            "force_destroy": lambda f: only(f, "aws:s3/bucket:Bucket").inputs["forceDestroy"],
            "protect": lambda f: only(f, "aws:s3/bucket:Bucket").protect,
        },
    ),
    (
        "gcp",
        "Bucket",
        {},
        {
            "versioning": lambda f: gcs(f).inputs["versioning"]["enabled"],
            "noncurrent_expire_days": lambda f: gcs_rule(f, "Delete")["daysSinceNoncurrentTime"],
            "abort_multipart_days": lambda f: gcs_rule(f, "AbortIncompleteMultipartUpload")["age"],
            "force_destroy": lambda f: gcs(f).inputs["forceDestroy"],
            "protect": lambda f: gcs(f).protect,
        },
    ),
    (
        "aws",
        "ContainerService",
        {
            "cluster_arn": "arn:aws:ecs:us-east-1:123456789012:cluster/shop",
            "cluster_name": "shop",
            **VPC,
            "vpc_cidr": "10.0.0.0/16",
            "image_tag": "v1",  # a pushed image: before one ("bootstrap") the scaling range is 0 to 0
        },
        {
            "cpu": lambda f: int(only(f, "aws:ecs/taskDefinition:TaskDefinition").inputs["cpu"]) / 1024,
            "memory_gb": lambda f: (
                int(only(f, "aws:ecs/taskDefinition:TaskDefinition").inputs["memory"]) / 1024
            ),
            "min_count": lambda f: only(f, "aws:appautoscaling/target:Target").inputs["minCapacity"],
            "max_count": lambda f: only(f, "aws:appautoscaling/target:Target").inputs["maxCapacity"],
        },
    ),
    (
        "gcp",
        "ContainerService",
        {"port": 8000},
        {
            "cpu": lambda f: float(cloud_run_limits(f)["cpu"]),
            "memory_gb": lambda f: quantity_gib(cloud_run_limits(f)["memory"]),
            "min_count": (
                lambda f: only(f, "gcp:cloudrunv2/service:Service").inputs["template"]["scaling"][
                    "minInstanceCount"
                ],
                0,
            ),
            "max_count": (
                lambda f: only(f, "gcp:cloudrunv2/service:Service").inputs["template"]["scaling"][
                    "maxInstanceCount"
                ],
                10,
            ),
        },
    ),
    (
        "k8s",
        "ContainerService",
        {"namespace": "shop", "image": "ghcr.io/shop/api@sha256:" + "a" * 64, "port": 8000},
        {
            "cpu": lambda f: int(k8s_limits(f)["cpu"].removesuffix("m")) / 1000,
            "memory_gb": lambda f: quantity_gib(k8s_limits(f)["memory"]),
            "min_count": lambda f: only(f, "kubernetes:apps/v1:Deployment").inputs["spec"]["replicas"],
            "max_count": (
                lambda f: not f.get("kubernetes:autoscaling/v2:HorizontalPodAutoscaler"),
                True,  # `min_count`: a fixed count, no autoscaler
            ),
        },
    ),
    (
        "aws",
        "KubernetesCluster",
        VPC,
        {
            "kubernetes_version": lambda f: only(f, "aws:eks/cluster:Cluster").inputs["version"],
            "deletion_protection": lambda f: only(f, "aws:eks/cluster:Cluster").inputs["deletionProtection"],
            "protect": lambda f: only(f, "aws:eks/cluster:Cluster").protect,
        },
    ),
    (
        "gcp",
        "KubernetesCluster",
        {
            "network": NETWORK,
            "subnetwork": "projects/stackyard-mock-project/regions/us-central1/subnetworks/shop-private",
        },
        {
            "kubernetes_version": lambda f: only(f, "gcp:container/cluster:Cluster").inputs.get(
                "minMasterVersion"
            ),
            "deletion_protection": lambda f: only(f, "gcp:container/cluster:Cluster").inputs[
                "deletionProtection"
            ],
            "protect": lambda f: only(f, "gcp:container/cluster:Cluster").protect,
        },
    ),
]


@pytest.mark.parametrize(
    ("cloud", "component", "args", "probes"), CASES, ids=[f"{c[0]}-{c[1]}" for c in CASES]
)
def test_the_declared_default_is_applied(
    cloud: str,
    component: str,
    args: dict[str, Any],
    probes: dict[str, Probe | tuple[Probe, Any]],
    monitor: RecordingMonitor,
) -> None:
    cls = getattr(PACKAGES[cloud], component)

    @pulumi.runtime.test
    def program() -> None:
        cls("shop", dict(args))

    program()
    found: Registrations = {}
    for registration in monitor.registrations.values():
        found.setdefault(registration.type, []).append(registration)
    defaults = declared(cloud, component)
    wrong = []
    for argument, probe in probes.items():
        default = defaults[argument]
        if isinstance(probe, tuple):
            probe, expected = probe
        else:
            assert default.literal, f"{component}.{argument}: {default.text!r} is described, give the value"
            expected = default.value
        applied = probe(found)
        if not docs.declared_default(repr(applied)).same(docs.declared_default(repr(expected))):
            wrong.append(f"{argument}: declared {default.text!r}, applied {applied!r}")
    assert not wrong, f"{cloud} {component} applies another default than it declares:\n  " + "\n  ".join(
        wrong
    )


def test_every_compared_data_knob_is_probed() -> None:
    """Each aligned argument of the data components is among the probes on every cloud that offers it."""
    probed = {(cloud, component, argument) for cloud, component, _, probes in CASES for argument in probes}
    missing = [
        f"{cloud} {component}.{argument}"
        for (component, argument), defaults in docs.shared_defaults().items()
        if component in ("ManagedPostgres", "RedisCache", "Bucket")
        and "." not in argument
        and (component, argument) not in DIFFERENCES
        and all(d.literal and d.value not in (None, [], {}) for d in defaults.values())
        for cloud in defaults
        if (cloud, component, argument) not in probed
        and argument
        not in ("parameters", "extensions", "password_version", "physical_name", "cross_region_replica")
    ]
    assert not missing, missing
