"""Values files and ``--set`` overrides applied to a contract document (06-overrides.md).

:func:`apply` deep-merges values files into ``pacto.yaml``, then assigns the ``--set``,
``--set-string`` and ``--set-json`` items, and returns the merged YAML document.

Pure: no network, no environment, no clock, and no file access of its own (values files are read
through the ``read_file`` function the caller passes in). Must never import click, httpx, the web
framework, :mod:`pacto.oci` or :mod:`pacto.app`.
"""

from pacto.override._apply import Overrides, apply
from pacto.override._setpath import coerce_value
from pacto.override.errors import OverrideError

__all__ = ["OverrideError", "Overrides", "apply", "coerce_value"]
