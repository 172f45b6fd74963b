"""Package-level SBOM comparison (04-sbom.md §6, §9, §10) with purl identity (§3.2)."""

from __future__ import annotations

import json

from pacto.sbom import (
    Document,
    Package,
    PackageChange,
    SbomFormat,
    diff_sboms,
    parse_cyclonedx,
    parse_spdx,
    purl_identity,
)
from pacto.sbom.wire import sbom_diff_to_wire

OLD = {
    "spdxVersion": "SPDX-2.3",
    "packages": [
        {
            "name": "openssl",
            "versionInfo": "3.0.13",
            "licenseConcluded": "Apache-2.0",
            "supplier": "Organization: OpenSSL Project",
        },
        {"name": "zlib", "versionInfo": "1.3", "licenseConcluded": "Zlib"},
        {"name": "left-pad", "versionInfo": "1.3.0", "licenseConcluded": "WTFPL"},
    ],
}
NEW = {
    "bomFormat": "CycloneDX",
    "specVersion": "1.5",
    "components": [
        {
            "name": "openssl",
            "version": "3.0.14",
            "supplier": {"name": "OpenSSL Foundation"},
            "licenses": [{"license": {"id": "Apache-2.0"}}],
        },
        {"name": "zlib", "version": "1.3", "licenses": [{"expression": "Zlib"}]},
        {"name": "yaml", "version": "0.2.5", "licenses": [{"license": {"id": "MIT"}}]},
    ],
}


def test_the_worked_example_of_section_9() -> None:
    result = diff_sboms(
        parse_spdx(json.dumps(OLD).encode()), parse_cyclonedx(json.dumps(NEW).encode())
    )
    assert result is not None
    assert sbom_diff_to_wire(result) == {
        "oldFormat": "spdx",
        "newFormat": "cyclonedx",
        "changes": [
            {"package": "left-pad", "type": "removed", "field": "package", "oldValue": "1.3.0"},
            {
                "package": "openssl",
                "type": "modified",
                "field": "supplier",
                "oldValue": "OpenSSL Project",
                "newValue": "OpenSSL Foundation",
            },
            {
                "package": "openssl",
                "type": "modified",
                "field": "version",
                "oldValue": "3.0.13",
                "newValue": "3.0.14",
            },
            {"package": "yaml", "type": "added", "field": "package", "newValue": "0.2.5"},
        ],
    }


def _doc(*packages: Package, fmt: SbomFormat = SbomFormat.SPDX) -> Document:
    return Document(format=fmt, packages=packages)


def test_both_absent_is_no_result_and_one_side_lists_every_package() -> None:
    assert diff_sboms(None, None) is None
    added = diff_sboms(None, _doc(Package(name="b", version="2"), Package(name="a", version="1")))
    assert added is not None and added.old_format == "" and added.new_format == "spdx"
    assert [(c.package, c.type) for c in added.changes] == [("a", "added"), ("b", "added")]
    removed = diff_sboms(_doc(Package(name="a", version="1")), None)
    assert removed is not None and removed.changes == (
        PackageChange(package="a", type="removed", field="package", old_value="1"),
    )


def test_identical_packages_give_no_changes() -> None:
    document = _doc(Package(name="a", version="1"))
    result = diff_sboms(document, document)
    assert result is not None and result.changes == ()


def test_a_repeated_name_keeps_the_last_occurrence() -> None:
    old = _doc(Package(name="lib", version="1"), Package(name="lib", version="2"))
    new = _doc(Package(name="lib", version="2"))
    result = diff_sboms(old, new)
    assert result is not None and result.changes == ()


def test_empty_names_participate_and_empty_values_are_omitted_on_the_wire() -> None:
    result = diff_sboms(
        _doc(Package(name="", version="1", license="MIT")), _doc(Package(name="", version="1"))
    )
    assert result is not None
    assert sbom_diff_to_wire(result)["changes"] == [
        {"package": "", "type": "modified", "field": "license", "oldValue": "MIT"}
    ]


def test_packages_with_purls_match_by_purl_so_same_names_stay_apart() -> None:
    old = _doc(
        Package(name="yaml", version="0.2.5", purl="pkg:npm/yaml@0.2.5"),
        Package(name="yaml", version="6.0", purl="pkg:pypi/yaml@6.0"),
    )
    new = _doc(
        Package(name="yaml", version="0.2.6", purl="pkg:npm/yaml@0.2.6"),
        Package(name="yaml", version="6.0", purl="pkg:pypi/yaml@6.0"),
    )
    result = diff_sboms(old, new)
    assert result is not None
    assert sbom_diff_to_wire(result)["changes"] == [
        {
            "package": "yaml",
            "type": "modified",
            "field": "version",
            "oldValue": "0.2.5",
            "newValue": "0.2.6",
            "purl": "pkg:npm/yaml@0.2.6",
        },
    ]


def test_packages_without_purl_on_one_side_fall_back_to_the_name() -> None:
    old = _doc(Package(name="zlib", version="1.2", purl="pkg:deb/zlib@1.2"))
    new = _doc(Package(name="zlib", version="1.3"))
    result = diff_sboms(old, new)
    assert result is not None
    assert [(c.package, c.field, c.old_value, c.new_value) for c in result.changes] == [
        ("zlib", "version", "1.2", "1.3")
    ]


def test_purl_identity_drops_only_the_version() -> None:
    assert purl_identity("pkg:npm/%40scope/name@1.2.3") == "pkg:npm/%40scope/name"
    assert purl_identity("pkg:deb/debian/curl@7.50?arch=i386") == "pkg:deb/debian/curl?arch=i386"
    assert purl_identity("pkg:golang/x/y@v1#sub/dir") == "pkg:golang/x/y#sub/dir"
    assert purl_identity("pkg:generic/plain") == "pkg:generic/plain"
    assert purl_identity("") == ""
