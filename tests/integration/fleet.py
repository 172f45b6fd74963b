"""The examples fleet made publishable: local ``../x`` references become ``oci://`` refs into a
test registry, and policy bundles come first in the push order (pushing validates, and
validation resolves ``policies[].ref`` through the registry)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import yaml

REPO_ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = REPO_ROOT / "examples"
_LOCAL_REF = re.compile(r"^(\s*-?\s*ref:\s*)(?:\./)?\.\./([A-Za-z0-9._-]+)/?\s*$", re.MULTILINE)


def example_names() -> list[str]:
    names = sorted(p.parent.name for p in EXAMPLES.glob("*/pacto.yaml"))
    if not names:
        raise RuntimeError(f"no example bundles under {EXAMPLES}")
    return names


def publishable_fleet(target: Path, host: str, namespace: str = "fleet") -> list[Path]:
    """Copy ``examples/`` to ``target``, rewrite ``ref: ../x`` to
    ``ref: oci://<host>/<namespace>/x`` and return the bundle dirs in push order."""
    shutil.copytree(EXAMPLES, target, dirs_exist_ok=True)
    policy_bundles: set[str] = set()
    bundles = []
    for name in example_names():
        path = target / name / "pacto.yaml"
        text = path.read_text()
        document = yaml.safe_load(text) or {}
        for policy in document.get("policies") or []:
            ref = str((policy or {}).get("ref") or "")
            if ref.startswith("../"):
                policy_bundles.add(ref[3:].strip("/"))
        path.write_text(_LOCAL_REF.sub(rf"\g<1>oci://{host}/{namespace}/\g<2>", text))
        bundles.append(target / name)
    return sorted(bundles, key=lambda p: (p.name not in policy_bundles, p.name))
