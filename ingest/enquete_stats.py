"""Statistics of resident surveys per kern: n, means with a t interval, shares with a Wilson interval, raking
weights to the kern's CBS age and sex distribution, the change between measurements, and the threshold below
which nothing is shown (with secondary suppression, so a hidden kern cannot be found by subtraction).

Plain Python (no pandas, no scipy), so every number can be checked by hand; the dbt model
int_enquete_resultaten applies these to the respondent rows. The method is documented in docs/enquetes.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

Z95 = 1.959963984540054  # the 97,5% quantile of the standard normal distribution
# A measurement whose n is below this share of the previous one's is not comparable with it (Buren's own staff
# survey: 51 -> 16 respondents, which its evaluation called too few to compare).
COMPARABLE_SHARE = 0.5
# Raking: at most this many rounds (two margins converge in a few), and weights trimmed to this range (relative to
# the mean weight 1) so that one respondent never counts for a crowd.
RAKE_ROUNDS = 50
RAKE_TOLERANCE = 1e-9
WEIGHT_MIN, WEIGHT_MAX = 0.2, 5.0


# The 97,5% quantile of Student's t for 1-30 degrees of freedom (the printed tables, to 7 decimals): below df = 3
# no short expansion is close (Cornish-Fisher gives 11,30 at df 1 where the table says 12,71).
T_TABLE_975 = (
    12.7062047, 4.3026527, 3.1824463, 2.7764451, 2.5705818, 2.4469119, 2.3646243, 2.3060041, 2.2621572, 2.2281389,
    2.2009852, 2.1788128, 2.1603687, 2.1447867, 2.1314495, 2.1199053, 2.1098156, 2.1009220, 2.0930241, 2.0859634,
    2.0796138, 2.0738731, 2.0686576, 2.0638986, 2.0595386, 2.0555294, 2.0518305, 2.0484071, 2.0452296, 2.0422725,
)  # fmt: skip


def t_quantile_975(df: float) -> float:
    """The 97,5% quantile of Student's t with `df` degrees of freedom: the table for df 1-30 (a fractional df, from
    a weighted effective n, interpolated in 1/df between its neighbours), above 30 the Cornish-Fisher expansion
    around the normal (within 0,001 of the tables there: 1,984 at df 100). Below df = 1: NaN (no interval)."""
    if df < 1:
        return math.nan
    if df <= len(T_TABLE_975):
        low = math.floor(df)
        if low == df:
            return T_TABLE_975[low - 1]
        high = low + 1
        share = (1 / low - 1 / df) / (1 / low - 1 / high)
        return T_TABLE_975[low - 1] + share * (T_TABLE_975[high - 1] - T_TABLE_975[low - 1])
    z = Z95
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    return z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4


@dataclass(frozen=True)
class Estimate:
    """One figure with its 95% interval; n = respondents who answered, n_eff = Kish's effective n (= n unweighted)."""

    value: float | None
    lower: float | None
    upper: float | None
    n: int
    n_eff: float


def effective_n(weights: Sequence[float]) -> float:
    """Kish: (sum w)^2 / sum w^2; equal weights give n."""
    total = sum(weights)
    squares = sum(w * w for w in weights)
    return total * total / squares if squares else 0.0


def mean_interval(values: Sequence[float], weights: Sequence[float] | None = None) -> Estimate:
    """Mean with a 95% t interval: mean +- t(n_eff - 1) * s / sqrt(n_eff), s the (weighted) standard deviation."""
    n = len(values)
    if n == 0:
        return Estimate(None, None, None, 0, 0.0)
    w = list(weights) if weights is not None else [1.0] * n
    total = sum(w)
    mean = sum(x * wi for x, wi in zip(values, w, strict=True)) / total
    n_eff = effective_n(w)
    if n < 2 or n_eff < 2:  # below one degree of freedom a t interval is not defined
        return Estimate(mean, None, None, n, n_eff)
    variance = sum(wi * (x - mean) ** 2 for x, wi in zip(values, w, strict=True)) / total * n_eff / (n_eff - 1)
    half = t_quantile_975(n_eff - 1) * math.sqrt(variance / n_eff)
    return Estimate(mean, mean - half, mean + half, n, n_eff)


