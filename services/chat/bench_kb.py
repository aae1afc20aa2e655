"""`make bench ONLY=kb`: top-1 accuracy of the assistant's article search on the customers'
phrasings of every help article (services/chat/tests/data/kb_phrasings.yaml), per language.

No service, broker or database is involved: the search is a pure function of the bundled
knowledge base. `KB_BENCH_MISSES=1` prints every phrasing answered wrongly or not at all."""

from __future__ import annotations

import os

from services.chat.tests.kb_phrasings import measure


def run() -> dict[str, float]:
    figures: dict[str, float] = {}
    for language, accuracy in measure().items():
        figures[f"{language.value}_phrasings"] = accuracy.asked
        figures[f"{language.value}_top1_accuracy_percent"] = round(100 * accuracy.share, 1)
        if os.environ.get("KB_BENCH_MISSES"):
            for question, expected, found in accuracy.misses:
                print(f"  miss [{language.value}] {question!r}: {expected} <- {found}")
    return figures


if __name__ == "__main__":
    print(run())
