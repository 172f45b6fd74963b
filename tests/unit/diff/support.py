"""Building bundles in memory for diff tests."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import yaml

from pacto.contract import MemoryFS, parse
from pacto.diff import Result, compare

CASES = Path(__file__).parent / "cases"

PACTO = """\
pactoVersion: "1.0"
service:
  name: shop
  version: 1.0.0
interfaces:
  - name: api
    type: http
    port: 8080
    contract: interfaces/openapi.yaml
configurations:
  - name: app
    schema: configuration/schema.json
"""

PACTO_CONFIG_ONLY = """\
pactoVersion: "1.0"
service:
  name: shop
  version: 1.0.0
configurations:
  - name: app
    schema: configuration/schema.json
"""

DEFAULT_SCHEMA: dict[str, Any] = {"type": "object", "properties": {"name": {"type": "string"}}}


def openapi(
    *,
    request: Any = None,
    response: Any = None,
    parameters: Any = None,
    version: str = "3.0.3",
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """POST /items with one request body and one 200 response around the given schemas."""
    operation: dict[str, Any] = {
        "operationId": "createItem",
        "requestBody": {
            "required": True,
            "content": {
                "application/json": {
                    "schema": copy.deepcopy(DEFAULT_SCHEMA if request is None else request)
                }
            },
        },
        "responses": {
            "200": {
                "description": "ok",
                "content": {
                    "application/json": {
                        "schema": copy.deepcopy(DEFAULT_SCHEMA if response is None else response)
                    }
                },
            }
        },
    }
    if parameters is not None:
        operation["parameters"] = copy.deepcopy(parameters)
    document: dict[str, Any] = {
        "openapi": version,
        "info": {"title": "shop", "version": "1.0.0"},
        "paths": {"/items": {"post": operation}},
    }
    for key, value in (extra or {}).items():
        document[key] = copy.deepcopy(value)
    return document


def dump(document: Any) -> bytes:
    if isinstance(document, str | bytes):
        return document.encode() if isinstance(document, str) else document
    return yaml.safe_dump(document, sort_keys=False).encode()


def bundle(
    openapi_document: Any = None,
    config_schema: Any = None,
    *,
    pacto: str = PACTO,
    extra_files: dict[str, Any] | None = None,
) -> MemoryFS:
    files: dict[str, bytes] = {"pacto.yaml": pacto.encode()}
    if openapi_document is not None:
        files["interfaces/openapi.yaml"] = dump(openapi_document)
    if config_schema is not None:
        files["configuration/schema.json"] = (
            config_schema
            if isinstance(config_schema, bytes)
            else json.dumps(config_schema).encode()
        )
    for path, content in (extra_files or {}).items():
        files[path] = content if isinstance(content, bytes) else dump(content)
    return MemoryFS(files)


def diff_bundles(old: MemoryFS, new: MemoryFS, ruleset: str = "pacto") -> Result:
    old_raw = old.read_bytes("pacto.yaml")
    new_raw = new.read_bytes("pacto.yaml")
    return compare(
        parse(old_raw), parse(new_raw), old, new, ruleset=ruleset, old_raw=old_raw, new_raw=new_raw
    )


def diff_openapi(old: Any, new: Any, ruleset: str = "pacto") -> Result:
    return diff_bundles(bundle(old, {}), bundle(new, {}), ruleset)


def diff_config(old: Any, new: Any, ruleset: str = "pacto") -> Result:
    return diff_bundles(
        bundle(None, old, pacto=PACTO_CONFIG_ONLY),
        bundle(None, new, pacto=PACTO_CONFIG_ONLY),
        ruleset,
    )


def load_cases(name: str) -> list[dict[str, Any]]:
    cases: list[dict[str, Any]] = yaml.safe_load((CASES / name).read_text())
    return cases


def run_case(case: dict[str, Any]) -> Result:
    """Build the two documents a case describes and compare them."""
    kind = next(k for k in ("in", "out", "params", "doc", "config", "op") if k in case)
    spec = case[kind]
    version = case.get("openapi", "3.0.3")
    extra_old = case.get("extra_old") or case.get("extra") or {}
    extra_new = case.get("extra_new") or case.get("extra") or {}
    old_files = case.get("files_old", case.get("files", {}))
    new_files = case.get("files_new", case.get("files", {}))
    if kind == "config":
        return diff_config(spec["old"], spec["new"])
    if kind == "doc":
        return diff_bundles(
            bundle(spec["old"], {}, extra_files=old_files),
            bundle(spec["new"], {}, extra_files=new_files),
        )
    if kind == "in":
        old = openapi(request=spec["old"], version=version, extra=extra_old)
        new = openapi(request=spec["new"], version=version, extra=extra_new)
    elif kind == "out":
        old = openapi(response=spec["old"], version=version, extra=extra_old)
        new = openapi(response=spec["new"], version=version, extra=extra_new)
    elif kind == "params":
        old = openapi(parameters=spec["old"], version=version, extra=extra_old)
        new = openapi(parameters=spec["new"], version=version, extra=extra_new)
    else:  # op: replace the whole paths mapping
        old = openapi(version=version, extra=extra_old)
        new = openapi(version=version, extra=extra_new)
        old["paths"] = spec["old"]
        new["paths"] = spec["new"]
    return diff_bundles(
        bundle(old, {}, extra_files=old_files), bundle(new, {}, extra_files=new_files)
    )
