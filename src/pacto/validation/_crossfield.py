"""Layer 2: cross-field reference validation (02-validation.md §5).

Every rule runs, in the order of §5.2, over arrays in index order, and findings accumulate.
Rules that need files are skipped silently when there is no bundle file system. Configuration
and policy rules run over the model's *effective* lists (01 §3.12), so legacy documents are
reported at the paths their authors wrote (``configuration.schema``, ``policy``...).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable

from pacto.contract import (
    Contract,
    DocumentError,
    InvalidReferenceError,
    LocationIndex,
    Range,
    SemverError,
    SourceLocation,
    load_yaml,
    loads_cleanly,
    parse_dependency_ref,
    parse_oci_reference,
    parse_version,
)
from pacto.validation._locate import Node, locate, path_tokens
from pacto.validation._result import ValidationResult
from pacto.validation._schema import SchemaEvaluationError, describe_leaf, load_user_schema

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

    from pacto.contract import BundleFS

__all__ = ["go_quote", "read_bundle_file", "validate_cross_field"]


def go_quote(text: str) -> str:
    """``"text"`` with JSON string escaping, the way upstream's ``%q`` shows values."""
    return json.dumps(text, ensure_ascii=False)


def read_bundle_file(bundle_fs: BundleFS, path: str) -> bytes | None:
    """The file's bytes, or ``None`` when it is missing or unreadable (reported elsewhere)."""
    try:
        return bundle_fs.read_bytes(path)
    except OSError:
        return None


@functools.lru_cache(maxsize=128)
def _yaml_problem(data: bytes, name: str) -> tuple[str, int | None, int | None] | None:
    """Why ``data`` is not loadable YAML (message, line, column), or ``None``. Cached by content,
    so a large OpenAPI file is parsed once per process, not once per validation."""
    if loads_cleanly(data):
        return None
    try:
        load_yaml(data, name=name, empty_ok=True)
    except DocumentError as exc:
        return str(exc), exc.line, exc.column
    return None


# Versions, ranges and configuration values recur across validations (the same contract is
# validated on every dashboard refresh or MCP call); their checks are pure functions of the text,
# so they are memoised.
@functools.lru_cache(maxsize=1024)
def _version_problem(version: str) -> str | None:
    try:
        parse_version(version)
    except SemverError as exc:
        return str(exc)
    return None


@functools.lru_cache(maxsize=1024)
def _range_problem(text: str) -> str | None:
    try:
        Range.parse(text)
    except SemverError as exc:
        return str(exc)
    return None


@functools.lru_cache(maxsize=256)
def _values_problems(schema_data: bytes, values_json: str) -> tuple[tuple[Node, str], ...]:
    """The leaf errors of the values against the (compilable) schema: (node, description),
    sorted by instance path then message."""
    leaves = load_user_schema(schema_data).leaf_errors(json.loads(values_json))
    leaves.sort(key=lambda leaf: ([str(token) for token in leaf.absolute_path], leaf.message))
    return tuple((tuple(leaf.absolute_path), describe_leaf(leaf)) for leaf in leaves)


def _is_yaml_file(path: str) -> bool:
    return path.lower().endswith((".yaml", ".yml"))


def validate_cross_field(
    contract: Contract, bundle_fs: BundleFS | None, *, locations: LocationIndex | None = None
) -> ValidationResult:
    """Layer 2 on a parsed contract. ``locations`` (an index over ``pacto.yaml``) gives the
    findings their line and column."""
    checker = _CrossField(contract, bundle_fs, locations)
    for rule in checker.rules():
        rule()
    return checker.result


