"""Write briefings to disk for one kern, a gemeente or all gemeenten (`kernmonitor export`)."""

from __future__ import annotations

import multiprocessing
import os
import re
from collections.abc import Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from dashboards.briefing.context import KernContext, OnbekendeKern, gemeente_naam, kern_context

FORMATEN = ("pdf", "xlsx", "png", "kansenkaart", "effectmeting", "jaarbeeld")
# From this many Kansenkaart packs the batch uses every core (at most PAKKET_WERKERS worker processes, each a whole
# WeasyPrint, pandas and DuckDB): WeasyPrint lays out one PDF at a time on one core (about 1,8 s a pack), and a
# worker process costs about 2 s to start (benchmarks/README.md, issue 18).
PAKKETTEN_PARALLEL_VANAF = 4
PAKKET_WERKERS = 4


def bestandsnaam(text: str) -> str:
    """A kern or gemeente name as a safe, readable file name part ('Kerk-Avezaath' stays, '/' goes)."""
    cleaned = re.sub(r"[^\w.-]+", "_", text.strip(), flags=re.UNICODE).strip("._")
    return cleaned or "kern"


def _schrijf(path: Path, inhoud: bytes) -> Path:
    """Write next to the target and rename, so a reader never opens half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_bytes(inhoud)
    os.replace(tmp, path)
    return path


def _gemeenten(data, gemeentecode: str | Iterable[str] | None) -> list[tuple[str, str]]:
    alle = data.gemeenten()
    namen = {
        code: gemeente_naam(naam, code) for code, naam in zip(alle["gemeentecode"], alle["gemeentenaam"], strict=False)
    }
    if gemeentecode is None:
        codes = list(namen)
    elif isinstance(gemeentecode, str):
        codes = [gemeentecode]
    else:
        codes = list(gemeentecode)
    onbekend = [c for c in codes if c not in namen]
    if onbekend:
        raise OnbekendeKern(
            f"Onbekende gemeente(n): {', '.join(onbekend)}. In deze publicatie: "
            + ", ".join(f"{c} ({n})" for c, n in namen.items())
            + "."
        )
    return [(c, str(namen[c])) for c in codes]


def map_voor(out_dir: Path, gemeentecode: str, gemeentenaam: str) -> Path:
    naam = bestandsnaam(gemeentenaam)
    return Path(out_dir) / (gemeentecode if naam == gemeentecode else f"{gemeentecode}_{naam}")


def export_batch(
    data,
    out_dir: Path,
    fmt: str,
    gemeentecode: str | Iterable[str] | None = None,
    kern: str | None = None,
    periode: str | None = None,
) -> list[Path]:
    """Write the exports and return their paths.

    pdf: a one-pager per kern, plus one combined PDF per gemeente when no kern is given.
    xlsx: one workbook for the kern, or one per gemeente (all its kernen) when no kern is given.
    png: every chart of every selected kern. kansenkaart: the Kansenkaart pack (PDF) per kern. effectmeting: per
    gemeente with named groups of kernen, the Effectmeting PDF the page opens on (pilot against spiegel).
    jaarbeeld: per gemeente the Jaarbeeld kerngericht werken of `periode` ("2023" or "2019-2023"; default the
    latest year) as PDF and CSV (the figures with source and date, from marts.jaarbeeld).
    Files land in out_dir/<GMcode>_<Gemeentenaam>/.
    """
    from dashboards import briefing

    fmt = fmt.lower().strip()
    if fmt not in FORMATEN:
        raise ValueError(f"Onbekend formaat '{fmt}': kies uit {', '.join(FORMATEN)}.")
    out_dir = Path(out_dir)
    gemeenten = _gemeenten(data, gemeentecode)
    geschreven: list[Path] = []
    pakketten: list[tuple[str, str, Path]] = []  # Kansenkaart packs: gemeente, kern, folder; made after the loop

    if kern is not None:
        codes = [c for c, _ in gemeenten] if gemeentecode is not None else None
        rij = _zoek_in(data, kern, codes)
        gemeenten = [(str(rij["gemeentecode"]), gemeente_naam(rij["gemeentenaam"], rij["gemeentecode"]))]

    for code, naam in gemeenten:
        doel = map_voor(out_dir, code, naam)
        kernen = [str(rij["kern"])] if kern is not None else data.kernen(code)["kern"].astype(str).tolist()
        if fmt == "xlsx":
            if kern is not None:
                inhoud = briefing.kern_xlsx(data, code, kernen[0])
                geschreven.append(_schrijf(doel / f"kernmonitor_{bestandsnaam(kernen[0])}.xlsx", inhoud))
            else:
                inhoud = briefing.gemeente_xlsx(data, code)
                geschreven.append(_schrijf(doel / f"kernmonitor_{bestandsnaam(naam)}_alle_kernen.xlsx", inhoud))
            continue
        if fmt == "jaarbeeld":
            geschreven.extend(_jaarbeeld(data, doel, code, periode))
            continue
        if fmt == "effectmeting":  # per gemeente with named groups: what the Effectmeting page opens on
            from dashboards.briefing.effectmeting import effectmeting_pdf
            from dashboards.views.effectmeting import standaard_analyse

            if (a := standaard_analyse(data, code)) is not None:
                pad = doel / f"effectmeting_{bestandsnaam(a.behandeld_naam)}_{a.nulmeting}-{a.eindmeting}.pdf"
                geschreven.append(_schrijf(pad, effectmeting_pdf(a, data.publication())))
            continue
        if fmt == "kansenkaart":
            pakketten += [(code, k, doel) for k in kernen]
            continue
        contexts: list[KernContext] = [kern_context(data, code, k) for k in kernen]
        if fmt == "pdf":
            from dashboards.briefing.pdf import gebundeld_pdf, onepager_document, onepager_pdf

            # Each kern is laid out once: its one-pager and its page in the combined PDF are the same page.
            documenten = [onepager_document(ctx) for ctx in contexts]
            for ctx, document in zip(contexts, documenten, strict=True):
                pad = doc_naam(doel, "kernbriefing", ctx.kern, "pdf")
                geschreven.append(_schrijf(pad, onepager_pdf(ctx, document)))
            if kern is None and contexts:
                pad = doel / f"kernbriefingen_{bestandsnaam(naam)}_alle_kernen.pdf"
                geschreven.append(_schrijf(pad, gebundeld_pdf(contexts, documenten)))
        elif fmt == "png":
            from dashboards.briefing.charts import png_sessie, pngs

            with png_sessie():
                for ctx in contexts:
                    for grafiek, inhoud in pngs(ctx).items():
                        pad = doel / "grafieken" / bestandsnaam(ctx.kern) / f"{grafiek}.png"
                        geschreven.append(_schrijf(pad, inhoud))
    return geschreven + _kansenkaart_pakketten(data, pakketten)


def _kansenkaart_pakketten(data, pakketten: list[tuple[str, str, Path]]) -> list[Path]:
    """The Kansenkaart packs, in the given order; over every core from PAKKETTEN_PARALLEL_VANAF packs on, each
    worker process reading the same serving file (read-only) as `data`."""
    werkers = 1
    if len(pakketten) >= PAKKETTEN_PARALLEL_VANAF:
        werkers = min(os.cpu_count() or 1, PAKKET_WERKERS, len(pakketten))
    if werkers < 2:
        return [_kansenkaart_pakket(data, *pakket) for pakket in pakketten]
    # spawn, not fork: the parent holds DuckDB's and the web server's threads, which a forked child would inherit
    # mid-flight.
    codes, kernen, doelen = zip(*pakketten, strict=True)
    with ProcessPoolExecutor(werkers, mp_context=multiprocessing.get_context("spawn")) as pool:
        try:
            return list(pool.map(_kansenkaart_in_werker, [str(data.path)] * len(pakketten), codes, kernen, doelen))
        except BaseException:
            pool.shutdown(cancel_futures=True)  # the first failure ends the batch, as it does one pack at a time
            raise


_WERKER_DATA: dict[str, object] = {}


def _kansenkaart_in_werker(serving: str, code: str, kern: str, doel: Path) -> Path:
    """One pack in a worker process; the worker keeps its ServingData (and so its query cache) between packs."""
    from dashboards.data import ServingData

    if serving not in _WERKER_DATA:
        _WERKER_DATA[serving] = ServingData(Path(serving))
    return _kansenkaart_pakket(_WERKER_DATA[serving], code, kern, doel)


def _kansenkaart_pakket(data, code: str, kern: str, doel: Path) -> Path:
    from dashboards.briefing.kansenkaart import kansenkaart_document

    ctx = kern_context(data, code, kern)
    return _schrijf(doc_naam(doel, "kansenkaart", ctx.kern, "pdf"), kansenkaart_document(ctx))


def _jaarbeeld(data, doel: Path, code: str, periode: str | None) -> list[Path]:
    """The Jaarbeeld PDF, and its figures as CSV when the gemeente has any (else the PDF says why not)."""
    from dashboards.briefing.jaarbeeld import bestandsnaam_jaarbeeld, jaarbeeld_pdf
    from dashboards.views.jaarbeeld import csv_tekst, maak, parse_periode

    van, tot = parse_periode(periode)
    jb = maak(data, code, van, tot)
    pad = doel / bestandsnaam_jaarbeeld(jb)
    paden = [_schrijf(pad, jaarbeeld_pdf(jb, data.publication()))]
    if not jb.leeg:
        paden.append(_schrijf(pad.with_suffix(".csv"), csv_tekst(jb).encode("utf-8-sig")))
    return paden


def doc_naam(doel: Path, soort: str, kern: str, extensie: str) -> Path:
    return doel / f"{soort}_{bestandsnaam(kern)}.{extensie}"


def _zoek_in(data, kern: str, codes: list[str] | None):
    if codes is None or len(codes) == 1:
        return data.kern(kern, codes[0] if codes else None)
    fouten = []
    for code in codes:
        try:
            return data.kern(kern, code)
        except OnbekendeKern as exc:
            fouten.append(str(exc))
    raise OnbekendeKern(fouten[0] if len(fouten) == 1 else f"Kern '{kern}' bestaat niet in {', '.join(codes)}.")
