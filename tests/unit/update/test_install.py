"""``pacto update``: the upgrade command per installer and the self-update flow with fakes."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path

import pytest

from pacto.update import (
    DEV_BUILD_MESSAGE,
    Installation,
    InstallKind,
    ReleaseNotFoundError,
    ReleaseSourceError,
    UpdateError,
    UpdateOptions,
    UpdateResult,
    self_update,
    shell_command,
    upgrade_command,
)

NOW = datetime(2026, 3, 20, 10, 0, tzinfo=UTC)
PIP = Installation(kind=InstallKind.PIP, python="/venv/bin/python")


@pytest.mark.parametrize(
    ("installation", "argv"),
    [
        (PIP, ["/venv/bin/python", "-m", "pip", "install", "--upgrade", "pacto-cli==1.2.0"]),
        (
            Installation(kind=InstallKind.PIPX, python="/p/bin/python"),
            ["pipx", "install", "--force", "pacto-cli==1.2.0"],
        ),
        (
            Installation(kind=InstallKind.UV_TOOL, python="/u/bin/python", uv="/usr/bin/uv"),
            ["/usr/bin/uv", "tool", "install", "--force", "pacto-cli==1.2.0"],
        ),
        (
            Installation(kind=InstallKind.UV_PIP, python="/v/bin/python", uv="/usr/bin/uv"),
            ["/usr/bin/uv", "pip", "install", "--python", "/v/bin/python", "pacto-cli==1.2.0"],
        ),
    ],
)
def test_upgrade_command_matches_the_installer(installation: Installation, argv: list[str]) -> None:
    assert upgrade_command(installation, "1.2.0") == argv


def test_shell_command_quotes_what_needs_quoting() -> None:
    assert shell_command(["/a b/python", "-m", "pip"]) == "'/a b/python' -m pip"


class Fakes:
    def __init__(self, latest: str = "1.2.0") -> None:
        self.latest = latest
        self.checked: list[tuple[str, str]] = []
        self.ran: list[list[str]] = []
        self.exit_code = 0

    def fetch_latest(self, url: str) -> str:
        return self.latest

    def check_release(self, url: str, version: str) -> None:
        self.checked.append((url, version))

    def run(self, argv: Sequence[str]) -> int:
        self.ran.append(list(argv))
        return self.exit_code


def _update(
    fakes: Fakes, tmp_path: Path, *, target: str = "", run: bool = False, version: str = "0.1.0"
) -> UpdateResult:
    return self_update(
        UpdateOptions(
            current_version=version,
            target=target,
            url="http://index/pypi/pacto-cli/json",
            cache_file=tmp_path / "update-check.json",
            run=run,
        ),
        PIP,
        NOW,
        fetch_latest=fakes.fetch_latest,
        check_release=fakes.check_release,
        run=fakes.run,
    )


def test_without_yes_the_command_is_planned_not_run(tmp_path: Path) -> None:
    fakes = Fakes()
    result = _update(fakes, tmp_path)
    assert (result.previous, result.target, result.display_target, result.ran) == (
        "0.1.0",
        "1.2.0",
        "v1.2.0",
        False,
    )
    assert result.command[-1] == "pacto-cli==1.2.0"
    assert fakes.checked == [("http://index/pypi/pacto-cli/json", "1.2.0")]
    assert fakes.ran == []
    assert not (tmp_path / "update-check.json").exists()


def test_with_yes_the_command_runs_and_the_cache_records_the_target(tmp_path: Path) -> None:
    fakes = Fakes()
    result = _update(fakes, tmp_path, target="v1.1.0", run=True)
    assert result.ran and result.target == "1.1.0"
    assert fakes.ran == [list(upgrade_command(PIP, "1.1.0"))]
    assert '"latest_version":"1.1.0"' in (tmp_path / "update-check.json").read_text()


def test_failed_installer_is_an_error(tmp_path: Path) -> None:
    fakes = Fakes()
    fakes.exit_code = 2
    with pytest.raises(UpdateError, match=r"^upgrade command failed with exit status 2: "):
        _update(fakes, tmp_path, run=True)


def test_dev_builds_and_editable_installs_refuse(tmp_path: Path) -> None:
    with pytest.raises(UpdateError, match=f"^{DEV_BUILD_MESSAGE}$"):
        _update(Fakes(), tmp_path, version="dev")
    editable = Installation(kind=InstallKind.EDITABLE, python="python", source="/src/pacto")
    with pytest.raises(UpdateError, match=r"\(editable install from /src/pacto\)$"):
        self_update(
            UpdateOptions(current_version="0.1.0", url="u", cache_file=tmp_path / "c"),
            editable,
            NOW,
        )


def test_unknown_release_and_unreachable_index_have_their_messages(tmp_path: Path) -> None:
    class Missing(Fakes):
        def check_release(self, url: str, version: str) -> None:
            raise ReleaseNotFoundError("not found")

    with pytest.raises(UpdateError, match=r"^release v9\.9\.9 not found$"):
        _update(Missing(), tmp_path, target="9.9.9")

    class Down(Fakes):
        def fetch_latest(self, url: str) -> str:
            raise ReleaseSourceError("connection refused")

    with pytest.raises(
        UpdateError, match=r"^failed to determine latest version: connection refused$"
    ):
        _update(Down(), tmp_path)

    class Broken(Fakes):
        def check_release(self, url: str, version: str) -> None:
            raise ReleaseSourceError("package index returned status 503")

    with pytest.raises(UpdateError, match=r"^package index returned status 503$"):
        _update(Broken(), tmp_path)
