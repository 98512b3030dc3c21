"""PHP serialize() values as WordPress stores them in meta fields: decode, check, repair."""

from __future__ import annotations

import contextlib
import json
import math
import time
from typing import Any

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from migrate.phpserial import (
    Check,
    PhpSerializeError,
    check,
    loads,
    looks_serialized,
    repair,
    to_json_text,
)

# --------------------------------------------------------------------------- a tiny PHP serializer


def php_serialize(value: Any) -> str:
    """What PHP's serialize() writes for a Python value (lists become 0..n-1 arrays)."""
    if value is None:
        return "N;"
    if isinstance(value, bool):
        return f"b:{int(value)};"
    if isinstance(value, int):
        return f"i:{value};"
    if isinstance(value, float):
        if math.isnan(value):
            return "d:NAN;"
        if math.isinf(value):
            return "d:INF;" if value > 0 else "d:-INF;"
        return f"d:{value!r};"
    if isinstance(value, str):
        return f's:{len(value.encode("utf-8"))}:"{value}";'
    if isinstance(value, list):
        value = dict(enumerate(value))
    if isinstance(value, dict):
        body = "".join(php_serialize(k) + php_serialize(v) for k, v in value.items())
        return f"a:{len(value)}:{{{body}}}"
    raise TypeError(type(value))


def expected(value: Any) -> Any:
    """What loads() returns for php_serialize(value): 0..n-1 keyed arrays are lists."""
    if isinstance(value, list):
        return [expected(item) for item in value]
    if isinstance(value, dict):
        if list(value) == list(range(len(value))):
            return [expected(item) for item in value.values()]
        return {key: expected(item) for key, item in value.items()}
    return value


def map_strings(value: Any, change: Any) -> Any:
    """``value`` with ``change`` applied to every string, keys included."""
    if isinstance(value, str):
        return change(value)
    if isinstance(value, list):
        return [map_strings(item, change) for item in value]
    if isinstance(value, dict):
        return {map_strings(k, change): map_strings(v, change) for k, v in value.items()}
    return value


# ---------------------------------------------------------------------- WordPress-shaped values

ATTACHMENT_METADATA = (
    'a:5:{s:5:"width";i:1200;s:6:"height";i:800;s:4:"file";s:24:"2021/04/sunset-beach.jpg";'
    's:5:"sizes";a:2:{s:6:"medium";a:4:{s:4:"file";s:24:"sunset-beach-300x200.jpg";'
    's:5:"width";i:300;s:6:"height";i:200;s:9:"mime-type";s:10:"image/jpeg";}'
    's:9:"thumbnail";a:4:{s:4:"file";s:24:"sunset-beach-150x150.jpg";s:5:"width";i:150;'
    's:6:"height";i:150;s:9:"mime-type";s:10:"image/jpeg";}}'
    's:10:"image_meta";a:12:{s:8:"aperture";s:3:"2.8";s:6:"credit";s:0:"";'
    's:6:"camera";s:8:"iPhone 8";s:7:"caption";s:0:"";s:17:"created_timestamp";'
    's:10:"1618066800";s:9:"copyright";s:0:"";s:12:"focal_length";s:4:"3.99";'
    's:3:"iso";s:2:"20";s:13:"shutter_speed";s:17:"0.000508130081301";s:5:"title";s:0:"";'
    's:11:"orientation";s:1:"1";s:8:"keywords";a:0:{}}}'
)
SHRUG = "¯\\_(ツ)_/¯"


def test_attachment_metadata_nested_sizes() -> None:
    meta = loads(ATTACHMENT_METADATA)
    assert meta["width"] == 1200
    assert meta["file"] == "2021/04/sunset-beach.jpg"
    assert list(meta["sizes"]) == ["medium", "thumbnail"]
    assert meta["sizes"]["thumbnail"] == {
        "file": "sunset-beach-150x150.jpg",
        "width": 150,
        "height": 150,
        "mime-type": "image/jpeg",
    }
    assert meta["image_meta"]["keywords"] == []
    assert meta["image_meta"]["shutter_speed"] == "0.000508130081301"
    assert check(ATTACHMENT_METADATA) == Check(ok=True, repairable=True)
    assert repair(ATTACHMENT_METADATA) == ATTACHMENT_METADATA


