"""Bundles and their file systems (01-contract.md §2)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from pacto.contract import (
    Bundle,
    BundleError,
    DirectoryFS,
    MemoryFS,
    is_valid_rooted_path,
    load_directory,
    parse,
)

CONTRACT = 'pactoVersion: "1.0"\nservice: {name: svc, version: 1.0.0}\n'


@pytest.mark.parametrize(
    ("path", "valid"),
    [
        ("interfaces/openapi.yaml", True),
        ("a", True),
        ("", False),
        ("/abs", False),
        ("a/", False),
        ("a//b", False),
        ("./a", False),
        ("../a", False),
        ("a/../b", False),
        ("a\\b", False),
    ],
)
def test_valid_rooted_paths(path: str, valid: bool) -> None:
    assert is_valid_rooted_path(path) is valid


def make_bundle(tmp_path: Path) -> Path:
    root = tmp_path / "svc"
    (root / "interfaces").mkdir(parents=True)
    (root / "pacto.yaml").write_text(CONTRACT)
    (root / "interfaces" / "openapi.yaml").write_text("openapi: 3.0.0\n")
    return root


def test_directory_fs_reads_files_and_lists_them_sorted(tmp_path: Path) -> None:
    fs = DirectoryFS(make_bundle(tmp_path))
    assert fs.is_file("interfaces/openapi.yaml")
    assert not fs.is_file("interfaces")
    assert fs.read_bytes("pacto.yaml") == CONTRACT.encode()
    assert fs.list_files() == ["interfaces/openapi.yaml", "pacto.yaml"]


def test_directory_fs_refuses_paths_escaping_the_root(tmp_path: Path) -> None:
    root = make_bundle(tmp_path)
    (tmp_path / "secret.txt").write_text("secret")
    os.symlink(tmp_path / "secret.txt", root / "link.txt")
    os.symlink("/etc/passwd", root / "passwd")
    fs = DirectoryFS(root)
    for path in ("../secret.txt", "/etc/passwd", "link.txt", "passwd", "./pacto.yaml"):
        assert not fs.is_file(path), path
        with pytest.raises(FileNotFoundError):
            fs.read_bytes(path)
    assert "link.txt" not in fs.list_files()


def test_directory_fs_follows_symlinks_inside_the_root(tmp_path: Path) -> None:
    root = make_bundle(tmp_path)
    os.symlink(root / "interfaces" / "openapi.yaml", root / "api.yaml")
    assert DirectoryFS(root).read_bytes("api.yaml") == b"openapi: 3.0.0\n"


def test_memory_fs_replace_returns_a_copy() -> None:
    fs = MemoryFS({"pacto.yaml": b"a"})
    replaced = fs.replace("pacto.yaml", b"b")
    assert fs.read_bytes("pacto.yaml") == b"a"
    assert replaced.read_bytes("pacto.yaml") == b"b"
    assert not fs.is_file("../pacto.yaml")


def test_load_directory_reads_and_parses(tmp_path: Path) -> None:
    root = make_bundle(tmp_path)
    bundle = load_directory(root)
    assert bundle.contract.service.name == "svc"
    assert bundle.raw() == CONTRACT.encode()
    assert bundle.fs is not None and bundle.fs.is_file("pacto.yaml")


def test_load_directory_accepts_a_path_to_pacto_yaml(tmp_path: Path) -> None:
    root = make_bundle(tmp_path)
    assert load_directory(root / "pacto.yaml").contract.service.name == "svc"


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("missing", "failed to access {p}: no such file or directory"),
        ("file", "{p} is not a directory"),
        ("empty", "no pacto.yaml found in {p}"),
    ],
)
def test_load_directory_errors_use_the_reference_messages(
    tmp_path: Path, setup: str, message: str
) -> None:
    target = tmp_path / "target"
    if setup == "file":
        target.write_text("x")
    elif setup == "empty":
        target.mkdir()
    with pytest.raises(BundleError) as info:
        load_directory(str(target))
    assert str(info.value) == message.format(p=target)


def test_load_directory_reports_parse_failures_with_the_file(tmp_path: Path) -> None:
    root = tmp_path / "bad"
    root.mkdir()
    (root / "pacto.yaml").write_text('pactoVersion: "1.0"\nservice: {version: 1.0.0}\n')
    with pytest.raises(BundleError) as info:
        load_directory(str(root))
    assert str(info.value) == (
        f"failed to parse {root}/pacto.yaml: parse error at service.name: service.name is required"
    )


def test_oversized_contract_is_refused_without_reading_it(tmp_path: Path) -> None:
    root = tmp_path / "big"
    root.mkdir()
    with (root / "pacto.yaml").open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    with pytest.raises(BundleError, match=r"is 50\.0 MB; a contract may be at most 4 MB"):
        load_directory(root)


def test_bundle_raw_falls_back_to_the_file_system() -> None:
    contract = parse(CONTRACT)
    bundle = Bundle(contract=contract, fs=MemoryFS({"pacto.yaml": b"x"}))
    assert bundle.raw() == b"x"
    with pytest.raises(BundleError, match="no raw YAML"):
        Bundle(contract=contract).raw()
