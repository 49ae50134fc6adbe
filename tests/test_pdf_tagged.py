"""The PDF briefings are tagged for screen readers (issue 20): read back with pypdf, the structure tree of a
one-pager gives its headings in reading order, the headline figures as a table with header cells, and every chart
as a Figure whose alternative text states the kern's figures; the document says its title and that it is Dutch.
The same for the combined pack of a gemeente and the Kansenkaart pack.

No PDF/UA validator (veraPDF) is in our registries: these tests check what such a validator and a screen reader
read, on the demo and on a live publication without synthetic values (tests/publications.py).
"""

from __future__ import annotations

import io
import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject

from dashboards import briefing
from dashboards.briefing.context import kern_context
from dashboards.briefing.pdf import inwoners_regels, pagina_velden
from dashboards.data import ServingData
from dashboards.formatting import getal, met_eenheid
from dashboards.vocabulary import LEEFTIJDSGROEPEN

WEST_BETUWE, BUREN = "GM1960", "GM0214"


@pytest.fixture(scope="module", params=["demo", "live"])
def publicatie(request) -> tuple[str, ServingData]:
    """The demo (synthetic figures, labelled) and a live refresh (no synthetic value at all)."""
    if request.param == "demo":
        override = os.environ.get("KERNMONITOR_TEST_SERVING")
        serving = Path(override) if override else request.getfixturevalue("serving_path")
    else:
        serving = request.getfixturevalue("publication")("live").serving_path
    return request.param, ServingData(serving)


@pytest.fixture(scope="module")
def demo(request) -> ServingData:
    override = os.environ.get("KERNMONITOR_TEST_SERVING")
    return ServingData(Path(override) if override else request.getfixturevalue("serving_path"))


# Reading the structure tree back -----------------------------------------------------------------------------


@dataclass
class Element:
    """One structure element: its type (H1, Table, Figure, ...), depth, alternative text and the text of its
    marked content (its own and its descendants', in reading order)."""

    tag: str
    diepte: int
    alt: str | None
    attributen: dict
    ident: str
    tekst: str = ""
    kinderen: list[Element] = field(default_factory=list)

    def alle(self, tag: str) -> list[Element]:
        gevonden = [self] if self.tag == tag else []
        for kind in self.kinderen:
            gevonden += kind.alle(tag)
        return gevonden


def _teksten_per_mcid(reader: PdfReader) -> dict[tuple[int, int], str]:
    """(page, MCID) -> the text drawn inside that marked-content sequence."""
    teksten: dict[tuple[int, int], str] = {}
    for nr, page in enumerate(reader.pages):
        stapel: list[int | None] = []

        def voor(op, args, cm, tm, stapel=stapel):
            if op == b"BDC":
                props = args[1] if len(args) > 1 else None
                stapel.append(props.get("/MCID") if isinstance(props, dict) else None)
            elif op == b"BMC":
                stapel.append(None)
            elif op == b"EMC" and stapel:
                stapel.pop()

        def tekst(text, cm, tm, font, size, stapel=stapel, nr=nr):
            if stapel and stapel[-1] is not None and text:
                sleutel = (nr, int(stapel[-1]))
                teksten[sleutel] = teksten.get(sleutel, "") + text

        page.extract_text(visitor_operand_before=voor, visitor_text=tekst)
    return teksten


def structuur(pdf: bytes) -> tuple[PdfReader, Element]:
    """The PDF and the root of its structure tree (StructTreeRoot), every element with its text."""
    reader = PdfReader(io.BytesIO(pdf))
    catalogus = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalogus, "no structure tree: the PDF is not tagged"
    paginas = {page.indirect_reference.idnum: i for i, page in enumerate(reader.pages)}
    teksten = _teksten_per_mcid(reader)

    def lees(obj, diepte: int, pagina: int) -> Element | str:
        obj = obj.get_object()
        if "/Pg" in obj:
            pagina = paginas.get(obj.raw_get("/Pg").idnum, pagina)
        element = Element(
            str(obj.get("/S", "/StructTreeRoot"))[1:],
            diepte,
            obj.get("/Alt"),
            dict(obj.get("/A") or {}),
            str(obj.get("/ID", "")),
        )
        kids = obj.get("/K")
        kids = [] if kids is None else kids.get_object()
        delen = []
        for kid in kids if isinstance(kids, ArrayObject) else [kids]:
            if isinstance(kid, int):  # a marked-content id on this element's page
                delen.append(teksten.get((pagina, int(kid)), ""))
            elif isinstance(kid.get_object(), DictionaryObject) and "/S" in kid.get_object():
                kind = lees(kid, diepte + 1, pagina)
                element.kinderen.append(kind)
                delen.append(kind.tekst)
        element.tekst = re.sub(r"\s+", " ", " ".join(delen)).strip()
        return element

    return reader, lees(catalogus["/StructTreeRoot"], 0, 0)


