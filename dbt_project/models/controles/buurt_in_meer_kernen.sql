-- Buurten that the kern mapping lists more than once (in two kernen, or twice in one).
-- Read by the dbt test (geen_rijen) and by the publish gate buurt_in_hoogstens_een_kern.
with kern_buurt as (
    select * from {{ ref('stg_kernen__kern_buurt') }}
),

final as (
    select
        buurtcode,
        count(*) as keer,
        string_agg(distinct kern, ', ' order by kern) as kernen
    from kern_buurt
    group by buurtcode
    having count(*) > 1
)

select * from final
