"""One clear error, before anything is registered, when a component runs under Pulumi mocks that cannot
answer it: the mocks of Pulumi's testing guide (https://www.pulumi.com/docs/iac/guides/testing/unit/)
return `{}` from `call` and only a resource's inputs from `new_resource`, so the provider functions the
components read (the region, the account, the zones, the GCP project) and the outputs a real resource
computes come back empty, and the component would fail later with a `TypeError` deep in its code.
`stackyard.testing` ships mocks that answer them. The Kubernetes components read neither: not checked.

Only the mocks are asked, once per mocks object (their `call` with each function's token and no arguments,
their `new_resource` with a RandomPassword named `stackyard-mocks-probe`), never the engine; the project's
own mocks (`StackyardMocks`, which record every call) are trusted and not asked. Mocks that pass can still
lack an output some component reads (an EKS cluster's certificate authority, …): subclass StackyardMocks.
"""

from __future__ import annotations

import weakref
from typing import Any

import pulumi
from pulumi.runtime import mocks as pulumi_mocks
from pulumi.runtime import settings

# What each cloud's components read from provider functions: (token, the result keys they need).
# Sources: the function results in pulumi-aws (sdk/python/pulumi_aws/get_region.py …) and pulumi-gcp
# (sdk/python/pulumi_gcp/organizations/get_client_config.py, get_project.py).
FUNCTIONS: dict[str, tuple[tuple[str, dict[str, str]], ...]] = {
    "aws": (
        ("aws:index/getRegion:getRegion", {"region": '"eu-west-1"'}),
        ("aws:index/getAvailabilityZones:getAvailabilityZones", {"names": '["eu-west-1a", "eu-west-1b"]'}),
        ("aws:index/getCallerIdentity:getCallerIdentity", {"accountId": '"123456789012"'}),
        ("aws:index/getPartition:getPartition", {"partition": '"aws"'}),
    ),
    "gcp": (
        (
            "gcp:organizations/getClientConfig:getClientConfig",
            {"project": '"my-project"', "region": '"europe-west1"'},
        ),
        ("gcp:organizations/getProject:getProject", {"number": '"123456789012"'}),
    ),
}
TRUSTED = "StackyardMocks"  # stackyard.testing's mocks (stacks/mocks/answers.py) answer every function
# The mocks objects that answered, by id (weakly: an object need not be hashable).
_answering: weakref.WeakValueDictionary[int, Any] = weakref.WeakValueDictionary()


class MocksError(RuntimeError):
    """Pulumi mocks that do not answer what the components need."""


def _mocks() -> Any:
    monitor = settings.get_monitor()
    return monitor.mocks if isinstance(monitor, pulumi_mocks.MockMonitor) else None


def missing_answers(mocks: Any, cloud: str) -> list[str]:
    """`token (needs key, …)` for each function of `cloud` whose answer from `mocks.call` lacks a key."""
    missing = []
    for token, keys in FUNCTIONS.get(cloud, ()):
        try:
            answer = mocks.call(pulumi_mocks.MockCallArgs(token=token, args={}, provider=""))
        except Exception:  # mocks that raise answer nothing either
            answer = {}
        if isinstance(answer, tuple):  # (outputs, failures)
            answer = answer[0]
        absent = [k for k in keys if not (isinstance(answer, dict) and answer.get(k))]
        if absent:
            missing.append(f"{token} (needs {', '.join(f'{k!r}: {keys[k]}' for k in absent)})")
    return missing


# A resource whose computed output every database and cache reads (their passwords): echo mocks return
# only its inputs. https://www.pulumi.com/registry/packages/random/api-docs/randompassword/#outputs
COMPUTED = ("random:index/randomPassword:RandomPassword", {"length": 32, "special": False}, "result")


def missing_outputs(mocks: Any) -> list[str]:
    """`type (needs key)` when `mocks.new_resource` returns only the inputs of a resource with a computed
    output (asked once, with a resource named `stackyard-mocks-probe`)."""
    token, inputs, key = COMPUTED
    args = pulumi_mocks.MockResourceArgs(
        typ=token, name="stackyard-mocks-probe", inputs=dict(inputs), custom=True
    )
    try:
        answer = mocks.new_resource(args)
        outputs = answer[1] if isinstance(answer, tuple | list) and len(answer) > 1 else {}
    except Exception:  # mocks that raise answer nothing either
        outputs = {}
    return [] if isinstance(outputs, dict) and outputs.get(key) else [f"{token} (needs {key!r}: its value)"]


def require_answering_mocks(component: type[pulumi.ComponentResource]) -> None:
    """Raise MocksError when the program runs under mocks that return nothing for the provider functions
    the components of `component`'s cloud (aws, gcp) read, or only the inputs of a resource. Asks each mocks
    object once; does nothing outside mocks."""
    mocks = _mocks()
    if mocks is None or _answering.get(id(mocks)) is mocks:
        return
    if any(cls.__name__ == TRUSTED for cls in type(mocks).__mro__):
        _answering[id(mocks)] = mocks
        return
    cloud = component.__module__.split(".")[1] if component.__module__.count(".") else ""
    if cloud not in FUNCTIONS:
        return
    functions, outputs = missing_answers(mocks, cloud), missing_outputs(mocks)
    if not functions and not outputs:
        _answering[id(mocks)] = mocks
        return
    lines = [f"- call() for {m}" for m in functions] + [f"- new_resource() for {m}" for m in outputs]
    raise MocksError(
        f"{component.__name__} ran under Pulumi mocks ({type(mocks).__name__}) that do not answer what the "
        f"stackyard.{cloud} components read, as the cloud would: the provider functions' results and the "
        "outputs a real resource computes (ids, ARNs, endpoints, a RandomPassword's 'result'), not only its "
        "inputs. Missing:\n" + "\n".join(lines) + "\nUse stackyard.testing.mocks(), which answers all of "
        "them (subclass stackyard.testing.StackyardMocks to add answers of your own): see "
        "docs/guides/testing-your-program.md."
    )
