-- Buurten that CBS publishes for a configured gemeente in some year but that the kern mapping lacks.
-- Reported (and checked), never silently dropped.
with harmonised as (
    select * from {{ ref('int_kwb_harmonised') }}
    where region_level = 'BU' and measure = 'inwoners'
),

kern_buurt as (
    select * from {{ ref('stg_kernen__kern_buurt') }}
),

final as (
    select
        harmonised.gemeentecode,
        harmonised.region_code as buurtcode,
        harmonised.region_name,
        harmonised.year,
        harmonised.value as inwoners
    from harmonised
    left join kern_buurt on harmonised.region_code = kern_buurt.buurtcode
    where kern_buurt.buurtcode is null
)

select * from final
