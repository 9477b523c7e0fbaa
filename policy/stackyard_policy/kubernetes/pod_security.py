"""Pod Security "restricted" (and the "baseline" it includes), one requirement per rule."""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import Any

from ..model import ABSENT, MANDATORY, UNKNOWN, Resource, Rule, is_unknown, rule
from .helpers import WORKLOADS, _at, _list, _number, _report, _show, containers, pod_spec, pod_template

RULES: list[Rule] = []


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


def _security_contexts(spec: Mapping[str, Any]) -> Iterator[tuple[str, Any]]:
    """(where, securityContext) for the pod and every container."""
    yield "the pod", _at(spec, "securityContext")
    for label, container in containers(spec):
        yield label, _at(container, "securityContext")


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
