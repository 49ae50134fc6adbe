"""Accessible XLSX (issue 20): every table in the workbooks is an Excel table whose header row names its columns (a
screen reader announces them with every cell), the theme sheets carry the Dutch headings the kern profile shows,
and a synthetic value is never marked by its orange fill alone.

Read back with openpyxl. The serving file is the session's pipeline build (KERNMONITOR_TEST_SERVING to reuse one).
"""

from __future__ import annotations

import io
import os
from pathlib import Path

import pytest
from openpyxl import load_workbook
from openpyxl.utils import range_boundaries

from dashboards import briefing
from dashboards.briefing.xlsx import SYNTH_FILL, SYNTHETISCHE_WAARDEN
from dashboards.data import ServingData
from dashboards.vocabulary import THEMA_NAMEN

WEST_BETUWE, BUREN = "GM1960", "GM0214"


@pytest.fixture(scope="module")
def data(request) -> ServingData:
    override = os.environ.get("KERNMONITOR_TEST_SERVING")
    return ServingData(Path(override) if override else request.getfixturevalue("serving_path"))


@pytest.fixture(scope="module")
def werkboeken(data) -> dict:
    return {
        "kern": load_workbook(io.BytesIO(briefing.kern_xlsx(data, WEST_BETUWE, "Beesd"))),
        "gemeente": load_workbook(io.BytesIO(briefing.gemeente_xlsx(data, BUREN))),
    }


def _is_synthetisch(cel) -> bool:
    return cel.fill is not None and cel.fill.fgColor is not None and cel.fill.fgColor.rgb == SYNTH_FILL.fgColor.rgb


@pytest.mark.parametrize("soort", ["kern", "gemeente"])
def test_every_table_is_an_excel_table_with_named_header_cells(werkboeken, soort) -> None:
    wb = werkboeken[soort]
    namen = set()
    for ws in wb.worksheets:
        if ws.title in ("Overzicht", "Toelichting") or ws.max_row < 2:
            continue  # label/value lists, not tables
        assert ws.tables, f"{ws.title}: geen Excel-tabel"
        bedekt = set()
        for tabel in ws.tables.values():
            assert tabel.name not in namen
            namen.add(tabel.name)
            min_col, min_row, max_col, max_row = range_boundaries(tabel.ref)
            kop = [ws.cell(row=min_row, column=c).value for c in range(min_col, max_col + 1)]
            assert all(isinstance(k, str) and k.strip() for k in kop), (ws.title, kop)
            assert len({k.lower() for k in kop}) == len(kop), (ws.title, kop)  # Excel needs unique headers
            assert [c.name for c in tabel.tableColumns] == kop, ws.title
            assert tabel.headerRowCount in (None, 1)
            bedekt |= set(range(min_row, max_row + 1))
        # Every filled row of the sheet is in a table, apart from a caption above one ("Andere bronnen").
        gevuld = {c.row for row in ws.iter_rows() for c in row if c.value is not None}
        los = sorted(gevuld - bedekt)
        assert all(ws.cell(row=r, column=1).font.b and ws.cell(row=r, column=2).value is None for r in los), (
            ws.title,
            los,
        )


def test_theme_sheets_carry_the_dutch_headings(werkboeken) -> None:
    for wb in werkboeken.values():
        assert set(THEMA_NAMEN.values()) <= set(wb.sheetnames)
        assert not {"Demografie", "Economie", "Participatie"} & set(wb.sheetnames)


def test_a_synthetic_value_is_marked_in_words_as_well_as_in_orange(werkboeken) -> None:
    gezien = 0
    # Per kern: the row says "ja" under Synthetisch wherever a value cell is orange.
    wb = werkboeken["kern"]
    for naam in THEMA_NAMEN.values():
        ws = wb[naam]
        kop = [c.value for c in ws[1]]
        synthetisch = kop.index("Synthetisch") + 1
        for row in ws.iter_rows(min_row=2):
            if any(_is_synthetisch(c) for c in row):
                assert ws.cell(row=row[0].row, column=synthetisch).value == "ja"
                gezien += 1
    # Per gemeente (kernen as rows): the column "Synthetische waarden" names every orange cell's indicator.
    wb = werkboeken["gemeente"]
    for naam in THEMA_NAMEN.values():
        ws = wb[naam]
        kop = [c.value for c in ws[1]]
        woorden = kop.index(SYNTHETISCHE_WAARDEN) + 1
        for row in ws.iter_rows(min_row=2):
            oranje = [kop[c.column - 1] for c in row if _is_synthetisch(c)]
            genoemd = ws.cell(row=row[0].row, column=woorden).value or ""
            for indicator in oranje:
                assert indicator.rsplit(" (", 1)[0] in genoemd, (naam, row[0].value, indicator)
            if oranje:
                gezien += 1
            elif row[0].value and not str(row[0].value).startswith(("Gemeente ", "Nederland")):
                assert genoemd == "geen", (naam, row[0].value)
    if gezien == 0:
        pytest.skip("geen synthetische waarden in deze publicatie")
