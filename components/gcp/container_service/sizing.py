"""How big and how many: the CPU and memory of an instance (`cpu`, `memory_gb`, and the execution
environment they imply) and the instance counts (`min_count`, `max_count`); part of `ContainerSettings`."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ...checks import not_allowed
from ...limits import cloud_run_size_problem
from .names import COMPONENT

MAX_INSTANCES = 1000  # Cloud Run's ceiling for max instances (the project's quota may be lower)
DEFAULT_MAX_COUNT = 10


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def cpu_limit(cpu: float) -> str:
    """Cloud Run's CPU quantity: "1", "2" … or millicores ("500m") below one vCPU."""
    return str(int(cpu)) if cpu >= 1 else f"{round(cpu * 1000)}m"


class _Sizing:
    """`ContainerSettings`' CPU, memory and instance counts."""

    kind: str

    # -- size ----------------------------------------------------------------------------------------------

    def _size(self, args: Mapping[str, Any]) -> None:
        cpu, memory_gb = args.get("cpu", 1), args.get("memory_gb", 0.5)
        if not _is_number(cpu):
            raise not_allowed(COMPONENT, "cpu", cpu, "use 0.08 to 1 in steps of 0.01, or 1, 2, 4, 6, 8")
        if not _is_number(memory_gb):
            raise not_allowed(COMPONENT, "memory_gb", memory_gb, "use a number of GiB that fits cpu")
        problem = cloud_run_size_problem(cpu, memory_gb)
        if problem is not None:
            arg, reason = problem  # "<value> is not offered; use …" / "<value> does not fit …; use …"
            value = cpu if arg == "cpu" else memory_gb
            raise ValueError(f"{COMPONENT} {arg} {value!r} {reason.split(' ', 1)[1]} on Cloud Run")
        self.fractional = cpu < 1
        if self.fractional and self.kind == "worker":
            # cloud.google.com/run/docs/configuring/workerpools/cpu: "The minimum vCPU setting is 1 vCPU".
            raise not_allowed(COMPONENT, "cpu", cpu, "use 1, 2, 4, 6 or 8: a worker pool takes whole vCPUs")
        self.cpu = cpu_limit(cpu)
        self.memory = f"{round(memory_gb * 1024)}Mi"
        # Fractional vCPU runs only in the first-generation environment
        # (cloud.google.com/run/docs/configuring/services/cpu); gen2 otherwise (full Linux, faster CPU).
        self.execution_environment = (
            "EXECUTION_ENVIRONMENT_GEN1" if self.fractional else "EXECUTION_ENVIRONMENT_GEN2"
        )

    # -- counts --------------------------------------------------------------------------------------------

    def _counts(self, args: Mapping[str, Any]) -> None:
        default_min = 1 if self.kind == "worker" else 0
        self.min_count: int = args.get("min_count", default_min)
        default_max = self.min_count if self.kind == "worker" else max(DEFAULT_MAX_COUNT, self.min_count)
        self.max_count: int = args.get("max_count", default_max)
        if self.kind != "job" and self.max_count < self.min_count:
            raise ValueError(
                f"{COMPONENT} max_count {self.max_count} is not allowed with min_count {self.min_count}; "
                "use max_count >= min_count"
            )
