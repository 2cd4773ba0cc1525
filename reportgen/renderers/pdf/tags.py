"""The tagged PDF (PDF/UA-1): what each mark on a page is, for a screen reader.

While the pages are drawn, every piece of content is either marked as part of a
structure element (a marked-content sequence `/TD <</MCID n>> BDC … EMC`, written
with ReportLab's public `addLiteral`) or as an artifact (rules, fills, the page
number, the header rows and titles repeated on later pages). The elements form a
plain tree here. Once ReportLab has written the file, pikepdf adds what ReportLab
cannot: the structure tree, its parent tree and ID tree, /MarkInfo,
/ViewerPreferences, /Tabs and the XMP metadata that claims PDF/UA-1.

Hundreds of thousands of elements (a 10,000-program book has one per cell) are
added in one qpdf JSON update (`Pdf.update_from_qpdf_json`, public pikepdf API),
written as text: element by element through pikepdf objects would be several
times slower.
"""
from __future__ import annotations

import io
import json
from contextlib import contextmanager
from dataclasses import dataclass, field

MarkedContent = tuple[int, int]  # (page index, MCID)


@dataclass(eq=False, slots=True)
class Element:
    """A structure element: its role (Document, H1, Table, TR, TH, TD, P …), its table
    attributes (Scope, ColSpan, RowSpan, Headers), and its kids in reading order."""

    role: str
    kids: list = field(default_factory=list)  # Element | MarkedContent
    table: dict[str, object] = field(default_factory=dict)
    id: str | None = None
    actual_text: str | None = None  # what a reader says instead of the glyphs (● → 該当)
    lang: str | None = None  # when it differs from the document's

    def add(self, child: Element) -> Element:
        self.kids.append(child)
        return child


class Tagger:
    """Marks the content ReportLab draws, page by page."""

    tagging = True

    def __init__(self, canvas):
        self.canvas = canvas
        self.page = 0
        self.next_mcid = 0
        self.root = Element("Document")
        self.parents: list[list[Element]] = [[]]  # per page, the element of each MCID

    def next_page(self) -> None:
        self.page += 1
        self.next_mcid = 0
        self.parents.append([])

    def begin(self, element: Element | None) -> None:
        """What is drawn until end() belongs to `element`; to no element (an artifact) when None."""
        if element is None:
            self.canvas.addLiteral("/Artifact <</Type /Layout>> BDC")
            return
        mcid = self.next_mcid
        self.next_mcid += 1
        self.parents[self.page].append(element)
        element.kids.append((self.page, mcid))
        self.canvas.addLiteral(f"/{element.role} <</MCID {mcid}>> BDC")

    def end(self) -> None:
        self.canvas.addLiteral("EMC")

    @contextmanager
    def marked(self, element: Element | None):
        """What is drawn inside belongs to `element` (an artifact when None)."""
        self.begin(element)
        yield
        self.end()

    @contextmanager
    def artifact(self, kind: str = "Layout"):
        """What is drawn inside is page furniture, read by no one."""
        self.canvas.addLiteral(f"/Artifact <</Type /{kind}>> BDC")
        yield
        self.canvas.addLiteral("EMC")


class Untagged:
    """An untagged PDF's: marks nothing (the PDF as it was before tagging, smaller and faster)."""

    tagging = False

    def next_page(self) -> None:
        pass

    def begin(self, element) -> None:
        pass

    def end(self) -> None:
        pass

    @contextmanager
    def marked(self, element):
        yield

    @contextmanager
    def artifact(self, kind: str = "Layout"):
        yield


def finish(data: bytes, tagger: Tagger, title: str, lang: str, compress: bool) -> bytes:
    """ReportLab's file with the structure tree and the PDF/UA-1 entries added."""
    import pikepdf  # the tagging step needs it; drawing does not

    with pikepdf.open(io.BytesIO(data)) as pdf:
        pages = [page.obj for page in pdf.pages]
        first = max(obj.objgen[0] for obj in pdf.objects) + 1
        update, root_number = _structure_json(tagger, [p.objgen[0] for p in pages], first)
        pdf.update_from_qpdf_json(io.BytesIO(update))
        pdf.Root.StructTreeRoot = pdf.get_object((root_number, 0))
        pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
        pdf.Root.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)  # /Lang: ReportLab's canvas wrote it
        for index, page in enumerate(pages):
            page.StructParents = index
            page.Tabs = pikepdf.Name.S
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = title
            meta["dc:language"] = [lang]
            meta["pdfuaid:part"] = "1"
        out = io.BytesIO()
        pdf.save(out, deterministic_id=True, min_version="1.7", compress_streams=compress,
                 stream_decode_level=pikepdf.StreamDecodeLevel.none,
                 object_stream_mode=pikepdf.ObjectStreamMode.generate)
        return out.getvalue()


