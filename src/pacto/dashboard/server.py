"""The ASGI application and the HTTP server (10-dashboard.md §12).

Handlers are thin: they parse the path, query or body and call one :class:`Dashboard`
method, which returns wire data. Here live the routes, the error → status table (one place,
:func:`_status_for`), the request-validation error mapping, the OpenAPI 3.1 document
generated from the pydantic models of :mod:`pacto.dashboard.api`, and the uvicorn runner;
the problem envelope, CORS, the body cap and the static UI are in :mod:`pacto.dashboard.http`.
"""

from __future__ import annotations

import logging
import socket
from collections.abc import Callable
from typing import Annotated, Any

from fastapi import Body, FastAPI, Query, Request
from fastapi import Path as PathParam
from fastapi.exceptions import RequestValidationError
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.openapi.utils import get_openapi
from fastapi.responses import HTMLResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from pacto.dashboard import api
from pacto.dashboard.core import Dashboard
from pacto.dashboard.errors import DashboardError, ServiceNotFoundError
from pacto.dashboard.http import (
    MAX_BODY_BYTES,
    PROBLEM,
    STATUS_TITLES,
    BodyLimitMiddleware,
    CORSMiddleware,
    problem,
    static_file,
)
from pacto.dashboard.wire import encode
from pacto.errors import PactoError

__all__ = ["MAX_BODY_BYTES", "bind_socket", "create_app", "export_openapi", "run_server"]

log = logging.getLogger(__name__)

DESCRIPTION = (
    "REST API for the Pacto service contract dashboard. Resolves contract data from the local "
    "filesystem or OCI registries, enriched with runtime state from Kubernetes."
)


# -- responses ------------------------------------------------------------------------------


def _json(data: Any) -> Response:
    return Response(content=encode(data), media_type="application/json")


def _json_bytes(body: bytes) -> Response:
    return Response(content=body, media_type="application/json")


def _status_for(exc: BaseException, operation: str = "") -> int:
    """The error → HTTP status table. Registry errors differ per operation (§12.3)."""
    from pacto.oci import errors as oci

    if isinstance(exc, oci.RegistryError):
        if isinstance(exc, oci.AuthenticationError):
            return 403
        # Beyond the reference (which answers 502 for anything but 403 here): a repository
        # that does not exist is a 404 and a malformed reference a 422, not a gateway error.
        if operation == "list-remote-versions" and isinstance(
            exc, oci.NoMatchingVersionError | oci.InvalidBundleError
        ):
            return 502
        if isinstance(exc, oci.ArtifactNotFoundError):
            return 404
        if isinstance(
            exc, oci.InvalidRefError | oci.NoMatchingVersionError | oci.InvalidBundleError
        ):
            return 422
        return 502
    if isinstance(exc, oci.ArchiveError):
        return 422 if operation == "resolve-ref" else 502
    if isinstance(exc, ServiceNotFoundError):
        return 404
    return 500


def _call(operation: str, function: Callable[[], Any]) -> Response:
    try:
        result = function()
    except PactoError as exc:
        status = _status_for(exc, operation)
        if status >= 500:
            log.warning("operation failed operation=%s error=%s", operation, exc)
        return problem(status, str(exc))
    if isinstance(result, bytes):
        return _json_bytes(result)
    return _json(result)


# -- OpenAPI --------------------------------------------------------------------------------

_ERROR_REF = {"$ref": "#/components/schemas/ErrorModel"}


def _finish_openapi(document: dict[str, Any], server_url: str | None) -> dict[str, Any]:
    """Post-process FastAPI's generated document: problem+json error bodies, servers."""
    document["info"]["description"] = DESCRIPTION
    if server_url:
        document["servers"] = [{"url": server_url}]
    for item in document.get("paths", {}).values():
        for operation in item.values():
            for status, response in operation.get("responses", {}).items():
                if status.startswith(("4", "5")):
                    response["content"] = {PROBLEM: {"schema": _ERROR_REF}}
    schemas = document.setdefault("components", {}).setdefault("schemas", {})
    schemas.pop("HTTPValidationError", None)
    schemas.pop("ValidationError", None)
    return document


