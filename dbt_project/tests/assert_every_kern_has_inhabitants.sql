-- A kern without inhabitants in a year means a mapping or load error, never a real kern.
with kern_inhabitants as (
    select * from {{ ref('int_kwb_kern_aggregated') }}
    where measure = 'inwoners'
),

final as (
    select *
    from kern_inhabitants
    where value is null or value <= 0
)

select * from final
