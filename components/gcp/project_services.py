"""`ProjectServices`: turn on the Google Cloud APIs a stack needs, and never turn them off."""

import re
from typing import Required, TypedDict

import pulumi
import pulumi_gcp as gcp

from ..checks import refuse_unknown_keys


class ProjectServicesArgs(TypedDict, total=False):
    services: Required[list[str]]
    """API names such as "run.googleapis.com". Required, at least one."""
    project: pulumi.Input[str]
    """Project the APIs are enabled in. Default: the provider's project."""


class ProjectServices(pulumi.ComponentResource):
    """One `gcp.projects.Service` per API, with `disable_on_destroy` off: removing the stack (or a stack
    that shares the project) must not switch off an API that something else still uses. Make the
    resources that need an API depend on this component.

    Example:

        apis = ProjectServices("shop", {"services": ["run.googleapis.com", "sqladmin.googleapis.com"]})
        pulumi.export("apis", apis.services)
    """

    services: pulumi.Output[list[str]]
    """The enabled API names."""

    def __init__(
        self, name: str, args: ProjectServicesArgs, opts: pulumi.ResourceOptions | None = None
    ) -> None:
        refuse_unknown_keys(ProjectServices, ProjectServicesArgs, name, args, opts)
        services = list(args.get("services") or [])
        if not services:
            raise ValueError("ProjectServices services is required: a list such as ['run.googleapis.com']")
        bad = [s for s in services if not re.match(r"^[a-z0-9.-]+\.googleapis\.com$", s)]
        if bad:
            raise ValueError(f"ProjectServices services {bad} are not API names; use e.g. run.googleapis.com")
        super().__init__("stackyard-gcp:index:ProjectServices", name, None, opts)
        enabled = [
            gcp.projects.Service(
                f"{name}-{service.split('.', 1)[0]}",
                service=service,
                project=args.get("project"),
                disable_on_destroy=False,
                disable_dependent_services=False,
                opts=pulumi.ResourceOptions(parent=self),
            )
            for service in sorted(set(services))
        ]
        self.services = pulumi.Output.all(*[api.service for api in enabled])
        self.register_outputs({"services": self.services})
