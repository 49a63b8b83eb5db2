"""Tagged PDF from ReportLab: marked content while drawing, the structure tree after.

Open-source ReportLab writes no structure (decision 0014). So, while a page is
drawn, :class:`Tagger` wraps what a reader should hear in marked-content sequences
(``/P <</MCID 3>> BDC … EMC``) and everything else (rules, boxes, cut marks, page
numbers) in ``/Artifact BMC … EMC``, recording which structure element each
sequence belongs to. :func:`finish` then opens the file with pikepdf and adds what
ReportLab cannot: the structure tree (``Document`` › ``H1``, ``P``, ``L``/``LI``,
``Table``/``TR``/``TH``/``TD``, ``Figure`` with ``/Alt``), its parent tree, each
page's ``/StructParents`` and ``/Tabs /S``, ``/MarkInfo <</Marked true>>``, the
document's ``/Lang``, its title shown in the window (``DisplayDocTitle``), XMP
metadata that claims PDF/UA-1, and honest ToUnicode entries for shaped glyphs
(:mod:`analysis.formats.pdf_text`).

Reading order is structure order, and structure order is the order things are
drawn, so each producer draws in reading order. No Flask here: the web app's PDFs
and the reports use the same code.
"""

from __future__ import annotations

import io
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import pikepdf
from pikepdf import Array, Dictionary, Name, String
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from analysis.formats.pdf_text import FONT, private_use_text

__all__ = ["Element", "TableTags", "TaggedParagraph", "Tagger", "finish", "tagged_canvas", "tagger_of"]


@dataclass
class _Content:
    page: int  # 0-based
    mcid: int


@dataclass
class Element:
    """A structure element: its role (``H1``, ``P``, ``TH`` …) and what it holds, in order."""

    role: str
    alt: str | None = None
    lang: str | None = None
    attributes: dict[str, str] = field(default_factory=dict)  # e.g. {"O": "Table", "Scope": "Column"}
    children: list[Element | _Content] = field(default_factory=list)


class Tagger:
    """Records the structure of what is drawn on ``canvas`` (a ReportLab canvas).

    Open elements with :meth:`element`; wrap drawing in :meth:`content` (it belongs
    to the innermost open element, or to a new leaf element of the role given) or
    :meth:`artifact`. Content drawn inside content (a paragraph inside a table cell)
    is part of the outer sequence: marked-content sequences with ids do not nest."""

    def __init__(self, canvas):
        self.canvas = canvas
        self.root = Element("Document")
        self._open = [self.root]
        self._next_mcid: dict[int, int] = {}
        self._depth = 0  # open marked-content sequences (content or artifact)

    def _page(self) -> int:
        return self.canvas.getPageNumber() - 1

    @property
    def marking(self) -> bool:
        """Whether drawing now is already inside a marked-content sequence."""
        return self._depth > 0

    def open(self, role: str, *, alt: str | None = None, lang: str | None = None, **attributes: str) -> Element:
        node = Element(role, alt=alt, lang=lang, attributes=attributes)
        self._open[-1].children.append(node)
        self._open.append(node)
        return node

    def close(self) -> None:
        if len(self._open) > 1:
            self._open.pop()

    def begin_content(self) -> None:
        self._depth += 1
        if self._depth > 1:
            return
        page = self._page()
        mcid = self._next_mcid.get(page, 0)
        self._next_mcid[page] = mcid + 1
        self._open[-1].children.append(_Content(page, mcid))
        self.canvas._code.append(f"/{self._open[-1].role} <</MCID {mcid}>> BDC")

    def end_content(self) -> None:
        self._depth -= 1
        if self._depth == 0:
            self.canvas._code.append("EMC")

    def begin_artifact(self, kind: str | None = None) -> None:
        self._depth += 1
        if self._depth == 1:
            self.canvas._code.append(f"/Artifact <</Type /{kind}>> BDC" if kind else "/Artifact BMC")

    end_artifact = end_content

    @contextmanager
    def element(self, role: str, *, alt: str | None = None, lang: str | None = None,
                **attributes: str) -> Iterator[Element]:
        node = self.open(role, alt=alt, lang=lang, **attributes)
        try:
            yield node
        finally:
            self.close()

    @contextmanager
    def content(self, role: str | None = None, *, alt: str | None = None, lang: str | None = None,
                **attributes: str) -> Iterator[None]:
        """Drawing that a reader should get, as a marked-content sequence of the innermost
        open element, or of a new ``role`` element inside it."""
        if role is not None and not self.marking:
            with self.element(role, alt=alt, lang=lang, **attributes), self.content():
                yield
            return
        self.begin_content()
        try:
            yield
        finally:
            self.end_content()

    @contextmanager
    def artifact(self, kind: str | None = None) -> Iterator[None]:
        """Drawing a reader should skip: rules, boxes, page numbers, cut marks."""
        self.begin_artifact(kind)
        try:
            yield
        finally:
            self.end_artifact()


