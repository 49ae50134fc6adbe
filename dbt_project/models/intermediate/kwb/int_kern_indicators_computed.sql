-- Every CBS and Leefbaarometer indicator of the catalogue per kern and year, computed from buurt values:
--   measure/sum      sum of the buurten, only when every buurt has a value;
--   measure/weighted average weighted by its base (kwb_measures.weight), over buurten with a value;
--   measure/median   a class (stedelijkheid 1-5) is not averaged: the class of the median inhabitant;
--   ratio            sum(numerator) / sum(denominator) * factor over buurten where both are known;
--   leefbaarometer   buurt score weighted by inhabitants;
--   growth           change of a kern count against the previous year.
-- Below the coverage threshold a kern that is one whole wijk takes CBS's wijk figure ('wijkcijfer').
-- The gemeenten's own figures (eigen cijfers, docs/eigen-cijfers.md) are catalogue members with berekening
-- measure or ratio over the measures eigen__<id>: their buurt values take the same path. Values delivered per kern
-- are taken as they are (coverage 1, status 'eigen cijfer') and win over the kern's buurten; their gemeente figure
-- is the file's when it gives one, else the gemeente's buurten (or kernen) aggregated by the same rule; Nederland
-- only when the file gives it.
with catalogue as (
    select * from {{ ref('int_indicator_catalogue') }}
),

measures as (
    select * from {{ ref('int_measure_rules') }}
),

own as (
    select * from {{ ref('stg_exports__eigen_cijfers') }}
),

kern_buurt as (
    select * from {{ ref('stg_kernen__kern_buurt') }}
),

buurt_values as (
    select * from {{ ref('int_buurt_kern_values') }}
),

-- Small integer keys (int_kern_buurt_keys) for the wide middle of this model (9 million buurt pairs on all of NL):
-- strings there (indicator, kern, buurt, source) made DuckDB spill to disk under the memory ceiling (all of NL: 28
-- s, now 11 s). The names come back once per kern figure, in kern_values.
buurt_keys as (
    select
        kern_key,
        gemeentecode,
        kern,
        buurtcode,
        buurt_key
    from {{ ref('int_kern_buurt_keys') }}
),

regions as (
    select * from {{ ref('int_kwb_harmonised') }}
    where region_level in ('NL', 'GM', 'WK')
),

leefbaarometer as (
    select * from {{ ref('stg_leefbaarometer__scores') }}
),

spec as (
    select
        row_number() over (order by catalogue.indicator_id) as indicator_key,
        catalogue.indicator_id,
        catalogue.berekening,
        catalogue.teller,
        catalogue.noemer,
        cast(catalogue.factor as double) as factor,
        case
            when catalogue.berekening = 'ratio' then catalogue.noemer
            when
                catalogue.berekening = 'measure' and measures.aggregation in ('weighted_mean', 'weighted_median')
                then measures.weight
            else 'inwoners'
        end as weight_measure,
        case
            when catalogue.berekening = 'measure' then measures.aggregation
            when catalogue.berekening = 'ratio' then 'ratio'
            else 'weighted_mean'
        end as aggregation,
        coalesce(catalogue.eigen_cijfer and catalogue.berekening = 'ratio', false) as own_ratio
    from catalogue
    left join measures on catalogue.teller = measures.measure
    where catalogue.berekening in ('measure', 'ratio', 'leefbaarometer')
),

-- The latest KWB year at or before each Leefbaarometer year gives the inhabitant weights.
lbm_years as (
    select distinct year from leefbaarometer
),

kwb_years as (
    select distinct year from buurt_values
    where not starts_with(measure, 'eigen__')
),

lbm_weight_year as (
    select
        lbm_years.year as lbm_year,
        max(kwb_years.year) as kwb_year
    from lbm_years
    inner join kwb_years on lbm_years.year >= kwb_years.year
    group by lbm_years.year
),

kern_keys as (
    select distinct
        kern_key,
        gemeentecode,
        kern
    from buurt_keys
),

lbm_buurten as (
    select distinct
        buurtcode,
        buurt_key
    from buurt_keys
),

source_tables as (
    select
        table_id,
        dense_rank() over (order by table_id) as table_key
    from (
        select distinct table_id from buurt_values
        union
        select 'Leefbaarometer 3.0'
    ) as table_list (table_id)
),

source_revisions as (
    select
        revision,
        dense_rank() over (order by revision) as revision_key
    from (
        select distinct revision from buurt_values
        union
        select distinct cast(year as varchar) from leefbaarometer
    ) as revision_list (revision)
),

