"""Records: the dataclass semantics the hot path needs, at a fraction of the start-up cost.

``@dataclass`` costs about 0.4 ms per class (more with ``slots=True``, which builds every class
twice) plus 8 ms to import ``dataclasses`` and the ``inspect`` it pulls in: a quarter of a cold
``pacto validate``, which defines some forty of them before reading a single file. A subclass of
:class:`Record` gets what those classes use, declared the same way (annotations, defaults,
:func:`field` with ``default_factory``):

* a generated keyword-only ``__init__`` (``kw_only=False`` allows positional arguments too),
  calling ``__post_init__`` when the class has one;
* ``__repr__``, ``__eq__`` (same class, equal fields) and, for frozen records, ``__hash__``;
* immutability by default (``frozen=False`` to allow assignment): assigning raises
  :class:`FrozenInstanceError`.

A method the class body defines itself is kept (as ``@dataclass`` does), and a subclass that
declares no field of its own inherits its record parent unchanged. Type checkers see the
classes as dataclasses through :func:`typing.dataclass_transform`.
"""

from __future__ import annotations

from collections.abc import Callable

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any, ClassVar, TypeVar, dataclass_transform

    T = TypeVar("T")
else:

    def dataclass_transform(**_options: object) -> object:
        return lambda cls: cls


__all__ = ["FrozenInstanceError", "Record", "field"]


class FrozenInstanceError(AttributeError):
    """Raised on assignment to a field of a frozen record."""


class _Factory:
    __slots__ = ("make",)

    def __init__(self, make: Callable[[], Any]) -> None:
        self.make = make


def field(*, default_factory: Callable[[], T]) -> T:
    """A field whose default is made fresh for each instance."""
    return _Factory(default_factory)  # type: ignore[return-value]


def _frozen_setattr(self: object, name: str, value: object) -> None:
    raise FrozenInstanceError(f"cannot assign to field '{name}'")


def _frozen_delattr(self: object, name: str) -> None:
    raise FrozenInstanceError(f"cannot delete field '{name}'")


def _is_class_var(annotation: object) -> bool:
    text = annotation if isinstance(annotation, str) else repr(annotation)
    return text.startswith(("ClassVar", "typing.ClassVar"))


