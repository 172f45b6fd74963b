"""Errors raised by :mod:`pacto.graph` and by the fetchers that serve it.

::

    PactoError
    └── GraphError
        └── DependencyFetchError   one dependency cannot be fetched (ref); the resolver turns
                                   it (like any PactoError a fetcher raises) into ``edge.error``

Resolution itself never fails because of a dependency: fetch failures become edge errors
(05-graph.md §10). Only a broken fetcher (a non-Pacto exception) escapes :func:`resolve`.
"""

from __future__ import annotations

from pacto.errors import PactoError

__all__ = ["DependencyFetchError", "GraphError"]


class GraphError(PactoError):
    """Base class of the graph package's errors."""


class DependencyFetchError(GraphError):
    """A dependency could not be fetched; ``str()`` is the text shown in the tree."""

    def __init__(self, message: str, *, ref: str = "") -> None:
        super().__init__(message)
        self.ref = ref
