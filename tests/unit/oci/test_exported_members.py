"""``pacto.oci.__all__`` is sorted and complete, and importing the package does not import
httpx (only the registry client needs it)."""

from __future__ import annotations

import subprocess
import sys

import pacto.oci


def test_all_is_sorted_and_every_name_resolves():
    names = pacto.oci.__all__
    assert names == sorted(names, key=lambda n: (not n.isupper(), n))
    for name in names:
        assert getattr(pacto.oci, name) is not None, name


def test_importing_pacto_oci_does_not_import_httpx():
    code = "import sys, pacto.oci, pacto.oci.errors; print('httpx' in sys.modules)"
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "False"


def test_commands_that_do_not_reach_a_registry_do_not_import_httpx():
    code = (
        "import sys, pacto.cli.validate, pacto.cli.pack, pacto.cli.push, pacto.cli.pull, "
        "pacto.cli.login; print(sorted(m for m in ('httpx', 'rich') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