def test_menu_item_classes() -> None:
    assert loads('a:1:{i:0;s:0:"";}') == [""]
    assert to_json_text('a:1:{i:0;s:0:"";}') == '[""]'


def test_multibyte_lengths_count_utf8_bytes() -> None:
    assert len(SHRUG) == 9
    assert loads(f's:13:"{SHRUG}";') == SHRUG
    assert loads('s:4:"😀";') == "😀"
    assert loads('a:2:{s:5:"emoji";s:8:"🎉🎉";s:5:"café";s:5:"naïf";}') == {
        "emoji": "🎉🎉",
        "café": "naïf",
    }


def test_length_counted_in_characters_is_rejected_and_repaired() -> None:
    broken = f's:9:"{SHRUG}";'
    with pytest.raises(PhpSerializeError):
        loads(broken)
    assert repair(broken) == f's:13:"{SHRUG}";'


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("N;", None),
        ("b:0;", False),
        ("b:1;", True),
        ("i:0;", 0),
        ("i:-3;", -3),
        ("i:+7;", 7),
        ("i:9223372036854775807;", 2**63 - 1),
        ("i:-9223372036854775808;", -(2**63)),
        ("d:0.5;", 0.5),
        ("d:-0;", 0.0),
        ("d:1.0E+25;", 1.0e25),
        ("d:0.10000000000000001;", 0.1),
        ("d:.5;", 0.5),
        ("d:3.;", 3.0),
        ("d:5e-324;", 5e-324),
        ("d:INF;", math.inf),
        ("d:-INF;", -math.inf),
        ('s:5:"hello";', "hello"),
        ('s:0:"";', ""),
        ('s:4:"a";b";', 'a";b'),
        ('s:2:"\r\n";', "\r\n"),
    ],
)
def test_scalars(text: str, value: Any) -> None:
    result = loads(text)
    assert result == value
    assert type(result) is type(value)


def test_nan() -> None:
    assert math.isnan(loads("d:NAN;"))
    assert to_json_text("d:NAN;") == "null"


def test_lists_and_dicts() -> None:
    assert loads("a:0:{}") == []
    assert loads('a:2:{i:0;s:1:"a";i:1;s:1:"b";}') == ["a", "b"]
    assert loads('a:2:{i:1;s:1:"b";i:0;s:1:"a";}') == {1: "b", 0: "a"}
    assert loads('a:2:{i:0;s:1:"a";i:2;s:1:"c";}') == {0: "a", 2: "c"}
    assert loads('a:1:{s:1:"0";s:1:"a";}') == {"0": "a"}
    mixed = loads('a:3:{i:5;s:1:"a";s:1:"k";i:2;i:-1;N;}')
    assert mixed == {5: "a", "k": 2, -1: None}
    assert list(mixed) == [5, "k", -1]
    assert loads('a:2:{i:0;a:1:{i:0;b:1;}i:1;a:1:{s:1:"x";d:1.5;}}') == [[True], {"x": 1.5}]


def test_duplicate_keys_keep_the_last_value_like_php() -> None:
    assert loads("a:2:{i:3;i:1;i:3;i:2;}") == {3: 2}


def test_objects() -> None:
    assert loads('O:8:"stdClass":1:{s:1:"a";i:1;}') == {"__class__": "stdClass", "a": 1}
    assert loads('O:8:"stdClass":0:{}') == {"__class__": "stdClass"}
    private = loads('O:3:"Foo":2:{s:8:"\0Foo\0bar";i:1;s:6:"\0*\0baz";i:2;}')
    assert private == {"__class__": "Foo", "\0Foo\0bar": 1, "\0*\0baz": 2}
    nested = loads('a:1:{s:4:"post";O:7:"WP_Post":2:{s:2:"ID";i:7;s:10:"post_title";s:2:"Hi";}}')
    assert nested == {"post": {"__class__": "WP_Post", "ID": 7, "post_title": "Hi"}}
    spoof = loads('O:1:"A":1:{s:9:"__class__";s:1:"B";}')
    assert spoof == {"__class__": "A"}


