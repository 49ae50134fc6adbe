-- Every KWB measure per kern and year, aggregated from its buurten by the rule in the kwb_measures seed:
-- counts summed (shown only when every buurt has a value: a partial sum would undercount), averages and
-- shares weighted by their base. Coverage = share of the weight (inhabitants for counts) that had a value.
-- The gemeenten's own buurt figures (eigen cijfers) are measures too, with their own rule (int_measure_rules).
with buurt_values as (
    select * from {{ ref('int_buurt_kern_values') }}
),

kern_buurt_keys as (
    select * from {{ ref('int_kern_buurt_keys') }}
),

measures as (
    select
        measure,
        aggregation,
        weight
    from {{ ref('int_measure_rules') }}
    -- Classes (weighted_median) are not summed or averaged: int_kern_indicators_computed takes their median.
    where aggregation in ('sum', 'weighted_mean')
    union all
    select
        derived.measure,
        'sum' as aggregation,
        null as weight
    from (values ('leeftijd_15_65'), ('leeftijd_0_25'), ('opleiding_totaal')) as derived (measure)
),

-- Grouped on small integer keys (int_kern_buurt_keys), the names joined back per kern figure: strings in the 9
-- million buurt rows of all of NL made DuckDB spill to disk under the memory ceiling.
kern_keys as (
    select distinct
        kern_key,
        gemeentecode,
        kern
    from kern_buurt_keys
),

measure_keys as (
    select
        measure,
        aggregation,
        weight,
        row_number() over (order by measure) as measure_key
    from measures
),

-- Only the measures that weigh others (the join's build side is then a few per buurt and year, not all of them).
weights as (
    select * from buurt_values
    where measure in (select coalesce(measures.weight, 'inwoners') from measures)
),

paired as (
    select
        buurt_values.kern_key,
        buurt_values.year,
        measure_keys.measure_key,
        buurt_values.value,
        weights.value as weight,
        buurt_values.synthetic or coalesce(weights.synthetic, false) as synthetic
    from buurt_values
    inner join measure_keys on buurt_values.measure = measure_keys.measure
    left join weights
        on
            buurt_values.buurt_key = weights.buurt_key
            and buurt_values.year = weights.year
            and weights.measure = coalesce(measure_keys.weight, 'inwoners')
),

aggregated as (
    select
        kern_keys.gemeentecode,
        kern_keys.kern,
        sums.year,
        measure_keys.measure,
        measure_keys.aggregation,
        sums.buurten,
        sums.buurten_met_waarde,
        sums.value_sum,
        sums.value_weighted,
        sums.coverage,
        sums.synthetic
    from (
        select
            kern_key,
            year,
            measure_key,
            count(*) as buurten,
            count(value) as buurten_met_waarde,
            sum(value) as value_sum,
            sum(value * weight) filter (where value is not null and weight is not null)
            / nullif(sum(weight) filter (where value is not null and weight is not null), 0) as value_weighted,
            case
                when coalesce(sum(weight), 0) > 0
                    then coalesce(sum(weight) filter (where value is not null), 0) / sum(weight)
                -- No weight at all: only buurten with both a value and a weight count.
                else count(*) filter (where value is not null and weight is not null) / count(*)
            end as coverage,
            bool_or(synthetic) as synthetic
        from paired
        group by kern_key, year, measure_key
    ) as sums
    inner join kern_keys on sums.kern_key = kern_keys.kern_key
    inner join measure_keys on sums.measure_key = measure_keys.measure_key
),

final as (
    select
        gemeentecode,
        kern,
        year,
        measure,
        case
            when aggregation = 'sum' and buurten_met_waarde = buurten then value_sum
            when aggregation = 'weighted_mean' and coverage >= {{ var('kern_min_coverage') }} then value_weighted
        end as value,
        coverage,
        case
            when aggregation = 'sum' and buurten_met_waarde < buurten then 'onvoldoende gegevens'
            when coverage < {{ var('kern_min_coverage') }} then 'onvoldoende gegevens'
            when coverage < 0.9999 then 'gedeeltelijk'
            else 'volledig'
        end as status,
        synthetic,
        buurten,
        buurten_met_waarde
    from aggregated
)

select * from final
