"""The text form of a plan: a tree of components and resources with their key settings."""

from __future__ import annotations

import textwrap
from typing import Any, Protocol

from .first_up import HEADING as NOTES
from .first_up import Note
from .mocks import Registration
from .stand_ins import HEADING as INSTEAD
from .stand_ins import StandIn
from .terminal import PLAIN, Palette


class Plan(Protocol):
    """What the text reads of a `stacks.plan.Plan` (declared here: `Plan.text()` calls this module, which
    therefore does not import `stacks.plan` back)."""

    project: str
    stack: str
    cloud: Any
    environment: Any
    resources: list[Registration]
    outputs: dict[str, Any]
    notes: list[Note]
    stand_ins: list[StandIn]


# The settings worth a glance, per resource type; other types show their first few scalar inputs.
KEY_SETTINGS: dict[str, tuple[str, ...]] = {
    "aws:ec2/vpc:Vpc": ("cidrBlock", "enableDnsHostnames"),
    "aws:ec2/subnet:Subnet": ("cidrBlock", "availabilityZone", "mapPublicIpOnLaunch"),
    "aws:ec2/natGateway:NatGateway": ("connectivityType",),
    "aws:ec2/route:Route": ("destinationCidrBlock",),
    "aws:ec2/eip:Eip": ("domain",),
    "aws:secretsmanager/secret:Secret": ("namePrefix", "recoveryWindowInDays"),
    "aws:rds/instance:Instance": (
        "identifier",
        "instanceClass",
        "engineVersion",
        "multiAz",
        "allocatedStorage",
        "deletionProtection",
        "backupRetentionPeriod",
    ),
    "aws:elasticache/replicationGroup:ReplicationGroup": (
        "replicationGroupId",
        "engine",
        "engineVersion",
        "nodeType",
        "numCacheClusters",
        "automaticFailoverEnabled",
    ),
    "aws:s3/bucket:Bucket": ("bucketPrefix",),
    "aws:cloudwatch/logGroup:LogGroup": ("retentionInDays",),
    "aws:kms/key:Key": ("enableKeyRotation",),
    "aws:ec2/flowLog:FlowLog": ("trafficType", "logDestinationType"),
    "aws:ec2/vpcEndpoint:VpcEndpoint": ("serviceName", "vpcEndpointType"),
    "aws:secretsmanager/secretVersion:SecretVersion": ("secretString",),
    "gcp:compute/network:Network": ("name", "autoCreateSubnetworks", "routingMode"),
    "gcp:compute/subnetwork:Subnetwork": ("name", "ipCidrRange", "privateIpGoogleAccess"),
    "gcp:compute/globalAddress:GlobalAddress": ("name", "purpose", "address", "prefixLength"),
    "gcp:compute/firewall:Firewall": ("name", "direction", "priority", "sourceRanges"),
    "gcp:compute/routerNat:RouterNat": ("name", "natIpAllocateOption", "logConfig.filter"),
    "gcp:sql/databaseInstance:DatabaseInstance": (
        "name",
        "databaseVersion",
        "settings.tier",
        "settings.edition",
        "settings.availabilityType",
        "settings.ipConfiguration.ipv4Enabled",
        "settings.ipConfiguration.sslMode",
        "settings.backupConfiguration.pointInTimeRecoveryEnabled",
        "deletionProtection",
        "settings.deletionProtectionEnabled",
    ),
    "gcp:redis/instance:Instance": (
        "name",
        "tier",
        "memorySizeGb",
        "redisVersion",
        "authEnabled",
        "transitEncryptionMode",
        "connectMode",
        "persistenceConfig.persistenceMode",
    ),
    "gcp:cloudrunv2/service:Service": (
        "name",
        "ingress",
        "template.scaling.minInstanceCount",
        "template.scaling.maxInstanceCount",
        "template.vpcAccess.egress",
    ),
    "gcp:cloudrunv2/job:Job": ("name",),
    "gcp:cloudrunv2/workerPool:WorkerPool": ("name", "scaling.manualInstanceCount"),
    "gcp:cloudscheduler/job:Job": ("name", "schedule", "timeZone"),
    "gcp:storage/bucket:Bucket": ("name", "location", "uniformBucketLevelAccess", "publicAccessPrevention"),
    "gcp:compute/backendBucket:BackendBucket": ("name", "enableCdn"),
    "gcp:compute/sSLPolicy:SSLPolicy": ("name", "profile", "minTlsVersion"),
    "gcp:compute/backendService:BackendService": (
        "name",
        "loadBalancingScheme",
        "protocol",
        "securityPolicy",
    ),
    "gcp:compute/globalForwardingRule:GlobalForwardingRule": ("name", "portRange", "loadBalancingScheme"),
    "gcp:compute/targetHttpsProxy:TargetHttpsProxy": ("name", "sslPolicy"),
    "gcp:compute/managedSslCertificate:ManagedSslCertificate": ("name", "managed.domains"),
    "gcp:compute/securityPolicy:SecurityPolicy": ("name", "type"),
    "gcp:artifactregistry/repository:Repository": ("repositoryId", "format"),
    "gcp:storage/bucketIAMMember:BucketIAMMember": ("role", "member"),
    "gcp:cloudrunv2/serviceIamMember:ServiceIamMember": ("role", "member"),
    "gcp:monitoring/alertPolicy:AlertPolicy": ("displayName", "severity"),
    "gcp:secretmanager/secret:Secret": ("secretId",),
    "gcp:container/cluster:Cluster": ("name", "enableAutopilot", "privateClusterConfig.enablePrivateNodes"),
    "aws:eks/cluster:Cluster": ("name", "version", "computeConfig.enabled", "vpcConfig.endpointPublicAccess"),
    "kubernetes:core/v1:Namespace": ("metadata.name",),
    "kubernetes:apps/v1:Deployment": ("metadata.name", "spec.replicas"),
    "kubernetes:batch/v1:CronJob": ("metadata.name", "spec.schedule"),
    "kubernetes:autoscaling/v2:HorizontalPodAutoscaler": (
        "metadata.name",
        "spec.minReplicas",
        "spec.maxReplicas",
    ),
    "kubernetes:networking.k8s.io/v1:Ingress": ("metadata.name", "spec.ingressClassName"),
    "kubernetes:policy/v1:PodDisruptionBudget": ("metadata.name", "spec.maxUnavailable"),
    "gcp:secretmanager/secretVersion:SecretVersion": ("secretData",),
    "gcp:serviceaccount/account:Account": ("accountId",),
}
SKIPPED_INPUTS = {"tags", "tagsAll", "__defaults"}
MAX_GENERIC_SETTINGS = 3
NOTE_WIDTH = 110


