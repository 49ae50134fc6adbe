-- Progress of every kern's kernagenda per peildatum, and the change since the kern's previous peildatum.
-- The yearly cycle: points are gathered before March (for the Perspectiefnota) and evaluated before
-- December; ronde names which of the two a peildatum is.

with

points as (

    select * from {{ ref('stg_exports__kernagenda') }}

),

summarised as (

    select * from {{ ref('int_kern_kernagenda_summarised') }}

),

counted as (

    select
        gemeentecode,
        kern,
        peildatum,
        count(*) filter (where status = 'idee') as punten_idee,
        count(*) filter (where status = 'in onderzoek') as punten_in_onderzoek,
        count(*) filter (where status = 'in uitvoering') as punten_in_uitvoering,
        count(*) filter (where status = 'niet haalbaar') as punten_niet_haalbaar,
        count(*) filter (where status = 'vervallen') as punten_vervallen,
        count(*) filter (where trekker = 'inwoners') as trekker_inwoners,
        count(*) filter (where trekker = 'gemeente') as trekker_gemeente,
        count(*) filter (where trekker = 'samen') as trekker_samen,
        count(*) filter (where trekker = 'extern') as trekker_extern
    from points
    group by gemeentecode, kern, peildatum

),

with_previous as (

    select
        summarised.*,
        lag(summarised.peildatum) over (
            partition by summarised.gemeentecode, summarised.kern order by summarised.peildatum
        ) as vorige_peildatum,
        lag(summarised.punten_open) over (
            partition by summarised.gemeentecode, summarised.kern order by summarised.peildatum
        ) as vorige_punten_open,
        lag(summarised.aandeel_gerealiseerd) over (
            partition by summarised.gemeentecode, summarised.kern order by summarised.peildatum
        ) as vorige_aandeel_gerealiseerd
    from summarised

),

point_changes as (

    select
        with_previous.gemeentecode,
        with_previous.kern,
        with_previous.peildatum,
        count(*) filter (where earlier.nummer is null) as punten_nieuw,
        count(*) filter (
            where now_points.status = 'gerealiseerd' and coalesce(earlier.status, '') <> 'gerealiseerd'
        ) as punten_nieuw_gerealiseerd
    from with_previous
    inner join points as now_points
        on
            with_previous.gemeentecode = now_points.gemeentecode
            and with_previous.kern = now_points.kern
            and with_previous.peildatum = now_points.peildatum
    left join points as earlier
        on
            with_previous.gemeentecode = earlier.gemeentecode
            and with_previous.kern = earlier.kern
            and with_previous.vorige_peildatum = earlier.peildatum
            and now_points.nummer = earlier.nummer
    where with_previous.vorige_peildatum is not null
    group by with_previous.gemeentecode, with_previous.kern, with_previous.peildatum

),

final as (

    select
        with_previous.gemeentecode,
        with_previous.kern,
        with_previous.peildatum,
        case
            when extract(month from with_previous.peildatum) <= 6
                then 'voorjaar: inventarisatie voor de Perspectiefnota'
            else 'najaar: evaluatie'
        end as ronde,
        with_previous.punten_totaal,
        cast(counted.punten_idee as bigint) as punten_idee,
        cast(counted.punten_in_onderzoek as bigint) as punten_in_onderzoek,
        cast(counted.punten_in_uitvoering as bigint) as punten_in_uitvoering,
        with_previous.punten_gerealiseerd,
        cast(counted.punten_niet_haalbaar as bigint) as punten_niet_haalbaar,
        cast(counted.punten_vervallen as bigint) as punten_vervallen,
        with_previous.punten_open,
        with_previous.aandeel_gerealiseerd,
        with_previous.punten_lang_open,
        cast(counted.trekker_inwoners as bigint) as trekker_inwoners,
        cast(counted.trekker_gemeente as bigint) as trekker_gemeente,
        cast(counted.trekker_samen as bigint) as trekker_samen,
        cast(counted.trekker_extern as bigint) as trekker_extern,
        with_previous.vorige_peildatum,
        cast(point_changes.punten_nieuw as bigint) as punten_nieuw,
        cast(point_changes.punten_nieuw_gerealiseerd as bigint) as punten_nieuw_gerealiseerd,
        with_previous.punten_open - with_previous.vorige_punten_open as verschil_punten_open,
        with_previous.aandeel_gerealiseerd - with_previous.vorige_aandeel_gerealiseerd
            as verschil_aandeel_gerealiseerd,
        with_previous.synthetisch
    from with_previous
    inner join counted
        on
            with_previous.gemeentecode = counted.gemeentecode
            and with_previous.kern = counted.kern
            and with_previous.peildatum = counted.peildatum
    left join point_changes
        on
            with_previous.gemeentecode = point_changes.gemeentecode
            and with_previous.kern = point_changes.kern
            and with_previous.peildatum = point_changes.peildatum

)

select * from final