def _structure_json(tagger: Tagger, page_numbers: list[int], first: int) -> tuple[bytes, int]:
    """The qpdf JSON v2 update holding the structure tree, and the tree root's object number.
    Written as text, element by element: a 10,000-program book has some 200,000 of them."""
    numbers: dict[int, int] = {}  # id(element) -> object number
    order: list[tuple[Element, int]] = []  # (element, parent's object number)
    root_number = first
    stack = [(tagger.root, root_number)]
    while stack:  # depth first, in reading order
        element, parent = stack.pop()
        numbers[id(element)] = first + 1 + len(order)
        order.append((element, parent))
        for kid in reversed(element.kids):
            if isinstance(kid, Element):
                stack.append((kid, numbers[id(element)]))
    pages = [f'"{number} 0 R"' for number in page_numbers]
    parts = []
    ids = []
    for element, parent in order:
        number = numbers[id(element)]
        fields = [f'"/S":"/{element.role}","/P":"{parent} 0 R"']
        marked = [kid for kid in element.kids if not isinstance(kid, Element)]
        one_page = len({page for page, _ in marked}) == 1
        if one_page:
            fields.append(f'"/Pg":{pages[marked[0][0]]}')
        kids = [f'"{numbers[id(kid)]} 0 R"' if isinstance(kid, Element)
                else str(kid[1]) if one_page
                else f'{{"/Type":"/MCR","/Pg":{pages[kid[0]]},"/MCID":{kid[1]}}}'
                for kid in element.kids]
        if len(kids) == 1:
            fields.append(f'"/K":{kids[0]}')
        elif kids:
            fields.append(f'"/K":[{",".join(kids)}]')
        if element.table:
            attributes = ",".join(f'"/{key}":{_value(value)}' for key, value in element.table.items())
            fields.append(f'"/A":{{"/O":"/Table",{attributes}}}')
        if element.id is not None:
            fields.append(f'"/ID":{_text(element.id)}')
            ids.append((element.id, number))
        if element.actual_text is not None:
            fields.append(f'"/ActualText":{_text(element.actual_text)}')
        if element.lang is not None:
            fields.append(f'"/Lang":{_text(element.lang)}')
        parts.append(f'"obj:{number} 0 R":{{"value":{{{",".join(fields)}}}}}')  # /Type is optional
    parent_tree = ",".join(f'{page},[{",".join(f"{chr(34)}{numbers[id(e)]} 0 R{chr(34)}" for e in elements)}]'
                           for page, elements in enumerate(tagger.parents))
    root = (f'"/Type":"/StructTreeRoot","/K":["{numbers[id(tagger.root)]} 0 R"],'
            f'"/ParentTree":{{"/Nums":[{parent_tree}]}},"/ParentTreeNextKey":{len(tagger.parents)}')
    if ids:
        names = ",".join(f'{_text(key)},"{number} 0 R"' for key, number in sorted(ids))
        root += f',"/IDTree":{{"/Names":[{names}]}}'
    parts.append(f'"obj:{root_number} 0 R":{{"value":{{{root}}}}}')
    header = ('{"jsonversion":2,"pushedinheritedpageresources":false,"calledgetallpages":false,'
              f'"maxobjectid":{first + len(order)}}}')
    return f'{{"qpdf":[{header},{{{",".join(parts)}}}]}}'.encode("utf-8"), root_number


def _text(text: str) -> str:
    """A PDF text string in qpdf JSON."""
    return json.dumps("u:" + text, ensure_ascii=False)


def _value(value: object) -> str:
    """A table attribute in qpdf JSON: a name for Scope, strings for Headers, numbers as they are."""
    if isinstance(value, str):
        return f'"/{value}"'
    if isinstance(value, (list, tuple)):
        return "[" + ",".join(_text(item) for item in value) + "]"
    return str(value)
