"""Layer 2: every cross-field rule of 02-validation.md §5, in order, with legacy paths.

Defensive rules (those a passing layer 1 makes unreachable) are exercised by calling
``validate_cross_field`` directly on contracts that parse but are structurally invalid.
"""

from __future__ import annotations

from typing import Any

import pytest

from pacto.validation import validate_cross_field
from tests.unit.validation.helpers import base, check, contract_of, files, pairs

E = list[tuple[str, str]]


def cross(document: Any, fs: dict[str, str] | None = None) -> Any:
    return validate_cross_field(contract_of(document), files(fs))


def _interfaces(*interfaces: dict[str, Any]) -> dict[str, Any]:
    document = base()
    document["interfaces"] = list(interfaces)
    del document["runtime"]["health"]
    return document


# ------------------------------------------------------------------ rules 1-5


@pytest.mark.parametrize("version", ["banana", "1.2.3.4", "V1.0.0", "1.0.0-01", "latest"])
def test_service_version_must_be_semver(version: str) -> None:
    document = base()
    document["service"]["version"] = version
    result = cross(document)
    assert pairs(result.errors) == [("INVALID_SEMVER", "service.version")]
    assert result.errors[0].message.startswith(f'"{version}" is not valid semver: ')


@pytest.mark.parametrize("version", ["1", "1.2", "v1.2", "02.1.0", "1.0.0-rc.1+build.5"])
def test_loose_service_versions_are_accepted(version: str) -> None:
    document = base()
    document["service"]["version"] = version
    assert cross(document).errors == []


def test_duplicate_interface_names_are_reported_on_each_later_entry() -> None:
    document = _interfaces(
        {"name": "a", "type": "http", "port": 1},
        {"name": "a", "type": "http", "port": 2},
        {"name": "b", "type": "http", "port": 3},
        {"name": "a", "type": "http", "port": 4},
    )
    result = cross(document)
    assert pairs(result.errors) == [
        ("DUPLICATE_INTERFACE_NAME", "interfaces[1].name"),
        ("DUPLICATE_INTERFACE_NAME", "interfaces[3].name"),
    ]
    assert result.errors[1].message == 'interface name "a" is already declared at interfaces[1]'


def test_duplicate_configuration_policy_and_dependency_names() -> None:
    document = base()
    document["configurations"] = [{"name": "c", "ref": "../x"}, {"name": "c", "ref": "../y"}]
    document["policies"] = [{"name": "p", "ref": "../x"}, {"name": "p", "ref": "../y"}]
    document["dependencies"] = [
        {"name": "d", "ref": "../x", "compatibility": "^1"},
        {"name": "d", "ref": "../y", "compatibility": "^1"},
    ]
    assert pairs(cross(document).errors) == [
        ("DUPLICATE_CONFIGURATION_NAME", "configurations[1].name"),
        ("DUPLICATE_POLICY_NAME", "policies[1].name"),
        ("DUPLICATE_DEPENDENCY_NAME", "dependencies[1].name"),
    ]


def test_unnamed_legacy_entries_are_not_compared() -> None:
    document = base()
    document["policies"] = [{"ref": "../x"}, {"ref": "../y"}]
    document["dependencies"] = [
        {"ref": "../x", "compatibility": "^1"},
        {"ref": "../y", "compatibility": "^1"},
    ]
    assert cross(document).errors == []


def test_duplicate_names_inside_legacy_configs_use_legacy_paths() -> None:
    document = base()
    document["configuration"] = {
        "configs": [{"name": "a", "ref": "../x"}, {"name": "a", "ref": "../y"}]
    }
    result = cross(document)
    assert pairs(result.errors) == [
        ("DUPLICATE_CONFIGURATION_NAME", "configuration.configs[1].name")
    ]
    assert result.errors[0].message.endswith("already declared at configuration.configs[0]")


# ------------------------------------------------------------------ rules 6-9


def test_port_required_for_http_and_grpc_is_defensive() -> None:
    document = _interfaces(
        {"name": "h", "type": "http"}, {"name": "g", "type": "grpc", "contract": "g.proto"}
    )
    assert pairs(cross(document).errors) == [
        ("PORT_REQUIRED", "interfaces[0].port"),
        ("PORT_REQUIRED", "interfaces[1].port"),
    ]