def tagger_of(canvas) -> Tagger | None:
    """The tagger drawing on ``canvas``, if it has one (see :func:`tagged_canvas`)."""
    return getattr(canvas, "tagger", None)


def finish(data: bytes, tagger: Tagger, *, title: str, language: str) -> bytes:
    """The PDF ``data`` (as ReportLab wrote it, drawn with ``tagger``) made a tagged PDF."""
    pdf = pikepdf.open(io.BytesIO(data))
    pages = [page.obj for page in pdf.pages]
    struct_root = pdf.make_indirect(Dictionary(Type=Name.StructTreeRoot))
    by_page: dict[int, dict[int, pikepdf.Object]] = {}

    def build(node: Element, parent) -> pikepdf.Object:
        element = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name("/" + node.role), P=parent))
        kids = Array()
        for child in node.children:
            if isinstance(child, _Content):
                kids.append(Dictionary(Type=Name.MCR, Pg=pages[child.page], MCID=child.mcid))
                by_page.setdefault(child.page, {})[child.mcid] = element
                if "Pg" not in element:
                    element.Pg = pages[child.page]
            else:
                kids.append(build(child, element))
        element.K = kids
        if node.alt is not None:
            element.Alt = String(node.alt)
        if node.lang:
            element.Lang = String(node.lang)
        if node.attributes:
            element.A = Dictionary({f"/{key}": Name("/" + value) for key, value in node.attributes.items()})
        return element

    document = build(tagger.root, struct_root)
    nums = Array()
    for index, page in enumerate(pages):
        page.StructParents = index
        page.Tabs = Name.S
        marks = by_page.get(index, {})
        nums.extend([index, pdf.make_indirect(Array([marks[mcid] for mcid in sorted(marks)]))])
    next_key = _tag_links(pdf, pages, _first(document, "/TOC") or document, nums, len(pages))
    struct_root.K = Array([document])
    struct_root.ParentTree = pdf.make_indirect(Dictionary(Nums=nums))
    struct_root.ParentTreeNextKey = next_key

    catalog = pdf.Root
    catalog.StructTreeRoot = struct_root
    catalog.MarkInfo = Dictionary(Marked=True)
    catalog.Lang = String(language)
    catalog.ViewerPreferences = Dictionary(DisplayDocTitle=True)
    pdf.docinfo["/Title"] = String(title)
    # Only what the file already says: no editor, no new time (a date is all anyone may keep).
    with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
        meta["dc:title"] = title
        meta["dc:language"] = [language]
        meta["pdfuaid:part"] = "1"
    _mend_tounicode(pdf)
    _drop_unused_fonts(pdf)
    out = io.BytesIO()
    pdf.save(out, deterministic_id=True)
    return out.getvalue()


def _first(element: pikepdf.Object, role: str) -> pikepdf.Object | None:
    """The first structure element of ``role`` at or under ``element``."""
    if element.get("/S") == role:
        return element
    for kid in element.get("/K", []):
        if isinstance(kid, Dictionary) and kid.get("/Type") == "/StructElem":
            found = _first(kid, role)
            if found is not None:
                return found
    return None


def _tag_links(pdf: pikepdf.Pdf, pages: list, parent: pikepdf.Object, nums: Array, next_key: int) -> int:
    """Each link (the contents page's) as a ``Link`` element under ``parent``, with words
    saying where it goes. Returns the parent tree's next free key."""
    numbers = {page.objgen: number for number, page in enumerate(pages, start=1)}
    for page in pages:
        annotations = page.get("/Annots")
        if annotations is None:
            continue
        for position, annotation in enumerate(annotations):
            if annotation.get("/Subtype") != "/Link":
                continue
            if not annotation.is_indirect:
                annotation = annotations[position] = pdf.make_indirect(annotation)
            destination = annotation.get("/Dest")
            target = numbers.get(destination[0].objgen) if isinstance(destination, Array) and len(destination) else None
            if not str(annotation.get("/Contents", "")):
                annotation.Contents = String(f"Go to page {target}" if target else "Link")
            link = pdf.make_indirect(Dictionary(Type=Name.StructElem, S=Name.Link, P=parent, Pg=page,
                                                K=Array([Dictionary(Type=Name.OBJR, Obj=annotation, Pg=page)])))
            parent.K.append(link)
            annotation.StructParent = next_key
            nums.extend([next_key, link])
            next_key += 1
    return next_key


