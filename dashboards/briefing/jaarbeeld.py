"""The Jaarbeeld kerngericht werken as a PDF for the raad: the figures of the page (dashboards.views.jaarbeeld, all
from marts.jaarbeeld) with their source and date, rendered from templates/jaarbeeld.html.j2 as a tagged PDF/UA-1
(see tekenen.py) in the Kansenkaart page style."""

from __future__ import annotations

import pandas as pd

from dashboards.briefing import tekenen as t
from dashboards.briefing.batch import bestandsnaam
from dashboards.briefing.kansenkaart import css_tekst
from dashboards.briefing.pdf import synthetisch_tekst
from dashboards.formatting import datum
from dashboards.views import jaarbeeld as view


def bestandsnaam_jaarbeeld(jb: view.Jaarbeeld) -> str:
    return f"jaarbeeld_{bestandsnaam(jb.gemeentenaam)}_{jb.periode.replace('–', '-') or 'geen-gegevens'}.pdf"


def jaarbeeld_pdf(jb: view.Jaarbeeld, publicatie: dict | None = None) -> bytes:
    titel = f"Jaarbeeld kerngericht werken {jb.gemeentenaam} {jb.periode}".strip()
    sub = f"Gemeente {jb.gemeentenaam} ({jb.gemeentecode})" + (f" · {jb.periode}" if jb.periode else "")
    if publicatie:
        sub += f" · dataversie {publicatie.get('version')} van {datum(publicatie.get('published_at'))}"
    bronnen = sorted({str(b) for b in jb.figuren["bron"].dropna()}) if not jb.leeg else []
    voet = (
        f"Bronnen: {'; '.join(bronnen) or 'geen subsidie-export geladen'}. Alle cijfers uit marts.jaarbeeld van "
        f"kernmonitor (de definitie van elk cijfer staat in dbt_project/models/marts/jaarbeeld/jaarbeeld.sql). "
        f"Gemaakt op {datum(pd.Timestamp.now().date())} met kernmonitor."
    )
    inhoud = t.html(
        "jaarbeeld.html.j2",
        titel=titel,
        kop=titel,
        kopregel=t.Markup(css_tekst(titel)),
        sub=sub,
        synthetisch=synthetisch_tekst() if jb.synthetisch else None,
        leeg=view.GEEN_EXPORT_TEKST if jb.leeg else "",
        samenvatting=view.samenvatting(jb),
        periode=jb.periode,
        kop_cijfers=view.KOP,
        cijfers=view.regels(jb),
        kop_budgetten=view.BUDGET_KOP,
        budgetten=view.budget_regels(jb),
        kop_koppelingen=view.KOPPELING_KOP,
        koppelingen=view.koppeling_regels(jb),
        voet=voet,
        voet_synthetisch="Gemaakt uit voorbeeldexports: verzonnen cijfers." if jb.synthetisch else "",
    )
    return t.pdf(t.document(inhoud))
