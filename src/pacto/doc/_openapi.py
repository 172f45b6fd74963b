"""Endpoint tables from a bundle's OpenAPI document (09 §2.2, "2. Interfaces")."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pacto.contract import BundleFS, load_yaml

__all__ = ["HTTP_METHODS", "Endpoint", "OpenAPIError", "read_endpoints", "read_spec"]

HTTP_METHODS = ("get", "post", "put", "patch", "delete", "head", "options", "trace")


class OpenAPIError(Exception):
    """The document cannot be read or parsed; ``str()`` is the message the page shows."""


@dataclass(frozen=True, slots=True, kw_only=True)
class Endpoint:
    method: str
    """Lower-case, as in the document."""
    path: str
    summary: str = ""


def read_spec(fs: BundleFS | None, file: str) -> Any:
    """The parsed document (JSON when the name ends in ``.json``, else YAML).

    Raises :class:`OpenAPIError` (``reading OpenAPI spec <file>: …`` / ``parsing …``).
    """
    if fs is None:
        raise OpenAPIError(f"reading OpenAPI spec {file}: no bundle files available")
    try:
        data = fs.read_bytes(file)
    except FileNotFoundError as exc:
        raise OpenAPIError(f"reading OpenAPI spec {file}: file does not exist") from exc
    except OSError as exc:
        raise OpenAPIError(f"reading OpenAPI spec {file}: {exc.strerror or exc}") from exc
    try:
        if file.endswith(".json"):
            return json.loads(data.decode("utf-8"))
        return load_yaml(data, name=file, empty_ok=True)
    except Exception as exc:  # JSON, UTF-8 and YAML errors alike become one message
        raise OpenAPIError(f"parsing OpenAPI spec {file}: {exc}") from exc


def read_endpoints(fs: BundleFS | None, file: str) -> list[Endpoint]:
    """Every operation under ``paths``: paths sorted, methods in :data:`HTTP_METHODS` order."""
    document = read_spec(fs, file)
    paths = document.get("paths") if isinstance(document, dict) else None
    if not isinstance(paths, dict):
        return []
    endpoints: list[Endpoint] = []
    for path in sorted(paths, key=str):
        item = paths[path]
        if not isinstance(item, dict):
            continue
        for method in HTTP_METHODS:
            if method not in item:
                continue
            operation = item[method]
            summary = operation.get("summary") if isinstance(operation, dict) else None
            endpoints.append(
                Endpoint(
                    method=method,
                    path=str(path),
                    summary=summary if isinstance(summary, str) else "",
                )
            )
    return endpoints
