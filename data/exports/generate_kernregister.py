"""Generate the fictional example kernregisters in this folder (no randomness: the same bytes on every run).

    .venv/bin/python data/exports/generate_kernregister.py [OUTPUT_DIR]

A kernregister says who works for each kern (West Betuwe: seven gebiedsmakelaars, each for a set of kernen
chosen by location; Buren: kernambtenaren) and how its residents are organised (platforms of several forms).
Every name, platform, website, e-mail address and phone number here is invented and labelled VOORBEELD; the
websites end in .example and the e-mail addresses in .invalid. The files carry personal columns (contact person,
e-mail, phone) that kernmonitor drops when reading, and two wrong rows each, so the demo shows a rejected row.
"""

from __future__ import annotations

import csv
import io
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
WEST_BETUWE_FILE = "VOORBEELD_West-Betuwe_kernregister_2024.csv"
BUREN_FILE = "VOORBEELD_Buren_kernregister_2024.csv"

# West Betuwe: seven gebiedsmakelaars, each for the kernen of one area (26 kernen in all).
WEST_BETUWE = {
    "A. de Vries (VOORBEELD)": ("Geldermalsen", "Meteren", "Tricht", "Buurmalsen"),
    "B. Bakker (VOORBEELD)": ("Beesd", "Rumpt", "Acquoy", "Rhenoy", "Gellicum"),
    "C. Smit (VOORBEELD)": ("Asperen", "Heukelum", "Spijk", "Vuren"),
    "D. Visser (VOORBEELD)": ("Herwijnen", "Hellouw", "Haaften", "Tuil"),
    "E. Mulder (VOORBEELD)": ("Waardenburg", "Neerijnen", "Opijnen"),
    "F. de Boer (VOORBEELD)": ("Varik", "Heesselt", "Ophemert"),
    "G. Bos (VOORBEELD)": ("Deil", "Enspijk", "Est"),
}
# Buren: four kernambtenaren over its 15 kernen.
BUREN = {
    "H. Peters (VOORBEELD)": ("Buren", "Asch", "Erichem", "Zoelmond"),
    "I. Hendriks (VOORBEELD)": ("Maurik", "Eck en Wiel", "Rijswijk", "Ravenswaaij"),
    "J. Dekker (VOORBEELD)": ("Lienden", "Ingen", "Ommeren"),
    "K. Brouwer (VOORBEELD)": ("Beusichem", "Zoelen", "Kerk-Avezaath", "Aalst"),
}
WEST_BETUWE_FORMS = {  # the platform form per kern; a kern not named has a dorpsplatform
    "Meteren": "dorpstafel",
    "Tricht": "dorpstafel",
    "Waardenburg": "dorpsraad",
    "Haaften": "dorpsraad",
    "Varik": "dorpsraad",
    "Enspijk": "werkgroep",
    "Acquoy": "werkgroep",
}
WEST_BETUWE_NO_PLATFORM = ("Gellicum", "Est", "Spijk")
WEST_BETUWE_EXTRA = {"Geldermalsen": ("Werkgroep Groen Geldermalsen", "werkgroep")}
BUREN_SIGNALERING = ("Lienden", "Maurik", "Beusichem", "Buren", "Zoelen")
BUREN_PILOT = ("Ingen", "Ravenswaaij", "Zoelen")  # the pilot kernen of 2019-2020 (SEED_FACTS)
PEOPLE = ("Jan Voorbeeld", "Anna Proefpersoon", "Piet Fictief", "Els Testdorp", "Kees Verzonnen", "Mira Nepnaam")


def _slug(text: str) -> str:
    return "".join(ch if ch.isalnum() else "-" for ch in text.lower()).strip("-")


def _contact(n: int) -> tuple[str, str, str]:
    name = PEOPLE[n % len(PEOPLE)]
    return name, f"{_slug(name)}@voorbeeld.invalid", f"06-{10000000 + 7919 * n:08d}"


