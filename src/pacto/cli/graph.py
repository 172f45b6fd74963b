"""``pacto graph [DIR | oci://REF]`` (08-cli.md §3.7, 05-graph.md §7)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from pacto.cli._context import CliContext
from pacto.cli._overrides import build_overrides, override_options
from pacto.cli.output import echo_err, emit_json
from pacto.cli.root import global_options, pass_context

if TYPE_CHECKING:
    from pacto.app.graph import GraphResult


@click.command("graph")
@click.argument("path", default=".", metavar="[DIR | oci://REF]")
@override_options
@click.option(
    "--with-references",
    is_flag=True,
    help="Also list the root's configuration and policy references ([ref] edges).",
)
@click.option(
    "--only-references",
    is_flag=True,
    help="List only the root's configuration and policy references; resolve no dependency.",
)
@click.option("--dot", "diagram", flag_value="dot", help="Print the graph in Graphviz DOT.")
@click.option("--mermaid", "diagram", flag_value="mermaid", help="Print a Mermaid flowchart.")
@click.option(
    "-j",
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    metavar="N",
    help="Fetch at most N dependencies at a time (default 16; 1 resolves one by one).",
)
@global_options
@pass_context
def command(
    state: CliContext,
    path: str,
    values: tuple[str, ...],
    set_values: tuple[str, ...],
    set_string_values: tuple[str, ...],
    set_json_values: tuple[str, ...],
    with_references: bool,
    only_references: bool,
    diagram: str | None,
    jobs: int | None,
) -> None:
    """Resolve a contract's dependencies recursively and print them as a tree.

    Local dependencies resolve against the directory of the contract that declares them;
    oci:// dependencies without a tag get the highest tag their compatibility range allows.
    Shared dependencies are fetched once and marked (shared); unreachable ones are shown with
    their error, and cycles and version conflicts are listed after the tree. Exits 1 only when
    the root contract itself cannot be loaded. A summary of the resolution goes to stderr.

    \b
    Examples:
      pacto graph orders/
      pacto graph oci://ghcr.io/acme/orders-pacto --output-format json
      pacto graph orders --with-references
      pacto graph orders --dot | dot -Tsvg > graph.svg
    """
    from pacto.app.graph import DEFAULT_MAX_WORKERS, GraphOptions

    options = GraphOptions(
        path=path,
        overrides=build_overrides(values, set_values, set_string_values, set_json_values),
        include_references=with_references or only_references,
        only_references=only_references,
        max_workers=jobs or DEFAULT_MAX_WORKERS,
    )
    outcome = state.service().graph(options)
    render(state, outcome, diagram)
    echo_err(summary(outcome))


def render(state: CliContext, outcome: GraphResult, diagram: str | None) -> None:
    """The graph on stdout: a diagram when asked for, else JSON or the text tree."""
    from pacto.graph import render_dot, render_mermaid, render_tree

    if diagram == "dot":
        click.echo(render_dot(outcome.result), nl=False)
    elif diagram == "mermaid":
        click.echo(render_mermaid(outcome.result), nl=False)
    elif state.output_format == "json":
        emit_json(outcome.to_wire())
    else:
        click.echo(render_tree(outcome.result, color=_wants_color(state)), nl=False)


def summary(outcome: GraphResult) -> str:
    """``Resolved 11 dependencies in 0.42s: 9 fetched, 1 from cache, 1 local, 0 failed``."""
    stats = outcome.stats
    noun = "dependency" if stats.total == 1 else "dependencies"
    return (
        f"Resolved {stats.total} {noun} in {outcome.elapsed_seconds:.2f}s: "
        f"{stats.fetched} fetched, {stats.from_cache} from cache, {stats.local} local, "
        f"{stats.failed} failed"
    )


def _wants_color(state: CliContext) -> bool:
    if "NO_COLOR" in state.env:
        return False
    return sys.stdout.isatty()
