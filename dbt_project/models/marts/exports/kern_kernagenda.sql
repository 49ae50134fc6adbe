-- The kernagenda of every kern as it stood at its latest peildatum, one row per action point, for the
-- dashboard's filters (status, trekker, thema, programma). A trekker is a role, never a name.

with

points as (

    select * from {{ ref('stg_exports__kernagenda') }}

),

latest_peildatum as (

    select
        gemeentecode,
        kern,
        max(peildatum) as peildatum
    from points
    group by gemeentecode, kern

),

latest_points as (

    select points.*
    from points
    inner join latest_peildatum
        on
            points.gemeentecode = latest_peildatum.gemeentecode
            and points.kern = latest_peildatum.kern
            and points.peildatum = latest_peildatum.peildatum

),

final as (

    select
        gemeentecode,
        kern,
        peildatum,
        nummer,
        actiepunt,
        thema,
        programma,
        trekker,
        status,
        case
            when status in ('idee', 'in onderzoek', 'in uitvoering') then 'open'
            when status = 'gerealiseerd' then 'gerealiseerd'
            else 'afgesloten'
        end as status_groep,
        jaar_opgenomen,
        jaar_gereed,
        cast(extract(year from peildatum) - jaar_opgenomen as integer) as jaren_op_agenda,
        status in ('idee', 'in onderzoek', 'in uitvoering')
        and extract(year from peildatum) - jaar_opgenomen > {{ var('kernagenda_max_open_years') }}
            as is_lang_open,
        synthetisch
    from latest_points

)

select * from final
