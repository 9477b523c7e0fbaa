"""What every Cloud Run workload step (the migration job, the service, the worker pool, the scheduled job)
is built from."""

from dataclasses import dataclass

import pulumi
import pulumi_gcp as gcp

from .settings import ContainerSettings


@dataclass(frozen=True)
class Workload:
    """The component (`owner`, the parent of what a step creates), its logical `name`, the `base` of its
    physical names, its settled `settings`, `region`, `labels`, service `account`, the `image` it runs and
    the `opts` its workload resource is created with (parent and what it waits for)."""

    owner: pulumi.Resource
    name: str
    base: str
    settings: ContainerSettings
    region: pulumi.Input[str]
    labels: dict[str, str]
    account: gcp.serviceaccount.Account
    image: pulumi.Input[str]
    opts: pulumi.ResourceOptions