def test_custom_serialized_objects_and_enums() -> None:
    custom = loads('C:11:"ArrayObject":21:{x:i:0;a:0:{};m:a:0:{}}')
    assert custom == {"__class__": "ArrayObject", "__data__": "x:i:0;a:0:{};m:a:0:{}"}
    assert loads('E:11:"Suit:Hearts";') == {"__class__": "Suit", "__case__": "Hearts"}


def test_references_resolve_scalars_and_placeholder_compounds() -> None:
    # Slots: 1 = the outer array, 2 = "x", 3 = the inner array, 4 = i:1 inside it.
    text = 'a:4:{i:0;s:1:"x";i:1;a:1:{i:0;i:1;}i:2;R:2;i:3;r:3;}'
    assert loads(text) == ["x", [1], "x", {"__ref__": 3}]
    assert loads("a:2:{i:0;i:5;i:1;R:1;}") == [5, {"__ref__": 1}]
    # An r: takes a slot itself, an R: does not.
    assert loads("a:4:{i:0;i:5;i:1;r:2;i:2;R:3;i:3;i:9;}") == [5, 5, 5, 9]
    with pytest.raises(PhpSerializeError, match="reference"):
        loads("a:3:{i:0;i:5;i:1;R:2;i:2;R:3;}")
    for bad in ("r:1;", "R:1;", "a:1:{i:0;R:0;}", "a:1:{i:0;R:3;}"):
        with pytest.raises(PhpSerializeError):
            loads(bad)
    assert json.loads(to_json_text("a:2:{i:0;a:0:{}i:1;R:2;}") or "") == [[], {"__ref__": 2}]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "N",
        "N;N;",
        "n;",
        "b:2;",
        "b:;",
        "b:01;",
        "i:;",
        "i:1.5;",
        "i:1",
        "i: 1;",
        "i:9223372036854775808;",
        "i:-9223372036854775809;",
        "d:;",
        "d:1_0;",
        "d: 1;",
        "d:inf;",
        "d:Infinity;",
        "d:1e;",
        "d:0x10;",
        's:5:"hello"',
        's:5:"hello;',
        's:6:"hello";',
        's:4:"hello";',
        's:-1:"";',
        's:1:"a"',
        "s:1:a;",
        'S:1:"a";',
        "a:1:{}",
        "a:1:{i:0;}",
        "a:0:{",
        "a:0:{}}",
        "a:1:{d:0.5;i:1;}",
        "a:1:{N;i:1;}",
        "a:1:{b:1;i:1;}",
        "a:1:{a:0:{}i:1;}",
        "a:-1:{}",
        'O:0:"":0:{}',
        'O:8:"stdClass":1:{}',
        'O:9:"stdClass":0:{}',
        'O:8:"stdClass"0:{}',
        'C:3:"Foo":5:{abc}',
        'E:4:"Suit";',
        "x:1;",
        "i:1;i:2;",
        "N;garbage",
        'a:0:{}s:0:"";',
        's:3:"\ud800";',
        "\ud800",
    ],
)
def test_strict_grammar_rejects(text: str) -> None:
    with pytest.raises(PhpSerializeError) as info:
        loads(text)
    assert isinstance(info.value, ValueError)
    assert info.value.reason
    assert 0 <= info.value.offset <= len(text.encode("utf-8", "surrogatepass"))


def test_surrounding_whitespace_is_ignored_like_maybe_unserialize() -> None:
    assert loads(" \n a:1:{i:0;i:1;}\r\n\t") == [1]
    assert loads('s:2:" x";  ') == " x"


def test_error_offsets_are_utf8_byte_offsets() -> None:
    with pytest.raises(PhpSerializeError) as info:
        loads('a:2:{i:0;s:2:"é";i:1;x}')
    assert info.value.offset == len('a:2:{i:0;s:2:"é";i:1;'.encode())
    assert info.value.reason == "unknown type 'x'"


