-- The gemeente and Nederland figures of the own indicators (eigen cijfers), in the shape of the region rows of
-- int_kern_indicators_computed. Gemeente: the file's own figure (gebied 'gemeente') when it gives one, else the
-- indicator's rule over all buurten of the gemeente (the sums a kern's figure is made of: a sum only when every
-- buurt has a value, a mean from the coverage threshold), or, when the gemeente delivered kernen instead of
-- buurten, over its kernen (weights: the kern's inhabitants, dwellings or area; a ratio: the delivered
-- denominators). Nederland: only the file's own figure.
with own as (
    select * from {{ ref('stg_exports__eigen_cijfers') }}
),

-- The measure that weighs a buurt (as int_kern_indicators_computed pairs them) and a kern.
definitions as (
    select
        *,
        case
            when aggregation = 'ratio' then noemer
            when aggregation = 'weighted_mean' then weight
            else 'inwoners'
        end as buurt_weight,
        case when aggregation = 'weighted_mean' then weight else 'inwoners' end as kern_weight
    from {{ ref('int_eigen_cijfers_definities') }}
),

buurt_values as (
    select * from {{ ref('int_buurt_kern_values') }}
),

kern_weights as (
    select * from {{ ref('int_kwb_kern_aggregated') }}
),

own_kernen as (
    select * from {{ ref('int_eigen_cijfers_kernen') }}
),

-- Every buurt with its weight and its own value where delivered.
buurt_units as (
    select
        definitions.indicator_id,
        weights.gemeentecode,
        weights.year,
        definitions.aggregation,
        definitions.factor,
        numerators.value as numerator,
        weights.value as weight,
        coalesce(numerators.synthetic, false) or weights.synthetic as synthetic,
        'buurt' as niveau
    from definitions
    inner join buurt_values as weights on definitions.buurt_weight = weights.measure
    left join buurt_values as numerators
        on
            weights.buurtcode = numerators.buurtcode
            and weights.year = numerators.year
            and definitions.teller = numerators.measure
),

kern_units as (
    select
        definitions.indicator_id,
        kern_weights.gemeentecode,
        kern_weights.year,
        definitions.aggregation,
        definitions.factor,
        own_kernen.numerator,
        case when definitions.aggregation = 'ratio' then own_kernen.denominator else kern_weights.value end as weight,
        coalesce(own_kernen.synthetic, false) or kern_weights.synthetic as synthetic,
        'kern' as niveau
    from definitions
    inner join kern_weights on definitions.kern_weight = kern_weights.measure
    left join own_kernen
        on
            definitions.indicator_id = own_kernen.indicator_id
            and kern_weights.gemeentecode = own_kernen.gemeentecode
            and kern_weights.kern = own_kernen.kern
            and kern_weights.year = own_kernen.year
),

-- Buurten when the gemeente delivered any buurt value of the indicator that year, else its kernen.
units as (
    select * from (
        select * from buurt_units
        union all
        select * from kern_units
    ) as all_units
    qualify
        niveau = case
            when count(numerator) filter (where niveau = 'buurt') over (
                partition by indicator_id, gemeentecode, year
            ) > 0 then 'buurt'
            else 'kern'
        end
),

computed as (
    select
        indicator_id,
        gemeentecode,
        year,
        case
            when aggregation = 'sum' and count(numerator) = count(*) then sum(numerator)
            when aggregation = 'sum' then null
            when aggregation = 'ratio'
                then
                    sum(numerator) filter (where weight is not null)
                    / nullif(sum(weight) filter (where numerator is not null), 0) * any_value(factor)
            else
                sum(numerator * weight) filter (where weight is not null)
                / nullif(sum(weight) filter (where numerator is not null), 0)
        end as value,
        case
            when coalesce(sum(weight), 0) > 0
                then coalesce(sum(weight) filter (where numerator is not null), 0) / sum(weight)
            else count(*) filter (where numerator is not null and weight is not null) / count(*)
        end as coverage,
        bool_or(synthetic) filter (where numerator is not null) as synthetic
    from units
    group by indicator_id, gemeentecode, year, aggregation
    having count(numerator) > 0
),

-- The file's own reference figures. Of two gemeenten' Nederland figures for one year the highest counts (they
-- should agree).
given as (
    select
        definitions.indicator_id,
        case when own.gebied_soort = 'gemeente' then own.gemeentecode else 'NL01' end as region_code,
        case when own.gebied_soort = 'gemeente' then 'GM' else 'NL' end as region_level,
        own.jaar as year,
        max(own.waarde) as value,
        bool_or(own.voorbeeld) as synthetic
    from own
    inner join definitions on own.indicator_id = definitions.indicator_id
    where own.gebied_soort in ('gemeente', 'nederland') and own.waarde is not null
    group by all
),

final as (
    select * from given
    union all
    select
        computed.indicator_id,
        computed.gemeentecode as region_code,
        'GM' as region_level,
        computed.year,
        case
            when computed.value is not null and computed.coverage >= {{ var('kern_min_coverage') }}
                then computed.value
        end as value,
        computed.synthetic
    from computed
    where not exists (
        select 1 from given
        where
            given.indicator_id = computed.indicator_id
            and given.region_code = computed.gemeentecode
            and given.year = computed.year
    )
)

select * from final
