"""``pacto explain`` (08-cli.md §3.8)."""

from __future__ import annotations

from pacto.cli._context import CliContext
from pacto.cli._overrides import bundle_command, run_bundle_plain
from pacto.cli.output import echo, emit_json

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

    import click

    from pacto.cli._options import PlainArgs


HELP = """Summarise a contract: identity, owner, runtime, interfaces, dependencies, scaling."""


def build_command() -> click.Command:
    """The click command (imported only when click handles the line)."""
    command: click.Command = bundle_command("explain", HELP, run)
    return command


def run_plain(state: CliContext, parsed: PlainArgs) -> None:
    run_bundle_plain(run, state, parsed)


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
