-- All KWB years in one long table: one row per region, year and measure. Keys were resolved per table from
-- its own metadata at load time, so a measure means the same across years whatever its CBS key was.
-- Adds derived counts, each the sum of published counts (missing when any part is): leeftijd_15_65 (the base of
-- the grey pressure and the weight of labour shares), leeftijd_0_25 (the base of youth care) and opleiding_totaal
-- (inhabitants with a known education level, the base of the education shares). And dwellings per type
-- (woningvoorraad x the type's share / 100: CBS publishes the share, not the count), the weights of the energy
-- figures per dwelling type.
-- Read where it is used: kept (DuckDB keeps a CTE read four times), all of NL's 11 million rows were written once
-- more and read four times: about 9 s for this model instead of 5.
with kwb_values as not materialized (
    select * from {{ ref('stg_cbs__kwb_values') }}
),

derived_parts as (
    select
        part_list.derived,
        part_list.part,
        part_list.needed
    from (
        values
        ('leeftijd_15_65', 'leeftijd_15_25', 3),
        ('leeftijd_15_65', 'leeftijd_25_45', 3),
        ('leeftijd_15_65', 'leeftijd_45_65', 3),
        ('leeftijd_0_25', 'leeftijd_0_15', 2),
        ('leeftijd_0_25', 'leeftijd_15_25', 2),
        ('opleiding_totaal', 'opleiding_laag', 3),
        ('opleiding_totaal', 'opleiding_midden', 3),
        ('opleiding_totaal', 'opleiding_hoog', 3)
    ) as part_list (derived, part, needed)
),

working_age as (
    select
        kwb_values.table_id,
        kwb_values.year,
        kwb_values.region_code,
        kwb_values.region_level,
        kwb_values.region_name,
        kwb_values.gemeentecode,
        derived_parts.derived as measure,
        'afgeleid' as source_key,
        sum(kwb_values.value) as value,
        case when count(kwb_values.value) = any_value(derived_parts.needed) then 'ok' else 'geheim' end as status,
        bool_or(kwb_values.synthetic) as synthetic,
        any_value(kwb_values.revision) as revision
    from kwb_values
    inner join derived_parts on kwb_values.measure = derived_parts.part
    group by
        kwb_values.table_id,
        kwb_values.year,
        kwb_values.region_code,
        kwb_values.region_level,
        kwb_values.region_name,
        kwb_values.gemeentecode,
        derived_parts.derived
),

dwelling_types as (
    select
        type_list.derived,
        type_list.share
    from (
        values
        ('woningen_meergezins', 'meergezinswoning_pct'),
        ('woningen_tussenwoning', 'tussenwoning_pct'),
        ('woningen_hoekwoning', 'hoekwoning_pct'),
        ('woningen_twee_onder_een_kap', 'twee_onder_een_kap_pct'),
        ('woningen_vrijstaand', 'vrijstaande_woning_pct')
    ) as type_list (derived, share)
),

dwellings_per_type as (
    select
        shares.table_id,
        shares.year,
        shares.region_code,
        shares.region_level,
        shares.region_name,
        shares.gemeentecode,
        dwelling_types.derived as measure,
        'afgeleid' as source_key,
        stock.value * shares.value / 100 as value,
        case when stock.value is not null and shares.value is not null then 'ok' else 'geheim' end as status,
        shares.synthetic or stock.synthetic as synthetic,
        shares.revision
    from kwb_values as shares
    inner join dwelling_types on shares.measure = dwelling_types.share
    inner join kwb_values as stock
        on
            shares.table_id = stock.table_id
            and shares.region_code = stock.region_code
            and stock.measure = 'woningvoorraad'
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
        value,
        status,
        synthetic,
        revision
    from dwellings_per_type
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