def _errors(*statuses: int) -> dict[int | str, dict[str, Any]]:
    return {
        status: {"model": api.ErrorModel, "description": STATUS_TITLES[status]}
        for status in statuses
    }


def create_app(
    dashboard: Dashboard,
    *,
    enable_remote: bool | None = None,
    enable_debug: bool | None = None,
) -> FastAPI:
    """The dashboard's ASGI app. ``/api/resolve`` and ``/api/versions`` exist only with a
    bundle store, ``/api/debug/*`` only with diagnostics (§12.2), unless forced here."""
    remote = dashboard.store is not None if enable_remote is None else enable_remote
    debug = dashboard.options.diagnostics if enable_debug is None else enable_debug
    app = FastAPI(
        title="Pacto Dashboard API",
        version="1.0.0",
        description=DESCRIPTION,
        openapi_url=None,
        docs_url=None,
        redoc_url=None,
        redirect_slashes=False,
        separate_input_output_schemas=False,
    )
    name_param = PathParam(min_length=1, max_length=api.NAME_MAX_LENGTH, description="Service name")

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError) -> Response:
        errors = []
        for error in exc.errors():
            location = ".".join(str(part) for part in error.get("loc", ()))
            message = error.get("msg", "invalid value")
            if error.get("type") == "missing":
                where = location.split(".", 1)[0]
                message = {
                    "query": "required query parameter is missing",
                    "body": "required property is missing",
                }.get(where, message)
            value = error.get("input")
            errors.append(
                {
                    "message": message,
                    "location": location,
                    "value": value if isinstance(value, str | int | float | bool) else None,
                }
            )
        return problem(422, "validation failed", errors=errors)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return problem(exc.status_code, str(exc.detail), headers=dict(exc.headers or {}))

    @app.exception_handler(Exception)
    async def unexpected_error(request: Request, exc: Exception) -> Response:
        # The HTTP boundary: a bug becomes a logged 500 problem, never a dropped connection.
        log.exception("unexpected error path=%s", request.url.path)
        return problem(500, "internal error")

    @app.get(
        "/health",
        operation_id="health",
        tags=["Health"],
        summary="Liveness and version",
        response_model=api.HealthOutputBody,
    )
    def health() -> Response:
        return _json(dashboard.health())

    @app.get(
        "/metrics",
        operation_id="metrics",
        tags=["Health"],
        summary="Service and source counts",
        response_model=api.MetricsOutputBody,
    )
    def metrics() -> Response:
        return _json(dashboard.metrics())

    @app.get(
        "/api/services",
        operation_id="list-services",
        tags=["Services"],
        summary="List services",
        response_model=list[api.ServiceListEntry],
    )
    def list_services() -> Response:
        return _call("list-services", dashboard.services_body)

    @app.get(
        "/api/services/{name}",
        operation_id="get-service",
        tags=["Services"],
        summary="Service details",
        response_model=api.ServiceDetails,
        responses=_errors(404, 422),
    )
    def get_service(name: str = name_param) -> Response:
        return _call("get-service", lambda: dashboard.service(name))

    @app.get(
        "/api/services/{name}/versions",
        operation_id="get-service-versions",
        tags=["Services"],
        summary="Version history",
        response_model=list[api.Version],
        responses=_errors(422),
    )
    def get_versions(name: str = name_param) -> Response:
        return _call("get-service-versions", lambda: dashboard.versions(name))

    @app.get(
        "/api/services/{name}/sources",
        operation_id="get-service-sources",
        tags=["Services"],
        summary="Per-source views",
        response_model=api.AggregatedService,
        responses=_errors(404, 422),
    )
    def get_sources_of(name: str = name_param) -> Response:
        return _call("get-service-sources", lambda: dashboard.service_sources(name))

    @app.get(
        "/api/graph",
        operation_id="get-global-graph",
        tags=["Graph"],
        summary="Global dependency graph",
        response_model=api.GlobalGraph,
    )
    def global_graph() -> Response:
        return _call("get-global-graph", dashboard.graph_body)

    @app.get(
        "/api/services/{name}/graph",
        operation_id="get-service-graph",
        tags=["Graph"],
        summary="Dependency tree of a service",
        response_model=api.DependencyGraph,
        responses=_errors(404, 422),
    )
    def service_graph(name: str = name_param) -> Response:
        return _call("get-service-graph", lambda: dashboard.service_graph(name))

    @app.get(
        "/api/services/{name}/dependents",
        operation_id="get-service-dependents",
        tags=["Services"],
        summary="Services that depend on this one",
        response_model=list[api.DependentInfo],
        responses=_errors(422),
    )
    def dependents(name: str = name_param) -> Response:
        return _call("get-service-dependents", lambda: dashboard.dependents(name))

    @app.get(
        "/api/services/{name}/refs",
        operation_id="get-service-refs",
        tags=["Services"],
        summary="Configuration and policy references",
        response_model=api.CrossReferences,
        responses=_errors(422),
    )
    def refs(name: str = name_param) -> Response:
        return _call("get-service-refs", lambda: dashboard.refs(name))

    @app.get(
        "/api/diff",
        operation_id="get-diff",
        tags=["Diff"],
        summary="Diff two versions",
        response_model=api.DiffResult,
        responses=_errors(404, 422, 500),
    )
    def diff(
        from_name: str = Query(min_length=1, max_length=api.NAME_MAX_LENGTH),
        to_name: str = Query(min_length=1, max_length=api.NAME_MAX_LENGTH),
        from_version: str = Query(default="", max_length=api.NAME_MAX_LENGTH),
        to_version: str = Query(default="", max_length=api.NAME_MAX_LENGTH),
    ) -> Response:
        return _call(
            "get-diff", lambda: dashboard.diff(from_name, from_version, to_name, to_version)
        )

    @app.get(
        "/api/sources",
        operation_id="get-sources",
        tags=["Sources"],
        summary="Detected sources",
        response_model=api.GetSourcesOutputBody,
    )
    def sources() -> Response:
        return _json(dashboard.sources())

    @app.post(
        "/api/refresh",
        operation_id="refresh",
        tags=["Sources"],
        summary="Invalidate caches and re-detect",
        response_model=api.RefreshOutputBody,
    )
    def refresh() -> Response:
        return _call("refresh", dashboard.refresh)

    if remote:

        @app.post(
            "/api/resolve",
            operation_id="resolve-ref",
            tags=["Services"],
            summary="Fetch a remote contract",
            response_model=api.ServiceDetails,
            responses=_errors(403, 404, 413, 422, 502),
        )
        def resolve(body: Annotated[api.ResolveRefInputBody, Body()]) -> Response:
            return _call("resolve-ref", lambda: dashboard.resolve(body.ref, body.compatibility))

        @app.post(
            "/api/versions",
            operation_id="list-remote-versions",
            tags=["Services"],
            summary="List (and fetch) registry versions",
            response_model=api.ListRemoteVersionsOutputBody,
            responses=_errors(403, 404, 413, 422, 502),
        )
        def remote_versions(
            body: Annotated[api.ListRemoteVersionsInputBody, Body()],
        ) -> Response:
            return _call(
                "list-remote-versions", lambda: dashboard.remote_versions(body.ref, body.fetch)
            )

    if debug:

        @app.get(
            "/api/debug/sources",
            operation_id="debug-sources",
            tags=["Debug"],
            summary="Detection diagnostics",
            response_model=api.DebugSourcesOutputBody,
        )
        def debug_sources() -> Response:
            return _call("debug-sources", dashboard.debug_sources)

        @app.get(
            "/api/debug/services",
            operation_id="debug-services",
            tags=["Debug"],
            summary="Per-source service lists",
            response_model=api.DebugServicesOutputBody,
            responses=_errors(500),
        )
        def debug_services() -> Response:
            return _call("debug-services", dashboard.debug_services)

    def openapi_document() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = get_openapi(
                title=app.title,
                version=app.version,
                openapi_version="3.1.0",
                description=DESCRIPTION,
                routes=app.routes,
                separate_input_output_schemas=False,
            )
            app.openapi_schema = _finish_openapi(document, dashboard.options.server_url())
        return app.openapi_schema

    app.openapi = openapi_document  # type: ignore[method-assign]

    @app.get("/openapi.json", include_in_schema=False)
    def openapi_json() -> Response:
        return _json(openapi_document())

    @app.get("/openapi.yaml", include_in_schema=False)
    def openapi_yaml() -> Response:
        import yaml

        text = yaml.safe_dump(openapi_document(), sort_keys=False, allow_unicode=True)
        return Response(content=text, media_type="application/yaml")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        # Swagger UI from package data when scripts/build-assets vendored it (offline use),
        # else from FastAPI's default CDN.
        title = "Pacto Dashboard API"
        if static_file("vendor/swagger-ui-bundle.js") and static_file("vendor/swagger-ui.css"):
            return get_swagger_ui_html(
                openapi_url="/openapi.json",
                title=title,
                swagger_js_url="/vendor/swagger-ui-bundle.js",
                swagger_css_url="/vendor/swagger-ui.css",
                swagger_favicon_url="/favicon.ico",
            )
        return get_swagger_ui_html(openapi_url="/openapi.json", title=title)

    @app.get("/schemas/{schema_name}", include_in_schema=False)
    def component_schema(schema_name: str) -> Response:
        schemas = openapi_document().get("components", {}).get("schemas", {})
        name = schema_name.removesuffix(".json")
        if not schema_name.endswith(".json") or name not in schemas:
            return problem(404, f"schema not found: {schema_name}")
        return _json(schemas[name])

    @app.api_route("/{path:path}", methods=["GET", "HEAD"], include_in_schema=False)
    def static(path: str) -> Response:
        found = static_file(path)
        if found is None:
            return problem(404, f"not found: /{path}")
        data, media_type = found
        headers = {"Cache-Control": "no-cache"} if media_type == "text/html" else None
        return Response(content=data, media_type=media_type, headers=headers)

    app.add_middleware(BodyLimitMiddleware)
    app.add_middleware(CORSMiddleware)
    return app


