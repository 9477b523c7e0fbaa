"""Where requests come from and where traffic goes: the web service's arguments (`public`, `direct_ingress`,
`health_path`, `cpu_always_allocated`, `concurrency`, the canary's `stable_revision` and `canary_percent`,
`security_policy`) and direct VPC egress (`network`, `subnetwork`, `vpc_egress`) with the `region`; part of
`ContainerSettings`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pulumi

from ...checks import not_allowed
from .names import COMPONENT
from .sizing import _is_number

MAX_CONCURRENCY = 1000  # requests per instance (cloud.google.com/run/docs/about-concurrency)
DEFAULT_CONCURRENCY = 80
VPC_EGRESS = ("PRIVATE_RANGES_ONLY", "ALL_TRAFFIC")
REVISION = re.compile(r"^[a-z]([-a-z0-9]{0,61}[a-z0-9])?$")
REGION = re.compile(r"^[a-z]+(-[a-z]+)+\d{1,2}$")


class _Traffic:
    """`ContainerSettings`' web service and VPC egress arguments."""

    fractional: bool
    kind: str

    # -- web service ---------------------------------------------------------------------------------------

    def _direct(self, args: Mapping[str, Any]) -> None:
        """`direct_ingress`, checked before the other web service arguments: every argument it cannot go
        with is named in one message."""
        direct = args.get("direct_ingress")
        self.direct_ingress: bool = False if direct is None else direct
        problems: list[str] = []
        if direct is not None and self.kind != "web":
            problems.append(
                f"on a {self.kind} (without port): only a web service serves requests; give a port, or "
                "leave direct_ingress out"
            )
        if self.direct_ingress and args.get("public"):
            problems.append(
                "with public: public serves the service through the load balancer, direct_ingress at its "
                "own run.app URL; choose one"
            )
        if self.direct_ingress and args.get("security_policy") is not None:
            problems.append(
                "with security_policy: no backend service is created to attach the Cloud Armor policy "
                "to; use public (behind the load balancer) for Cloud Armor, or leave security_policy out"
            )
        if len(problems) == 1:
            raise ValueError(f"{COMPONENT} direct_ingress is not allowed {problems[0]}")
        if problems:
            raise ValueError(
                f"{COMPONENT} direct_ingress is not allowed ({len(problems)} problems):\n"
                + "\n".join(f"- {problem}" for problem in problems)
            )

    def _web(self, args: Mapping[str, Any]) -> None:
        self.public: bool = args.get("public", False)
        health_path = args.get("health_path", "/health")
        if not (isinstance(health_path, str) and health_path.startswith("/") and " " not in health_path):
            raise not_allowed(COMPONENT, "health_path", health_path, "use a path starting with /")
        self.health_path: str = health_path
        self.cpu_always_allocated: bool = args.get("cpu_always_allocated", False)
        if self.fractional and self.cpu_always_allocated:
            raise ValueError(
                f"{COMPONENT} cpu_always_allocated True is not allowed with a fractional cpu: below 1 vCPU "
                "Cloud Run requires request-based billing; use cpu 1 or more, or leave it False"
            )
        concurrency = args.get("concurrency")
        if concurrency is None:
            concurrency = 1 if self.fractional else DEFAULT_CONCURRENCY
        if self.fractional and concurrency != 1:
            raise ValueError(
                f"{COMPONENT} concurrency {concurrency!r} is not allowed with a fractional cpu: below "
                "1 vCPU Cloud Run serves one request at a time; use concurrency 1, or cpu 1 or more"
            )
        self.concurrency: int = concurrency

        stable_revision = args.get("stable_revision")
        if stable_revision is not None and not (
            isinstance(stable_revision, str) and REVISION.match(stable_revision)
        ):
            raise not_allowed(
                COMPONENT,
                "stable_revision",
                stable_revision,
                "use a Cloud Run revision name, e.g. api-00042-xiz",
            )
        canary = args.get("canary_percent")
        if canary is not None and stable_revision is None:
            raise ValueError(
                f"{COMPONENT} canary_percent is not allowed without stable_revision: the canary's share "
                "is taken from that revision; give stable_revision, or leave canary_percent out"
            )
        if stable_revision is not None:
            canary = 10 if canary is None else canary
            if not (_is_number(canary) and float(canary).is_integer() and 1 <= canary <= 99):
                raise not_allowed(
                    COMPONENT,
                    "canary_percent",
                    canary,
                    "use a whole percentage, 1 to 99 (Cloud Run splits traffic in whole percents)",
                )
            canary = int(canary)
        self.stable_revision: str | None = stable_revision
        self.canary_percent: int | None = canary
        security_policy = args.get("security_policy")
        if security_policy is not None and not self.public:
            raise ValueError(
                f"{COMPONENT} security_policy is not allowed without public: it protects the public "
                "backend service; set public True, or leave security_policy out"
            )
        self.security_policy: pulumi.Input[str] | None = security_policy

    # -- network -------------------------------------------------------------------------------------------

    def _network(self, args: Mapping[str, Any]) -> None:
        network, subnetwork = args.get("network"), args.get("subnetwork")
        for key, value, other in (("network", network, "subnetwork"), ("subnetwork", subnetwork, "network")):
            if value is not None and not (
                isinstance(value, pulumi.Output) or (isinstance(value, str) and value)
            ):
                raise not_allowed(COMPONENT, key, value, "use a network / subnetwork id or name")
            if value is not None and args.get(other) is None:
                raise ValueError(
                    f"{COMPONENT} {key} is not allowed without {other}: direct VPC egress needs both; give "
                    f"{other} (e.g. the Vpc's serverless_subnet_id), or neither"
                )
        self.network: pulumi.Input[str] | None = network
        self.subnetwork: pulumi.Input[str] | None = subnetwork
        vpc_egress = args.get("vpc_egress")
        if vpc_egress is not None and network is None:
            raise ValueError(
                f"{COMPONENT} vpc_egress is not allowed without network and subnetwork: there is no VPC "
                "egress to configure; give both, or leave vpc_egress out"
            )
        self.vpc_egress: str = "PRIVATE_RANGES_ONLY" if vpc_egress is None else vpc_egress

        region = args.get("region")
        if region is not None and not (
            isinstance(region, pulumi.Output) or (isinstance(region, str) and REGION.match(region))
        ):
            raise not_allowed(COMPONENT, "region", region, "use a Google Cloud region such as us-central1")
        self.region: pulumi.Input[str] | None = region
