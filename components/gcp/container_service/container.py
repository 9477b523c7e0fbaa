"""What every Cloud Run template shares (the service, the worker pool, the job and the migration job): the
container's environment with its secrets as references, its command, and direct VPC egress."""

import pulumi
import pulumi_gcp as gcp

from .settings import ContainerSettings


def _split_reference(reference: str) -> tuple[str, str]:
    """(secret id, version) of a `secrets` value: `projects/p/secrets/s` → (it, "latest"),
    `projects/p/secrets/s/versions/3` → ("projects/p/secrets/s", "3")."""
    secret_id, _, version = reference.partition("/versions/")
    return secret_id, version or "latest"


def _secret_refs(settings: ContainerSettings) -> list[tuple[str, pulumi.Output[str], pulumi.Output[str]]]:
    """(variable, secret id, version) for each of `secrets`, in name order."""
    refs = []
    for key, reference in sorted(settings.secrets.items()):
        parts = pulumi.Output.from_input(reference).apply(_split_reference)
        refs.append((key, parts.apply(lambda p: p[0]), parts.apply(lambda p: p[1])))
    return refs


def _envs(settings: ContainerSettings) -> list[gcp.cloudrunv2.ServiceTemplateContainerEnvArgsDict]:
    """The container's environment: plain values, then secrets as references to Secret Manager (the given
    version, or the latest, read when an instance starts), never as values."""
    plain: list[gcp.cloudrunv2.ServiceTemplateContainerEnvArgsDict] = [
        {"name": key, "value": value} for key, value in sorted(settings.environment.items())
    ]
    return plain + [
        {"name": key, "value_source": {"secret_key_ref": {"secret": secret_id, "version": version}}}
        for key, secret_id, version in _secret_refs(settings)
    ]


def _job_envs(settings: ContainerSettings) -> list[gcp.cloudrunv2.JobTemplateTemplateContainerEnvArgsDict]:
    """`_envs` in the job's types (the same entries)."""
    plain: list[gcp.cloudrunv2.JobTemplateTemplateContainerEnvArgsDict] = [
        {"name": key, "value": value} for key, value in sorted(settings.environment.items())
    ]
    return plain + [
        {"name": key, "value_source": {"secret_key_ref": {"secret": secret_id, "version": version}}}
        for key, secret_id, version in _secret_refs(settings)
    ]


def _set_command(
    settings: ContainerSettings,
    container: gcp.cloudrunv2.ServiceTemplateContainerArgsDict
    | gcp.cloudrunv2.WorkerPoolTemplateContainerArgsDict
    | gcp.cloudrunv2.JobTemplateTemplateContainerArgsDict,
) -> None:
    """Docker's ENTRYPOINT is Cloud Run's `commands`, CMD its `args`. Not for the placeholder image, which
    knows nothing of the application's command."""
    if settings.placeholder:
        return
    if settings.entrypoint is not None:
        container["commands"] = settings.entrypoint
    if settings.command is not None:
        container["args"] = settings.command


def _vpc_access(settings: ContainerSettings) -> gcp.cloudrunv2.ServiceTemplateVpcAccessArgsDict:
    """Direct VPC egress through one network interface (Cloud Run supports one)."""
    return {
        "network_interfaces": [{"network": settings.network, "subnetwork": settings.subnetwork}],
        "egress": settings.vpc_egress,
    }
