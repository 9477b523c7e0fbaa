"""Kubernetes rules: Pod Security "restricted" one requirement per rule, then kube-score's, checkov's
(CKV_K8S) and Pulumi's compliance policies (CRP) for workloads, and stack rules for what relates objects
(a PodDisruptionBudget and a NetworkPolicy for the pods of each workload, HPA and replicas).

Inputs are the Kubernetes object as the provider receives it (apiVersion, kind, metadata, spec) in
camelCase. A field that is absent has its Kubernetes default (no `allowPrivilegeEscalation` means it is
allowed, no `metadata.namespace` means the provider's namespace, `default` unless configured); a field
whose value is unknown (None or "[unknown]") makes a rule pass, since it cannot decide.

Sources: shared/reference/security-baseline.md, "Kubernetes"; Pod Security Standards
(kubernetes.io/docs/concepts/security/pod-security-standards, pod-security-admission `policy/check_*.go`);
kube-score `score/**`; checkov `checkov/kubernetes/checks/resource/k8s/`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from typing import Any

from .model import ABSENT, ADVISORY, MANDATORY, UNKNOWN, Resource, Rule, is_unknown, lookup, rule, stack_rule

RULES: list[Rule] = []

# -- resource types ------------------------------------------------------------------------------------------

POD = "kubernetes:core/v1:Pod"
DEPLOYMENT = "kubernetes:apps/v1:Deployment"
STATEFUL_SET = "kubernetes:apps/v1:StatefulSet"
DAEMON_SET = "kubernetes:apps/v1:DaemonSet"
REPLICA_SET = "kubernetes:apps/v1:ReplicaSet"
REPLICATION_CONTROLLER = "kubernetes:core/v1:ReplicationController"
JOB = "kubernetes:batch/v1:Job"
CRON_JOB = "kubernetes:batch/v1:CronJob"
PDB = "kubernetes:policy/v1:PodDisruptionBudget"
NETWORK_POLICY = "kubernetes:networking.k8s.io/v1:NetworkPolicy"
HPA = "kubernetes:autoscaling/v2:HorizontalPodAutoscaler"
SERVICE = "kubernetes:core/v1:Service"
SERVICE_ACCOUNT = "kubernetes:core/v1:ServiceAccount"
CONFIG_MAP = "kubernetes:core/v1:ConfigMap"
SECRET = "kubernetes:core/v1:Secret"
NAMESPACE = "kubernetes:core/v1:Namespace"
INGRESS = "kubernetes:networking.k8s.io/v1:Ingress"
ROLE = "kubernetes:rbac.authorization.k8s.io/v1:Role"
ROLE_BINDING = "kubernetes:rbac.authorization.k8s.io/v1:RoleBinding"

# Where each workload kind keeps its pod template (the Pod itself for a bare Pod).
_TEMPLATE_PATHS: dict[str, tuple[str, ...]] = {
    POD: (),
    DEPLOYMENT: ("spec", "template"),
    STATEFUL_SET: ("spec", "template"),
    DAEMON_SET: ("spec", "template"),
    REPLICA_SET: ("spec", "template"),
    REPLICATION_CONTROLLER: ("spec", "template"),
    JOB: ("spec", "template"),
    CRON_JOB: ("spec", "jobTemplate", "spec", "template"),
}
WORKLOADS = tuple(_TEMPLATE_PATHS)
BATCH = (JOB, CRON_JOB)
SCALABLE = (DEPLOYMENT, STATEFUL_SET)  # what a PodDisruptionBudget and an HPA are about here
NAMESPACED = (
    *WORKLOADS,
    SERVICE,
    SERVICE_ACCOUNT,
    CONFIG_MAP,
    SECRET,
    INGRESS,
    PDB,
    NETWORK_POLICY,
    HPA,
    ROLE,
    ROLE_BINDING,
)

# -- facts ---------------------------------------------------------------------------------------------------

# Pod Security restricted, "Volume Types" (pod-security-admission check_restrictedVolumes.go).
RESTRICTED_VOLUMES = frozenset(
    [
        "configMap",
        "csi",
        "downwardAPI",
        "emptyDir",
        "ephemeral",
        "image",
        "persistentVolumeClaim",
        "projected",
        "secret",
    ]
)
# Pod Security restricted, "Seccomp"; "Capabilities" (the only capability that may be added).
SECCOMP_TYPES = ("RuntimeDefault", "Localhost")
ADDABLE_CAPABILITY = "NET_BIND_SERVICE"
# Pod Security baseline, "Sysctls" (the safe set, Kubernetes 1.29+), "SELinux", "AppArmor", "/proc Mount".
SAFE_SYSCTLS = frozenset(
    [
        "kernel.shm_rmid_forced",
        "net.ipv4.ip_local_port_range",
        "net.ipv4.ip_unprivileged_port_start",
        "net.ipv4.tcp_syncookies",
        "net.ipv4.ping_group_range",
        "net.ipv4.ip_local_reserved_ports",
        "net.ipv4.tcp_keepalive_time",
        "net.ipv4.tcp_fin_timeout",
        "net.ipv4.tcp_keepalive_intvl",
        "net.ipv4.tcp_keepalive_probes",
    ]
)
SELINUX_TYPES = ("container_t", "container_init_t", "container_kvm_t", "container_engine_t")
APPARMOR_TYPES = ("RuntimeDefault", "Localhost")
APPARMOR_ANNOTATION = "container.apparmor.security.beta.kubernetes.io/"
# kube-score container-security-context-user-group-id: a user or group id below 10000 is "low".
MIN_HIGH_ID = 10000
SYSTEM_NAMESPACES = ("default", "kube-system", "kube-public", "kube-node-lease")
# Cluster settings the platform reads from a fixed object in a system namespace, not application objects
# (type, namespace, name): EKS Auto Mode enforces NetworkPolicies once the ConfigMap
# kube-system/amazon-vpc-cni holds enable-network-policy-controller: "true" (EKS User Guide, "Use Network
# Policies with EKS Auto Mode").
PLATFORM_SETTINGS = frozenset({(CONFIG_MAP, "kube-system", "amazon-vpc-cni")})
SECRET_MARK = "[secret]"
PSA_ENFORCE_LABEL = "pod-security.kubernetes.io/enforce"

# Environment variable names that hold secrets: *PASSWORD*, *SECRET*, *TOKEN*, *API_KEY* (and spellings),
# unless the last word says the value is about the secret rather than the secret (JWT_SECRET is one,
# REFRESH_TOKEN_EXPIRATION and SECRET_NAME are not).
_SECRET_WORDS = ("PASSWORD", "PASSWD", "SECRET", "TOKEN", "API_KEY", "APIKEY", "PRIVATE_KEY")
# Front-end build settings with these prefixes are compiled into the JavaScript sent to browsers, so they are
# public by construction (Next.js NEXT_PUBLIC_, Vite VITE_, Create React App REACT_APP_, Nuxt NUXT_PUBLIC_).
_PUBLIC_PREFIXES = ("NEXT_PUBLIC_", "VITE_", "REACT_APP_", "NUXT_PUBLIC_")
_NOT_SECRET_SUFFIXES = frozenset(
    [
        "EXPIRATION",
        "EXPIRY",
        "EXPIRES",
        "EXPIRE",
        "TTL",
        "LIFETIME",
        "TIMEOUT",
        "URL",
        "URI",
        "HOST",
        "PORT",
        "ENDPOINT",
        "PATH",
        "FILE",
        "DIR",
        "HEADER",
        "NAME",
        "ID",
        "LENGTH",
        "ALGORITHM",
        "ISSUER",
        "AUDIENCE",
        "ENABLED",
    ]
)


# -- reading inputs ------------------------------------------------------------------------------------------


def _at(obj: Any, *path: str) -> Any:
    """The value at `path`: ABSENT when a key along it is missing, None when it (or a parent) is unknown."""
    found = lookup(obj, *path)
    return None if isinstance(found, str) and found == UNKNOWN else found


def _list(value: Any) -> list[Any] | None:
    """A list field: [] when absent, None when unknown or not a list."""
    if value is ABSENT:
        return []
    return value if isinstance(value, list) else None


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _show(value: Any) -> str:
    """A value as it reads in a manifest (true, "x", 0)."""
    try:
        return json.dumps(value)
    except (TypeError, ValueError):
        return str(value)


def _report(problems: Sequence[str]) -> str | None:
    return "; ".join(problems) if problems else None


def _name(resource: Resource) -> str:
    name = _at(resource.inputs, "metadata", "name")
    return name if isinstance(name, str) else resource.name


def pod_template(resource: Resource) -> Mapping[str, Any] | None:
    """The pod template of a workload (the object itself for a bare Pod); None for other types, or when
    it is unknown."""
    path = _TEMPLATE_PATHS.get(resource.type)
    if path is None:
        return None
    template = _at(resource.inputs, *path) if path else resource.inputs
    return template if isinstance(template, Mapping) else None


def pod_spec(resource: Resource) -> Mapping[str, Any] | None:
    """The pod spec of a workload: `spec` of a Pod, `spec.template.spec` of a Deployment, StatefulSet,
    DaemonSet, ReplicaSet, ReplicationController or Job, `spec.jobTemplate.spec.template.spec` of a
    CronJob; None for other types, or when it is unknown."""
    spec = _at(pod_template(resource), "spec")
    return spec if isinstance(spec, Mapping) else None


def pod_labels(resource: Resource) -> Any:
    """The labels of a workload's pods: a mapping, ABSENT, or None when unknown."""
    template = pod_template(resource)
    return None if template is None else _at(template, "metadata", "labels")


