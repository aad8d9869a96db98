"""``fewer_collections()``: the collector's thresholds raised for bulk work and always put back."""
from __future__ import annotations

import gc

import pytest

from ctrxl.bulk import BULK_THRESHOLDS, fewer_collections


def test_raised_inside_and_put_back_after_even_on_error():
    before = gc.get_threshold()
    assert before[0] < BULK_THRESHOLDS[0]  # CPython's default (700, 10, 10)
    with fewer_collections():
        assert gc.get_threshold() == tuple(max(b, t) for b, t in zip(before, BULK_THRESHOLDS, strict=True))
        with fewer_collections():  # nested: still raised, and the outer block's thresholds come back
            assert gc.get_threshold()[0] == BULK_THRESHOLDS[0]
        assert gc.get_threshold()[0] == BULK_THRESHOLDS[0]
    assert gc.get_threshold() == before
    with pytest.raises(ValueError), fewer_collections():
        raise ValueError("boom")
    assert gc.get_threshold() == before


def test_a_cycle_made_inside_is_still_freed():
    import weakref

    class Node:
        pass

    with fewer_collections():
        a, b = Node(), Node()
        a.other, b.other = b, a  # a reference cycle: only the collector frees it
        ref = weakref.ref(a)
        del a, b
        gc.collect()
        assert ref() is None

