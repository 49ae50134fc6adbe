"""From survey answers (per respondent) and delivered results (per kern) to the published figures: one row per
gemeente, measurement, question (and choice item), measure and area (kern, gemeente, Nederland), with n, the
value and its 95% interval, gewogen or ongewogen, and - below enquete_min_n - no value but the reason.

Called by the dbt model int_enquete_resultaten (dbt_project/models/intermediate/enquete/); the statistics are in
ingest/enquete_stats.py. Respondent rows never leave this function: what it returns holds aggregates only, and a
hidden figure is absent from it (value, interval and weighted n are null), not merely flagged.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from ingest.enquete_stats import (
    Estimate,
    change_verdict,
    comparable,
    gemeente_hidden,
    hidden_kernen,
    mean_from_result,
    mean_interval,
    rake,
    share_from_result,
    share_interval,
)
from ingest.exports_enquete import AGREE_FROM

# CBS age groups (KWB measures per kern) for the respondents' age groups; the youngest CBS group (15-25) stands
# for 18-24, as CBS publishes no 18+ group per buurt.
AGE_MEASURES = {
    "18-24": "leeftijd_15_25",
    "25-44": "leeftijd_25_45",
    "45-64": "leeftijd_45_65",
    "65+": "leeftijd_65_plus",
}
SEX_MEASURES = {"man": "mannen", "vrouw": "vrouwen"}
OUTPUT_COLUMNS = [
    "gemeentecode",
    "meting",
    "datum",
    "jaar",
    "vraag_id",
    "vraag",
    "thema",
    "schaal",
    "categorie",
    "maat",
    "gebied_soort",
    "kern",
    "n",
    "n_effectief",
    "waarde",
    "ondergrens",
    "bovengrens",
    "gewogen",
    "verborgen",
    "reden",
    "vorige_meting",
    "vorige_jaar",
    "vorige_n",
    "vorige_waarde",
    "verandering",
    "vorm",
    "voorbeeld",
    "min_n",
]


def _targets(population: pd.DataFrame) -> dict[tuple[str, str], dict[int, tuple[dict, dict, float]]]:
    """(gemeentecode, kern) -> year -> (age targets, sex targets, adults) from the kern's CBS counts."""
    found: dict[tuple[str, str], dict[int, tuple[dict, dict, float]]] = {}
    if population.empty:
        return found
    pivot = population.pivot_table(
        index=["gemeentecode", "kern", "year"], columns="measure", values="value", aggfunc="first"
    )
    for (gemeentecode, kern, year), row in pivot.iterrows():
        ages = {g: float(row.get(m)) for g, m in AGE_MEASURES.items() if pd.notna(row.get(m))}
        sexes = {g: float(row.get(m)) for g, m in SEX_MEASURES.items() if pd.notna(row.get(m))}
        if len(ages) == len(AGE_MEASURES) and len(sexes) == len(SEX_MEASURES):
            found.setdefault((gemeentecode, kern), {})[int(year)] = (ages, sexes, sum(ages.values()))
    return found


def _nearest(years: dict[int, tuple], year: int) -> tuple | None:
    """The CBS year at or before the survey year, else the earliest later one."""
    if not years:
        return None
    before = [y for y in years if y <= year]
    return years[max(before)] if before else years[min(years)]


def _row(base: dict, estimate: Estimate | None, **extra) -> dict:
    row = dict(base)
    row.update(extra)
    if estimate is not None:
        row.update(
            n=estimate.n,
            n_effectief=estimate.n_eff,
            waarde=estimate.value,
            ondergrens=estimate.lower,
            bovengrens=estimate.upper,
        )
    return row


def _measures(scale: str, values: pd.Series, choices: pd.Series) -> Iterable[tuple[str, str | None, list]]:
    """(measure, choice item, per-answer value list) of one question: a mean for ratings, a share agreeing (and the
    mean) for the agree scale, a share yes, a share per item of a choice list."""
    if scale == "rapportcijfer":
        yield "gemiddelde", None, list(values)
    elif scale == "eens_oneens":
        yield "aandeel", None, [v >= AGREE_FROM for v in values]
        yield "gemiddelde", None, list(values)
    elif scale == "ja_nee":
        yield "aandeel", None, [v >= 1 for v in values]
    elif scale == "keuze":
        for item in sorted(choices.dropna().unique()):
            yield "aandeel", str(item), [c == item for c in choices]


def _estimate(measure: str, answers: list, weights: list[float] | None) -> Estimate:
    if measure == "gemiddelde":
        return mean_interval([float(a) for a in answers], weights)
    return share_interval([bool(a) for a in answers], weights)


