"""What the plan shows of an input: `mask_secrets` replaces every secret by "[secret]" and every unknown by
"[unknown]"; `_unwrap_secrets` gives the mocks the plain values behind the secrets."""

from __future__ import annotations

from typing import Any

import pulumi
from pulumi.runtime import rpc

SECRET_MASK = "[secret]"
UNKNOWN_MASK = "[unknown]"


def _unwrap_secrets(value: Any) -> Any:
    if rpc.is_rpc_secret(value):
        return _unwrap_secrets(rpc.unwrap_rpc_secret(value))
    if isinstance(value, dict):
        return {k: _unwrap_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_unwrap_secrets(v) for v in value]
    return value


def mask_secrets(value: Any) -> Any:
    """`value` with every secret replaced by "[secret]" and every unknown by "[unknown]"."""
    if rpc.is_rpc_secret(value):
        return SECRET_MASK
    if value == rpc.UNKNOWN:
        return UNKNOWN_MASK
    if isinstance(value, dict):
        return {k: mask_secrets(v) for k, v in value.items()}
    if isinstance(value, list):
        return [mask_secrets(v) for v in value]
    if isinstance(value, float) and value.is_integer():
        return int(value)  # protobuf carries every number as a double; 7.0 was given as 7
    if isinstance(value, pulumi.AssetArchive):  # e.g. a Lambda function's code: each file's text
        return {"archive": {name: mask_secrets(asset) for name, asset in value.assets.items()}}
    if isinstance(value, pulumi.StringAsset):
        return {"text": value.text}
    if isinstance(value, (pulumi.FileAsset, pulumi.FileArchive)):
        return {"path": value.path}
    return value
