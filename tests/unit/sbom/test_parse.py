"""SPDX 2.3 and CycloneDX 1.5 JSON parsing (04-sbom.md §4)."""

from __future__ import annotations

import json
from collections.abc import Callable

import pytest

from pacto.sbom import Document, Package, SbomError, SbomFormat, parse_cyclonedx, parse_spdx


def test_spdx_packages_with_supplier_prefix_stripped_and_purl() -> None:
    document = parse_spdx(
        json.dumps(
            {
                "spdxVersion": "SPDX-2.3",
                "packages": [
                    {
                        "name": "openssl",
                        "versionInfo": "3.0.13",
                        "licenseConcluded": "Apache-2.0",
                        "supplier": "Organization: OpenSSL Project",
                        "externalRefs": [
                            {
                                "referenceCategory": "PACKAGE-MANAGER",
                                "referenceType": "purl",
                                "referenceLocator": "pkg:deb/debian/openssl@3.0.13",
                            }
                        ],
                    },
                    {"name": "zlib", "versionInfo": "1.3", "supplier": "NOASSERTION"},
                    {"name": "jane", "supplier": "Person: Jane Doe: Esq."},
                ],
            }
        ).encode(),
        path="sbom/x.spdx.json",
    )
    assert document.format is SbomFormat.SPDX
    assert document.source == "sbom/x.spdx.json"
    assert document.packages == (
        Package(
            name="openssl",
            version="3.0.13",
            license="Apache-2.0",
            supplier="OpenSSL Project",
            purl="pkg:deb/debian/openssl@3.0.13",
        ),
        Package(name="zlib", version="1.3", supplier="NOASSERTION"),
        Package(name="jane", supplier="Jane Doe: Esq."),
    )


def test_spdx_without_packages_is_empty() -> None:
    assert parse_spdx(b'{"spdxVersion": "SPDX-2.3"}').packages == ()


def test_cyclonedx_top_level_components_and_license_flattening() -> None:
    document = parse_cyclonedx(
        json.dumps(
            {
                "bomFormat": "CycloneDX",
                "metadata": {"component": {"name": "app"}},
                "components": [
                    {
                        "name": "a",
                        "version": "1",
                        "group": "org",
                        "licenses": [
                            {"license": {"id": "Apache-2.0"}},
                            {"license": {"name": "Custom License"}},
                        ],
                        "supplier": {"name": "Acme"},
                        "purl": "pkg:maven/org/a@1",
                        "components": [{"name": "nested"}],
                    },
                    {"name": "b", "licenses": [{"expression": "MIT OR Apache-2.0"}]},
                    {"name": "c", "licenses": [{}]},
                ],
            }
        ).encode()
    )
    assert document.format is SbomFormat.CYCLONEDX
    assert document.packages == (
        Package(
            name="a",
            version="1",
            license="Apache-2.0 AND Custom License",
            supplier="Acme",
            purl="pkg:maven/org/a@1",
        ),
        Package(name="b", license="MIT OR Apache-2.0"),
        Package(name="c"),
    )


@pytest.mark.parametrize(
    ("parser", "data", "message"),
    [
        (parse_spdx, b"{invalid}", "parsing SPDX JSON: "),
        (parse_cyclonedx, b"[1, 2]", "parsing CycloneDX JSON: expected a JSON object"),
        (parse_spdx, b'{"packages": {"name": "x"}}', "packages must be an array, found an object"),
        (parse_spdx, b'{"packages": [{"name": 5}]}', "packages[0].name must be a string"),
        (parse_cyclonedx, b'{"components": ["x"]}', "components[0] must be an object"),
        (
            parse_cyclonedx,
            b'{"components": [{"supplier": "Acme"}]}',
            "components[0].supplier must be an object",
        ),
        (
            parse_cyclonedx,
            b'{"components": [{"licenses": [5]}]}',
            "components[0].licenses[0] must be an object",
        ),
        (parse_spdx, b"\xff\xfe", "parsing SPDX JSON: "),
    ],
)
def test_malformed_documents_raise_sbom_error(
    parser: Callable[[bytes], Document], data: bytes, message: str
) -> None:
    with pytest.raises(SbomError) as caught:
        parser(data)
    assert message in str(caught.value)
