"""The HTTP API in-process (httpx.ASGITransport): shapes, statuses, errors, CORS, OpenAPI,
static files and invariants 1, 6 and 10 end to end."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter
from starlette.types import Message

from pacto.dashboard import api, engine_differ
from pacto.dashboard.core import Dashboard, DashboardOptions, open_dashboard
from pacto.dashboard.server import MAX_BODY_BYTES, create_app, export_openapi
from pacto.dashboard.sources.k8s import KubeSettings
from tests.unit.dashboard.fakes import (
    FakeKubeClient,
    FakeStore,
    contract_yaml,
    fake_differ,
    make_bundle,
    pacto_object,
    revision_object,
)
from tests.unit.dashboard.test_sources import materialise, write_bundle


def fleet(tmp_path: Path) -> Path:
    root = tmp_path / "fleet"
    write_bundle(
        root / "orders",
        contract_yaml(
            "orders",
            "1.5.0-dev",
            deps=[("../payments", True), ("oci://r.io/acme/auth-pacto", False)],
            extra=(
                "interfaces:\n  - name: rest\n    type: http\n    port: 8080\n"
                "    contract: openapi.yaml\n"
            ),
        ),
        {
            "openapi.yaml": "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths:\n"
            "  /orders:\n    get: {summary: List orders, responses: {'200': {description: ok}}}\n"
        },
    )
    write_bundle(root / "payments", contract_yaml("payments", "2.0.0"))
    return root


def k8s_client() -> FakeKubeClient:
    return FakeKubeClient(
        [
            pacto_object(
                "orders",
                version="1.4.0",
                resolved_ref="r.io/acme/orders-pacto:1.4.0",
                status={
                    "contract": {
                        "serviceName": "orders",
                        "version": "1.4.0",
                        "resolvedRef": "r.io/acme/orders-pacto:1.4.0",
                        "resolutionPolicy": "Latest",
                        "imageRef": "r.io/acme/orders:1.4.0",
                    },
                    "conditions": [{"type": "PortsValid", "status": "False"}],
                    "summary": {"total": 2, "passed": 1, "failed": 1},
                    "ports": {"missing": [9090]},
                },
            ),
            pacto_object("k8s-only", contract_status="Reference"),
        ],
        [revision_object("orders", "1.4.0", contractHash="abc", createdAt="2026-01-01T00:00:00Z")],
    )


def oci_store() -> FakeStore:
    store = FakeStore()
    store.add("r.io/acme/orders-pacto", make_bundle(contract_yaml("orders", "1.4.0")))
    store.add("r.io/acme/orders-pacto", make_bundle(contract_yaml("orders", "2.0.0")))
    store.add("r.io/acme/auth-pacto", make_bundle(contract_yaml("auth", "1.0.0")))
    return store


@pytest.fixture
def dashboard(tmp_path: Path) -> Any:
    board = open_dashboard(
        directory=str(fleet(tmp_path)),
        repos=["oci://r.io/acme/orders-pacto"],
        store=oci_store(),
        options=DashboardOptions(
            diagnostics=True, cache_dir=str(tmp_path / "cache"), version="9.9.9"
        ),
        kube=KubeSettings(kubeconfig="/fake"),
        kube_client_factory=lambda s: k8s_client(),
        differ=fake_differ,
    )
    yield board
    board.close()


@pytest.fixture
def client(dashboard: Dashboard, api_client: Any) -> Any:
    return api_client(create_app(dashboard))


def check(model: Any, data: Any) -> Any:
    """Validate ``data`` strictly (``extra="forbid"``) against the API model."""
    return TypeAdapter(model).validate_python(data)


def test_every_endpoint_answers_with_its_documented_shape(client):
    shapes = {
        "/health": api.HealthOutputBody,
        "/metrics": api.MetricsOutputBody,
        "/api/services": list[api.ServiceListEntry],
        "/api/services/orders": api.ServiceDetails,
        "/api/services/orders/versions": list[api.Version],
        "/api/services/orders/sources": api.AggregatedService,
        "/api/graph": api.GlobalGraph,
        "/api/services/orders/graph": api.DependencyGraph,
        "/api/services/payments/dependents": list[api.DependentInfo],
        "/api/services/orders/refs": api.CrossReferences,
        "/api/diff?from_name=orders&from_version=1.4.0&to_name=orders&to_version=2.0.0": (
            api.DiffResult
        ),
        "/api/sources": api.GetSourcesOutputBody,
        "/api/debug/sources": api.DebugSourcesOutputBody,
        "/api/debug/services": api.DebugServicesOutputBody,
    }
    for path, model in shapes.items():
        response = client.get(path)
        assert response.status_code == 200, (path, response.text)
        assert response.headers["content-type"] == "application/json"
        check(model, response.json())
    check(api.RefreshOutputBody, client.post("/api/refresh").json())
    response = client.post("/api/resolve", json={"ref": "oci://r.io/acme/auth-pacto"})
    assert response.status_code == 200, response.text
    check(api.ServiceDetails, response.json())
    response = client.post("/api/versions", json={"ref": "r.io/acme/orders-pacto"})
    assert response.json() == {"versions": ["2.0.0", "1.4.0"]}


def test_merged_list_entry_matches_the_spec_scenario(client):
    entries = {e["name"]: e for e in client.get("/api/services").json()}
    orders = entries["orders"]
    assert orders["version"] == "1.5.0-dev"
    assert orders["source"] == "local"
    assert orders["sources"] == ["k8s", "local", "oci"]
    assert orders["contractStatus"] == "Compliant"
    assert (orders["checksPassed"], orders["checksTotal"], orders["checksFailed"]) == (1, 2, 1)
    assert orders["complianceStatus"] == "ERROR"
    assert orders["topInsight"] == "Missing ports: 9090"
    assert entries["payments"]["complianceScore"] is None
    assert entries["payments"]["complianceStatus"] == "OK"
    assert entries["payments"]["blastRadius"] == 1
    assert entries["k8s-only"]["complianceStatus"] == "REFERENCE"


def test_details_keep_local_contract_and_add_k8s_runtime(client):
    details = client.get("/api/services/orders").json()
    assert details["interfaces"][0]["endpoints"] == [
        {"method": "GET", "path": "/orders", "summary": "List orders"}
    ]
    assert "imageRef" not in details  # the contract has none; Kubernetes never fills it in
    assert details["versionPolicy"] == "tracking"
    assert details["conditions"][0]["type"] == "PortsValid"
    assert details["sources"] == ["k8s", "local", "oci"]


def test_invariant_10_update_available_never_changes_compliance_or_status(client):
    from pacto.dashboard.index import build_index
    from pacto.dashboard.model import ContractStatus, Service, ServiceDetails, Version

    details = ServiceDetails(name="svc", version="1.0.0", contract_status=ContractStatus.WARNING)
    services = [details.summary()]

    def index_with(versions: list[Version]) -> Any:
        return build_index(services, lambda n: details, lambda n: versions)

    stale = index_with([Version(version="2.0.0"), Version(version="1.0.0")])
    current = index_with([Version(version="1.0.0")])
    assert stale.details["svc"].update_available and not current.details["svc"].update_available
    for index in (stale, current):
        assert index.details["svc"].contract_status == ContractStatus.WARNING
        assert index.details["svc"].compliance == details.compliance
    assert stale.list_body.replace(b',"updateAvailable":true', b"") == current.list_body
    # Over HTTP: orders (1.5.0-dev) has 2.0.0 available, and its status stays Kubernetes' own.
    entry = {e["name"]: e for e in client.get("/api/services").json()}["orders"]
    assert entry["updateAvailable"] is True
    assert (entry["contractStatus"], entry["complianceStatus"]) == ("Compliant", "ERROR")
    assert Service(name="x").contract_status == ContractStatus.UNKNOWN


def test_versions_merge_sources_and_mark_the_current_one(client):
    versions = client.get("/api/services/orders/versions").json()
    assert [(v["version"], v.get("source")) for v in versions] == [
        ("2.0.0", "oci"),
        ("1.5.0-dev", "local"),
        ("1.4.0", "k8s"),
    ]
    assert versions[1]["isCurrent"] is True
    assert versions[2]["contractHash"] == "abc"
    assert versions[2]["ref"] == "r.io/acme/orders-pacto:1.4.0"
    assert client.get("/api/services/unknown/versions").json() == []


def test_problem_json_is_the_one_error_envelope(client):
    response = client.get("/api/services/nope")
    assert response.status_code == 404
    assert response.headers["content-type"] == "application/problem+json"
    assert response.json() == {
        "title": "Not Found",
        "status": 404,
        "detail": 'service "nope" not found in any source',
    }
    check(api.ErrorModel, response.json())
    response = client.get("/api/diff?from_name=orders")
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {
            "message": "required query parameter is missing",
            "location": "query.to_name",
            "value": None,
        }
    ]
    assert client.get("/api/services/" + "x" * 256).status_code == 422
    assert client.get("/api/services/nope/graph").json()["detail"] == "service not found: nope"


def test_a_diff_that_a_source_cannot_compute_is_a_500(tmp_path, api_client):
    from pacto.oci import RegistryUnreachableError

    store = oci_store()
    board = open_dashboard(
        directory=str(tmp_path), repos=["r.io/acme/orders-pacto"], store=store, differ=fake_differ
    )
    try:
        client = api_client(create_app(board))
        assert [e["name"] for e in client.get("/api/services").json()] == ["orders"]
        store.fail_repos["r.io/acme/orders-pacto"] = RegistryUnreachableError(
            "r.io/acme/orders-pacto", "connection refused"
        )
        query = "from_name=orders&from_version=1.4.0&to_name=orders&to_version=2.0.0"
        response = client.get(f"/api/diff?{query}")
        assert response.status_code == 500
        assert "connection refused" in response.json()["detail"]
        assert client.get("/api/diff?from_name=ghost&to_name=ghost").status_code == 404
    finally:
        board.close()


def _spdx(*packages: tuple[str, str]) -> bytes:
    items = [{"name": name, "versionInfo": version} for name, version in packages]
    return json.dumps({"spdxVersion": "SPDX-2.3", "packages": items}).encode()


def test_the_diff_endpoint_includes_the_sbom_changes(tmp_path, api_client):
    store = FakeStore()
    for version, jackson in (("1.4.2", "2.17.0"), ("1.5.0", "2.17.1"), ("1.5.1", "2.17.1")):
        sbom = _spdx(("jackson-databind", jackson), ("netty", "4.1.0"))
        store.add(
            "r.io/acme/orders-pacto",
            make_bundle(contract_yaml("orders", version), {"sbom/orders.spdx.json": sbom}),
        )
    board = open_dashboard(
        directory=str(tmp_path),
        repos=["r.io/acme/orders-pacto"],
        store=store,
        differ=engine_differ(),
    )
    try:
        client = api_client(create_app(board))
        query = "from_name=orders&from_version=1.4.2&to_name=orders&to_version=1.5.0"
        body = client.get(f"/api/diff?{query}").json()
        check(api.DiffResult, body)
        assert body["classification"] == "NON_BREAKING"
        assert body["sbomDiff"] == {
            "oldFormat": "spdx",
            "newFormat": "spdx",
            "changes": [
                {
                    "package": "jackson-databind",
                    "type": "modified",
                    "field": "version",
                    "oldValue": "2.17.0",
                    "newValue": "2.17.1",
                }
            ],
        }
        # Identical SBOMs: no sbomDiff key at all.
        query = "from_name=orders&from_version=1.5.0&to_name=orders&to_version=1.5.1"
        assert "sbomDiff" not in client.get(f"/api/diff?{query}").json()
    finally:
        board.close()


def test_openapi_documents_sbom_diff_and_schema_properties(client):
    schemas = client.get("/openapi.json").json()["components"]["schemas"]
    sbom_diff = schemas["DiffResult"]["properties"]["sbomDiff"]
    assert {"$ref": "#/components/schemas/SbomDiff"} in sbom_diff["anyOf"]
    assert "sbomDiff" not in schemas["DiffResult"]["required"]
    assert set(schemas["SbomDiff"]["properties"]) == {"oldFormat", "newFormat", "changes"}
    assert schemas["SbomDiff"]["required"] == ["changes"]
    assert set(schemas["SbomChange"]["properties"]) == {
        "package",
        "type",
        "field",
        "oldValue",
        "newValue",
        "purl",
    }
    properties = schemas["ConfigurationInfo"]["properties"]["schemaProperties"]
    assert properties["anyOf"][0]["items"] == {"$ref": "#/components/schemas/SchemaProperty"}
    assert set(schemas["SchemaProperty"]["properties"]) == {
        "key",
        "value",
        "type",
        "required",
        "description",
        "enum",
    }
    assert schemas["SchemaProperty"]["required"] == ["key", "value", "type"]


@pytest.mark.parametrize(
    ("error", "status"),
    [
        ("InvalidRefError", 422),
        ("NoMatchingVersionError", 422),
        ("AuthenticationError", 403),
        ("ArtifactNotFoundError", 404),
        ("InvalidBundleError", 422),
        ("RegistryUnreachableError", 502),
    ],
)
def test_resolve_errors_map_to_statuses(client, dashboard, error, status):
    import pacto.oci as oci

    exc_type = getattr(oci, error)
    exc = (
        exc_type("r.io/x/y:1.0.0", "", "cause")
        if error == "NoMatchingVersionError"
        else exc_type("r.io/x/y:1.0.0", "cause")
    )
    dashboard.store.fail_repos["r.io/x/y"] = exc
    response = client.post("/api/resolve", json={"ref": "r.io/x/y:1.0.0"})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/problem+json"


def test_remote_versions_errors_are_403_404_or_502(client, dashboard):
    from pacto.oci import ArtifactNotFoundError, AuthenticationError, RegistryUnreachableError

    dashboard.store.fail_repos["r.io/x/auth"] = AuthenticationError("r.io/x/auth", "401")
    assert client.post("/api/versions", json={"ref": "r.io/x/auth"}).status_code == 403
    dashboard.store.fail_repos["r.io/x/gone"] = ArtifactNotFoundError("r.io/x/gone", "404")
    assert client.post("/api/versions", json={"ref": "r.io/x/gone"}).status_code == 404
    dashboard.store.fail_repos["r.io/x/down"] = RegistryUnreachableError("r.io/x/down", "refused")
    assert client.post("/api/versions", json={"ref": "r.io/x/down"}).status_code == 502


def test_request_bodies_are_strict_and_size_limited(client):
    assert client.post("/api/resolve", json={}).status_code == 422
    assert client.post("/api/resolve", json={"ref": "a", "extra": 1}).status_code == 422
    response = client.post(
        "/api/resolve",
        content=b'{"ref": "' + b"a" * MAX_BODY_BYTES + b'"}',
        headers={"content-type": "application/json"},
    )
    assert response.status_code == 413
    assert response.headers["content-type"] == "application/problem+json"


def test_cors_preflight_is_204_with_the_three_headers(client):
    response = client.request("OPTIONS", "/api/services")
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.headers["access-control-allow-methods"] == "GET, POST, OPTIONS"
    assert response.headers["access-control-allow-headers"] == "Content-Type"
    assert client.get("/health").headers["access-control-allow-origin"] == "*"


def test_conditional_routes_are_absent_without_a_store_or_diagnostics(tmp_path, api_client):
    write_bundle(tmp_path / "svc", contract_yaml("svc"))
    board = open_dashboard(directory=str(tmp_path))
    try:
        client = api_client(create_app(board))
        assert client.post("/api/resolve", json={"ref": "x"}).status_code in (404, 405)
        assert client.get("/api/debug/sources").status_code == 404
        paths = client.get("/openapi.json").json()["paths"]
        assert "/api/resolve" not in paths and "/api/debug/sources" not in paths
        exported = export_openapi(board)
        assert len([op for item in exported["paths"].values() for op in item]) == 17
    finally:
        board.close()


def test_openapi_document_is_generated_3_1_with_servers(tmp_path, api_client):
    write_bundle(tmp_path / "svc", contract_yaml("svc"))
    board = open_dashboard(
        directory=str(tmp_path), options=DashboardOptions(host="0.0.0.0", port=3000)
    )
    try:
        client = api_client(create_app(board))
        document = client.get("/openapi.json").json()
        assert document["openapi"] == "3.1.0"
        assert document["info"]["title"] == "Pacto Dashboard API"
        assert document["servers"][0]["url"] == "http://localhost:3000"
        assert "/api/services" in document["paths"]
        assert document["paths"]["/api/services"]["get"]["operationId"] == "list-services"
        schemas = document["components"]["schemas"]
        for name in ("ServiceListEntry", "ServiceDetails", "Version", "ErrorModel", "DiffResult"):
            assert name in schemas
        assert schemas["ServiceListEntry"]["additionalProperties"] is False
        assert client.get("/openapi.yaml").text.startswith("openapi: 3.1.0")
        assert client.get("/schemas/Version.json").json()["properties"]["version"]
        assert client.get("/docs").status_code == 200
    finally:
        board.close()


@pytest.mark.parametrize(
    "path",
    [
        "/%2e%2e/%2e%2e/etc/passwd",
        "/..%2f..%2fetc%2fpasswd",
        "/static/../../pyproject.toml",
        "/%2e%2e%5c%2e%2e%5cwindows",
        "/index.html%00.png",
        "/api/services/..%2f..%2f..%2fetc%2fpasswd",
    ],
)
def test_no_path_traversal_through_static_files_or_path_parameters(client, path):
    response = client.get(path)
    assert response.status_code in (404, 422), (path, response.status_code)
    assert b"root:" not in response.content and b"[project]" not in response.content


@pytest.mark.parametrize(
    "raw_path",
    [
        "/../pyproject.toml",
        "/../../../../etc/passwd",
        "/static/../../__init__.py",
        "/./../server.py",
        "/..\\..\\server.py",
        "/index.html\x00",
        "/C:/Windows/win.ini",
        "//etc/passwd",
    ],
)
def test_raw_paths_never_escape_the_static_directory(dashboard, raw_path):
    import anyio

    app = create_app(dashboard)
    sent: list[Message] = []

    async def call() -> None:
        scope = {
            "type": "http",
            "asgi": {"version": "3.0"},
            "http_version": "1.1",
            "method": "GET",
            "scheme": "http",
            "path": raw_path,
            "raw_path": raw_path.encode("latin-1"),
            "root_path": "",
            "query_string": b"",
            "headers": [(b"host", b"dashboard.test")],
            "client": ("127.0.0.1", 1),
            "server": ("dashboard.test", 80),
        }

        async def receive() -> Message:
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message: Message) -> None:
            sent.append(message)

        await app(scope, receive, send)

    anyio.run(call)
    assert sent[0]["status"] == 404, raw_path
    body = b"".join(m.get("body", b"") for m in sent[1:])
    assert b"import" not in body and b"root:" not in body


def test_the_ui_and_favicon_are_served_from_package_data(client):
    index = client.get("/")
    assert index.status_code == 200 and "Pacto Dashboard" in index.text
    assert index.headers["content-type"].startswith("text/html")
    favicon = client.get("/favicon.ico")
    assert favicon.status_code == 200 and favicon.headers["content-type"] == "image/x-icon"
    assert client.get("/nope.js").status_code == 404


def test_ui_files_have_fixed_media_types_whatever_the_platform_table_says(client, monkeypatch):
    import mimetypes

    # Some platforms map .js to text/plain, which browsers refuse for module scripts.
    monkeypatch.setattr(mimetypes, "guess_type", lambda *a, **k: ("text/plain", None))
    for path, media_type in (
        ("/js/app.js", "text/javascript"),
        ("/styles.css", "text/css"),
        ("/favicon.svg", "image/svg+xml"),
        ("/index.html", "text/html"),
    ):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["content-type"].split(";")[0] == media_type, path


def test_docs_fall_back_to_the_swagger_ui_cdn_without_vendored_files(client, monkeypatch):
    from pacto.dashboard import server
    from pacto.dashboard.http import static_file as real

    monkeypatch.setattr(
        server,
        "static_file",
        lambda path: None if path.startswith("vendor/swagger-ui") else real(path),
    )
    page = client.get("/docs").text
    assert "https://cdn.jsdelivr.net/npm/swagger-ui-dist" in page
    assert "/vendor/swagger-ui-bundle.js" not in page


def test_invariant_1_only_public_source_names_appear_in_responses(client, dashboard):
    bodies = [
        client.get(p).text
        for p in (
            "/api/services",
            "/api/services/orders",
            "/api/services/orders/versions",
            "/api/services/orders/sources",
            "/api/graph",
            "/api/sources",
            "/api/debug/services",
        )
    ]
    assert all('"cache"' not in body for body in bodies)


def test_invariant_6_materialised_bundles_enrich_the_view_under_no_cache(tmp_path, api_client):
    cache_dir = tmp_path / "cache"
    materialise(cache_dir, "r.io/acme/svc:1.0.0", contract_yaml("svc", "1.0.0"))
    store = FakeStore()
    for version in ("1.0.0", "1.1.0", "2.0.0"):
        store.add("r.io/acme/svc", make_bundle(contract_yaml("svc", version)))
    store.on_pull = lambda ref, bundle: materialise(cache_dir, ref, bundle.raw().decode())
    board = open_dashboard(
        directory=str(tmp_path / "none"),
        repos=["r.io/acme/svc"],
        store=store,
        no_cache=True,
        options=DashboardOptions(cache_dir=str(cache_dir)),
        differ=fake_differ,
    )
    board.oci.rediscover_interval = 3600  # type: ignore[union-attr]
    try:
        assert board.cache is None  # the startup scan was skipped
        client = api_client(create_app(board))
        before = client.get("/api/services/svc/versions").json()
        assert [v["version"] for v in before] == ["2.0.0", "1.1.0", "1.0.0"]
        response = client.post("/api/versions", json={"ref": "r.io/acme/svc", "fetch": True})
        assert response.json() == {"versions": ["2.0.0", "1.1.0", "1.0.0"]}
        after = client.get("/api/services/svc/versions").json()
        assert all(v.get("contractHash") and v.get("createdAt") for v in after)
        assert [v.get("classification") for v in after] == ["BREAKING", "NON_BREAKING", None]
    finally:
        board.close()