def export_openapi(dashboard: Dashboard) -> dict[str, Any]:
    """The full document with all 17 operations (beyond the reference), no server needed."""
    app = create_app(dashboard, enable_remote=True, enable_debug=True)
    document: dict[str, Any] = app.openapi()
    return document


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind the listening socket (so a failure is reported before the banner)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host or "0.0.0.0", port))
    except (OSError, OverflowError) as exc:  # OverflowError: a port outside 0-65535
        sock.close()
        raise DashboardError(f"listen: {exc}") from exc
    sock.set_inheritable(True)
    return sock


def run_server(app: FastAPI, sock: socket.socket) -> None:
    """Serve until SIGINT/SIGTERM, then close the listener and return (a clean stop, so the
    command exits 0; uvicorn itself would re-raise the signal after shutting down)."""
    import signal
    import threading
    from collections.abc import Iterator
    from contextlib import contextmanager

    import uvicorn

    class _Server(uvicorn.Server):
        @contextmanager
        def capture_signals(self) -> Iterator[None]:
            if threading.current_thread() is not threading.main_thread():
                yield
                return
            previous = {
                sig: signal.signal(sig, self.handle_exit) for sig in (signal.SIGINT, signal.SIGTERM)
            }
            try:
                yield
            finally:
                for sig, handler in previous.items():
                    signal.signal(sig, handler)

    config = uvicorn.Config(
        app,
        log_level="warning",
        access_log=False,
        lifespan="off",
        timeout_graceful_shutdown=5,
    )
    _Server(config).run(sockets=[sock])
