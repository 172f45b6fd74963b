"""The contract domain model (01-contract.md §3, §6.3).

Immutable dataclasses with tuple sequences, safe to share between threads. Optional values are
``None`` when absent so that "absent" and "zero" stay distinct. Legacy 1.0 shapes (R0-R2,
§3.12) are kept as written (``configuration``, ``policy``) and exposed through the normalised
accessors :meth:`Contract.effective_configurations` and :meth:`Contract.effective_policies`.
"""

from __future__ import annotations

import enum

from pacto._record import Record, field

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "DATA_CRITICALITIES",
    "DURABILITIES",
    "INTERFACE_TYPES",
    "OWNER_CONTACT_PURPOSES",
    "OWNER_CONTACT_TYPES",
    "SCOPES",
    "STATE_TYPES",
    "UPGRADE_STRATEGIES",
    "VISIBILITIES",
    "WORKLOADS",
    "Chart",
    "ConfigurationSource",
    "Contract",
    "Dependency",
    "EffectiveConfiguration",
    "EffectivePolicy",
    "Health",
    "Image",
    "Interface",
    "InterfaceType",
    "LegacyConfiguration",
    "LegacyPolicy",
    "Lifecycle",
    "Metrics",
    "Owner",
    "OwnerContact",
    "OwnerInfo",
    "Persistence",
    "PolicySource",
    "Runtime",
    "Scaling",
    "ServiceIdentity",
    "State",
]


class InterfaceType(enum.StrEnum):
    HTTP = "http"
    GRPC = "grpc"
    EVENT = "event"


INTERFACE_TYPES = ("http", "grpc", "event")
VISIBILITIES = ("public", "internal")
WORKLOADS = ("service", "job", "scheduled")
STATE_TYPES = ("stateless", "stateful", "hybrid")
DATA_CRITICALITIES = ("low", "medium", "high")
SCOPES = ("local", "shared")
DURABILITIES = ("ephemeral", "persistent")
UPGRADE_STRATEGIES = ("rolling", "recreate", "ordered")
OWNER_CONTACT_TYPES = ("email", "url", "group", "oncall", "chat", "other")
OWNER_CONTACT_PURPOSES = ("ownership", "support", "escalation", "oncall", "notifications")


class OwnerContact(Record):
    type: str
    value: str
    purpose: str = ""


class OwnerInfo(Record):
    team: str = ""
    dri: str = ""
    contacts: tuple[OwnerContact, ...] = ()


class Owner(Record):
    """``service.owner``: a legacy string, a structured :class:`OwnerInfo`, or nothing."""

    text: str = ""
    info: OwnerInfo | None = None

    def is_empty(self) -> bool:
        return self.info is None and self.text == ""

    def is_structured(self) -> bool:
        return self.info is not None

    def team(self) -> str:
        return self.info.team if self.info is not None else self.text

    def dri(self) -> str:
        return self.info.dri if self.info is not None else ""

    def contacts(self) -> tuple[OwnerContact, ...]:
        return self.info.contacts if self.info is not None else ()

    def display(self) -> str:
        """The canonical owner key: the string, else team, else DRI, else a placeholder."""
        if self.info is None:
            return self.text
        return self.info.team or self.info.dri or "(structured owner)"

    def equals(self, other: Owner) -> bool:
        return self == other

    def matches(self, query: str) -> bool:
        """Case-insensitive substring match on the string, or on team, DRI or any contact."""
        needle = query.lower()
        if self.info is None:
            return needle in self.text.lower()
        haystack = [self.info.team, self.info.dri, *(c.value for c in self.info.contacts)]
        return any(needle in item.lower() for item in haystack if item)


class Image(Record):
    ref: str
    private: bool = False


class Chart(Record):
    ref: str
    version: str


class ServiceIdentity(Record):
    name: str
    version: str
    owner: Owner = field(default_factory=Owner)
    image: Image | None = None
    chart: Chart | None = None


class Interface(Record):
    name: str
    type: str
    port: int | None = None
    visibility: str = ""
    """As written; ``""`` when absent, to be read as ``internal``."""
    contract: str = ""

    def effective_visibility(self) -> str:
        return self.visibility or "internal"


class ConfigurationSource(Record):
    name: str
    schema: str = ""
    ref: str = ""
    values: dict[str, Any] | None = None


