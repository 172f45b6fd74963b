"""``pacto dashboard [sources...]`` (08-cli.md §3.15, 10-dashboard.md §2).

Parses the arguments and settings (flag > ``PACTO_*`` env > config file > default), builds the
registry store through the composition root, detects the sources, prints the detection
report and the banner on stderr, and serves until Ctrl+C / SIGTERM (exit 0). FastAPI, uvicorn
and the Kubernetes client are imported only here, and only once the command runs.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import click

from pacto.cli._context import CliContext
from pacto.cli.root import global_options, parse_bool, pass_context

_IN_CLUSTER_TOKEN = "/var/run/secrets/kubernetes.io/serviceaccount/token"


@dataclass(frozen=True, slots=True)
class DashboardArgs:
    directory: str
    repos: list[str]


def parse_sources(
    sources: tuple[str, ...], repo_flags: tuple[str, ...], env: Mapping[str, str]
) -> DashboardArgs:
    """Positional ``oci://repo`` arguments and ``--repo`` values (positional first), at most
    one local directory; ``PACTO_DASHBOARD_REPO`` only when neither names a repository."""
    repos: list[str] = []
    directory = ""
    for argument in sources:
        if argument.startswith("oci://"):
            if argument == "oci://":
                raise click.UsageError('empty OCI reference: "oci://"')
            repos.append(argument[len("oci://") :])
        elif directory:
            raise click.UsageError(
                f'only one local path is allowed, got both "{directory}" and "{argument}"'
            )
        else:
            directory = argument
    for value in repo_flags:
        stripped = value.removeprefix("oci://")
        if not stripped:
            raise click.UsageError('empty OCI reference: "oci://"')
        repos.append(stripped)
    if not repos and env.get("PACTO_DASHBOARD_REPO"):
        repos = [r for r in env["PACTO_DASHBOARD_REPO"].split(",") if r]
    return DashboardArgs(directory=directory or ".", repos=repos)


def _lenient_int(value: Any, default: int) -> int:
    if isinstance(value, bool):
        return default
    if isinstance(value, int):
        return value
    try:
        return int(str(value).strip())
    except ValueError:
        return 0  # the reference parses integers leniently: invalid means 0


def _setting_bool(value: Any) -> bool:
    return value if isinstance(value, bool) else parse_bool(str(value))


def kube_settings(env: Mapping[str, str], kubeconfig: str, context: str) -> Any:
    """In-cluster configuration first, then ``KUBECONFIG``, then ``~/.kube/config``."""
    from pacto.dashboard import KubeSettings

    in_cluster = bool(
        env.get("KUBERNETES_SERVICE_HOST")
        and env.get("KUBERNETES_SERVICE_PORT")
        and Path(_IN_CLUSTER_TOKEN).is_file()
    )
    if not kubeconfig:
        kubeconfig = env.get("KUBECONFIG", "")
    if not kubeconfig and not in_cluster:
        home = env.get("HOME")
        default = Path(home) / ".kube" / "config" if home else None
        if default is not None and default.is_file():
            kubeconfig = str(default)
    return KubeSettings(
        kubeconfig=kubeconfig, context=context, in_cluster=in_cluster and not kubeconfig
    )


def _resolve_cache_dir(state: CliContext, store: Any) -> str:
    configured = state.setting("cache-dir", "")
    if configured:
        return str(configured)
    if store is not None and hasattr(store, "cache_dir"):
        value = store.cache_dir()
        if value:
            return str(value)
    from pacto._paths import cache_dir

    try:
        return str(cache_dir(state.env) / "oci")
    except RuntimeError:
        return ""


@click.command("dashboard")
@click.argument("sources", nargs=-1, metavar="[DIR] [oci://REPO...]")
@click.option("--host", default=None, help="Bind address (default 127.0.0.1).")
@click.option("--port", default=None, type=int, help="TCP port (default 3000).")
@click.option("--namespace", default=None, help="Kubernetes namespace (default: all).")
@click.option("--repo", "repo_flags", multiple=True, help="OCI repository to scan (repeatable).")
@click.option(
    "--kubeconfig", default=None, help="Kubeconfig file (default: KUBECONFIG, ~/.kube/config)."
)
@click.option("--context", "kube_context", default=None, help="Kubeconfig context to pin.")
@click.option(
    "--cache-dir",
    "cache_dir",
    default=None,
    help="OCI cache directory (default: cache-dir setting, else ~/.cache/pacto/oci).",
)
@click.option(
    "--diagnostics", is_flag=True, default=None, help="Enable /api/debug/* and diagnostics."
)
@global_options
@pass_context
def command(
    state: CliContext,
    sources: tuple[str, ...],
    host: str | None,
    port: int | None,
    namespace: str | None,
    repo_flags: tuple[str, ...],
    kubeconfig: str | None,
    kube_context: str | None,
    cache_dir: str | None,
    diagnostics: bool | None,
) -> None:
    """Serve the fleet dashboard: services from a local directory, OCI repositories and a
    Kubernetes cluster running the Pacto operator, in one view with a JSON API.

    \b
    Examples:
      pacto dashboard examples/
      pacto dashboard oci://ghcr.io/acme/orders-pacto oci://ghcr.io/acme/payments-pacto
      pacto dashboard --namespace shop --port 8080
    """
    args = parse_sources(sources, repo_flags, state.env)
    host = host if host is not None else str(state.setting("dashboard.host", "127.0.0.1"))
    port = port if port is not None else _lenient_int(state.setting("dashboard.port", 3000), 3000)
    if not 0 <= port <= 65535:
        raise click.BadParameter(f"{port} is not a TCP port (0-65535)", param_hint="'--port'")
    if namespace is None:
        namespace = str(state.setting("dashboard.namespace", ""))
        if not namespace:
            namespace = state.env.get("PACTO_WATCH_NAMESPACE", "")
    if diagnostics is None:
        diagnostics = _setting_bool(state.setting("dashboard.diagnostics", False))
    kube = kube_settings(
        state.env,
        kubeconfig if kubeconfig is not None else str(state.setting("dashboard.kubeconfig", "")),
        kube_context if kube_context is not None else str(state.setting("dashboard.context", "")),
    )
    serve(
        state, args, host=host, port=port, namespace=namespace, diagnostics=diagnostics, kube=kube
    )


def serve(
    state: CliContext,
    args: DashboardArgs,
    *,
    host: str,
    port: int,
    namespace: str,
    diagnostics: bool,
    kube: Any,
    cache_dir: str = "",
) -> None:
    from pacto import __version__
    from pacto.bootstrap import build_store
    from pacto.dashboard import (
        DashboardOptions,
        NoSourcesError,
        bind_socket,
        create_app,
        engine_differ,
        open_dashboard,
        run_server,
    )
    from pacto.dashboard.sources import dedupe_source_infos

    store = build_store(state.env, no_cache=state.no_cache)
    options = DashboardOptions(
        version=__version__,
        host=host,
        port=port,
        diagnostics=diagnostics,
        namespace=namespace,
        cache_dir=cache_dir or _resolve_cache_dir(state, store),
    )
    try:
        dashboard = open_dashboard(
            directory=args.directory,
            repos=args.repos,
            store=store,
            options=options,
            no_cache=state.no_cache,
            kube=kube,
            differ=engine_differ(),
        )
    except NoSourcesError as exc:
        click.echo("No data sources detected:", err=True)
        for info in exc.infos:
            click.echo(f"  {info.type}: {info.reason}", err=True)
        raise click.ClickException(str(exc)) from exc
    try:
        click.echo("Detected sources:", err=True)
        for info in dedupe_source_infos(dashboard.detection.sources):
            state_text = "enabled" if info.enabled else "disabled"
            click.echo(f"  {info.type}: {state_text} ({info.reason})", err=True)
        sock = bind_socket(host, port)
        bound_port = sock.getsockname()[1]
        if bound_port != port:
            from dataclasses import replace

            dashboard.options = replace(dashboard.options, port=bound_port)
        app = create_app(dashboard)
        click.echo("", err=True)
        click.echo(
            f"Pacto Dashboard running at http://{options.display_host()}:{bound_port}", err=True
        )
        click.echo(f"Sources: {', '.join(sorted(dashboard.resolved.sources()))}", err=True)
        click.echo("Press Ctrl+C to stop", err=True)
        run_server(app, sock)
    finally:
        dashboard.close()
        if store is not None and hasattr(store, "close"):
            store.close()
