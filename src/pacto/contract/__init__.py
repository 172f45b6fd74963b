"""The contract: model, parsing, bundles, references and semantic-version ranges.

Pure: no network, no environment, no clock; files only through a :class:`BundleFS` or a path
the caller hands in. Must never import click, httpx, web frameworks or other pacto packages
except :mod:`pacto.errors`.
"""

from pacto.contract._bundle import (
    CONTRACT_FILE,
    MAX_CONTRACT_BYTES,
    Bundle,
    DirectoryFS,
    MemoryFS,
    is_valid_rooted_path,
)
from pacto.contract._gofmt import format_go_float, format_go_value
from pacto.contract._load import load_directory, read_contract_file
from pacto.contract._model import (
    DATA_CRITICALITIES,
    DURABILITIES,
    INTERFACE_TYPES,
    OWNER_CONTACT_PURPOSES,
    OWNER_CONTACT_TYPES,
    SCOPES,
    STATE_TYPES,
    UPGRADE_STRATEGIES,
    VISIBILITIES,
    WORKLOADS,
    Chart,
    ConfigurationSource,
    Contract,
    Dependency,
    EffectiveConfiguration,
    EffectivePolicy,
    Health,
    Image,
    Interface,
    InterfaceType,
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
from pacto.contract._parse import MODEL_KEYS, load_contract_document, parse, parse_document
from pacto.contract._refs import (
    DependencyRef,
    OCIReference,
    RefScheme,
    parse_dependency_ref,
    parse_oci_reference,
)
from pacto.contract._semver import (
    Range,
    SemverError,
    Version,
    compare_versions,
    highest_matching,
    is_valid_version,
    parse_version,
)
from pacto.contract._yaml import LocationIndex, SourceLocation, load_yaml, loads_cleanly
from pacto.contract.errors import (
    BundleError,
    ContractError,
    DocumentError,
    InvalidReferenceError,
    ParseError,
)

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from pacto.contract._ports import BundleFS
del TYPE_CHECKING  # not part of the package's surface


def __getattr__(name: str) -> object:
    # BundleFS is a typing.Protocol: importing it (and typing) waits until someone asks.
    if name == "BundleFS":
        from pacto.contract._ports import BundleFS

        return BundleFS
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "CONTRACT_FILE",
    "DATA_CRITICALITIES",
    "DURABILITIES",
    "INTERFACE_TYPES",
    "MAX_CONTRACT_BYTES",
    "MODEL_KEYS",
    "OWNER_CONTACT_PURPOSES",
    "OWNER_CONTACT_TYPES",
    "SCOPES",
    "STATE_TYPES",
    "UPGRADE_STRATEGIES",
    "VISIBILITIES",
    "WORKLOADS",
    "Bundle",
    "BundleError",
    "BundleFS",
    "Chart",
    "ConfigurationSource",
    "Contract",
    "ContractError",
    "Dependency",
    "DependencyRef",
    "DirectoryFS",
    "DocumentError",
    "EffectiveConfiguration",
    "EffectivePolicy",
    "Health",
    "Image",
    "Interface",
    "InterfaceType",
    "InvalidReferenceError",
    "LegacyConfiguration",
    "LegacyPolicy",
    "Lifecycle",
    "LocationIndex",
    "MemoryFS",
    "Metrics",
    "OCIReference",
    "Owner",
    "OwnerContact",
    "OwnerInfo",
    "ParseError",
    "Persistence",
    "PolicySource",
    "Range",
    "RefScheme",
    "Runtime",
    "Scaling",
    "SemverError",
    "ServiceIdentity",
    "SourceLocation",
    "State",
    "Version",
    "compare_versions",
    "format_go_float",
    "format_go_value",
    "highest_matching",
    "is_valid_rooted_path",
    "is_valid_version",
    "load_contract_document",
    "load_directory",
    "load_yaml",
    "loads_cleanly",
    "parse",
    "parse_dependency_ref",
    "parse_document",
    "parse_oci_reference",
    "parse_version",
    "read_contract_file",
]
