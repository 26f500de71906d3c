"""Small wording helpers shared by every assessment's ``why`` texts (pure; no imports of the toolkit).

>>> join_and(["scams", "fraud", "hate"])
'scams, fraud and hate'
>>> join_and(["terror content", "hate"], "or")
'terror content or hate'
>>> join_and(["grooming"])
'grooming'
>>> join_and([])
''
>>> CATEGORY_WORDS["ppc"], CATEGORY_SHORT["ppc"]
('primary priority content', 'primary priority')
"""

from __future__ import annotations

from collections.abc import Iterable

CATEGORY_WORDS = {
    "ppc": "primary priority content",
    "pc": "priority content",
    "ndc": "non-designated content",
}
"""The three categories of content harmful to children (Online Safety Act 2023, ss. 61–62), in words."""

CATEGORY_SHORT = {k: v.removesuffix(" content") for k, v in CATEGORY_WORDS.items()}
"""The same words without "content", for a table's category column."""


def join_and(items: Iterable[str], word: str = "and") -> str:
    """``"a, b and c"``: the items in order, commas between, ``word`` before the last."""
    items = list(items)
    if len(items) < 2:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {word} " + items[-1]