def in_volgorde(root: Element, tags: tuple[str, ...]) -> list[Element]:
    """The elements of these types in reading order (depth first, as a screen reader reads them)."""
    out = []

    def loop(element: Element) -> None:
        if element.tag in tags:
            out.append(element)
        for kind in element.kinderen:
            loop(kind)

    loop(root)
    return out


def assert_document(reader: PdfReader, titel: str) -> None:
    """What PDF/UA asks of the document itself: tagged, Dutch, its title shown instead of the file name."""
    catalogus = reader.trailer["/Root"]
    assert bool(catalogus["/MarkInfo"]["/Marked"])
    assert str(catalogus["/Lang"]) == "nl"
    assert bool(catalogus["/ViewerPreferences"]["/DisplayDocTitle"])
    assert reader.metadata.title == titel
    assert 'pdfuaid:part="1"' in catalogus["/Metadata"].get_object().get_data().decode()


def assert_figures(root: Element, aantal: int) -> list[Element]:
    """Every chart and map is a Figure whose alternative text states figures (a digit), not just "grafiek"."""
    figuren = root.alle("Figure")
    assert len(figuren) == aantal
    for figuur in figuren:
        assert figuur.alt and re.search(r"\d", str(figuur.alt)), figuur.alt
    return figuren


def assert_tabel_met_koppen(tabel: Element) -> None:
    """Header cells (TH) that the data cells (TD) point at, so a screen reader names the column with each cell."""
    koppen = tabel.alle("TH")
    cellen = tabel.alle("TD")
    assert koppen and cellen
    ids = {kop.ident for kop in koppen}
    for cel in cellen:
        headers = [str(h) for h in cel.attributen.get("/Headers", [])]
        assert headers and set(headers) <= ids, cel.tekst


# The one-pager ---------------------------------------------------------------------------------------------


