from __future__ import annotations

import json

import pytest

from pacto.plugin import GeneratedFile, PluginRequest, PluginResponse, decode_response


def test_request_is_one_compact_json_object_without_trailing_newline() -> None:
    request = PluginRequest(
        contract={"pactoVersion": "1.0", "service": {"name": "orders", "version": "1.3.0"}},
        bundle_dir="/b",
        output_dir="/o",
        options={"namespace": "prod"},
    )
    encoded = request.encode()
    assert encoded == (
        b'{"protocolVersion":"1","contract":{"pactoVersion":"1.0","service":{"name":"orders",'
        b'"version":"1.3.0"}},"bundleDir":"/b","outputDir":"/o","options":{"namespace":"prod"}}'
    )


def test_options_key_is_omitted_when_no_option_was_given() -> None:
    request = PluginRequest(contract={}, bundle_dir=".", output_dir="out")
    assert "options" not in json.loads(request.encode())
    empty = PluginRequest(contract={}, bundle_dir=".", output_dir="out", options={})
    assert json.loads(empty.encode())["options"] == {}


def test_response_decodes_files_and_message_and_ignores_unknown_fields() -> None:
    response = decode_response(
        b'{"files":[{"path":"a.yaml","content":"x: 1\\n","mode":"0600"}],'
        b'"message":"done","extra":1}'
    )
    assert response == PluginResponse(
        files=(GeneratedFile(path="a.yaml", content="x: 1\n"),), message="done"
    )


@pytest.mark.parametrize("body", [b"{}", b'{"files":null}', b'{"files":[],"message":null}'])
def test_missing_or_null_files_mean_none(body: bytes) -> None:
    assert decode_response(body) == PluginResponse()


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        (b"", "empty output"),
        (b"not json", "Expecting value at line 1, column 1"),
        (b"[1, 2]", "expected a JSON object, got array"),
        (b'{"files": {}}', "files: expected an array, got object"),
        (b'{"files": ["a"]}', "files[0]: expected an object, got string"),
        (b'{"files": [{"content": "x"}]}', "files[0].path: expected a non-empty string"),
        (b'{"files": [{"path": "a", "content": 3}]}', "files[0].content: expected a string"),
        (b'{"message": 3}', "message: expected a string, got number"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_invalid_responses_say_what_is_wrong(body: bytes, reason: str) -> None:
    with pytest.raises(ValueError) as caught:
        decode_response(body)
    assert reason in str(caught.value)