def from_answers(answers: pd.DataFrame, population: pd.DataFrame, min_n: int) -> list[dict]:
    """Figures per kern and gemeente from the answers per respondent."""
    targets = _targets(population)
    rows: list[dict] = []
    if answers.empty:
        return rows
    keys = ["gemeentecode", "meting", "vraag_id"]
    for (gemeentecode, meting, vraag_id), question in answers.groupby(keys, sort=True, dropna=False):
        first = question.iloc[0]
        scale = str(first["schaal"])
        if scale == "open":
            continue  # free text: never read as a figure (and not stored)
        answered = question[question["antwoord_getal"].notna() | question["antwoord_keuze"].notna()]
        base = {
            "gemeentecode": gemeentecode,
            "meting": meting,
            "datum": first["datum"],
            "jaar": int(first["jaar"]),
            "vraag_id": vraag_id,
            "vraag": first["vraag"],
            "thema": first["thema"],
            "schaal": scale,
            "vorm": "antwoorden per respondent",
            "voorbeeld": bool(question["voorbeeld"].any()),
            "min_n": min_n,
        }
        counts = answered.groupby("kern").size().to_dict()
        hidden = hidden_kernen({str(k): int(n) for k, n in counts.items()}, min_n)
        gemeente_reason = gemeente_hidden(len(answered), min_n)
        # Raking weights per kern (None: that kern is ongewogen); the gemeente figure weighs every kern's
        # respondents up to the kern's share of the adults, so that a kern that answered more counts no more.
        kern_weights: dict[str, list[float] | None] = {}
        scaled: list[float] = []
        all_weighted = True
        for kern, group in answered.groupby("kern", sort=True):
            target = _nearest(targets.get((gemeentecode, kern), {}), int(first["jaar"]))
            weights = None
            if target is not None:
                weights = rake(list(zip(group["leeftijdsgroep"], group["geslacht"], strict=True)), target[0], target[1])
            kern_weights[kern] = weights
            all_weighted = all_weighted and weights is not None
            adults = target[2] if target is not None else float(len(group))
            scaled += [w * adults / len(group) for w in (weights or [1.0] * len(group))]
        gemeente_weights = scaled if all_weighted else None
        ordered = answered.sort_values("kern", kind="stable")
        for measure, item, values in _measures(scale, ordered["antwoord_getal"], ordered["antwoord_keuze"]):
            by_kern: dict[str, list] = {}
            for kern, value in zip(ordered["kern"], values, strict=True):
                by_kern.setdefault(kern, []).append(value)
            for kern, kern_values in by_kern.items():
                common = {"categorie": item, "maat": measure, "gebied_soort": "kern", "kern": kern}
                if kern in hidden:
                    rows.append(_row(base, None, **common, n=len(kern_values), verborgen=True, reden=hidden[kern]))
                    continue
                weights = kern_weights[kern]
                estimate = _estimate(measure, kern_values, weights)
                rows.append(_row(base, estimate, **common, gewogen=weights is not None, verborgen=False))
            common = {"categorie": item, "maat": measure, "gebied_soort": "gemeente", "kern": None}
            if gemeente_reason:
                rows.append(_row(base, None, **common, n=len(values), verborgen=True, reden=gemeente_reason))
            else:
                estimate = _estimate(measure, values, gemeente_weights)
                rows.append(_row(base, estimate, **common, gewogen=gemeente_weights is not None, verborgen=False))
    return rows


