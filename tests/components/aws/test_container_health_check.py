"""components.aws.ContainerService `health_check_timings`: ECS's interval, timeout, retries and start period
of the container health check, within ECS's bounds (Amazon ECS API Reference, "HealthCheck")."""

from __future__ import annotations

from typing import Any

import pytest

from components.aws.container_service import ContainerService
from stacks.mocks import RecordingMonitor
from tests.components.aws.test_container_service import BASE, WEB, build, container

COMMAND = ["CMD", "wget", "--no-verbose", "--tries=1", "--spider", "http://localhost:8080/health"]


def test_the_timings_reach_the_container_health_check(monitor: RecordingMonitor) -> None:
    timings = {"interval_seconds": 30, "timeout_seconds": 10, "retries": 3, "start_period_seconds": 40}
    build(monitor, {**WEB, "health_check_command": COMMAND, "health_check_timings": timings})
    assert container(monitor)["healthCheck"] == {
        "command": COMMAND,
        "interval": 30,
        "timeout": 10,
        "retries": 3,
        "startPeriod": 40,
    }


def test_a_timing_left_out_keeps_its_default(monitor: RecordingMonitor) -> None:
    build(
        monitor, {**WEB, "health_check_command": COMMAND, "health_check_timings": {"start_period_seconds": 0}}
    )
    assert container(monitor)["healthCheck"] == {
        "command": COMMAND,
        "interval": 30,
        "timeout": 5,
        "retries": 3,
        "startPeriod": 0,
    }


@pytest.mark.parametrize(
    ("timings", "message"),
    [
        ({"interval_seconds": 4}, "health_check_timings.interval_seconds 4 is not allowed; use 5 to 300"),
        ({"interval_seconds": 301}, "interval_seconds 301 is not allowed; use 5 to 300"),
        ({"timeout_seconds": 1}, "timeout_seconds 1 is not allowed; use 2 to 120"),
        ({"timeout_seconds": 121}, "timeout_seconds 121 is not allowed; use 2 to 120"),
        ({"retries": 0}, "retries 0 is not allowed; use 1 to 10"),
        ({"retries": 11}, "retries 11 is not allowed; use 1 to 10"),
        ({"start_period_seconds": -1}, "start_period_seconds -1 is not allowed; use 0 to 300"),
        ({"start_period_seconds": 301}, "start_period_seconds 301 is not allowed; use 0 to 300"),
        ({"retries": True}, "retries True is not allowed"),
        (
            {"interval": 30},
            "`health_check_timings.interval` is not an argument of ContainerService; did you mean "
            "`health_check_timings.interval_seconds`",
        ),
    ],
)
def test_timings_outside_ecs_bounds_are_refused(
    monitor: RecordingMonitor, timings: dict[str, Any], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        ContainerService(
            "bad", {**BASE, **WEB, "health_check_command": COMMAND, "health_check_timings": timings}
        )
    assert monitor.registrations == {}


def test_timings_without_a_command_are_refused(monitor: RecordingMonitor) -> None:
    with pytest.raises(ValueError, match="health_check_timings is not allowed without health_check_command"):
        ContainerService("bad", {**BASE, **WEB, "health_check_timings": {"retries": 2}})