def test_event_port_is_ignored_with_a_warning() -> None:
    document = _interfaces({"name": "e", "type": "event", "contract": "e.json", "port": 9000})
    result = cross(document)
    assert result.errors == []
    assert pairs(result.warnings) == [("PORT_IGNORED", "interfaces[0].port")]


def test_contract_required_for_grpc_and_event_is_defensive() -> None:
    document = _interfaces({"name": "g", "type": "grpc", "port": 1}, {"name": "e", "type": "event"})
    assert pairs(cross(document).errors) == [
        ("CONTRACT_REQUIRED", "interfaces[0].contract"),
        ("CONTRACT_REQUIRED", "interfaces[1].contract"),
    ]


def test_event_interface_without_port_is_valid() -> None:
    document = _interfaces({"name": "e", "type": "event", "contract": "e.yaml"})
    assert check(document).is_valid()


PROBE_INTERFACES: list[dict[str, Any]] = [
    {"name": "web", "type": "http", "port": 8080},
    {"name": "admin", "type": "grpc", "port": 9000, "contract": "a.proto"},
    {"name": "events", "type": "event", "contract": "e.yaml"},
]


@pytest.mark.parametrize("probe", ["health", "metrics"])
@pytest.mark.parametrize(
    ("target", "path", "errors", "warnings"),
    [
        ("nope", "/x", [("{K}_INTERFACE_NOT_FOUND", "runtime.{p}.interface")], []),
        ("", "/x", [("{K}_INTERFACE_NOT_FOUND", "runtime.{p}.interface")], []),
        ("events", "/x", [("{K}_INTERFACE_INVALID", "runtime.{p}.interface")], []),
        ("web", "", [("{K}_PATH_REQUIRED", "runtime.{p}.path")], []),
        ("web", "/x", [], []),
        ("admin", "/x", [], [("{K}_PATH_IGNORED", "runtime.{p}.path")]),
        ("admin", "", [], []),
    ],
    ids=[
        "not-found",
        "empty-name",
        "event",
        "http-without-path",
        "http-ok",
        "grpc-with-path",
        "grpc-without-path",
    ],
)
def test_probe_rules(probe: str, target: str, path: str, errors: E, warnings: E) -> None:
    document = _interfaces(*PROBE_INTERFACES)
    document["runtime"][probe] = {"interface": target, "path": path}
    key = probe.upper()

    def expand(items: E) -> E:
        return [(c.format(K=key), p.format(p=probe)) for c, p in items]

    result = cross(document)
    assert pairs(result.errors) == expand(errors)
    assert pairs(result.warnings) == expand(warnings)


def test_probe_matches_the_first_interface_with_that_name() -> None:
    document = _interfaces(
        {"name": "x", "type": "grpc", "port": 1, "contract": "a.proto"},
        {"name": "x", "type": "event", "contract": "e.yaml"},
    )
    document["runtime"]["health"] = {"interface": "x"}
    assert [c for c, _ in pairs(cross(document).errors)] == ["DUPLICATE_INTERFACE_NAME"]


# ------------------------------------------------------------------ rules 10-16 (files)


def test_missing_interface_file_and_invalid_rooted_paths_are_not_found() -> None:
    document = _interfaces(
        {"name": "a", "type": "http", "port": 1, "contract": "interfaces/openapi.yaml"},
        {"name": "b", "type": "http", "port": 2, "contract": "./interfaces/openapi.yaml"},
        {"name": "c", "type": "http", "port": 3, "contract": "/interfaces/openapi.yaml"},
        {"name": "d", "type": "http", "port": 4, "contract": "../openapi.yaml"},
        {"name": "e", "type": "http", "port": 5, "contract": "missing.yaml"},
    )
    result = cross(document, {"interfaces/openapi.yaml": "openapi: 3.1.0\n"})
    assert pairs(result.errors) == [
        ("FILE_NOT_FOUND", f"interfaces[{i}].contract") for i in (1, 2, 3, 4)
    ]
    assert result.errors[0].message == (
        'interface contract file "./interfaces/openapi.yaml" not found in bundle'
    )


def test_a_directory_is_not_a_file(tmp_path: Any) -> None:
    """Beyond the reference (02 §12 item 6, 01 §2.3): a directory is FILE_NOT_FOUND."""
    from pacto.contract import DirectoryFS

    (tmp_path / "interfaces").mkdir()
    document = _interfaces({"name": "a", "type": "http", "port": 1, "contract": "interfaces"})
    result = validate_cross_field(contract_of(document), DirectoryFS(tmp_path))
    assert pairs(result.errors) == [("FILE_NOT_FOUND", "interfaces[0].contract")]


