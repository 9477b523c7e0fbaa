"""Each argument's allowed values are declared once (`components.bounds`, next to the component's Args
TypedDict; a `bool` argument by its type) and refused from there, by every component, before anything is
registered, every problem of a call in one ValueError; the docs show the declared bound (issue #15)."""

from __future__ import annotations

from typing import Any

import pytest

from components.aws.load_balancer import LoadBalancer, LoadBalancerArgs, _check_args
from components.bounds import Between, OneOf, bounds, bounds_of
from components.checks import _flags, _nullable
from stacks.docs import by_name, component_page, fields
from stacks.mocks import RecordingMonitor
from tests.components.test_unknown_arguments import CASES, args_type, case_id, registered

ALB = {
    "vpc_id": "vpc-0a1b2c3d4e5f60718",
    "subnet_ids": ["subnet-0a1b2c3d4e5f60718", "subnet-0f1e2d3c4b5a69788"],
}


def outside(bound: Between | OneOf) -> list[object]:
    """Values `bound` does not admit: one past each end (the low end itself when it is excluded), a
    fraction where a whole number is asked for, a word where a number is."""
    if isinstance(bound, OneOf):
        return ["not-one-of-them"]
    step = 1 if bound.whole else 0.5
    found: list[object] = [bound.low if bound.above else bound.low - step, "many"]
    if bound.high is not None:
        found.append(bound.high + step)
    if bound.whole:
        found.append(bound.low + 0.5)
    return found


@pytest.mark.parametrize(("component", "args", "typo", "key"), CASES, ids=case_id)
def test_every_bool_argument_takes_only_true_or_false(
    monitor: RecordingMonitor, component: type, args: dict[str, Any], typo: str, key: str
) -> None:
    name = component.__name__
    flags = sorted(_flags(args_type(component)))
    for flag in flags:
        with pytest.raises(ValueError) as raised:
            component("shop", {**args, flag: "yes"})
        assert str(raised.value) == f"{name} {flag} 'yes' is not allowed; use True or False"
    assert registered(monitor) == []


@pytest.mark.parametrize(("component", "args", "typo", "key"), CASES, ids=case_id)
def test_every_declared_bound_refuses_a_value_outside_it(
    monitor: RecordingMonitor, component: type, args: dict[str, Any], typo: str, key: str
) -> None:
    name = component.__name__
    declared = args_type(component)
    for argument, bound in bounds_of(declared).items():
        # None only where the type admits it ("not set"); otherwise it is refused like any other value.
        values = outside(bound) + ([] if argument in _nullable(declared) else [None])
        for value in values:
            with pytest.raises(ValueError) as raised:
                component("shop", {**args, argument: value})
            assert str(raised.value) == f"{name} {argument} {value!r} is not allowed; {bound.allowed()}"
    assert registered(monitor) == []


def test_every_problem_of_one_call_is_reported_at_once(monitor: RecordingMonitor) -> None:
    given = {**ALB, "domain": "shop.example.com", "idle_timeout_seconds": 0, "ip_address_type": "ipv6"}
    with pytest.raises(ValueError) as raised:
        LoadBalancer("shop", {**given, "access_logs": "no", "idle_timout": 5})  # type: ignore[typeddict-unknown-key]
    assert str(raised.value) == (
        "LoadBalancer: 4 problems with its arguments:\n"
        "- LoadBalancer idle_timeout_seconds 0 is not allowed; use 1 to 4000\n"
        "- LoadBalancer ip_address_type 'ipv6' is not allowed; use one of ipv4, dualstack\n"
        "- LoadBalancer access_logs 'no' is not allowed; use True or False\n"
        "- `idle_timout` is not an argument of LoadBalancer; did you mean `idle_timeout_seconds`?"
    )
    assert registered(monitor) == []


def test_the_settle_step_holds_the_bounds_when_called_alone() -> None:
    with pytest.raises(
        ValueError, match=r"^LoadBalancer idle_timeout_seconds 0 is not allowed; use 1 to 4000$"
    ):
        _check_args({**ALB, "domain": "shop.example.com", "idle_timeout_seconds": 0})  # type: ignore[typeddict-item]


def test_a_bound_names_only_arguments_the_component_declares() -> None:
    with pytest.raises(TypeError, match="idle_timeout not declared in it"):
        bounds(LoadBalancerArgs, idle_timeout=Between(1, 4000))


def test_the_docs_show_each_declared_bound() -> None:
    allowed = {f.name: f.allowed for f in fields(LoadBalancerArgs)}
    assert allowed["idle_timeout_seconds"] == "1 to 4000"
    assert allowed["ip_address_type"] == "`ipv4`, `dualstack`"
    assert allowed["domain"] == ""
    page = component_page("LoadBalancer", by_name()["LoadBalancer"])
    assert "Allowed: 1 to 4000." in page


def test_the_stack_file_and_the_component_hold_a_health_check_to_the_same_declared_bounds() -> None:
    from pydantic import ValidationError

    from components.aws.container_service.arguments import ContainerHealthCheckTimings
    from components.limits import HEALTH_CHECK_TIMINGS
    from stacks.model.services import HealthCheck

    declared = bounds_of(ContainerHealthCheckTimings)
    command = ["CMD", "true"]
    for key, (_, _, least, most) in HEALTH_CHECK_TIMINGS.items():
        for value in (least, most):
            assert declared[key].admits(value)
            HealthCheck(command=command, **{key: value})
        for value in (least - 1, most + 1):
            assert not declared[key].admits(value)
            with pytest.raises(ValidationError):
                HealthCheck(command=command, **{key: value})


def test_a_nested_argument_is_refused_by_its_path(monitor: RecordingMonitor) -> None:
    from components.aws import ContainerService

    service = {
        "cluster_arn": "arn:aws:ecs:us-east-1:123456789012:cluster/shop",
        "cluster_name": "shop",
        **ALB,
        "port": 8000,
        "load_balancer": {"listener_arn": "arn", "security_group_id": "sg-0123456789abcdef0", "priority": 0},
    }
    with pytest.raises(ValueError) as raised:
        ContainerService("shop", service)  # type: ignore[arg-type]
    assert str(raised.value) == "ContainerService load_balancer.priority 0 is not allowed; use 1 to 50000"
    assert registered(monitor) == []


def test_a_bound_admits_its_ends_and_nothing_past_them() -> None:
    whole = Between(1, 4000)
    assert whole.admits(1) and whole.admits(4000)
    assert not any(whole.admits(v) for v in (0, 4001, 1.5, True, "1", None))
    share = Between(0, 100, whole=False, above=True)
    assert share.admits(0.1) and share.admits(100) and share.admits(50)
    assert not any(share.admits(v) for v in (0, 100.5, -1, False))
    assert Between(1).admits(10**9) and not Between(1).admits(0)
    choice = OneOf(0, 1, "a")
    assert choice.admits(0) and choice.admits("a") and not choice.admits(False) and not choice.admits(True)