def test_depth_limit() -> None:
    def nested(depth: int) -> str:
        return "a:1:{i:0;" * depth + "N;" + "}" * depth

    assert loads(nested(64)) is not None
    with pytest.raises(PhpSerializeError, match="nesting"):
        loads(nested(65))
    with pytest.raises(PhpSerializeError, match="nesting"):
        loads(nested(3), max_depth=2)
    # The decoder is iterative: deep nesting under a raised limit is not a RecursionError.
    value = loads(nested(20_000), max_depth=50_000)
    for _ in range(20_000):
        value = value[0]
    assert value is None


def test_item_limit_and_declared_counts_are_not_trusted() -> None:
    with pytest.raises(PhpSerializeError, match="items"):
        loads("a:3:{i:0;N;i:1;N;i:2;N;}", max_items=2)
    start = time.perf_counter()
    for bomb in ("a:999999999:{", "a:999999999:{i:0;N;}", 's:999999999999:"x";'):
        with pytest.raises(PhpSerializeError):
            loads(bomb)
    assert not check("a:999999999:{i:0;N;}").repairable  # counts are never rewritten
    assert repair('s:999999999999:"x";') == 's:1:"x";'
    with pytest.raises(PhpSerializeError):
        loads("i:" + "9" * 100_000 + ";")
    assert time.perf_counter() - start < 2


# --------------------------------------------------------------------------- check and repair


def test_crlf_to_lf_breakage_is_detected_and_repaired() -> None:
    original = php_serialize({"content": "Line one\r\nLine two\r\n", "tags": ["a\r\nb", "c"]})
    broken = original.replace("\r\n", "\n")
    verdict = check(broken)
    assert not verdict.ok
    assert verdict.repairable
    assert verdict.reason and verdict.offset is not None
    fixed = repair(broken)
    assert fixed == php_serialize({"content": "Line one\nLine two\n", "tags": ["a\nb", "c"]})
    assert loads(fixed) == {"content": "Line one\nLine two\n", "tags": ["a\nb", "c"]}


def test_lf_to_crlf_breakage_is_repaired() -> None:
    original = php_serialize(["one\ntwo", {"k": "x\ny\nz"}])
    fixed = repair(original.replace("\n", "\r\n"))
    assert fixed is not None
    assert loads(fixed) == ["one\r\ntwo", {"k": "x\r\ny\r\nz"}]


def test_search_and_replace_breakage_is_repaired() -> None:
    original = php_serialize({"url": "http://example.com/a", "home": "http://example.com"})
    broken = original.replace("http://example.com", "https://www.example.org")
    assert not check(broken).ok
    fixed = repair(broken)
    assert fixed is not None
    assert loads(fixed) == {"url": "https://www.example.org/a", "home": "https://www.example.org"}


def test_repair_backtracks_over_quote_semicolon_inside_strings() -> None:
    # The first string holds `";` and its CRLF became LF: ending at the first `";` fails.
    original = php_serialize(['He said "hi";\r\nthen left', 'x";y', "z"])
    broken = original.replace("\r\n", "\n")
    fixed = repair(broken)
    assert fixed is not None
    assert loads(fixed) == ['He said "hi";\nthen left', 'x";y', "z"]
    # Declared lengths both far too small and far too large.
    assert loads(repair('a:2:{i:0;s:1:"a";b";i:1;s:99:"c";}') or "") == ['a";b', "c"]


def test_repair_prefers_the_end_that_explains_crlf_loss() -> None:
    # Both `s:4:"\n\n\n\n";s:0:"";` and `s:11:"\n\n\n\n";s:7:"";` parse; four LFs that
    # were CRLFs explain the declared 8 bytes, so the first is chosen.
    original = php_serialize({"\r\n" * 4: '";s:0:"'})
    fixed = repair(original.replace("\r\n", "\n"))
    assert fixed is not None
    assert loads(fixed) == {"\n" * 4: '";s:0:"'}


