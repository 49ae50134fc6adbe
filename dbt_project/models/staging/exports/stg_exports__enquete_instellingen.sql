-- The survey threshold (kernmonitor.toml enquete_min_n, default 10): the last value written, never below 1.
with

settings as (

    select * from {{ source('exports', 'enquete_instellingen') }}

),

final as (

    select greatest(coalesce(max(min_n), 10), 1) as min_n
    from settings

)

select * from final
