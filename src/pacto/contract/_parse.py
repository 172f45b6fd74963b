"""Strict decoding of ``pacto.yaml`` into the model (01-contract.md §6).

Mirrors the reference's strict YAML decoding: unknown keys, duplicate keys and hard type
mismatches fail with ``failed to parse YAML: line N: ...``; any scalar decodes into a string
field (``version: 1.10`` keeps its digits); YAML 1.1 boolean words decode into boolean fields;
``null`` means absent. Only the three identity fields are checked for presence. Everything else
is the validator's job.
"""

from __future__ import annotations

from collections.abc import Callable

from pacto.contract._model import (
    Chart,
    ConfigurationSource,
    Contract,
    Dependency,
    Health,
    Image,
    Interface,
    LegacyConfiguration,
    LegacyPolicy,
    Lifecycle,
    Metrics,
    Owner,
    OwnerContact,
    OwnerInfo,
    Persistence,
    PolicySource,
    Runtime,
    Scaling,
    ServiceIdentity,
    State,
)
from pacto.contract._yaml import LocationIndex, YamlFloat, YamlInt, load_yaml
from pacto.contract.errors import DocumentError, ParseError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any, TypeVar

    T = TypeVar("T")

__all__ = ["load_contract_document", "parse", "parse_document"]

Path = tuple[str | int, ...]

_YAML11_TRUE = {"y", "Y", "yes", "Yes", "YES", "on", "On", "ON"}
_YAML11_FALSE = {"n", "N", "no", "No", "NO", "off", "Off", "OFF"}


def load_contract_document(data: bytes | str) -> Any:
    """Load ``pacto.yaml`` text into a generic document; raises :class:`ParseError`."""
    try:
        return load_yaml(data, name="pacto.yaml")
    except DocumentError as exc:
        raise ParseError(f"failed to parse YAML: {exc}", line=exc.line, column=exc.column) from exc


def parse(data: bytes | str) -> Contract:
    """Parse ``pacto.yaml`` bytes into a :class:`Contract`; raises :class:`ParseError`."""
    document = load_contract_document(data)
    return parse_document(document, LocationIndex(data, "pacto.yaml"))


def parse_document(document: Any, locations: LocationIndex | None = None) -> Contract:
    """Decode an already loaded document (see :func:`load_contract_document`)."""
    return _Decoder(locations).contract(document)


def _kind(value: Any) -> str:
    if isinstance(value, dict):
        return "!!map"
    if isinstance(value, list):
        return "!!seq"
    if isinstance(value, bool):
        return "!!bool"
    if isinstance(value, int):
        return "!!int"
    if isinstance(value, float):
        return "!!float"
    return "!!str"


def _scalar_text(value: Any) -> str:
    if isinstance(value, YamlInt | YamlFloat):
        return value.source
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