def test_wrong_object_class_name_length_is_repaired() -> None:
    assert loads(repair('O:5:"stdClass":1:{s:1:"a";i:1;}') or "") == {
        "__class__": "stdClass",
        "a": 1,
    }


@pytest.mark.parametrize(
    "text",
    [
        'a:2:{i:0;s:3:"abc";i:1;s:3:"de',  # truncated
        'a:2:{i:0;s:3:"abc";}',  # count does not match
        "hello world",
        "",
        "a:1:{i:0;x:1;}",
        'a:1:{i:0;s:1:"a"}',
    ],
)
def test_not_repairable(text: str) -> None:
    verdict = check(text)
    assert not verdict.ok
    assert not verdict.repairable
    assert repair(text) is None


def test_check_on_valid_and_repair_leaves_valid_text_alone() -> None:
    text = ' a:1:{s:1:"k";s:2:"\r\n";} '
    assert check(text) == Check(ok=True, repairable=True, reason=None, offset=None)
    assert repair(text) == text


def test_repair_is_bounded_on_pathological_input() -> None:
    # Many strings, each with many `";` to end at, and a fault at the very end.
    body = "".join(f'i:{n};s:1:"";";";";";";";";' for n in range(300))
    text = "a:300:{" + body + "X"
    start = time.perf_counter()
    assert repair(text) is None
    assert not check(text).repairable
    # A long but valid-after-repair value is still handled in linear-ish time.
    big = php_serialize({f"k{n}": f"line\r\n{n}" for n in range(5000)}).replace("\r\n", "\n")
    fixed = repair(big)
    assert fixed is not None
    assert len(loads(fixed)) == 5000
    assert time.perf_counter() - start < 10


# --------------------------------------------------------------------------- JSON and sniffing


def test_to_json_text() -> None:
    assert to_json_text('a:2:{s:3:"foo";i:1;s:3:"bar";b:0;}') == '{"foo":1,"bar":false}'
    assert to_json_text(f'a:2:{{i:5;s:13:"{SHRUG}";i:6;d:INF;}}') == json.dumps(
        {"5": SHRUG, "6": None}, ensure_ascii=False, separators=(",", ":")
    )
    assert to_json_text('O:8:"stdClass":1:{s:1:"a";d:-INF;}') == '{"__class__":"stdClass","a":null}'
    assert to_json_text(ATTACHMENT_METADATA) == json.dumps(
        loads(ATTACHMENT_METADATA), ensure_ascii=False, separators=(",", ":")
    )
    assert to_json_text("plain text") is None
    assert to_json_text('s:9:"broken";') is None
    assert to_json_text("") is None


@pytest.mark.parametrize(
    "text",
    [
        "N;",
        "b:0;",
        "b:1;",
        "i:-5;",
        "d:0.5;",
        "d:INF;",
        "d:NAN;",
        's:1:"a";',
        's:99:"length not checked";',
        "a:0:{}",
        'a:1:{i:0;s:0:"";}',
        'O:8:"stdClass":0:{}',
        'C:11:"ArrayObject":0:{}',
        'E:11:"Suit:Hearts";',
        "a:0:{}  \n",
        "\n N;",
    ],
)
def test_looks_serialized(text: str) -> None:
    assert looks_serialized(text)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "N",
        "hello",
        "b:2;",
        "i:5",
        "i:5;x",
        "d:1.5.5;",
        's:1:"a"',
        "a:0:",
        "a:x:{}",
        "{}",
        '{"json":true}',
        "O:8:stdClass:0:{}",
        "x:1;",
        "12",
    ],
)
def test_looks_serialized_rejects(text: str) -> None:
    assert not looks_serialized(text)


# --------------------------------------------------------------------------- properties

KEYS = st.integers(min_value=-5, max_value=10) | st.text(max_size=6)
SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**63), max_value=2**63 - 1)
    | st.floats(allow_nan=False)
    | st.text()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=5) | st.dictionaries(KEYS, inner, max_size=5),
    max_leaves=25,
)
TRICKY_TEXT = st.lists(
    st.sampled_from(["a", "\r\n", "\n", '"', ";", '";', "}", "{", "é", "ツ", "😀", "s:1:", "i:0;"]),
    max_size=8,
).map("".join)
TRICKY_VALUES = st.recursive(
    st.none() | st.integers(-3, 3) | TRICKY_TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.integers(0, 4) | TRICKY_TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)
