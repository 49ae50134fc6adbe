"""Survey statistics against hand-computed values (no pipeline): mean with t interval, Wilson interval, raking
weights and the weighted mean, the change verdict, comparability, and the threshold with secondary suppression."""

from __future__ import annotations

import math

import pandas as pd
import pytest

from ingest.enquete_results import survey_results
from ingest.enquete_stats import (
    Estimate,
    change_verdict,
    comparable,
    hidden_kernen,
    mean_interval,
    rake,
    share_interval,
    t_quantile_975,
    wilson,
)


@pytest.mark.parametrize(("df", "table"), [(4, 2.776), (9, 2.262), (29, 2.045), (100, 1.984)])
def test_t_quantile_matches_the_table(df, table):
    assert t_quantile_975(df) == pytest.approx(table, abs=1e-3)


def test_mean_with_t_interval_by_hand():
    # 6, 7, 8, 5, 9: mean 7, s = sqrt(10 / 4) = 1,5811, se = s / sqrt(5) = 0,7071, t(4) = 2,776 -> 7 +- 1,963
    estimate = mean_interval([6, 7, 8, 5, 9])
    assert estimate.value == pytest.approx(7.0)
    assert estimate.lower == pytest.approx(7 - 2.776 * 0.70711, abs=2e-3)
    assert estimate.upper == pytest.approx(7 + 2.776 * 0.70711, abs=2e-3)
    assert estimate.n == 5


def test_wilson_interval_by_hand():
    # 8 of 10 agree: centre (0,8 + 1,96^2/20) / (1 + 1,96^2/10) = 0,7168; half 1,96 * sqrt(0,016 + 0,0096) / 1,3841
    lower, upper = wilson(0.8, 10)
    assert (lower, upper) == pytest.approx((0.4902, 0.9433), abs=1e-4)
    estimate = share_interval([True] * 8 + [False] * 2)
    assert (estimate.value, estimate.lower, estimate.upper) == pytest.approx((80.0, 49.02, 94.33), abs=1e-2)


def test_weighted_mean_by_hand():
    # values 6, 8, 10 with weights 1, 1, 2: (6 + 8 + 20) / 4 = 8,5; Kish n_eff = 4^2 / 6 = 2,667
    estimate = mean_interval([6, 8, 10], [1, 1, 2])
    assert estimate.value == pytest.approx(8.5)
    assert estimate.n_eff == pytest.approx(16 / 6)


def test_raking_to_age_and_sex_margins_by_hand():
    # Sample cells (young/old x man/vrouw) = [[1, 1], [1, 2]], margins 50/50 both ways. Raking keeps the sample's odds
    # ratio (2): the fitted share of young men a solves a^2 / (0,5 - a)^2 = 2, a = 0,5 * sqrt2 / (1 + sqrt2).
    respondents = [("18-24", "man"), ("18-24", "vrouw"), ("65+", "man"), ("65+", "vrouw"), ("65+", "vrouw")]
    weights = rake(respondents, {"18-24": 500, "65+": 500}, {"man": 500, "vrouw": 500})
    a = 0.5 * math.sqrt(2) / (1 + math.sqrt(2))
    assert weights == pytest.approx([5 * a, 5 * (0.5 - a), 5 * (0.5 - a), 2.5 * a, 2.5 * a], abs=1e-6)
    # The weighted mean of 10, 6, 6, 8, 8 is then 7,757 (unweighted 7,6).
    assert mean_interval([10, 6, 6, 8, 8], weights).value == pytest.approx(7.7574, abs=1e-4)


def test_raking_is_impossible_without_age_or_sex():
    assert rake([(None, None), ("65+", None)], {"65+": 1, "18-24": 1}, {"man": 1, "vrouw": 1}) is None


def test_change_larger_than_the_margins_or_not():
    earlier = Estimate(6.0, 5.8, 6.2, 400, 400)
    assert change_verdict(earlier, Estimate(6.6, 6.4, 6.8, 400, 400)) == "verschil groter dan de marge"
    assert change_verdict(earlier, Estimate(6.1, 5.8, 6.4, 100, 100)) == "verschil valt binnen de marge"
    assert change_verdict(earlier, Estimate(6.1, None, None, 1, 1)) is None


def test_much_lower_response_is_not_comparable():
    assert not comparable(51, 16)  # Buren's staff survey, which its own evaluation called too few to compare
    assert comparable(51, 40)


