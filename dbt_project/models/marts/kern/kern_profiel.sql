-- One row per kern and indicator for the latest year that has a value: what a kern profile shows first.
with indicators as (
    select * from {{ ref('kern_indicators') }}
),

latest as (
    select
        *,
        row_number() over (partition by gemeentecode, kern, indicator_id order by (waarde is null), jaar desc) as nr
    from indicators
),

final as (
    select
        gemeentecode,
        gemeentenaam,
        kern,
        indicator_id,
        label,
        thema,
        programma,
        eenheid,
        richting,
        decimalen,
        jaar,
        waarde,
        dekking,
        status,
        synthetisch,
        gemeente_waarde,
        gemeente_synthetisch,
        nederland_waarde,
        rang,
        rang_van,
        vorig_jaar_waarde,
        bron,
        bron_tabel,
        bron_revisie
    from latest
    where nr = 1
)

-- Stored in gemeente order (publish copies it as it is): the dashboard asks per gemeente, and DuckDB then reads
-- only that gemeente's row groups (all of NL: 1 of 26).
select * from final
order by gemeentecode
