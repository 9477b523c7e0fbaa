"""The arguments of the Kubernetes `ContainerService`, defaulted and checked before anything is registered,
and the Kubernetes name and label rules that `AppNamespace` shares."""

from __future__ import annotations

import ipaddress
import math
import re
from collections.abc import Mapping
from typing import Any

import pulumi

from ..checks import choice, command_list, environment_and_secrets, flag, integer, not_allowed
from ..cron import cron_fields
from ..limits import SYSTEM_NAMESPACES as SYSTEM_NAMESPACES
from ..migration import check_migrate
from ..naming import physical_name

COMPONENT = "ContainerService"

# -- Kubernetes names and labels (kubernetes.io/docs/concepts/overview/working-with-objects/names,
# .../labels#syntax-and-character-set) ---------------------------------------------------------------------

NAME_LIMIT = 63  # a Service's name is an RFC 1035 label; every object of a service shares its base name
# A CronJob's name: at most 52 characters, since the Job controller appends 11 (kubernetes.io/docs/concepts/
# workloads/controllers/cron-jobs, "CronJob name ... no longer than 52 characters").
CRONJOB_NAME_LIMIT = 52
DNS_LABEL = re.compile(r"^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$")
DNS_SUBDOMAIN = re.compile(r"^(?=.{1,253}$)[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$")
LABEL_NAME = re.compile(r"^[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$")
LABEL_VALUE = re.compile(r"^(([A-Za-z0-9][-A-Za-z0-9_.]{0,61})?[A-Za-z0-9])?$")

# The recommended labels (kubernetes.io/docs/concepts/overview/working-with-objects/common-labels).
NAME_LABEL = "app.kubernetes.io/name"
INSTANCE_LABEL = "app.kubernetes.io/instance"
PART_OF_LABEL = "app.kubernetes.io/part-of"
MANAGED_BY_LABEL = "app.kubernetes.io/managed-by"
COMPONENT_LABEL = "app.kubernetes.io/component"
MANAGED_BY = "stackyard"
SET_BY_STACKYARD = (NAME_LABEL, INSTANCE_LABEL, PART_OF_LABEL, MANAGED_BY_LABEL, COMPONENT_LABEL)
# Label prefixes reserved for Kubernetes itself, and the Pod Security labels AppNamespace owns.
RESERVED_PREFIXES = ("kubernetes.io", "k8s.io", "pod-security.kubernetes.io")
NAMESPACE_NAME_LABEL = "kubernetes.io/metadata.name"  # set by the API server on every namespace (1.22+)


def check_labels(component: str, labels: object) -> dict[str, str]:
    """`labels` (None means none) as a dict, or a ValueError naming `component` and the labels that break
    Kubernetes' syntax or would override a label stackyard sets."""
    if labels is None:
        return {}
    if not isinstance(labels, Mapping):
        raise not_allowed(component, "labels", labels, "use a dict of label key -> value")
    for key, value in labels.items():
        prefix, slash, label = key.rpartition("/") if isinstance(key, str) else ("", "", "")
        if not (
            isinstance(key, str)
            and LABEL_NAME.match(label)
            and (not slash or DNS_SUBDOMAIN.match(prefix))
            and isinstance(value, str)
            and LABEL_VALUE.match(value)
        ):
            raise ValueError(
                f"{component} labels {{{key!r}: {value!r}}} is not allowed; use keys [prefix/]name (name: "
                "up to 63 letters, digits, - _ . starting and ending with a letter or digit; prefix: a DNS "
                "subdomain) and values of up to 63 such characters"
            )
        if key in SET_BY_STACKYARD or prefix in RESERVED_PREFIXES:
            raise ValueError(
                f"{component} labels {key!r} is not allowed: stackyard or Kubernetes sets it "
                f"({', '.join(SET_BY_STACKYARD)}; prefixes {', '.join(RESERVED_PREFIXES)}); use part_of for "
                "app.kubernetes.io/part-of, or another key"
            )
    return dict(labels)


