"""A small document model (headings, paragraphs, lists, tables) and its Markdown.

The DPIA is built once as these blocks and then written twice, as Markdown and as a
PDF (:mod:`feedback_app.governance.pdf`), so the two can never say different things.
Inline text may use ``**bold**`` and ```code```; nothing else is interpreted.
"""

from __future__ import annotations

from dataclasses import dataclass

#: Every gap the council must fill starts with this, so a reviewer can search for it.
PLACEHOLDER = "[Council to complete: {}]"


def to_complete(what: str) -> str:
    return PLACEHOLDER.format(what)


def days(n: int) -> str:
    return f"{n} day" if n == 1 else f"{n} days"


@dataclass(frozen=True)
class Heading:
    level: int  # 1 for the title, 2 for a section, 3 below
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class BulletList:
    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    #: Relative column widths for the PDF (the Markdown ignores them).
    widths: tuple[float, ...] = ()


Block = Heading | Paragraph | BulletList | Table


def _cell(text: str) -> str:
    # A pipe would end the cell, a newline the row.
    return text.replace("|", "\\|").replace("\n", " ")


def to_markdown(blocks: list[Block]) -> str:
    parts: list[str] = []
    for block in blocks:
        if isinstance(block, Heading):
            parts.append(f"{'#' * block.level} {block.text}")
        elif isinstance(block, Paragraph):
            parts.append(block.text)
        elif isinstance(block, BulletList):
            parts.append("\n".join(f"- {item}" for item in block.items))
        elif isinstance(block, Table):
            lines = ["| " + " | ".join(_cell(h) for h in block.header) + " |",
                     "|" + "|".join("---" for _ in block.header) + "|"]
            lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in block.rows]
            parts.append("\n".join(lines))
        else:  # pragma: no cover - the Block union is closed
            raise TypeError(f"not a block: {block!r}")
    return "\n\n".join(parts) + "\n"