WINDOWS_TEXT = st.lists(
    st.sampled_from(["a", "\r\n", '"', ";", '";', "}", "é", "ツ", "😀", "s:1:", "i:0;", "N;"]),
    max_size=8,
).map("".join)
WINDOWS_VALUES = st.recursive(
    st.none() | st.integers(-3, 3) | WINDOWS_TEXT,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(st.integers(0, 4) | WINDOWS_TEXT, inner, max_size=4)
    ),
    max_leaves=12,
)
TOKENS = st.text(alphabet='aisdbNOCErR:;{}"0123456789.-+\r\n é', max_size=60)


@given(VALUES)
def test_property_round_trip(value: Any) -> None:
    text = php_serialize(value)
    assert looks_serialized(text)
    assert loads(text) == expected(value)
    assert check(text).ok
    assert repair(text) == text


def _never_raises(text: str) -> None:
    with contextlib.suppress(PhpSerializeError):
        loads(text)
    verdict = check(text)
    fixed = repair(text)
    assert verdict.repairable == (fixed is not None)
    if fixed is not None:
        loads(fixed)
        assert repair(fixed) == fixed
    json_text = to_json_text(text)
    if json_text is not None:
        json.loads(json_text)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=200) | TOKENS)
def test_property_arbitrary_text_never_raises_otherwise(text: str) -> None:
    _never_raises(text)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(TRICKY_VALUES, st.data())
def test_property_mutated_serializations_never_raise_otherwise(value: Any, data: Any) -> None:
    text = php_serialize(value)
    for _ in range(data.draw(st.integers(1, 3))):
        start = data.draw(st.integers(0, len(text)))
        stop = data.draw(st.integers(start, min(len(text), start + 4)))
        text = (
            text[:start]
            + data.draw(st.sampled_from(["", "\n", '"', ";", "}", "9", "é"]))
            + text[stop:]
        )
    _never_raises(text)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(WINDOWS_VALUES)
def test_property_crlf_to_lf_is_detected_and_repaired(value: Any) -> None:
    original = php_serialize(value)
    assume("\r\n" in original)
    broken = original.replace("\r\n", "\n")
    verdict = check(broken)
    assert not verdict.ok
    assert verdict.repairable
    fixed = repair(broken)
    assert fixed is not None
    assert loads(fixed) == expected(map_strings(value, lambda s: s.replace("\r\n", "\n")))


# --------------------------------------------------------------------------- the quick path


def _full(text: str) -> Any:
    """What the complete reader (no quick path) makes of ``text``."""
    from migrate.phpserial import _bounds, _encode, _Reader

    data = _encode(text)
    start, end = _bounds(data)
    return _Reader(data, end, 64, 1_000_000).read(start)


def _quick_or_none(text: str) -> Any:
    from migrate.phpserial import _DEFER, _bounds, _encode, _quick

    data = _encode(text)
    start, end = _bounds(data)
    value = _quick(data[start:end], 64, 1_000_000)
    return None if value is _DEFER else (value,)


@given(VALUES)
def test_quick_path_reads_simple_values_as_the_full_reader_does(value: Any) -> None:
    text = php_serialize(value)
    quick = _quick_or_none(text)
    assert quick is not None, text  # every value VALUES makes is in the quick subset
    full = _full(text)
    assert quick[0] == full or (full != full and quick[0] != quick[0])  # nan == nan
    assert type(quick[0]) is type(full)


@settings(suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(st.text(max_size=200) | TOKENS | TRICKY_VALUES.map(php_serialize))
def test_quick_path_never_accepts_what_the_full_reader_rejects(text: str) -> None:
    quick = _quick_or_none(text)
    if quick is None:
        return
    assert _full(text) == quick[0]
