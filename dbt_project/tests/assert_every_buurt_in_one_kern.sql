-- Every buurt that CBS publishes for a configured gemeente belongs to exactly one kern.
with unmapped as (
    select
        buurtcode,
        'buurt zonder kern' as probleem
    from {{ ref('int_kwb_unmapped_buurten') }}
),

doubled as (
    select
        buurtcode,
        'buurt in meer dan een kern' as probleem
    from {{ ref('stg_kernen__kern_buurt') }}
    group by buurtcode
    having count(distinct kern) > 1
),

final as (
    select * from unmapped
    union all
    select * from doubled
)

select * from final