def test_threshold_and_secondary_suppression():
    assert hidden_kernen({"A": 50, "B": 30, "C": 7, "D": 8}, 10) == {
        "C": "te weinig respondenten (n = 7)",
        "D": "te weinig respondenten (n = 8)",
    }  # together 15: gemeente minus A and B reveals no group below 10
    hidden = hidden_kernen({"A": 50, "B": 30, "C": 7}, 10)
    assert set(hidden) == {"C", "B"}  # C alone would be gemeente minus A and B: B (the smallest shown) goes too
    assert hidden["B"].startswith("niet getoond (n = 30)")
    assert hidden_kernen({"A": 50, "B": 30}, 10) == {}


def _answers(rows):
    frame = pd.DataFrame(rows, columns=["kern", "antwoord_getal"])
    return frame.assign(
        gemeentecode="GM0001",
        meting="Peiling 2023",
        datum=pd.Timestamp("2023-10-01"),
        jaar=2023,
        vraag_id="betrekt_inwoners",
        vraag="Cijfer",
        thema="participatie",
        schaal="rapportcijfer",
        respondent=[f"R{i}" for i in range(len(frame))],
        antwoord_keuze=None,
        leeftijdsgroep=None,
        geslacht=None,
        voorbeeld=False,
    )


def test_a_hidden_kern_holds_no_value_and_cannot_be_subtracted():
    answers = _answers([("A", 7.0)] * 40 + [("B", 6.0)] * 12 + [("C", 2.0)] * 7)
    population = pd.DataFrame(columns=["gemeentecode", "kern", "year", "measure", "value"])
    results = survey_results(answers, pd.DataFrame(), population, 10).set_index("kern", drop=False)
    kernen = results[results["gebied_soort"] == "kern"]
    assert kernen.loc["C", "reden"] == "te weinig respondenten (n = 7)"
    assert kernen.loc["B", "reden"].startswith("niet getoond (n = 12)")  # else gemeente - A - B = C
    assert kernen.loc[["B", "C"], ["waarde", "ondergrens", "bovengrens", "n_effectief"]].isna().all().all()
    assert kernen.loc["A", "waarde"] == pytest.approx(7.0)
    gemeente = results[results["gebied_soort"] == "gemeente"].iloc[0]
    assert gemeente["n"] == 59 and gemeente["gewogen"] == False  # noqa: E712 - pandas boolean


def test_the_survey_generator_reproduces_the_shipped_examples(tmp_path):
    import importlib.util

    from kernmonitor.config import REPO_ROOT

    examples = REPO_ROOT / "data" / "exports"
    spec = importlib.util.spec_from_file_location("generate_surveys", examples / "generate_surveys.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    module.main(tmp_path)
    written = sorted(tmp_path.iterdir())
    assert len(written) == 4
    for path in written:
        assert path.read_bytes() == (examples / path.name).read_bytes(), path.name


@pytest.mark.parametrize(("df", "table"), [(1, 12.706), (2, 4.303), (3, 3.182), (30, 2.042)])
def test_t_quantile_is_the_table_for_few_degrees_of_freedom(df, table):
    assert t_quantile_975(df) == pytest.approx(table, abs=1e-3)
    assert t_quantile_975(1.5) > t_quantile_975(2) and math.isnan(t_quantile_975(0.5))


def test_respondents_outside_the_kernen_cannot_be_subtracted_from_the_gemeente_figure():
    areas = [("A", 50), ("B", 30), ("gemeente", 84)]  # 4 respondents in the buitengebied, in no kern
    results = pd.DataFrame(
        {
            "gemeentecode": "GM0001",
            "meting": "Peiling 2023",
            "datum": pd.Timestamp("2023-10-01"),
            "jaar": 2023,
            "vraag_id": "betrekt_inwoners",
            "vraag": "Cijfer",
            "thema": "participatie",
            "schaal": "rapportcijfer",
            "voorbeeld": False,
            "gebied": [a for a, _ in areas],
            "n": [n for _, n in areas],
            "gemiddelde": [7.0, 6.0, 6.5],
            "standaardafwijking": None,
            "aandeel": None,
        }
    )
    empty = pd.DataFrame(columns=["gemeentecode", "kern", "year", "measure", "value"])
    out = survey_results(_answers([]).iloc[0:0], results, empty, 10).set_index("kern")
    kernen = out[out["gebied_soort"] == "kern"]
    assert kernen.loc["B", "reden"].startswith("niet getoond (n = 30)")  # else gemeente - A - B = the 4 outside
    assert pd.isna(kernen.loc["B", "waarde"]) and kernen.loc["A", "waarde"] == pytest.approx(7.0)