class _Decoder:
    def __init__(self, locations: LocationIndex | None) -> None:
        self.locations = locations

    # ------------------------------------------------------------------ errors
    def fail(self, path: Path, message: str) -> ParseError:
        location = self.locations.locate(path) if self.locations else None
        if location is None:
            return ParseError(f"failed to parse YAML: {message}")
        return ParseError(
            f"failed to parse YAML: line {location.line}: {message}",
            line=location.line,
            column=location.column,
        )

    # ----------------------------------------------------------------- scalars
    def string(self, value: Any, path: Path) -> str:
        if value is None:
            return ""
        if isinstance(value, str):
            return value
        if isinstance(value, dict | list):
            raise self.fail(path, f"cannot unmarshal {_kind(value)} into string")
        return _scalar_text(value)

    def integer(self, value: Any, path: Path) -> int | None:
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            shown = _scalar_text(value) if not isinstance(value, dict | list) else ""
            raise self.fail(
                path, f"cannot unmarshal {_kind(value)} `{shown}` into int".replace(" ``", "")
            )
        if isinstance(value, float):
            if not value.is_integer():
                raise self.fail(path, f"cannot unmarshal !!float `{_scalar_text(value)}` into int")
            return int(value)
        return int(value)

    def boolean(self, value: Any, path: Path) -> bool:
        if value is None:
            return False
        if isinstance(value, bool):
            return value
        if isinstance(value, str):
            if value in _YAML11_TRUE:
                return True
            if value in _YAML11_FALSE:
                return False
        shown = _scalar_text(value) if not isinstance(value, dict | list) else ""
        raise self.fail(
            path, f"cannot unmarshal {_kind(value)} `{shown}` into bool".replace(" ``", "")
        )

    # --------------------------------------------------------------- containers
    def mapping(
        self, value: Any, path: Path, type_name: str, allowed: frozenset[str]
    ) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail(path, f"cannot unmarshal {_kind(value)} into {type_name}")
        for key in value:
            if key not in allowed:
                raise self.fail((*path, key), f"field {key} not found in type {type_name}")
        return value

    def sequence(self, value: Any, path: Path, item: Callable[[Any, Path], T]) -> tuple[T, ...]:
        if value is None:
            return ()
        if not isinstance(value, list):
            raise self.fail(path, f"cannot unmarshal {_kind(value)} into []")
        return tuple(item(element, (*path, index)) for index, element in enumerate(value))

    def free(self, value: Any, path: Path, type_name: str) -> dict[str, Any] | None:
        if value is None:
            return None
        if not isinstance(value, dict):
            raise self.fail(path, f"cannot unmarshal {_kind(value)} into {type_name}")
        return value

    # ------------------------------------------------------------------ model
    def contract(self, document: Any) -> Contract:
        if document is None:
            raise ParseError("failed to parse YAML: EOF")
        root = self.mapping(document, (), "contract.Contract", _ROOT_KEYS)
        assert root is not None
        pacto_version = self.string(root.get("pactoVersion"), ("pactoVersion",))
        service = self.service(root.get("service"), ("service",))
        contract = Contract(
            pacto_version=pacto_version,
            service=service,
            interfaces=self.sequence(root.get("interfaces"), ("interfaces",), self.interface),
            configurations=self.sequence(
                root.get("configurations"), ("configurations",), self.configuration_source
            ),
            policies=self.sequence(root.get("policies"), ("policies",), self.policy_source),
            dependencies=self.sequence(
                root.get("dependencies"), ("dependencies",), self.dependency
            ),
            runtime=self.runtime(root.get("runtime"), ("runtime",)),
            scaling=self.scaling(root.get("scaling"), ("scaling",)),
            metadata=self.free(root.get("metadata"), ("metadata",), "map[string]interface {}"),
            configuration=self.legacy_configuration(root.get("configuration"), ("configuration",)),
            policy=self.legacy_policy(root.get("policy"), ("policy",)),
        )
        if not contract.pacto_version:
            raise ParseError("pactoVersion is required", path="pactoVersion")
        if not contract.service.name:
            raise ParseError("service.name is required", path="service.name")
        if not contract.service.version:
            raise ParseError("service.version is required", path="service.version")
        return contract

    def service(self, value: Any, path: Path) -> ServiceIdentity:
        data = self.mapping(value, path, "contract.ServiceIdentity", _SERVICE_KEYS) or {}
        image = self.mapping(data.get("image"), (*path, "image"), "contract.Image", _IMAGE_KEYS)
        chart = self.mapping(data.get("chart"), (*path, "chart"), "contract.Chart", _CHART_KEYS)
        return ServiceIdentity(
            name=self.string(data.get("name"), (*path, "name")),
            version=self.string(data.get("version"), (*path, "version")),
            owner=self.owner(data.get("owner"), (*path, "owner")),
            image=None
            if image is None
            else Image(
                ref=self.string(image.get("ref"), (*path, "image", "ref")),
                private=self.boolean(image.get("private"), (*path, "image", "private")),
            ),
            chart=None
            if chart is None
            else Chart(
                ref=self.string(chart.get("ref"), (*path, "chart", "ref")),
                version=self.string(chart.get("version"), (*path, "chart", "version")),
            ),
        )

    def owner(self, value: Any, path: Path) -> Owner:
        if value is None:
            return Owner()
        if not isinstance(value, dict):
            return Owner(text=self.string(value, path))
        data = self.mapping(value, path, "contract.OwnerInfo", _OWNER_KEYS) or {}
        return Owner(
            info=OwnerInfo(
                team=self.string(data.get("team"), (*path, "team")),
                dri=self.string(data.get("dri"), (*path, "dri")),
                contacts=self.sequence(data.get("contacts"), (*path, "contacts"), self.contact),
            )
        )

    def contact(self, value: Any, path: Path) -> OwnerContact:
        data = self.mapping(value, path, "contract.OwnerContact", _CONTACT_KEYS) or {}
        return OwnerContact(
            type=self.string(data.get("type"), (*path, "type")),
            value=self.string(data.get("value"), (*path, "value")),
            purpose=self.string(data.get("purpose"), (*path, "purpose")),
        )

    def interface(self, value: Any, path: Path) -> Interface:
        data = self.mapping(value, path, "contract.Interface", _INTERFACE_KEYS) or {}
        return Interface(
            name=self.string(data.get("name"), (*path, "name")),
            type=self.string(data.get("type"), (*path, "type")),
            port=self.integer(data.get("port"), (*path, "port")),
            visibility=self.string(data.get("visibility"), (*path, "visibility")),
            contract=self.string(data.get("contract"), (*path, "contract")),
        )

    def configuration_source(self, value: Any, path: Path) -> ConfigurationSource:
        data = self.mapping(value, path, "contract.ConfigurationSource", _CONFIG_KEYS) or {}
        return ConfigurationSource(
            name=self.string(data.get("name"), (*path, "name")),
            schema=self.string(data.get("schema"), (*path, "schema")),
            ref=self.string(data.get("ref"), (*path, "ref")),
            values=self.free(data.get("values"), (*path, "values"), "map[string]interface {}"),
        )

    def policy_source(self, value: Any, path: Path) -> PolicySource:
        data = self.mapping(value, path, "contract.PolicySource", _POLICY_KEYS) or {}
        return PolicySource(
            name=self.string(data.get("name"), (*path, "name")),
            schema=self.string(data.get("schema"), (*path, "schema")),
            ref=self.string(data.get("ref"), (*path, "ref")),
        )

    def dependency(self, value: Any, path: Path) -> Dependency:
        data = self.mapping(value, path, "contract.Dependency", _DEPENDENCY_KEYS) or {}
        return Dependency(
            name=self.string(data.get("name"), (*path, "name")),
            ref=self.string(data.get("ref"), (*path, "ref")),
            required=self.boolean(data.get("required"), (*path, "required")),
            compatibility=self.string(data.get("compatibility"), (*path, "compatibility")),
        )

    def runtime(self, value: Any, path: Path) -> Runtime | None:
        data = self.mapping(value, path, "contract.Runtime", _RUNTIME_KEYS)
        if data is None:
            return None
        state = (
            self.mapping(data.get("state"), (*path, "state"), "contract.State", _STATE_KEYS) or {}
        )
        persistence_path = (*path, "state", "persistence")
        persistence = (
            self.mapping(
                state.get("persistence"),
                persistence_path,
                "contract.Persistence",
                _PERSISTENCE_KEYS,
            )
            or {}
        )
        lifecycle = self.mapping(
            data.get("lifecycle"), (*path, "lifecycle"), "contract.Lifecycle", _LIFECYCLE_KEYS
        )
        health = self.mapping(
            data.get("health"), (*path, "health"), "contract.Health", _HEALTH_KEYS
        )
        metrics = self.mapping(
            data.get("metrics"), (*path, "metrics"), "contract.Metrics", _METRICS_KEYS
        )
        return Runtime(
            workload=self.string(data.get("workload"), (*path, "workload")),
            state=State(
                type=self.string(state.get("type"), (*path, "state", "type")),
                persistence=Persistence(
                    scope=self.string(persistence.get("scope"), (*persistence_path, "scope")),
                    durability=self.string(
                        persistence.get("durability"), (*persistence_path, "durability")
                    ),
                ),
                data_criticality=self.string(
                    state.get("dataCriticality"), (*path, "state", "dataCriticality")
                ),
            ),
            lifecycle=None
            if lifecycle is None
            else Lifecycle(
                upgrade_strategy=self.string(
                    lifecycle.get("upgradeStrategy"), (*path, "lifecycle", "upgradeStrategy")
                ),
                graceful_shutdown_seconds=self.integer(
                    lifecycle.get("gracefulShutdownSeconds"),
                    (*path, "lifecycle", "gracefulShutdownSeconds"),
                ),
            ),
            health=None
            if health is None
            else Health(
                interface=self.string(health.get("interface"), (*path, "health", "interface")),
                path=self.string(health.get("path"), (*path, "health", "path")),
                initial_delay_seconds=self.integer(
                    health.get("initialDelaySeconds"), (*path, "health", "initialDelaySeconds")
                ),
            ),
            metrics=None
            if metrics is None
            else Metrics(
                interface=self.string(metrics.get("interface"), (*path, "metrics", "interface")),
                path=self.string(metrics.get("path"), (*path, "metrics", "path")),
            ),
        )

    def scaling(self, value: Any, path: Path) -> Scaling | None:
        data = self.mapping(value, path, "contract.Scaling", _SCALING_KEYS)
        if data is None:
            return None
        replicas = self.integer(data.get("replicas"), (*path, "replicas"))
        minimum = self.integer(data.get("min"), (*path, "min")) or 0
        maximum = self.integer(data.get("max"), (*path, "max")) or 0
        if replicas is not None:  # parse-time normalisation (§6.2 rule 6)
            minimum = maximum = replicas
        return Scaling(replicas=replicas, min=minimum, max=maximum)

    def legacy_configuration(self, value: Any, path: Path) -> LegacyConfiguration | None:
        data = self.mapping(value, path, "contract.Configuration", _LEGACY_CONFIG_KEYS)
        if data is None:
            return None
        return LegacyConfiguration(
            schema=self.string(data.get("schema"), (*path, "schema")),
            ref=self.string(data.get("ref"), (*path, "ref")),
            values=self.free(data.get("values"), (*path, "values"), "map[string]interface {}"),
            configs=self.sequence(
                data.get("configs"), (*path, "configs"), self.configuration_source
            ),
        )

    def legacy_policy(self, value: Any, path: Path) -> LegacyPolicy | None:
        data = self.mapping(value, path, "contract.Policy", _LEGACY_POLICY_KEYS)
        if data is None:
            return None
        return LegacyPolicy(
            schema=self.string(data.get("schema"), (*path, "schema")),
            ref=self.string(data.get("ref"), (*path, "ref")),
        )


