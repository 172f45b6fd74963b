"""Builders shared by the validation unit tests: the base document ``B`` of 02-validation.md
§13.2, in-memory bundles and a fake :class:`~pacto.validation.BundleResolver`."""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping
from typing import Any

import yaml

from pacto.contract import Bundle, Contract, MemoryFS, parse
from pacto.validation import ValidationResult, validate, validate_with_resolver

BASE: dict[str, Any] = {
    "pactoVersion": "1.0",
    "service": {"name": "svc", "version": "1.0.0"},
    "interfaces": [{"name": "api", "type": "http", "port": 8080}],
    "runtime": {
        "workload": "service",
        "state": {
            "type": "stateless",
            "persistence": {"scope": "local", "durability": "ephemeral"},
            "dataCriticality": "low",
        },
        "health": {"interface": "api", "path": "/health"},
    },
}


def base() -> dict[str, Any]:
    """A fresh copy of the valid base document ``B``."""
    return copy.deepcopy(BASE)


def dump(document: Any) -> bytes:
    return yaml.safe_dump(document, sort_keys=False).encode()


def changed(change: Callable[[dict[str, Any]], object]) -> dict[str, Any]:
    """``B`` with ``change`` applied (``change`` mutates the copy it is given)."""
    document = base()
    change(document)
    return document


def text_of(document_or_text: Any) -> bytes:
    if isinstance(document_or_text, bytes):
        return document_or_text
    if isinstance(document_or_text, str):
        return document_or_text.encode()
    return dump(document_or_text)


def files(mapping: Mapping[str, str | bytes] | None) -> MemoryFS | None:
    if mapping is None:
        return None
    return MemoryFS({k: v.encode() if isinstance(v, str) else v for k, v in mapping.items()})


def check(document_or_text: Any, fs: Mapping[str, str | bytes] | None = None) -> ValidationResult:
    """``validate()`` (local-only policies) of a document or text with optional files."""
    raw = text_of(document_or_text)
    return validate(parse(raw), raw, files(fs))


def check_with(
    document_or_text: Any, resolver: Any, fs: Mapping[str, str | bytes] | None = None
) -> ValidationResult:
    raw = text_of(document_or_text)
    return validate_with_resolver(parse(raw), raw, files(fs), resolver)


def contract_of(document: Any) -> Contract:
    return parse(text_of(document))


def pairs(issues: Any) -> list[tuple[str, str]]:
    """``[(code, path), ...]`` in result order."""
    return [(issue.code, issue.path) for issue in issues]


def bundle(document: Any, fs: Mapping[str, str | bytes] | None = None, origin: str = "") -> Bundle:
    raw = text_of(document)
    return Bundle(
        contract=parse(raw), raw_yaml=raw, fs=files(fs or {}) or MemoryFS(), origin=origin
    )


def policy_contract(name: str, policies: list[dict[str, str]] | None = None) -> dict[str, Any]:
    """A minimal contract, optionally declaring ``policies``."""
    document: dict[str, Any] = {
        "pactoVersion": "1.0",
        "service": {"name": name, "version": "1.0.0"},
    }
    if policies:
        document["policies"] = policies
    return document


class FakeResolver:
    """Maps ref texts to bundles (or to exceptions to raise) and records every call."""

    def __init__(self, bundles: Mapping[str, Bundle | Exception | None]) -> None:
        self.bundles = dict(bundles)
        self.calls: list[str] = []

    def resolve_bundle(self, ref: str) -> Bundle:
        self.calls.append(ref)
        if ref not in self.bundles:
            raise LookupError(f"unknown ref {ref}")
        found = self.bundles[ref]
        if isinstance(found, Exception):
            raise found
        return found  # type: ignore[return-value]  # None on purpose (empty bundle case)


class ScopedFakeResolver(FakeResolver):
    """A fake that resolves relative refs against the declaring bundle's ``origin``."""

    def __init__(self, bundles: Mapping[str, Bundle | Exception | None], base: str = "") -> None:
        super().__init__(bundles)
        self.base = base
        self.scopes: list[str] = []

    def resolve_bundle(self, ref: str) -> Bundle:
        key = ref if ref.startswith("oci://") or not self.base else f"{self.base}/{ref}"
        return super().resolve_bundle(key)

    def relative_to(self, declaring: Bundle) -> ScopedFakeResolver:
        self.scopes.append(declaring.origin)
        child = ScopedFakeResolver(self.bundles, declaring.origin)
        child.calls = self.calls
        child.scopes = self.scopes
        return child