@dataclass_transform(frozen_default=True, kw_only_default=True, field_specifiers=(field,))
class Record:
    """Base class of a record; see the module docstring."""

    __slots__ = ()
    _fields: ClassVar[tuple[str, ...]] = ()
    _defaults: ClassVar[dict[str, Any]] = {}

    def __init_subclass__(cls, *, frozen: bool = True, kw_only: bool = True, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        # The class's own annotations, as strings (``from __future__ import annotations``);
        # inspect.get_annotations would import inspect, the very cost this module avoids.
        own_annotations = cls.__dict__.get("__annotations__", {})  # noqa: RUF063
        if not own_annotations and Record not in cls.__bases__:
            return  # a plain subclass of a record inherits it as it is (as with @dataclass)
        fields = list(cls._fields)
        defaults = dict(cls._defaults)
        for name, annotation in own_annotations.items():
            if _is_class_var(annotation):
                continue
            if name not in fields:
                fields.append(name)
            if name in cls.__dict__:
                defaults[name] = cls.__dict__[name]
                delattr(cls, name)  # instances always carry every field
        cls._fields = tuple(fields)
        cls._defaults = defaults
        own = cls.__dict__
        methods: dict[str, Any] = {}
        if "__init__" not in own:
            _check_field_order(cls, kw_only)
            methods["__init__"] = _deferred_init(cls, kw_only)
        if "__repr__" not in own:
            methods["__repr__"] = Record._repr
        if "__eq__" not in own:
            methods["__eq__"] = Record._eq
            if frozen and "__hash__" not in own:
                methods["__hash__"] = Record._hash
            elif not frozen:
                methods["__hash__"] = None
        if frozen:
            methods["__setattr__"] = _frozen_setattr
            methods["__delattr__"] = _frozen_delattr
        for name, method in methods.items():
            setattr(cls, name, method)

    def _repr(self) -> str:
        values = self.__dict__
        inner = ", ".join(f"{name}={values[name]!r}" for name in self._fields)
        return f"{type(self).__qualname__}({inner})"

    def _eq(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented  # type: ignore[no-any-return]  # NotImplemented is typed Any
        return bool(self.__dict__ == other.__dict__)

    def _hash(self) -> int:
        return hash(tuple(self.__dict__.values()))


def _check_field_order(cls: type, kw_only: bool) -> None:
    if kw_only:
        return
    seen_default = False
    for name in cls._fields:  # type: ignore[attr-defined]
        has_default = name in cls._defaults  # type: ignore[attr-defined]
        if seen_default and not has_default:
            raise TypeError(f"{cls.__name__}: a field without a default follows one with")
        seen_default = seen_default or has_default


_COMPILE_AFTER = 16
"""Instances a record class makes through the generic ``__init__`` before its own is compiled."""


def _deferred_init(cls: type, kw_only: bool) -> Callable[..., None]:
    """A generic ``__init__`` that puts a compiled one in its place once the class is used
    often. Compiling costs ~75 µs a class and a cold ``pacto validate`` makes a few instances of
    thirty-odd records, so one-shot commands never compile; long runs (the dashboard, the
    benchmarks) get the compiled speed after ``_COMPILE_AFTER`` instances."""
    fields: tuple[str, ...] = cls._fields  # type: ignore[attr-defined]
    defaults: dict[str, Any] = cls._defaults  # type: ignore[attr-defined]
    post_init = hasattr(cls, "__post_init__")
    name_of = f"{cls.__qualname__}.__init__()"
    made = 0

    def generic_init(self: Any, *args: Any, **kwargs: Any) -> None:
        nonlocal made
        if args:
            if kw_only or len(args) > len(fields):
                allowed = 1 if kw_only else len(fields) + 1
                raise TypeError(
                    f"{name_of} takes {allowed} positional arguments but {len(args) + 1} were given"
                )
            for name, value in zip(fields, args, strict=False):
                if name in kwargs:
                    raise TypeError(f"{name_of} got multiple values for argument '{name}'")
                kwargs[name] = value
        values: dict[str, Any] = {}
        missing: list[str] = []
        for name in fields:
            if name in kwargs:
                values[name] = kwargs.pop(name)
                continue
            default = defaults.get(name, _REQUIRED)
            if default is _REQUIRED:
                missing.append(name)
            elif isinstance(default, _Factory):
                values[name] = default.make()
            else:
                values[name] = default
        if kwargs:
            raise TypeError(f"{name_of} got an unexpected keyword argument '{next(iter(kwargs))}'")
        if missing:
            raise TypeError(f"{name_of} missing required arguments: {', '.join(missing)}")
        self.__dict__.update(values)
        if post_init:
            self.__post_init__()
        made += 1  # not atomic across threads: hence ">=", so a lost update only delays it
        if made >= _COMPILE_AFTER and cls.__dict__.get("__init__") is generic_init:
            type.__setattr__(cls, "__init__", _make_init(cls, kw_only))

    generic_init.__name__ = "__init__"
    generic_init.__qualname__ = f"{cls.__qualname__}.__init__"
    return generic_init


def _make_init(cls: type, kw_only: bool) -> Callable[..., None]:
    """``__init__`` for ``cls``, compiled once: as fast per instance as a dataclass's."""
    namespace: dict[str, Any] = {}
    parameters: list[str] = []
    body: list[str] = []
    for name in cls._fields:  # type: ignore[attr-defined]
        default = cls._defaults.get(name, _REQUIRED)  # type: ignore[attr-defined]
        if default is _REQUIRED:
            parameters.append(name)
        elif isinstance(default, _Factory):
            namespace[f"_f_{name}"] = default.make
            parameters.append(f"{name}=_MISSING")
            body.append(f"    if {name} is _MISSING: {name} = _f_{name}()")
        else:
            namespace[f"_d_{name}"] = default
            parameters.append(f"{name}=_d_{name}")
    # The field order was checked when the class was made (_check_field_order).
    if kw_only:
        signature = ["self", "*", *parameters] if parameters else ["self"]
    else:
        signature = ["self", *parameters]
    assignments = ", ".join(f"{name}={name}" for name in cls._fields)  # type: ignore[attr-defined]
    body.append(f"    self.__dict__.update({assignments})")
    if hasattr(cls, "__post_init__"):
        body.append("    self.__post_init__()")
    source = f"def __init__({', '.join(signature)}):\n" + "\n".join(body) + "\n"
    namespace["_MISSING"] = _MISSING
    exec(compile(source, f"<record {cls.__qualname__}>", "exec"), namespace)
    init: Callable[..., None] = namespace["__init__"]
    init.__qualname__ = f"{cls.__qualname__}.__init__"
    return init


_REQUIRED = object()
_MISSING = object()
