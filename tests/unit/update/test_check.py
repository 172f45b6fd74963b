"""The update check's pure parts: comparison, switches, notice, the background handle."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta

import pytest

from pacto.update import (
    CacheEntry,
    UpdateCheck,
    format_notice,
    is_enabled,
    latest_if_newer,
    releases_url,
)
from pacto.update._cache import _parse_timestamp, format_timestamp


@pytest.mark.parametrize(
    ("current", "latest", "expected"),
    [
        ("0.1.0", "0.2.0", "0.2.0"),
        ("v0.1.0", "v1.0.0", "v1.0.0"),
        ("0.1.0", "0.1.0", None),
        ("0.2.0", "0.1.0", None),
        ("0.1.0", "1.0", "1.0"),
        ("0.1.0", "1.0.0rc1", None),  # not semver: no notice
        ("dev", "1.0.0", None),
        ("1.0.0-rc.1", "1.0.0", "1.0.0"),
    ],
)
def test_only_a_strictly_greater_parsable_version_is_announced(
    current: str, latest: str, expected: str | None
) -> None:
    assert latest_if_newer(current, latest) == expected


def test_check_is_off_for_dev_builds_and_when_opted_out_with_exactly_1() -> None:
    assert is_enabled({}, "0.1.0")
    assert not is_enabled({}, "dev")
    assert not is_enabled({"PACTO_NO_UPDATE_CHECK": "1"}, "0.1.0")
    assert is_enabled({"PACTO_NO_UPDATE_CHECK": "true"}, "0.1.0")


def test_release_source_defaults_to_the_package_index_and_can_be_overridden() -> None:
    assert releases_url({}) == "https://pypi.org/pypi/pacto-cli/json"
    assert releases_url({"PACTO_UPDATE_URL": "http://127.0.0.1:1/x/json"}) == (
        "http://127.0.0.1:1/x/json"
    )


def test_notice_text() -> None:
    assert format_notice("0.1.0", "0.2.0") == (
        "\nA new version of pacto is available: 0.1.0 -> 0.2.0\nRun 'pacto update' to update."
    )


def test_a_finished_check_returns_its_value_and_an_unfinished_one_is_abandoned() -> None:
    assert UpdateCheck(lambda: "1.0.0").result(timeout=5) == "1.0.0"
    assert UpdateCheck().result(timeout=0) is None
    release = threading.Event()

    def slow() -> str:
        release.wait(5)
        return "9.9.9"

    check = UpdateCheck(slow)
    assert check.result(timeout=0.05) is None
    release.set()


def test_a_failing_check_is_silent() -> None:
    def boom() -> str:
        raise RuntimeError("network down")

    assert UpdateCheck(boom).result(timeout=5) is None


def test_cache_freshness_is_24_hours() -> None:
    checked = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
    entry = CacheEntry(checked_at=checked, latest_version="v1.0.0")
    assert entry.is_fresh(checked + timedelta(hours=23, minutes=59))
    assert not entry.is_fresh(checked + timedelta(hours=24))
    assert not entry.is_fresh(checked - timedelta(minutes=1))  # a clock moved backwards


def test_timestamps_round_trip_and_accept_go_nanoseconds() -> None:
    moment = datetime(2026, 3, 20, 10, 15, 2, 123456, tzinfo=UTC)
    assert format_timestamp(moment) == "2026-03-20T10:15:02.123456000+00:00"
    assert _parse_timestamp(format_timestamp(moment)) == moment
    go = _parse_timestamp("2026-03-20T10:15:02.123456789+01:00")
    assert go.microsecond == 123456 and go.utcoffset() == timedelta(hours=1)
    assert _parse_timestamp("2026-03-20T09:15:02Z").tzinfo is not None