buurt_numerators as (
    select
        spec.indicator_key,
        buurt_values.buurt_key,
        buurt_values.year,
        buurt_values.value,
        buurt_values.synthetic,
        source_tables.table_key,
        source_revisions.revision_key
    from spec
    inner join buurt_values on spec.teller = buurt_values.measure
    left join source_tables on buurt_values.table_id = source_tables.table_id
    left join source_revisions on buurt_values.revision = source_revisions.revision
    where spec.berekening in ('measure', 'ratio')
    union all
    select
        spec.indicator_key,
        lbm_buurten.buurt_key,
        lbm_weight_year.kwb_year as year,
        leefbaarometer.score as value,
        false as synthetic,
        source_tables.table_key,
        source_revisions.revision_key
    from spec
    inner join leefbaarometer on spec.teller = leefbaarometer.field and leefbaarometer.region_level = 'BU'
    inner join lbm_buurten on leefbaarometer.region_code = lbm_buurten.buurtcode
    inner join lbm_weight_year on leefbaarometer.year = lbm_weight_year.lbm_year
    inner join source_tables on source_tables.table_id = 'Leefbaarometer 3.0'
    inner join source_revisions on cast(leefbaarometer.year as varchar) = source_revisions.revision
    where spec.berekening = 'leefbaarometer'
),

pairs as (
    -- Every buurt of every kern, with its numerator (missing when suppressed or unscored) and weight.
    select
        spec.indicator_key,
        buurt_weights.kern_key,
        buurt_weights.year,
        buurt_numerators.value as numerator,
        buurt_weights.value as weight,
        -- The coverage of an own ratio counts the kern's inhabitants: a buurt missing from the file has no
        -- denominator, yet it is a buurt without a value (as the coverage of a CBS mean counts it).
        case when spec.own_ratio then coalesce(inhabitants.value, 0) else buurt_weights.value end as coverage_weight,
        coalesce(buurt_numerators.synthetic, false) or buurt_weights.synthetic as synthetic,
        buurt_numerators.table_key,
        buurt_numerators.revision_key
    from spec
    inner join buurt_values as buurt_weights on spec.weight_measure = buurt_weights.measure
    left join buurt_numerators
        on
            spec.indicator_key = buurt_numerators.indicator_key
            and buurt_weights.buurt_key = buurt_numerators.buurt_key
            and buurt_weights.year = buurt_numerators.year
    left join buurt_values as inhabitants
        on
            spec.own_ratio
            and inhabitants.measure = 'inwoners'
            and buurt_weights.buurt_key = inhabitants.buurt_key
            and buurt_weights.year = inhabitants.year
    left join lbm_weight_year on buurt_weights.year = lbm_weight_year.kwb_year
    where spec.berekening != 'leefbaarometer' or lbm_weight_year.kwb_year is not null
),

-- The weighted median of a class: the lowest class at which half of the weight (inhabitants) is reached.
weighted_medians as (
    select
        indicator_key,
        kern_key,
        year,
        min(numerator) filter (where cumulative_weight >= total_weight / 2) as median_value
    from (
        select
            indicator_key,
            kern_key,
            year,
            numerator,
            sum(weight) over (
                partition by indicator_key, kern_key, year
                order by numerator rows between unbounded preceding and current row
            ) as cumulative_weight,
            sum(weight) over (partition by indicator_key, kern_key, year) as total_weight
        from pairs
        where
            indicator_key in (
                select spec.indicator_key from spec
                where spec.aggregation = 'weighted_median'
            )
            and numerator is not null and weight > 0
    ) as cumulative
    group by indicator_key, kern_key, year
),

-- The sums every rule needs, per kern; kern_values picks the indicator's rule.
kern_sums as (
    select
        indicator_key,
        kern_key,
        year,
        count(*) as buurten,
        count(numerator) as buurten_met_waarde,
        sum(numerator) as numerator_sum,
        sum(numerator) filter (where weight is not null) as numerator_sum_weighted,
        sum(numerator * weight) as product_sum,
        sum(weight) filter (where numerator is not null) as weight_sum,
        sum(coverage_weight) as coverage_total,
        sum(coverage_weight) filter (where numerator is not null and weight is not null) as coverage_known,
        count(*) filter (where numerator is not null and weight is not null) as buurten_known,
        bool_or(synthetic) filter (where numerator is not null) as synthetic,
        max(table_key) as table_key,
        max(revision_key) as revision_key
    from pairs
    group by indicator_key, kern_key, year
),

