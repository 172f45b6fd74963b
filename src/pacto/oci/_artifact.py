"""The OCI artifact of a bundle, exactly as the reference builds it (07-oci.md §3).

A single-layer OCI image manifest whose config is a Docker-style image config carrying the
``io.pacto.*`` labels and whose layer is the bundle's reproducible tar.gz. JSON is written the
way Go's ``encoding/json`` writes these structs: compact, fields in declaration order, map
keys sorted. No annotations, no ``artifactType``, no ``subject``.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from pacto.contract import CONTRACT_FILE, Bundle
from pacto.oci._codec import gzip_bytes, pack_tar

__all__ = [
    "CONFIG_MEDIA_TYPE",
    "LABEL_NAME",
    "LABEL_PACTO_VERSION",
    "LABEL_VERSION",
    "LAYER_MEDIA_TYPE",
    "MANIFEST_MEDIA_TYPE",
    "Artifact",
    "ArtifactError",
    "build_artifact",
    "bundle_files",
    "single_layer",
]

MANIFEST_MEDIA_TYPE = "application/vnd.oci.image.manifest.v1+json"
CONFIG_MEDIA_TYPE = "application/vnd.docker.container.image.v1+json"
LAYER_MEDIA_TYPE = "application/vnd.pacto.bundle.layer.v1.tar+gzip"
LABEL_NAME = "io.pacto.name"
LABEL_VERSION = "io.pacto.version"
LABEL_PACTO_VERSION = "io.pacto.pactoVersion"
_ZERO_TIME = "0001-01-01T00:00:00Z"
_INDEX_TYPES = frozenset(
    {
        "application/vnd.oci.image.index.v1+json",
        "application/vnd.docker.distribution.manifest.list.v2+json",
    }
)


class ArtifactError(Exception):
    """An artifact cannot be built or its manifest is not a single-layer image."""


@dataclass(frozen=True, slots=True)
class Artifact:
    manifest: bytes
    config: bytes
    layer: bytes
    manifest_digest: str
    config_digest: str
    layer_digest: str


def _digest(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _json(document: Any) -> bytes:
    return json.dumps(document, separators=(",", ":"), ensure_ascii=False).encode("utf-8")


def bundle_files(bundle: Bundle) -> dict[str, bytes]:
    """Every file of the bundle, with ``pacto.yaml`` replaced by the bundle's (merged) YAML."""
    if bundle.fs is None:
        raise ArtifactError("bundle, contract, and filesystem are required")
    files = {path: bundle.fs.read_bytes(path) for path in bundle.fs.list_files()}
    files[CONTRACT_FILE] = bundle.raw()
    return files


def build_artifact(bundle: Bundle) -> Artifact:
    """Config, layer and manifest of ``bundle``; labels come from the (overridden) contract."""
    tar = pack_tar(bundle_files(bundle))
    layer = gzip_bytes(tar)
    contract = bundle.contract
    labels = {
        LABEL_NAME: contract.service.name,
        LABEL_PACTO_VERSION: contract.pacto_version,
        LABEL_VERSION: contract.service.version,
    }
    config = _json(
        {
            "architecture": "",
            "created": _ZERO_TIME,
            "history": [{"created": _ZERO_TIME}],
            "os": "",
            "rootfs": {"type": "layers", "diff_ids": [_digest(tar)]},
            "config": {"Labels": dict(sorted(labels.items()))},
        }
    )
    manifest = _json(
        {
            "schemaVersion": 2,
            "mediaType": MANIFEST_MEDIA_TYPE,
            "config": {
                "mediaType": CONFIG_MEDIA_TYPE,
                "size": len(config),
                "digest": _digest(config),
            },
            "layers": [
                {"mediaType": LAYER_MEDIA_TYPE, "size": len(layer), "digest": _digest(layer)}
            ],
        }
    )
    return Artifact(
        manifest=manifest,
        config=config,
        layer=layer,
        manifest_digest=_digest(manifest),
        config_digest=_digest(config),
        layer_digest=_digest(layer),
    )


def single_layer(manifest: bytes, media_type: str = "") -> tuple[str, int]:
    """``(digest, size)`` of the only layer of an image manifest (size -1 when absent).

    Media types are not checked (§3.4). Raises :class:`ArtifactError` with the reference's
    texts: ``failed to get layers: ...``, ``image has no layers``, ``expected 1 layer, got N``,
    and for an index, that Pacto never pushes one.
    """
    try:
        document = json.loads(manifest)
    except ValueError as exc:
        raise ArtifactError(f"failed to get layers: invalid manifest JSON: {exc}") from exc
    if not isinstance(document, dict):
        raise ArtifactError("failed to get layers: manifest is not a JSON object")
    kind = str(document.get("mediaType") or media_type)
    if kind in _INDEX_TYPES or "manifests" in document:
        raise ArtifactError(
            f"failed to get layers: {kind or 'an image index'} is an index, not a bundle image"
        )
    layers = document.get("layers")
    if layers is None:
        layers = []
    if not isinstance(layers, list):
        raise ArtifactError("failed to get layers: layers is not a list")
    if not layers:
        raise ArtifactError("image has no layers")
    if len(layers) != 1:
        raise ArtifactError(f"expected 1 layer, got {len(layers)}")
    layer = layers[0]
    digest = layer.get("digest") if isinstance(layer, dict) else None
    if not isinstance(digest, str) or ":" not in digest:
        raise ArtifactError("failed to get layers: layer descriptor has no digest")
    size = layer.get("size")
    return digest, size if isinstance(size, int) and size >= 0 else -1
