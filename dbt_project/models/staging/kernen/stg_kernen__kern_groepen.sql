with source as (
    select * from {{ source('kernen', 'kern_groepen') }}
),

final as (
    select
        cast(gemeentecode as varchar) as gemeentecode,
        cast(groep as varchar) as groep,
        cast(kern as varchar) as kern,
        nullif(trim(cast(omschrijving as varchar)), '') as omschrijving
    from source
)

select * from final