kern_values as (
    select
        spec.indicator_id,
        kern_keys.gemeentecode,
        kern_keys.kern,
        kern_sums.year,
        spec.berekening,
        spec.aggregation,
        kern_sums.buurten,
        kern_sums.buurten_met_waarde,
        case
            when spec.aggregation = 'sum' then kern_sums.numerator_sum
            when spec.aggregation = 'weighted_median' then weighted_medians.median_value
            when spec.aggregation = 'ratio'
                then kern_sums.numerator_sum_weighted / nullif(kern_sums.weight_sum, 0) * spec.factor
            else kern_sums.product_sum / nullif(kern_sums.weight_sum, 0)
        end as raw_value,
        case
            when coalesce(kern_sums.coverage_total, 0) > 0
                then coalesce(kern_sums.coverage_known, 0) / kern_sums.coverage_total
            -- No weight at all (e.g. the land area of a ratio is missing): only buurten with both count.
            else kern_sums.buurten_known / kern_sums.buurten
        end as coverage,
        kern_sums.synthetic,
        source_tables.table_id as bron_tabel,
        source_revisions.revision as bron_revisie
    from kern_sums
    inner join spec on kern_sums.indicator_key = spec.indicator_key
    inner join kern_keys on kern_sums.kern_key = kern_keys.kern_key
    left join source_tables on kern_sums.table_key = source_tables.table_key
    left join source_revisions on kern_sums.revision_key = source_revisions.revision_key
    left join weighted_medians
        on
            kern_sums.indicator_key = weighted_medians.indicator_key
            and kern_sums.kern_key = weighted_medians.kern_key
            and kern_sums.year = weighted_medians.year
),

-- CBS's own figure of a region (gemeente, wijk, Nederland) for the same indicator.
region_computed as (
    select
        spec.indicator_id,
        numerators.region_code,
        numerators.region_level,
        numerators.year,
        case
            when spec.berekening = 'ratio' then numerators.value / nullif(denominators.value, 0) * spec.factor
            else numerators.value
        end as value,
        numerators.synthetic or coalesce(denominators.synthetic, false) as synthetic
    from spec
    inner join regions as numerators on spec.teller = numerators.measure
    left join regions as denominators
        on
            numerators.region_code = denominators.region_code
            and numerators.year = denominators.year
            and spec.noemer = denominators.measure
    where spec.berekening in ('measure', 'ratio')
    union all
    select
        spec.indicator_id,
        leefbaarometer.region_code,
        leefbaarometer.region_level,
        lbm_weight_year.kwb_year as year,
        leefbaarometer.score as value,
        false as synthetic
    from spec
    inner join leefbaarometer on spec.teller = leefbaarometer.field and leefbaarometer.region_level = 'GM'
    inner join lbm_weight_year on leefbaarometer.year = lbm_weight_year.lbm_year
    where spec.berekening = 'leefbaarometer'
),

-- A kern made of exactly all buurten of one wijk can fall back on CBS's wijk figure.
whole_wijk_kernen as (
    select
        kern_buurt.gemeentecode,
        kern_buurt.kern,
        any_value(kern_buurt.wijkcode) as wijkcode
    from kern_buurt
    group by kern_buurt.gemeentecode, kern_buurt.kern
    having
        count(distinct kern_buurt.wijkcode) = 1
        and count(*) = (
            select count(*) from kern_buurt as other
            where other.wijkcode = any_value(kern_buurt.wijkcode)
        )
),

with_fallback as (
    select
        kern_values.*,
        case
            when kern_values.aggregation = 'sum' then kern_values.buurten_met_waarde = kern_values.buurten
            else kern_values.coverage >= {{ var('kern_min_coverage') }}
        end as enough,
        wijk.value as wijk_value,
        wijk.synthetic as wijk_synthetic
    from kern_values
    left join whole_wijk_kernen
        on kern_values.gemeentecode = whole_wijk_kernen.gemeentecode and kern_values.kern = whole_wijk_kernen.kern
    left join region_computed as wijk
        on
            whole_wijk_kernen.wijkcode = wijk.region_code
            and kern_values.indicator_id = wijk.indicator_id
            and kern_values.year = wijk.year
),

kern_final as (
    select
        indicator_id,
        gemeentecode,
        kern,
        year,
        case when enough then raw_value else wijk_value end as value,
        coverage,
        case
            when enough and coverage >= 0.9999 then 'volledig'
            when enough then 'gedeeltelijk'
            when wijk_value is not null then 'wijkcijfer'
            else 'onvoldoende gegevens'
        end as status,
        case when enough then synthetic else coalesce(wijk_synthetic, synthetic) end as synthetic,
        buurten,
        buurten_met_waarde,
        bron_tabel,
        bron_revisie
    from with_fallback
),

