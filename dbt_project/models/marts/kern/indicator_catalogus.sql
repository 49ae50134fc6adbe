-- The indicator catalogue as the dashboard and exports show it (one row per indicator).
with catalogue as (
    select * from {{ ref('indicators') }}
),

final as (
    select
        indicator_id,
        label,
        uitleg,
        thema,
        programma,
        eenheid,
        berekening,
        teller,
        noemer,
        richting,
        bron,
        cast(decimalen as integer) as decimalen,
        cast(structureel as boolean) as structureel
    from catalogue
)

select * from final