def from_results(results: pd.DataFrame, min_n: int) -> list[dict]:
    """Figures delivered per kern (and gemeente, and Nederland as a benchmark), taken as delivered (ongewogen as
    far as kernmonitor knows), with intervals from n (and the standard deviation, when given)."""
    rows: list[dict] = []
    if results.empty:
        return rows
    for (gemeentecode, meting, vraag_id), question in results.groupby(
        ["gemeentecode", "meting", "vraag_id"], sort=True
    ):
        first = question.iloc[0]
        base = {
            "gemeentecode": gemeentecode,
            "meting": meting,
            "datum": first["datum"],
            "jaar": int(first["jaar"]),
            "vraag_id": vraag_id,
            "vraag": first["vraag"],
            "thema": first["thema"],
            "schaal": first["schaal"],
            "vorm": "resultaten per kern",
            "voorbeeld": bool(question["voorbeeld"].any()),
            "min_n": min_n,
            "categorie": None,
            "gewogen": False,
        }
        kernen = question[~question["gebied"].isin(["gemeente", "Nederland"])]
        has_gemeente = bool((question["gebied"] == "gemeente").any())
        counts = {str(k): int(n) for k, n in zip(kernen["gebied"], kernen["n"], strict=True)}
        # Secondary suppression only matters when the file also gives the gemeente figure. Respondents in no kern
        # (the buitengebied: gemeente n above the kernen's total) are a group of their own: gemeente minus the
        # shown kernen must not reveal them either.
        others = 0
        if has_gemeente:
            others = max(0, int(question.loc[question["gebied"] == "gemeente", "n"].iloc[0]) - sum(counts.values()))
        hidden = (
            hidden_kernen(counts, min_n, others)
            if has_gemeente
            else {k: f"te weinig respondenten (n = {n})" for k, n in counts.items() if n < min_n}
        )
        for record in question.itertuples(index=False):
            area = str(record.gebied)
            kind = {"gemeente": "gemeente", "Nederland": "nederland"}.get(area, "kern")
            reason = hidden.get(area) if kind == "kern" else gemeente_hidden(int(record.n), min_n)
            if kind == "nederland":
                reason = None  # a national benchmark is no group of this gemeente's residents
            for measure, present in (("gemiddelde", record.gemiddelde), ("aandeel", record.aandeel)):
                if pd.isna(present):
                    continue
                common = {"maat": measure, "gebied_soort": kind, "kern": area if kind == "kern" else None}
                if reason:
                    rows.append(_row(base, None, **common, n=int(record.n), verborgen=True, reden=reason))
                    continue
                if measure == "gemiddelde":
                    sd = None if pd.isna(record.standaardafwijking) else float(record.standaardafwijking)
                    estimate = mean_from_result(float(present), sd, int(record.n))
                else:
                    estimate = share_from_result(float(present), int(record.n))
                rows.append(_row(base, estimate, **common, verborgen=False))
    return rows


def with_changes(frame: pd.DataFrame) -> pd.DataFrame:
    """The previous measurement of the same question, measure and area: its value (only when shown), whether the
    change is larger than the margins, and 'niet vergelijkbaar' when the response fell below half."""
    frame = frame.sort_values(["datum", "meting"], kind="stable").reset_index(drop=True)
    key = ["gemeentecode", "vraag_id", "categorie", "maat", "gebied_soort", "kern"]
    previous: dict[tuple, int] = {}
    for i, row in frame.iterrows():
        k = tuple(None if pd.isna(row[c]) else row[c] for c in key)
        j = previous.get(k)
        previous[k] = i
        if j is None:
            continue
        before = frame.loc[j]
        frame.at[i, "vorige_meting"] = before["meting"]
        frame.at[i, "vorige_jaar"] = before["jaar"]
        frame.at[i, "vorige_n"] = before["n"]
        if before["verborgen"] or row["verborgen"]:
            continue
        frame.at[i, "vorige_waarde"] = before["waarde"]
        if not comparable(int(before["n"]), int(row["n"])):
            frame.at[i, "verandering"] = (
                f"niet vergelijkbaar: veel minder respondenten dan bij {before['meting']} "
                f"({int(row['n'])} tegen {int(before['n'])})"
            )
            continue
        estimates = [
            Estimate(r["waarde"], r["ondergrens"], r["bovengrens"], int(r["n"]), float(r["n_effectief"] or 0))
            for r in (before, row)
        ]
        frame.at[i, "verandering"] = change_verdict(*[_clean(e) for e in estimates])
    return frame


def _clean(estimate: Estimate) -> Estimate:
    def value(x):
        return None if x is None or pd.isna(x) else float(x)

    return Estimate(value(estimate.value), value(estimate.lower), value(estimate.upper), estimate.n, estimate.n_eff)


def survey_results(answers: pd.DataFrame, results: pd.DataFrame, population: pd.DataFrame, min_n: int) -> pd.DataFrame:
    """Every published survey figure (see the module docstring), in OUTPUT_COLUMNS."""
    rows = from_answers(answers, population, min_n) + from_results(results, min_n)
    frame = pd.DataFrame(rows, columns=OUTPUT_COLUMNS)
    frame = frame.astype(
        {
            "vorige_meting": "object",
            "vorige_jaar": "Int64",
            "vorige_n": "Int64",
            "vorige_waarde": "Float64",
            "verandering": "object",
            "gewogen": "boolean",
            "verborgen": "boolean",
        }
    )
    frame = with_changes(frame) if not frame.empty else frame
    for column in ("n", "jaar", "min_n"):
        frame[column] = frame[column].astype("Int64")
    for column in ("n_effectief", "waarde", "ondergrens", "bovengrens"):
        frame[column] = frame[column].astype("Float64")
    # A hidden figure holds nothing but its n and the reason (and never a weighted n, which leaks a spread).
    hidden = frame["verborgen"].fillna(False).astype(bool)
    frame.loc[hidden, ["n_effectief", "waarde", "ondergrens", "bovengrens", "vorige_waarde"]] = pd.NA
    return frame[OUTPUT_COLUMNS]
