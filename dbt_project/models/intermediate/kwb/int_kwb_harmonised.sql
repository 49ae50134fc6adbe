-- All KWB years in one long table: one row per region, year and measure. Keys were resolved per table from
-- its own metadata at load time, so a measure means the same across years whatever its CBS key was.
-- Adds the derived count leeftijd_15_65 (the base of the grey pressure).
with kwb_values as (
    select * from {{ ref('stg_cbs__kwb_values') }}
),

working_age as (
    select
        table_id,
        year,
        region_code,
        region_level,
        region_name,
        gemeentecode,
        'leeftijd_15_65' as measure,
        'afgeleid' as source_key,
        sum(value) as value,
        case when count(value) = 3 then 'ok' else 'geheim' end as status,
        bool_or(synthetic) as synthetic,
        any_value(revision) as revision
    from kwb_values
    where measure in ('leeftijd_15_25', 'leeftijd_25_45', 'leeftijd_45_65')
    group by table_id, year, region_code, region_level, region_name, gemeentecode
),

unioned as (
    select
        table_id,
        year,
        region_code,
        region_level,
        region_name,
        gemeentecode,
        measure,
        source_key,
        value,
        status,
        synthetic,
        revision
    from kwb_values
    union all
    select
        table_id,
        year,
        region_code,
        region_level,
        region_name,
        gemeentecode,
        measure,
        source_key,
        case when status = 'ok' then value end as value,
        status,
        synthetic,
        revision
    from working_age
),

final as (
    select
        region_code,
        region_level,
        region_name,
        gemeentecode,
        year,
        measure,
        value,
        status,
        synthetic,
        table_id,
        revision,
        source_key
    from unioned
)

select * from final
