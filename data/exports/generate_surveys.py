"""Generate the fictional example resident surveys in this folder (seeded: the same files on every run).

    .venv/bin/python data/exports/generate_surveys.py [OUTPUT_DIR]

- VOORBEELD_West-Betuwe_burgerpeiling_2019-2023.csv and VOORBEELD_Buren_burgerpeiling_2019-2023.csv: answers per
  respondent (the Waar staat je gemeente burgerpeiling type), two measurements (2019 and 2023). Respondents per
  kern follow the kern's real 2024 inhabitants at a low response rate, so the smallest kernen stay below
  enquete_min_n; older residents answer more often than young ones (so weighting matters). West Betuwe's file
  names the kern, Buren's the buurtcode (the kern follows from the kern mapping). Both have a Postcode column (a
  personal column: dropped when read) and an open question (free text: dropped when read). Buren's score on
  "the gemeente involves residents" is drawn around its real 2019 figure (6,0) and the 2023 goal's direction.
- VOORBEELD_Buren_huishoudenenquete_pilot_2019.csv: results per kern of a fictional household questionnaire in
  Buren's pilot kernen (Ingen, Ravenswaaij, Zoelen) and spiegelkernen (Maurik, Kerk-Avezaath, Ommeren).
- VOORBEELD_GM0214_Buren_burgerpeiling_benchmark.csv: the Nederland benchmark rows (2019: 6,1 as Buren's own
  evaluation reports; 2023 invented).

Every answer, respondent number, postcode and text is invented; a few rows are wrong on purpose (so the demo shows
rejected rows).
"""

from __future__ import annotations

import csv
import random
import sys
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
MAPPING = HERE.parent / "kernen" / "kern_buurt.csv"
POPULATION = HERE.parent / "cbs" / "kwb2024_85984NED_buurt_bevolking_herkomst_GM1960_GM0214.csv"
SEED = 20231016
WEST_BETUWE, BUREN = "GM1960", "GM0214"
NAMES = {WEST_BETUWE: "West-Betuwe", BUREN: "Buren"}
MEASUREMENTS = (("Burgerpeiling 2019", "15-10-2019", 2019), ("Burgerpeiling 2023", "16-10-2023", 2023))
# Respondents per inhabitant: about 1 in 55, so a kern of fewer than ~500 inhabitants has fewer than 10.
RESPONSE_RATE = 0.018
# Zoelen's response fell sharply in 2023 (so its change is flagged "niet vergelijkbaar").
RATE_FACTOR = {("Zoelen", 2023): 0.3}
AGE_GROUPS = ("18-24", "25-44", "45-64", "65+")
# Older residents answer more often: the respondents' age mix differs from the population's.
AGE_PROPENSITY = {"18-24": 0.4, "25-44": 0.8, "45-64": 1.2, "65+": 1.6}
AGE_COLUMNS = {"18-24": "a_15_24", "25-44": "a_25_44", "45-64": "a_45_64", "65+": "a_65_oo"}
PILOT = ("Ingen", "Ravenswaaij", "Zoelen")
SPIEGEL = ("Maurik", "Kerk-Avezaath", "Ommeren")
QUESTIONS = (
    (
        "betrekt_inwoners",
        "Welk rapportcijfer geeft u de gemeente voor hoe zij inwoners bij haar beleid betrekt?",
        "participatie",
        "rapportcijfer",
    ),
    ("leefbaarheid_kern", "Welk rapportcijfer geeft u de leefbaarheid in uw kern?", "leefbaarheid", "rapportcijfer"),
    ("gehoord", "Ik voel me gehoord door de gemeente", "participatie", "eens_oneens"),
    ("vrijwilligerswerk", "Heeft u het afgelopen jaar vrijwilligerswerk gedaan?", "participatie", "ja_nee"),
    ("vervoer_supermarkt", "Hoe gaat u meestal naar de supermarkt?", "voorzieningen", "keuze"),
    ("toelichting", "Wilt u uw antwoorden toelichten?", "participatie", "open"),
)
AGREE = ("helemaal mee oneens", "mee oneens", "neutraal", "mee eens", "helemaal mee eens")
TRANSPORT = ("lopend", "fiets", "auto", "bus of buurtbus", "laat bezorgen")
FREE_TEXT = (
    "VOORBEELD: na de dorpsavond hoorden we niets meer terug",
    "VOORBEELD: fijn dat de kernambtenaar vaker langskomt",
    "VOORBEELD: de aanvraag voor het leefbaarheidsbudget was veel werk",
    "VOORBEELD: meer busverbindingen naar de grotere kernen graag",
)


