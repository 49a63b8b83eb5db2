"""Looking inside a PDF the way a reader's software does: poppler's tools and pikepdf."""

from __future__ import annotations

import io
import os
import re
import shutil
import subprocess
import unicodedata
from pathlib import Path

import pikepdf
import pytest

#: Operators that put marks on the page: each must be inside tagged content or an artefact.
PAINTING = {"Tj", "TJ", "'", '"', "S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Do"}


def has_poppler() -> bool:
    return all(shutil.which(tool) for tool in ("pdfinfo", "pdftotext", "pdffonts"))


#: Under CI test.sh installs poppler-utils, so its absence is a failure there, not a skip.
needs_poppler = pytest.mark.skipif(not has_poppler() and os.environ.get("CI") != "true",
                                   reason="poppler-utils is not installed")


def _run(tool: str, pdf: bytes, tmp_path: Path, *args: str) -> str:
    path = tmp_path / "checked.pdf"
    path.write_bytes(pdf)
    return subprocess.run([tool, *args, str(path), *(["-"] if tool == "pdftotext" else [])], check=True,
                          capture_output=True, text=True).stdout


def info(pdf: bytes, tmp_path: Path) -> dict[str, str]:
    out = _run("pdfinfo", pdf, tmp_path)
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


def structure(pdf: bytes, tmp_path: Path) -> str:
    """``pdfinfo -struct``: the structure tree as poppler reads it."""
    return _run("pdfinfo", pdf, tmp_path, "-struct")


def text(pdf: bytes, tmp_path: Path) -> str:
    """``pdftotext``, normalised: compatibility forms folded (Arabic presentation forms to
    letters), bidi and other format marks dropped, white space collapsed."""
    raw = unicodedata.normalize("NFKC", _run("pdftotext", pdf, tmp_path))
    return " ".join("".join(c for c in raw if unicodedata.category(c) != "Cf").split())


def normal(words: str) -> str:
    return " ".join(unicodedata.normalize("NFKC", words).split())


def fonts(pdf: bytes, tmp_path: Path) -> list[tuple[str, bool]]:
    """(font name, embedded) for each font ``pdffonts`` lists."""
    lines = _run("pdffonts", pdf, tmp_path).splitlines()[2:]
    found = []
    for line in lines:
        match = re.match(r"(\S+)\s+.*?\s(yes|no)\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", line)
        assert match, line
        found.append((match.group(1), match.group(2) == "yes"))
    return found


def elements(pdf: bytes) -> list[dict]:
    """Every structure element in order: role, alt, attributes, and its text's MCIDs."""
    document = pikepdf.open(io.BytesIO(pdf))
    found = []

    def walk(node) -> None:
        if not isinstance(node, pikepdf.Dictionary):
            return
        if node.get("/Type") == "/StructElem":
            attributes = node.get("/A")
            found.append({"role": str(node.S)[1:], "alt": str(node.Alt) if "/Alt" in node else None,
                          "attributes": {str(k)[1:]: str(v).lstrip("/") for k, v in attributes.items()}
                          if attributes is not None else {}})
        kids = node.get("/K")
        for kid in kids if isinstance(kids, pikepdf.Array) else [kids] if kids is not None else []:
            walk(kid)

    walk(document.Root.StructTreeRoot)
    return found


def open_pdf(pdf: bytes) -> pikepdf.Pdf:
    """The file opened with pikepdf (keep it while reading its objects)."""
    return pikepdf.open(io.BytesIO(pdf))


def unmarked_painting(pdf: bytes) -> list[tuple[int, str]]:
    """(page, operator) for each mark made outside any marked-content sequence."""
    document = pikepdf.open(io.BytesIO(pdf))
    found = []
    for number, page in enumerate(document.pages, start=1):
        depth = 0
        for _, operator in pikepdf.parse_content_stream(page):
            name = str(operator)
            if name in ("BDC", "BMC"):
                depth += 1
            elif name == "EMC":
                depth -= 1
            elif name in PAINTING and depth == 0:
                found.append((number, name))
    return found
