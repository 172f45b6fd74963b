"""``pacto explain`` (08-cli.md §3.8)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from pacto.cli._context import CliContext
from pacto.cli._overrides import build_overrides, plain_overrides
from pacto.cli.output import echo, emit_json

if TYPE_CHECKING:
    import click

    from pacto.cli._options import PlainArgs


def build_command() -> click.Command:
    """The click command (imported only when click handles the line)."""
    import click

    from pacto.cli._overrides import override_options
    from pacto.cli.root import global_options, pass_context

    @click.command("explain")
    @click.argument("path", default=".", metavar="[DIR | oci://REF]")
    @override_options
    @global_options
    @pass_context
    def command(
        state: CliContext,
        path: str,
        values: tuple[str, ...],
        set_values: tuple[str, ...],
        set_string_values: tuple[str, ...],
        set_json_values: tuple[str, ...],
    ) -> None:
        """Summarise a contract: identity, owner, runtime, interfaces, dependencies, scaling."""
        run(state, path, build_overrides(values, set_values, set_string_values, set_json_values))

    return command


def run_plain(state: CliContext, parsed: PlainArgs) -> None:
    run(state, parsed.operands[0] if parsed.operands else ".", plain_overrides(parsed.flags))


def run(state: CliContext, path: str, overrides: Any) -> None:
    from pacto.app.explain import ExplainOptions

    result = state.service().explain(ExplainOptions(path=path, overrides=overrides))
    if state.output_format == "json":
        emit_json(result.to_wire())
        return
    contract = result.contract
    echo(f"Service: {contract.service.name}@{contract.service.version}")
    if not contract.service.owner.is_empty():
        echo(f"Owner: {contract.service.owner.display()}")
    echo(f"Pacto Version: {contract.pacto_version}")
    runtime = contract.runtime
    if runtime is not None and runtime.workload:
        persistence = runtime.state.persistence
        echo()
        echo("Runtime:")
        echo(f"  Workload: {runtime.workload}")
        echo(f"  State: {runtime.state.type}")
        echo(f"  Persistence: {persistence.scope}/{persistence.durability}")
        echo(f"  Data Criticality: {runtime.state.data_criticality}")
    if contract.interfaces:
        echo()
        echo(f"Interfaces ({len(contract.interfaces)}):")
        for interface in contract.interfaces:
            details = [interface.type]
            if interface.port is not None:
                details.append(f"port {interface.port}")
            details.append(interface.effective_visibility())
            echo(f"  - {interface.name} ({', '.join(details)})")
    if contract.dependencies:
        echo()
        echo(f"Dependencies ({len(contract.dependencies)}):")
        for dependency in contract.dependencies:
            need = "required" if dependency.required else "optional"
            echo(f"  - {dependency.ref} ({dependency.compatibility}, {need})")
    if contract.scaling is not None:
        echo()
        scaling = contract.scaling
        if scaling.replicas is not None:
            echo(f"Scaling: {scaling.replicas} replicas")
        else:
            echo(f"Scaling: {scaling.min}-{scaling.max}")