def _drop_unused_fonts(pdf: pikepdf.Pdf) -> None:
    """Each page's font list without the fonts it never uses. ReportLab lists every font of
    the document on every page, Helvetica included once anything named it; a checker
    (and ``pdffonts``) would count that unembedded font against the file."""
    for page in pdf.pages:
        resources = page.obj.get("/Resources")
        if resources is None or "/Font" not in resources:
            continue
        contents = page.obj.Contents
        streams = contents if isinstance(contents, Array) else [contents]
        data = b"".join(stream.read_bytes() for stream in streams)
        used = {key: font for key, font in resources.Font.items()
                if re.search(re.escape(key.encode()) + rb"\s+[-\d.]+\s+Tf", data)}
        resources.Font = Dictionary(used)


_BFCHAR = re.compile(rb"<([0-9A-F]{2,4})> <([0-9A-F]{4,})>")


def _mend_tounicode(pdf: pikepdf.Pdf) -> None:
    """Point the private-use codes ReportLab gave shaped glyphs at the letters they draw."""
    seen = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for _, font in fonts.items():
            if font.objgen in seen or "/ToUnicode" not in font:
                continue
            seen.add(font.objgen)
            face = str(font.BaseFont).lstrip("/").split("+", 1)[-1]
            letters = private_use_text(face)
            if not letters:
                continue

            def mend(match: re.Match, letters=letters) -> bytes:
                code = int(match.group(2), 16)
                if code not in letters:
                    return match.group(0)
                # An empty mapping is not allowed: a glyph drawn for nothing stands for a zero-width space.
                text = letters[code] or "\u200b"
                return b"<" + match.group(1) + b"> <" + text.encode("utf-16-be").hex().upper().encode() + b">"

            cmap = font.ToUnicode
            cmap.write(_BFCHAR.sub(mend, cmap.read_bytes()))


# -- platypus ------------------------------------------------------------------------


def tagged_canvas(canvas_class=Canvas):
    """A canvas maker for ``doc.build(canvasmaker=…)`` whose canvases carry a :class:`Tagger`;
    the last one made is ``maker.last`` (``multiBuild`` makes one a pass)."""
    def make(*args, **kwargs):
        kwargs["initialFontName"] = kwargs.get("initialFontName") or FONT  # not the unembedded Helvetica
        canvas = canvas_class(*args, **kwargs)
        canvas.tagger = Tagger(canvas)
        make.last = canvas
        return canvas

    make.last = None
    return make


class TaggedParagraph(Paragraph):
    """A paragraph tagged with its style's ``role`` attribute (``P`` when it has none).

    The role lives on the style so that the halves of a paragraph split over two pages
    (ReportLab makes them with ``self.__class__``) keep it."""

    def drawOn(self, canvas, x, y, _sW=0):
        tagger = tagger_of(canvas)
        if tagger is None:
            return super().drawOn(canvas, x, y, _sW)
        with tagger.content(getattr(self.style, "role", "P")):
            return super().drawOn(canvas, x, y, _sW)


class TableTags:
    """A platypus ``Table``'s ``renderCB``: the table as ``Table``/``TR``/``TH``/``TD``.

    The first ``header_rows`` rows are column headers (``TH``, scope Column); with
    ``row_headers`` the first column's cells below them are row headers (scope Row).
    Backgrounds and rules are artefacts. With ``layout`` the table is only a box
    around its contents (which tag themselves): just the artefacts."""

    def __init__(self, header_rows: int = 1, *, row_headers: bool = True, layout: bool = False):
        self.header_rows = header_rows
        self.row_headers = row_headers
        self.layout = layout

    def __call__(self, table, event: str, *args) -> None:
        tagger = tagger_of(table.canv)
        if tagger is None:
            return
        if event in ("startBG", "startLines"):
            tagger.begin_artifact()
        elif event in ("endBG", "endLines"):
            tagger.end_artifact()
        elif self.layout:
            return
        elif event == "startTable":
            tagger.open("Table")
        elif event == "startRow":
            tagger.open("TR")
        elif event == "startCell":
            row, column = args[0], args[1]
            if row < self.header_rows:
                tagger.open("TH", O="Table", Scope="Column")
            elif column == 0 and self.row_headers:
                tagger.open("TH", O="Table", Scope="Row")
            else:
                tagger.open("TD")
            tagger.begin_content()
        elif event == "endCell":
            tagger.end_content()
            tagger.close()
        elif event in ("endRow", "endTable"):
            tagger.close()
