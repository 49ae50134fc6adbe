-- The indicator catalogue as the dashboard and exports show it (one row per indicator): the seed and the
-- gemeenten's own indicators (eigen cijfers, eigen_cijfer = true; docs/eigen-cijfers.md).
with catalogue as (
    select * from {{ ref('int_indicator_catalogue') }}
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
        cast(structureel as boolean) as structureel,
        eigen_cijfer
    from catalogue
)

select * from final
