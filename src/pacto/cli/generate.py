"""``pacto generate <plugin> [DIR | oci://REF]`` (08-cli.md §3.10, 09-plugins-doc-mcp.md §1)."""

from __future__ import annotations

import click

from pacto.cli._context import CliContext
from pacto.cli._overrides import build_overrides, override_options
from pacto.cli.output import echo, emit_json
from pacto.cli.root import global_options, pass_context


def _parse_options(items: tuple[str, ...]) -> dict[str, str] | None:
    """``key=value`` items; entries without ``=`` are ignored and a repeated key keeps the last
    value (the reference's rules). ``None`` when no ``--option`` was given at all."""
    if not items:
        return None
    options: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if sep:
            options[key] = value
    return options


def _timeout(state: CliContext, flag: float | None) -> float | None:
    if flag is not None:
        return flag
    configured = state.setting("plugin-timeout")
    if configured in (None, ""):
        return None
    try:
        return float(configured)
    except (TypeError, ValueError) as exc:
        raise click.UsageError(
            f'invalid plugin timeout "{configured}" (PACTO_PLUGIN_TIMEOUT): use seconds, e.g. 120'
        ) from exc


@click.command("generate")
@click.argument("plugin")
@click.argument("path", default=".", metavar="[DIR | oci://REF]")
@click.option(
    "-o",
    "--output",
    "output",
    default="",
    metavar="DIR",
    help="Output directory (default: <plugin>-output).",
)
@click.option(
    "--option",
    "option_items",
    multiple=True,
    metavar="KEY=VALUE",
    help="Option passed to the plugin (repeatable; a repeated key keeps the last value).",
)
@click.option(
    "--timeout",
    "timeout",
    type=click.FloatRange(min=0),
    default=None,
    metavar="SECONDS",
    help="Kill the plugin after this many seconds (default 60, or PACTO_PLUGIN_TIMEOUT; 0: none).",
)
@override_options
@global_options
@pass_context
def command(
    state: CliContext,
    plugin: str,
    path: str,
    output: str,
    option_items: tuple[str, ...],
    timeout: float | None,
    values: tuple[str, ...],
    set_values: tuple[str, ...],
    set_string_values: tuple[str, ...],
    set_json_values: tuple[str, ...],
) -> None:
    """Run the generator plugin PLUGIN (the executable pacto-plugin-PLUGIN, looked up on PATH,
    then in ~/.config/pacto/plugins/) on a contract, and write the files it returns under the
    output directory.

    \b
    Examples:
      pacto generate schema-infer orders --option file=config.yaml
      pacto generate helm oci://ghcr.io/acme/orders-pacto:1.4.0 -o manifests
    """
    from pacto.app.generate import GenerateOptions

    overrides = build_overrides(values, set_values, set_string_values, set_json_values)
    result = state.service().generate(
        GenerateOptions(
            plugin=plugin,
            path=path,
            output_dir=output,
            options=_parse_options(option_items),
            overrides=overrides,
            timeout=_timeout(state, timeout),
        )
    )
    if state.output_format == "json":
        emit_json(result.to_wire())
        return
    echo(f"Generated {result.files_count} file(s) using {result.plugin}")
    echo(f"Output: {result.output_dir}/")
    if result.message:
        echo(f"Message: {result.message}")