def kern_population() -> dict[str, dict[str, dict[str, int]]]:
    """gemeentecode -> kern -> {inwoners, mannen, per age group}, from the real 2024 buurt figures."""
    with MAPPING.open(encoding="utf-8") as fh:
        kern_of = {row["buurtcode"]: (row["gemeentecode"], row["kern"]) for row in csv.DictReader(fh)}
    result: dict[str, dict[str, dict[str, int]]] = defaultdict(lambda: defaultdict(lambda: defaultdict(int)))
    with POPULATION.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            if row["gwb_code"] not in kern_of:
                continue
            gemeente, kern = kern_of[row["gwb_code"]]
            counts = result[gemeente][kern]
            counts["inwoners"] += int(row["a_inw"] or 0)
            counts["mannen"] += int(row["a_man"] or 0)
            counts["vrouwen"] += int(row["a_vrouw"] or 0)
            for group, column in AGE_COLUMNS.items():
                counts[group] += int(row[column] or 0)
    return result


def buurten_of() -> dict[str, list[str]]:
    found: dict[str, list[str]] = defaultdict(list)
    with MAPPING.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            found[row["kern"]].append(row["buurtcode"])
    return found


def draw_rating(rng: random.Random, centre: float) -> int:
    return max(1, min(10, round(rng.gauss(centre, 1.4))))


def respondent_rows(rng: random.Random, gemeente: str, counts: dict, kern: str, year: int, number: int) -> list:
    """The answers of one respondent (one row per question)."""
    weights = [counts[g] * AGE_PROPENSITY[g] for g in AGE_GROUPS]
    age = rng.choices(AGE_GROUPS, weights=weights)[0]
    sex = "man" if rng.random() < counts["mannen"] / max(counts["inwoners"], 1) * 0.9 else "vrouw"
    older = 0.4 if age in ("45-64", "65+") else -0.3
    involve = (5.8 if gemeente == BUREN else 6.2) + older + (0.6 if year == 2023 else 0.0)
    if kern in PILOT and year == 2023:
        involve += 0.5
    answers = {
        "betrekt_inwoners": str(draw_rating(rng, involve)),
        "leefbaarheid_kern": str(draw_rating(rng, 7.3 + older / 2)),
        "gehoord": AGREE[max(0, min(4, round(rng.gauss(2.0 + older + (0.4 if year == 2023 else 0), 1.0))))],
        "vrijwilligerswerk": "ja" if rng.random() < (0.45 if age == "65+" else 0.3) else "nee",
        "vervoer_supermarkt": rng.choices(TRANSPORT, weights=(2, 3, 6, 1, 1))[0],
        "toelichting": rng.choice(FREE_TEXT) if rng.random() < 0.3 else "",
    }
    if rng.random() < 0.05:
        answers["gehoord"] = "weet niet"
    return [(question, answers[question], age, sex) for question, *_ in QUESTIONS]


def burgerpeiling(rng: random.Random, gemeente: str, population: dict, buurten: dict) -> list[list[str]]:
    header = [
        "Meting",
        "Datum meting",
        "Respondent",
        "Kern" if gemeente == WEST_BETUWE else "Buurtcode",
        "Postcode",
        "Vraag-id",
        "Vraag",
        "Thema",
        "Schaal",
        "Antwoord",
        "Leeftijdsgroep",
        "Geslacht",
    ]
    rows = [[f"VOORBEELD - fictieve burgerpeiling {NAMES[gemeente]} (antwoorden per respondent)"], header]
    texts = {q: (text, theme, scale) for q, text, theme, scale in QUESTIONS}
    number = 0
    for name, datum, year in MEASUREMENTS:
        for kern in sorted(population[gemeente]):
            counts = population[gemeente][kern]
            expected = counts["inwoners"] * RESPONSE_RATE * RATE_FACTOR.get((kern, year), 1.0)
            respondents = max(0, round(rng.gauss(expected, expected**0.5 / 2)))
            for _ in range(respondents):
                number += 1
                place = kern if gemeente == WEST_BETUWE else rng.choice(buurten[kern])
                postcode = f"{rng.randint(4000, 4199)} {rng.choice('ABCDEGHJKLMNPRST')}{rng.choice('ABCDEGHJKLMNPRST')}"
                for question, answer, age, sex in respondent_rows(rng, gemeente, counts, kern, year, number):
                    text, theme, scale = texts[question]
                    rows.append(
                        [name, datum, f"R{number:05d}", place, postcode, question, text, theme, scale, answer, age, sex]
                    )
    # Wrong on purpose: a rating of 11, and a kern (or buurtcode) that is not in the gemeente.
    wrong = rows[2][:]  # the first respondent's rating
    wrong[2], wrong[9] = "R99001", "11"
    rows.append(wrong)
    wrong = rows[6][:]
    wrong[2], wrong[3] = "R99002", "Atlantis" if gemeente == WEST_BETUWE else "BU99999999"
    rows.append(wrong)
    return rows


