with source as (
    select * from {{ source('kernen', 'kern_buurt') }}
),

final as (
    select
        gemeentecode,
        wijkcode,
        buurtcode,
        buurtnaam,
        kern,
        basis,
        bron
    from source
)

select * from final
