"""The `allow_from` of components that own a security group: one rule per named caller, admitting the
caller's security group (never an address range) to the component's port."""

import re

import pulumi
import pulumi_aws as aws

_CALLER = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]*$")


class GroupAccess:
    """Admits callers' security groups to `port` of `security_group_id`; the rules are children of `owner`.

    `component` and `name` appear in error messages and rule names; `protocol` ("PostgreSQL", "HTTP on
    8000" …) in rule descriptions. A `port` of None refuses every caller (a worker has nothing to reach)."""

    def __init__(
        self,
        owner: pulumi.Resource,
        component: str,
        name: str,
        security_group_id: pulumi.Input[str],
        port: int | None,
        protocol: str,
        tags: dict[str, str],
    ) -> None:
        self._owner, self._component, self._name = owner, component, name
        self._group, self._port, self._protocol, self._tags = security_group_id, port, protocol, tags
        self._callers: set[str] = set()

    def allow(self, caller: str, security_group_id: pulumi.Input[str]) -> None:
        """One security-group-to-security-group rule on the port, named `<name>-from-<caller>`."""
        if self._port is None:
            raise ValueError(
                f"{self._component} allow_from is not allowed on {self._name}: it has no port; give it a port"
            )
        if not _CALLER.match(caller or ""):
            raise ValueError(
                f"{self._component} allow_from name {caller!r} is not allowed; "
                "use letters, digits, ., _ and -"
            )
        if caller in self._callers:
            raise ValueError(
                f"{self._component} allow_from name {caller!r} is already used; use a unique name"
            )
        self._callers.add(caller)
        aws.vpc.SecurityGroupIngressRule(
            f"{self._name}-from-{caller}",
            security_group_id=self._group,
            referenced_security_group_id=security_group_id,
            ip_protocol="tcp",
            from_port=self._port,
            to_port=self._port,
            description=f"{self._protocol} from {caller}",
            tags={**self._tags, "Name": f"{self._name}-from-{caller}"},
            opts=pulumi.ResourceOptions(parent=self._owner),
        )
