"""How each Google Cloud resource type the components create turns into monthly cost lines.

A type is priced by a rule (`RULES`), free with a stated reason (`FREE`), or, like every type in neither,
"not priced". The lines use the items of `stacks/cost/prices/gcp.json`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from .context import Context, Outcome, Resource, Rule, free, not_priced
from .model import HOURS_PER_MONTH, SECONDS_PER_MONTH, Line

H = HOURS_PER_MONTH

FREE: dict[str, str] = {
    **dict.fromkeys(
        (
            "gcp:compute/network:Network",
            "gcp:compute/subnetwork:Subnetwork",
            "gcp:compute/firewall:Firewall",
            "gcp:compute/router:Router",
            "gcp:compute/networkPeeringRoutesConfig:NetworkPeeringRoutesConfig",
            "gcp:servicenetworking/connection:Connection",
        ),
        "network configuration: no charge of its own",
    ),
    **dict.fromkeys(
        (
            "gcp:compute/targetHttpProxy:TargetHttpProxy",
            "gcp:compute/targetHttpsProxy:TargetHttpsProxy",
            "gcp:compute/uRLMap:URLMap",
            "gcp:compute/sSLPolicy:SSLPolicy",
            "gcp:compute/managedSslCertificate:ManagedSslCertificate",
            "gcp:compute/regionNetworkEndpointGroup:RegionNetworkEndpointGroup",
        ),
        "part of the load balancer, which is priced through its forwarding rules",
    ),
    **dict.fromkeys(
        (
            "gcp:projects/service:Service",
            "gcp:projects/iAMMember:IAMMember",
            "gcp:serviceaccount/account:Account",
            "gcp:storage/bucketIAMMember:BucketIAMMember",
            "gcp:secretmanager/secretIamMember:SecretIamMember",
            "gcp:artifactregistry/repositoryIamMember:RepositoryIamMember",
            "gcp:cloudrunv2/serviceIamMember:ServiceIamMember",
            "gcp:cloudrunv2/jobIamMember:JobIamMember",
        ),
        "APIs, service accounts and IAM have no charge",
    ),
    "gcp:sql/database:Database": "part of the Cloud SQL instance, which is priced",
    "gcp:sql/user:User": "part of the Cloud SQL instance, which is priced",
    "gcp:secretmanager/secret:Secret": "billed per active version: its versions are priced",
    "gcp:monitoring/notificationChannel:NotificationChannel": "notification channels have no charge",
    "gcp:monitoring/dashboard:Dashboard": "Cloud Monitoring dashboards have no charge",
    "gcp:kms/keyRing:KeyRing": "key rings have no charge: their keys' versions are priced",
    "gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember": "IAM bindings have no charge",
    "gcp:projects/serviceIdentity:ServiceIdentity": "a service agent identity has no charge",
}

NOT_PRICED: dict[str, str] = {
    "gcp:cloudrunv2/job:Job": (
        "billed per vCPU-second and GiB-second while an execution runs (a migration job for seconds each "
        "deploy); the usage file has no executions"
    ),
    "gcp:monitoring/uptimeCheckConfig:UptimeCheckConfig": (
        "uptime checks are billed per execution from each checker location, beyond 1 million free "
        "executions a project (so a few checks a minute usually cost nothing); no sourced per-execution "
        "rate in the table"
    ),
    "gcp:compute/securityPolicy:SecurityPolicy": (
        "Cloud Armor Standard bills each policy, each rule and each million requests; the stored copies of "
        "Google's Cloud Armor pricing page do not reach its table, and third-party figures disagree on the "
        "request rate, so the table has no price"
    ),
}

RULES: dict[str, Rule] = {}


def rule(*types: str):
    def register(function: Rule) -> Rule:
        for type_ in types:
            RULES[type_] = function
        return function

    return register


def cpu_count(value: Any) -> float:
    text = str(value)
    return float(text[:-1]) / 1000 if text.endswith("m") else float(text)


def gib(value: Any) -> float:
    match = re.fullmatch(r"([\d.]+)\s*([KMGT]i?)?", str(value))
    if not match:
        raise ValueError(f"cannot read the memory size {value!r}")
    number, suffix = float(match.group(1)), match.group(2) or ""
    scale = {
        "": 1 / 2**30,
        "Ki": 1 / 2**20,
        "Mi": 1 / 1024,
        "Gi": 1.0,
        "Ti": 1024.0,
        "K": 1e3 / 2**30,
        "M": 1e6 / 2**30,
        "G": 1e9 / 2**30,
        "T": 1e12 / 2**30,
    }
    return number * scale[suffix]


# ------------------------------------------------------------------ data


def _sql_shape(tier: str) -> tuple[float, float] | None:
    """(vCPUs, GB of memory) of a dedicated-core tier; None for a shared-core one."""
    custom = re.fullmatch(r"db-custom-(\d+)-(\d+)", tier)
    if custom:
        return float(custom.group(1)), int(custom.group(2)) / 1024
    standard = re.fullmatch(r"db-n1-(standard|highmem)-(\d+)", tier)
    if standard:
        cpus = float(standard.group(2))
        return cpus, cpus * (3.75 if standard.group(1) == "standard" else 6.5)
    return None


@rule("gcp:sql/databaseInstance:DatabaseInstance")
def sql_instance(r: Resource, ctx: Context) -> Outcome:
    tier = str(r.get("settings.tier", "?"))
    edition = "enterprise_plus" if r.get("settings.edition") == "ENTERPRISE_PLUS" else "enterprise"
    regional = r.get("settings.availabilityType") == "REGIONAL"
    factor = ctx.table.rule("cloudsql_regional_factor") if regional else 1.0
    availability = "regional (HA)" if regional else "zonal"
    replica = "read replica, " if r.get("masterInstanceName") else ""
    lines: list[Line] = []
    shape = _sql_shape(tier)
    if shape is None:
        lines.append(
            ctx.fixed(
                f"Instance ({replica}{tier}, {availability})",
                H * factor,
                "hours",
                f"cloudsql.shared.{tier}.hour",
            )
        )
    else:
        cpus, memory = shape
        lines += [
            ctx.fixed(
                f"vCPUs ({replica}{cpus:g}, {availability})",
                cpus * H * factor,
                "vCPU-hours",
                f"cloudsql.{edition}.vcpu_hour",
            ),
            ctx.fixed(
                f"Memory ({memory:g} GB, {availability})",
                memory * H * factor,
                "GB-hours",
                f"cloudsql.{edition}.ram_gb_hour",
            ),
        ]
    disk = "ssd" if r.get("settings.diskType", "PD_SSD") == "PD_SSD" else "hdd"
    size = float(r.get("settings.diskSize", 10))
    usage = ctx.usage_of(r, "database")
    storage_item = f"cloudsql.storage.{disk}.gb_month"
    lines += [
        ctx.fixed(f"Storage ({disk.upper()}, {availability})", size * factor, "GB-months", storage_item),
        ctx.use(
            "Storage growth (automatic increase)",
            usage["storage_growth_gb"] * factor,
            "GB-months",
            storage_item,
            "database.storage_growth_gb",
        ),
        ctx.use(
            "Backup storage",
            usage["backup_storage_gb"],
            "GB-months",
            "cloudsql.backup.gb_month",
            "database.backup_storage_gb",
        ),
    ]
    return Outcome(lines)


def _memorystore_band(gb: float) -> int:
    """The capacity tier (M1…M5) Memorystore for Redis prices a size in."""
    for band, limit in ((1, 4), (2, 10), (3, 35), (4, 100)):
        if gb <= limit:
            return band
    return 5


@rule("gcp:redis/instance:Instance")
def redis_instance(r: Resource, ctx: Context) -> Outcome:
    gb = float(r.get("memorySizeGb", 1))
    tier = "standard" if r.get("tier", "BASIC") == "STANDARD_HA" else "basic"
    band = _memorystore_band(gb)
    lines = [
        ctx.fixed(
            f"Redis instance ({tier}, M{band}, {gb:g} GB)",
            gb * H,
            "GB-hours",
            f"memorystore.{tier}.m{band}.gb_hour",
        )
    ]
    replicas = int(r.get("replicaCount", 0) or 0)
    if r.get("readReplicasMode") == "READ_REPLICAS_ENABLED" and replicas:
        lines.append(
            ctx.fixed(
                f"Read replicas ({replicas})",
                replicas * gb * H,
                "GB-hours",
                f"memorystore.read_replica.m{band}.gb_hour",
            )
        )
    return Outcome(lines)


# ------------------------------------------------------------------ storage


_SINGLE_REGION = re.compile(r"^[a-z]+-[a-z]+\d+$")


@rule("gcp:storage/bucket:Bucket")
def storage_bucket(r: Resource, ctx: Context) -> Outcome:
    location = str(r.get("location", "US")).lower()
    storage_class = str(r.get("storageClass", "STANDARD")).upper()
    if not _SINGLE_REGION.match(location):
        return not_priced(
            f"a {location.upper()} multi-region or dual-region bucket; only single-region buckets are in "
            "the table"
        )
    if storage_class != "STANDARD":
        return not_priced(f"{storage_class} storage; only Standard storage is in the table")
    usage = ctx.usage_of(r, "bucket")
    where = f" ({location})" if location != ctx.region else ""
    return Outcome(
        [
            ctx.use(
                f"Storage (Standard{where})",
                usage["storage_gb"],
                "GiB-months",
                "gcs.standard.gb_month",
                "bucket.storage_gb",
                region=location,
            ),
            ctx.use(
                "Class A operations (object adds, lists)",
                usage["put_requests_1k"],
                "1k operations",
                "gcs.standard.region.class_a.1k",
                "bucket.put_requests_1k",
                region=location,
            ),
            ctx.use(
                "Class B operations (object gets, metadata)",
                usage["get_requests_1k"],
                "1k operations",
                "gcs.standard.region.class_b.1k",
                "bucket.get_requests_1k",
                region=location,
            ),
        ],
        note="noncurrent versions and soft-deleted objects are billed as storage too (usage storage_gb)",
    )


# ------------------------------------------------------------------ monitoring


@rule("gcp:monitoring/alertPolicy:AlertPolicy")
def alert_policy(r: Resource, ctx: Context) -> Outcome:
    conditions = len([c for c in r.get("conditions", []) if isinstance(c, Mapping)]) or 1
    usage = ctx.usage_of(r, "alert_policy")
    series = conditions * usage["time_series_per_condition"] * usage["execution_periods"]
    return Outcome(
        [
            ctx.fixed(
                f"Alerting conditions ({conditions})",
                conditions,
                "condition-months",
                "monitoring.alerting.condition.month",
            ),
            ctx.use(
                f"Time series returned ({usage['execution_periods']:g} execution periods)",
                series / 1e6,
                "1M time series",
                "monitoring.alerting.time_series.million",
                "alert_policy.time_series_per_condition",
            ),
        ]
    )


@rule("gcp:logging/metric:Metric")
def log_metric(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "log_metric")
    return Outcome(
        [
            ctx.use(
                "Metric data written (user-defined log-based metric)",
                usage["ingested_mib"],
                "MiB",
                "monitoring.metric_data.mib",
                "log_metric.ingested_mib",
            )
        ],
        note="billed as Cloud Monitoring metric data; the free allotment per billing account is not modelled",
    )


# ------------------------------------------------------------------ Cloud Run


def _container_size(containers: list[Mapping[str, Any]]) -> tuple[float, float]:
    cpu = sum(cpu_count((c.get("resources") or {}).get("limits", {}).get("cpu", "1")) for c in containers)
    memory = sum(gib((c.get("resources") or {}).get("limits", {}).get("memory", "512Mi")) for c in containers)
    return cpu, memory


@rule("gcp:cloudrunv2/service:Service")
def cloud_run_service(r: Resource, ctx: Context) -> Outcome:
    containers = [c for c in r.get("template.containers", []) if isinstance(c, Mapping)]
    cpu, memory = _container_size(containers)
    request_based = all((c.get("resources") or {}).get("cpuIdle", True) for c in containers)
    minimum = int(r.get("template.scaling.minInstanceCount", 0) or r.get("scaling.minInstanceCount", 0) or 0)
    concurrency = float(r.get("template.maxInstanceRequestConcurrency", 80) or 80)
    usage = ctx.usage_of(r, "cloud_run")
    lines: list[Line] = []
    note = "request-based billing" if request_based else "instance-based billing"
    if minimum:
        bound = (
            "upper bound: priced at the instance-based rate; request-based billing charges idle minimum "
            "instances a lower rate that is not in the table"
            if request_based
            else ""
        )
        ceiling = ", upper bound" if request_based else ""
        lines += [
            ctx.fixed(
                f"Minimum instances, CPU ({minimum} x {cpu:g} vCPU){ceiling}",
                minimum * cpu * SECONDS_PER_MONTH,
                "vCPU-seconds",
                "cloudrun.instance.vcpu_second",
                note=bound,
            ),
            ctx.fixed(
                f"Minimum instances, memory ({minimum} x {memory:g} GiB){ceiling}",
                minimum * memory * SECONDS_PER_MONTH,
                "GiB-seconds",
                "cloudrun.instance.gib_second",
                note=bound,
            ),
        ]
        if request_based:
            note += "; minimum instances: " + bound
    if request_based:
        busy = usage["requests_million"] * 1e6 * usage["request_ms"] / 1000 / concurrency
        lines += [
            ctx.use(
                "Requests",
                usage["requests_million"],
                "1M requests",
                "cloudrun.requests.million",
                "cloud_run.requests_million",
            ),
            ctx.use(
                f"CPU while serving requests ({cpu:g} vCPU, concurrency {concurrency:g})",
                busy * cpu,
                "vCPU-seconds",
                "cloudrun.request.vcpu_second",
                "cloud_run.request_ms",
            ),
            ctx.use(
                f"Memory while serving requests ({memory:g} GiB)",
                busy * memory,
                "GiB-seconds",
                "cloudrun.request.gib_second",
                "cloud_run.request_ms",
            ),
        ]
    else:
        extra = usage["extra_instance_hours"] * 3600
        lines += [
            ctx.use(
                "Instances above the minimum, CPU",
                extra * cpu,
                "vCPU-seconds",
                "cloudrun.instance.vcpu_second",
                "cloud_run.extra_instance_hours",
            ),
            ctx.use(
                "Instances above the minimum, memory",
                extra * memory,
                "GiB-seconds",
                "cloudrun.instance.gib_second",
                "cloud_run.extra_instance_hours",
            ),
        ]
    return Outcome(lines, note=note)


@rule("gcp:cloudrunv2/workerPool:WorkerPool")
def cloud_run_worker_pool(r: Resource, ctx: Context) -> Outcome:
    containers = [c for c in r.get("template.containers", []) if isinstance(c, Mapping)]
    cpu, memory = _container_size(containers)
    count = int(r.get("scaling.manualInstanceCount", 1) or 1)
    return Outcome(
        [
            ctx.fixed(
                f"Instances, CPU ({count} x {cpu:g} vCPU)",
                count * cpu * SECONDS_PER_MONTH,
                "vCPU-seconds",
                "cloudrun.instance.vcpu_second",
            ),
            ctx.fixed(
                f"Instances, memory ({count} x {memory:g} GiB)",
                count * memory * SECONDS_PER_MONTH,
                "GiB-seconds",
                "cloudrun.instance.gib_second",
            ),
        ]
    )


# ------------------------------------------------------------------ network, load balancing, secrets


@rule("gcp:compute/globalForwardingRule:GlobalForwardingRule", "gcp:compute/forwardingRule:ForwardingRule")
def forwarding_rule(r: Resource, ctx: Context) -> Outcome:
    lines = [ctx.fixed("Forwarding rule", H, "hours", "lb.forwarding_rule.hour")]
    if "443" in str(r.get("portRange", "443")):
        usage = ctx.usage_of(r, "load_balancer")
        lines.append(
            ctx.use(
                "Data processed",
                usage["data_processed_gb"],
                "GB",
                "lb.data_processed.gb",
                "load_balancer.data_processed_gb",
            )
        )
    return Outcome(lines)


@rule("gcp:compute/globalAddress:GlobalAddress", "gcp:compute/address:Address")
def address(r: Resource, ctx: Context) -> Outcome:
    if r.get("addressType", "EXTERNAL") == "INTERNAL" or r.get("purpose") == "VPC_PEERING":
        return free("an internal range (Private Service Access): no charge")
    return not_priced(
        "an external address held by a forwarding rule; whether Google bills it beside the rule is not "
        "settled in the table"
    )


_CDN_AREAS = (
    (("us-", "northamerica-"), "north_america", "North America"),
    (("europe-",), "europe", "Europe"),
    (("asia-",), "asia_pacific", "Asia Pacific"),
)


def _cdn_area(region: str | None) -> tuple[str, str]:
    """The Cloud CDN destination area of viewers near `region` (item key, label)."""
    for prefixes, key, label in _CDN_AREAS:
        if (region or "").startswith(prefixes):
            return key, label
    return "other", "outside North America, Europe and Asia Pacific"


@rule("gcp:compute/backendBucket:BackendBucket", "gcp:compute/backendService:BackendService")
def backend(r: Resource, ctx: Context) -> Outcome:
    if not r.get("enableCdn"):
        return free("part of the load balancer, which is priced through its forwarding rules")
    usage = ctx.usage_of(r, "cdn")
    area, label = _cdn_area(ctx.region)
    return Outcome(
        [
            ctx.use(
                f"Cloud CDN cache data transfer out ({label}, first 10 TiB)",
                usage["data_out_gb"],
                "GiB",
                f"cdn.cache_egress.{area}.gib",
                "cdn.data_out_gb",
            ),
            ctx.use(
                "Cloud CDN cache lookups",
                usage["https_requests_10k"],
                "10k requests",
                "cdn.cache_lookup.10k",
                "cdn.https_requests_10k",
            ),
        ],
        note=(
            "viewers assumed near the stack's region; Cloud CDN bills by their destination area. Cache fill "
            "(misses copied from the origin) is inter-region data transfer, which is not modelled"
        ),
    )


@rule("gcp:compute/routerNat:RouterNat")
def router_nat(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "cloud_nat")
    lines = [
        ctx.use(
            "VMs using the gateway",
            usage["vm_count"] * H,
            "VM-hours",
            "cloudnat.vm_hour",
            "cloud_nat.vm_count",
        ),
        ctx.use(
            "Data processed",
            usage["data_processed_gb"],
            "GiB",
            "cloudnat.data_processed.gb",
            "cloud_nat.data_processed_gb",
        ),
    ]
    if r.get("natIpAllocateOption", "AUTO_ONLY") == "AUTO_ONLY":
        lines.append(
            ctx.use(
                "NAT IP addresses", usage["nat_ips"] * H, "hours", "cloudnat.ip.hour", "cloud_nat.nat_ips"
            )
        )
    return Outcome(
        lines, note="the gateway itself has no fixed charge: it bills the VMs and traffic that use it"
    )


@rule("gcp:secretmanager/secretVersion:SecretVersion")
def secret_version(r: Resource, ctx: Context) -> Outcome:
    secret_name = str(r.get("secret", "")).rsplit("/", 1)[-1]
    replicas = 1
    for secret in ctx.of_type("gcp:secretmanager/secret:Secret"):
        if secret.get("secretId") == secret_name:
            replicas = len(secret.get("replication.userManaged.replicas", [])) or 1
    usage = ctx.usage_of(r, "secret")
    return Outcome(
        [
            ctx.fixed(
                f"Active secret version ({replicas} location{'s' if replicas != 1 else ''})",
                replicas,
                "version-months",
                "secretmanager.version.month",
            ),
            ctx.use(
                "Access operations",
                usage["requests_10k"],
                "10k operations",
                "secretmanager.access.10k",
                "secret.requests_10k",
            ),
        ]
    )


@rule("gcp:kms/cryptoKey:CryptoKey")
def kms_key(r: Resource, ctx: Context) -> Outcome:
    return Outcome(
        [ctx.fixed("Active key version (software)", 1, "version-months", "kms.key_version.month")],
        note="each rotation adds a version, billed until it is destroyed; encrypt and decrypt operations "
        "($0.03 per 10k) are not modelled",
    )


@rule("gcp:artifactregistry/repository:Repository")
def artifact_repository(r: Resource, ctx: Context) -> Outcome:
    usage = ctx.usage_of(r, "container_registry")
    return Outcome(
        [
            ctx.use(
                "Image storage",
                usage["storage_gb"],
                "GB-months",
                "artifactregistry.storage.gb_month",
                "container_registry.storage_gb",
            )
        ]
    )


@rule("gcp:container/cluster:Cluster")
def gke_cluster(r: Resource, ctx: Context) -> Outcome:
    return Outcome(
        [ctx.fixed("Cluster management fee", H, "hours", "gke.cluster.hour")],
        note=(
            "Autopilot bills each pod's vCPU, memory and storage requests; those rates are not in the table"
            if r.get("enableAutopilot")
            else "node VMs are not priced"
        ),
    )
