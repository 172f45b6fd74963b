"""pacto._record.Record: the dataclass semantics the hot path's value classes rely on."""

from __future__ import annotations

import threading

import pytest

from pacto._record import FrozenInstanceError, Record, field


class Point(Record):
    x: int
    y: int = 0
    tags: list[str] = field(default_factory=list)


class Pair(Record, kw_only=False):
    left: str
    right: str = "-"


class Counter(Record, frozen=False):
    count: int = 0


class Checked(Record):
    value: int

    def __post_init__(self) -> None:
        if self.value < 0:
            raise ValueError("negative")


class Labelled(Point):
    label: str = ""


class Alias(Point):
    """Declares no field: inherits Point unchanged."""


def test_keyword_only_init_with_defaults_and_fresh_factories() -> None:
    first, second = Point(x=1), Point(x=2, y=3)
    assert (first.x, first.y, second.y) == (1, 0, 3)
    first.tags.append("a")
    assert second.tags == [] and Point(x=1).tags == []
    with pytest.raises(TypeError):
        Point(1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(y=1)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        Point(x=1, z=2)  # type: ignore[call-arg]


def test_positional_records_accept_positions() -> None:
    assert Pair("a") == Pair(left="a", right="-")
    assert Pair("a", "b").right == "b"


def test_frozen_by_default_and_mutable_on_request() -> None:
    point = Point(x=1)
    with pytest.raises(FrozenInstanceError):
        point.x = 2  # type: ignore[misc]
    with pytest.raises(FrozenInstanceError):
        del point.x
    counter = Counter()
    counter.count += 1
    assert counter.count == 1
    with pytest.raises(TypeError):
        hash(counter)


def test_equality_hash_and_repr() -> None:
    assert Point(x=1, y=2) == Point(x=1, y=2)
    assert Point(x=1) != Point(x=2)
    assert Point(x=1) != Labelled(x=1)  # another class is never equal
    assert hash(Pair("a", "b")) == hash(Pair("a", "b"))
    assert repr(Point(x=1)) == "Point(x=1, y=0, tags=[])"


def test_post_init_runs() -> None:
    assert Checked(value=1).value == 1
    with pytest.raises(ValueError, match="negative"):
        Checked(value=-1)


def test_subclasses_extend_or_inherit_the_fields() -> None:
    assert Labelled(x=1, label="l")._fields == ("x", "y", "tags", "label")
    assert Alias(x=4) == Alias(x=4) and Alias._fields == Point._fields


def test_a_field_without_default_after_one_with_is_refused_when_the_class_is_made() -> None:
    with pytest.raises(TypeError, match="follows one with"):

        class Broken(Record, kw_only=False):  # never instantiated: fails at once
            a: int = 0
            b: int  # type: ignore[misc]


def test_own_methods_are_kept() -> None:
    class Shouting(Record):
        word: str

        def __repr__(self) -> str:
            return self.word.upper()

    assert repr(Shouting(word="hi")) == "HI"


def test_the_generic_init_gives_way_to_a_compiled_one_under_threads() -> None:
    class Lazy(Record):
        a: int
        b: int = 2

    generic = Lazy.__dict__["__init__"]
    results: list[Lazy] = []
    barrier = threading.Barrier(8)

    def make(i: int) -> None:
        barrier.wait()
        for j in range(10):
            results.append(Lazy(a=i * 10 + j))

    threads = [threading.Thread(target=make, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    compiled = Lazy.__dict__["__init__"]
    assert compiled is not generic and compiled.__qualname__.endswith("Lazy.__init__")
    assert sorted(r.a for r in results) == list(range(80))
    assert Lazy(a=1, b=5) == Lazy(a=1, b=5) and Lazy.__dict__["__init__"] is compiled


@pytest.mark.parametrize("compiled", [False, True], ids=["generic", "compiled"])
def test_both_inits_refuse_the_same_mistakes(compiled: bool) -> None:
    class Shape(Record, kw_only=False):
        a: int
        b: list[int] = field(default_factory=list)

    class Post(Record):
        a: int

        def __post_init__(self) -> None:
            object.__setattr__(self, "seen", True)

    if compiled:
        for _ in range(20):
            Shape(1)
            Post(a=1)
        assert Shape.__dict__["__init__"].__code__.co_filename.startswith("<record")
    assert Shape(1, [2]).b == [2] and Shape(a=1).b == [] and Shape(1) == Shape(a=1)
    assert Post(a=1).__dict__["seen"] is True
    for bad in (
        lambda: Shape(),  # type: ignore[call-arg]  # missing a
        lambda: Shape(1, [], 3),  # type: ignore[call-arg]  # too many
        lambda: Shape(1, a=2),  # type: ignore[misc]  # twice
        lambda: Shape(a=1, c=3),  # type: ignore[call-arg]  # unknown
        lambda: Post(1),  # type: ignore[call-arg]  # positional on a keyword-only record
    ):
        with pytest.raises(TypeError):
            bad()
