"""The tagged PDF (PDF/UA-1): what each mark on a page is, for a screen reader.

While the pages are drawn, every piece of content is either marked as part of a
structure element (a marked-content sequence `/TD <</MCID n>> BDC … EMC`, written
with ReportLab's public `addLiteral`) or as an artifact (rules, fills, the page
number, the header rows and titles repeated on later pages). The elements are kept
in a `Tree` of plain arrays, not one Python object each: a 10,000-program book has
some 200,000 of them, and as objects they cost 100 MB and a second of garbage
collection. Once ReportLab has written the file, `finish` appends what ReportLab
cannot write: the structure tree, its parent tree and ID tree, /MarkInfo,
/ViewerPreferences, /StructParents and /Tabs on each page, and the XMP metadata that
claims PDF/UA-1 (made by pikepdf), as an incremental update (renderers/pdf/update).
"""
from __future__ import annotations

import functools
import io
from array import array
from collections.abc import Iterator
from contextlib import contextmanager

from reportgen.renderers.pdf.update import append_update, text_string

ROOT = 0  # the Document element, first in every tree


class Tree:
    """The structure elements of one PDF. An element is its index; what it is and where
    it sits are kept in arrays, the entries of its dictionary beyond /S, /P, /Pg and /K
    as ready PDF text (`entries`)."""

    def __init__(self):
        self.roles: list[str] = ["Document"]
        self.parents = array("i", [-1])
        self.extra: list[str] = [""]
        self.first_page = array("i", [-1])  # the first marked-content sequence of each element
        self.first_mcid = array("i", [-1])
        self.more: dict[int, list[tuple[int, int]]] = {}  # an element's further (page, MCID), rarely any
        self.root_kids: list[int] = []  # in reading order (the notes, made on the first page, come last)
        self.ids: list[tuple[str, int]] = []
        self.marked_on: list[array] = [array("i")]  # per page, the element of each MCID (the parent tree)

    def add(self, role: str, parent: int | None, extra: str = "", element_id: str | None = None) -> int:
        """A new element under `parent` (after its other kids); None: placed later with `place`."""
        element = len(self.roles)
        self.roles.append(role)
        self.parents.append(ROOT if parent is None else parent)
        self.extra.append(extra if element_id is None else f"{extra}/ID{text_string(element_id)}")
        self.first_page.append(-1)
        self.first_mcid.append(-1)
        if element_id is not None:
            self.ids.append((element_id, element))
        if parent == ROOT:
            self.root_kids.append(element)
        return element

    def place(self, element: int) -> None:
        """An element made earlier, now in its place in the Document's reading order."""
        self.root_kids.append(element)

    def mark(self, element: int, page: int, mcid: int) -> None:
        self.marked_on[page].append(element)
        if self.first_page[element] < 0:
            self.first_page[element], self.first_mcid[element] = page, mcid
        else:
            self.more.setdefault(element, []).append((page, mcid))

    def __len__(self) -> int:
        return len(self.roles)


def entries(table: dict[str, object] | None = None, actual_text: str | None = None, lang: str | None = None) -> str:
    """An element's further dictionary entries as PDF text: its table attributes (/A),
    what a reader says instead of the glyphs (/ActualText: ● → 該当), and its language
    where it differs from the document's (/Lang)."""
    text = ""
    if table:
        text += "/A<</O/Table" + "".join(f"/{key}{_value(value)}" for key, value in table.items()) + ">>"
    if actual_text is not None:
        text += "/ActualText" + text_string(actual_text)
    if lang is not None:
        text += "/Lang" + text_string(lang)
    return text


def _value(value: object) -> str:
    """A table attribute: a name for Scope, strings for Headers, numbers as they are."""
    if isinstance(value, str):
        return f"/{value}"
    if isinstance(value, (list, tuple)):
        return "[" + " ".join(text_string(item) for item in value) + "]"
    return f" {value}"


class Tagger:
    """Marks the content ReportLab draws, page by page."""

    tagging = True

    def __init__(self, canvas):
        self.canvas = canvas
        self.page = 0
        self.next_mcid = 0
        self.tree = Tree()

    def next_page(self) -> None:
        self.page += 1
        self.next_mcid = 0
        self.tree.marked_on.append(array("i"))

    def begin(self, element: int | None) -> None:
        """What is drawn until end() belongs to `element`; to no element (an artifact) when None."""
        if element is None:
            self.canvas.addLiteral("/Artifact <</Type /Layout>> BDC")
            return
        mcid = self.next_mcid
        self.next_mcid += 1
        self.tree.mark(element, self.page, mcid)
        self.canvas.addLiteral(f"/{self.tree.roles[element]} <</MCID {mcid}>> BDC")

    def end(self) -> None:
        self.canvas.addLiteral("EMC")

    @contextmanager
    def marked(self, element: int | None):
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


