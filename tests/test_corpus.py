"""The real-letters corpus: every published letter is imported for its own new bureau and rendered again.

The test says how many letters hold the issue's bar (render succeeds; text from the salutation on ≥ 0.98 similar;
every header line kept; date, 发文字号 and proposers as fields) and fails when a letter that held stops holding.
"""

from __future__ import annotations

import pytest

from tests import corpus

pytestmark = pytest.mark.skipif(
    not corpus.available(), reason="../shared/corpus/letters 和 seedcheck.py 不在本仓库旁边"
)

# the letters that hold today; a change that breaks one of them fails here (add letters as they come to hold)
HOLDING = {
    "01", "03", "04", "05", "06", "07", "08", "09", "10", "11", "12", "13", "14", "15", "18", "19", "20", "21",
    "23", "24", "25", "26", "27", "28", "29", "30", "31", "32", "33", "34", "36", "39", "40", "41",
}  # fmt: skip


@pytest.fixture(scope="module")
def outcomes(tmp_path_factory):
    return corpus.run_all(tmp_path_factory.mktemp("corpus"))


def test_corpus_letters_import_and_render_again(outcomes, capsys):
    held = {o.name[:2] for o in outcomes if o.holds}
    with capsys.disabled():
        print(f"\n[corpus] {len(held)} of {len(outcomes)} published letters hold")
        for o in outcomes:
            if not o.holds:
                print(f"[corpus]   {o.line()[:160]}")
    assert held >= HOLDING, f"letters that held no longer do: {sorted(HOLDING - held)}"


def test_every_corpus_letter_imports(outcomes):
    assert all(o.imported for o in outcomes), [o.line() for o in outcomes if not o.imported]
