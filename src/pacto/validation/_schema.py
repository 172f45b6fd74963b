"""JSON Schemas: the embedded contract schema and the user-supplied ones.

The contract schema (``schema/pacto-v1.0.schema.json``, draft 2020-12) ships inside the package
as a data file, read from beside this module. It only uses keywords that draft-07 also has, so a
fastjsonschema-compiled copy (about ten times faster) decides accept/reject on the valid path;
only when it rejects does the jsonschema ``Draft202012Validator`` produce the complete list of
leaf errors (02-validation.md §4.1). Both are built lazily, once per process; a unit test pins
that they agree.

User-supplied schemas (configuration and policy schemas) are compiled with the draft they declare
(default 2020-12), cached by content, and never trigger a network fetch: every ``$ref`` is
resolved at compile time against the document itself and the standard meta-schemas only, and
anything else is a compile failure (02 §5.1 "JSON-Schema-check").

jsonschema and fastjsonschema are imported inside functions so that ``import pacto.validation``
stays cheap.
"""

from __future__ import annotations

import functools
import json
import marshal
import os
import re
import sys
import zlib
from collections.abc import Iterator
from pathlib import Path

from pacto._record import Record

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

__all__ = [
    "SCHEMA_ID",
    "SchemaEvaluationError",
    "UserSchema",
    "contract_schema_accepts",
    "contract_schema_errors",
    "describe_leaf",
    "iter_leaf_errors",
    "load_user_schema",
    "schema_bytes",
    "schema_document",
    "use_compiled_schema_cache",
]

SCHEMA_ID = "https://pacto.trianalab.com/schema/v1.0"
# importlib.resources would cost ~4 ms of imports (zipfile, importlib.util) on every CLI start.
_SCHEMA_FILE = Path(__file__).parent / "schema" / "pacto-v1.0.schema.json"
_DRAFT_07 = "http://json-schema.org/draft-07/schema#"
_DRAFT_2020_12 = "https://json-schema.org/draft/2020-12/schema"

# fastjsonschema anchors `$` at the very end of the string (it rewrites it to `\Z`), as Go's RE2
# and ECMA-262 do; Python's `$` also matches before a trailing newline. The precise validator
# gets the same rewrite so the two never disagree (only our own schema's patterns, which have no
# `$` inside a character class, go through it).
_UNESCAPED_DOLLAR = r"(?<!\\)\$"  # compiled on use (re caches it): not every run needs it


@functools.cache
def schema_bytes() -> bytes:
    """The embedded pacto 1.0 JSON Schema, byte for byte (used by the doc generator)."""
    return _SCHEMA_FILE.read_bytes()


@functools.cache
def schema_document() -> dict[str, Any]:
    """The embedded schema, parsed once. Shared: treat it as read-only."""
    document: dict[str, Any] = json.loads(schema_bytes())
    return document


# ------------------------------------------------------------------ compiled-code cache

# fastjsonschema generates Python source and compiles it: ~25 ms for the contract schema on this
# project's reference machine, paid on every CLI start. The composition root may hand us a
# directory where the compiled bytecode is kept (keyed by schema, generator and interpreter), so
# later processes only unmarshal it. Process-wide like the functools caches around it; without
# a directory everything is compiled in memory.
_code_cache_dir: list[Path] = []


def use_compiled_schema_cache(directory: str | os.PathLike[str] | None) -> None:
    """Keep compiled fast validators as bytecode under ``directory`` (``None`` turns it off)."""
    _code_cache_dir.clear()
    if directory is not None:
        _code_cache_dir.append(Path(directory))