-- Own figures delivered per kern, taken as they are: they win over the kern's buurten.
own_kern as (
    select * from {{ ref('int_eigen_cijfers_kernen') }}
),

own_indicators as (
    select indicator_id from catalogue
    where eigen_cijfer
),

own_buurt_years as (
    select distinct
        indicator_id,
        gemeentecode,
        jaar as year
    from own
    where gebied_soort = 'buurt'
),

-- An own indicator the gemeente delivered no buurt figures of (that year) has no row: kern_indicators says why.
kern_all as (
    select kern_final.*
    from kern_final
    left join own_indicators on kern_final.indicator_id = own_indicators.indicator_id
    left join own_buurt_years
        on
            kern_final.indicator_id = own_buurt_years.indicator_id
            and kern_final.gemeentecode = own_buurt_years.gemeentecode
            and kern_final.year = own_buurt_years.year
    left join own_kern
        on
            kern_final.indicator_id = own_kern.indicator_id
            and kern_final.gemeentecode = own_kern.gemeentecode
            and kern_final.kern = own_kern.kern
            and kern_final.year = own_kern.year
    where
        (own_indicators.indicator_id is null or own_buurt_years.indicator_id is not null)
        and own_kern.indicator_id is null
    union all
    select
        indicator_id,
        gemeentecode,
        kern,
        year,
        value,
        coverage,
        status,
        synthetic,
        buurten,
        buurten_met_waarde,
        bron_tabel,
        bron_revisie
    from own_kern
),

-- The gemeente (and Nederland) figures of the own indicators.
own_regions as (
    select * from {{ ref('int_eigen_cijfers_referenties') }}
),

growth as (
    select
        catalogue.indicator_id,
        this_year.gemeentecode,
        this_year.kern,
        this_year.year,
        (this_year.value / nullif(last_year.value, 0) - 1) * cast(catalogue.factor as double) as value,
        least(this_year.coverage, last_year.coverage) as coverage,
        case
            when this_year.value is null or last_year.value is null then 'onvoldoende gegevens'
            else 'volledig'
        end as status,
        this_year.synthetic or last_year.synthetic as synthetic,
        this_year.buurten,
        this_year.buurten_met_waarde,
        this_year.bron_tabel,
        this_year.bron_revisie
    from catalogue
    inner join kern_final as this_year on catalogue.teller = this_year.indicator_id
    inner join kern_final as last_year
        on
            this_year.indicator_id = last_year.indicator_id
            and this_year.gemeentecode = last_year.gemeentecode
            and this_year.kern = last_year.kern
            and this_year.year = last_year.year + 1
    where catalogue.berekening = 'growth'
),

region_growth as (
    select
        catalogue.indicator_id,
        this_year.region_code,
        this_year.region_level,
        this_year.year,
        (this_year.value / nullif(last_year.value, 0) - 1) * cast(catalogue.factor as double) as value,
        this_year.synthetic or last_year.synthetic as synthetic
    from catalogue
    inner join region_computed as this_year on catalogue.teller = this_year.indicator_id
    inner join region_computed as last_year
        on
            this_year.indicator_id = last_year.indicator_id
            and this_year.region_code = last_year.region_code
            and this_year.year = last_year.year + 1
    where catalogue.berekening = 'growth'
),

all_regions as (
    select * from region_computed
    union all
    select * from region_growth
    union all
    select * from own_regions
),

final as (
    select
        kern.indicator_id,
        kern.gemeentecode,
        kern.kern,
        kern.year,
        kern.value,
        kern.coverage,
        kern.status,
        kern.synthetic,
        kern.buurten,
        kern.buurten_met_waarde,
        kern.bron_tabel,
        kern.bron_revisie,
        gemeente.value as gemeente_value,
        gemeente.synthetic as gemeente_synthetic,
        nederland.value as nederland_value,
        nederland.synthetic as nederland_synthetic
    from (
        select * from kern_all
        union all
        select * from growth
    ) as kern
    left join all_regions as gemeente
        on
            kern.indicator_id = gemeente.indicator_id
            and kern.gemeentecode = gemeente.region_code
            and kern.year = gemeente.year
    left join all_regions as nederland
        on
            kern.indicator_id = nederland.indicator_id
            and nederland.region_level = 'NL'
            and kern.year = nederland.year
)

select * from final