def west_betuwe_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    n = 0
    for werknaam, kernen in WEST_BETUWE.items():
        for i, kern in enumerate(kernen):
            since = 2021 + (i + len(werknaam)) % 3
            platforms = []
            if kern not in WEST_BETUWE_NO_PLATFORM:
                form = WEST_BETUWE_FORMS.get(kern, "dorpsplatform")
                platforms.append((f"{form.capitalize()} {kern}", form))
            if kern in WEST_BETUWE_EXTRA:
                platforms.append(WEST_BETUWE_EXTRA[kern])
            for name, form in platforms or [("", "")]:
                person, mail, phone = _contact(n) if name else ("", "", "")
                site = f"www.{_slug(name)}.example" if name and n % 3 == 0 else ""
                rows.append([kern, "Gebiedsmakelaar", werknaam, name, form, since, site, person, mail, phone])
                n += 1
    # Wrong on purpose: a kern of Buren, and an e-mail address where the work name belongs (rejected, not shown).
    rows.append(
        ["Kerk-Avezaath", "Gebiedsmakelaar", "G. Bos (VOORBEELD)", "Dorpsplatform Kerk-Avezaath", "dorpsplatform"]
        + [2022, "", "", "", ""]
    )
    rows.append(
        ["Deil", "Gebiedsmakelaar", "g.bos@westbetuwe.invalid", "Werkgroep Deil Duurzaam", "werkgroep"]
        + [2022, "", "Kees Verzonnen", "", ""]
    )
    return rows


def buren_rows() -> list[list[object]]:
    rows: list[list[object]] = []
    n = 0
    for werknaam, kernen in BUREN.items():
        for kern in kernen:
            since = 2019 if kern in BUREN_PILOT else 2021
            platforms = [(f"Dorpsbelang {kern}", "dorpsbelangen")]
            if kern in BUREN_SIGNALERING:
                platforms.append((f"Signaleringsgroep {kern}", "signaleringsgroep"))
            for name, form in platforms:
                person, mail, phone = _contact(n)
                site = f"https://{_slug(name)}.example/" if form == "dorpsbelangen" and n % 2 == 0 else ""
                rows.append([kern, "kernambtenaar", werknaam, name, form, since, site, person, phone, mail])
                n += 1
    # Wrong on purpose: a form that is not a platform form, and a second kernambtenaar for Lienden.
    rows.append(["Maurik", "kernambtenaar", "I. Hendriks (VOORBEELD)", "Stichting Oranjefeest Maurik", "stichting"])
    rows[-1] += [2021, "", "Piet Fictief", "", ""]
    rows.append(["Lienden", "kernambtenaar", "K. Brouwer (VOORBEELD)", "Werkgroep Lienden Groen", "werkgroep"])
    rows[-1] += [2021, "", "Els Testdorp", "", ""]
    return rows


def _csv(rows: list[list[object]], delimiter: str) -> str:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    return buffer.getvalue()


def main(out_dir: Path = HERE) -> list[Path]:
    out_dir.mkdir(parents=True, exist_ok=True)
    west = out_dir / WEST_BETUWE_FILE
    header = [
        "Kern",
        "Functie",
        "Gebiedsmakelaar",
        "Naam platform",
        "Vorm platform",
        "Kernagenda sinds",
        "Website",
        "Contactpersoon platform",
        "E-mail contactpersoon",
        "Telefoon",
    ]
    title = [["VOORBEELD - kernregister West Betuwe (fictief), stand december 2024"], []]
    west.write_text(_csv([*title, header, *west_betuwe_rows()], ";"), encoding="utf-8")
    buren = out_dir / BUREN_FILE
    header = [
        "Dorp",
        "Rol gemeente",
        "Kernambtenaar",
        "Platform",
        "Soort organisatie",
        "Jaar kernagenda",
        "Site",
        "Contactpersoon",
        "Mobiel",
        "Mailadres",
    ]
    buren.write_text(_csv([header, *buren_rows()], ","), encoding="utf-8-sig")
    return [west, buren]


if __name__ == "__main__":
    for path in main(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(path)