def render_text(plan: Plan, color: bool = False) -> str:
    """The plan as text; with `color`, components in bold, resources in green (each is created), the
    protect / retain flags and the first-`pulumi up` notes in yellow (stacks/terminal.py)."""
    palette = Palette(color)
    # A user's own project (stacks/foreign.py) may have neither a known cloud nor a stackyard environment.
    facts = [f"project {plan.project}", f"stack {plan.stack}"]
    facts += [
        f"{key} {value}" for key, value in (("cloud", plan.cloud), ("environment", plan.environment)) if value
    ]
    lines = [palette.bold("stackyard plan · " + " · ".join(facts)), ""]
    children: dict[str | None, list[Any]] = {}
    known = {r.urn for r in plan.resources}
    for resource in plan.resources:
        children.setdefault(resource.parent if resource.parent in known else None, []).append(resource)

    def walk(parent: str | None, prefix: str) -> None:
        items = children.get(parent, [])
        for index, resource in enumerate(items):
            last = index == len(items) - 1
            branch = "" if parent is None else ("└─ " if last else "├─ ")
            lines.append(f"{palette.dim(prefix + branch)}{_describe(resource, palette)}")
            walk(resource.urn, prefix + ("" if parent is None else ("   " if last else "│  ")))

    walk(None, "")
    if plan.outputs:
        lines += ["", palette.bold("Outputs:")]
        lines += [f"  {name}: {_short(value, 100)}" for name, value in plan.outputs.items()]
    if plan.notes:
        lines += ["", palette.paint(f"{NOTES}:", "bold", "yellow")]
        for note in plan.notes:
            lines += _wrap(note.text)
    if plan.stand_ins:
        lines += ["", palette.bold(f"{INSTEAD}:")]
        for stand_in in plan.stand_ins:
            lines += _wrap(stand_in.text())
    custom = sum(1 for r in plan.resources if r.custom)
    components = len(plan.resources) - custom
    protected = sum(1 for r in plan.resources if r.protect)
    retained = sum(1 for r in plan.resources if r.retain_on_delete)
    lines += [
        "",
        _cost_line(plan),
        "",
        palette.bold(
            f"{len(plan.resources)} resources: {custom} cloud resources in {components} components; "
            f"{protected} protected, {retained} retained on delete; {len(plan.outputs)} outputs"
        ),
    ]
    return "\n".join(lines)


def _cost_line(plan: Plan) -> str:
    """The monthly estimate in one line (`stackyard cost` itemizes it)."""
    from .cost import document_of, estimate, summary_line  # the price tables load on first use

    return summary_line(estimate(document_of(plan)))


def _wrap(text: str) -> list[str]:
    """A note as a bullet wrapped at `NOTE_WIDTH`, never inside a `code span` (a command stays whole)."""
    parts = text.split("`")
    keep = "`".join(p.replace(" ", "\0") if i % 2 else p for i, p in enumerate(parts))
    wrapped = textwrap.wrap(
        keep,
        NOTE_WIDTH,
        initial_indent="  - ",
        subsequent_indent="    ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    return [line.replace("\0", " ") for line in wrapped]


def _describe(resource: Any, palette: Palette = PLAIN) -> str:
    flags = [
        flag for flag, on in (("protect", resource.protect), ("retain", resource.retain_on_delete)) if on
    ]
    settings = _settings(resource) if resource.custom else ""
    text = palette.paint(f"{resource.type}  {resource.name}", "green" if resource.custom else "bold")
    if settings:
        text += f"  {settings}"
    if flags:
        text += "  " + palette.yellow(f"[{', '.join(flags)}]")
    return text


def _settings(resource: Any) -> str:
    inputs = resource.inputs
    keys = KEY_SETTINGS.get(resource.type)
    if keys is None:
        keys = tuple(
            k for k, v in inputs.items() if k not in SKIPPED_INPUTS and isinstance(v, (str, int, float, bool))
        )[:MAX_GENERIC_SETTINGS]
    found = {k: setting(inputs, k) for k in keys}
    return " ".join(f"{k}={_short(v, 40)}" for k, v in found.items() if v is not None)


def setting(inputs: dict[str, Any], key: str) -> Any:
    """The input at `key`, a dotted path into nested inputs (`settings.tier`); None when absent."""
    value: Any = inputs
    for part in key.split("."):
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _short(value: Any, limit: int) -> str:
    text = str(value).lower() if isinstance(value, bool) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
