"""Raad briefings and the Kansenkaart pack: PDF, XLSX and PNG exports per kern and per gemeente.

`data` is a `dashboards.data.ServingData` everywhere: every figure comes from the marts of the published serving
file. An unknown kern or gemeente raises `OnbekendeKern` (a LookupError) with a Dutch message.
"""

from __future__ import annotations

from dashboards.briefing.batch import FORMATEN, export_batch
from dashboards.briefing.context import OnbekendeKern, kern_context

__all__ = [
    "FORMATEN",
    "OnbekendeKern",
    "chart_pngs",
    "export_batch",
    "gemeente_pdf",
    "gemeente_xlsx",
    "kansenkaart_pdf",
    "kern_pdf",
    "kern_xlsx",
]


def kern_pdf(data, gemeentecode: str, kern: str) -> bytes:
    """The A4 raad briefing (one page) of one kern."""
    from dashboards.briefing.pdf import onepager_pdf

    return onepager_pdf(kern_context(data, gemeentecode, kern))


def kern_xlsx(data, gemeentecode: str, kern: str) -> bytes:
    """One kern's workbook: a sheet per theme, time series, kernagenda, sources and Toelichting."""
    from dashboards.briefing.xlsx import kern_werkboek

    return kern_werkboek(kern_context(data, gemeentecode, kern))


def kansenkaart_pdf(data, gemeentecode: str, kern: str) -> bytes:
    """The Kansenkaart pack of one kern: map, the four programmes, strengths and attention points, kernagenda."""
    from dashboards.briefing.kansenkaart import kansenkaart_document

    return kansenkaart_document(kern_context(data, gemeentecode, kern))


def gemeente_xlsx(data, gemeentecode: str) -> bytes:
    """All kernen of a gemeente in one workbook."""
    from dashboards.briefing.xlsx import gemeente_werkboek

    return gemeente_werkboek(data, gemeentecode)


def gemeente_pdf(data, gemeentecode: str) -> bytes:
    """All one-pagers of a gemeente in one PDF, with a cover and contents."""
    from dashboards.briefing.pdf import gebundeld_pdf

    kernen = data.kernen(gemeentecode)
    if kernen.empty:
        raise OnbekendeKern(f"Gemeente {gemeentecode} staat niet in deze publicatie.")
    return gebundeld_pdf([kern_context(data, gemeentecode, k) for k in kernen["kern"].astype(str)])


def chart_pngs(data, gemeentecode: str, kern: str) -> dict[str, bytes]:
    """Every chart of a kern as PNG, by name: inwoners, leeftijdsopbouw, voorzieningen, woningen,
    leefbaarometer, kaart."""
    from dashboards.briefing.charts import pngs

    return pngs(kern_context(data, gemeentecode, kern))