class _CrossField:
    def __init__(
        self, contract: Contract, bundle_fs: BundleFS | None, locations: LocationIndex | None
    ) -> None:
        self.contract = contract
        self.fs = bundle_fs
        self.locations = locations
        self.result = ValidationResult()
        self.configurations = contract.effective_configurations()
        self.policies = contract.effective_policies()
        self._is_file: dict[str, bool] = {}
        self._content: dict[str, bytes | None] = {}

    def rules(self) -> list[Callable[[], None]]:
        return [
            self.service_version,
            self.interface_names_unique,
            self.configuration_names_unique,
            self.policy_names_unique,
            self.dependency_names_unique,
            self.interface_ports,
            self.interface_contracts,
            self.health_probe,
            self.metrics_probe,
            self.interface_files_exist,
            self.interface_file_content,
            self.configuration_files_exist,
            self.configuration_schema_content,
            self.configuration_refs,
            self.policy_fields,
            self.policy_schema_content,
            self.dependency_refs,
            self.image_ref,
            self.chart,
            self.configuration_values,
            self.scaling_range,
            self.job_scaling,
            self.state_invariant,
        ]

    # ------------------------------------------------------------------ reporting
    def error(
        self, path: str, code: str, message: str, location: SourceLocation | None = None
    ) -> None:
        self.result.add_error(path, code, message, location=location or self._at(path))

    def warning(self, path: str, code: str, message: str) -> None:
        self.result.add_warning(path, code, message, location=self._at(path))

    def _at(self, path: str | Node) -> SourceLocation | None:
        return locate(self.locations, path)

    # ------------------------------------------------------------------ rules 1-5
    def service_version(self) -> None:
        self._semver(self.contract.service.version, "service.version", "INVALID_SEMVER")

    def _semver(self, version: str, path: str, code: str) -> None:
        problem = _version_problem(version)
        if problem is not None:
            self.error(path, code, f"{go_quote(version)} is not valid semver: {problem}")

    def _unique(self, kind: str, entries: list[tuple[str, str]], code: str) -> None:
        """``entries`` = (name, path prefix); unnamed (legacy) entries are not compared."""
        seen: dict[str, str] = {}
        for name, prefix in entries:
            if not name and kind != "interface":
                continue
            if name in seen:
                self.error(
                    f"{prefix}.name",
                    code,
                    f"{kind} name {go_quote(name)} is already declared at {seen[name]}",
                )
            seen[name] = prefix

    def interface_names_unique(self) -> None:
        entries = [(i.name, f"interfaces[{n}]") for n, i in enumerate(self.contract.interfaces)]
        self._unique("interface", entries, "DUPLICATE_INTERFACE_NAME")

    def configuration_names_unique(self) -> None:
        entries = [(c.name, c.path_prefix) for c in self.configurations]
        self._unique("configuration", entries, "DUPLICATE_CONFIGURATION_NAME")

    def policy_names_unique(self) -> None:
        entries = [(p.name, p.path_prefix) for p in self.policies]
        self._unique("policy", entries, "DUPLICATE_POLICY_NAME")

    def dependency_names_unique(self) -> None:
        entries = [(d.name, f"dependencies[{n}]") for n, d in enumerate(self.contract.dependencies)]
        self._unique("dependency", entries, "DUPLICATE_DEPENDENCY_NAME")

    # ------------------------------------------------------------------ rules 6-9
    def interface_ports(self) -> None:
        for index, interface in enumerate(self.contract.interfaces):
            path = f"interfaces[{index}].port"
            if interface.type in ("http", "grpc") and interface.port is None:
                self.error(
                    path,
                    "PORT_REQUIRED",
                    f"port is required for {interface.type} interface {go_quote(interface.name)}",
                )
            elif interface.type == "event" and interface.port is not None:
                self.warning(
                    path,
                    "PORT_IGNORED",
                    f"port is not applicable for event interface {go_quote(interface.name)}",
                )

    def interface_contracts(self) -> None:
        for index, interface in enumerate(self.contract.interfaces):
            if interface.type in ("grpc", "event") and not interface.contract:
                self.error(
                    f"interfaces[{index}].contract",
                    "CONTRACT_REQUIRED",
                    f"contract is required for {interface.type} interface "
                    f"{go_quote(interface.name)}",
                )

    def health_probe(self) -> None:
        runtime = self.contract.runtime
        if runtime is not None and runtime.health is not None:
            self._probe("health", "HEALTH", runtime.health.interface, runtime.health.path)

    def metrics_probe(self) -> None:
        runtime = self.contract.runtime
        if runtime is not None and runtime.metrics is not None:
            self._probe("metrics", "METRICS", runtime.metrics.interface, runtime.metrics.path)

    def _probe(self, probe: str, code: str, name: str, path: str) -> None:
        """02 §5.3: the first interface with that name must exist and not be an event one; an
        http probe needs a path, a grpc probe ignores it."""
        interface = self.contract.interface(name)
        noun = "health checks require" if probe == "health" else "metrics require"
        if interface is None:
            self.error(
                f"runtime.{probe}.interface",
                f"{code}_INTERFACE_NOT_FOUND",
                f"{probe} interface {go_quote(name)} does not match any declared interface",
            )
        elif interface.type == "event":
            self.error(
                f"runtime.{probe}.interface",
                f"{code}_INTERFACE_INVALID",
                f"{probe} interface {go_quote(name)} is an event interface; {noun} http or grpc",
            )
        elif interface.type == "http" and not path:
            what = "health check path" if probe == "health" else "metrics path"
            self.error(
                f"runtime.{probe}.path",
                f"{code}_PATH_REQUIRED",
                f"{what} is required when the {probe} interface type is http",
            )
        elif interface.type == "grpc" and path:
            message = (
                "health check path is not used for grpc interfaces; gRPC uses the standard "
                "health protocol"
                if probe == "health"
                else "metrics path is not used for grpc interfaces"
            )
            self.warning(f"runtime.{probe}.path", f"{code}_PATH_IGNORED", message)

    # ------------------------------------------------------------------ rules 10-16 (files)
    def _exists(self, path: str) -> bool:
        # A directory is not a file: FILE_NOT_FOUND (beyond the reference, 02 §12 item 6).
        if self.fs is None:
            return False
        known = self._is_file.get(path)
        if known is None:
            known = self._is_file[path] = self.fs.is_file(path)
        return known

    def _read(self, path: str) -> bytes | None:
        """A file's bytes, read at most once per validation (several rules look at it)."""
        if self.fs is None or not self._exists(path):
            return None
        if path not in self._content:
            self._content[path] = read_bundle_file(self.fs, path)
        return self._content[path]

    def interface_files_exist(self) -> None:
        if self.fs is None:
            return
        for index, interface in enumerate(self.contract.interfaces):
            if interface.contract and not self._exists(interface.contract):
                self.error(
                    f"interfaces[{index}].contract",
                    "FILE_NOT_FOUND",
                    f"interface contract file {go_quote(interface.contract)} not found in bundle",
                )

    def interface_file_content(self) -> None:
        if self.fs is None:
            return
        for index, interface in enumerate(self.contract.interfaces):
            name = interface.contract
            data = self._read(name) if name and _is_yaml_file(name) else None
            if data is None:
                continue
            problem = _yaml_problem(data, name)
            if problem is None:
                continue
            message, line, column = problem
            location = SourceLocation(name, line, column or 1) if line is not None else None
            self.error(
                f"interfaces[{index}].contract",
                "INVALID_CONTRACT_FILE",
                f"interface contract file {go_quote(name)} is not valid YAML: {message}",
                location=location or SourceLocation(name, 1, 1),
            )

    def configuration_files_exist(self) -> None:
        if self.fs is None:
            return
        for config in self.configurations:
            if config.schema and not self._exists(config.schema):
                self.error(
                    f"{config.path_prefix}.schema",
                    "FILE_NOT_FOUND",
                    f"configuration schema file {go_quote(config.schema)} not found in bundle",
                )

    def configuration_schema_content(self) -> None:
        for config in self.configurations:
            if config.schema:
                self._schema_file(
                    config.schema,
                    f"{config.path_prefix}.schema",
                    "INVALID_CONFIG_JSON",
                    "INVALID_CONFIG_SCHEMA",
                )

    def _schema_file(self, name: str, path: str, json_code: str, schema_code: str) -> None:
        """02 §5.1 JSON-Schema-check; unreadable files are skipped (already reported)."""
        data = self._read(name)
        if data is None:
            return
        schema = load_user_schema(data)
        if schema.json_error:
            location = SourceLocation(name, schema.json_line or 1, schema.json_column or 1)
            self.error(
                path,
                json_code,
                f"file {go_quote(name)} is not valid JSON: {schema.json_error}",
                location=location,
            )
        elif schema.schema_error:
            # JSON is YAML, so the YAML location index can point into the schema file.
            node_location = LocationIndex(data, name).locate(schema.schema_error_node)
            self.error(
                path,
                schema_code,
                f"file {go_quote(name)} is not a valid JSON Schema: {schema.schema_error}",
                location=node_location or SourceLocation(name, 1, 1),
            )

    def _oci_check(self, ref: str, path: str, code: str) -> bool:
        """Local refs are not checked; an ``oci://`` ref's location must parse (01 §4.3)."""
        parsed = parse_dependency_ref(ref)
        if not parsed.is_oci():
            return True
        try:
            parse_oci_reference(parsed.location)
        except InvalidReferenceError as exc:
            self.error(path, code, str(exc))
            return False
        return True

    def configuration_refs(self) -> None:
        for config in self.configurations:
            if config.ref:
                self._oci_check(config.ref, f"{config.path_prefix}.ref", "INVALID_CONFIG_REF")

    def policy_fields(self) -> None:
        for policy in self.policies:
            prefix = policy.path_prefix
            if policy.schema and self.fs is not None and not self._exists(policy.schema):
                self.error(
                    f"{prefix}.schema",
                    "FILE_NOT_FOUND",
                    f"policy schema file {go_quote(policy.schema)} not found in bundle",
                )
            if policy.ref:
                self._oci_check(policy.ref, f"{prefix}.ref", "INVALID_POLICY_REF")
            if prefix == "policy" and not policy.schema and not policy.ref:
                self.error("policy", "POLICY_EMPTY", "policy must declare either schema or ref")

    def policy_schema_content(self) -> None:
        for policy in self.policies:
            if policy.schema:
                self._schema_file(
                    policy.schema,
                    f"{policy.path_prefix}.schema",
                    "INVALID_POLICY_JSON",
                    "INVALID_POLICY_SCHEMA",
                )

    # ------------------------------------------------------------------ rules 17-19 (refs)
    def dependency_refs(self) -> None:
        for index, dependency in enumerate(self.contract.dependencies):
            ref_path = f"dependencies[{index}].ref"
            parsed = parse_dependency_ref(dependency.ref)
            if parsed.is_oci():
                try:
                    reference = parse_oci_reference(parsed.location)
                except InvalidReferenceError as exc:
                    # An unusable ref stops this dependency's checks (02 §5.2 rule 17a).
                    self.error(ref_path, "INVALID_OCI_REF", str(exc))
                    continue
                if reference.tag and not reference.digest:
                    self.warning(
                        ref_path,
                        "TAG_NOT_DIGEST",
                        f"dependency {go_quote(dependency.ref)} uses a tag instead of a digest; "
                        "digest pinning is recommended",
                    )
            compatibility_path = f"dependencies[{index}].compatibility"
            if not dependency.compatibility:
                self.error(
                    compatibility_path,
                    "EMPTY_COMPATIBILITY",
                    "compatibility range must not be empty",
                )
                continue
            problem = _range_problem(dependency.compatibility)
            if problem is not None:
                self.error(
                    compatibility_path,
                    "INVALID_COMPATIBILITY",
                    f"invalid compatibility range {go_quote(dependency.compatibility)}: {problem}",
                )

    def image_ref(self) -> None:
        image = self.contract.service.image
        if image is None:
            return
        try:
            parse_oci_reference(image.ref)  # as written: no scheme handling (01 Q3)
        except InvalidReferenceError as exc:
            self.error("service.image.ref", "INVALID_IMAGE_REF", str(exc))

    def chart(self) -> None:
        chart = self.contract.service.chart
        if chart is None:
            return
        self._oci_check(chart.ref, "service.chart.ref", "INVALID_CHART_REF")
        self._semver(chart.version, "service.chart.version", "INVALID_CHART_VERSION")

    # ------------------------------------------------------------------ rules 20-23
    def configuration_values(self) -> None:
        for config in self.configurations:
            if not config.values:
                continue
            path = f"{config.path_prefix}.values"
            if not config.schema and not config.ref:
                self.error(
                    path,
                    "VALUES_WITHOUT_SCHEMA",
                    "configuration values require a configuration schema to validate against",
                )
                continue
            data = self._read(config.schema) if config.schema else None
            if data is None:
                continue  # ref entries are deferred; a missing schema is already reported
            if load_user_schema(data).is_usable:
                self._values_against(data, config.values, path)

    def _values_against(self, schema_data: bytes, values: dict[str, Any], path: str) -> None:
        try:
            values_json = json.dumps(values, allow_nan=False)
        except (TypeError, ValueError) as exc:
            self.error(
                path,
                "CONFIG_VALUES_VALIDATION_FAILED",
                f"configuration values cannot be represented as JSON: {exc}",
            )
            return
        try:
            problems = _values_problems(schema_data, values_json)
        except SchemaEvaluationError as exc:
            self.error(path, "CONFIG_VALUES_VALIDATION_FAILED", str(exc))
            return
        if not problems:
            return
        details = "; ".join(description for _, description in problems)
        self.error(
            path,
            "CONFIG_VALUES_VALIDATION_FAILED",
            f"configuration values do not match schema: {details}",
            location=self._at((*path_tokens(path), *problems[0][0])),
        )

    def scaling_range(self) -> None:
        scaling = self.contract.scaling
        if scaling is not None and scaling.min > scaling.max:
            self.error(
                "scaling",
                "SCALING_MIN_EXCEEDS_MAX",
                f"scaling min ({scaling.min}) must not exceed max ({scaling.max})",
            )

    def job_scaling(self) -> None:
        runtime = self.contract.runtime
        if runtime is not None and runtime.workload == "job" and self.contract.scaling is not None:
            self.error(
                "scaling", "JOB_SCALING_NOT_ALLOWED", "scaling must not be applied to job workloads"
            )

    def state_invariant(self) -> None:
        runtime = self.contract.runtime
        if (
            runtime is not None
            and runtime.state.type == "stateless"
            and runtime.state.persistence.durability == "persistent"
        ):
            self.error(
                "runtime.state.persistence.durability",
                "STATELESS_PERSISTENT_CONFLICT",
                "stateless services must use ephemeral durability; persistent durability "
                "requires stateful or hybrid",
            )
