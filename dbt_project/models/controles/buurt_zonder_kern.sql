-- Buurten that CBS publishes for a configured gemeente (in any year) but that belong to no kern of the mapping.
-- Read by the dbt test (geen_rijen) and by the publish gate elke_buurt_in_een_kern.
with unmapped as (
    select * from {{ ref('int_kwb_unmapped_buurten') }}
),

final as (
    select
        gemeentecode,
        buurtcode,
        any_value(region_name) as buurtnaam,
        string_agg(distinct cast(year as varchar), ', ' order by cast(year as varchar)) as jaren
    from unmapped
    group by gemeentecode, buurtcode
)

select * from final