def finish(data: bytes, tree: Tree, title: str, lang: str) -> bytes:
    """ReportLab's file with the structure tree and the PDF/UA-1 entries appended."""
    import pikepdf  # the tagging step needs it; drawing does not

    with pikepdf.open(io.BytesIO(data)) as pdf:
        if pdf.is_encrypted or pdf.pdf_version < "1.7":  # ReportLab is asked for neither
            raise ValueError("a tagged PDF is drawn as PDF 1.7 and unencrypted")
        # What ReportLab wrote is changed through pikepdf and written back as PDF text
        # (`unparse`); the objects pikepdf does not know, the structure tree's, are
        # written by `_structure` under numbers reserved here.
        tree_root = pdf.make_indirect(pikepdf.Dictionary())
        catalog = pdf.Root
        catalog.Metadata = pdf.make_indirect(pikepdf.Dictionary())  # its number; the stream is written below
        catalog.StructTreeRoot = tree_root
        catalog.MarkInfo = pikepdf.Dictionary(Marked=True)
        catalog.ViewerPreferences = pikepdf.Dictionary(DisplayDocTitle=True)  # /Lang: ReportLab's canvas wrote it
        plain = {catalog.objgen[0]: catalog.unparse(resolved=True)}
        page_numbers = []
        for index, page in enumerate(pdf.pages):
            page.obj.StructParents = index
            page.obj.Tabs = pikepdf.Name.S
            plain[page.obj.objgen[0]] = page.obj.unparse(resolved=True)
            page_numbers.append(page.obj.objgen[0])
        xmp = _xmp(title, lang)
        plain[catalog.Metadata.objgen[0]] = (b"<</Type/Metadata/Subtype/XML/Length %d>>\nstream\n" % len(xmp)
                                             + xmp + b"\nendstream")
        first = max(obj.objgen[0] for obj in pdf.objects) + 1
        trailer = pdf.trailer
        kept = f"/Root {catalog.objgen[0]} 0 R/Info {trailer.Info.objgen[0]} 0 R"
        first_id = bytes(trailer.ID[0])
        root_number = tree_root.objgen[0]
    packed = _structure(tree, page_numbers, root_number, first)
    return append_update(data, plain, packed, first + len(tree) + (2 if tree.ids else 1), kept, first_id)


@functools.lru_cache(maxsize=8)
def _xmp(title: str, lang: str) -> bytes:
    """The XMP packet PDF/UA asks for (title, language, the PDF/UA part), made by pikepdf
    once per title and language: the thousands of division PDFs of a split share one
    (making it took a twentieth of each)."""
    import pikepdf

    with pikepdf.new() as pdf:
        with pdf.open_metadata(set_pikepdf_as_editor=False, update_docinfo=False) as meta:
            meta["dc:title"] = title
            meta["dc:language"] = [lang]
            meta["pdfuaid:part"] = "1"
        return pdf.Root.Metadata.read_bytes()


def _structure(tree: Tree, page_numbers: list[int], root_number: int, first: int) -> Iterator[tuple[int, str]]:
    """The structure tree as PDF text, object by object: the StructTreeRoot, every
    element (element i is object `first + i`), the parent tree and the ID tree."""
    count = len(tree)
    parent_tree, id_tree = first + count, first + count + 1
    root = (f"<</Type/StructTreeRoot/K[{first} 0 R]/ParentTree {parent_tree} 0 R"
            f"/ParentTreeNextKey {len(tree.marked_on)}")
    yield root_number, root + (f"/IDTree {id_tree} 0 R>>" if tree.ids else ">>")
    pages = [f"{number} 0 R" for number in page_numbers]
    kids: dict[int, list[int]] = {ROOT: tree.root_kids}
    for element in range(1, count):
        parent = tree.parents[element]
        if parent != ROOT:
            kids.setdefault(parent, []).append(element)
    roles, parents, extra, first_page, first_mcid, more = (tree.roles, tree.parents, tree.extra, tree.first_page,
                                                            tree.first_mcid, tree.more)
    for element in range(count):
        parent = root_number if element == ROOT else first + parents[element]
        page = first_page[element]
        if element in kids:
            if page >= 0:  # a marked element is a leaf (TD, TH, H1, H2, P), never a parent too
                raise ValueError(f"structure element {element} ({roles[element]}) has both content and elements")
            children = kids[element]
            k = f"/K {first + children[0]} 0 R" if len(children) == 1 else \
                "/K[" + " ".join(f"{first + child} 0 R" for child in children) + "]"
        elif page < 0:
            k = ""  # an empty cell
        elif element not in more:  # the common case: one marked-content sequence
            k = f"/Pg {pages[page]}/K {first_mcid[element]}"
        else:
            marks = [(page, first_mcid[element]), *more[element]]
            if all(p == page for p, _ in marks):
                k = f"/Pg {pages[page]}/K[" + " ".join(str(mcid) for _, mcid in marks) + "]"
            else:
                k = "/K[" + "".join(f"<</Type/MCR/Pg {pages[p]}/MCID {mcid}>>" for p, mcid in marks) + "]"
        yield first + element, f"<</S/{roles[element]}/P {parent} 0 R{k}{extra[element]}>>"
    nums = " ".join(f"{page}[{' '.join(f'{first + element} 0 R' for element in elements)}]"
                    for page, elements in enumerate(tree.marked_on))
    yield parent_tree, f"<</Nums[{nums}]>>"
    if tree.ids:
        names = " ".join(f"{text_string(key)} {first + element} 0 R" for key, element in sorted(tree.ids))
        yield id_tree, f"<</Names[{names}]>>"
