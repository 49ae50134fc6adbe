-- One row per goal (doel) and year, from its basisjaar to its streefjaar and on to the latest year with data:
-- the value of its scope (a kern, a named group of kernen, the gemeente), the straight path from the baseline to
-- the target, the distance to that path and a status. The rule (docs/doelen.md, the Doelen page):
--   geen gegevens  no value this year (or no baseline value): the reason says why; an indicator kernmonitor does
--                  not hold yet (a survey score) has none in any year: "nog geen gegevens in kernmonitor (enquête)";
--   behaald        the value has reached the streefwaarde (in the better direction);
--   op koers       not yet, but at most var doel_marge of the planned change |streefwaarde - basiswaarde| behind
--                  the path (after the streefjaar the path is the streefwaarde itself);
--   achter         further behind the path than that.
-- Values: a kern's from marts.kern_indicators; the gemeente's own figure (gemeente_waarde: CBS's gemeente figure,
-- not our sum over the kernen); a group's from its kernen by the indicator's group rule (marts.
-- indicator_groepsregel): counts summed (only when every kern has a value), shares and averages weighted by their
-- base (or by inhabitants), growth weighted by the previous year's count; a class (urbanity) is not aggregated.
with

goals as (

    select * from {{ ref('stg_exports__doelen') }}

),

catalogue as (

    select * from {{ ref('int_indicator_catalogue') }}

),

indicators as (

    select * from {{ ref('kern_indicators') }}

),

groups as (

    select * from {{ ref('kern_groepen') }}

),

rules as (

    select * from {{ ref('indicator_groepsregel') }}

),

gemeenten as (

    select
        gemeentecode,
        max(gemeentenaam) as gemeentenaam,
        max(jaar) as laatste_jaar
    from indicators
    group by gemeentecode

),

kern_values as (

    select
        gemeentecode,
        'kern' as scope_soort,
        kern as scope,
        indicator_id,
        jaar,
        waarde,
        dekking,
        synthetisch,
        case when waarde is null then status end as reden,
        bron_tabel
    from indicators

),

gemeente_values as (

    select
        gemeentecode,
        'gemeente' as scope_soort,
        'gemeente' as scope,
        indicator_id,
        jaar,
        max(gemeente_waarde) as waarde,
        case when max(gemeente_waarde) is not null then 1.0 end as dekking,
        bool_or(gemeente_synthetisch) as synthetisch,
        case
            when max(gemeente_waarde) is null then 'geen gegevens: geen cijfer van de gemeente voor dit jaar'
        end as reden,
        max(bron_tabel) as bron_tabel
    from indicators
    group by gemeentecode, indicator_id, jaar

),

-- Every kern of a group with its value and the weight the group rule gives it.
group_members as (

    select
        groups.gemeentecode,
        groups.groep,
        indicators.indicator_id,
        indicators.jaar,
        indicators.waarde,
        indicators.synthetisch,
        indicators.bron_tabel,
        rules.regel,
        weights.waarde as gewicht
    from groups
    inner join indicators
        on groups.gemeentecode = indicators.gemeentecode and groups.kern = indicators.kern
    inner join rules
        on indicators.indicator_id = rules.indicator_id
    left join indicators as weights
        on
            indicators.gemeentecode = weights.gemeentecode
            and indicators.kern = weights.kern
            and rules.gewicht_indicator = weights.indicator_id
            -- growth: weighted by the count of the previous year (exactly the growth of the summed count)
            and weights.jaar = indicators.jaar - case when rules.regel = 'groei' then 1 else 0 end

),

group_aggregated as (

    select
        gemeentecode,
        groep,
        indicator_id,
        jaar,
        any_value(regel) as regel,
        count(*) as kernen,
        count(waarde) as kernen_met_waarde,
        sum(waarde) as som,
        sum(waarde * gewicht) filter (where waarde is not null and gewicht is not null) as gewogen_som,
        sum(gewicht) filter (where waarde is not null and gewicht is not null) as gewicht_met_waarde,
        sum(gewicht) as gewicht_totaal,
        bool_or(synthetisch) as synthetisch,
        max(bron_tabel) as bron_tabel
    from group_members
    group by gemeentecode, groep, indicator_id, jaar

),

group_values as (

    select
        gemeentecode,
        'groep' as scope_soort,
        groep as scope,
        indicator_id,
        jaar,
        case
            when regel = 'som' and kernen_met_waarde = kernen then som
            when
                regel in ('gewogen', 'groei')
                and gewicht_met_waarde > 0
                and gewicht_met_waarde / gewicht_totaal >= {{ var('kern_min_coverage') }}
                then gewogen_som / gewicht_met_waarde
        end as waarde,
        case
            when regel = 'som' then kernen_met_waarde / kernen
            when gewicht_totaal > 0 then coalesce(gewicht_met_waarde, 0) / gewicht_totaal
        end as dekking,
        synthetisch,
        case
            when regel = 'mediaan' then 'geen gegevens: een klasse wordt niet over een groep kernen berekend'
            when regel = 'som' and kernen_met_waarde < kernen
                then 'geen gegevens: niet elke kern van de groep heeft een waarde'
            when
                coalesce(gewicht_met_waarde, 0) = 0
                or gewicht_met_waarde / gewicht_totaal < {{ var('kern_min_coverage') }}
                then 'geen gegevens: te weinig kernen van de groep hebben een waarde'
        end as reden,
        bron_tabel
    from group_aggregated

),

