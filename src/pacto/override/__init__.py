"""Values files and ``--set`` overrides applied to a contract document (06-overrides.md).

:func:`apply` deep-merges values files into ``pacto.yaml``, then assigns the ``--set``,
``--set-string`` and ``--set-json`` items, and returns the merged YAML document.

Pure: no network, no environment, no clock, and no file access of its own (values files are read
through the ``read_file`` function the caller passes in). Must never import click, httpx, the web
framework, :mod:`pacto.oci` or :mod:`pacto.app`.
"""

from pacto.override._overrides import Overrides
from pacto.override.errors import OverrideError

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from collections.abc import Callable
del TYPE_CHECKING  # not part of the package's surface

__all__ = ["OverrideError", "Overrides", "apply", "coerce_value"]


def apply(base_yaml: bytes, overrides: Overrides, *, read_file: "Callable[[str], bytes]") -> bytes:
    """The YAML document ``base_yaml`` with ``overrides`` applied; see
    :func:`pacto.override._apply.apply`. The YAML machinery is imported on first use, so commands
    without overrides never pay for it. Raises :class:`OverrideError`."""
    from pacto.override._apply import apply as apply_overrides

    return apply_overrides(base_yaml, overrides, read_file=read_file)


def coerce_value(raw: str) -> int | float | bool | str:
    """A ``--set`` value coerced as 06-overrides.md §6 says (int, float, bool, else string)."""
    from pacto.override._setpath import coerce_value as coerce

    return coerce(raw)