def household() -> list[list[str]]:
    """Results per kern of Buren's (fictional) household questionnaire in the pilot and spiegel kernen."""
    header = [
        "Meting",
        "Datum meting",
        "Kern",
        "Vraag-id",
        "Vraag",
        "Thema",
        "Schaal",
        "Aantal respondenten",
        "Gemiddelde",
        "Standaardafwijking",
        "Aandeel eens",
    ]
    rows = [
        ["VOORBEELD - fictieve huishoudenenquête pilot kerngericht werken Buren 2019 (resultaten per kern)"],
        header,
    ]
    name, datum = "Huishoudenenquête pilot kerngericht werken (nulmeting)", "01-06-2019"
    n = {"Ingen": 58, "Ravenswaaij": 8, "Zoelen": 41, "Maurik": 96, "Kerk-Avezaath": 47, "Ommeren": 39}
    rng = random.Random(SEED + 1)
    for kern in (*PILOT, *SPIEGEL):
        rows.append(
            [
                name,
                datum,
                kern,
                "weet_waar_terecht",
                "Ik weet bij wie ik in de gemeente terecht kan met vragen over mijn kern",
                "participatie",
                "eens_oneens",
                str(n[kern]),
                f"{rng.uniform(2.6, 3.4):.2f}".replace(".", ","),
                f"{rng.uniform(0.9, 1.2):.2f}".replace(".", ","),
                f"{rng.uniform(30, 50):.1f}".replace(".", ","),
            ]
        )
        rows.append(
            [
                name,
                datum,
                kern,
                "terugkoppeling",
                "Na een bijeenkomst hoorde ik terug wat er met mijn inbreng gebeurde",
                "participatie",
                "ja_nee",
                str(n[kern] - 2),
                "",
                "",
                f"{rng.uniform(15, 35):.1f}".replace(".", ","),
            ]
        )
    return rows


def benchmark() -> list[list[str]]:
    header = [
        "Meting",
        "Datum meting",
        "Gebied",
        "Vraag-id",
        "Vraag",
        "Thema",
        "Schaal",
        "Aantal respondenten",
        "Gemiddelde",
    ]
    text = "Welk rapportcijfer geeft u de gemeente voor hoe zij inwoners bij haar beleid betrekt?"
    return [
        ["VOORBEELD - benchmark Nederland bij de burgerpeiling (2019: 6,1 uit de evaluatie van Buren; 2023 verzonnen)"],
        header,
        [
            "Burgerpeiling 2019",
            "15-10-2019",
            "Nederland",
            "betrekt_inwoners",
            text,
            "participatie",
            "rapportcijfer",
            "25000",
            "6,1",
        ],
        [
            "Burgerpeiling 2023",
            "16-10-2023",
            "Nederland",
            "betrekt_inwoners",
            text,
            "participatie",
            "rapportcijfer",
            "25000",
            "6,2",
        ],
    ]


def write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh, delimiter=";", lineterminator="\n").writerows(rows)


def main(out: Path) -> None:
    rng = random.Random(SEED)
    population = kern_population()
    buurten = buurten_of()
    for gemeente in (WEST_BETUWE, BUREN):
        write(
            out / f"VOORBEELD_{NAMES[gemeente]}_burgerpeiling_2019-2023.csv",
            burgerpeiling(rng, gemeente, population, buurten),
        )
    write(out / "VOORBEELD_Buren_huishoudenenquete_pilot_2019.csv", household())
    write(out / "VOORBEELD_GM0214_Buren_burgerpeiling_benchmark.csv", benchmark())


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE)
