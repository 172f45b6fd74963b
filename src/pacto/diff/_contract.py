"""Service identity and scaling (03-diff.md §5.1, §5.2)."""

from __future__ import annotations

from pacto.contract import Chart, Contract, Image, Scaling
from pacto.diff._draft import Emitter, contract_pointer
from pacto.diff._model import ChangeType

__all__ = ["compare_identity", "compare_scaling"]


def _presence_type(old_present: bool, new_present: bool) -> ChangeType:
    if not old_present:
        return ChangeType.ADDED
    if not new_present:
        return ChangeType.REMOVED
    return ChangeType.MODIFIED


def compare_identity(emit: Emitter, old: Contract, new: Contract) -> None:
    o, n = old.service, new.service
    here = contract_pointer
    if o.name != n.name:
        emit.contract(
            "service.name",
            ChangeType.MODIFIED,
            o.name,
            n.name,
            old_pointer=here("service", "name"),
            new_pointer=here("service", "name"),
        )
    if o.version != n.version:
        emit.contract(
            "service.version",
            ChangeType.MODIFIED,
            o.version,
            n.version,
            old_pointer=here("service", "version"),
            new_pointer=here("service", "version"),
        )
    if o.owner != n.owner:
        emit.contract(
            "service.owner",
            _presence_type(not o.owner.is_empty(), not n.owner.is_empty()),
            o.owner.display(),
            n.owner.display(),
            old_pointer=here("service", "owner"),
            new_pointer=here("service", "owner"),
        )
    if _image(o.image) != _image(n.image):
        emit.contract(
            "service.image",
            _presence_type(o.image is not None, n.image is not None),
            _image(o.image),
            _image(n.image),
            old_pointer=here("service", "image"),
            new_pointer=here("service", "image"),
        )
    if _chart(o.chart) != _chart(n.chart):
        emit.contract(
            "service.chart",
            _presence_type(o.chart is not None, n.chart is not None),
            _chart(o.chart),
            _chart(n.chart),
            old_pointer=here("service", "chart"),
            new_pointer=here("service", "chart"),
        )


def _image(image: Image | None) -> str:
    return image.ref if image is not None else ""


def _chart(chart: Chart | None) -> str:
    return f"{chart.ref}:{chart.version}" if chart is not None else ""


def _summary(scaling: Scaling) -> str:
    if scaling.replicas is not None:
        return f"replicas={scaling.replicas}"
    return f"min={scaling.min} max={scaling.max}"


def compare_scaling(emit: Emitter, old: Contract, new: Contract) -> None:
    o, n = old.scaling, new.scaling
    here = contract_pointer("scaling")
    if o is None and n is None:
        return
    if o is None:
        assert n is not None
        emit.contract("scaling", ChangeType.ADDED, None, _summary(n), old_pointer=here)
        return
    if n is None:
        emit.contract("scaling", ChangeType.REMOVED, _summary(o), None, old_pointer=here)
        return
    if (o.replicas is None) != (n.replicas is None):
        emit.contract("scaling", ChangeType.MODIFIED, _summary(o), _summary(n), old_pointer=here)
        return
    if o.replicas is not None:
        if o.replicas != n.replicas:
            where = contract_pointer("scaling", "replicas")
            emit.contract(
                "scaling.replicas", ChangeType.MODIFIED, o.replicas, n.replicas, old_pointer=where
            )
        return
    if o.min != n.min:
        emit.contract(
            "scaling.min",
            ChangeType.MODIFIED,
            o.min,
            n.min,
            old_pointer=contract_pointer("scaling", "min"),
        )
    if o.max != n.max:
        emit.contract(
            "scaling.max",
            ChangeType.MODIFIED,
            o.max,
            n.max,
            old_pointer=contract_pointer("scaling", "max"),
        )
