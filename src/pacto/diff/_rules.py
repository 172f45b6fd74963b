"""The rule catalogue, written as data (STYLE.md §4; 03-diff.md §3-§4, §6-§7).

Every change the engine emits names one rule by its stable id; the rule gives the
classification. Four tables make up the catalogue:

* :data:`CONTRACT_TABLE` - the reference table keyed by ``(rule path, change type)``
  (03-diff.md §4.1-§4.7), shared by both rulesets. Combinations the detectors emit but the
  reference leaves to its POTENTIAL_BREAKING default are spelled out as rows.
* :data:`OPENAPI_RULES` - the structure of an OpenAPI document (paths, operations,
  parameters, bodies, responses, headers, security), direction-aware (``pacto`` ruleset).
* :data:`SCHEMA_KINDS` - JSON Schema change kinds, each with the class it gets where the schema
  is *read* by the service (request bodies, parameters, configuration, policies) and where it
  is *written* by it (responses). Narrowing what is read or widening what is written breaks
  consumers; the opposite does not. Each kind becomes one rule per context in
  :data:`SCHEMA_CONTEXTS`.
* :data:`REFERENCE_RULES` - the reference's coarse OpenAPI rows (03-diff.md §4.8) and the
  path-shape rule of its JSON Schema walk (§7.3), used by the ``reference`` ruleset.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from pacto.diff._model import ChangeType, Classification, Ruleset

__all__ = [
    "CONTRACT_TABLE",
    "OPENAPI_ONLY_KINDS",
    "OPENAPI_RULES",
    "REFERENCE_RULES",
    "RULES",
    "SCHEMA_CONTEXTS",
    "SCHEMA_KINDS",
    "Direction",
    "Rule",
    "classify",
    "contract_rule",
    "rule",
    "rules_for",
    "schema_rule",
]

NB = Classification.NON_BREAKING
PB = Classification.POTENTIAL_BREAKING
B = Classification.BREAKING
ADDED, REMOVED, MODIFIED = ChangeType.ADDED, ChangeType.REMOVED, ChangeType.MODIFIED
BOTH = (Ruleset.PACTO, Ruleset.REFERENCE)
PACTO = (Ruleset.PACTO,)
REFERENCE = (Ruleset.REFERENCE,)


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """One catalogue entry: a stable id, its classification and a one-line explanation."""

    id: str
    classification: Classification
    summary: str
    family: str
    rulesets: tuple[Ruleset, ...]


# ---------------------------------------------------------------------------------------------
# Contract sections (03-diff.md §4.1-§4.7). (rule path, change type) -> (class, family, summary)

CONTRACT_TABLE: Mapping[tuple[str, ChangeType], tuple[Classification, str, str]] = {
    ("service.name", MODIFIED): (B, "identity", "the service was renamed"),
    ("service.version", MODIFIED): (NB, "identity", "the service version changed"),
    ("service.owner", ADDED): (NB, "identity", "an owner was declared"),
    ("service.owner", REMOVED): (NB, "identity", "the owner was dropped"),
    ("service.owner", MODIFIED): (NB, "identity", "the owner changed"),
    ("service.image", ADDED): (NB, "identity", "a container image was declared"),
    ("service.image", REMOVED): (NB, "identity", "the container image was dropped"),
    ("service.image", MODIFIED): (NB, "identity", "the container image reference changed"),
    ("service.chart", ADDED): (NB, "identity", "a Helm chart was declared"),
    ("service.chart", REMOVED): (NB, "identity", "the Helm chart was dropped"),
    ("service.chart", MODIFIED): (NB, "identity", "the Helm chart reference or version changed"),
    ("scaling", ADDED): (NB, "scaling", "scaling bounds were declared"),
    ("scaling", REMOVED): (PB, "scaling", "scaling bounds were dropped"),
    ("scaling", MODIFIED): (PB, "scaling", "scaling switched between replicas and min/max"),
    ("scaling.min", MODIFIED): (PB, "scaling", "the minimum replica count changed"),
    ("scaling.max", MODIFIED): (NB, "scaling", "the maximum replica count changed"),
    ("scaling.replicas", MODIFIED): (PB, "scaling", "the fixed replica count changed"),
    ("runtime.workload", MODIFIED): (B, "runtime", "the workload kind changed"),
    ("runtime.state.type", MODIFIED): (B, "runtime", "the state model changed"),
    ("runtime.state.persistence.scope", MODIFIED): (B, "runtime", "the persistence scope changed"),
    ("runtime.state.persistence.durability", MODIFIED): (
        B,
        "runtime",
        "the persistence durability changed",
    ),
    ("runtime.state.dataCriticality", MODIFIED): (PB, "runtime", "the data criticality changed"),
    ("runtime.lifecycle.upgradeStrategy", ADDED): (NB, "runtime", "an upgrade strategy was set"),
    ("runtime.lifecycle.upgradeStrategy", REMOVED): (
        PB,
        "runtime",
        "the upgrade strategy was dropped",
    ),
    ("runtime.lifecycle.upgradeStrategy", MODIFIED): (
        PB,
        "runtime",
        "the upgrade strategy changed",
    ),
    ("runtime.lifecycle.gracefulShutdownSeconds", ADDED): (
        PB,
        "runtime",
        "a graceful shutdown period was set (reference default class)",
    ),
    ("runtime.lifecycle.gracefulShutdownSeconds", REMOVED): (
        PB,
        "runtime",
        "the graceful shutdown period was dropped (reference default class)",
    ),
    ("runtime.lifecycle.gracefulShutdownSeconds", MODIFIED): (
        NB,
        "runtime",
        "the graceful shutdown period changed",
    ),
    ("runtime.health.interface", MODIFIED): (PB, "runtime", "the health-check interface changed"),
    ("runtime.health.path", MODIFIED): (PB, "runtime", "the health-check path changed"),
    ("runtime.health.initialDelaySeconds", MODIFIED): (
        NB,
        "runtime",
        "the health-check initial delay changed",
    ),
    ("runtime.metrics.interface", MODIFIED): (PB, "runtime", "the metrics interface changed"),
    ("runtime.metrics.path", MODIFIED): (PB, "runtime", "the metrics path changed"),
    ("dependencies", ADDED): (NB, "dependencies", "a dependency was added"),
    ("dependencies", REMOVED): (B, "dependencies", "a dependency was removed"),
    ("dependencies.ref", MODIFIED): (PB, "dependencies", "a dependency's reference changed"),
    ("dependencies.compatibility", MODIFIED): (
        PB,
        "dependencies",
        "a dependency's compatibility range changed",
    ),
    ("dependencies.required", MODIFIED): (
        PB,
        "dependencies",
        "a dependency became required or optional",
    ),
    ("interfaces", ADDED): (NB, "interfaces", "an interface was added"),
    ("interfaces", REMOVED): (B, "interfaces", "an interface was removed"),
    ("interfaces.type", MODIFIED): (B, "interfaces", "an interface changed its protocol type"),
    ("interfaces.port", ADDED): (PB, "interfaces", "an interface gained a port"),
    ("interfaces.port", REMOVED): (B, "interfaces", "an interface lost its port"),
    ("interfaces.port", MODIFIED): (B, "interfaces", "an interface moved to another port"),
    ("interfaces.visibility", MODIFIED): (PB, "interfaces", "an interface's visibility changed"),
    ("interfaces.contract", MODIFIED): (
        PB,
        "interfaces",
        "an interface's contract file path changed",
    ),
    ("configurations", ADDED): (NB, "configurations", "a configuration scope was added"),
    ("configurations", REMOVED): (B, "configurations", "a configuration scope was removed"),
    ("configurations.schema", MODIFIED): (
        PB,
        "configurations",
        "a configuration scope's schema path changed",
    ),
    ("configurations.ref", ADDED): (NB, "configurations", "a configuration scope gained a ref"),
    ("configurations.ref", REMOVED): (B, "configurations", "a configuration scope lost its ref"),
    ("configurations.ref", MODIFIED): (
        PB,
        "configurations",
        "a configuration scope's ref changed",
    ),
    ("policies", ADDED): (NB, "policies", "a policy was added"),
    ("policies", REMOVED): (PB, "policies", "a policy was removed"),
    ("policies.schema", MODIFIED): (PB, "policies", "a policy's schema path changed"),
    ("policies.ref", ADDED): (NB, "policies", "a policy gained a ref"),
    ("policies.ref", REMOVED): (PB, "policies", "a policy lost its ref"),
    ("policies.ref", MODIFIED): (PB, "policies", "a policy's ref changed"),
    ("policy/schema.json", ADDED): (
        PB,
        "policies",
        "a policy-provider bundle gained policy/schema.json (reference default class)",
    ),
    ("policy/schema.json", REMOVED): (
        PB,
        "policies",
        "a policy-provider bundle lost policy/schema.json (reference default class)",
    ),
}

# Rows of the reference table that its detectors never emit (03-diff.md §4.3, §4.9); kept so that
# :func:`classify` answers exactly like the reference's lookup for any caller.
_UNEMITTED_ROWS: Mapping[tuple[str, ChangeType], Classification] = {
    ("configurations.schema", ADDED): NB,
    ("configurations.schema", REMOVED): B,
    ("schema.properties", ADDED): NB,
    ("schema.properties", REMOVED): B,
    ("openapi.paths", ADDED): NB,
    ("openapi.paths", REMOVED): B,
    ("openapi.methods", ADDED): NB,
    ("openapi.methods", REMOVED): B,
    ("openapi.parameters", ADDED): PB,
    ("openapi.parameters", REMOVED): B,
    ("openapi.parameters", MODIFIED): PB,
    ("openapi.request-body", ADDED): PB,
    ("openapi.request-body", REMOVED): PB,
    ("openapi.request-body", MODIFIED): PB,
    ("openapi.responses", ADDED): NB,
    ("openapi.responses", REMOVED): B,
    ("openapi.responses", MODIFIED): PB,
}

_INDEX = re.compile(r"\[[0-9]+\]")


def classify(rule_path: str, change_type: ChangeType) -> Classification:
    """The reference lookup (03-diff.md §3): exact row, then with numeric indices stripped,
    else POTENTIAL_BREAKING."""
    for candidate in (rule_path, _INDEX.sub("", rule_path)):
        row = CONTRACT_TABLE.get((candidate, change_type))
        if row is not None:
            return row[0]
        if (candidate, change_type) in _UNEMITTED_ROWS:
            return _UNEMITTED_ROWS[(candidate, change_type)]
    return PB


# ---------------------------------------------------------------------------------------------
# OpenAPI structure, direction-aware (pacto ruleset). id -> (class, summary)

OPENAPI_RULES: Mapping[str, tuple[Classification, str]] = {
    "openapi.path.added": (NB, "a new path"),
    "openapi.path.removed": (B, "a path and all its operations were removed"),
    "openapi.path.removed-deprecated": (
        PB,
        "a path was removed whose operations were all deprecated (one class lower)",
    ),
    "openapi.operation.added": (NB, "a new operation on an existing path"),
    "openapi.operation.removed": (B, "an operation was removed"),
    "openapi.operation.removed-deprecated": (
        PB,
        "an operation that was deprecated was removed (one class lower)",
    ),
    "openapi.operation.deprecated": (NB, "an operation was marked deprecated"),
    "openapi.operation.id-changed": (
        PB,
        "operationId changed: generated clients rename the method",
    ),
    "openapi.parameter.added-optional": (NB, "a new optional parameter"),
    "openapi.parameter.added-required": (B, "a new required parameter: existing calls lack it"),
    "openapi.parameter.removed": (B, "a parameter was removed: existing calls send it"),
    "openapi.parameter.removed-deprecated": (
        PB,
        "a deprecated parameter was removed (one class lower)",
    ),
    "openapi.parameter.became-required": (B, "an optional parameter became required"),
    "openapi.parameter.became-optional": (NB, "a required parameter became optional"),
    "openapi.parameter.serialization-changed": (
        B,
        "a parameter's style, explode or allowReserved changed: values are encoded differently",
    ),
    "openapi.parameter.deprecated": (NB, "a parameter was marked deprecated"),
    "openapi.request-body.added-optional": (NB, "an optional request body was added"),
    "openapi.request-body.added-required": (
        B,
        "a required request body was added: existing calls send none",
    ),
    "openapi.request-body.removed": (
        PB,
        "the request body was removed: what clients send is ignored",
    ),
    "openapi.request-body.became-required": (B, "the request body became required"),
    "openapi.request-body.became-optional": (NB, "the request body became optional"),
    "openapi.request.media-type.added": (NB, "the request accepts a new media type"),
    "openapi.request.media-type.removed": (
        B,
        "the request no longer accepts a media type clients send",
    ),
    "openapi.response.status.added": (
        PB,
        "a new success (1xx-3xx) status: clients may not expect it",
    ),
    "openapi.response.status.removed": (
        B,
        "a success (1xx-3xx) status is no longer returned: clients waiting for it break",
    ),
    "openapi.response.error-status.added": (NB, "a new error (4xx, 5xx or default) response"),
    "openapi.response.error-status.removed": (
        NB,
        "an error (4xx, 5xx or default) response is no longer returned",
    ),
    "openapi.response.media-type.added": (NB, "a response offers a new media type"),
    "openapi.response.media-type.removed": (
        B,
        "a response no longer offers a media type clients read",
    ),
    "openapi.response.header.added": (NB, "a response carries a new header"),
    "openapi.response.header.removed": (PB, "an optional response header was removed"),
    "openapi.response.header.removed-required": (
        B,
        "a required response header was removed: clients reading it break",
    ),
    "openapi.response.header.became-optional": (
        B,
        "a required response header became optional: clients may not get it",
    ),
    "openapi.response.header.became-required": (NB, "a response header became required"),
    "openapi.security.added": (
        B,
        "an operation that needed no credentials now requires them",
    ),
    "openapi.security.removed": (NB, "an operation no longer requires credentials"),
    "openapi.security.alternative-added": (NB, "a new way to authenticate was offered"),
    "openapi.security.alternative-removed": (
        B,
        "a way to authenticate was withdrawn: clients using it break",
    ),
    "openapi.security.scope-added": (B, "an operation requires an additional scope"),
    "openapi.security.scope-removed": (NB, "an operation requires fewer scopes"),
    "openapi.security-scheme.changed": (
        B,
        "a security scheme changed its type, location, name or HTTP scheme",
    ),
    "openapi.security-scheme.flows-changed": (
        PB,
        "a security scheme's OAuth flows or URLs changed",
    ),
    "openapi.description.changed": (
        NB,
        "a summary or description of a path, operation, parameter, body, response or header "
        "changed",
    ),
    "openapi.server.added": (NB, "a new server URL"),
    "openapi.server.removed": (PB, "a server URL was removed: clients configured with it break"),
}


# ---------------------------------------------------------------------------------------------
# JSON Schema change kinds: kind -> (class where read, class where written, summary)

_BOUNDS: tuple[tuple[str, str, bool], ...] = (
    # (kind stem, keyword, is an upper bound)
    ("max-length", "maxLength", True),
    ("min-length", "minLength", False),
    ("maximum", "maximum", True),
    ("minimum", "minimum", False),
    ("exclusive-maximum", "exclusiveMaximum", True),
    ("exclusive-minimum", "exclusiveMinimum", False),
    ("max-items", "maxItems", True),
    ("min-items", "minItems", False),
    ("max-properties", "maxProperties", True),
    ("min-properties", "minProperties", False),
)


def _bound_kinds() -> dict[str, tuple[Classification, Classification, str]]:
    kinds: dict[str, tuple[Classification, Classification, str]] = {}
    for stem, keyword, is_upper in _BOUNDS:
        narrowing, widening = ("decreased", "increased") if is_upper else ("increased", "decreased")
        kinds[f"{stem}.{narrowing}"] = (B, NB, f"{keyword} tightened (fewer values allowed)")
        kinds[f"{stem}.{widening}"] = (NB, B, f"{keyword} relaxed (more values allowed)")
        kinds[f"{stem}.added"] = (B, NB, f"{keyword} introduced (a new limit)")
        kinds[f"{stem}.removed"] = (NB, B, f"{keyword} dropped (no limit any more)")
    return kinds


SCHEMA_KINDS: Mapping[str, tuple[Classification, Classification, str]] = {
    "type.changed": (B, B, "the type changed to an unrelated one"),
    "type.widened": (NB, B, "more types are allowed (e.g. integer -> number, or any type)"),
    "type.narrowed": (B, NB, "fewer types are allowed (e.g. number -> integer)"),
    "nullable.added": (NB, B, "null became allowed"),
    "nullable.removed": (B, NB, "null is no longer allowed"),
    "property.added": (NB, NB, "a new optional property"),
    "property.required-added": (
        B,
        NB,
        "a new required property: senders lack it, readers always get it",
    ),
    "property.removed": (
        PB,
        B,
        "a property was removed: readers of it break, values sent for it are ignored",
    ),
    "property.removed-deprecated": (
        NB,
        PB,
        "a deprecated property was removed (one class lower)",
    ),
    "property.became-required": (B, NB, "an existing property became required"),
    "property.became-optional": (NB, B, "a required property became optional"),
    "enum.value-added": (NB, B, "an enum gained a value"),
    "enum.value-removed": (B, NB, "an enum lost a value"),
    "enum.added": (B, NB, "the values were restricted to an enum"),
    "enum.removed": (NB, B, "the enum restriction was dropped"),
    "const.added": (B, NB, "the value was fixed with const"),
    "const.removed": (NB, B, "the const restriction was dropped"),
    "const.changed": (B, B, "the const value changed"),
    **_bound_kinds(),
    "multiple-of.added": (B, NB, "multipleOf introduced"),
    "multiple-of.removed": (NB, B, "multipleOf dropped"),
    "multiple-of.changed": (PB, PB, "multipleOf changed"),
    "pattern.added": (PB, NB, "a pattern was introduced: some values may no longer match"),
    "pattern.removed": (NB, PB, "the pattern was dropped"),
    "pattern.changed": (PB, PB, "the pattern changed"),
    "format.added": (PB, NB, "a format was introduced"),
    "format.removed": (NB, PB, "the format was dropped"),
    "format.changed": (PB, PB, "the format changed"),
    "additional-properties.restricted": (
        B,
        NB,
        "additional properties are no longer allowed (or now constrained)",
    ),
    "additional-properties.allowed": (NB, NB, "additional properties became allowed"),
    "items.added": (B, NB, "the array items became constrained by a schema"),
    "items.removed": (NB, B, "the array items are no longer constrained"),
    "prefix-items.item-added": (B, NB, "a tuple position became constrained (prefixItems)"),
    "prefix-items.item-removed": (NB, B, "a tuple position is no longer constrained"),
    "unique-items.added": (B, NB, "array items must now be unique"),
    "unique-items.removed": (NB, B, "array items may now repeat"),
    "one-of.subschema-added": (NB, B, "oneOf gained an alternative"),
    "one-of.subschema-removed": (B, NB, "oneOf lost an alternative"),
    "any-of.subschema-added": (NB, B, "anyOf gained an alternative"),
    "any-of.subschema-removed": (B, NB, "anyOf lost an alternative"),
    "discriminator.changed": (PB, PB, "the discriminator changed"),
    "default.added": (PB, NB, "a default value was introduced"),
    "default.removed": (PB, NB, "the default value was dropped"),
    "default.changed": (PB, NB, "the default value changed"),
    "read-only.added": (PB, NB, "the property became readOnly: values sent for it are ignored"),
    "read-only.removed": (NB, NB, "the property is no longer readOnly"),
    "write-only.added": (NB, B, "the property became writeOnly: responses no longer carry it"),
    "write-only.removed": (NB, NB, "the property is no longer writeOnly"),
    "schema.added": (PB, NB, "a schema now constrains content that was unconstrained"),
    "schema.removed": (NB, PB, "the content is no longer described by a schema"),
    "deprecated.added": (NB, NB, "marked deprecated"),
    "deprecated.removed": (NB, NB, "no longer deprecated"),
    "annotation.changed": (NB, NB, "a description, title, example or other annotation changed"),
    "extension.changed": (NB, NB, "an x- extension changed"),
    "keyword.added": (PB, PB, "another validation keyword was introduced"),
    "keyword.removed": (PB, PB, "another validation keyword was dropped"),
    "keyword.changed": (PB, PB, "another validation keyword changed"),
}


class Direction:
    """Who reads a schema: INPUT schemas are read by the service, OUTPUT ones written by it."""

    INPUT = "input"
    OUTPUT = "output"


OPENAPI_ONLY_KINDS = frozenset({"schema.added", "schema.removed"})
"""Kinds about a schema appearing where none was (a media type, a parameter): they cannot occur
in a configuration or policy schema file, whose root always exists."""

SCHEMA_CONTEXTS: Mapping[str, tuple[str, str, str]] = {
    # rule-id prefix -> (direction, family, what the schema describes)
    "openapi.request": (Direction.INPUT, "openapi-schema", "request body or parameter schema"),
    "openapi.response": (Direction.OUTPUT, "openapi-schema", "response body or header schema"),
    "schema": (Direction.INPUT, "json-schema", "configuration or policy schema"),
}


# ---------------------------------------------------------------------------------------------
# The reference ruleset's coarse rules (03-diff.md §4.8, §7.3). id -> (class, summary)

REFERENCE_RULES: Mapping[str, tuple[Classification, str]] = {
    "openapi.paths.added": (NB, "reference: an API path was added"),
    "openapi.paths.removed": (B, "reference: an API path was removed"),
    "openapi.methods.added": (NB, "reference: an operation was added"),
    "openapi.methods.removed": (B, "reference: an operation was removed"),
    "openapi.parameters.added": (PB, "reference: an operation-level parameter was added"),
    "openapi.parameters.removed": (B, "reference: an operation-level parameter was removed"),
    "openapi.parameters.modified": (PB, "reference: an operation-level parameter changed"),
    "openapi.request-body.added": (PB, "reference: a request body was added"),
    "openapi.request-body.removed": (PB, "reference: a request body was removed"),
    "openapi.request-body.modified": (PB, "reference: a request body changed"),
    "openapi.responses.added": (NB, "reference: a response code was added"),
    "openapi.responses.removed": (B, "reference: a response code was removed"),
    "openapi.responses.modified": (PB, "reference: a response changed"),
    "schema.path-shape.required": (
        B,
        "reference: a JSON Schema change whose path ends with .required",
    ),
    "schema.path-shape.other": (
        PB,
        "reference: any other JSON Schema change (properties, types, constraints, annotations)",
    ),
}


# ---------------------------------------------------------------------------------------------
# The assembled catalogue


def _contract_rule_id(rule_path: str, change_type: ChangeType) -> str:
    return f"{rule_path}.{change_type}"


def _build() -> dict[str, Rule]:
    rules: dict[str, Rule] = {}

    def add(rule: Rule) -> None:
        known = rules.get(rule.id)
        if known is None:
            rules[rule.id] = rule
            return
        # The same id in both rulesets must mean the same thing (openapi.request-body.removed).
        if known.classification is not rule.classification:  # pragma: no cover - test guards
            raise ValueError(f"rule id {rule.id} defined twice with different classes")
        rulesets = tuple(r for r in Ruleset if r in known.rulesets or r in rule.rulesets)
        rules[rule.id] = Rule(
            id=known.id,
            classification=known.classification,
            summary=known.summary,
            family=known.family,
            rulesets=rulesets,
        )

    for (rule_path, change_type), (cls, family, summary) in CONTRACT_TABLE.items():
        add(
            Rule(
                id=_contract_rule_id(rule_path, change_type),
                classification=cls,
                summary=summary,
                family=family,
                rulesets=BOTH,
            )
        )
    for rule_id, (cls, summary) in OPENAPI_RULES.items():
        add(Rule(id=rule_id, classification=cls, summary=summary, family="openapi", rulesets=PACTO))
    for prefix, (direction, family, what) in SCHEMA_CONTEXTS.items():
        for kind, (read_class, written_class, summary) in SCHEMA_KINDS.items():
            if family == "json-schema" and kind in OPENAPI_ONLY_KINDS:
                continue
            cls = read_class if direction == Direction.INPUT else written_class
            add(
                Rule(
                    id=f"{prefix}.{kind}",
                    classification=cls,
                    summary=f"{what}: {summary}",
                    family=family,
                    rulesets=PACTO,
                )
            )
    for rule_id, (cls, summary) in REFERENCE_RULES.items():
        family = "openapi" if rule_id.startswith("openapi.") else "json-schema"
        add(
            Rule(id=rule_id, classification=cls, summary=summary, family=family, rulesets=REFERENCE)
        )
    return dict(sorted(rules.items()))


RULES: Mapping[str, Rule] = MappingProxyType(_build())
"""Every rule, by id, sorted by id."""


def rule(rule_id: str) -> Rule:
    """The rule with this id; raises ``KeyError`` for an unknown id."""
    return RULES[rule_id]


def contract_rule(rule_path: str, change_type: ChangeType) -> Rule:
    """The contract-section rule for an emitted ``(rule path, change type)``."""
    return RULES[_contract_rule_id(_INDEX.sub("", rule_path), change_type)]


def schema_rule(context: str, kind: str) -> Rule:
    """The rule of a JSON Schema change ``kind`` in a context of :data:`SCHEMA_CONTEXTS`."""
    return RULES[f"{context}.{kind}"]


def rules_for(ruleset: Ruleset | None = None) -> tuple[Rule, ...]:
    """The catalogue (sorted by id), or the rules one ruleset can emit."""
    return tuple(r for r in RULES.values() if ruleset is None or ruleset in r.rulesets)