def test_file_checks_are_skipped_without_a_file_system() -> None:
    document = _interfaces({"name": "a", "type": "http", "port": 1, "contract": "missing.yaml"})
    document["configurations"] = [{"name": "c", "schema": "missing.json", "values": {"A": 1}}]
    document["policies"] = [{"name": "p", "schema": "missing.json"}]
    assert cross(document).errors == []


@pytest.mark.parametrize("name", ["api.yaml", "api.YML", "api.Yaml"])
def test_yaml_interface_files_must_parse(name: str) -> None:
    document = _interfaces({"name": "a", "type": "http", "port": 1, "contract": name})
    result = cross(document, {name: "openapi: 3.1.0\npaths: {a: [b\n"})
    assert pairs(result.errors) == [("INVALID_CONTRACT_FILE", "interfaces[0].contract")]
    assert result.errors[0].message.startswith(
        f'interface contract file "{name}" is not valid YAML: '
    )


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("api.json", "{not json"),
        ("svc.proto", "a: [b"),
        ("api.yaml", ""),
        ("api.yaml", "a: 1\n---\nb: ["),
    ],
    ids=["json-not-checked", "proto-not-checked", "empty-yaml", "only-first-document"],
)
def test_other_interface_files_are_not_content_checked(name: str, content: str) -> None:
    document = _interfaces({"name": "a", "type": "http", "port": 1, "contract": name})
    assert cross(document, {name: content}).errors == []


def test_configuration_schema_rules() -> None:
    document = base()
    document["configurations"] = [
        {"name": "missing", "schema": "missing.json"},
        {"name": "text", "schema": "text.json"},
        {"name": "bad", "schema": "bad.json"},
        {"name": "ok", "schema": "ok.json"},
    ]
    fs = {
        "text.json": "not valid json",
        "bad.json": '{"$ref": "nonexistent://bad"}',
        "ok.json": '{"type": "object"}',
    }
    assert pairs(cross(document, fs).errors) == [
        ("FILE_NOT_FOUND", "configurations[0].schema"),
        ("INVALID_CONFIG_JSON", "configurations[1].schema"),
        ("INVALID_CONFIG_SCHEMA", "configurations[2].schema"),
    ]


@pytest.mark.parametrize(
    ("ref", "errors"),
    [
        ("oci://invalid", [("INVALID_CONFIG_REF", "configurations[0].ref")]),
        ("oci://ghcr.io/acme/config", []),
        ("../local-config", []),
        ("ghcr.io", []),
    ],
)
def test_configuration_refs_are_checked_only_when_oci(ref: str, errors: E) -> None:
    document = base()
    document["configurations"] = [{"name": "c", "ref": ref}]
    assert pairs(cross(document).errors) == errors


def test_policy_rules_in_entry_order() -> None:
    document = base()
    document["policies"] = [
        {"name": "missing", "schema": "missing.json"},
        {"name": "bad-ref", "ref": "oci://nope"},
        {"name": "text", "schema": "text.json"},
        {"name": "bad", "schema": "bad.json"},
        {"name": "local", "ref": "../rules"},
    ]
    fs = {"text.json": "{", "bad.json": '{"type": 12}'}
    assert pairs(cross(document, fs).errors) == [
        ("FILE_NOT_FOUND", "policies[0].schema"),
        ("INVALID_POLICY_REF", "policies[1].ref"),
        ("INVALID_POLICY_JSON", "policies[2].schema"),
        ("INVALID_POLICY_SCHEMA", "policies[3].schema"),
    ]


def test_legacy_policy_without_schema_or_ref_is_policy_empty() -> None:
    document = base()
    document["policy"] = {}
    assert pairs(cross(document).errors) == [("POLICY_EMPTY", "policy")]


def test_legacy_configuration_and_policy_report_legacy_paths() -> None:
    document = base()
    document["configuration"] = {"schema": "configuration/schema.json", "values": {"A": "x"}}
    document["policy"] = {"ref": "oci://invalid"}
    assert pairs(cross(document, {}).errors) == [
        ("FILE_NOT_FOUND", "configuration.schema"),
        ("INVALID_POLICY_REF", "policy.ref"),
    ]


