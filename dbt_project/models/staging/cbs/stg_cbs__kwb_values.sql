with source as (
    select * from {{ source('cbs', 'kwb_values') }}
),

final as (
    select
        table_id,
        cast(year as integer) as year,
        trim(region_code) as region_code,
        region_level,
        trim(region_name) as region_name,
        gemeentecode,
        measure,
        source_key,
        cast(value as double) as value,
        status,
        cast(synthetic as boolean) as synthetic,
        revision
    from source
)

select * from final
