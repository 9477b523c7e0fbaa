"""One render per distinct input for the whole pytest session, shared by the xdist workers through files.

Rendering a stack is the slow part of the suite, and a plan is a pure function of what `render` is given
(the stack's config values, secret keys and stack name, the program) and of the code that runs (components/,
stacks/, `__main__.py`, the installed packages). The cache key is a hash of all of that, so a hit returns
what a render would have returned; anything that cannot be keyed or stored is simply rendered.

The directory lives for one session only (the controller creates it and removes it at the end); the key
still covers the code, so a file edited during a session cannot be served a plan of the old code by a worker
that imports the new one. `STACKYARD_TESTS_SHARE=0` turns sharing off (every call renders, as before).
"""

from __future__ import annotations

import fcntl
import functools
import hashlib
import importlib.metadata
import os
import pickle
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from stacks.plan import Plan, render
from stacks.stackfile import ConfigSource

ROOT = Path(__file__).resolve().parents[2]
SOURCE_DIRECTORIES = ("components", "stacks")
SOURCE_FILES = ("__main__.py", "Pulumi.yaml")
FORMAT = 1  # bump when the stored form changes
WORKER_INPUT_KEY = "stackyard_plan_cache"


def sharing_enabled() -> bool:
    return os.environ.get("STACKYARD_TESTS_SHARE", "1") != "0"


_directory: Path | None = None


def use_directory(directory: Path | None) -> Path | None:
    """Where this process reads and writes plans from now on (None: render every time); returns where it
    did before."""
    global _directory
    previous, _directory = _directory, directory
    return previous


def new_directory() -> Path:
    return Path(tempfile.mkdtemp(prefix="stackyard-plan-cache-"))


def source_digest(root: Path) -> str:
    """A hash of the program's source under `root`: `__main__.py`, `Pulumi.yaml` and every file under
    components/ and stacks/ (names and bytes)."""
    digest = hashlib.sha256()
    files = [root / name for name in SOURCE_FILES if (root / name).is_file()]
    for name in SOURCE_DIRECTORIES:
        files += sorted(
            path
            for path in (root / name).rglob("*")
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
        )
    for path in files:
        data = path.read_bytes()
        digest.update(f"{path.relative_to(root)}\0{len(data)}\0".encode())
        digest.update(data)
    return digest.hexdigest()


@functools.cache
def code_digest() -> str:
    """A hash of everything besides the input that decides a plan: the program's source, this cache and
    tests/conftest.py, the interpreter, every installed distribution and version, `PULUMI_*` variables."""
    digest = hashlib.sha256(source_digest(ROOT).encode())
    here = Path(__file__).resolve()
    for path in (here, here.parent.parent / "conftest.py"):
        digest.update(path.read_bytes())
    digest.update(sys.version.encode())
    digest.update(sys.executable.encode())
    distributions = sorted(
        f"{d.metadata['Name']}=={d.version}" for d in importlib.metadata.distributions() if d.metadata
    )
    digest.update("\n".join(distributions).encode())
    pulumi_environment = sorted((k, v) for k, v in os.environ.items() if k.startswith("PULUMI"))
    digest.update(repr(pulumi_environment).encode())
    return digest.hexdigest()


def input_digest(source: ConfigSource, main_path: Path | None) -> str | None:
    """A hash of what `render(source, main_path)` is given; None if it cannot be pickled.

    Values are hashed in their pickled form: types (1 vs "1" vs True) and the order of keys (which can
    order resources) both count."""
    main = None if main_path is None else Path(main_path).resolve()
    try:
        data = pickle.dumps(
            (
                FORMAT,
                code_digest(),
                source.stack,
                source.values,
                sorted(source.secret_keys),
                None if main is None else (str(main), main.read_bytes()),
            ),
            protocol=5,
        )
    except Exception:  # anything unusual: do not share
        return None
    return hashlib.sha256(data).hexdigest()


@contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _load(path: Path) -> Plan | None:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return None
    plan = pickle.loads(data)
    assert isinstance(plan, Plan), path
    return plan


def _store(path: Path, plan: Plan) -> None:
    try:
        data = pickle.dumps(plan, protocol=5)
    except Exception:
        return  # not storable: others render it themselves
    if not same(pickle.loads(data), plan):
        return  # does not survive the round trip: never serve it
    partial = path.with_suffix(f".{os.getpid()}.partial")
    partial.write_bytes(data)
    os.replace(partial, path)


def same(a: Any, b: Any) -> bool:
    """Whether `a` and `b` are equal value by value: same types, dict keys in the same order, and objects
    without an `__eq__` of their own (a Lambda function's `AssetArchive` in a resource's state) compared by
    their attributes."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return list(a) == list(b) and all(same(a[k], b[k]) for k in a)
    if isinstance(a, (list, tuple)):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, (str, bytes, int, float, bool, type(None), set, frozenset)):
        return a == b
    if hasattr(a, "__dict__"):
        return same(vars(a), vars(b))
    return a == b


def shared_render(source: ConfigSource, main_path: Path | None) -> Plan:
    """`render(source, main_path)`, rendered once per session across the workers.

    The worker that renders first gets the plan it rendered; the others (and later calls) unpickle a copy.
    A render that raises is not stored: every caller renders and raises itself."""
    directory = _directory
    key = input_digest(source, main_path) if directory is not None else None
    if directory is None or key is None:
        return render(source, main_path)
    path = directory / f"{key}.pickle"
    plan = _load(path)
    if plan is not None:
        return plan
    with _locked(directory / f"{key}.lock"):
        plan = _load(path)
        if plan is None:
            plan = render(source, main_path)
            _store(path, plan)
    return plan