# ------------------------------------------------------------------ rules 17-19 (refs)


@pytest.mark.parametrize(
    ("ref", "compatibility", "errors", "warnings"),
    [
        ("oci://invalid", "^1", [("INVALID_OCI_REF", "dependencies[0].ref")], []),
        ("oci://invalid", "not-a-range", [("INVALID_OCI_REF", "dependencies[0].ref")], []),
        ("oci://ghcr.io/acme/svc", "^1.0.0", [], []),
        ("oci://ghcr.io/acme/svc:1.0.0", "^1.0.0", [], [("TAG_NOT_DIGEST", "dependencies[0].ref")]),
        ("oci://ghcr.io/acme/svc@sha256:abc123", "^1.0.0", [], []),
        ("oci://ghcr.io/acme/svc:1.0@sha256:abc", "^1.0.0", [], []),
        ("oci://localhost:5000/team/svc", "^1", [], []),
        ("ghcr.io/acme/svc:1.0.0", "^1", [], []),
        ("file://../svc", "^1", [], []),
        ("../svc", "not-a-range", [("INVALID_COMPATIBILITY", "dependencies[0].compatibility")], []),
        ("../svc", " ", [("INVALID_COMPATIBILITY", "dependencies[0].compatibility")], []),
        ("../svc", "", [("EMPTY_COMPATIBILITY", "dependencies[0].compatibility")], []),
        ("../svc", ">=1.2.0, <2.0.0", [], []),
    ],
    ids=[
        "invalid-oci",
        "invalid-oci-stops-compat",
        "tagless",
        "tag",
        "digest",
        "tag-and-digest",
        "host-port",
        "no-scheme-is-local",
        "file-url",
        "bad-range",
        "blank-range",
        "empty-range",
        "and-range",
    ],
)
def test_dependency_rules(ref: str, compatibility: str, errors: E, warnings: E) -> None:
    document = base()
    document["dependencies"] = [{"name": "d", "ref": ref, "compatibility": compatibility}]
    result = cross(document)
    assert pairs(result.errors) == errors
    assert pairs(result.warnings) == warnings


def test_invalid_compatibility_message_names_the_range() -> None:
    document = base()
    document["dependencies"] = [{"name": "d", "ref": "../d", "compatibility": "not-a-range"}]
    message = cross(document).errors[0].message
    assert message.startswith('invalid compatibility range "not-a-range": invalid semver range')


@pytest.mark.parametrize(
    ("image", "errors"),
    [
        ("invalid", [("INVALID_IMAGE_REF", "service.image.ref")]),
        ("nginx:1.25", [("INVALID_IMAGE_REF", "service.image.ref")]),
        (
            "oci://ghcr.io/acme/a:1",
            [],
        ),  # parsed as written: registry "oci:", repository "/ghcr.io..."
        ("ghcr.io/acme/billing:1.4.0", []),
    ],
)
def test_image_ref_is_parsed_without_scheme_handling(image: str, errors: E) -> None:
    document = base()
    document["service"]["image"] = {"ref": image}
    assert pairs(cross(document).errors) == errors


@pytest.mark.parametrize(
    ("chart", "errors"),
    [
        (
            {"ref": "oci://invalid", "version": "1.0.0"},
            [("INVALID_CHART_REF", "service.chart.ref")],
        ),
        ({"ref": "./charts/svc", "version": "1.0.0"}, []),
        (
            {"ref": "oci://ghcr.io/acme/charts/svc", "version": "not-semver"},
            [("INVALID_CHART_VERSION", "service.chart.version")],
        ),
        (
            {"ref": "oci://invalid", "version": "x"},
            [
                ("INVALID_CHART_REF", "service.chart.ref"),
                ("INVALID_CHART_VERSION", "service.chart.version"),
            ],
        ),
    ],
    ids=["bad-oci", "local", "bad-version", "both"],
)
def test_chart_rules(chart: dict[str, str], errors: E) -> None:
    document = base()
    document["service"]["chart"] = chart
    assert pairs(cross(document).errors) == errors


# ------------------------------------------------------------------ rules 20-23


def test_values_without_schema_or_ref_is_defensive() -> None:
    document = base()
    document["configurations"] = [{"name": "c", "values": {"A": 1}}]
    assert pairs(cross(document).errors) == [("VALUES_WITHOUT_SCHEMA", "configurations[0].values")]


