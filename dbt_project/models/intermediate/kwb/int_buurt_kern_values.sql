-- KWB values of every buurt that belongs to a kern: one row per buurt, year and measure.
with harmonised as (
    select * from {{ ref('int_kwb_harmonised') }}
    where region_level = 'BU'
),

kern_buurt as (
    select * from {{ ref('stg_kernen__kern_buurt') }}
),

final as (
    select
        kern_buurt.gemeentecode,
        kern_buurt.kern,
        kern_buurt.wijkcode,
        harmonised.region_code as buurtcode,
        harmonised.year,
        harmonised.measure,
        harmonised.value,
        harmonised.status,
        harmonised.synthetic,
        harmonised.table_id,
        harmonised.revision
    from harmonised
    inner join kern_buurt on harmonised.region_code = kern_buurt.buurtcode
)

select * from final
