"""Protocol version 1: one JSON request on the plugin's stdin, one JSON response on its stdout
(09-plugins-doc-mcp.md §1.2). Unknown fields are ignored in both directions."""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

__all__ = [
    "PROTOCOL_VERSION",
    "GeneratedFile",
    "PluginRequest",
    "PluginResponse",
    "decode_response",
]

PROTOCOL_VERSION = "1"


@dataclass(frozen=True, slots=True, kw_only=True)
class PluginRequest:
    """What a plugin is asked to do. ``contract`` is the canonical JSON form of the contract
    (:func:`pacto.contract.wire.contract_to_wire`); ``options`` is ``None`` when the user gave
    no ``--option`` (the key is then omitted from the request)."""

    contract: Mapping[str, Any]
    bundle_dir: str
    output_dir: str
    options: Mapping[str, str] | None = None

    def to_wire(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "protocolVersion": PROTOCOL_VERSION,
            "contract": dict(self.contract),
            "bundleDir": self.bundle_dir,
            "outputDir": self.output_dir,
        }
        if self.options is not None:
            out["options"] = dict(self.options)
        return out

    def encode(self) -> bytes:
        """The request as one compact JSON object, no trailing newline."""
        return json.dumps(self.to_wire(), separators=(",", ":"), ensure_ascii=False).encode()


@dataclass(frozen=True, slots=True, kw_only=True)
class GeneratedFile:
    path: str
    """Relative to the output directory, as the plugin sent it (checked before writing)."""
    content: str


@dataclass(frozen=True, slots=True, kw_only=True)
class PluginResponse:
    files: tuple[GeneratedFile, ...] = field(default_factory=tuple)
    message: str = ""


def decode_response(data: bytes) -> PluginResponse:
    """Decode a plugin's stdout. Raises ``ValueError`` with a reason when it is not a response."""
    try:
        document = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8: {exc.reason} at byte {exc.start}") from exc
    except json.JSONDecodeError as exc:
        if not data.strip():
            raise ValueError("empty output (expected a JSON object)") from exc
        raise ValueError(f"{exc.msg} at line {exc.lineno}, column {exc.colno}") from exc
    if not isinstance(document, dict):
        raise ValueError(f"expected a JSON object, got {_json_type(document)}")
    raw_files = document.get("files")
    if raw_files is None:
        raw_files = []
    if not isinstance(raw_files, list):
        raise ValueError(f"files: expected an array, got {_json_type(raw_files)}")
    files: list[GeneratedFile] = []
    for index, item in enumerate(raw_files):
        if not isinstance(item, dict):
            raise ValueError(f"files[{index}]: expected an object, got {_json_type(item)}")
        path = item.get("path")
        if not isinstance(path, str) or not path:
            raise ValueError(f"files[{index}].path: expected a non-empty string")
        content = item.get("content", "")
        if content is None:
            content = ""
        if not isinstance(content, str):
            raise ValueError(
                f"files[{index}].content: expected a string, got {_json_type(content)}"
            )
        files.append(GeneratedFile(path=path, content=content))
    message = document.get("message")
    if message is None:
        message = ""
    if not isinstance(message, str):
        raise ValueError(f"message: expected a string, got {_json_type(message)}")
    return PluginResponse(files=tuple(files), message=message)


def _json_type(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    return "object"