def test_onepager_structure_tree_has_headings_table_and_chart_alternatives(publicatie):
    naam, data = publicatie
    gemeentecode, kern = WEST_BETUWE, "Beesd"
    ctx = kern_context(data, gemeentecode, kern)
    reader, root = structuur(briefing.kern_pdf(data, gemeentecode, kern))
    assert_document(reader, f"Kernbriefing {kern} ({ctx.gemeentenaam})")

    # Reading order: the kern's name as the one H1, the tiles as tables, each chart under its H2, then the blocks.
    volgorde = in_volgorde(root, ("H1", "H2", "H3", "Table", "Figure"))
    assert [e.tag for e in volgorde][:3] == ["H1", "Table", "Table"]
    assert volgorde[0].tekst == kern
    koppen = [e.tekst for e in volgorde if e.tag == "H2"]
    verwacht = ("Inwoners ", "Leeftijdsopbouw", "Afstand tot voorzieningen", "Woningen naar eigendom", "Opvallend")
    assert [k for k in koppen if k.startswith(verwacht)] == koppen[:5], koppen
    # The right bottom block holds what fits (pdf._past_rechts): a goal outranks the survey's pointer line.
    geplaatst = pagina_velden(ctx)
    inwoners = geplaatst["inwoners"]
    enquete = [f"Wat inwoners zeggen{' (VOORBEELD)' if inwoners['voorbeeld'] else ''}"] if inwoners else []
    doelen = ["Doelen (VOORBEELD)"] if not ctx.doelen.empty else []  # the kern's goals, when it has any
    assert koppen[5:] == [*enquete, *doelen, "Kernagenda", "Bewonersinitiatieven"]
    assert bool(inwoners_regels(ctx)) == (naam == "demo")  # the example surveys are in the demo only
    assert enquete or naam != "demo" or doelen  # a survey left off the page only to keep a goal on it
    # Each chart right after its heading.
    for i, element in enumerate(volgorde):
        if element.tag == "Figure":
            assert volgorde[i - 1].tag == "H2"

    # The headline tiles: a header cell per indicator over its figures.
    tabellen = root.alle("Table")
    for tabel in tabellen:
        assert_tabel_met_koppen(tabel)
    koppen_tegels = [th.tekst for tabel in tabellen for th in tabel.alle("TH")]
    assert koppen_tegels[:3] == ["Inwoners", "Woningen", "Ouderen (65+)"]
    inwoners = ctx.indicator("inwoners")
    eerste_cel = tabellen[0].alle("TD")[0].tekst
    assert eerste_cel.startswith(getal(inwoners["waarde"]))

    # The charts' alternative texts state the kern's own figures: what a sighted reader reads off the bars.
    figuren = assert_figures(root, 4)
    reeks = ctx.reeks[ctx.reeks["indicator_id"] == "inwoners"].dropna(subset=["waarde"]).sort_values("jaar")
    laatste = reeks.iloc[-1]
    assert f"{int(laatste['jaar'])}: {getal(laatste['waarde'])}" in figuren[0].alt
    leeftijd = str(figuren[1].alt)
    for indicator_id, label in LEEFTIJDSGROEPEN.items():
        row = ctx.indicator(indicator_id)
        assert f"{label}: {kern} {met_eenheid(row['waarde'], int(row['decimalen']), row['eenheid'])}" in leeftijd
        assert f"gemeente {met_eenheid(row['gemeente_waarde'], int(row['decimalen']), row['eenheid'])}" in leeftijd

    # The sources close the page, in the tree too; the synthetic notice only where something is synthetic.
    alles = root.tekst
    assert alles.rstrip().endswith("Gemaakt met kernmonitor (open source).")
    assert "Bronnen: CBS Kerncijfers wijken en buurten" in alles
    if naam == "demo":
        assert ctx.synthetisch and "Let op: synthetische voorbeeldgegevens." in alles
    else:
        assert not ctx.synthetisch and "synthetisch" not in alles.lower() and "*" not in alles


# The packs ---------------------------------------------------------------------------------------------------


def test_combined_pack_is_tagged_with_contents_table_links_and_a_page_per_kern(demo):
    kernen = demo.kernen(BUREN)["kern"].tolist()
    reader, root = structuur(briefing.gemeente_pdf(demo, BUREN))
    assert_document(reader, "Kernbriefingen Buren")
    assert [h.tekst for h in root.alle("H1")] == ["Gemeente Buren", *kernen]
    inhoud = root.alle("Table")[0]
    assert_tabel_met_koppen(inhoud)
    assert [th.tekst for th in inhoud.alle("TH")][:3] == ["Kern", "Inwoners", "65+"]
    # Each kern in the contents is a link (a Link element) to its page.
    links = [link.tekst for link in inhoud.alle("Link")]
    assert [k for k in links if k in kernen] == kernen
    assert_figures(root, 4 * len(kernen))
    # Each kern page is its own article, in the order of the contents.
    artikelen = root.alle("Art")
    assert [a.alle("H1")[0].tekst for a in artikelen[1:]] == kernen


def test_kansenkaart_pack_is_tagged_with_programmes_tables_and_a_described_map(demo):
    gemeentecode, kern = WEST_BETUWE, "Asperen"
    reader, root = structuur(briefing.kansenkaart_pdf(demo, gemeentecode, kern))
    assert len(reader.pages) >= 2
    assert_document(reader, f"Kansenkaart-pakket {kern}")
    assert [h.tekst for h in root.alle("H1")] == [f"Kansenkaart-pakket {kern}"]
    koppen = [h.tekst for h in root.alle("H2")]
    assert koppen[:5] == [
        "Samenvatting per programma",
        "Duurzaamheid",
        "Sociale kracht",
        "Klimaatadaptatie",
        "Woningbouw",
    ]
    assert koppen[-1] == "Bronnen"
    for tabel in root.alle("Table"):
        assert_tabel_met_koppen(tabel)
    # The map's alternative text names every buurt of the kern with its number and CBS code.
    (kaart,) = assert_figures(root, 1)
    buurten = demo.buurten(gemeentecode).query("kern == @kern")
    assert f"de {len(buurten)} buurten van de kern" in kaart.alt
    for code in buurten["buurtcode"]:
        assert f"({code})" in kaart.alt
