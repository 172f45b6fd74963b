"""A 30 MB SBOM is compared, not choked on; above the size cap it is a clear error."""

from __future__ import annotations

import json
import time

import pytest

from pacto.contract import MemoryFS
from pacto.sbom import SbomError, diff_sboms, parse_from_fs, scan_sbom


def _big_spdx(count: int, bump: int) -> bytes:
    packages = [
        {
            "SPDXID": f"SPDXRef-Package-{i}",
            "name": f"package-{i:06d}",
            "versionInfo": f"1.{i % 50}.{(i + bump) % 7}",
            "licenseConcluded": "Apache-2.0 AND MIT AND BSD-3-Clause",
            "supplier": f"Organization: Supplier number {i % 97} of a fairly large example corp",
            "downloadLocation": f"https://registry.example.com/packages/package-{i:06d}.tar.gz",
            "externalRefs": [
                {
                    "referenceCategory": "PACKAGE-MANAGER",
                    "referenceType": "purl",
                    "referenceLocator": f"pkg:generic/package-{i:06d}@1",
                }
            ],
        }
        for i in range(count)
    ]
    return json.dumps({"spdxVersion": "SPDX-2.3", "packages": packages}).encode()


def test_a_30_megabyte_sbom_is_parsed_and_diffed() -> None:
    old = _big_spdx(70_000, 0)
    new = _big_spdx(70_000, 1)
    assert len(new) > 30_000_000
    started = time.perf_counter()
    old_doc = parse_from_fs(MemoryFS({"sbom/a.spdx.json": old}))
    new_doc = parse_from_fs(MemoryFS({"sbom/a.spdx.json": new}))
    result = diff_sboms(old_doc, new_doc)
    assert result is not None and len(result.changes) == 70_000
    assert time.perf_counter() - started < 60


def test_an_sbom_above_the_cap_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from pacto.sbom import _json

    monkeypatch.setattr(_json, "MAX_SBOM_BYTES", 1_000_000)
    fs = MemoryFS({"sbom/a.spdx.json": _big_spdx(5_000, 0)})
    with pytest.raises(SbomError, match="above the 0 MB limit for SBOM files"):
        parse_from_fs(fs)
    assert "above the 0 MB limit" in scan_sbom(fs).error
