"""The compact indexes behave like the dicts and sets they replace."""

from __future__ import annotations

from array import array

from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.compact import IdRows, KeySet, Strings, sort_order

KEYS = st.integers(min_value=-(2**63), max_value=2**64 - 1)


@settings(max_examples=200, deadline=None)
@given(st.lists(KEYS, max_size=3000), st.lists(KEYS, max_size=50))
def test_keyset_is_a_set(added: list[int], probes: list[int]) -> None:
    keys = KeySet(expected=len(added) // 2)  # too small on purpose: it must grow
    for key in added:
        keys.add(key)
    unsigned = {(k & (2**64 - 1)) or 1 for k in added}
    assert len(keys) == len(unsigned)
    for key in [*added, *probes]:
        assert (key in keys) == (((key & (2**64 - 1)) or 1) in unsigned)
    assert "a string" not in keys


@given(st.lists(st.text(), max_size=200))
def test_strings_give_back_what_went_in(texts: list[str]) -> None:
    column = Strings()
    rows = [column.append(t) for t in texts]
    assert rows == list(range(len(texts)))
    assert [column[r] for r in rows] == texts
    order = list(reversed(range(len(texts))))
    assert [column.permuted(order)[i] for i in range(len(texts))] == texts[::-1]


@given(st.lists(st.integers(min_value=-(2**63), max_value=2**63 - 1), unique=True,
                max_size=500), st.lists(st.integers(-(2**63), 2**63 - 1), max_size=20))
def test_id_rows_rank_ids(ids: list[int], probes: list[int]) -> None:
    column = array("q", ids)
    order = sort_order(column)
    ranked = sorted(ids)
    if order is None:
        assert ids == ranked  # only when already in order
    else:
        assert [ids[r] for r in order] == ranked
    rows = IdRows(column, order)
    assert list(rows) == ranked and len(rows) == len(ids)
    for pid in [*ids, *probes]:
        expected = ranked.index(pid) if pid in ids else None
        assert rows.row(pid) == expected
        assert (pid in rows) == (pid in ids)
