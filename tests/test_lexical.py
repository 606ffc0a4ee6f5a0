"""The lexical arm: BM25 (bm25s, Lucene variant, k1=1.5, b=0.75) scores over a tiny catalog, checked
against the formula, with stop words, stemming and the hard-filter mask."""

from __future__ import annotations

import math

import numpy as np
import pytest

from retrieval.lexical import LexicalIndex

# four rows; the last is nothing but stop words (a row with no lexical evidence at all)
TEXTS = ["red wool scarf", "blue cotton shirt", "red cotton shirt", "the and of"]


def bm25(tf: int, df: int, doc_len: int, n_docs: int = 4, avg_len: float = 9 / 4, k1: float = 1.5, b: float = 0.75) -> float:
    """Lucene BM25 of one query term in one document."""
    idf = math.log(1 + (n_docs - df + 0.5) / (df + 0.5))
    return idf * tf / (tf + k1 * (1 - b + b * doc_len / avg_len))


@pytest.fixture(scope="module")
def index() -> LexicalIndex:
    return LexicalIndex(TEXTS)


def test_scores_match_the_bm25_formula(index):
    # "red" is in two of four documents, "wool" in one; every indexed document has three terms
    red, wool = bm25(1, 2, 3), bm25(1, 1, 3)
    np.testing.assert_allclose(index.scores("red"), [red, 0, red, 0], rtol=1e-5)
    np.testing.assert_allclose(index.scores("wool"), [wool, 0, 0, 0], rtol=1e-5)
    np.testing.assert_allclose(index.scores("red wool"), [red + wool, 0, red, 0], rtol=1e-5)


def test_a_document_without_the_term_scores_zero_and_one_with_it_more(index):
    scores = index.scores("cotton")
    assert scores.dtype == np.float32 and scores.shape == (4,)
    assert scores[0] == 0 and scores[3] == 0
    assert scores[1] > 0 and scores[2] > 0
    assert scores[1] == pytest.approx(scores[2])  # same tf, same length


def test_rarer_terms_weigh_more(index):
    # "wool" (1 document) and "red" (2 documents) both occur once in document 0
    assert index.scores("wool")[0] > index.scores("red")[0] > 0


def test_more_occurrences_in_a_longer_document_still_follow_the_formula():
    small = LexicalIndex(["red shirt", "red red red shirt long long long"])
    # 2 docs of 2 and 7 terms (avg 4.5); "red" in both (df=2)
    expected = [bm25(1, 2, 2, n_docs=2, avg_len=4.5), bm25(3, 2, 7, n_docs=2, avg_len=4.5)]
    np.testing.assert_allclose(small.scores("red"), expected, rtol=1e-5)


@pytest.mark.parametrize(
    ("query", "expected_nonzero"),
    [
        ("Red", [0, 2]),  # case-folded
        ("RED!", [0, 2]),  # punctuation dropped
        ("shirts", [1, 2]),  # stemmed like the documents
        ("scarf", [0]),
        ("red zebra", [0, 2]),  # an unknown term adds nothing
        ("zebra", []),
        ("the of and", []),  # only stop words: no evidence
        ("", []),
    ],
)
def test_tokenisation_table(index, query, expected_nonzero):
    scores = index.scores(query)
    assert scores.shape == (4,)
    assert np.flatnonzero(scores).tolist() == expected_nonzero


def test_mask_zeroes_the_rows_it_excludes_and_keeps_the_others(index):
    full = index.scores("red")
    mask = np.array([False, True, True, True])
    masked = index.scores("red", mask=mask)
    assert masked[0] == 0
    assert masked[2] == pytest.approx(full[2])
    assert masked[1] == 0 and masked[3] == 0
    assert not index.scores("red", mask=np.zeros(4, dtype=bool)).any()
    np.testing.assert_allclose(index.scores("red", mask=np.ones(4, dtype=bool)), full)


def test_mask_does_not_change_term_statistics(index):
    # masking is a filter after scoring, not a smaller corpus: idf still counts all four rows
    masked = index.scores("wool", mask=np.array([True, False, False, False]))
    assert masked[0] == pytest.approx(bm25(1, 1, 3), rel=1e-5)


@pytest.mark.parametrize("texts", [[], ["the of and", "a an"]])
def test_a_corpus_without_terms_scores_zero_for_every_row(texts):
    index = LexicalIndex(texts)
    assert index.size == 0
    scores = index.scores("red shirt")
    assert scores.shape == (len(texts),)
    assert not scores.any()


def test_size_counts_the_rows(index):
    assert index.size == 4