def check_part_of(component: str, part_of: object, default: str) -> str:
    """The `app.kubernetes.io/part-of` value: `part_of`, or `default` when None."""
    value = default if part_of is None else part_of
    if not (isinstance(value, str) and value and LABEL_VALUE.match(value)):
        raise not_allowed(
            component, "part_of", part_of, "use up to 63 letters, digits, - _ . (a label value), e.g. shop"
        )
    return value


def recommended_labels(name: str, part_of: str, role: str | None = None) -> dict[str, str]:
    """The recommended labels of an object of `name` (also its instance) in application `part_of`."""
    labels = {
        NAME_LABEL: name,
        INSTANCE_LABEL: name,
        PART_OF_LABEL: part_of,
        MANAGED_BY_LABEL: MANAGED_BY,
    }
    if role is not None:
        labels[COMPONENT_LABEL] = role
    return labels


def check_namespace(component: str, namespace: object) -> pulumi.Input[str]:
    """A namespace to deploy into: an Output (e.g. `AppNamespace.namespace`), or the name of one that is
    not `default` nor a system namespace."""
    if isinstance(namespace, pulumi.Output):
        return namespace
    if not (isinstance(namespace, str) and DNS_LABEL.match(namespace)):
        raise not_allowed(
            component,
            "namespace",
            namespace,
            "use a namespace name (an RFC 1123 label) or AppNamespace.namespace",
        )
    if namespace in SYSTEM_NAMESPACES or namespace.startswith("kube-"):
        raise not_allowed(
            component,
            "namespace",
            namespace,
            "use the application's own namespace (AppNamespace), not default or kube-*",
        )
    return namespace


# -- quantities ----------------------------------------------------------------------------------------------


