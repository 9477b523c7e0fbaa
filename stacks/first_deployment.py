"""The "First deployment" section of each blueprint's README: the steps of
docs/guides/first-deployment.md for each of the blueprint's stack files, with what is that file's own (its
stack name, secrets, domain and hosts, images, alarm addresses) and the "Before your first `pulumi up`"
notes `stackyard plan` prints for it (`stacks.first_up`). Computed from the validated stack files, so the
section stays true when a file changes; `stacks.requirements` writes it into the README."""

from __future__ import annotations

from pathlib import Path

from . import first_up
from .config import StackConfig, WebService, load_stack_config, public_host
from .stackfile import read_stack_file

GUIDE = "docs/guides/first-deployment.md"
ROOT = Path(__file__).resolve().parent.parent
CLOUDS = {"aws": "AWS", "gcp": "Google Cloud"}


def section(folder: Path) -> str:
    """The Markdown section for the blueprint in `folder` (blueprints/<system>)."""
    link = Path("../..") / GUIDE
    lines = [
        "## First deployment",
        "",
        f"Follow [the first-deployment guide]({link.as_posix()}): a state backend, a secrets provider key, "
        "the stack and its secrets, the DNS choice, the first `pulumi up` (no image needs to be pushed "
        "first, except on the Kubernetes runtime), the first image and deploy on merge, alarm e-mails, and "
        "how to tear a trial prod stack down. What each stack file of this blueprint needs besides:",
    ]
    for path in sorted(folder.glob("Pulumi.*.yaml")):
        lines += ["", *_stack_file(folder, path)]
    return "\n".join(lines)


def _stack_file(folder: Path, path: Path) -> list[str]:
    source = read_stack_file(path, project_root=ROOT)
    config = load_stack_config(source.values, source.secret_keys)
    app = config.app
    stack = f"{folder.name}-{path.name.removeprefix('Pulumi.').removesuffix('.yaml')}"
    runtime = "Kubernetes" if app.runtime == "kubernetes" else "managed"
    lines = [
        f"### `{path.name}`: {CLOUDS[config.cloud]} {config.region}, {config.environment}, runtime {runtime}",
        "",
        "```bash",
        "# copy the file, then delete its stackyard:secrets block (placeholders)",
        f"cp blueprints/{folder.name}/{path.name} Pulumi.{stack}.yaml",
        f'pulumi stack init {stack} --secrets-provider "$SECRETS_PROVIDER"',
    ]
    for name in app.secrets:
        lines.append(f"pulumi config set --secret --path 'secrets.{name}' \"${_variable(name)}\"")
    lines += ["pulumi up", "```", ""]
    lines += [f"- {text}" for text in _specifics(config)]
    found = first_up.notes(config, source.values)
    if found:
        lines += ["", f"{first_up.HEADING} (as `stackyard plan` prints them for this file):", ""]
        lines += [f"- {note.text}" for note in found]
    return lines


def _variable(name: str) -> str:
    """A shell variable name for a secret (letters, digits, underscores)."""
    return "".join(c if c.isalnum() else "_" for c in name).upper()


def _specifics(config: StackConfig) -> list[str]:
    app = config.app
    texts = []
    hosts = sorted(
        {public_host(config, n, s) for n, s in app.services.items() if isinstance(s, WebService) and s.public}
    )
    if app.domain:
        served = f" and the public hosts {', '.join(f'`{h}`' for h in hosts)}" if hosts else ""
        if app.hosted_zone == "create":
            zone = "the stack creates its zone (`hosted_zone: create`)"
        else:
            zone = "its zone must exist (`hosted_zone: existing`, the default)" + (
                ", or set `app.hosted_zone: create` to have the stack create it"
                if app.runtime == "managed"
                else ""
            )
        texts.append(
            f"Domain: `{app.domain}`{served}. Set `app.domain` to a domain of yours if this is a stand-in; "
            f"{zone}."
        )
    built = [n for n, s in app.services.items() if s.image is None]
    given = {n: s.image for n, s in app.services.items() if s.image is not None}
    if built and app.runtime == "kubernetes":
        names = ", ".join(f"`{n}`" for n in built)
        texts.append(
            f"Images you build and push to your own registry (the Kubernetes runtime creates none): {names}; "
            "until one is set a service runs no pod, and each is deployed by `pulumi config set --path "
            "'app.services.<NAME>.image' \"$REGISTRY/<repository>:$TAG\"` and `pulumi up`."
        )
    elif built:
        names = ", ".join(f"`{n}`" for n in built)
        texts.append(
            f"Images you build and push to the stack's registry (output `repositoryUrls`): {names}; each is "
            "deployed by `pulumi config set --path 'app.services.<NAME>.image_tag' \"$TAG\"` and "
            "`pulumi up` (or the deploy workflow on merge)."
        )
    if given:
        images = ", ".join(f"`{n}`: `{image}`" for n, image in given.items())
        texts.append(f"Images named by the stack file, to push before the first `pulumi up`: {images}.")
    if config.is_prod:
        texts.append(
            f"A trial of this prod stack is torn down as the guide's section 9 says ([Tearing down a trial "
            f"prod stack](../../{GUIDE}#9-tearing-down-a-trial-prod-stack))."
        )
    return texts