class PolicySource(Record):
    name: str = ""
    schema: str = ""
    ref: str = ""


class Dependency(Record):
    ref: str
    compatibility: str
    name: str = ""
    required: bool = False

    def display_name(self) -> str:
        """The declared name, else one derived from the ref (01-contract.md §3.12 item 3)."""
        if self.name:
            return self.name
        ref = self.ref
        if ref.startswith("oci://"):
            repository = ref[len("oci://") :].split("@", 1)[0]
            last = repository.rsplit("/", 1)[-1]
            return last.split(":", 1)[0]
        if ref.startswith("file://"):
            ref = ref[len("file://") :]
        return ref.rstrip("/").rsplit("/", 1)[-1]


class Persistence(Record):
    scope: str = ""
    durability: str = ""


class State(Record):
    type: str = ""
    persistence: Persistence = field(default_factory=Persistence)
    data_criticality: str = ""


class Lifecycle(Record):
    upgrade_strategy: str = ""
    graceful_shutdown_seconds: int | None = None


class Health(Record):
    interface: str = ""
    path: str = ""
    initial_delay_seconds: int | None = None


class Metrics(Record):
    interface: str = ""
    path: str = ""


class Runtime(Record):
    workload: str = ""
    state: State = field(default_factory=State)
    lifecycle: Lifecycle | None = None
    health: Health | None = None
    metrics: Metrics | None = None


class Scaling(Record):
    replicas: int | None = None
    min: int = 0
    max: int = 0


class LegacyConfiguration(Record):
    """The singular ``configuration`` object of R0-R2 documents."""

    schema: str = ""
    ref: str = ""
    values: dict[str, Any] | None = None
    configs: tuple[ConfigurationSource, ...] = ()


class LegacyPolicy(Record):
    """The singular ``policy`` object of R1 documents."""

    schema: str = ""
    ref: str = ""


class EffectiveConfiguration(Record):
    """One configuration scope, whatever shape declared it; ``path_prefix`` points at it."""

    name: str
    schema: str
    ref: str
    values: dict[str, Any] | None
    path_prefix: str


class EffectivePolicy(Record):
    name: str
    schema: str
    ref: str
    path_prefix: str


class Contract(Record):
    """A parsed ``pacto.yaml``."""

    pacto_version: str
    service: ServiceIdentity
    interfaces: tuple[Interface, ...] = ()
    configurations: tuple[ConfigurationSource, ...] = ()
    policies: tuple[PolicySource, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    runtime: Runtime | None = None
    scaling: Scaling | None = None
    metadata: dict[str, Any] | None = None
    configuration: LegacyConfiguration | None = None
    policy: LegacyPolicy | None = None

    def interface(self, name: str) -> Interface | None:
        return next((i for i in self.interfaces if i.name == name), None)

    def effective_configurations(self) -> tuple[EffectiveConfiguration, ...]:
        if self.configurations:
            return tuple(
                EffectiveConfiguration(
                    name=c.name,
                    schema=c.schema,
                    ref=c.ref,
                    values=c.values,
                    path_prefix=f"configurations[{i}]",
                )
                for i, c in enumerate(self.configurations)
            )
        legacy = self.configuration
        if legacy is None:
            return ()
        if legacy.configs:
            return tuple(
                EffectiveConfiguration(
                    name=c.name,
                    schema=c.schema,
                    ref=c.ref,
                    values=c.values,
                    path_prefix=f"configuration.configs[{i}]",
                )
                for i, c in enumerate(legacy.configs)
            )
        if legacy.schema or legacy.ref or legacy.values is not None:
            return (
                EffectiveConfiguration(
                    name="",
                    schema=legacy.schema,
                    ref=legacy.ref,
                    values=legacy.values,
                    path_prefix="configuration",
                ),
            )
        return ()

    def effective_policies(self) -> tuple[EffectivePolicy, ...]:
        if self.policies:
            return tuple(
                EffectivePolicy(
                    name=p.name, schema=p.schema, ref=p.ref, path_prefix=f"policies[{i}]"
                )
                for i, p in enumerate(self.policies)
            )
        if self.policy is not None:
            return (
                EffectivePolicy(
                    name="", schema=self.policy.schema, ref=self.policy.ref, path_prefix="policy"
                ),
            )
        return ()
