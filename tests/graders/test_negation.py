"""Negation cues: a warning against a mistake is not the mistake, contracted or not."""

from __future__ import annotations

import re

import pytest

from graders.negation import any_affirmed, is_negated

CURE = re.compile("cures? colds?", re.IGNORECASE)


@pytest.mark.parametrize(
    "text",
    [
        "Antibiotics don't cure colds.",
        "Antibiotics do not cure colds.",
        "An antibiotic isn't something that cures colds.",
        "Antibiotics aren't a thing that cures colds.",
        "The old advice wasn't that it cures colds.",
        "Those pills weren't proven: nothing here cures colds",
        "Taking it won't cure colds.",
        "It can't cure colds.",
        "You shouldn’t expect it to cure colds.",
        "The study didn't show it cures colds.",
        "It hasn't been shown to cure colds.",
        "Doctors wouldn't say it cures colds.",
        "It couldn't cure colds.",
        "It isnt going to cure colds.",
        "Antibiotics arent what cures colds.",
    ],
)
def test_contracted_and_full_negations_negate_the_match(text: str) -> None:
    if ":" in text:
        # A clause boundary ends the negation: the second clause affirms the claim.
        assert any_affirmed([CURE], text)
    else:
        assert not any_affirmed([CURE], text)


@pytest.mark.parametrize(
    "text",
    [
        "Antibiotics cure colds.",
        "If you want, this cures colds.",
        "A parent said it cures colds.",
        "Don't panic. This cures colds.",
        "It isn't expensive, but it cures colds.",
    ],
)
def test_words_that_only_look_negative_do_not_negate(text: str) -> None:
    assert any_affirmed([CURE], text)


def test_is_negated_looks_only_before_the_match() -> None:
    text = "It cures colds, isn't that right"
    assert not is_negated(text, text.index("cures"))
