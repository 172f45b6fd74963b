"""Error type and message quoting (06-overrides.md §3)."""

from __future__ import annotations

import pytest

from pacto.errors import PactoError
from pacto.override import OverrideError
from pacto.override.errors import quote


@pytest.mark.parametrize(
    ("text", "quoted"),
    [
        ("plain", '"plain"'),
        ("", '""'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("a\nb\rc\td", '"a\\nb\\rc\\td"'),
        ("bell\x07", '"bell\\x07"'),
        ("del\x7f", '"del\\x7f"'),
        ("nbsp\u00a0", '"nbsp\\u00a0"'),
        ("tag\U000e0001", '"tag\\U000e0001"'),
        ("café 日本 😀", '"café 日本 😀"'),
    ],
)
def test_quote_escapes_quotes_backslashes_and_non_printables(text: str, quoted: str) -> None:
    assert quote(text) == quoted


def test_override_error_carries_message_path_and_key() -> None:
    error = OverrideError("boom", path="v.yaml", key="a.b")
    assert isinstance(error, PactoError)
    assert str(error) == error.message == "boom"
    assert (error.path, error.key) == ("v.yaml", "a.b")
    assert OverrideError("x").path is None
