"""The :class:`Overrides` value: what the user asked to change (light; no YAML machinery)."""

from __future__ import annotations

from pacto._record import Record

__all__ = ["Overrides"]


class Overrides(Record, kw_only=False):
    """What the user asked to change in a contract, each list in command-line order.

    ``value_files`` are ``-f/--values`` paths; ``set_values``, ``set_string_values`` and
    ``set_json_values`` are the ``key=value`` items of ``--set``, ``--set-string`` and
    ``--set-json``. Any iterable of strings is stored as a tuple; a bare string is refused with
    :class:`TypeError` (it would otherwise become one item per character).
    """

    value_files: tuple[str, ...] = ()
    set_values: tuple[str, ...] = ()
    set_string_values: tuple[str, ...] = ()
    set_json_values: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for name in self._fields:
            items = getattr(self, name)
            if isinstance(items, str | bytes):
                raise TypeError(f"Overrides.{name} must be a sequence of strings")
            object.__setattr__(self, name, tuple(items))

    def is_empty(self) -> bool:
        """True when there is no values file and no ``--set*`` item at all."""
        return not (
            self.value_files or self.set_values or self.set_string_values or self.set_json_values
        )