class SchemaRejected(ValueError):  # noqa: N818 - the name says what it reports
    """Raised by a cached compiled validator when the instance does not match (stands in for
    fastjsonschema's ``JsonSchemaValueException``, so a cache hit never imports fastjsonschema)."""

    def __init__(
        self,
        message: str,
        value: Any = None,
        name: str | None = None,
        definition: Any = None,
        rule: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.value = value
        self.name = name
        self.definition = definition
        self.rule = rule


class _NoDecimal:
    """Stands in for ``decimal.Decimal`` in the generated code, which only uses it in
    ``isinstance(x, (int, float, Decimal))`` number checks: YAML and JSON never produce a
    Decimal, and importing decimal costs ~1 ms of every CLI start. (A caller passing a Decimal
    would see the fast validator reject and the precise one decide, as on any disagreement.)"""


_STAND_INS: dict[str, Any] = {
    "JsonSchemaValueException": SchemaRejected,
    "JsonSchemaValuesException": SchemaRejected,
    "Decimal": _NoDecimal,
}
_GENERATED_IMPORT = r"^from fastjsonschema import (?P<names>[\w, ]+)$"  # compiled on a cache miss
_DECIMAL_IMPORT = "from decimal import Decimal\n"
_TRANSFORM = 3  # bump when _detach changes what is cached


def _detach(generated: str) -> str:
    """The generated module without its ``from fastjsonschema import ...`` line, when that line
    names only the exceptions :data:`_STAND_INS` provides, and without its ``decimal`` import
    (see :class:`_NoDecimal`)."""
    match = re.search(_GENERATED_IMPORT, generated, re.M)
    if match is None:
        return generated
    names = {name.strip() for name in match.group("names").split(",")}
    if not names <= set(_STAND_INS):
        return generated
    generated = generated[: match.start()] + generated[match.end() :]
    return generated.replace(_DECIMAL_IMPORT, "", 1)


def _generator_stamp() -> str:
    """Where fastjsonschema is installed and when it changed, without importing it."""
    from importlib.machinery import PathFinder  # loaded at interpreter start; importlib.util is not

    spec = PathFinder.find_spec("fastjsonschema")
    origin = spec.origin if spec is not None and spec.origin else ""
    try:
        changed = Path(origin).stat().st_mtime_ns if origin else 0
    except OSError:
        changed = 0
    return f"{origin}|{changed}"


def _compile_fast(schema: Any, *, source: bytes | None = None) -> Any:
    """A fastjsonschema validator for ``schema``, through the bytecode cache when one is
    configured. It raises a ``ValueError`` (fastjsonschema's exception, or
    :class:`SchemaRejected` for cached code) when the instance does not match.

    ``schema`` may be a zero-argument callable producing the schema, so that a cache hit keyed by
    ``source`` (the schema's bytes) never has to build it — nor import fastjsonschema."""

    def build() -> Any:
        return schema() if callable(schema) else schema

    if not _code_cache_dir:
        import fastjsonschema

        return fastjsonschema.compile(build(), use_default=False, use_formats=False)
    if source is None:
        source = json.dumps(build(), sort_keys=True, separators=(",", ":"), default=str).encode()
    # zlib checksums, not hashlib: hashlib loads OpenSSL (~4 ms) on every CLI start.
    material = f"{_generator_stamp()}|{sys.version}|{_TRANSFORM}|".encode() + source
    key = f"{zlib.crc32(material):08x}{zlib.adler32(material):08x}{len(material):x}"
    path = _code_cache_dir[0] / f"{key}.pyc-marshal"
    try:
        code = marshal.loads(path.read_bytes())
    except (OSError, ValueError, EOFError, TypeError):
        import fastjsonschema

        generated = fastjsonschema.compile_to_code(build(), use_default=False, use_formats=False)
        code = compile(_detach(generated), f"<pacto compiled schema {key[:12]}>", "exec")
        _write_atomically(path, marshal.dumps(code))
    namespace: dict[str, Any] = dict(_STAND_INS)
    exec(code, namespace)  # our own generated validator, keyed by content
    return namespace["validate"]


def _write_atomically(path: Path, data: bytes) -> None:
    import tempfile

    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
        Path(temporary).replace(path)
    except OSError:
        pass  # a cache that cannot be written is only slower


# ------------------------------------------------------------------ the contract schema


@functools.cache
def _fast_validator() -> Any:
    def draft_07_copy() -> Any:
        import copy

        schema = copy.deepcopy(schema_document())
        schema["$schema"] = _DRAFT_07
        schema.pop("$id", None)  # `#/$defs/...` refs must resolve in the document, not by URL
        return schema

    # use_default=False: fastjsonschema would otherwise write defaults (visibility: internal)
    # into the document, which policies are later enforced on.
    return _compile_fast(draft_07_copy, source=b"contract|" + schema_bytes())


def contract_schema_accepts(document: Any) -> bool:
    """Fast accept/reject of a generic document against the contract schema."""
    try:
        _fast_validator()(document)
    except ValueError:  # fastjsonschema's JsonSchemaValueException, or SchemaRejected
        return False
    return True


def _end_anchored_pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    from jsonschema import ValidationError

    if validator.is_type(instance, "string") and not re.search(
        re.sub(_UNESCAPED_DOLLAR, r"\\Z", pattern), instance
    ):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


@functools.cache
def _precise_validator() -> Any:
    import copy

    from jsonschema import Draft202012Validator, validators

    cls = validators.extend(Draft202012Validator, {"pattern": _end_anchored_pattern})
    return cls(copy.deepcopy(schema_document()), registry=_no_network_registry())


def contract_schema_errors(document: Any) -> list[Any]:
    """Every leaf ``jsonschema.ValidationError`` of ``document`` against the contract schema."""
    return [
        leaf
        for error in _precise_validator().iter_errors(document)
        for leaf in iter_leaf_errors(error)
    ]


def describe_leaf(error: Any) -> str:
    """A leaf error as one line: ``at '/service': 'owner' is a required property``."""
    pointer = "".join(
        "/" + str(token).replace("~", "~0").replace("/", "~1") for token in error.absolute_path
    )
    return f"at '{pointer}': {error.message}" if pointer else str(error.message)


def iter_leaf_errors(error: Any) -> Iterator[Any]:
    """The errors without sub-errors under ``error`` (02 §4.1 step 3): for ``oneOf``/``anyOf``
    every failing branch's leaves, for anything else the error itself."""
    if error.context:
        for child in error.context:
            yield from iter_leaf_errors(child)
    else:
        yield error


# ------------------------------------------------------------------ user-supplied schemas


class _RetrievalRefusedError(LookupError):
    """Raised instead of fetching a schema: validation never touches the network."""


def _refuse_retrieval(uri: str) -> Any:
    raise _RetrievalRefusedError(uri)


@functools.cache
def _no_network_registry() -> Any:
    """The standard meta-schemas, and a retriever that refuses everything else (referencing
    turns the refusal into ``Unresolvable``)."""
    from jsonschema_specifications import REGISTRY as SPECIFICATIONS  # type: ignore[import-untyped]
    from referencing import Registry

    registry_class: Any = Registry  # attrs-generated __init__ (the `retrieve` alias)
    return SPECIFICATIONS.combine(registry_class(retrieve=_refuse_retrieval))


class UserSchema(Record, kw_only=False):
    """A configuration or policy schema file: usable, or with the reason it is not.

    Either ``json_error`` (the text is not JSON; ``json_line``/``json_column`` say where) or
    ``schema_error`` (JSON, but not a JSON Schema that compiles; ``schema_error_node`` is where
    in the document) is set, or neither and :meth:`leaf_errors` validates instances.
    """

    source: bytes = b""
    json_error: str = ""
    json_line: int | None = None
    json_column: int | None = None
    schema_error: str = ""
    schema_error_node: tuple[str | int, ...] = ()
    fast: Any = None
    """A fastjsonschema validator used as an accept-only oracle (see :func:`_is_fast_safe`)."""

    @property
    def is_usable(self) -> bool:
        return not self.json_error and not self.schema_error

    def leaf_errors(self, instance: Any) -> list[Any]:
        """The leaf ``jsonschema.ValidationError`` s of ``instance``; empty when it is valid.

        The fast oracle only ever *accepts*: when it rejects, jsonschema (with the declared
        draft) decides and describes, so a difference between the two libraries can cost time,
        never a wrong verdict.
        """
        if self.fast is not None:
            try:
                self.fast(instance)
            except (ValueError, TypeError, LookupError, RecursionError, re.error):
                pass  # JsonSchemaValueException is a ValueError; jsonschema decides
            else:
                return []
        from referencing.exceptions import Unresolvable

        validator = _precise_user_validator(self.source)
        try:
            return [
                leaf
                for error in validator.iter_errors(instance)
                for leaf in iter_leaf_errors(error)
            ]
        except (Unresolvable, RecursionError, TypeError, LookupError, re.error) as exc:
            raise SchemaEvaluationError(f"schema could not be evaluated: {exc}") from exc


class SchemaEvaluationError(ValueError):
    """A usable schema failed while validating an instance (not a validation failure)."""


def _reject_constant(name: str) -> Any:
    raise ValueError(f"{name} is not valid JSON")


def _parse_json(data: bytes) -> Any:
    return json.loads(data, parse_constant=_reject_constant)


@functools.lru_cache(maxsize=256)
def load_user_schema(data: bytes) -> UserSchema:
    """Parse and compile a user-supplied JSON Schema. Cached by content; never raises."""
    try:
        document = _parse_json(data)
    except json.JSONDecodeError as exc:
        return UserSchema(json_error=str(exc), json_line=exc.lineno, json_column=exc.colno)
    except ValueError as exc:  # NaN/Infinity literals, invalid UTF-8
        return UserSchema(json_error=str(exc))
    fast = _fast_user_validator(document)
    if fast is not None:
        return UserSchema(source=data, fast=fast)
    problem = _compile_problem(document)
    if problem is not None:
        message, node = problem
        return UserSchema(source=data, schema_error=message, schema_error_node=node)
    return UserSchema(source=data)


@functools.lru_cache(maxsize=256)
def _precise_user_validator(data: bytes) -> Any:
    from jsonschema import Draft202012Validator
    from jsonschema.validators import validator_for

    document = _parse_json(data)
    cls = validator_for(document, default=Draft202012Validator)
    return cls(document, registry=_no_network_registry())


def _compile_problem(document: Any) -> tuple[str, tuple[str | int, ...]] | None:
    """Why ``document`` does not compile as a JSON Schema (02 §5.1): unknown ``$schema``,
    meta-schema violation, or a ``$ref`` that does not resolve without the network."""
    from jsonschema import Draft202012Validator, SchemaError
    from jsonschema.validators import validator_for
    from referencing.jsonschema import DRAFT202012, specification_with

    if not isinstance(document, dict | bool):
        return "a JSON Schema must be an object or a boolean", ()
    cls: Any = Draft202012Validator
    if isinstance(document, dict) and "$schema" in document:
        dialect = document["$schema"]
        if not isinstance(dialect, str):
            return "$schema must be a string", ("$schema",)
        cls = validator_for(document, default=None)
        if cls is None:
            return f'unknown $schema "{dialect}"', ("$schema",)
    try:
        cls.check_schema(document)
    except SchemaError as exc:
        return str(exc.message), tuple(exc.absolute_path)
    specification = specification_with(
        document.get("$schema", "") if isinstance(document, dict) else "", default=DRAFT202012
    )
    resource = specification.create_resource(document)
    resolver = _no_network_registry().resolver_with_root(resource)
    try:
        _resolve_every_ref(document, (), resolver, specification)
    except _UnresolvedRefError as exc:
        return exc.message, exc.node
    return None


# ------------------------------------------------------------------ the fast oracle


def _fast_user_validator(document: Any) -> Any:
    """A fastjsonschema validator for ``document`` when that is safe, else ``None``.

    fastjsonschema implements draft-07 and silently ignores 2020-12-only keywords, so it is used
    only for schemas made of keywords whose meaning is the same in draft-07, 2019-09 and 2020-12,
    with well-formed values (so that such a schema also passes the meta-schema) and with
    in-document ``$ref`` s only. Anything else goes to jsonschema.
    """
    if not _is_fast_safe(document, root=True):
        return None

    def draft_07_copy() -> Any:  # built only when the compiled code is not cached
        import copy

        schema = copy.deepcopy(document)
        if isinstance(schema, dict):
            schema["$schema"] = _DRAFT_07
            schema.pop("$id", None)
        return schema

    source = json.dumps(document, sort_keys=True, separators=(",", ":"), default=str).encode()
    try:
        return _compile_fast(draft_07_copy, source=b"user-draft-07|" + source)
    except (ValueError, TypeError, LookupError, RecursionError, re.error):
        return None


_FAST_DIALECTS = frozenset(
    {
        "https://json-schema.org/draft/2020-12/schema",
        "https://json-schema.org/draft/2020-12/schema#",
        "https://json-schema.org/draft/2019-09/schema",
        "https://json-schema.org/draft/2019-09/schema#",
        "http://json-schema.org/draft-07/schema",
        "http://json-schema.org/draft-07/schema#",
    }
)
_TYPES = frozenset({"null", "boolean", "object", "array", "number", "string", "integer"})
_SCHEMA_MAPS = frozenset({"properties", "patternProperties", "$defs", "definitions"})
_SINGLE_SCHEMAS = frozenset(
    {"additionalProperties", "items", "not", "if", "then", "else", "propertyNames", "contains"}
)
_SCHEMA_LISTS = frozenset({"allOf", "anyOf", "oneOf"})
_COUNTS = frozenset(
    {"minLength", "maxLength", "minItems", "maxItems", "minProperties", "maxProperties"}
)
_BOUNDS = frozenset({"minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum"})
_TEXT_ANNOTATIONS = frozenset({"$comment", "title", "description", "format"})
_FLAG_ANNOTATIONS = frozenset({"deprecated", "readOnly", "writeOnly", "uniqueItems"})
# Allowed next to $ref: in draft-07 every sibling of $ref is ignored, in 2020-12 none is.
_REF_SIBLINGS = frozenset(
    {"$ref", "$schema", "$id", "$comment", "title", "description", "default", "examples",
     "deprecated", "readOnly", "writeOnly", "$defs", "definitions"}
)  # fmt: skip
# Keywords some draft gives a meaning fastjsonschema does not share: never fast.
_DIVERGENT = frozenset(
    {"prefixItems", "additionalItems", "unevaluatedItems", "unevaluatedProperties",
     "minContains", "maxContains", "dependentRequired", "dependentSchemas", "dependencies",
     "$anchor", "$dynamicAnchor", "$dynamicRef", "$recursiveAnchor", "$recursiveRef",
     "$vocabulary", "contentEncoding", "contentMediaType", "contentSchema", "id", "extends",
     "disallow", "divisibleBy"}
)  # fmt: skip


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_fast_safe(node: Any, *, root: bool = False) -> bool:
    if isinstance(node, bool):
        return True
    if not isinstance(node, dict):
        return False
    if "$ref" in node and not set(node) <= _REF_SIBLINGS:
        return False
    return all(_is_fast_safe_keyword(key, value, root) for key, value in node.items())


def _is_fast_safe_keyword(key: str, value: Any, root: bool) -> bool:
    if key in _DIVERGENT:
        return False
    if key in ("$schema", "$id"):
        return root and isinstance(value, str) and (key == "$id" or value in _FAST_DIALECTS)
    if key == "$ref":
        return isinstance(value, str) and value.startswith("#")
    if key in _SCHEMA_MAPS:
        return isinstance(value, dict) and all(
            _is_fast_safe(sub) and (key != "patternProperties" or _compiles(name))
            for name, sub in value.items()
        )
    if key in _SINGLE_SCHEMAS:
        return _is_fast_safe(value)
    if key in _SCHEMA_LISTS:
        return isinstance(value, list) and bool(value) and all(map(_is_fast_safe, value))
    if key in _COUNTS:
        return _is_count(value)
    if key in _BOUNDS:
        return _is_number(value)
    if key == "multipleOf":
        return isinstance(value, int) and not isinstance(value, bool) and value > 0
    if key == "type":
        names = value if isinstance(value, list) else [value]
        return (
            bool(names)
            and all(isinstance(name, str) and name in _TYPES for name in names)
            and len(set(names)) == len(names)
        )
    if key == "required":
        return (
            isinstance(value, list)
            and all(isinstance(name, str) for name in value)
            and len(set(value)) == len(value)
        )
    if key in ("enum", "examples"):
        return isinstance(value, list)
    if key == "pattern":
        return isinstance(value, str) and _compiles(value)
    if key in _TEXT_ANNOTATIONS:
        return isinstance(value, str)
    if key in _FLAG_ANNOTATIONS:
        return isinstance(value, bool)
    # const, default and unknown keywords: annotations for both libraries.
    return True


def _compiles(pattern: str) -> bool:
    try:
        re.compile(pattern)
    except re.error:
        return False
    return True


class _UnresolvedRefError(Exception):
    def __init__(self, message: str, node: tuple[str | int, ...]) -> None:
        super().__init__(message)
        self.message = message
        self.node = node


# Keywords whose values are data, not subschemas: a "$ref" inside them is not a reference.
_DATA_KEYWORDS = frozenset({"enum", "const", "examples", "default"})
_REF_KEYWORDS = ("$ref", "$dynamicRef", "$recursiveRef")


def _resolve_every_ref(
    node: Any, path: tuple[str | int, ...], resolver: Any, specification: Any
) -> None:
    from referencing.exceptions import Unresolvable

    if isinstance(node, list):
        for index, item in enumerate(node):
            _resolve_every_ref(item, (*path, index), resolver, specification)
        return
    if not isinstance(node, dict):
        return
    if path and isinstance(node.get("$id"), str):
        resolver = resolver.in_subresource(specification.create_resource(node))
    for keyword in _REF_KEYWORDS:
        ref = node.get(keyword)
        if isinstance(ref, str):
            try:
                resolver.lookup(ref)
            except Unresolvable as exc:
                raise _UnresolvedRefError(
                    f'cannot resolve {keyword} "{ref}": only references inside the schema and '
                    "to the standard meta-schemas are resolved (nothing is fetched)",
                    (*path, keyword),
                ) from exc
    for key, value in node.items():
        if key not in _DATA_KEYWORDS and isinstance(value, dict | list):
            _resolve_every_ref(value, (*path, key), resolver, specification)
