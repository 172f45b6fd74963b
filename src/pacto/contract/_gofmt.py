"""Go's default value formatting (``%v``), which the reference uses wherever it prints a value
(diff text and Markdown, doc tables, dashboard configuration values). One implementation, so the
three outputs cannot drift apart."""

from __future__ import annotations

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing (cold start)
if TYPE_CHECKING:
    from typing import Any

__all__ = ["format_go_float", "format_go_value"]


def format_go_value(value: Any) -> str:
    """``value`` as Go's ``%v`` prints a decoded YAML/JSON value, as the reference renders values
    in its outputs: strings raw, ``true``/``false``, ``<nil>``, ``[a b]`` lists, ``map[k:v]`` with
    sorted keys, floats in Go's shortest ``%g`` form (``0.5``, ``123456``, ``1e+06``)."""
    if value is None:
        return "<nil>"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(int(value))
    if isinstance(value, float):
        return format_go_float(value)
    if isinstance(value, str):
        return value
    if isinstance(value, list | tuple):
        return "[" + " ".join(format_go_value(v) for v in value) + "]"
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: str(kv[0]))
        return "map[" + " ".join(f"{k}:{format_go_value(v)}" for k, v in items) + "]"
    return str(value)


def format_go_float(value: float) -> str:
    """Go's ``%g`` with the shortest round-tripping precision, as
    ``strconv.FormatFloat(v, 'g', -1, 64)``."""
    import math  # here, not at the top: validate imports this module and never formats a float

    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "+Inf" if value > 0 else "-Inf"
    if value == 0:
        return "-0" if math.copysign(1.0, value) < 0 else "0"
    # repr() gives the shortest round-tripping digits; take them apart into digits + exponent.
    digits, exponent = _shortest_digits(repr(abs(value)))
    sign = "-" if value < 0 else ""
    if exponent < -4 or exponent >= 6:
        head, tail = digits[0], digits[1:]
        body = head + (f".{tail}" if tail else "")
        return f"{sign}{body}e{'+' if exponent >= 0 else '-'}{abs(exponent):02d}"
    # plain form
    if exponent >= 0:
        integer = digits[: exponent + 1].ljust(exponent + 1, "0")
        fraction = digits[exponent + 1 :]
    else:
        integer = "0"
        fraction = "0" * (-exponent - 1) + digits
    fraction = fraction.rstrip("0")
    return sign + integer + (f".{fraction}" if fraction else "")


def _shortest_digits(text: str) -> tuple[str, int]:
    """``repr`` of a positive float -> (significant digits without dot, decimal exponent)."""
    if "e" in text or "E" in text:
        mantissa, exponent_text = text.lower().split("e")
        exponent = int(exponent_text)
    else:
        mantissa, exponent = text, 0
    if "." in mantissa:
        integer, fraction = mantissa.split(".")
    else:
        integer, fraction = mantissa, ""
    if fraction == "0":
        fraction = ""
    digits = (integer + fraction).lstrip("0")
    # position of the first significant digit relative to the decimal point
    if integer.strip("0"):
        exponent += len(integer.lstrip("0")) - 1
    else:
        leading = len(fraction) - len(fraction.lstrip("0"))
        exponent -= leading + 1
    digits = digits.rstrip("0") or "0"
    return digits, exponent
