-- Kernen without inhabitants: a mapping or load error, never a real kern. A kern breaks the rule when its number
-- of inhabitants is missing or not above 0 in a year that has one, or when it has none in the latest year.
-- Read by the dbt test (geen_rijen) and by the publish gate elke_kern_heeft_inwoners.
with aggregated as (
    select * from {{ ref('int_kwb_kern_aggregated') }}
    where measure = 'inwoners'
),

kernen as (
    select * from {{ ref('kernen') }}
),

none_in_a_year as (
    select
        gemeentecode,
        kern,
        year as jaar,
        value as inwoners
    from aggregated
    where value is null or value <= 0
),

none_in_latest_year as (
    select
        gemeentecode,
        kern,
        jaar,
        inwoners
    from kernen
    where coalesce(inwoners, 0) <= 0
),

final as (
    select
        broken.gemeentecode,
        broken.kern,
        broken.jaar,
        broken.inwoners,
        kernen.buurtcodes
    from (
        select * from none_in_a_year
        union
        select * from none_in_latest_year
    ) as broken
    left join kernen on broken.gemeentecode = kernen.gemeentecode and broken.kern = kernen.kern
)

select * from final
