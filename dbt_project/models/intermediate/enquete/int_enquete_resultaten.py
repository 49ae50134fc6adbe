"""Survey figures per kern, gemeente and Nederland (docs/enquetes.md): n, value with 95% interval, gewogen or
ongewogen, the change since the previous measurement, and below enquete_min_n no value but the reason.

A Python model because raking (iterative weighting to the kern's CBS age and sex margins) and the t and Wilson
intervals are plain, hand-checkable Python in ingest/enquete_stats.py (unit-tested there); respondent rows are read
here and only aggregates come out.
"""

from duckdb import ColumnExpression, ConstantExpression

from ingest.enquete_results import AGE_MEASURES, SEX_MEASURES, survey_results


def model(dbt, session):
    dbt.config(materialized="table")
    answers = dbt.ref("stg_exports__enquete").df()
    results = dbt.ref("stg_exports__enquete_resultaten").df()
    settings = dbt.ref("stg_exports__enquete_instellingen").df()  # (dbt finds a ref only as a plain call)
    min_n = int(settings["min_n"].iloc[0])
    # The weighting margins of the gemeenten with answers only, picked in DuckDB: all kern figures of all of NL
    # are 1,9 million rows, which made this model 4,7 s of a national refresh when read whole into pandas.
    measures = sorted(set(AGE_MEASURES.values()) | set(SEX_MEASURES.values()))
    gemeenten = sorted(answers["gemeentecode"].dropna().unique())
    population = (
        dbt.ref("int_kwb_kern_aggregated")
        .filter(_one_of("measure", measures) & _one_of("gemeentecode", gemeenten))
        .project("gemeentecode, kern, year, measure, value")
        .df()
    )
    return survey_results(answers, results, population, min_n)


def _one_of(column: str, values: list[str]):  # noqa: ANN202 - a DuckDB expression
    """`column in values` as a DuckDB expression (the values bound as constants, never spliced into SQL text); no
    values: no rows."""
    if not values:
        return ConstantExpression(False)
    return ColumnExpression(column).isin(*(ConstantExpression(str(value)) for value in values))
