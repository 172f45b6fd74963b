"""``pacto-plugin-schema-infer``: infer a configuration JSON Schema from a sample file
(09-plugins-doc-mcp.md §1.6).

Usage: ``pacto generate schema-infer <bundle> --option file=config.yaml``. The sample is read
from the bundle directory (``.json``, ``.yaml``/``.yml``, ``.toml`` or a dotenv file such as
``.env``), and one file, ``config.schema.json``, comes back. Every key of the sample is
required; the root object forbids other keys.

Options: ``file`` (required) and ``strict-numbers`` (default ``true``: integral numbers become
``integer`` whatever the format; ``false`` keeps the reference's behaviour of typing every JSON
number as ``number``, §6 item 3).

Errors go to stderr without a trailing newline, with exit code 1, as the reference plugin does.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path, PurePath
from typing import Any, BinaryIO, TextIO

__all__ = ["OUTPUT_FILE", "SCHEMA_DIALECT", "infer", "infer_document", "main", "parse_dotenv"]

OUTPUT_FILE = "config.schema.json"
SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


class _FailureError(Exception):
    """A failure whose message goes to stderr as is."""


def infer(value: Any, *, json_numbers: bool = False) -> dict[str, Any]:
    """The schema of one sample value. With ``json_numbers`` every number is ``number``."""
    if isinstance(value, bool):
        return {"type": "boolean"}
    if value is None:
        return {"type": "null"}
    if isinstance(value, str):
        return {"type": "string"}
    if isinstance(value, int):
        return {"type": "number" if json_numbers else "integer"}
    if isinstance(value, float):
        return {"type": "number"}
    if isinstance(value, Mapping):
        properties = {str(k): infer(v, json_numbers=json_numbers) for k, v in value.items()}
        return {"type": "object", "properties": properties, "required": sorted(properties)}
    if isinstance(value, list | tuple):
        items = infer(value[0], json_numbers=json_numbers) if value else {}
        return {"type": "array", "items": items}
    return {}  # dates, times and anything else without a JSON type


def infer_document(
    document: Mapping[str, Any], *, service_name: str, json_numbers: bool = False
) -> dict[str, Any]:
    """The root schema: the object's schema plus ``$schema``, ``additionalProperties: false``
    and ``title``."""
    schema = infer(document, json_numbers=json_numbers)
    schema["$schema"] = SCHEMA_DIALECT
    schema["additionalProperties"] = False
    schema["title"] = f"{service_name} configuration"
    return schema


def parse_dotenv(text: str) -> dict[str, str]:
    """``KEY=VALUE`` lines (optional ``export``, quotes, ``#`` comments); values are strings."""
    out: dict[str, str] = {}
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("export "):
            line = line[len("export ") :].lstrip()
        key, sep, value = line.partition("=")
        key = key.strip()
        if not sep or not key or any(c.isspace() for c in key):
            raise ValueError(f"line {number}: expected KEY=VALUE")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            quote, value = value[0], value[1:-1]
            if quote == '"':
                value = value.replace('\\"', '"').replace("\\n", "\n").replace("\\\\", "\\")
        elif " #" in value:
            value = value.split(" #", 1)[0].rstrip()
        out[key] = value
    return out


def _kind(file: str) -> str:
    name = PurePath(file).name.lower()
    if name == ".env" or name.endswith(".env") or name.startswith(".env."):
        return "dotenv"
    extension = PurePath(name).suffix
    kinds = {".json": "json", ".yaml": "yaml", ".yml": "yaml", ".toml": "toml"}
    if extension not in kinds:
        raise _FailureError(f"failed to parse {file}: unsupported file extension: {extension}")
    return kinds[extension]


def _parse(file: str, kind: str, data: bytes) -> Any:
    try:
        if kind == "json":
            return json.loads(data.decode("utf-8"))
        if kind == "yaml":
            from pacto.contract import load_yaml

            return load_yaml(data, name=file)
        if kind == "toml":
            import tomllib

            return tomllib.loads(data.decode("utf-8"))
        return parse_dotenv(data.decode("utf-8"))
    except Exception as exc:  # any parser's error becomes the plugin's one-line failure
        raise _FailureError(f"failed to parse {file}: {exc}") from exc


def _read_sample(bundle_dir: str, file: str) -> bytes:
    root = Path(bundle_dir or ".").resolve()
    target = (root / file).resolve()
    if PurePath(file).is_absolute() or not target.is_relative_to(root):
        raise _FailureError(f"failed to read file {file}: path is outside the bundle directory")
    try:
        return target.read_bytes()
    except OSError as exc:
        raise _FailureError(f"failed to read file {file}: {exc.strerror or exc}") from exc


def generate(request: Mapping[str, Any]) -> dict[str, Any]:
    """The protocol response for one request; raises ``_FailureError`` with the stderr text."""
    options = request.get("options") or {}
    if not isinstance(options, Mapping):
        options = {}
    file = options.get("file")
    if not isinstance(file, str) or not file:
        raise _FailureError("missing required option: file (e.g. --option file=config.yaml)")
    strict = str(options.get("strict-numbers", "true")).lower() not in ("false", "0", "no")
    kind = _kind(file)
    bundle_dir = request.get("bundleDir")
    document = _parse(
        file, kind, _read_sample(bundle_dir if isinstance(bundle_dir, str) else ".", file)
    )
    if not isinstance(document, Mapping):
        raise _FailureError(f"failed to parse {file}: the document must be a mapping")
    contract = request.get("contract")
    service = contract.get("service") if isinstance(contract, Mapping) else None
    name = service.get("name") if isinstance(service, Mapping) else None
    schema = infer_document(
        document,
        service_name=name if isinstance(name, str) else "",
        json_numbers=kind == "json" and not strict,
    )
    content = json.dumps(schema, indent=2, sort_keys=True, ensure_ascii=False) + "\n"
    return {
        "files": [{"path": OUTPUT_FILE, "content": content}],
        "message": (
            f"Inferred JSON Schema from {file} \u2014 add configurations[].schema: "
            f"{OUTPUT_FILE} to your pacto.yaml to use it"
        ),
    }


def run(stdin: BinaryIO, stdout: TextIO, stderr: TextIO) -> int:
    """The plugin's body with its streams passed in (for tests); returns the exit code."""
    try:
        try:
            request = json.loads(stdin.read().decode("utf-8"))
            if not isinstance(request, dict):
                raise ValueError("expected a JSON object")
        except (ValueError, UnicodeDecodeError) as exc:
            raise _FailureError(f"failed to decode input: {exc}") from exc
        response = generate(request)
    except _FailureError as failure:
        stderr.write(str(failure))
        stderr.flush()
        return 1
    stdout.write(json.dumps(response, ensure_ascii=False))
    stdout.flush()
    return 0


def main() -> None:
    """Console-script entry point ``pacto-plugin-schema-infer``."""
    sys.exit(run(sys.stdin.buffer, sys.stdout, sys.stderr))


if __name__ == "__main__":
    main()
