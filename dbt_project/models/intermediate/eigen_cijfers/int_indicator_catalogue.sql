-- The whole indicator catalogue: the seed (CBS, Leefbaarometer, exports, surveys) and the gemeenten's own
-- indicators (eigen cijfers). Every model that lists the catalogue's indicators reads this, so an own indicator is
-- a member like any other (kern_indicators, the profile, compare, Kansenkaart, goals, Effectmeting).
with seed as (
    select * from {{ ref('indicators') }}
),

own as (
    select * from {{ ref('int_eigen_cijfers_definities') }}
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
        cast(factor as double) as factor,
        richting,
        bron,
        cast(decimalen as integer) as decimalen,
        cast(structureel as boolean) as structureel,
        false as eigen_cijfer
    from seed
    union all
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
        factor,
        richting,
        bron,
        decimalen,
        structureel,
        true as eigen_cijfer
    from own
)

select * from final
