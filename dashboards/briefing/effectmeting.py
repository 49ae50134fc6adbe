"""The Effectmeting as a PDF for the raad: the table of the page (dashboards.views.effectmeting), its verdicts,
how each group value is made and the method, rendered from templates/effectmeting.html.j2 as a tagged PDF/UA-1
(see tekenen.py) in the Kansenkaart page style."""

from __future__ import annotations

import pandas as pd

from dashboards.briefing import tekenen as t
from dashboards.briefing.kansenkaart import css_tekst
from dashboards.briefing.pdf import SYNTHETISCH_VOET, synthetisch_tekst
from dashboards.formatting import datum
from dashboards.views.effectmeting import REGEL_UITLEG, RUIS_UITLEG, Analyse, samenvatting, tabel_regels


def effectmeting_pdf(a: Analyse, publicatie: dict | None = None) -> bytes:
    kop, regels = tabel_regels(a)
    titel = f"Effectmeting {a.behandeld_naam} tegenover {a.vergelijking_naam}, {a.nulmeting}–{a.eindmeting}"
    sub = f"Gemeente {a.gemeentenaam} · nulmeting {a.nulmeting}, eindmeting {a.eindmeting}"
    if publicatie:
        sub += f" · dataversie {publicatie.get('version')} van {datum(publicatie.get('published_at'))}"
    bronnen = sorted({u.bron for u in a.uitkomsten if u.bron})
    voet = (
        f"Bronnen: {', '.join(bronnen) or 'kernmonitor'}; alle waarden uit marts.kern_indicators van kernmonitor. "
        f"Gemaakt op {datum(pd.Timestamp.now().date())} met kernmonitor."
    )
    inhoud = t.html(
        "effectmeting.html.j2",
        titel=titel,
        kop=f"Effectmeting {a.behandeld_naam} tegenover {a.vergelijking_naam}",
        kopregel=t.Markup(css_tekst(f"{titel} · gemeente {a.gemeentenaam}")),
        sub=sub,
        synthetisch=synthetisch_tekst() if a.synthetisch else None,
        behandeld_naam=a.behandeld_naam,
        vergelijking_naam=a.vergelijking_naam,
        behandeld=", ".join(a.behandeld),
        vergelijking=", ".join(a.vergelijking),
        meldingen=a.meldingen,
        samenvatting=samenvatting(a),
        tabel_kop=kop,
        regels=regels,
        toelichtingen=[{"label": u.label, "tekst": u.toelichting} for u in a.uitkomsten],
        regel_uitleg=REGEL_UITLEG,
        ruis_uitleg=RUIS_UITLEG,
        voet=voet,
        voet_synthetisch=SYNTHETISCH_VOET if a.synthetisch else "",
    )
    return t.pdf(t.document(inhoud))