scope_values as (

    select * from kern_values
    union all by name
    select * from gemeente_values
    union all by name
    select * from group_values

),

-- Every goal, once per year from its basisjaar to its streefjaar, or to the latest data year when that is later.
goal_years as (

    select
        goals.*,
        gemeenten.gemeentenaam,
        gemeenten.laatste_jaar,
        unnest(
            generate_series(goals.basisjaar, greatest(goals.streefjaar, coalesce(gemeenten.laatste_jaar, 0)))
        ) as jaar
    from goals
    left join gemeenten
        on goals.gemeentecode = gemeenten.gemeentecode

),

with_values as (

    select
        goal_years.*,
        catalogue.label as catalogus_label,
        catalogue.eenheid,
        cast(catalogue.decimalen as integer) as decimalen,
        catalogue.programma as catalogus_programma,
        catalogue.bron as catalogus_bron,
        case when goal_years.in_catalogus then scope_values.waarde end as waarde,
        scope_values.dekking,
        coalesce(scope_values.synthetisch, false) as synthetisch,
        scope_values.reden as waarde_reden,
        scope_values.bron_tabel,
        base.waarde as basiswaarde_gegevens
    from goal_years
    left join catalogue
        on goal_years.indicator_id = catalogue.indicator_id
    left join scope_values
        on
            goal_years.gemeentecode = scope_values.gemeentecode
            and goal_years.scope_soort = scope_values.scope_soort
            and goal_years.scope = scope_values.scope
            and goal_years.indicator_id = scope_values.indicator_id
            and goal_years.jaar = scope_values.jaar
    left join scope_values as base
        on
            goal_years.gemeentecode = base.gemeentecode
            and goal_years.scope_soort = base.scope_soort
            and goal_years.scope = base.scope
            and goal_years.indicator_id = base.indicator_id
            and goal_years.basisjaar = base.jaar

),

with_path as (

    select
        *,
        coalesce(basiswaarde, basiswaarde_gegevens) as basis,
        case when richting = 'lager_beter' then -1 else 1 end as teken
    from with_values

),

measured as (

    select
        *,
        case
            when basis is null then null
            when jaar >= streefjaar then streefwaarde
            else basis + (streefwaarde - basis) * (jaar - basisjaar) / (streefjaar - basisjaar)
        end as pad_waarde,
        {{ var('doel_marge') }} * abs(streefwaarde - basis) as marge
    from with_path

),

judged as (

    select
        *,
        concat_ws('|', gemeentecode, scope_soort, scope, indicator_id, streefjaar) as doel_id,
        (waarde - pad_waarde) * teken as afstand_tot_pad,
        case
            when not in_catalogus or waarde is null or basis is null then 'geen gegevens'
            when (waarde - streefwaarde) * teken >= 0 then 'behaald'
            when (waarde - pad_waarde) * teken >= -marge then 'op koers'
            else 'achter'
        end as status,
        case
            when not in_catalogus then 'nog geen gegevens in kernmonitor (enquête)'
            when basis is null then 'geen basiswaarde: geen gegevens in het basisjaar ' || basisjaar
            when waarde is null and jaar > laatste_jaar
                then 'nog geen gegevens: kernmonitor heeft cijfers tot en met ' || laatste_jaar
            when waarde is null then coalesce(waarde_reden, 'geen gegevens voor dit jaar')
        end as reden
    from measured

),

final as (

    select
        doel_id,
        gemeentecode,
        gemeentenaam,
        scope,
        scope_soort,
        indicator_id,
        coalesce(catalogus_label, omschrijving, indicator_id) as label,
        omschrijving,
        eenheid,
        coalesce(decimalen, 1) as decimalen,
        coalesce(programma, catalogus_programma) as programma,
        eigenaar,
        brondocument,
        richting,
        in_catalogus,
        basisjaar,
        basis as basiswaarde,
        basiswaarde is null as basis_uit_gegevens,
        streefjaar,
        streefwaarde,
        jaar,
        waarde,
        pad_waarde,
        afstand_tot_pad,
        marge,
        status,
        reden,
        dekking,
        synthetisch,
        coalesce(catalogus_bron, 'doelenbestand van de gemeente') as bron,
        bron_tabel,
        bron_bestand,
        voorbeeld,
        -- The goal's current standing: its latest year with a value, else (no value at all) its last year.
        jaar = coalesce(
            max(case when waarde is not null then jaar end) over (partition by doel_id),
            max(jaar) over (partition by doel_id)
        ) as is_huidige_stand
    from judged

)

select * from final
