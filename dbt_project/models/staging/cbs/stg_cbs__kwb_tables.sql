with source as (
    select * from {{ source('cbs', 'kwb_tables') }}
),

final as (
    select
        table_id,
        cast(year as integer) as year,
        title,
        revision,
        resolved_measures,
        missing_measures,
        metadata_sha256,
        source_kind,
        regions,
        loaded_at
    from source
)

select * from final
