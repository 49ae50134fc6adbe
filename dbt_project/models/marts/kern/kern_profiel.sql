-- One row per kern and indicator for the latest year that has a value: what a kern profile shows first.
with indicators as not materialized (
    select * from {{ ref('kern_indicators') }}
),

-- The year shown: the latest with a value, else the latest. Picked on the keys alone and the rows joined to it
-- afterwards (a window over all of NL's 3,2 million rows with every column took 3,4 s).
latest as (
    select
        gemeentecode,
        kern,
        indicator_id,
        coalesce(max(jaar) filter (where waarde is not null), max(jaar)) as jaar
    from indicators
    group by gemeentecode, kern, indicator_id
),

final as (
    select
        indicators.gemeentecode,
        indicators.gemeentenaam,
        indicators.kern,
        indicators.indicator_id,
        indicators.label,
        indicators.thema,
        indicators.programma,
        indicators.eenheid,
        indicators.richting,
        indicators.decimalen,
        indicators.jaar,
        indicators.waarde,
        indicators.dekking,
        indicators.status,
        indicators.synthetisch,
        indicators.gemeente_waarde,
        indicators.gemeente_synthetisch,
        indicators.nederland_waarde,
        indicators.rang,
        indicators.rang_van,
        indicators.vorig_jaar_waarde,
        indicators.bron,
        indicators.bron_tabel,
        indicators.bron_revisie
    from indicators
    inner join latest
        on
            indicators.gemeentecode = latest.gemeentecode
            and indicators.kern = latest.kern
            and indicators.indicator_id = latest.indicator_id
            and indicators.jaar = latest.jaar
)

-- Stored in gemeente order (publish copies it as it is): the dashboard asks per gemeente, and DuckDB then reads
-- only that gemeente's row groups (all of NL: 1 of 26).
select * from final
order by gemeentecode
