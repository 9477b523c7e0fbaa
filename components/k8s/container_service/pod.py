"""The pod every workload runs (Deployment, CronJob, migration Job): Pod Security "restricted", kube-score's
and checkov's container rules, probes for a web service, and spreading across zones and nodes."""

import pulumi_kubernetes as k8s

from .configuration import PodConfiguration
from .settings import CONTAINER, PORT_NAME, ContainerSettings
from .traffic import STARTUP_PERIOD_SECONDS

TMP_VOLUME = "tmp"
ZONE_KEY = "topology.kubernetes.io/zone"
HOST_KEY = "kubernetes.io/hostname"


def pod_template(
    s: ContainerSettings,
    labels: dict[str, str],
    selector: dict[str, str],
    account: k8s.core.v1.ServiceAccount,
    config: PodConfiguration,
) -> k8s.core.v1.PodTemplateSpecArgsDict:
    """The pod template of the Deployment or the CronJob."""
    return {
        "metadata": {"labels": labels, "annotations": config.annotations},
        "spec": _pod_spec(s, selector, account, config.env_from, config.env),
    }


def _pod_spec(
    s: ContainerSettings,
    selector: dict[str, str],
    account: k8s.core.v1.ServiceAccount,
    env_from: list[k8s.core.v1.EnvFromSourceArgsDict],
    env: list[k8s.core.v1.EnvVarArgsDict],
    migrate: list[str] | None = None,
) -> k8s.core.v1.PodSpecArgsDict:
    """The pod: Pod Security "restricted" (and kube-score's and checkov's container rules) for every kind.
    With `migrate`, the migration Job's pod: the same, with `migrate` as the container's args, no port or
    probe, restartPolicy Never and no spreading."""
    container: k8s.core.v1.ContainerArgsDict = {
        "name": CONTAINER,
        "image": s.image,
        "image_pull_policy": "Always",
        "resources": {"requests": s.requests, "limits": s.limits},
        "security_context": {
            "allow_privilege_escalation": False,
            "privileged": False,
            "read_only_root_filesystem": True,
            "run_as_non_root": True,
            "run_as_user": s.run_as_user,
            "run_as_group": s.run_as_group,
            "capabilities": {"drop": ["ALL"]},
            "seccomp_profile": {"type": "RuntimeDefault"},
        },
        "volume_mounts": [{"name": TMP_VOLUME, "mount_path": "/tmp"}],
        "termination_message_policy": "FallbackToLogsOnError",
    }
    if s.entrypoint is not None:
        container["command"] = s.entrypoint  # Docker's ENTRYPOINT is Kubernetes' command, CMD its args
    if s.command is not None:
        container["args"] = s.command
    if migrate is not None:
        container["args"] = list(migrate)
    if env_from:
        container["env_from"] = env_from
    if env:
        container["env"] = env
    if s.port is not None and migrate is None:
        container["ports"] = [{"name": PORT_NAME, "container_port": s.port, "protocol": "TCP"}]
        container["startup_probe"] = {
            "http_get": {"path": s.health_path, "port": PORT_NAME},
            "period_seconds": STARTUP_PERIOD_SECONDS,
            "timeout_seconds": 3,
            "failure_threshold": s.startup_failure_threshold,
        }
        # Liveness restarts a container that stopped answering for 30 s; readiness takes a pod out of the
        # Service after 15 s, so a busy pod sheds traffic well before it would be restarted.
        container["liveness_probe"] = {
            "http_get": {"path": s.health_path, "port": PORT_NAME},
            "initial_delay_seconds": s.liveness_initial_delay_seconds,
            "period_seconds": 10,
            "timeout_seconds": 5,
            "failure_threshold": 3,
        }
        container["readiness_probe"] = {
            "http_get": {"path": s.readiness_path, "port": PORT_NAME},
            "period_seconds": 5,
            "timeout_seconds": 3,
            "failure_threshold": 3,
            "success_threshold": 1,
        }

    spec: k8s.core.v1.PodSpecArgsDict = {
        "service_account_name": account.metadata.name,
        "automount_service_account_token": False,
        "enable_service_links": False,  # no <SERVICE>_PORT variables that could clash with the settings
        "host_network": False,
        "host_pid": False,
        "host_ipc": False,
        "security_context": {
            "run_as_non_root": True,
            "run_as_user": s.run_as_user,
            "run_as_group": s.run_as_group,
            "fs_group": s.run_as_group,
            "seccomp_profile": {"type": "RuntimeDefault"},
        },
        "termination_grace_period_seconds": s.termination_grace_period_seconds,
        "restart_policy": "Never" if s.kind == "job" or migrate is not None else "Always",
        "containers": [container],
        "volumes": [{"name": TMP_VOLUME, "empty_dir": {"size_limit": s.tmp_size}}],
    }
    if s.image_pull_secrets:
        spec["image_pull_secrets"] = [{"name": secret} for secret in s.image_pull_secrets]
    if s.kind != "job" and migrate is None:
        spread: k8s.meta.v1.LabelSelectorArgsDict = {"match_labels": selector}
        spec["topology_spread_constraints"] = [
            {
                "max_skew": 1,
                "topology_key": key,
                "when_unsatisfiable": "ScheduleAnyway",
                "label_selector": spread,
            }
            for key in (ZONE_KEY, HOST_KEY)
        ]
        # The same wish as the hostname spread, in the form kube-score's host anti-affinity check reads.
        spec["affinity"] = {
            "pod_anti_affinity": {
                "preferred_during_scheduling_ignored_during_execution": [
                    {"weight": 100, "pod_affinity_term": {"topology_key": HOST_KEY, "label_selector": spread}}
                ]
            }
        }
    return spec