def _keys(*names: str) -> frozenset[str]:
    return frozenset(names)


_ROOT_KEYS = _keys(
    "pactoVersion", "service", "interfaces", "configurations", "policies", "dependencies",
    "runtime", "scaling", "metadata", "configuration", "policy",
)  # fmt: skip
_SERVICE_KEYS = _keys("name", "version", "owner", "image", "chart")
_IMAGE_KEYS = _keys("ref", "private")
_CHART_KEYS = _keys("ref", "version")
_OWNER_KEYS = _keys("team", "dri", "contacts")
_CONTACT_KEYS = _keys("type", "value", "purpose")
_INTERFACE_KEYS = _keys("name", "type", "port", "visibility", "contract")
_CONFIG_KEYS = _keys("name", "schema", "ref", "values")
_POLICY_KEYS = _keys("name", "schema", "ref")
_DEPENDENCY_KEYS = _keys("name", "ref", "required", "compatibility")
_RUNTIME_KEYS = _keys("workload", "state", "lifecycle", "health", "metrics")
_STATE_KEYS = _keys("type", "persistence", "dataCriticality")
_PERSISTENCE_KEYS = _keys("scope", "durability")
_LIFECYCLE_KEYS = _keys("upgradeStrategy", "gracefulShutdownSeconds")
_HEALTH_KEYS = _keys("interface", "path", "initialDelaySeconds")
_METRICS_KEYS = _keys("interface", "path")
_SCALING_KEYS = _keys("replicas", "min", "max")
_LEGACY_CONFIG_KEYS = _keys("schema", "ref", "values", "configs")
_LEGACY_POLICY_KEYS = _keys("schema", "ref")

MODEL_KEYS: dict[str, frozenset[str]] = {
    "": _ROOT_KEYS,
    "service": _SERVICE_KEYS,
    "service.image": _IMAGE_KEYS,
    "service.chart": _CHART_KEYS,
    "service.owner": _OWNER_KEYS,
    "service.owner.contacts[]": _CONTACT_KEYS,
    "interfaces[]": _INTERFACE_KEYS,
    "configurations[]": _CONFIG_KEYS,
    "policies[]": _POLICY_KEYS,
    "dependencies[]": _DEPENDENCY_KEYS,
    "runtime": _RUNTIME_KEYS,
    "runtime.state": _STATE_KEYS,
    "runtime.state.persistence": _PERSISTENCE_KEYS,
    "runtime.lifecycle": _LIFECYCLE_KEYS,
    "runtime.health": _HEALTH_KEYS,
    "runtime.metrics": _METRICS_KEYS,
    "scaling": _SCALING_KEYS,
    "configuration": _LEGACY_CONFIG_KEYS,
    "policy": _LEGACY_POLICY_KEYS,
}
"""The keys the decoder accepts at each level; a test pins them to the JSON Schema's."""
