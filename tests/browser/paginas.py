"""Every page type the browser tests visit, each with the element that says it has finished drawing; and what a
reader opens on the kern page besides."""

from dashboards.views.kernprofiel import alle_cijfers

PAGINAS = [
    ("/", "#overzicht-kaart .main-svg"),
    ("/kern/Beesd", "#kern-trend .main-svg"),
    ("/vergelijken?kernen=Beesd,Maurik", "#vergelijk-tabel"),
    ("/kernagenda", "#agenda-voortgang-grafiek .main-svg, #kernagenda-geen-export"),
    ("/kansenkaart?gemeente=GM1960&kern=Beesd", "#kansenkaart-kaart .main-svg"),
    ("/effectmeting?gemeente=GM0214", "#effect-grafiek .main-svg"),
    ("/doelen?gemeente=GM0214", "#doelen-lijst .main-svg"),
    ("/mijn-kernen?gebiedsmakelaar=B.%20Bakker%20(VOORBEELD)", "#mijn-kernen-kaart .main-svg"),
    ("/jaarbeeld?gemeente=GM1960&van=2023&tot=2023", "#jaarbeeld-cijfers"),
    ("/bronnen", "#bronnen-tabel"),
    ("/toegankelijkheid", "#toegankelijkheid-contact"),
]


def open_alle_cijfers(page, aantal: int) -> None:
    """Open the kern page's all-figures fold-out and wait until its table (drawn on opening) has every figure."""
    page.click(f"#{alle_cijfers.ACCORDION_ID} .accordion-button")
    page.wait_for_function(
        "([id, n]) => document.getElementById(id)?.querySelectorAll('tbody th[scope=row]').length === n",
        arg=[alle_cijfers.TABEL_ID, aantal],
    )