def cpu_quantity(cores: float) -> str:
    """A CPU quantity: whole cores ("1"), otherwise millicores ("500m")."""
    millicores = round(cores * 1000)
    return str(millicores // 1000) if millicores % 1000 == 0 else f"{millicores}m"


def gib_quantity(gib: float) -> str:
    """A memory or storage quantity: whole GiB ("1Gi"), otherwise MiB ("512Mi")."""
    mib = round(gib * 1024)
    return f"{mib // 1024}Gi" if mib % 1024 == 0 else f"{mib}Mi"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _steps(value: float, per_unit: int) -> bool:
    """Whether `value` is a whole number of 1/`per_unit` units (millicores, MiB)."""
    return abs(value * per_unit - round(value * per_unit)) < 1e-6


# -- ContainerService ----------------------------------------------------------------------------------------

DEFAULT_CPU = 0.5
DEFAULT_MEMORY_GB = 0.5
DEFAULT_EPHEMERAL_GB = 1
MAX_CPU = 128
MIN_MEMORY_GB, MAX_MEMORY_GB = 1 / 16, 1024  # 64 MiB to 1 TiB
MIN_EPHEMERAL_GB, MAX_EPHEMERAL_GB = 1 / 16, 1024
DEFAULT_COUNT = 2
MAX_COUNT = 1000
MIN_PERCENT, MAX_PERCENT = 10, 95
DEFAULT_CPU_PERCENT = 70
DEFAULT_USER = 10001
MIN_USER = 10001  # kube-score wants runAsUser/runAsGroup above 10000; checkov CKV_K8S_40 at least 10000
MAX_USER = 2**31 - 1
SERVICE_PORT = 80
STARTUP_PERIOD_SECONDS = 5
MAX_TASK_RETRIES = 10
MAX_TASK_TIMEOUT_SECONDS = 86400
PROTOCOLS = ("TCP", "UDP", "SCTP")

ENV_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
# The image of a service that has none yet: the pod template needs one, but no pod of it starts (0 replicas,
# the CronJob suspended). The pause image kubeadm pins for Kubernetes 1.31+, which runs as 65535:65535.
PLACEHOLDER_IMAGE = "registry.k8s.io/pause:3.10"
# pulumi-kubernetes waits for a Deployment's pods and for a Service to select a ready pod (its await logic,
# provider/pkg/await/service.go: "Service does not target any Pods"); with no pod to wait for, it must not.
SKIP_AWAIT = {"pulumi.com/skipAwait": "true"}
# An image reference: [registry[:port]/]path[:tag][@sha256:digest] (distribution/reference grammar).
IMAGE = re.compile(
    r"^(?:[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?(?::[0-9]+)?/)?"
    r"[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*"
    r"(?::(?P<tag>[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}))?"
    r"(?:@(?P<digest>sha256:[a-f0-9]{64}))?$"
)
# A host an Ingress serves and cert-manager can issue for: a lowercase DNS name with at least two labels.
HOST = re.compile(r"^(?=.{1,253}$)([a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?\.)+[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
PATH = re.compile(r"^/[A-Za-z0-9._~!$&'()*+,;=:@%/-]*$")

WEB_ONLY = (
    "public",
    "health_path",
    "readiness_path",
    "startup_timeout_seconds",
    "liveness_initial_delay_seconds",
)
PUBLIC_ONLY = (
    "host",
    "paths",
    "ingress_controller",
    "ingress_class",
    "cert_issuer",
    "ingress_namespace",
    "ingress_sources",
    "static_ip_name",
    "ssl_policy",
    "web_acl_arn",
)

# Who serves a public service's Ingress (`ingress_controller`):
# - "own": an ingress controller you run in the cluster (Traefik, HAProxy, ...); the Ingress names its class,
#   cert-manager issues the TLS Secret, and the NetworkPolicy admits the controller's namespace.
# - "eks-auto-mode": EKS Auto Mode's built-in load balancing, an ALB per IngressClass group (controller
#   eks.amazonaws.com/alb); the IngressClassParams carry the certificate and the TLS policy, the Ingress the
#   per-service settings. EKS User Guide, "Create an IngressClass to configure an Application Load Balancer"
#   (IngressClassParams reference and Considerations) and the AWS Load Balancer Controller's annotations.
# - "gke": GKE's built-in Ingress controller (classic external Application Load Balancer, container-native
#   NEGs). GKE docs, "GKE Ingress for Application Load Balancers" (controller behavior: GKE processes an
#   Ingress whose kubernetes.io/ingress.class annotation is gce, whatever its ingressClassName) and "Ingress
#   configuration on Google Cloud" (FrontendConfig, BackendConfig, Google-managed certificates, static IPs).
OWN, EKS_AUTO_MODE, GKE = "own", "eks-auto-mode", "gke"
INGRESS_CONTROLLERS = (OWN, EKS_AUTO_MODE, GKE)
CONTROLLER_ONLY = {
    "cert_issuer": (OWN,),
    "ingress_namespace": (OWN,),
    "ingress_sources": (EKS_AUTO_MODE, GKE),
    "static_ip_name": (GKE,),
    "ssl_policy": (GKE,),
    "web_acl_arn": (EKS_AUTO_MODE,),
}
ALB_CLASS = "alb"  # the IngressClass name EKS's own examples use
GCE_CLASS = "gce"
# The Ingress annotation that puts an EKS Auto Mode ALB behind a WAF v2 web ACL (EKS User Guide, "Create an
# IngressClass to configure an Application Load Balancer": waf-acl-id and web-acl-id are not supported, WAF
# v2 is; merge behaviour Exclusive), and the ARN of a regional web ACL
# (arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>; AWS WAF API Reference, "WebACL").
WAF_ANNOTATION = "alb.ingress.kubernetes.io/wafv2-acl-arn"
WEB_ACL_ARN = re.compile(
    r"^arn:aws(-[a-z]+)*:wafv2:[a-z0-9-]+:\d{12}:regional/webacl/[A-Za-z0-9_-]{1,128}/[a-f0-9-]+$"
)
# Where Google's front ends and health checkers connect from: the proxies of the external Application Load
# Balancer and its health checks reach NEG backends (the pods) from these ranges (Cloud Load Balancing docs,
# "Health checks overview", firewall rules: 35.191.0.0/16 and 130.211.0.0/22).
GOOGLE_FRONT_ENDS = ("130.211.0.0/22", "35.191.0.0/16")
# A Compute Engine resource name (global address, SSL policy): RFC 1035, 1-63 characters.
GCE_NAME = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
JOB_ONLY = ("timeout_seconds", "max_retries")
NOT_FOR_JOBS = ("min_count", "max_count", "cpu_percent", "memory_percent")
EGRESS_KEYS = ("cidr", "ports", "protocol")


def _request_ceiling(request_key: str) -> float:
    """The most a request may be on its own (it must also be at most its limit)."""
    return {"cpu_request": MAX_CPU, "memory_request_gb": MAX_MEMORY_GB}.get(request_key, MAX_EPHEMERAL_GB)


class ContainerSettings:
    """The arguments of ContainerService `name`, defaulted and checked: constructed before anything is
    registered."""

    def __init__(self, name: str, args: Mapping[str, Any]) -> None:
        schedule = args.get("schedule")
        port = args.get("port")
        self.schedule: str | None = None if schedule is None else " ".join(cron_fields(COMPONENT, schedule))
        if port is not None and not (_is_int(port) and 1 <= port <= 65535):
            raise not_allowed(
                COMPONENT, "port", port, "use 1-65535 (a web service), or leave it out for a worker or job"
            )
        if self.schedule is not None and port is not None:
            raise ValueError(
                f"{COMPONENT} port is not allowed with schedule: a scheduled job serves no requests; "
                "leave port out"
            )
        self.kind = "job" if self.schedule is not None else "web" if port is not None else "worker"
        self.port: int | None = port
        self._kind_rules(args)

        self.name = physical_name(name, CRONJOB_NAME_LIMIT if self.kind == "job" else NAME_LIMIT)
        self.namespace = check_namespace(COMPONENT, args.get("namespace"))
        self._image(args)
        self._resources(args)
        self._web(args)
        self._counts(args)
        self._job(args)
        self._container(args)
        self._network(args)
        self._identity(args)

    def _kind_rules(self, args: Mapping[str, Any]) -> None:
        """Arguments only one kind takes."""
        for key in WEB_ONLY + PUBLIC_ONLY:
            if self.kind != "web" and key in args:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed without port: only a web service takes it; give a "
                    f"port, or leave {key} out"
                )
        for key in PUBLIC_ONLY:
            if not args.get("public", False) and key in args:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed without public: it configures the Ingress; set public "
                    f"True, or leave {key} out"
                )
        for key in JOB_ONLY:
            if self.kind != "job" and key in args:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed without schedule: only a scheduled job takes it; "
                    f"leave {key} out"
                )
        for key in NOT_FOR_JOBS:
            if self.kind == "job" and key in args:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed with schedule: each run starts one pod; leave {key} "
                    "out"
                )

    # -- image ---------------------------------------------------------------------------------------------

    def _image(self, args: Mapping[str, Any]) -> None:
        image = args.get("image")
        self.awaits_image = image is None
        """No image yet: nothing may start (`ContainerService` `image`)."""
        if self.awaits_image:
            image = PLACEHOLDER_IMAGE
        found = IMAGE.match(image) if isinstance(image, str) else None
        if found is None or (found["digest"] is None and found["tag"] in (None, "latest")):
            raise not_allowed(
                COMPONENT,
                "image",
                image,
                "use a pinned image reference: a tag other than latest (ghcr.io/shop/api:1.4.2) or a digest "
                "(ghcr.io/shop/api@sha256:<64 hex digits>)",
            )
        assert isinstance(image, str)
        self.image: str = image
        pull_secrets = args.get("image_pull_secrets") or []
        if not isinstance(pull_secrets, list) or not all(
            isinstance(s, str) and DNS_SUBDOMAIN.match(s) for s in pull_secrets
        ):
            raise not_allowed(
                COMPONENT,
                "image_pull_secrets",
                pull_secrets,
                "use a list of names of docker-registry Secrets in the namespace",
            )
        self.image_pull_secrets: list[str] = list(dict.fromkeys(pull_secrets))

    # -- requests and limits -------------------------------------------------------------------------------

    def _resources(self, args: Mapping[str, Any]) -> None:
        cpu = self._amount(
            args, "cpu", DEFAULT_CPU, 0.01, MAX_CPU, 1000, "cores, at least 0.01 in steps of 0.001"
        )
        memory = self._amount(
            args, "memory_gb", DEFAULT_MEMORY_GB, MIN_MEMORY_GB, MAX_MEMORY_GB, 1024, "GiB in whole MiB"
        )
        storage = self._amount(
            args,
            "ephemeral_storage_gb",
            DEFAULT_EPHEMERAL_GB,
            MIN_EPHEMERAL_GB,
            MAX_EPHEMERAL_GB,
            1024,
            "GiB in whole MiB",
        )
        requests = {}
        for key, limit_key, limit, low, unit in (
            ("cpu_request", "cpu", cpu, 0.01, "cores, at least 0.01 in steps of 0.001"),
            ("memory_request_gb", "memory_gb", memory, MIN_MEMORY_GB, "GiB in whole MiB"),
            (
                "ephemeral_storage_request_gb",
                "ephemeral_storage_gb",
                storage,
                MIN_EPHEMERAL_GB,
                "GiB in whole MiB",
            ),
        ):
            per_unit = 1000 if key == "cpu_request" else 1024
            request = self._amount(args, key, limit, low, _request_ceiling(key), per_unit, unit)
            if request > limit + 1e-9:
                raise not_allowed(
                    COMPONENT,
                    key,
                    args.get(key),
                    f"use at most {limit_key} ({limit:g}): Kubernetes refuses a request above its limit",
                )
            requests[key] = request
        self.requests = {
            "cpu": cpu_quantity(requests["cpu_request"]),
            "memory": gib_quantity(requests["memory_request_gb"]),
            "ephemeral-storage": gib_quantity(requests["ephemeral_storage_request_gb"]),
        }
        self.limits = {
            "cpu": cpu_quantity(cpu),
            "memory": gib_quantity(memory),
            "ephemeral-storage": gib_quantity(storage),
        }
        # /tmp (an emptyDir) may fill the whole ephemeral-storage limit; the kubelet evicts the pod beyond it.
        self.tmp_size = gib_quantity(storage)

    @staticmethod
    def _amount(
        args: Mapping[str, Any], key: str, default: float, low: float, high: float, per_unit: int, unit: str
    ) -> float:
        value = args.get(key)
        value = default if value is None else value
        if not (_is_number(value) and low - 1e-9 <= value <= high + 1e-9 and _steps(value, per_unit)):
            raise not_allowed(COMPONENT, key, value, f"use {low:g} to {high:g} ({unit})")
        return float(value)

    # -- web service ---------------------------------------------------------------------------------------

    def _web(self, args: Mapping[str, Any]) -> None:
        self.public = flag(COMPONENT, "public", args.get("public", False))
        for key in ("health_path", "readiness_path"):
            value = args.get(key)
            if value is not None and not (isinstance(value, str) and PATH.match(value)):
                raise not_allowed(COMPONENT, key, value, "use a URL path starting with /, e.g. /health")
        self.health_path: str = args.get("health_path") or "/health"
        self.readiness_path: str = args.get("readiness_path") or self.health_path
        startup = integer(
            COMPONENT, "startup_timeout_seconds", args.get("startup_timeout_seconds", 300), 5, 3600
        )
        # The startup probe checks every 5 s; the container may take `startup_timeout_seconds` to pass it.
        self.startup_failure_threshold = math.ceil(startup / STARTUP_PERIOD_SECONDS)
        self.liveness_initial_delay_seconds = integer(
            COMPONENT,
            "liveness_initial_delay_seconds",
            args.get("liveness_initial_delay_seconds", 0),
            0,
            3600,
        )

        host = args.get("host")
        if self.public and host is None:
            raise ValueError(
                f"{COMPONENT} host is required with public: the Ingress and its certificate serve one host; "
                "give host, e.g. api.shop.example.com"
            )
        if host is not None and not (isinstance(host, str) and HOST.match(host)):
            raise not_allowed(
                COMPONENT, "host", host, "use a lowercase DNS name such as api.shop.example.com (no wildcard)"
            )
        self.host: str | None = host
        paths = args.get("paths", ["/"])
        if not (isinstance(paths, list) and paths) or not all(
            isinstance(p, str) and PATH.match(p) for p in paths
        ):
            raise not_allowed(
                COMPONENT, "paths", paths, 'use a non-empty list of paths starting with /, e.g. ["/"]'
            )
        self.paths: list[str] = list(dict.fromkeys(paths))

        self._ingress(args)

    def _ingress(self, args: Mapping[str, Any]) -> None:
        """Who serves the Ingress, and what that controller needs: see `INGRESS_CONTROLLERS`."""
        controller = choice(
            COMPONENT, "ingress_controller", args.get("ingress_controller", OWN), INGRESS_CONTROLLERS
        )
        self.ingress_controller: str = controller
        for key, controllers in CONTROLLER_ONLY.items():
            if key in args and controller not in controllers:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed with ingress_controller {controller}: it is for "
                    f"ingress_controller {' or '.join(controllers)}; leave {key} out"
                )
        self.ingress_class: pulumi.Input[str] = ""
        self.cert_issuer: str | None = None
        self.ingress_namespace: str = ""
        self.ingress_sources: pulumi.Input[list[str]] = []
        self.static_ip_name: pulumi.Input[str] | None = args.get("static_ip_name")
        self.ssl_policy: pulumi.Input[str] | None = args.get("ssl_policy")
        self.web_acl_arn: pulumi.Input[str] | None = args.get("web_acl_arn")
        if not self.public:
            return
        if controller == OWN:
            self._own_controller(args)
        elif controller == EKS_AUTO_MODE:
            self.ingress_class = self._class_name(args.get("ingress_class", ALB_CLASS), "alb")
            sources = args.get("ingress_sources")
            if sources is None:
                raise ValueError(
                    f"{COMPONENT} ingress_sources is required with ingress_controller {EKS_AUTO_MODE}: the "
                    "CIDRs the ALB connects to the pods from (target type ip), e.g. the public subnets' "
                    "CIDRs or the VPC's"
                )
            self.ingress_sources = _cidrs("ingress_sources", sources)
            arn = self.web_acl_arn
            if (
                arn is not None
                and not isinstance(arn, pulumi.Output)
                and not (isinstance(arn, str) and WEB_ACL_ARN.match(arn))
            ):
                raise not_allowed(
                    COMPONENT,
                    "web_acl_arn",
                    arn,
                    "use the ARN of a regional WAF v2 web ACL "
                    "(arn:aws:wafv2:<region>:<account>:regional/webacl/<name>/<id>), or None",
                )
        else:
            ingress_class = args.get("ingress_class", GCE_CLASS)
            if ingress_class != GCE_CLASS:
                raise not_allowed(
                    COMPONENT,
                    "ingress_class",
                    ingress_class,
                    f"use {GCE_CLASS}: GKE's built-in controller serves it (gce-internal would make an "
                    "internal load balancer the internet cannot reach)",
                )
            self.ingress_class = GCE_CLASS
            self.ingress_sources = _cidrs(
                "ingress_sources", args.get("ingress_sources", list(GOOGLE_FRONT_ENDS))
            )
            for key in ("static_ip_name", "ssl_policy"):
                value = args.get(key)
                if (
                    value is not None
                    and not isinstance(value, pulumi.Output)
                    and not (isinstance(value, str) and GCE_NAME.match(value))
                ):
                    raise not_allowed(
                        COMPONENT,
                        key,
                        value,
                        "use a Compute Engine resource name (RFC 1035, up to 63), or None",
                    )

    def _own_controller(self, args: Mapping[str, Any]) -> None:
        """Your own controller in the cluster: its class, its namespace (admitted by the NetworkPolicy) and
        cert-manager for the TLS Secret."""
        for key, example in (("ingress_class", "traefik"), ("ingress_namespace", "traefik")):
            if args.get(key) is None:
                raise ValueError(
                    f"{COMPONENT} {key} is required with public and ingress_controller {OWN}: "
                    + (
                        f"name the IngressClass your controller serves, e.g. {example}"
                        if key == "ingress_class"
                        else f"name the namespace of your ingress controller's pods, e.g. {example}"
                    )
                    + f" (or use ingress_controller {EKS_AUTO_MODE} or {GKE})"
                )
        self.ingress_class = self._class_name(args["ingress_class"], "traefik")
        cert_issuer = args.get("cert_issuer", "letsencrypt")
        if cert_issuer is not None and not (
            isinstance(cert_issuer, str) and DNS_SUBDOMAIN.match(cert_issuer)
        ):
            raise not_allowed(
                COMPONENT, "cert_issuer", cert_issuer, "use a cert-manager ClusterIssuer name, or None"
            )
        self.cert_issuer = cert_issuer
        ingress_namespace = args["ingress_namespace"]
        if not (isinstance(ingress_namespace, str) and DNS_LABEL.match(ingress_namespace)):
            raise not_allowed(
                COMPONENT,
                "ingress_namespace",
                ingress_namespace,
                "use the namespace of the ingress controller, e.g. traefik",
            )
        self.ingress_namespace = ingress_namespace

    @staticmethod
    def _class_name(value: object, example: str) -> pulumi.Input[str]:
        if isinstance(value, pulumi.Output):
            return value
        if not (isinstance(value, str) and DNS_SUBDOMAIN.match(value)):
            raise not_allowed(COMPONENT, "ingress_class", value, f"use an IngressClass name, e.g. {example}")
        return value

    # -- replicas ------------------------------------------------------------------------------------------

    def _counts(self, args: Mapping[str, Any]) -> None:
        self.min_count = integer(COMPONENT, "min_count", args.get("min_count", DEFAULT_COUNT), 0, MAX_COUNT)
        max_count = args.get("max_count")
        self.max_count = integer(
            COMPONENT, "max_count", self.min_count if max_count is None else max_count, 0, MAX_COUNT
        )
        if self.max_count < self.min_count:
            raise ValueError(
                f"{COMPONENT} max_count {self.max_count} is not allowed with min_count {self.min_count}; "
                "use max_count >= min_count"
            )
        self.autoscaled = self.kind != "job" and self.max_count > self.min_count
        if self.autoscaled and self.min_count < 1:
            raise ValueError(
                f"{COMPONENT} min_count 0 is not allowed with autoscaling (max_count {self.max_count}): a "
                "HorizontalPodAutoscaler keeps at least 1 replica; use min_count 1 or more"
            )
        self.cpu_percent = integer(
            COMPONENT, "cpu_percent", args.get("cpu_percent", DEFAULT_CPU_PERCENT), MIN_PERCENT, MAX_PERCENT
        )
        memory_percent = args.get("memory_percent")
        self.memory_percent: int | None = (
            None
            if memory_percent is None
            else integer(COMPONENT, "memory_percent", memory_percent, MIN_PERCENT, MAX_PERCENT)
        )
        # kube-score and the PDB: a budget only where at least 2 replicas run.
        self.disruption_budget = self.kind != "job" and self.min_count >= 2
        if self.awaits_image:  # no pod runs, so nothing scales it and no budget guards it
            self.autoscaled = self.disruption_budget = False
        self.replicas = 0 if self.awaits_image else self.min_count
        """The Deployment's `replicas` when no autoscaler owns it."""

    # -- scheduled job -------------------------------------------------------------------------------------

    def _job(self, args: Mapping[str, Any]) -> None:
        self.timeout_seconds = integer(
            COMPONENT, "timeout_seconds", args.get("timeout_seconds", 600), 1, MAX_TASK_TIMEOUT_SECONDS
        )
        self.max_retries = integer(COMPONENT, "max_retries", args.get("max_retries", 3), 0, MAX_TASK_RETRIES)

    # -- container -----------------------------------------------------------------------------------------

    def _container(self, args: Mapping[str, Any]) -> None:
        self.command = command_list(COMPONENT, "command", args.get("command"))
        self.entrypoint = command_list(COMPONENT, "entrypoint", args.get("entrypoint"))

        environment, secrets = environment_and_secrets(
            COMPONENT, args.get("environment"), args.get("secrets"), ENV_NAME
        )
        for key, value in secrets.items():
            if not isinstance(value, pulumi.Output):
                raise ValueError(
                    f"{COMPONENT} secrets {key} is not allowed: its value is not an Output, so the secret "
                    "would sit in the program in plain text; pass a secret Output (e.g. "
                    "pulumi.Config().require_secret(...))"
                )
        self.environment: dict[str, pulumi.Input[str]] = dict(environment)
        self.secrets: dict[str, pulumi.Output[str]] = dict(secrets)
        self.migrate, self.migrate_timeout_seconds = check_migrate(COMPONENT, args, self.kind)
        self.termination_grace_period_seconds = integer(
            COMPONENT,
            "termination_grace_period_seconds",
            args.get("termination_grace_period_seconds", 30),
            1,
            3600,
        )

    # -- network policy ------------------------------------------------------------------------------------

    def _network(self, args: Mapping[str, Any]) -> None:
        rules = args.get("egress") or []
        if not isinstance(rules, list):
            raise not_allowed(COMPONENT, "egress", rules, 'use a list of {"cidr": ..., "ports": [...]}')
        self.egress: list[tuple[pulumi.Input[str], list[int], str]] = []
        for rule in rules:
            if not isinstance(rule, Mapping) or set(rule) - set(EGRESS_KEYS) or "cidr" not in rule:
                raise not_allowed(
                    COMPONENT,
                    "egress",
                    rule,
                    'use {"cidr": "10.20.0.0/24", "ports": [5432], "protocol": "TCP"} (protocol optional)',
                )
            cidr = rule["cidr"]
            if not isinstance(cidr, pulumi.Output):
                try:
                    network = ipaddress.ip_network(cidr, strict=True) if isinstance(cidr, str) else None
                except ValueError:
                    network = None
                if network is None or network.prefixlen == 0:
                    raise not_allowed(
                        COMPONENT,
                        "egress cidr",
                        cidr,
                        "use a network such as 10.20.0.0/24 or 10.20.0.3/32 (host bits zero; for the "
                        "internet use internet_egress)",
                    )
            ports = rule.get("ports")
            if not (isinstance(ports, list) and ports) or not all(
                _is_int(p) and 1 <= p <= 65535 for p in ports
            ):
                raise not_allowed(COMPONENT, "egress ports", ports, "use a non-empty list of ports 1-65535")
            protocol = choice(COMPONENT, "egress protocol", rule.get("protocol", "TCP"), PROTOCOLS)
            self.egress.append((cidr, list(dict.fromkeys(ports)), protocol))
        self.internet_egress = flag(COMPONENT, "internet_egress", args.get("internet_egress", False))
        cluster_domain = args.get("cluster_domain", "cluster.local")
        if not (isinstance(cluster_domain, str) and DNS_SUBDOMAIN.match(cluster_domain)):
            raise not_allowed(
                COMPONENT, "cluster_domain", cluster_domain, "use a DNS domain, e.g. cluster.local"
            )
        self.cluster_domain: str = cluster_domain

    # -- identity and labels -------------------------------------------------------------------------------

    def _identity(self, args: Mapping[str, Any]) -> None:
        self.run_as_user = integer(
            COMPONENT, "run_as_user", args.get("run_as_user", DEFAULT_USER), MIN_USER, MAX_USER
        )
        run_as_group = args.get("run_as_group")
        self.run_as_group = integer(
            COMPONENT,
            "run_as_group",
            self.run_as_user if run_as_group is None else run_as_group,
            MIN_USER,
            MAX_USER,
        )
        self.labels = check_labels(COMPONENT, args.get("labels"))
        self.part_of = check_part_of(COMPONENT, args.get("part_of"), self.name)


def _cidrs(key: str, value: object) -> pulumi.Input[list[str]]:
    """A list of IPv4/IPv6 networks (host bits zero, never /0), or an Output of one taken as it comes."""
    if isinstance(value, pulumi.Output):
        return value
    if isinstance(value, list) and value:
        for cidr in value:
            if isinstance(cidr, pulumi.Output):
                continue
            try:
                network = ipaddress.ip_network(cidr, strict=True) if isinstance(cidr, str) else None
            except ValueError:
                network = None
            if network is None or network.prefixlen == 0:
                break
        else:
            return list(value)
    raise not_allowed(
        COMPONENT,
        key,
        value,
        'use a non-empty list of the networks the load balancer connects from, e.g. ["10.0.0.0/24"] '
        "(host bits zero, not /0)",
    )
