"""How big and how many: the CPU, memory and ephemeral-storage quantities, the checks of the requests and
limits (`cpu`, `memory_gb`, `ephemeral_storage_gb` and their requests) and of the replicas and the
autoscaler (`min_count`, `max_count`, `cpu_percent`, `memory_percent`); part of `ContainerSettings`."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

from ...checks import not_allowed
from .names import COMPONENT

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


def _request_ceiling(request_key: str) -> float:
    """The most a request may be on its own (it must also be at most its limit)."""
    return {"cpu_request": MAX_CPU, "memory_request_gb": MAX_MEMORY_GB}.get(request_key, MAX_EPHEMERAL_GB)


class _Sizing:
    """`ContainerSettings`' requests, limits, replicas and autoscaler."""

    kind: str
    awaits_image: bool

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

    # -- replicas ------------------------------------------------------------------------------------------

    def _counts(self, args: Mapping[str, Any]) -> None:
        self.min_count: int = args.get("min_count", DEFAULT_COUNT)
        max_count = args.get("max_count")
        self.max_count: int = self.min_count if max_count is None else max_count
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
        self.cpu_percent: int = args.get("cpu_percent", DEFAULT_CPU_PERCENT)
        self.memory_percent: int | None = args.get("memory_percent")
        # kube-score and the PDB: a budget only where at least 2 replicas run.
        self.disruption_budget = self.kind != "job" and self.min_count >= 2
        if self.awaits_image:  # no pod runs, so nothing scales it and no budget guards it
            self.autoscaled = self.disruption_budget = False
        self.replicas = 0 if self.awaits_image else self.min_count
        """The Deployment's `replicas` when no autoscaler owns it."""
