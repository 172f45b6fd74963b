"""``pacto push oci://REF`` (08-cli.md §3.4)."""

from __future__ import annotations

import sys
from typing import TYPE_CHECKING

import click

from pacto.cli._context import CliContext
from pacto.cli._overrides import build_overrides, override_options
from pacto.cli.output import echo, echo_err, emit_json
from pacto.cli.root import global_options, pass_context

if TYPE_CHECKING:
    from pacto.app.pack import ContractInvalidError
    from pacto.oci import Progress


def report_invalid(error: ContractInvalidError) -> None:
    """Print the validation findings (as ``validate`` does) before the failure line."""
    for issue in error.result.errors:
        echo_err(f"  ERROR [{issue.code}] {issue.path}: {issue.message}")
    for issue in error.result.warnings:
        echo_err(f"  WARN  [{issue.code}] {issue.path}: {issue.message}")


def configure_transport(state: CliContext, ref: str, *, insecure: bool, plain_http: bool) -> None:
    """Apply ``--insecure``/``--plain-http`` before the store is built (it reads them from the
    environment mapping the CLI hands to the composition root)."""
    if not insecure and not plain_http:
        return
    env = dict(state.env)
    if plain_http:
        env["PACTO_PLAIN_HTTP"] = "1"
    if insecure:
        from pacto.oci import InvalidRefError, parse_reference

        try:
            registry = parse_reference(ref).registry
        except InvalidRefError:
            registry = ""
        if registry:
            listed = [env.get("PACTO_INSECURE_REGISTRIES", ""), registry]
            env["PACTO_INSECURE_REGISTRIES"] = ",".join(item for item in listed if item)
    state.env = env


def progress_display(state: CliContext) -> Progress | None:
    """A Rich progress display on stderr, only in text mode on a terminal."""
    from pacto.oci import terminal_progress

    return terminal_progress(sys.stderr, enabled=state.output_format == "text")


def transport_options(function: click.decorators.FC) -> click.decorators.FC:
    function = click.option(
        "--plain-http",
        is_flag=True,
        help="Talk plain HTTP to every registry (test registries).",
    )(function)
    return click.option(
        "--insecure",
        is_flag=True,
        help="Allow plain HTTP for this registry (loopback and private hosts always may).",
    )(function)


@click.command("push")
@click.argument("ref", metavar="oci://REF")
@click.argument("directory", required=False, metavar="[DIR]")
@click.option("-p", "--path", default=None, metavar="DIR", help="Bundle directory (default: .).")
@click.option("-f", "--force", is_flag=True, help="Overwrite the tag if it exists.")
@transport_options
@(lambda function: override_options(function, values_short=False))
@global_options
@pass_context
def command(
    state: CliContext,
    ref: str,
    directory: str | None,
    path: str | None,
    force: bool,
    insecure: bool,
    plain_http: bool,
    values: tuple[str, ...],
    set_values: tuple[str, ...],
    set_string_values: tuple[str, ...],
    set_json_values: tuple[str, ...],
) -> None:
    """Validate the bundle in DIR (or --path; default .) and push it to
    oci://registry/repository[:tag]. Without a
    tag, service.version is the tag. An existing tag is left alone (with a warning) unless
    --force is given. Prints the manifest digest.

    \b
    Examples:
      pacto push oci://ghcr.io/acme/orders-pacto orders/
      pacto push oci://ghcr.io/acme/orders-pacto -p orders/
      pacto push oci://localhost:5000/acme/orders:latest -p orders --force
    """
    from pacto.app.pack import ContractInvalidError
    from pacto.app.push import PushOptions

    if directory is not None and path is not None and directory != path:
        raise click.UsageError(f'give the bundle directory once: "{directory}" or --path "{path}"')
    path = directory or path or "."
    configure_transport(state, ref.removeprefix("oci://"), insecure=insecure, plain_http=plain_http)
    overrides = build_overrides(values, set_values, set_string_values, set_json_values)
    progress = progress_display(state)
    try:
        result = state.service().push(
            PushOptions(ref=ref, path=path, force=force, overrides=overrides, progress=progress)
        )
    except ContractInvalidError as exc:
        report_invalid(exc)
        raise
    finally:
        if progress is not None:
            progress.close()
    if not result.pushed:
        echo_err(f"Warning: {result.warning}")
        return
    if state.output_format == "json":
        emit_json(result.to_wire())
        return
    echo(f"Pushed {result.name}@{result.version} -> {result.ref}")
    echo(f"Digest: {result.digest}")
