with source as (
    select * from {{ source('cbs', 'buurt_geometrie') }}
),

final as (
    select
        buurtcode,
        buurtnaam,
        geometry_geojson
    from source
)

select * from final