_CONTAINER_LISTS = (
    ("containers", "container"),
    ("initContainers", "init container"),
    ("ephemeralContainers", "ephemeral container"),
)


def containers(
    spec: Mapping[str, Any], *, init: bool = True, ephemeral: bool = True
) -> Iterator[tuple[str, Mapping[str, Any]]]:
    """(label, container) for each container of a pod spec: regular, then init and ephemeral ones."""
    for key, kind in _CONTAINER_LISTS:
        if (key == "initContainers" and not init) or (key == "ephemeralContainers" and not ephemeral):
            continue
        items = _at(spec, key)
        if not isinstance(items, list):
            continue
        for index, container in enumerate(items):
            if isinstance(container, Mapping):
                name = container.get("name")
                yield (f'{kind} "{name}"' if isinstance(name, str) else f"{kind} {index}"), container


def _security_contexts(spec: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(where, securityContext) for the pod and every container."""
    yield "the pod", _at(spec, "securityContext")
    for label, container in containers(spec):
        yield label, _at(container, "securityContext")


def _namespace(resource: Resource) -> str | None:
    """The object's namespace ("default" when it names none); None when unknown."""
    namespace = _at(resource.inputs, "metadata", "namespace")
    if namespace is ABSENT or namespace == "":
        return "default"
    return namespace if isinstance(namespace, str) else None


def _same_namespace(a: Resource, b: Resource) -> bool | None:
    first, second = _namespace(a), _namespace(b)
    return None if first is None or second is None else first == second


def _matches(selector: Any, labels: Any) -> bool | None:
    """Whether a label selector (matchLabels, matchExpressions) selects pods with `labels`; None when it
    cannot be known. An absent selector selects nothing, an empty one everything."""
    if selector is ABSENT:
        return False
    if selector is None or labels is None or not isinstance(selector, Mapping):
        return None
    if labels is ABSENT:
        labels = {}
    if not isinstance(labels, Mapping):
        return None
    uncertain = False
    match_labels = _at(selector, "matchLabels")
    if match_labels is ABSENT:
        match_labels = {}
    if not isinstance(match_labels, Mapping):
        uncertain = True
    else:
        for key, value in match_labels.items():
            if is_unknown(value) or (key in labels and is_unknown(labels[key])):
                uncertain = True
            elif labels.get(key) != value:
                return False
    expressions = _list(_at(selector, "matchExpressions"))
    for expression in expressions if expressions is not None else []:
        result = _expression_matches(expression, labels)
        if result is False:
            return False
        uncertain = uncertain or result is None
    if expressions is None:
        uncertain = True
    return None if uncertain else True


def _expression_matches(expression: Any, labels: Mapping[str, Any]) -> bool | None:
    key, operator, values = _at(expression, "key"), _at(expression, "operator"), _at(expression, "values")
    if not isinstance(key, str) or not isinstance(operator, str):
        return None
    if key in labels and is_unknown(labels[key]):
        return None
    if operator == "Exists":
        return key in labels
    if operator == "DoesNotExist":
        return key not in labels
    if not isinstance(values, list) or any(is_unknown(v) for v in values):
        return None
    if operator == "In":
        return key in labels and labels[key] in values
    if operator == "NotIn":
        return key not in labels or labels[key] not in values
    return None


def _kind(resource: Resource) -> str:
    kind = _at(resource.inputs, "kind")
    return kind if isinstance(kind, str) else resource.type.rsplit(":", 1)[-1]


def _hpa_targets(hpa: Resource, workload: Resource) -> bool | None:
    """Whether an HPA scales `workload` (same kind, name and namespace); None when it cannot be known."""
    ref = _at(hpa.inputs, "spec", "scaleTargetRef")
    if ref is None:
        return None
    if not isinstance(ref, Mapping):
        return False
    kind, name = _at(ref, "kind"), _at(ref, "name")
    if kind is None or name is None:
        return None
    if kind != _kind(workload):
        return False
    workload_name = _at(workload.inputs, "metadata", "name")
    if not isinstance(workload_name, str):
        return None  # auto-named, or unknown
    if name != workload_name:
        return False
    return _same_namespace(hpa, workload)


def _replicas(workload: Resource, hpas: Iterable[Resource]) -> tuple[int | None, str]:
    """How many pods a Deployment or StatefulSet runs at least, and where the number comes from: the
    minReplicas of an HPA that scales it, else spec.replicas (default 1). None when it cannot be known."""
    uncertain = False
    for hpa in hpas:
        targets = _hpa_targets(hpa, workload)
        if targets is True:
            minimum = _at(hpa.inputs, "spec", "minReplicas")
            if minimum is ABSENT:
                return 1, f"HorizontalPodAutoscaler {_name(hpa)} minReplicas, default 1"
            if _number(minimum):
                return int(minimum), f"minReplicas of HorizontalPodAutoscaler {_name(hpa)}"
            return None, ""
        uncertain = uncertain or targets is None
    if uncertain:
        return None, ""
    replicas = _at(workload.inputs, "spec", "replicas")
    if replicas is ABSENT:
        return 1, "spec.replicas unset, default 1"
    if _number(replicas):
        return int(replicas), "spec.replicas"
    return None, ""


def _of(resources: Iterable[Resource], *types: str) -> list[Resource]:
    return [r for r in resources if r.type in types]


def _image_parts(image: str) -> tuple[str | None, bool]:
    """(tag, pinned by digest) of an image reference; a registry port is not a tag."""
    name, _, digest = image.partition("@")
    last = name.rsplit("/", 1)[-1]
    tag = last.partition(":")[2] or None
    return tag, bool(re.fullmatch(r"[a-z0-9]+(?:[.+_-][a-z0-9]+)*:[0-9a-fA-F]{32,}", digest))


def _quantity_is_zero(value: Any) -> bool:
    match = re.match(r"^\+?([0-9]*\.?[0-9]+)", str(value))
    return match is not None and float(match.group(1)) == 0


def secret_like(name: str) -> bool:
    """Whether an environment variable or setting name looks like it holds a secret."""
    words = re.sub(r"(?<=[a-z0-9])(?=[A-Z])", "_", name).upper().replace("-", "_").replace(".", "_")
    if words.startswith(_PUBLIC_PREFIXES) or not any(word in words for word in _SECRET_WORDS):
        return False
    return words.rsplit("_", 1)[-1] not in _NOT_SECRET_SUFFIXES


# -- Pod Security "restricted" -------------------------------------------------------------------------------


@rule(
    "kubernetes-pod-run-as-non-root",
    MANDATORY,
    WORKLOADS,
    "A container running as root is root on the node after an escape; Pod Security restricted "
    '"Running as Non-root" (runAsNonRoot true on the pod or every container; waived with hostUsers: '
    "false), checkov CKV_K8S_23.",
    "set securityContext.runAsNonRoot: true on the pod (components.k8s.ContainerService does).",
    RULES,
)
def _run_as_non_root(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None or _at(spec, "hostUsers") is False:
        return None
    pod = _at(spec, "securityContext", "runAsNonRoot")
    problems: list[str] = []
    if pod is not ABSENT and pod is not None and pod is not True:
        problems.append(f"the pod sets runAsNonRoot: {_show(pod)}")
    for label, container in containers(spec):
        own = _at(container, "securityContext", "runAsNonRoot")
        if own is ABSENT:
            if pod is not True and pod is not None:
                problems.append(f"{label} may run as root: runAsNonRoot is not true on it or on the pod")
        elif own is not None and own is not True:
            problems.append(f"{label} sets runAsNonRoot: {_show(own)}")
    return _report(problems)


@rule(
    "kubernetes-pod-run-as-user-not-root",
    MANDATORY,
    WORKLOADS,
    'User id 0 is root whatever the image says; Pod Security restricted "Running as Non-root user" '
    "(runAsUser not 0; waived with hostUsers: false), checkov CKV_K8S_23.",
    "set securityContext.runAsUser to a non-root id above 10000, e.g. 10001 (ContainerService run_as_user).",
    RULES,
)
def _run_as_user_not_root(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None or _at(spec, "hostUsers") is False:
        return None
    return _report(
        [
            f"{where} sets runAsUser: 0"
            for where, context in _security_contexts(spec)
            if _number(user := _at(context, "runAsUser")) and user == 0
        ]
    )


@rule(
    "kubernetes-container-no-privilege-escalation",
    MANDATORY,
    WORKLOADS,
    "Without allowPrivilegeEscalation: false a process can gain more privileges than its parent (setuid "
    'binaries); Pod Security restricted "Privilege Escalation", checkov CKV_K8S_20.',
    "set securityContext.allowPrivilegeEscalation: false on every container, init containers too.",
    RULES,
)
def _no_privilege_escalation(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec):
        allowed = _at(container, "securityContext", "allowPrivilegeEscalation")
        if allowed is ABSENT:
            problems.append(f"{label} does not set allowPrivilegeEscalation: false")
        elif allowed is not None and allowed is not False:
            problems.append(f"{label} sets allowPrivilegeEscalation: {_show(allowed)}")
    return _report(problems)


@rule(
    "kubernetes-container-drop-all-capabilities",
    MANDATORY,
    WORKLOADS,
    "Linux capabilities are slices of root (NET_RAW spoofs packets, SYS_ADMIN is nearly all of it); Pod "
    'Security restricted "Capabilities" (drop ALL, add only NET_BIND_SERVICE), checkov CKV_K8S_37, '
    "CKV_K8S_28, CKV_K8S_25.",
    "set securityContext.capabilities: {drop: [ALL]} on every container and add nothing but "
    "NET_BIND_SERVICE.",
    RULES,
)
def _drop_all_capabilities(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec):
        drop = _list(_at(container, "securityContext", "capabilities", "drop"))
        if drop is not None and "ALL" not in drop and not any(is_unknown(c) for c in drop):
            problems.append(f"{label} does not drop ALL capabilities")
        add = _list(_at(container, "securityContext", "capabilities", "add"))
        extra = [c for c in add or [] if isinstance(c, str) and c != UNKNOWN and c != ADDABLE_CAPABILITY]
        if extra:
            problems.append(f"{label} adds {', '.join(extra)}")
    return _report(problems)


@rule(
    "kubernetes-pod-seccomp-profile",
    MANDATORY,
    WORKLOADS,
    "Seccomp's default profile blocks the system calls most kernel exploits use; Pod Security restricted "
    '"Seccomp" (RuntimeDefault or Localhost on the pod or every container), checkov CKV_K8S_31.',
    "set securityContext.seccompProfile: {type: RuntimeDefault} on the pod.",
    RULES,
)
def _seccomp_profile(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    pod = _at(spec, "securityContext", "seccompProfile", "type")
    problems: list[str] = []
    if pod is not ABSENT and pod is not None and pod not in SECCOMP_TYPES:
        problems.append(f"the pod's seccompProfile is {_show(pod)}")
    for label, container in containers(spec):
        own = _at(container, "securityContext", "seccompProfile", "type")
        if own is ABSENT:
            if pod is ABSENT:
                problems.append(f"{label} has no seccompProfile, nor has the pod")
        elif own is not None and own not in SECCOMP_TYPES:
            problems.append(f"{label} sets seccompProfile {_show(own)}")
    return _report(problems)


@rule(
    "kubernetes-container-not-privileged",
    MANDATORY,
    WORKLOADS,
    "A privileged container has every device and capability of the node; Pod Security baseline "
    '"Privileged Containers", checkov CKV_K8S_16, kube-score container-security-context-privileged.',
    "remove securityContext.privileged: true (set it to false).",
    RULES,
)
def _not_privileged(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    return _report(
        [
            f"{label} is privileged"
            for label, container in containers(spec)
            if _at(container, "securityContext", "privileged") is True
        ]
    )


@rule(
    "kubernetes-pod-no-host-namespaces",
    MANDATORY,
    WORKLOADS,
    "Sharing the node's network, process or IPC namespace lets a pod see and reach the node's and other "
    'pods\' traffic and processes; Pod Security baseline "Host Namespaces", checkov CKV_K8S_17/18/19.',
    "remove hostNetwork, hostPID and hostIPC from the pod spec (or set them to false).",
    RULES,
)
def _no_host_namespaces(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    return _report(
        [f"{field} is true" for field in ("hostNetwork", "hostPID", "hostIPC") if _at(spec, field) is True]
    )


@rule(
    "kubernetes-pod-no-host-ports",
    MANDATORY,
    WORKLOADS,
    "A hostPort binds the node's own address, around Services and NetworkPolicies; Pod Security baseline "
    '"HostPorts", checkov CKV_K8S_26.',
    "remove ports[].hostPort and reach the pods through a Service (and the Ingress).",
    RULES,
)
def _no_host_ports(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec):
        for port in _list(_at(container, "ports")) or []:
            host_port = _at(port, "hostPort")
            if _number(host_port) and host_port != 0:
                problems.append(f"{label} binds hostPort {host_port}")
    return _report(problems)


@rule(
    "kubernetes-pod-restricted-volume-types",
    MANDATORY,
    WORKLOADS,
    "hostPath exposes the node's files and other volume types bypass PersistentVolume access control; Pod "
    'Security restricted "Volume Types" (configMap, csi, downwardAPI, emptyDir, ephemeral, image, '
    'persistentVolumeClaim, projected, secret) and baseline "HostPath Volumes".',
    "use an emptyDir, configMap, secret, projected or persistentVolumeClaim volume instead.",
    RULES,
)
def _restricted_volume_types(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for index, volume in enumerate(_list(_at(spec, "volumes")) or []):
        if not isinstance(volume, Mapping):
            continue
        name = volume.get("name")
        label = f'volume "{name}"' if isinstance(name, str) else f"volume {index}"
        for kind, value in volume.items():
            if kind != "name" and value is not None and kind not in RESTRICTED_VOLUMES:
                problems.append(f"{label} is a {kind} volume")
    return _report(problems)


@rule(
    "kubernetes-pod-baseline-security-options",
    MANDATORY,
    WORKLOADS,
    "Unsafe sysctls, custom SELinux options, an unconfined AppArmor profile, an unmasked /proc or a Windows "
    'HostProcess container undo the node\'s isolation; Pod Security baseline "Sysctls", "SELinux", '
    '"AppArmor", "/proc Mount Type", "HostProcess".',
    "remove the named setting from the pod's or container's securityContext (or its AppArmor annotation).",
    RULES,
)
def _baseline_security_options(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for sysctl in _list(_at(spec, "securityContext", "sysctls")) or []:
        name = _at(sysctl, "name")
        if isinstance(name, str) and name not in SAFE_SYSCTLS:
            problems.append(f"the pod sets sysctl {name}, outside the safe set")
    for where, context in _security_contexts(spec):
        selinux_type = _at(context, "seLinuxOptions", "type")
        if isinstance(selinux_type, str) and selinux_type not in SELINUX_TYPES:
            problems.append(f"{where} sets SELinux type {selinux_type}")
        for field in ("user", "role"):
            if isinstance(_at(context, "seLinuxOptions", field), str):
                problems.append(f"{where} sets a SELinux {field}")
        apparmor = _at(context, "appArmorProfile", "type")
        if isinstance(apparmor, str) and apparmor not in APPARMOR_TYPES:
            problems.append(f"{where} sets AppArmor profile {apparmor}")
        if _at(context, "windowsOptions", "hostProcess") is True:
            problems.append(f"{where} is a Windows HostProcess")
        proc_mount = _at(context, "procMount")
        if isinstance(proc_mount, str) and proc_mount != "Default":
            problems.append(f"{where} sets procMount {proc_mount}")
    annotations = _at(pod_template(resource), "metadata", "annotations")
    if isinstance(annotations, Mapping):
        for key, value in annotations.items():
            if (
                isinstance(key, str)
                and key.startswith(APPARMOR_ANNOTATION)
                and isinstance(value, str)
                and value != UNKNOWN
                and value != "runtime/default"
                and not value.startswith("localhost/")
            ):
                problems.append(f"annotation {key} is {value}")
    return _report(problems)


# -- containers: resources, probes, image, identity ----------------------------------------------------------


def _missing_resources(container: Mapping[str, Any], names: Sequence[str]) -> list[str]:
    missing: list[str] = []
    for kind in ("requests", "limits"):
        for name in names:
            value = _at(container, "resources", kind, name)
            if value is ABSENT or (value is not None and _quantity_is_zero(value)):
                missing.append(f"{kind}.{name}")
    return missing


@rule(
    "kubernetes-container-resources",
    MANDATORY,
    WORKLOADS,
    "Without requests the scheduler overcommits nodes, without limits one pod can starve its neighbours; "
    "kube-score container-resources, checkov CKV_K8S_10/11/12/13.",
    "set app.services.<name>.cpu and memory_gb (limits), cpu_request and memory_request_gb (requests; "
    "default: the limits).",
    RULES,
)
def _container_resources(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    return _report(
        [
            f"{label} has no {', '.join(missing)}"
            for label, container in containers(spec, ephemeral=False)
            if (missing := _missing_resources(container, ("cpu", "memory")))
        ]
    )


@rule(
    "kubernetes-container-ephemeral-storage",
    ADVISORY,
    WORKLOADS,
    "Logs, the writable layer and emptyDirs fill the node's disk and get pods evicted unless ephemeral "
    "storage is requested and limited; kube-score container-ephemeral-storage-request-and-limit.",
    "set resources.requests and limits of ephemeral-storage (ContainerService ephemeral_storage_gb does).",
    RULES,
)
def _ephemeral_storage(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    return _report(
        [
            f"{label} has no {', '.join(missing)}"
            for label, container in containers(spec, ephemeral=False)
            if (missing := _missing_resources(container, ("ephemeral-storage",)))
        ]
    )


@rule(
    "kubernetes-container-probes",
    MANDATORY,
    tuple(t for t in WORKLOADS if t not in BATCH),
    "Without a readiness probe a pod gets traffic before it can serve and a broken rollout goes on; "
    "without a liveness probe a hung process is never restarted; kube-score pod-probes, checkov "
    "CKV_K8S_8/9.",
    "give the container a readinessProbe and a livenessProbe (app.services.<name>.health_path and "
    "readiness_path).",
    RULES,
)
def _probes(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec, init=False, ephemeral=False):
        ports = _at(container, "ports")
        if not isinstance(ports, list) or not ports:
            continue
        missing = [p for p in ("readinessProbe", "livenessProbe") if _at(container, p) is ABSENT]
        if missing:
            problems.append(f"{label} serves ports without {' or '.join(missing)}")
    return _report(problems)


_PROBE_HANDLERS = (
    ("httpGet", ("path", "port")),
    ("tcpSocket", ("port",)),
    ("exec", ("command",)),
    ("grpc", ("port", "service")),
)


def _same_probe(first: Any, second: Any) -> bool:
    """Whether two probes run the same check (kube-score pod-probes-identical)."""
    for handler, keys in _PROBE_HANDLERS:
        a, b = _at(first, handler), _at(second, handler)
        if isinstance(a, Mapping) and isinstance(b, Mapping):
            for key in keys:
                x, y = _at(a, key), _at(b, key)
                if handler == "httpGet" and key == "path":  # the path defaults to "/"
                    x, y = ("/" if x is ABSENT else x), ("/" if y is ABSENT else y)
                if x is None or y is None or x != y:
                    return False
            return True
    return False


@rule(
    "kubernetes-container-probes-differ",
    ADVISORY,
    WORKLOADS,
    "With the same check for readiness and liveness an overloaded pod is restarted instead of only taken "
    "out of the Service, which spreads the overload; kube-score pod-probes-identical.",
    "set app.services.<name>.readiness_path to an endpoint other than health_path (e.g. /ready).",
    RULES,
)
def _probes_differ(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    return _report(
        [
            f"{label}'s readiness and liveness probes check the same endpoint"
            for label, container in containers(spec, ephemeral=False)
            if _same_probe(_at(container, "readinessProbe"), _at(container, "livenessProbe"))
        ]
    )


@rule(
    "kubernetes-container-read-only-root-filesystem",
    ADVISORY,
    WORKLOADS,
    "A read-only root filesystem stops an intruder from changing binaries or dropping tools; kube-score "
    "container-security-context-readonlyrootfilesystem, checkov CKV_K8S_22, CRP "
    "kubernetes-apps-v1-deployment-enable-read-only-root-filesystem (Pod Security does not require it).",
    "set securityContext.readOnlyRootFilesystem: true and mount an emptyDir where the app writes "
    "(ContainerService mounts /tmp).",
    RULES,
)
def _read_only_root_filesystem(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec, ephemeral=False):
        value = _at(container, "securityContext", "readOnlyRootFilesystem")
        if value is ABSENT or (value is not None and value is not True):
            problems.append(f"{label} has a writable root filesystem")
    return _report(problems)


@rule(
    "kubernetes-container-high-user-id",
    ADVISORY,
    WORKLOADS,
    "User and group ids below 10000 may be those of real users or daemons on the node, which matters after "
    "an escape; kube-score container-security-context-user-group-id (fails below 10000), checkov "
    "CKV_K8S_40.",
    "set runAsUser and runAsGroup to 10000 or more (ContainerService run_as_user, default 10001).",
    RULES,
)
def _high_user_id(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec, ephemeral=False):
        for field, what in (("runAsUser", "user"), ("runAsGroup", "group")):
            value = _at(container, "securityContext", field)
            if value is ABSENT:
                value = _at(spec, "securityContext", field)
            if value is ABSENT:
                problems.append(f"{label} runs with the image's {what} id ({field} unset)")
            elif _number(value) and value < MIN_HIGH_ID:
                problems.append(f"{label} runs with {what} id {value}")
    return _report(problems)


def _images(resource: Resource) -> Iterator[tuple[str, str]]:
    spec = pod_spec(resource)
    if spec is None:
        return
    for label, container in containers(spec):
        image = _at(container, "image")
        if isinstance(image, str):
            yield label, image


@rule(
    "kubernetes-container-image-pinned",
    MANDATORY,
    WORKLOADS,
    "An untagged or :latest image changes under the pods without a deployment, so a restart can run code "
    "nobody reviewed and rollbacks do not roll back; kube-score container-image-tag, checkov CKV_K8S_14.",
    "set app.services.<name>.image to a release tag (ghcr.io/shop/api:1.4.2) or a digest (…@sha256:…).",
    RULES,
)
def _image_pinned(resource: Resource) -> str | None:
    problems: list[str] = []
    for label, image in _images(resource):
        tag, digest = _image_parts(image)
        if not digest and tag in (None, "latest"):
            problems.append(f"{label} image {image} is {'untagged' if tag is None else 'tagged latest'}")
    return _report(problems)


@rule(
    "kubernetes-container-image-digest",
    ADVISORY,
    WORKLOADS,
    "A tag can be moved to another image, a digest cannot: only a digest guarantees the pods run the image "
    "that was built and scanned; checkov CKV_K8S_43.",
    "set app.services.<name>.image to repository@sha256:<digest> (the digest your build pushed).",
    RULES,
)
def _image_digest(resource: Resource) -> str | None:
    return _report(
        [
            f"{label} image {image} has no digest"
            for label, image in _images(resource)
            if not _image_parts(image)[1]
        ]
    )


@rule(
    "kubernetes-container-image-pull-always",
    ADVISORY,
    WORKLOADS,
    "With imagePullPolicy Always the kubelet checks the registry credentials on every start, so a pod "
    "cannot reuse a private image another tenant pulled; kube-score container-image-pull-policy, checkov "
    "CKV_K8S_15.",
    "set imagePullPolicy: Always (ContainerService does).",
    RULES,
)
def _image_pull_always(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec):
        policy = _at(container, "imagePullPolicy")
        image = _at(container, "image")
        if policy is ABSENT and isinstance(image, str):
            tag, digest = _image_parts(image)
            # Kubernetes' default: Always for an untagged or :latest image, IfNotPresent otherwise.
            if digest or tag not in (None, "latest"):
                problems.append(f"{label} has no imagePullPolicy, so IfNotPresent")
        elif isinstance(policy, str) and policy != "Always":
            problems.append(f"{label} has imagePullPolicy {policy}")
    return _report(problems)


# -- secrets -------------------------------------------------------------------------------------------------


@rule(
    "kubernetes-container-no-secret-env",
    MANDATORY,
    WORKLOADS,
    "A literal env value is plain text in the workload object, readable by anyone who may read Deployments "
    "and in every rendered manifest; secrets belong in a Secret (cdk-nag AwsSolutions-ECS2's rule for "
    "Kubernetes; checkov CKV_K8S_35).",
    "move the value to app.services.<name>.secrets (a Secret read with valueFrom.secretKeyRef).",
    RULES,
)
def _no_secret_env(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    problems: list[str] = []
    for label, container in containers(spec):
        for variable in _list(_at(container, "env")) or []:
            name, value = _at(variable, "name"), _at(variable, "value")
            if value == SECRET_MARK:
                problems.append(f"{label} env {name} holds a secret as a literal value")
            elif isinstance(name, str) and isinstance(value, str) and value and secret_like(name):
                problems.append(f"{label} env {name} looks like a secret and has a literal value")
    return _report(problems)


@rule(
    "kubernetes-configmap-no-secrets",
    MANDATORY,
    (CONFIG_MAP,),
    "A ConfigMap is plain text to anyone who may read ConfigMaps, is not encrypted at rest like Secrets "
    "can be, and its values reach the pods with envFrom; cdk-nag AwsSolutions-ECS2's rule for Kubernetes.",
    "move the value from app.services.<name>.environment to app.services.<name>.secrets.",
    RULES,
)
def _configmap_no_secrets(resource: Resource) -> str | None:
    problems: list[str] = []
    for field in ("data", "binaryData"):
        data = _at(resource.inputs, field)
        if data == SECRET_MARK:
            problems.append(f"{field} holds secret values")
        elif isinstance(data, Mapping):
            for key, value in data.items():
                if value == SECRET_MARK:
                    problems.append(f"{field}.{key} holds a secret value")
                elif (
                    isinstance(key, str)
                    and isinstance(value, str)
                    and value != UNKNOWN
                    and value
                    and (secret_like(key))
                ):
                    problems.append(f"{field}.{key} looks like a secret")
    return _report(problems)


# -- namespaces, service accounts, object kinds --------------------------------------------------------------


@rule(
    "kubernetes-not-default-namespace",
    MANDATORY,
    NAMESPACED,
    "The default namespace (and the kube-* system ones) is shared with everything else in the cluster, so "
    "its RBAC, quotas, NetworkPolicies and Pod Security labels cannot be the app's own; checkov CKV_K8S_21.",
    "set metadata.namespace to the app's namespace (app.kubernetes.namespace; default <app>-<environment>).",
    RULES,
)
def _not_default_namespace(resource: Resource) -> str | None:
    namespace = _at(resource.inputs, "metadata", "namespace")
    if namespace is ABSENT or namespace == "":
        return "no metadata.namespace: it goes to the provider's namespace, default unless configured"
    if namespace in SYSTEM_NAMESPACES:
        key = (resource.type, namespace, _at(resource.inputs, "metadata", "name"))
        return None if key in PLATFORM_SETTINGS else f"it is in the {namespace} namespace"
    return None


@rule(
    "kubernetes-pod-not-default-service-account",
    ADVISORY,
    WORKLOADS,
    "Pods that share the namespace's default ServiceAccount share whatever RBAC anyone grants it; checkov "
    "CKV_K8S_41.",
    "set serviceAccountName to a ServiceAccount of the workload's own (ContainerService makes one).",
    RULES,
)
def _not_default_service_account(resource: Resource) -> str | None:
    spec = pod_spec(resource)
    if spec is None:
        return None
    account = _at(spec, "serviceAccountName")
    if account is ABSENT:
        account = _at(spec, "serviceAccount")  # the deprecated alias
    if account is ABSENT or account == "":
        return "no serviceAccountName: the pods run as the namespace's default ServiceAccount"
    if account == "default":
        return "the pods run as the default ServiceAccount"
    return None


@stack_rule(
    "kubernetes-service-account-token-not-mounted",
    ADVISORY,
    (*WORKLOADS, SERVICE_ACCOUNT),
    "A mounted ServiceAccount token lets anyone who takes over the container call the Kubernetes API as "
    "the pod; checkov CKV_K8S_38.",
    "set automountServiceAccountToken: false on the pod or its ServiceAccount (ContainerService sets both).",
    RULES,
)
def _token_not_mounted(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    accounts = _of(resources, SERVICE_ACCOUNT)
    for workload in _of(resources, *WORKLOADS):
        spec = pod_spec(workload)
        if spec is None:
            continue
        mount = _at(spec, "automountServiceAccountToken")
        if mount is True:
            yield workload, "the pod sets automountServiceAccountToken: true"
        if mount is not ABSENT:
            continue
        account_name = _at(spec, "serviceAccountName")
        if account_name is ABSENT or account_name == "":
            account_name = "default"
        if not isinstance(account_name, str):
            continue
        found = [
            a
            for a in accounts
            if _at(a.inputs, "metadata", "name") == account_name and _same_namespace(a, workload) is not False
        ]
        settings = [_at(a.inputs, "automountServiceAccountToken") for a in found]
        if any(setting is False or setting is None for setting in settings):
            continue  # the ServiceAccount does not mount it (or it is unknown)
        where = (
            f"its ServiceAccount {account_name} mounts it"
            if found
            else f"its ServiceAccount {account_name} is not in the stack"
        )
        yield workload, f"the pod does not set automountServiceAccountToken: false and {where}"


@rule(
    "kubernetes-no-bare-pod",
    ADVISORY,
    (POD,),
    "A bare Pod is not recreated when its node fails or is drained, and cannot be rolled out; CRP "
    "kubernetes-core-v1-pod-disallow-pod.",
    "run the container from a Deployment, Job or CronJob (components.k8s.ContainerService).",
    RULES,
)
def _no_bare_pod(resource: Resource) -> str | None:
    return f"{_name(resource)} is a bare Pod"


@rule(
    "kubernetes-service-cluster-ip",
    ADVISORY,
    (SERVICE,),
    "A LoadBalancer or NodePort Service opens the pods to the network around the Ingress, its TLS and its "
    "host routing; CRP kubernetes-core-v1-service-disallow-load-balancer, kube-score service-type.",
    "use a ClusterIP Service behind the Ingress (app.services.<name>.public: true makes one).",
    RULES,
)
def _service_cluster_ip(resource: Resource) -> str | None:
    service_type = _at(resource.inputs, "spec", "type")
    if service_type in ("LoadBalancer", "NodePort"):
        return f"type is {service_type}"
    return None


def _percent(value: Any) -> float | None:
    if isinstance(value, str) and value.endswith("%"):
        try:
            return float(value[:-1])
        except ValueError:
            return None
    return None


@rule(
    "kubernetes-pdb-allows-disruption",
    ADVISORY,
    (PDB,),
    "A PodDisruptionBudget without a budget does nothing, and one that allows no eviction blocks node "
    "drains, so cluster upgrades stall; kube-score poddisruptionbudget-has-policy, CRP "
    "kubernetes-policy-v1-poddisruptionbudget-disallow-zero-voluntary-disruption.",
    "set spec.maxUnavailable: 1 (ContainerService does for 2 replicas or more).",
    RULES,
)
def _pdb_allows_disruption(resource: Resource) -> str | None:
    max_unavailable = _at(resource.inputs, "spec", "maxUnavailable")
    min_available = _at(resource.inputs, "spec", "minAvailable")
    if max_unavailable is ABSENT and min_available is ABSENT:
        return "it sets neither minAvailable nor maxUnavailable"
    if (_number(max_unavailable) and max_unavailable == 0) or _percent(max_unavailable) == 0:
        return f"maxUnavailable {_show(max_unavailable)} allows no eviction"
    if _percent(min_available) == 100:
        return f"minAvailable {_show(min_available)} allows no eviction"
    return None


@rule(
    "kubernetes-namespace-pod-security-enforced",
    ADVISORY,
    (NAMESPACE,),
    "The namespace label pod-security.kubernetes.io/enforce: restricted makes the API server refuse pods "
    "that break Pod Security restricted, whatever created them (Pod Security admission).",
    "label the namespace pod-security.kubernetes.io/enforce: restricted (components.k8s.AppNamespace does).",
    RULES,
)
def _namespace_pod_security(resource: Resource) -> str | None:
    labels = _at(resource.inputs, "metadata", "labels")
    if labels is None:
        return None
    level = _at(labels, PSA_ENFORCE_LABEL) if isinstance(labels, Mapping) else ABSENT
    if level is ABSENT:
        return f"no {PSA_ENFORCE_LABEL} label"
    if level is not None and level != "restricted":
        return f"{PSA_ENFORCE_LABEL} is {level}"
    return None


# -- stack rules: disruption budgets, network policies, autoscalers ------------------------------------------


@stack_rule(
    "kubernetes-deployment-disruption-budget",
    MANDATORY,
    (*SCALABLE, PDB, HPA),
    "Without a PodDisruptionBudget a node drain (upgrades, autoscaler) may evict every replica at once; "
    "kube-score deployment-has-poddisruptionbudget and statefulset-has-poddisruptionbudget (from 2 "
    "replicas).",
    "add a PodDisruptionBudget whose selector matches the pod labels (ContainerService makes one from "
    "2 replicas).",
    RULES,
)
def _disruption_budget(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    budgets, hpas = _of(resources, PDB), _of(resources, HPA)
    for workload in _of(resources, *SCALABLE):
        count, source = _replicas(workload, hpas)
        if count is None or count < 2:
            continue
        labels = pod_labels(workload)
        covered = uncertain = False
        for budget in budgets:
            same = _same_namespace(workload, budget)
            selects = _matches(_at(budget.inputs, "spec", "selector"), labels)
            if same is False or selects is False:
                continue
            if same and selects:
                covered = True
                break
            uncertain = True
        if not covered and not uncertain:
            yield workload, f"it runs {count} replicas ({source}) and no PodDisruptionBudget selects its pods"


def _policy_types(policy: Resource) -> set[str] | None:
    """The directions a NetworkPolicy restricts (policyTypes, or its default: Ingress, plus Egress when it
    has an egress section); None when unknown."""
    spec = _at(policy.inputs, "spec")
    types = _at(spec, "policyTypes")
    if types is ABSENT:
        return {"Ingress"} | ({"Egress"} if _at(spec, "egress") is not ABSENT else set())
    if not isinstance(types, list) or any(is_unknown(t) for t in types):
        return None
    return {t for t in types if isinstance(t, str)}


@stack_rule(
    "kubernetes-workload-network-policy",
    MANDATORY,
    (*WORKLOADS, NETWORK_POLICY),
    "Pods not selected by a NetworkPolicy accept connections from and open them to anything in the "
    "cluster and beyond; kube-score pod-networkpolicy (both Ingress and Egress).",
    "select the pods with NetworkPolicies covering Ingress and Egress (AppNamespace's default-deny plus "
    "ContainerService's own policy).",
    RULES,
)
def _network_policy(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    policies = _of(resources, NETWORK_POLICY)
    for workload in _of(resources, *WORKLOADS):
        if pod_spec(workload) is None:
            continue
        labels = pod_labels(workload)
        found: set[str] = set()
        uncertain = False
        for policy in policies:
            same = _same_namespace(workload, policy)
            selects = _matches(_at(policy.inputs, "spec", "podSelector"), labels)
            if same is False or selects is False:
                continue
            types = _policy_types(policy)
            if same is None or selects is None or types is None:
                uncertain = True
                continue
            found |= types
        missing = [t for t in ("Ingress", "Egress") if t not in found]
        if missing and not uncertain:
            yield (
                workload,
                (
                    "no NetworkPolicy selects its pods"
                    if not found
                    else f"no NetworkPolicy selecting its pods restricts {' or '.join(missing)}"
                ),
            )


@stack_rule(
    "kubernetes-hpa-target-no-replicas",
    ADVISORY,
    (*SCALABLE, HPA),
    "spec.replicas on a workload an HPA scales resets the replica count on every deployment, and the HPA "
    "then scales it back; kube-score deployment-targeted-by-hpa-does-not-have-replicas-configured.",
    "remove spec.replicas from the workload (ContainerService leaves it unset when it autoscales).",
    RULES,
)
def _hpa_target_no_replicas(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    hpas = _of(resources, HPA)
    for workload in _of(resources, *SCALABLE):
        replicas = _at(workload.inputs, "spec", "replicas")
        if replicas is ABSENT or replicas is None:
            continue
        for hpa in hpas:
            if _hpa_targets(hpa, workload) is True:
                yield (
                    workload,
                    (
                        f"spec.replicas is {_show(replicas)} while HorizontalPodAutoscaler "
                        f"{_name(hpa)} scales it"
                    ),
                )
                break


@stack_rule(
    "kubernetes-deployment-min-replicas",
    ADVISORY,
    (*SCALABLE, HPA),
    "In production a single replica is an outage whenever its pod or node goes; kube-score "
    "deployment-replicas and horizontalpodautoscaler-replicas (at least 2; CRP "
    "kubernetes-apps-v1-deployment-configure-minimum-replica-count asks 3).",
    "set app.services.<name>.scale.min to 2 or more in prod (the prod profile does for web services).",
    RULES,
)
def _min_replicas(resources: Sequence[Resource]) -> Iterator[tuple[Resource, str]]:
    hpas = _of(resources, HPA)
    for workload in _of(resources, *SCALABLE):
        if not workload.is_prod:
            continue
        count, source = _replicas(workload, hpas)
        if count is not None and count < 2:
            yield workload, f"it runs {count} replica{'s' if count != 1 else ''} in prod ({source})"