def test_values_are_validated_against_their_schema() -> None:
    document = base()
    document["configurations"] = [
        {"name": "ok", "schema": "c.json", "values": {"PORT": 80}},
        {"name": "bad", "schema": "c.json", "values": {"PORT": "x", "EXTRA": 1}},
        {"name": "empty", "schema": "c.json", "values": {}},
        {"name": "deferred", "ref": "oci://r.io/cfg"},
    ]
    schema = (
        '{"type":"object","properties":{"PORT":{"type":"integer"}},"additionalProperties":false}'
    )
    result = cross(document, {"c.json": schema})
    assert pairs(result.errors) == [("CONFIG_VALUES_VALIDATION_FAILED", "configurations[1].values")]
    assert result.errors[0].message == (
        "configuration values do not match schema: "
        "Additional properties are not allowed ('EXTRA' was unexpected); "
        "at '/PORT': 'x' is not of type 'integer'"
    )


@pytest.mark.parametrize(
    ("schema", "code"), [("nope", "INVALID_CONFIG_JSON"), ('{"type": 1}', "INVALID_CONFIG_SCHEMA")]
)
def test_values_are_not_checked_against_an_unusable_schema(schema: str, code: str) -> None:
    document = base()
    document["configurations"] = [{"name": "c", "schema": "c.json", "values": {"A": 1}}]
    assert [c for c, _ in pairs(cross(document, {"c.json": schema}).errors)] == [code]


def test_values_are_not_checked_without_a_file_system_or_a_file() -> None:
    document = base()
    document["configurations"] = [{"name": "c", "schema": "c.json", "values": {"A": 1}}]
    assert cross(document).errors == []
    assert pairs(cross(document, {}).errors) == [("FILE_NOT_FOUND", "configurations[0].schema")]


@pytest.mark.parametrize(
    ("scaling", "errors"),
    [
        ({"min": 5, "max": 2}, [("SCALING_MIN_EXCEEDS_MAX", "scaling")]),
        ({"min": 2, "max": 2}, []),
        ({"replicas": 3}, []),
        ({"replicas": 0}, []),
    ],
)
def test_scaling_range(scaling: dict[str, int], errors: E) -> None:
    document = base()
    document["scaling"] = scaling
    assert pairs(cross(document).errors) == errors


@pytest.mark.parametrize(
    ("workload", "errors"),
    [("job", [("JOB_SCALING_NOT_ALLOWED", "scaling")]), ("scheduled", []), ("service", [])],
)
def test_jobs_cannot_scale(workload: str, errors: E) -> None:
    document = base()
    document["runtime"]["workload"] = workload
    document["scaling"] = {"replicas": 1}
    assert pairs(cross(document).errors) == errors


def test_stateless_persistent_conflict_is_defensive() -> None:
    document = base()
    document["runtime"]["state"]["persistence"]["durability"] = "persistent"
    assert pairs(cross(document).errors) == [
        ("STATELESS_PERSISTENT_CONFLICT", "runtime.state.persistence.durability")
    ]
    document["runtime"]["state"]["type"] = "hybrid"
    assert cross(document).errors == []


def test_rules_run_in_specified_order_and_all_findings_accumulate() -> None:
    document = base()
    document["service"]["version"] = "x"
    document["service"]["image"] = {"ref": "bad"}
    document["interfaces"].append({"name": "api", "type": "http", "port": 1})
    document["runtime"]["health"]["interface"] = "nope"
    document["dependencies"] = [{"name": "d", "ref": "../d", "compatibility": "bad range"}]
    document["scaling"] = {"min": 3, "max": 1}
    assert [c for c, _ in pairs(cross(document).errors)] == [
        "INVALID_SEMVER",
        "DUPLICATE_INTERFACE_NAME",
        "HEALTH_INTERFACE_NOT_FOUND",
        "INVALID_COMPATIBILITY",
        "INVALID_IMAGE_REF",
        "SCALING_MIN_EXCEEDS_MAX",
    ]


def test_cross_field_errors_stop_the_pipeline_before_layer_3() -> None:
    document = base()
    document["service"]["version"] = "x"
    document["runtime"]["lifecycle"] = {"upgradeStrategy": "ordered"}
    result = check(document)
    assert pairs(result.errors) == [("INVALID_SEMVER", "service.version")]
    assert result.warnings == []
