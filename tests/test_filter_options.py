"""Options given from Python are checked as a configuration file's are."""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import pytest

from textwash import Pipeline, make_filter
from textwash.filters.options import OptionError, check_options
from textwash.filters.repeats import Repeats
from textwash.filters.teasers import Teasers


def test_an_unknown_option_names_the_filter_and_the_options_it_takes() -> None:
    with pytest.raises(
        OptionError, match=r"filter 'repeats': unknown option 'min_word' \(options: min_words\)"
    ):
        Pipeline.default().enable("repeats", min_word=3)


def test_a_value_of_the_wrong_type_fails_when_the_pipeline_is_built() -> None:
    with pytest.raises(
        OptionError, match=r"filter 'teasers': 'min_block' must be an integer, not the string 'x'"
    ):
        Pipeline.default().enable("teasers", min_block="x")


def test_the_error_is_a_type_error_as_for_any_call_with_a_wrong_keyword() -> None:
    with pytest.raises(TypeError):
        make_filter("whitespace", final_newline=1)


def test_numbers_of_other_types_are_brought_to_the_option_type() -> None:
    np = pytest.importorskip("numpy")
    repeats = make_filter("repeats", min_words=np.int64(4))
    assert isinstance(repeats, Repeats) and repeats == Repeats(min_words=4)
    assert type(repeats.min_words) is int
    teasers = make_filter("teasers", max_shared=Fraction(1, 4))
    assert isinstance(teasers, Teasers) and teasers.max_shared == 0.25
    assert type(teasers.max_shared) is float


@dataclass(frozen=True)
class _Listed:
    words: frozenset[str] = frozenset()
    order: tuple[str, ...] = ()


def test_a_set_fits_a_collection_option_and_a_string_does_not() -> None:
    assert check_options(_Listed, {"words": {"a", "b"}}) == {"words": frozenset({"a", "b"})}
    assert check_options(_Listed, {"order": ["b", "a"]}) == {"order": ("b", "a")}
    with pytest.raises(OptionError, match="'words' must be a list"):
        check_options(_Listed, {"words": "ab"})
    with pytest.raises(OptionError, match="'style' must be one of 'straight', 'curly'"):
        make_filter("quotes", style=3)
