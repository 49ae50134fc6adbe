-- One row per kern: its gemeente, its buurten and its latest headline figures.
with kern_buurt as (
    select * from {{ ref('stg_kernen__kern_buurt') }}
),

gemeenten as (
    select
        region_code as gemeentecode,
        arg_max(region_name, year) as gemeentenaam
    from {{ ref('int_kwb_harmonised') }}
    where region_level = 'GM' and nullif(trim(region_name), '') is not null
    group by region_code
),

indicators as (
    select * from {{ ref('int_kern_indicators_computed') }}
),

latest_year as (
    select max(year) as year from indicators
    where indicator_id = 'inwoners' and value is not null
),

headline as (
    select
        indicators.gemeentecode,
        indicators.kern,
        max(indicators.value) filter (where indicators.indicator_id = 'inwoners') as inwoners,
        bool_or(indicators.synthetic) filter (where indicators.indicator_id = 'inwoners') as inwoners_synthetisch,
        max(indicators.value) filter (where indicators.indicator_id = 'woningvoorraad') as woningen
    from indicators
    inner join latest_year on indicators.year = latest_year.year
    group by indicators.gemeentecode, indicators.kern
),

leefbaarometer as (
    select
        gemeentecode,
        kern,
        max(value) filter (where indicator_id = 'lbm_klasse') as leefbaarometer_klasse,
        max(coverage) filter (where indicator_id = 'lbm_klasse') as leefbaarometer_dekking,
        max(year) filter (where indicator_id = 'lbm_klasse') as leefbaarometer_jaar
    from indicators
    where indicator_id = 'lbm_klasse' and value is not null
    group by gemeentecode, kern
),

per_kern as (
    select
        gemeentecode,
        kern,
        count(*) as aantal_buurten,
        string_agg(buurtcode, ',' order by buurtcode) as buurtcodes,
        string_agg(distinct wijkcode, ',' order by wijkcode) as wijkcodes,
        bool_or(bron = 'gemeente') as indeling_door_gemeente
    from kern_buurt
    group by gemeentecode, kern
),

final as (
    select
        per_kern.gemeentecode,
        gemeenten.gemeentenaam,
        per_kern.kern,
        per_kern.aantal_buurten,
        per_kern.buurtcodes,
        per_kern.wijkcodes,
        per_kern.indeling_door_gemeente,
        headline.inwoners,
        headline.inwoners_synthetisch,
        headline.woningen,
        leefbaarometer.leefbaarometer_klasse,
        leefbaarometer.leefbaarometer_dekking,
        leefbaarometer.leefbaarometer_jaar,
        latest_year.year as jaar
    from per_kern
    cross join latest_year
    left join gemeenten on per_kern.gemeentecode = gemeenten.gemeentecode
    left join headline on per_kern.gemeentecode = headline.gemeentecode and per_kern.kern = headline.kern
    left join leefbaarometer
        on per_kern.gemeentecode = leefbaarometer.gemeentecode and per_kern.kern = leefbaarometer.kern
)

select * from final
