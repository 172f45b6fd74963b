"""The plain fast path (``pacto.cli._entry``) behaves exactly like the click path.

Every line below runs twice in-process, once through :func:`pacto.cli.main` (which takes the
plain path when it can) and once through click alone, and everything they print and their exit
codes must match. The lines the plain parser must refuse go to click, and a plain ``validate``
never imports click.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from pacto.cli._context import CliContext
from pacto.cli._entry import main, plain_runner
from pacto.cli.exit import run_guarded

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
ORDERS = str(EXAMPLES / "orders")

PLAIN_LINES = [
    ["validate", ORDERS],
    ["validate", ORDERS, "--output-format", "json"],
    ["validate", ORDERS, "--output-format=sarif"],
    ["--output-format", "json", "validate", ORDERS],
    ["validate", ORDERS, "--set", "service.version=not-semver"],
    ["validate", ORDERS, "--set-string", "service.name=Bad_Name", "--output-format", "json"],
    ["validate", ORDERS, "--set-json", "scaling={}"],
    ["validate", str(EXAMPLES / "does-not-exist")],
    ["validate", ORDERS, "-f", str(EXAMPLES / "does-not-exist.yaml")],
    ["validate", ORDERS, "--no-cache", "--config", "/nonexistent/pacto.yaml"],
    ["explain", ORDERS],
    ["explain", ORDERS, "--output-format", "json"],
    ["explain", ORDERS, "--set", "scaling.min=3"],
    ["version"],
    ["version", "--output-format", "markdown"],
    ["--output-format=json", "version"],
]

CLICK_LINES = [
    ["validate", "--help"],
    ["validate", ORDERS, "--bogus"],
    ["validate", ORDERS, "--output-format", "xml"],
    ["validate", ORDERS, "--set"],
    ["validate", ORDERS, ORDERS],
    ["version", "extra"],
    ["validate", ORDERS, "-fvalues.yaml"],
    ["validate", "--", ORDERS],
    ["diff", ORDERS, ORDERS],
    ["--help"],
    [],
]


def _run(call: Callable[[CliContext], None], env: dict[str, str], capsys) -> tuple[int, str, str]:
    state = CliContext(env=dict(env))
    code = run_guarded(lambda: call(state), verbose=lambda: state.verbose)
    out, err = capsys.readouterr()
    return code, out, err


def _env(tmp_path: Path) -> dict[str, str]:
    return {"HOME": str(tmp_path), "PACTO_NO_UPDATE_CHECK": "1", "PACTO_CACHE_DIR": str(tmp_path)}


@pytest.mark.parametrize("line", PLAIN_LINES, ids=" ".join)
def test_plain_lines_print_what_click_prints(line: list[str], tmp_path: Path, capsys) -> None:
    from pacto.cli.root import run_click

    env = _env(tmp_path)
    assert plain_runner(line, CliContext(env=dict(env))) is not None, "not taken plainly"
    capsys.readouterr()  # what that check printed (a config warning) is not the run's
    with pytest.raises(SystemExit) as exited:
        main(line, env)
    plain_out, plain_err = capsys.readouterr()
    click_code, click_out, click_err = _run(lambda state: run_click(line, state), env, capsys)
    assert (exited.value.code, plain_out, plain_err) == (click_code, click_out, click_err)


@pytest.mark.parametrize("line", CLICK_LINES, ids=lambda line: " ".join(line) or "(none)")
def test_other_lines_go_to_click(line: list[str], tmp_path: Path) -> None:
    assert plain_runner(line, CliContext(env=_env(tmp_path))) is None


def test_a_bad_output_format_from_the_environment_is_a_usage_error(tmp_path: Path, capsys) -> None:
    env = {**_env(tmp_path), "PACTO_OUTPUT_FORMAT": "xml"}
    with pytest.raises(SystemExit) as exited:
        main(["validate", ORDERS], env)
    assert exited.value.code == 1
    assert 'invalid output format "xml"' in capsys.readouterr().err


def test_config_after_the_command_name_is_read(tmp_path: Path, capsys) -> None:
    config = tmp_path / "cli.yaml"
    config.write_text("output-format: json\n")
    with pytest.raises(SystemExit):
        main(["validate", ORDERS, "--config", str(config)], _env(tmp_path))
    assert capsys.readouterr().out.startswith("{")


@pytest.mark.parametrize(
    "argv",
    [
        ["validate", ORDERS],
        ["explain", ORDERS],
        ["version"],
        ["validate", ORDERS, "--output-format", "json"],
    ],
    ids=["validate", "explain", "version", "validate-json"],
)
def test_plain_commands_import_nothing_they_do_not_use(tmp_path: Path, argv: list[str]) -> None:
    # click, and the standard modules the cold path was freed of (each costs 1-8 ms there).
    heavy = "('click', 'dataclasses', 'inspect', 'logging', 'decimal', 'typing', 'copy')"
    code = (
        "import sys\nfrom pacto.cli import main\ntry:\n    main("
        + repr(argv)
        + ")\nexcept SystemExit:\n    pass\n"
        f"print(sorted(m for m in {heavy} if m in sys.modules))"
    )
    for _ in range(2):  # the first run may compile the schema validator into the cache
        result = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path, check=True
        )
    assert result.stdout.strip().splitlines()[-1] == "[]"


@pytest.mark.parametrize("text", [None, "output-format: [json\n", "- json\n"])
def test_a_config_file_the_user_named_but_cannot_be_used_is_a_warning(
    tmp_path: Path, capsys, text: str | None
) -> None:
    config = tmp_path / "cli.yaml"
    if text is not None:
        config.write_text(text)
    for argv in (["validate", ORDERS, "--config", str(config)], ["graph", ORDERS]):
        env = _env(tmp_path)
        if argv[0] == "graph":  # the click path, with the file named by the environment
            env["PACTO_CONFIG"] = str(config)
        with pytest.raises(SystemExit) as exited:
            main(argv, env)
        assert exited.value.code == 0  # ignored, as upstream does: the run goes on
        err = capsys.readouterr().err
        assert err.startswith(f"warning: ignoring config file {config}: "), err


def test_the_config_files_found_by_search_are_ignored_silently(tmp_path: Path, capsys) -> None:
    # In a contract directory the search finds the contract itself (08-cli.md §2.2): no warning.
    env = _env(tmp_path)
    with pytest.raises(SystemExit):
        main(["validate", ORDERS], env)
    assert "warning" not in capsys.readouterr().err
