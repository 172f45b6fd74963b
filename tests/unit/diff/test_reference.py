"""The ``reference`` ruleset reproduces 03-diff.md §6-§7 exactly (values, reasons, order)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from pacto.diff import Result
from pacto.diff._reference import delta_summaries
from tests.unit.diff.support import diff_config, diff_openapi

OLD_12_3 = """
openapi: 3.0.3
info: {title: payments, version: 1.0.0}
paths:
  /payments:
    get:
      parameters:
        - {name: limit, in: query, schema: {type: integer}}
        - {name: cursor, in: query, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
    post:
      requestBody:
        content:
          application/json:
            schema: {type: object}
      responses:
        "201": {description: Created}
        "409": {description: Conflict}
  /payments/{id}/refund:
    post:
      responses:
        "202": {description: Accepted}
"""

NEW_12_3 = """
openapi: 3.0.3
info: {title: payments, version: 2.0.0}
paths:
  /payments:
    get:
      parameters:
        - {name: limit, in: query, required: true, schema: {type: integer, maximum: 100}}
        - {name: X-Tenant, in: header, schema: {type: string}}
      responses:
        "200":
          description: OK
          content:
            application/json:
              schema:
                type: object
                properties:
                  id: {type: string}
                  status: {type: string}
        "404": {description: Not found}
    post:
      responses:
        "201": {description: Created}
    delete:
      responses:
        "204": {description: Deleted}
  /refunds:
    post:
      responses:
        "202": {description: Accepted}
"""

P = "openapi.paths[/payments].methods"


def rows(result: Result) -> list[tuple[object, ...]]:
    return [
        (c.path, str(c.type), str(c.classification), c.old_value, c.new_value, c.reason, c.rule)
        for c in result.changes
    ]


def test_the_openapi_example_of_section_12_3() -> None:
    result = diff_openapi(OLD_12_3, NEW_12_3, ruleset="reference")
    assert rows(result) == [
        (
            f"{P}[GET].parameters[cursor:query]",
            "removed",
            "BREAKING",
            "GET /payments query param 'cursor'",
            None,
            "GET /payments query param 'cursor' removed",
            "openapi.parameters.removed",
        ),
        (
            f"{P}[GET].parameters[limit:query]",
            "modified",
            "POTENTIAL_BREAKING",
            "",
            "required=true, schema.maximum=100",
            "GET /payments query param 'limit' modified",
            "openapi.parameters.modified",
        ),
        (
            f"{P}[GET].parameters[X-Tenant:header]",
            "added",
            "POTENTIAL_BREAKING",
            None,
            "GET /payments header param 'X-Tenant'",
            "GET /payments header param 'X-Tenant' added",
            "openapi.parameters.added",
        ),
        (
            f"{P}[GET].responses[200]",
            "modified",
            "POTENTIAL_BREAKING",
            "",
            "content.application/json.schema.properties.status.type=string",
            "GET /payments response 200 modified",
            "openapi.responses.modified",
        ),
        (
            f"{P}[GET].responses[404]",
            "added",
            "NON_BREAKING",
            None,
            "GET /payments 404",
            "GET /payments response 404 added",
            "openapi.responses.added",
        ),
        (
            f"{P}[POST].request-body",
            "removed",
            "POTENTIAL_BREAKING",
            "POST /payments",
            None,
            "POST /payments request body removed",
            "openapi.request-body.removed",
        ),
        (
            f"{P}[POST].responses[409]",
            "removed",
            "BREAKING",
            "POST /payments 409",
            None,
            "POST /payments response 409 removed",
            "openapi.responses.removed",
        ),
        (
            f"{P}[DELETE]",
            "added",
            "NON_BREAKING",
            None,
            "DELETE /payments",
            "DELETE /payments method added",
            "openapi.methods.added",
        ),
        (
            "openapi.paths[/payments/{id}/refund]",
            "removed",
            "BREAKING",
            "/payments/{id}/refund",
            None,
            "API path /payments/{id}/refund removed",
            "openapi.paths.removed",
        ),
        (
            "openapi.paths[/refunds]",
            "added",
            "NON_BREAKING",
            None,
            "/refunds",
            "API path /refunds added",
            "openapi.paths.added",
        ),
    ]
    assert str(result.classification) == "BREAKING"


def test_methods_removed_and_request_bodies_added_or_modified() -> None:
    old = {
        "openapi": "3.0.3",
        "paths": {
            "/a": {
                "get": {"responses": {"200": {"description": "ok"}}},
                "put": {"requestBody": {"content": {"text/plain": {"schema": {"type": "string"}}}}},
                "post": {"responses": {"201": {"description": "x"}}},
            }
        },
    }
    new = {
        "openapi": "3.0.3",
        "paths": {
            "/a": {
                "put": {
                    "requestBody": {"content": {"text/plain": {"schema": {"type": "integer"}}}}
                },
                "post": {
                    "requestBody": {"content": {"text/plain": {}}},
                    "responses": {"201": {"description": "x"}},
                },
            }
        },
    }
    result = diff_openapi(old, new, ruleset="reference")
    assert [(c.path, c.rule, c.old_value, c.new_value) for c in result.changes] == [
        ("openapi.paths[/a].methods[GET]", "openapi.methods.removed", "GET /a", None),
        (
            "openapi.paths[/a].methods[POST].request-body",
            "openapi.request-body.added",
            None,
            "POST /a",
        ),
        (
            "openapi.paths[/a].methods[PUT].request-body",
            "openapi.request-body.modified",
            "content.text/plain.schema.type=string",
            "content.text/plain.schema.type=integer",
        ),
    ]


def test_integers_and_floats_differ_in_operation_equality() -> None:
    old = {
        "openapi": "3.0.3",
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "x-n": 1}}}}},
    }
    new = {
        "openapi": "3.0.3",
        "paths": {"/a": {"get": {"responses": {"200": {"description": "ok", "x-n": 1.0}}}}},
    }
    result = diff_openapi(old, new, ruleset="reference")
    assert [(c.rule, c.old_value, c.new_value) for c in result.changes] == [
        ("openapi.responses.modified", "", "")
    ]


def test_path_item_parameters_and_refs_are_ignored_by_the_reference() -> None:
    old = {
        "openapi": "3.0.3",
        "paths": {
            "/a": {
                "parameters": [{"name": "x", "in": "query"}],
                "get": {"parameters": [{"$ref": "#/p"}]},
            }
        },
    }
    new = {"openapi": "3.0.3", "paths": {"/a": {"get": {}}}}
    assert diff_openapi(old, new, ruleset="reference").changes == ()


def test_a_document_without_a_paths_mapping_gives_no_changes() -> None:
    old = {"openapi": "3.0.3", "paths": None}
    new = {"openapi": "3.0.3", "paths": {"/a": {"get": {}}}}
    assert diff_openapi(old, new, ruleset="reference").changes == ()


def test_unquoted_status_codes_are_compared_as_strings() -> None:
    template = (
        "openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n"
        "        {}: {{description: ok}}\n"
    )
    old, new = template.format(200), template.format(201)
    result = diff_openapi(old, new, ruleset="reference")
    assert [c.path for c in result.changes] == [
        "openapi.paths[/a].methods[GET].responses[200]",
        "openapi.paths[/a].methods[GET].responses[201]",
    ]


@pytest.mark.parametrize(
    ("old", "new", "exclude", "expected"),
    [
        (
            {"name": "limit", "in": "query", "schema": {"type": "integer"}},
            {
                "name": "limit",
                "in": "query",
                "required": True,
                "schema": {"type": "integer", "maximum": 100},
            },
            {"name", "in"},
            ("", "required=true, schema.maximum=100"),
        ),
        (
            {"a": [1, "x"], "b": None},
            {"a": [1, "y"], "b": 1.5},
            set(),
            ("a=[1 x], b=<nil>", "a=[1 y], b=1.5"),
        ),
        ({"a": {"b": 1000000.0}}, {"a": {"b": 1}}, set(), ("a.b=1e+06", "a.b=1")),
    ],
)
def test_delta_summaries(
    old: dict[str, Any], new: dict[str, Any], exclude: set[str], expected: tuple[str, str]
) -> None:
    assert delta_summaries(old, new, frozenset(exclude)) == expected


OLD_12_4 = {
    "type": "object",
    "properties": {
        "DB_HOST": {"type": "string"},
        "DB_PORT": {"type": "integer", "default": 5432},
        "LOG_LEVEL": {"type": "string", "enum": ["debug", "info", "warn"]},
    },
    "required": ["DB_HOST"],
}
NEW_12_4 = {
    "type": "object",
    "properties": {
        "CACHE_TTL": {"type": "integer", "minimum": 0},
        "DB_HOST": {"type": "string"},
        "DB_PORT": {"type": "string"},
        "LOG_LEVEL": {"type": "string", "enum": ["debug", "info", "warn", "error"]},
    },
    "required": ["DB_HOST", "DB_PORT"],
}


def test_the_schema_example_of_section_12_4() -> None:
    result = diff_config(OLD_12_4, NEW_12_4, ruleset="reference")
    assert rows(result) == [
        (
            "schema.properties.CACHE_TTL",
            "added",
            "POTENTIAL_BREAKING",
            None,
            {"type": "integer", "minimum": 0},
            "schema.properties.CACHE_TTL added",
            "schema.path-shape.other",
        ),
        (
            "schema.properties.DB_PORT.default",
            "removed",
            "POTENTIAL_BREAKING",
            5432,
            None,
            "schema.properties.DB_PORT.default removed",
            "schema.path-shape.other",
        ),
        (
            "schema.properties.DB_PORT.type",
            "modified",
            "POTENTIAL_BREAKING",
            "integer",
            "string",
            "schema.properties.DB_PORT.type changed",
            "schema.path-shape.other",
        ),
        (
            "schema.properties.LOG_LEVEL.enum[error]",
            "added",
            "POTENTIAL_BREAKING",
            None,
            "error",
            "schema.properties.LOG_LEVEL.enum error added",
            "schema.path-shape.other",
        ),
        (
            "schema.required[DB_PORT]",
            "added",
            "BREAKING",
            None,
            "DB_PORT",
            "schema.required DB_PORT added",
            "schema.path-shape.required",
        ),
    ]


def test_the_same_schema_change_under_the_direction_aware_ruleset() -> None:
    result = diff_config(OLD_12_4, NEW_12_4)
    assert [(c.path, c.rule, str(c.classification)) for c in result.changes] == [
        ("schema.properties.CACHE_TTL", "schema.property.added", "NON_BREAKING"),
        ("schema.properties.DB_PORT.type", "schema.type.changed", "BREAKING"),
        ("schema.properties.DB_PORT.default", "schema.default.removed", "POTENTIAL_BREAKING"),
        ("schema.properties.LOG_LEVEL.enum[error]", "schema.enum.value-added", "NON_BREAKING"),
        ("schema.required[DB_PORT]", "schema.property.became-required", "BREAKING"),
    ]


def test_the_reference_walk_compares_positional_arrays_and_kind_changes() -> None:
    old = {"oneOf": [{"type": "string"}], "type": "string"}
    new = {"oneOf": [{"type": "string"}, {"type": "null"}], "type": ["string", "null"]}
    result = diff_config(old, new, ruleset="reference")
    assert [(c.path, str(c.type)) for c in result.changes] == [
        ("schema.oneOf[1]", "added"),
        ("schema.type", "modified"),
    ]


def test_the_reference_reads_schema_files_as_json_only() -> None:
    result = diff_config(yaml.safe_dump(OLD_12_4).encode(), NEW_12_4, ruleset="reference")
    assert result.changes == ()
    assert "invalid JSON" in str(result.diagnostics[0])


def test_a_property_named_required_is_breaking_in_the_reference() -> None:
    old: dict[str, Any] = {"properties": {}}
    new = {"properties": {"required": {"type": "boolean"}}}
    (change,) = diff_config(old, new, ruleset="reference").changes
    assert (change.path, str(change.classification)) == ("schema.properties.required", "BREAKING")