def wilson(share: float, n: float, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a share (0..1) from n answers (n may be an effective n)."""
    if n <= 0:
        return math.nan, math.nan
    denominator = 1 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z * math.sqrt(share * (1 - share) / n + z * z / (4 * n * n)) / denominator
    return centre - half, centre + half


def share_interval(hits: Sequence[bool], weights: Sequence[float] | None = None) -> Estimate:
    """Share (in %) of the answers that agree (or say yes), with a Wilson interval on n_eff."""
    n = len(hits)
    if n == 0:
        return Estimate(None, None, None, 0, 0.0)
    w = list(weights) if weights is not None else [1.0] * n
    share = sum(wi for hit, wi in zip(hits, w, strict=True) if hit) / sum(w)
    n_eff = effective_n(w)
    lower, upper = wilson(share, n_eff)
    return Estimate(100 * share, 100 * lower, 100 * upper, n, n_eff)


def share_from_result(percentage: float, n: int) -> Estimate:
    """A share delivered per kern (results shape): its Wilson interval from the delivered n."""
    lower, upper = wilson(percentage / 100, n)
    return Estimate(percentage, 100 * lower, 100 * upper, n, float(n))


def mean_from_result(mean: float, sd: float | None, n: int) -> Estimate:
    """A mean delivered per kern: a t interval when the standard deviation is given, else none."""
    if sd is None or n < 2:
        return Estimate(mean, None, None, n, float(n))
    half = t_quantile_975(n - 1) * sd / math.sqrt(n)
    return Estimate(mean, mean - half, mean + half, n, float(n))


def rake(
    respondents: Sequence[tuple[str | None, str | None]],
    age_targets: Mapping[str, float],
    sex_targets: Mapping[str, float],
) -> list[float] | None:
    """Weights (mean 1) that make the respondents' age groups and sexes match the kern's (iterative proportional
    fitting on the two margins: CBS publishes age groups and sex per buurt, not sex per age group).

    A respondent without age group or sex, or in a group the targets do not hold, keeps weight 1. A target group
    without any respondent cannot be weighted up: it is left out (the other groups share its part), as small kernen
    often have no respondent under 25. None when weighting is not possible (no respondent with age and sex, or one
    margin left with a single group): then the figure is ongewogen.
    """
    known = [i for i, (age, sex) in enumerate(respondents) if age in age_targets and sex in sex_targets]
    ages = {respondents[i][0] for i in known}
    sexes = {respondents[i][1] for i in known}
    age_targets = {g: t for g, t in age_targets.items() if g in ages and t > 0}
    sex_targets = {g: t for g, t in sex_targets.items() if g in sexes and t > 0}
    known = [i for i in known if respondents[i][0] in age_targets and respondents[i][1] in sex_targets]
    if not known or len(age_targets) < 2 or len(sex_targets) < 2:
        return None
    # The same iterative proportional fitting as written out per respondent, on arrays: a kern's few dozen
    # respondents are raked per question, about 400 times per refresh of the demo.
    weights = np.ones(len(known))
    margins = []
    for margin, targets in ((0, age_targets), (1, sex_targets)):
        groups = list(targets)
        index = np.array([groups.index(respondents[i][margin]) for i in known])
        share = np.array([targets[g] for g in groups]) / sum(targets.values())
        margins.append((index, share))
    for _ in range(RAKE_ROUNDS):
        change = 0.0
        for index, share in margins:
            sums = np.bincount(index, weights=weights, minlength=len(share))
            factor = share[index] / (sums[index] / weights.sum())
            change = max(change, float(np.abs(factor - 1).max()))
            weights = weights * factor
            weights = np.clip(weights / weights.mean(), WEIGHT_MIN, WEIGHT_MAX)
        if change < RAKE_TOLERANCE:
            break
    result = [1.0] * len(respondents)
    for i, w in zip(known, weights.tolist(), strict=True):
        result[i] = w
    return result


def change_verdict(earlier: Estimate, later: Estimate) -> str | None:
    """Whether the change between two measurements is larger than their margins allow (95%, the two intervals
    combined as independent normal errors); None when either figure has no interval."""
    if None in (earlier.value, later.value, earlier.lower, earlier.upper, later.lower, later.upper):
        return None
    se_earlier = (earlier.upper - earlier.lower) / (2 * Z95)
    se_later = (later.upper - later.lower) / (2 * Z95)
    margin = Z95 * math.sqrt(se_earlier**2 + se_later**2)
    if abs(later.value - earlier.value) > margin:
        return "verschil groter dan de marge"
    return "verschil valt binnen de marge"


def comparable(n_earlier: int, n_later: int) -> bool:
    """A measurement with much lower response than the previous one is not comparable with it."""
    return n_later >= COMPARABLE_SHARE * n_earlier


def hidden_kernen(counts: Mapping[str, int], min_n: int, others: int = 0) -> dict[str, str]:
    """Which kernen show no figure, and why, for one question of one measurement in one gemeente.

    A kern with fewer than min_n answers is hidden ("te weinig respondenten (n = 7)"). Because the gemeente figure
    is shown, the hidden kernen together (with `others`: answers of the gemeente in no kern) must hold at least
    min_n answers, or gemeente minus the shown kernen would reveal them: then the smallest shown kernen are hidden
    too ("niet getoond: ...") until they do. A group of kernen is made from shown kern figures only.
    """
    hidden = {k: f"te weinig respondenten (n = {n})" for k, n in counts.items() if n < min_n}
    residual = sum(counts[k] for k in hidden) + others
    shown = sorted((n, k) for k, n in counts.items() if k not in hidden)
    while 0 < residual < min_n and shown:
        n, kern = shown.pop(0)
        hidden[kern] = (
            f"niet getoond (n = {n}): anders is een kern met te weinig respondenten af te leiden uit het gemeentecijfer"
        )
        residual += n
    return hidden


def gemeente_hidden(total: int, min_n: int) -> str | None:
    """The gemeente figure itself follows the same threshold."""
    return f"te weinig respondenten (n = {total})" if total < min_n else None
