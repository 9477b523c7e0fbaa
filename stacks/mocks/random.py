"""pulumi-random: passwords and strings with a deterministic `result` per URN."""

from __future__ import annotations

import hashlib
from typing import Any

from .common import _digest


def random_resource(typ: str, urn: str, state: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    """A deterministic `result` per URN that honours `length` and the character classes
    (`upper`, `lower`, `numeric`, `special`, `overrideSpecial`), and a unique id (the provider's is
    "none" for every password; plan ids must be unique)."""
    if typ in ("random:index/randomPassword:RandomPassword", "random:index/randomString:RandomString"):
        alphabet = (
            "".join(
                chars
                for flag, chars in (
                    ("upper", "ABCDEFGHIJKLMNOPQRSTUVWXYZ"),
                    ("lower", "abcdefghijklmnopqrstuvwxyz"),
                    ("numeric", "0123456789"),
                    ("special", state.get("overrideSpecial") or "!@#$%&*()-_=+[]{}<>:?"),
                )
                if state.get(flag, True) is not False
            )
            or "abcdefghijklmnopqrstuvwxyz"
        )
        length = int(state.get("length") or 16)
        stream = b"".join(hashlib.sha256(f"{urn}#{n}".encode()).digest() for n in range(length // 32 + 1))
        state["result"] = "".join(alphabet[b % len(alphabet)] for b in stream[:length])
        if typ == "random:index/randomPassword:RandomPassword":
            state["bcryptHash"] = f"$2a$10${_digest(urn + 'bcrypt', 53)}"
    return _digest(urn, 16), state
