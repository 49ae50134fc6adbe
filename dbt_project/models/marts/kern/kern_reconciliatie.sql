-- For every count measure, gemeente and year: the sum over the kernen against CBS's own gemeente figure.
-- A difference is expected only where buurt values are suppressed or CBS rounded its buurt and wijk figures.
with aggregated as (
    select * from {{ ref('int_kwb_kern_aggregated') }}
),

buurt_values as (
    select * from {{ ref('int_buurt_kern_values') }}
),

measures as (
    select measure from {{ ref('kwb_measures') }}
    where aggregation = 'sum'
),

gemeente as (
    select * from {{ ref('int_kwb_harmonised') }}
    where region_level = 'GM'
),

kern_sums as (
    select
        buurt_values.gemeentecode,
        buurt_values.year,
        buurt_values.measure,
        sum(buurt_values.value) as som_buurten,
        count(*) filter (where buurt_values.value is null) as buurten_geheim,
        count(*) as buurten
    from buurt_values
    inner join measures on buurt_values.measure = measures.measure
    group by buurt_values.gemeentecode, buurt_values.year, buurt_values.measure
    -- A measure that a year's table does not publish for any buurt has nothing to reconcile.
    having count(buurt_values.value) > 0
),

kern_totals as (
    select
        aggregated.gemeentecode,
        aggregated.year,
        aggregated.measure,
        sum(aggregated.value) as som_kernen,
        count(*) as kernen
    from aggregated
    inner join measures on aggregated.measure = measures.measure
    group by aggregated.gemeentecode, aggregated.year, aggregated.measure
),

final as (
    select
        kern_sums.gemeentecode,
        kern_sums.year as jaar,
        kern_sums.measure as maat,
        kern_totals.kernen,
        kern_sums.buurten,
        kern_sums.buurten_geheim,
        kern_totals.som_kernen,
        kern_sums.som_buurten,
        gemeente.value as cbs_gemeente,
        kern_sums.som_buurten - gemeente.value as verschil,
        gemeente.synthetic as gemeente_synthetisch,
        -- The one rule (read by controles.telling_wijkt_af_van_cbs for the dbt test and the publish gate): what
        -- CBS's rounding and suppression explain is fine, anything beyond is an error in our aggregation or mapping.
        case
            when
                kern_sums.buurten_geheim = 0
                and abs(coalesce(kern_totals.som_kernen, 0) - kern_sums.som_buurten) > 0.5
                then 'som over de kernen wijkt af van de som over de buurten'
            when
                kern_sums.som_buurten - gemeente.value
                > {{ var('cbs_afronding_per_buurt') }} * (kern_sums.buurten - kern_sums.buurten_geheim)
                then 'som over de buurten hoger dan het CBS-cijfer, meer dan de afronding'
            when
                kern_sums.som_buurten - gemeente.value < -(
                    {{ var('cbs_afronding_per_buurt') }} * (kern_sums.buurten - kern_sums.buurten_geheim)
                    + {{ var('geheime_buurt_marge') }} * kern_sums.buurten_geheim
                )
                then 'som over de buurten lager dan het CBS-cijfer, meer dan afronding en geheimhouding'
        end as afwijking
    from kern_sums
    inner join kern_totals
        on
            kern_sums.gemeentecode = kern_totals.gemeentecode
            and kern_sums.year = kern_totals.year
            and kern_sums.measure = kern_totals.measure
    left join gemeente
        on
            kern_sums.gemeentecode = gemeente.gemeentecode
            and kern_sums.year = gemeente.year
            and kern_sums.measure = gemeente.measure
)

select * from final
