-- Kernagenda points per kern per peildatum. Open means idee, in onderzoek or in uitvoering; a point is
-- open long when it has been on the agenda more than var('kernagenda_max_open_years') years at the
-- peildatum (the peildatum's year minus the year it was taken up).

with

points as (

    select * from {{ ref('stg_exports__kernagenda') }}

),

classified as (

    select
        gemeentecode,
        kern,
        peildatum,
        status = 'gerealiseerd' as is_gerealiseerd,
        status in ('idee', 'in onderzoek', 'in uitvoering') as is_open,
        extract(year from peildatum) - jaar_opgenomen as jaren_op_agenda,
        synthetisch
    from points

),

summarised as (

    select
        gemeentecode,
        kern,
        peildatum,
        count(*) as punten_totaal,
        count(*) filter (where is_gerealiseerd) as punten_gerealiseerd,
        count(*) filter (where is_open) as punten_open,
        count(*) filter (
            where is_open and jaren_op_agenda > {{ var('kernagenda_max_open_years') }}
        ) as punten_lang_open,
        bool_or(synthetisch) as synthetisch
    from classified
    group by gemeentecode, kern, peildatum

),

final as (

    select
        gemeentecode,
        kern,
        peildatum,
        cast(punten_totaal as bigint) as punten_totaal,
        cast(punten_gerealiseerd as bigint) as punten_gerealiseerd,
        cast(punten_open as bigint) as punten_open,
        cast(punten_gerealiseerd as double) / punten_totaal as aandeel_gerealiseerd,
        cast(punten_lang_open as bigint) as punten_lang_open,
        synthetisch
    from summarised

)

select * from final
