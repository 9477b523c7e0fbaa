"""A stack file "as released": the overrides that deploy a real image tag to every service that runs one of
its own registry (`stacks.released`, which `stackyard cost` uses too). Before the first push (`image_tag`
"bootstrap", the default) ECS starts no task and migrates nothing and Cloud Run runs Google's placeholder;
tests about the running system (its scaling, its migration, its cost, its guide's requirements) plan the
file with these."""

from __future__ import annotations

from pathlib import Path

from stacks import released as released_stack
from stacks.stackfile import read_stack_file
from tests.conftest import ROOT

TAG = released_stack.RELEASE_TAG


def released(stack_file: str | Path) -> tuple[str, ...]:
    """`--set` overrides giving each bootstrap service of `stack_file` the image tag `TAG`."""
    path = Path(stack_file)
    source = read_stack_file(path if path.is_absolute() else ROOT / path, project_root=ROOT)
    return tuple(released_stack.overrides(source.values))
