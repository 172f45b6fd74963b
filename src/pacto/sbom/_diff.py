"""Package-level SBOM comparison (04-sbom.md §6), matching by purl first (beyond the
reference, §3.2) and by name otherwise."""

from __future__ import annotations

from pacto.sbom._model import Document, Package, PackageChange, SbomDiff

__all__ = ["diff_sboms", "purl_identity"]

_FIELDS = ("version", "license", "supplier")


def purl_identity(purl: str) -> str:
    """A purl without its version (``pkg:npm/left-pad@1.3.0`` -> ``pkg:npm/left-pad``).

    Qualifiers and subpath stay: they distinguish builds (``?arch=amd64``).
    """
    if not purl:
        return ""
    main, _, subpath = purl.partition("#")
    main, _, qualifiers = main.partition("?")
    if "@" in main.rsplit("/", 1)[-1]:
        main = main[: main.rindex("@")]
    return main + (f"?{qualifiers}" if qualifiers else "") + (f"#{subpath}" if subpath else "")


def _added(package: Package) -> PackageChange:
    return PackageChange(
        package=package.name,
        type="added",
        field="package",
        new_value=package.version,
        purl=package.purl,
    )


def _removed(package: Package) -> PackageChange:
    return PackageChange(
        package=package.name,
        type="removed",
        field="package",
        old_value=package.version,
        purl=package.purl,
    )


def _modified(old: Package, new: Package) -> list[PackageChange]:
    changes = []
    for field in _FIELDS:
        before, after = getattr(old, field), getattr(new, field)
        if before != after:
            changes.append(
                PackageChange(
                    package=new.name,
                    type="modified",
                    field=field,
                    old_value=before,
                    new_value=after,
                    purl=new.purl or old.purl,
                )
            )
    return changes


def _by_key(packages: list[Package], key: str) -> dict[str, Package]:
    index: dict[str, Package] = {}
    for package in packages:
        identity = purl_identity(package.purl) if key == "purl" else package.name
        index.pop(identity, None)  # a repeated key keeps the last occurrence, in its place
        index[identity] = package
    return index


def diff_sboms(old: Document | None, new: Document | None) -> SbomDiff | None:
    """The package changes between two SBOMs; ``None`` when both are absent.

    One side absent: every package of the other is added/removed. Both present: packages
    whose purls (without version) match are paired first, the rest by name (last occurrence of
    a repeated name wins); for paired packages each differing version, license and supplier is
    one ``modified`` change. Changes are sorted by (package, field, type).
    """
    if old is None and new is None:
        return None
    if old is None:
        assert new is not None
        changes = [_added(p) for p in new.packages]
        return SbomDiff(new_format=str(new.format), changes=_sorted(changes))
    if new is None:
        changes = [_removed(p) for p in old.packages]
        return SbomDiff(old_format=str(old.format), changes=_sorted(changes))

    changes = []
    old_purls = _by_key([p for p in old.packages if p.purl], "purl")
    new_purls = _by_key([p for p in new.packages if p.purl], "purl")
    paired = old_purls.keys() & new_purls.keys()
    for identity in paired:
        changes.extend(_modified(old_purls[identity], new_purls[identity]))
    old_rest = [p for p in old.packages if not (p.purl and purl_identity(p.purl) in paired)]
    new_rest = [p for p in new.packages if not (p.purl and purl_identity(p.purl) in paired)]
    old_names = _by_key(old_rest, "name")
    new_names = _by_key(new_rest, "name")
    for name, package in old_names.items():
        if name in new_names:
            changes.extend(_modified(package, new_names[name]))
        else:
            changes.append(_removed(package))
    changes.extend(_added(p) for name, p in new_names.items() if name not in old_names)
    return SbomDiff(
        old_format=str(old.format), new_format=str(new.format), changes=_sorted(changes)
    )


def _sorted(changes: list[PackageChange]) -> tuple[PackageChange, ...]:
    return tuple(sorted(changes, key=lambda c: (c.package, c.field, c.type, c.purl)))
