-- KWB values of every buurt that belongs to a kern: one row per buurt, year and measure. The gemeenten's own
-- buurt figures (eigen cijfers) join them as measures 'eigen__<indicator>' (and, for a ratio, the denominator
-- 'eigen__<indicator>__noemer' for every buurt of the gemeente, empty where the file gave none), so that they
-- are aggregated to kernen by the same models as CBS's figures.
with harmonised as (
    select * from {{ ref('int_kwb_harmonised') }}
    where region_level = 'BU'
),

kern_buurt as (
    select * from {{ ref('int_kern_buurt_keys') }}
),

own as (
    select * from {{ ref('stg_exports__eigen_cijfers') }}
    where gebied_soort = 'buurt'
),

own_definitions as (
    select * from {{ ref('int_eigen_cijfers_definities') }}
),

cbs_values as (
    select
        kern_buurt.gemeentecode,
        kern_buurt.kern,
        kern_buurt.wijkcode,
        harmonised.region_code as buurtcode,
        kern_buurt.kern_key,
        kern_buurt.buurt_key,
        harmonised.year,
        harmonised.measure,
        harmonised.value,
        harmonised.status,
        harmonised.synthetic,
        harmonised.table_id,
        harmonised.revision
    from harmonised
    inner join kern_buurt on harmonised.region_code = kern_buurt.buurtcode
),

own_numerators as (
    select
        kern_buurt.gemeentecode,
        kern_buurt.kern,
        kern_buurt.wijkcode,
        own.buurtcode,
        kern_buurt.kern_key,
        kern_buurt.buurt_key,
        own.jaar as year,
        own_definitions.teller as measure,
        own.waarde as value,
        case when own.waarde is null then 'leeg' else 'ok' end as status,
        own.voorbeeld as synthetic,
        own.bron_bestand as table_id,
        cast(null as varchar) as revision
    from own
    inner join own_definitions on own.indicator_id = own_definitions.indicator_id
    inner join kern_buurt on own.buurtcode = kern_buurt.buurtcode
),

-- Every buurt of a gemeente that delivered a ratio for a year: a buurt missing from the file is a buurt without
-- a value (it counts in buurten, not in buurten_met_waarde), as a suppressed CBS cell does.
own_ratio_years as (
    select distinct
        own.gemeentecode,
        own.jaar,
        own.indicator_id,
        own_definitions.noemer as measure,
        bool_or(own.voorbeeld) over (partition by own.gemeentecode, own.jaar, own.indicator_id) as synthetic,
        max(own.bron_bestand) over (partition by own.gemeentecode, own.jaar, own.indicator_id) as table_id
    from own
    inner join own_definitions on own.indicator_id = own_definitions.indicator_id
    where own_definitions.aggregation = 'ratio'
),

own_denominators as (
    select
        kern_buurt.gemeentecode,
        kern_buurt.kern,
        kern_buurt.wijkcode,
        kern_buurt.buurtcode,
        kern_buurt.kern_key,
        kern_buurt.buurt_key,
        own_ratio_years.jaar as year,
        own_ratio_years.measure,
        own.noemer as value,
        case when own.noemer is null then 'leeg' else 'ok' end as status,
        own_ratio_years.synthetic,
        own_ratio_years.table_id,
        cast(null as varchar) as revision
    from own_ratio_years
    inner join kern_buurt on own_ratio_years.gemeentecode = kern_buurt.gemeentecode
    left join own
        on
            kern_buurt.buurtcode = own.buurtcode
            and own_ratio_years.jaar = own.jaar
            and own_ratio_years.indicator_id = own.indicator_id
),

final as (
    select * from cbs_values
    union all
    select * from own_numerators
    union all
    select * from own_denominators
)

select * from final
