-- One row per buurt with its kern, how it was assigned, and its simplified boundary (for maps).
with kern_buurt as (
    select * from {{ ref('stg_kernen__kern_buurt') }}
),

geometrie as (
    select * from {{ ref('stg_cbs__buurt_geometrie') }}
),

final as (
    select
        kern_buurt.gemeentecode,
        kern_buurt.kern,
        kern_buurt.wijkcode,
        kern_buurt.buurtcode,
        kern_buurt.buurtnaam,
        kern_buurt.basis,
        kern_buurt.bron,
        geometrie.geometry_geojson
    from kern_buurt
    left join geometrie on kern_buurt.buurtcode = geometrie.buurtcode
)

select * from final
