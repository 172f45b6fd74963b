"""The Markdown document of a contract (09-plugins-doc-mcp.md §2.2).

Sections, numbered consecutively over those actually emitted: Architecture (Mermaid),
Interfaces, Configuration, Policies, Dependencies. Which sections and sub-sections exist is
decided once (:class:`_Plan`), and both the table of contents and the body are rendered from
that decision, so their numbers and anchors always agree (09 §6 item 4). Output is
deterministic: no clock, sorted metadata.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from pacto.contract import BundleFS, Contract, Interface
from pacto.doc._config import ConfigSchemaError, Property, read_properties
from pacto.doc._descriptions import schema_descriptions
from pacto.doc._format import Numberer, anchor, capitalize_first, cell, code, go_value, sanitize
from pacto.doc._graph import DocGraph, DocNode, flat_dependency_nodes
from pacto.doc._mermaid import mermaid_diagram
from pacto.doc._openapi import OpenAPIError, read_endpoints

__all__ = ["DEFAULT_DOCS_URL", "generate", "summary_paragraph"]

DEFAULT_DOCS_URL = "https://trianalab.github.io/pacto"
_DASH = "\u2014"
_GRACEFUL_SHUTDOWN = "Time allowed for in-flight requests to complete before termination"


@dataclass(frozen=True, slots=True)
class _ConfigEntry:
    name: str
    schema: str
    ref: str


@dataclass(frozen=True, slots=True)
class _DependencyPlan:
    node: DocNode
    contract: Contract
    concept_rows: list[tuple[str, str, str]]
    configs: list[_ConfigEntry]


@dataclass(frozen=True, slots=True)
class _Plan:
    configs: list[_ConfigEntry]
    dependencies: list[_DependencyPlan]


def generate(
    contract: Contract,
    fs: BundleFS | None,
    graph: DocGraph | None = None,
    *,
    docs_url: str = DEFAULT_DOCS_URL,
    descriptions: Mapping[str, str] | None = None,
) -> str:
    """The Markdown document of ``contract``.

    ``fs`` gives access to the bundle's OpenAPI and schema files; ``graph`` (optional) the
    resolved dependency graph, drawn in the diagram and detailed under Dependencies. Without
    it the diagram shows the contract's declared dependencies. ``descriptions`` defaults to
    those of the embedded contract schema. Never raises for unreadable referenced files: the
    document says what could not be read.
    """
    texts = schema_descriptions() if descriptions is None else descriptions
    writer = _Writer(texts, docs_url.rstrip("/"))
    return writer.document(contract, fs, graph)


def summary_paragraph(contract: Contract) -> str:
    """``**name** `vX` is a `stateless` `service` workload exposing 2 interfaces. …``"""
    service = contract.service
    runtime = contract.runtime
    if runtime is not None:
        head = (
            f"**{service.name}** `v{service.version}` is a `{runtime.state.type}` "
            f"`{runtime.workload}` workload"
        )
    else:
        head = f"**{service.name}** `v{service.version}`"
    parts = [head]
    if contract.interfaces:
        count = len(contract.interfaces)
        parts.append(f"exposing {count} interface{'s' if count > 1 else ''}")
    if contract.dependencies:
        count = len(contract.dependencies)
        parts.append(f"with {count} dependenc{'ies' if count > 1 else 'y'}")
    sentence = " ".join(parts) + "."
    details: list[str] = []
    if not service.owner.is_empty():
        details.append(f"owned by `{service.owner.display()}`")
    if service.image is not None:
        visibility = "private" if service.image.private else "public"
        details.append(f"packaged as `{service.image.ref}` (`{visibility}`)")
    if service.chart is not None:
        details.append(
            f"deployed via Helm chart `{service.chart.ref}` version `{service.chart.version}`"
        )
    if contract.scaling is not None:
        scaling = contract.scaling
        if scaling.replicas is not None:
            details.append(f"runs `{scaling.replicas}` replicas")
        else:
            details.append(f"scales from `{scaling.min}` to `{scaling.max}` replicas")
    if details:
        sentence += " " + capitalize_first(", ".join(details)) + "."
    return sentence


def _config_entries(contract: Contract) -> list[_ConfigEntry]:
    return [
        _ConfigEntry(name=c.name or "default", schema=c.schema, ref=c.ref)
        for c in contract.effective_configurations()
        if c.schema or c.ref
    ]


def _interface_title(interface: Interface) -> str:
    titles = {"http": "HTTP", "grpc": "gRPC", "event": "Event"}
    kind = titles.get(interface.type, capitalize_first(interface.type))
    return f"{kind} Interface: {interface.name}"


class _Writer:
    def __init__(self, descriptions: Mapping[str, str], docs_url: str) -> None:
        self.descriptions = descriptions
        self.docs_url = docs_url
        self.lines: list[str] = []

    def emit(self, *lines: str) -> None:
        self.lines.extend(lines)

    # ------------------------------------------------------------------ document

    def document(self, contract: Contract, fs: BundleFS | None, graph: DocGraph | None) -> str:
        plan = _Plan(
            configs=_config_entries(contract),
            dependencies=[
                _DependencyPlan(
                    node=node,
                    contract=node.contract,
                    concept_rows=self.concept_rows(node.contract),
                    configs=_config_entries(node.contract),
                )
                for node in flat_dependency_nodes(graph)
                if node.contract is not None
            ],
        )
        self.emit(f"# {contract.service.name}", "", summary_paragraph(contract), "")
        self.concept_table(self.concept_rows(contract))
        self.emit(
            "For more information on contract concepts, see the "
            f"[Contract Reference]({self.docs_url}/contract-reference/).",
            "",
        )
        self.table_of_contents(contract, plan)
        numbers = Numberer()
        self.emit(f"## {numbers.next(1)}. Architecture", "")
        self.emit(*mermaid_diagram(contract, graph), "")
        if contract.interfaces:
            self.emit(f"## {numbers.next(1)}. Interfaces", "")
            self.interfaces(contract, fs, level=3, numbers=numbers)
        if plan.configs:
            self.configuration(plan.configs, fs, numbers, heading=None)
        if contract.effective_policies():
            self.policies(contract, numbers)
        if contract.dependencies:
            self.emit(f"## {numbers.next(1)}. Dependencies", "")
            self.dependency_table(contract)
            for dependency in plan.dependencies:
                self.dependency_details(dependency, numbers)
        self.emit("---", "")
        if contract.metadata:
            footer = "".join(
                f"`{key}: {go_value(contract.metadata[key])}` "
                for key in sorted(contract.metadata, key=str)
            )
            self.emit(footer, "")
        self.emit(f"Generated by [Pacto]({self.docs_url})", "")
        return "\n".join(self.lines) + "\n"

    def table_of_contents(self, contract: Contract, plan: _Plan) -> None:
        numbers = Numberer()

        def entry(indent: int, number: str, title: str, target: str = "") -> None:
            label = f"{number}. {title}"
            self.emit(f"{'  ' * indent}- [{label}](#{target or anchor(label)})")

        self.emit("## Table of Contents", "")
        entry(0, numbers.next(1), "Architecture")
        if contract.interfaces:
            entry(0, numbers.next(1), "Interfaces")
            for interface in contract.interfaces:
                entry(1, numbers.next(2), _interface_title(interface))
        if plan.configs:
            entry(0, numbers.next(1), "Configuration")
            if len(plan.configs) > 1:
                for config in plan.configs:
                    entry(1, numbers.next(2), config.name)
        if contract.effective_policies():
            entry(0, numbers.next(1), "Policies")
        if contract.dependencies:
            entry(0, numbers.next(1), "Dependencies")
            for dependency in plan.dependencies:
                target = "dep-" + sanitize(dependency.contract.service.name)
                entry(1, numbers.next(2), dependency.contract.service.name, target)
                for title, present in self.dependency_sections(dependency):
                    if present:
                        entry(2, numbers.next(3), title, f"{target}-{title.lower()}")
        self.emit("")

    # ------------------------------------------------------------------ concepts

    def concept_rows(self, contract: Contract) -> list[tuple[str, str, str]]:
        runtime = contract.runtime
        if runtime is None:
            return []
        state = runtime.state
        candidates = [
            ("Workload", runtime.workload, f"runtime.workload.{runtime.workload}"),
            ("State", state.type, f"runtime.state.type.{state.type}"),
        ]
        if state.persistence.scope:
            scope = state.persistence.scope
            candidates.append(
                ("Persistence scope", scope, f"runtime.state.persistence.scope.{scope}")
            )
        if state.persistence.durability:
            durability = state.persistence.durability
            candidates.append(
                (
                    "Persistence durability",
                    durability,
                    f"runtime.state.persistence.durability.{durability}",
                )
            )
        criticality = state.data_criticality
        candidates.append(
            ("Data criticality", criticality, f"runtime.state.dataCriticality.{criticality}")
        )
        lifecycle = runtime.lifecycle
        if lifecycle is not None and lifecycle.upgrade_strategy:
            strategy = lifecycle.upgrade_strategy
            candidates.append(
                ("Upgrade strategy", strategy, f"runtime.lifecycle.upgradeStrategy.{strategy}")
            )
        rows = [
            (concept, value, capitalize_first(self.descriptions[key]))
            for concept, value, key in candidates
            if self.descriptions.get(key)
        ]
        if lifecycle is not None and lifecycle.graceful_shutdown_seconds is not None:
            seconds = f"{lifecycle.graceful_shutdown_seconds}s"
            rows.append(("Graceful shutdown", seconds, _GRACEFUL_SHUTDOWN))
        return rows

    def concept_table(self, rows: list[tuple[str, str, str]]) -> None:
        if not rows:
            return
        self.emit("| Concept | Value | Description |", "|---------|-------|-------------|")
        self.emit(*(f"| **{c}** | {code(v)} | {cell(d)} |" for c, v, d in rows), "")

    # ------------------------------------------------------------------ interfaces

    def heading(self, level: int, text: str, numbers: Numberer) -> None:
        title = f"{numbers.next(level - 1)}. {text}"
        if level <= 4:
            self.emit(f"{'#' * level} {title}", "")
        else:
            self.emit(f"<h{level}>{title}</h{level}>", "")

    def interfaces(
        self, contract: Contract, fs: BundleFS | None, *, level: int, numbers: Numberer
    ) -> None:
        self.emit("| Name | Type | Port | Visibility |", "|------|------|------|------------|")
        for interface in contract.interfaces:
            port = code(str(interface.port)) if interface.port is not None else _DASH
            visibility = code(interface.visibility) if interface.visibility else _DASH
            self.emit(
                f"| {code(interface.name)} | {code(interface.type)} | {port} | {visibility} |"
            )
        self.emit("")
        for interface in contract.interfaces:
            self.heading(level, _interface_title(interface), numbers)
            sentence = f"The `{interface.name}` interface"
            if interface.visibility and interface.port is not None:
                sentence += f" is `{interface.visibility}` and exposes port `{interface.port}`"
            elif interface.visibility:
                sentence += f" is `{interface.visibility}`"
            elif interface.port is not None:
                sentence += f" exposes port `{interface.port}`"
            is_http = interface.type == "http"
            if not is_http and interface.contract:
                sentence += f". Its contract is defined in `{interface.contract}`"
            self.emit(sentence + "." + _runtime_suffix(contract, interface.name), "")
            if is_http and interface.contract:
                self.endpoints(fs, interface.contract)

    def endpoints(self, fs: BundleFS | None, file: str) -> None:
        try:
            endpoints = read_endpoints(fs, file)
        except OpenAPIError as exc:
            self.emit(f"_Could not read OpenAPI spec: {exc}_", "")
            return
        if not endpoints:
            return
        self.emit("| Method | Path | Summary |", "|--------|------|---------|")
        for endpoint in endpoints:
            summary = cell(endpoint.summary) if endpoint.summary else _DASH
            self.emit(f"| {code(endpoint.method.upper())} | {code(endpoint.path)} | {summary} |")
        self.emit("")

    # ------------------------------------------------------------------ configuration

    def configuration(
        self,
        configs: list[_ConfigEntry],
        fs: BundleFS | None,
        numbers: Numberer,
        *,
        heading: str | None,
    ) -> None:
        """Under ``## N. Configuration`` (root) or the given HTML heading (dependency)."""
        sub_level = 3 if heading is None else 5
        if heading is None:
            self.emit(f"## {numbers.next(1)}. Configuration", "")
        else:
            self.emit(heading, "")
        if len(configs) == 1:
            self.configuration_entry(configs[0], fs)
            return
        for config in configs:
            self.heading(sub_level, config.name, numbers)
            self.configuration_entry(config, fs)

    def configuration_entry(self, config: _ConfigEntry, fs: BundleFS | None) -> None:
        if not config.schema:
            self.emit(f"Configuration `{config.name}` is provided by `{config.ref}`.", "")
            return
        try:
            properties = read_properties(fs, config.schema)
        except ConfigSchemaError as exc:
            self.emit(f"_Could not read configuration schema: {exc}_", "")
            return
        if not properties:
            self.emit("_No configurable properties._", "")
            return
        self.configuration_table(properties)

    def configuration_table(self, properties: list[Property]) -> None:
        self.emit(
            "| Property | Type | Description | Default | Required |",
            "|----------|------|-------------|---------|----------|",
        )
        for item in properties:
            kind = code(", ".join(item.types)) if item.types else _DASH
            description = cell(item.description) if item.description else _DASH
            default = code(go_value(item.default)) if item.has_default else _DASH
            required = "Yes" if item.required else "No"
            self.emit(f"| {code(item.name)} | {kind} | {description} | {default} | {required} |")
        self.emit("")

    # ------------------------------------------------------------------ policies

    def policies(self, contract: Contract, numbers: Numberer) -> None:
        self.emit(f"## {numbers.next(1)}. Policies", "")
        self.emit("| Name | Type | Source |", "|------|------|--------|")
        for policy in contract.effective_policies():
            name = code(policy.name) if policy.name else _DASH
            if policy.ref:
                self.emit(f"| {name} | Remote | {code(policy.ref)} |")
            elif policy.schema:
                self.emit(f"| {name} | Local | {code(policy.schema)} |")
        self.emit("")

    # ------------------------------------------------------------------ dependencies

    def dependency_table(self, contract: Contract) -> None:
        self.emit(
            "| Reference | Compatibility | Required |", "|-----------|---------------|----------|"
        )
        for dependency in contract.dependencies:
            required = "Yes" if dependency.required else "No"
            self.emit(f"| {code(dependency.ref)} | {code(dependency.compatibility)} | {required} |")
        self.emit("")

    def dependency_sections(self, plan: _DependencyPlan) -> list[tuple[str, bool]]:
        contract = plan.contract
        return [
            ("Runtime", bool(plan.concept_rows)),
            ("Interfaces", bool(contract.interfaces)),
            ("Configuration", bool(plan.configs)),
            ("Dependencies", bool(contract.dependencies)),
        ]

    def dependency_details(self, plan: _DependencyPlan, numbers: Numberer) -> None:
        contract = plan.contract
        target = "dep-" + sanitize(contract.service.name)
        number = numbers.next(2)
        self.emit(
            f'<details id="{target}">',
            f"<summary><h3>{number}. {contract.service.name} "
            f"<code>v{contract.service.version}</code></h3></summary>",
            "",
            summary_paragraph(contract),
            "",
        )
        present = dict(self.dependency_sections(plan))

        def heading(title: str) -> str:
            slug = title.lower()
            return f'<h4 id="{target}-{slug}">{numbers.next(3)}. {title}</h4>'

        if present["Runtime"]:
            self.emit(heading("Runtime"), "")
            self.concept_table(plan.concept_rows)
        if present["Interfaces"]:
            self.emit(heading("Interfaces"), "")
            self.interfaces(contract, plan.node.fs, level=5, numbers=numbers)
        if present["Configuration"]:
            self.configuration(
                plan.configs, plan.node.fs, numbers, heading=heading("Configuration")
            )
        if present["Dependencies"]:
            self.emit(heading("Dependencies"), "")
            self.dependency_table(contract)
        self.emit("</details>", "")


def _runtime_suffix(contract: Contract, interface: str) -> str:
    runtime = contract.runtime
    if runtime is None:
        return ""
    suffix = ""
    health = runtime.health
    if health is not None and health.interface == interface:
        parts = []
        if health.path:
            parts.append(f"owns the health path under `{health.path}`")
        if health.initial_delay_seconds is not None:
            parts.append(f"requires an initial delay of `{health.initial_delay_seconds}s`")
        if parts:
            suffix += " It " + " and ".join(parts) + "."
    metrics = runtime.metrics
    if metrics is not None and metrics.interface == interface:
        if metrics.path:
            suffix += f" It serves metrics at `{metrics.path}`."
        else:
            suffix += " It serves the metrics endpoint."
    return suffix
