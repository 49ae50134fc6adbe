-- Jaarbeeld kerngericht werken: the yearly participation picture for the raad, per gemeente and period (every
-- span jaar_van..jaar_tot of the years from the first to the last year its subsidies, kernagenda points (taken up
-- or realised) or measured goals cover; one year is jaar_van = jaar_tot). A period without any grant has one row
-- geen_subsidies that says so: "geen subsidies in deze periode", or "geen subsidie-export geladen" when the gemeente
-- has none at all. One row per
-- figure, in the order the page, the PDF and `kernmonitor export --format jaarbeeld` show them, each with its
-- source and date. The one definition of every figure:
--   initiatieven: toegekende leefbaarheidsbudget-aanvragen with jaar in the period, and their total;
--   kernen bereikt: kernen with at least one of those, of all kernen of the gemeente (the others named);
--   kernenbudget: applications (any status), of which toegekend and naming a kernagenda point;
--   platforms: distinct (kern, regeling as written) with a toegekende platformsubsidie, and their total;
--   kernagenda (latest peildatum of every kern): points taken up in the period, points realised in the period
--   (jaar_gereed), points open longer than var('kernagenda_max_open_years') at the peildatum;
--   budgets: spend against the pot per regeling (pot x years; seed regelingen, 'aanname' when the pot or the
--   maximum is assumed: an assumed maximum is named as such, never stated as the gemeente's own);
--   processing time: median and slowest days from application to decision over all decided applications;
--   goals: their status in the period's last year (marts.kern_doelen).

with

applications as (

    select * from {{ ref('subsidie_aanvragen') }}

),

budgets as (

    select * from {{ ref('subsidie_budgetten') }}

),

points as (

    select * from {{ ref('kern_kernagenda') }}

),

goals as (

    select * from {{ ref('kern_doelen') }}

),

kernen as (

    select
        gemeentecode,
        kern
    from {{ ref('kernen') }}

),

covered_years as (

    select
        gemeentecode,
        jaar
    from applications
    union
    select
        gemeentecode,
        jaar_opgenomen as jaar
    from points
    where jaar_opgenomen is not null
    union
    select
        gemeentecode,
        jaar_gereed as jaar
    from points
    where jaar_gereed is not null
    union
    select
        gemeentecode,
        jaar
    from goals
    where waarde is not null

),

years as (

    -- Every year from the first to the last covered one: a year in between without data is a year without grants
    -- (the subsidy exports come per year), not a year without an export.
    select
        gemeentecode,
        cast(unnest(generate_series(min(jaar), max(jaar))) as integer) as jaar
    from covered_years
    group by gemeentecode

),

subsidy_gemeenten as (

    select distinct gemeentecode
    from applications

),

periods as (

    select
        van.gemeentecode,
        van.jaar as jaar_van,
        tot.jaar as jaar_tot
    from years as van
    inner join years as tot
        on
            van.gemeentecode = tot.gemeentecode
            and van.jaar <= tot.jaar

),

in_period as (

    select
        periods.jaar_van,
        periods.jaar_tot,
        applications.*
    from periods
    inner join applications
        on
            periods.gemeentecode = applications.gemeentecode
            and applications.jaar between periods.jaar_van and periods.jaar_tot

),

subsidy_figures as (

    select
        gemeentecode,
        jaar_van,
        jaar_tot,
        count(*) filter (
            where regeling = 'leefbaarheidsbudget' and status = 'toegekend'
        ) as initiatieven,
        coalesce(sum(bedrag_toegekend) filter (
            where regeling = 'leefbaarheidsbudget' and status = 'toegekend'
        ), 0) as initiatieven_bedrag,
        count(distinct kern) filter (
            where regeling = 'leefbaarheidsbudget' and status = 'toegekend'
        ) as kernen_bereikt,
        count(*) filter (where regeling = 'kernenbudget') as kernenbudget_aanvragen,
        count(*) filter (where regeling = 'kernenbudget' and voert_kernagendapunt_uit) as kernenbudget_kernagenda,
        count(distinct kern || '|' || coalesce(regeling_bron, regeling)) filter (
            where regeling = 'platformsubsidie' and status = 'toegekend'
        ) as platforms,
        coalesce(sum(bedrag_toegekend) filter (
            where regeling = 'platformsubsidie' and status = 'toegekend'
        ), 0) as platforms_bedrag,
        median(doorlooptijd_dagen) as doorlooptijd_mediaan,
        max(doorlooptijd_dagen) as doorlooptijd_langste,
        'subsidie-export: ' || string_agg(distinct bron_bestand, ', ' order by bron_bestand) as bron,
        cast(max(geladen_op) as date) as bron_datum,
        bool_or(synthetisch) as synthetisch
    from in_period
    group by gemeentecode, jaar_van, jaar_tot

),

kern_counts as (

    select
        gemeentecode,
        count(*) as kernen_totaal
    from kernen
    group by gemeentecode

),

not_reached as (

    select
        periods.gemeentecode,
        periods.jaar_van,
        periods.jaar_tot,
        string_agg(kernen.kern, ', ' order by kernen.kern) as namen
    from periods
    inner join kernen
        on periods.gemeentecode = kernen.gemeentecode
    where
        not exists (
            select 1
            from in_period
            where
                in_period.gemeentecode = periods.gemeentecode
                and in_period.jaar_van = periods.jaar_van
                and in_period.jaar_tot = periods.jaar_tot
                and in_period.kern = kernen.kern
                and in_period.regeling = 'leefbaarheidsbudget'
                and in_period.status = 'toegekend'
        )
    group by periods.gemeentecode, periods.jaar_van, periods.jaar_tot

),

agenda_figures as (

    select
        periods.gemeentecode,
        periods.jaar_van,
        periods.jaar_tot,
        count(*) filter (where points.jaar_opgenomen between periods.jaar_van and periods.jaar_tot) as nieuw,
        count(*) filter (
            where points.status = 'gerealiseerd' and points.jaar_gereed between periods.jaar_van and periods.jaar_tot
        ) as gerealiseerd,
        count(*) filter (where points.is_lang_open) as lang_open,
        'kernagenda-export, peildatum ' || strftime(max(points.peildatum), '%d-%m-%Y') as bron,
        max(points.peildatum) as bron_datum,
        bool_or(points.synthetisch) as synthetisch
    from periods
    inner join points
        on periods.gemeentecode = points.gemeentecode
    group by periods.gemeentecode, periods.jaar_van, periods.jaar_tot

),

budget_figures as (

    select
        periods.gemeentecode,
        periods.jaar_van,
        periods.jaar_tot,
        budgets.regeling,
        sum(budgets.besteed) as besteed,
        sum(budgets.pot) as pot,
        count(budgets.pot) = count(*) as pot_elk_jaar,
        bool_or(budgets.pot_aanname) as pot_aanname,
        bool_or(budgets.maximum_aanname) as maximum_aanname,
        sum(budgets.boven_maximum) as boven_maximum,
        any_value(budgets.maximum_per_aanvraag) as maximum_per_aanvraag,
        max(budgets.bron_datum) as bron_datum,
        bool_or(budgets.synthetisch) as synthetisch
    from periods
    inner join budgets
        on
            periods.gemeentecode = budgets.gemeentecode
            and budgets.jaar between periods.jaar_van and periods.jaar_tot
    group by periods.gemeentecode, periods.jaar_van, periods.jaar_tot, budgets.regeling

),

goal_figures as (

    select
        periods.gemeentecode,
        periods.jaar_van,
        periods.jaar_tot,
        goals.status,
        count(*) as doelen,
        'doelenbestand: ' || string_agg(distinct goals.bron_bestand, ', ') as bron,
        bool_or(goals.synthetisch or goals.voorbeeld) as synthetisch
    from periods
    inner join goals
        on
            periods.gemeentecode = goals.gemeentecode
            and periods.jaar_tot = goals.jaar
    group by periods.gemeentecode, periods.jaar_van, periods.jaar_tot, goals.status

),

no_subsidies as (

    select
        periods.gemeentecode,
        periods.jaar_van,
        periods.jaar_tot,
        subsidy_gemeenten.gemeentecode is not null as heeft_export
    from periods
    left join subsidy_gemeenten
        on periods.gemeentecode = subsidy_gemeenten.gemeentecode
    where
        not exists (
            select 1
            from in_period
            where
                in_period.gemeentecode = periods.gemeentecode
                and in_period.jaar_van = periods.jaar_van
                and in_period.jaar_tot = periods.jaar_tot
        )

),

figures as (

    select
        no_subsidies.gemeentecode,
        no_subsidies.jaar_van,
        no_subsidies.jaar_tot,
        9 as volgorde,
        'Subsidies' as onderdeel,
        'geen_subsidies' as figuur,
        'Subsidies (leefbaarheidsbudget, kernenbudget, platforms)' as label,
        cast(null as double) as waarde,
        cast(null as double) as noemer,
        'aantal' as eenheid,
        case
            when no_subsidies.heeft_export then 'geen subsidies in deze periode' else 'geen subsidie-export geladen'
        end as toelichting,
        case when no_subsidies.heeft_export then 'subsidie-export' else 'geen subsidie-export' end as bron,
        cast(null as date) as bron_datum,
        false as synthetisch
    from no_subsidies
    union all
    select
        subsidy_figures.gemeentecode,
        subsidy_figures.jaar_van,
        subsidy_figures.jaar_tot,
        10 as volgorde,
        'Initiatieven' as onderdeel,
        'initiatieven' as figuur,
        'Initiatieven gesteund uit het leefbaarheidsbudget' as label,
        cast(subsidy_figures.initiatieven as double) as waarde,
        cast(null as double) as noemer,
        'aantal' as eenheid,
        cast(null as varchar) as toelichting,
        subsidy_figures.bron,
        subsidy_figures.bron_datum,
        subsidy_figures.synthetisch
    from subsidy_figures
    union all
    select
        subsidy_figures.gemeentecode,
        subsidy_figures.jaar_van,
        subsidy_figures.jaar_tot,
        11 as volgorde,
        'Initiatieven' as onderdeel,
        'initiatieven_bedrag' as figuur,
        'Toegekend aan initiatieven' as label,
        cast(subsidy_figures.initiatieven_bedrag as double) as waarde,
        cast(null as double) as noemer,
        'euro' as eenheid,
        cast(null as varchar) as toelichting,
        subsidy_figures.bron,
        subsidy_figures.bron_datum,
        subsidy_figures.synthetisch
    from subsidy_figures
    union all
    select
        subsidy_figures.gemeentecode,
        subsidy_figures.jaar_van,
        subsidy_figures.jaar_tot,
        12 as volgorde,
        'Initiatieven' as onderdeel,
        'kernen_bereikt' as figuur,
        'Kernen bereikt met het leefbaarheidsbudget' as label,
        cast(subsidy_figures.kernen_bereikt as double) as waarde,
        cast(kern_counts.kernen_totaal as double) as noemer,
        'kernen' as eenheid,
        case when not_reached.namen is null then 'alle kernen bereikt' else 'niet bereikt: ' || not_reached.namen end
            as toelichting,
        subsidy_figures.bron,
        subsidy_figures.bron_datum,
        subsidy_figures.synthetisch
    from subsidy_figures
    inner join kern_counts
        on subsidy_figures.gemeentecode = kern_counts.gemeentecode
    left join not_reached
        on
            subsidy_figures.gemeentecode = not_reached.gemeentecode
            and subsidy_figures.jaar_van = not_reached.jaar_van
            and subsidy_figures.jaar_tot = not_reached.jaar_tot
    union all
    select
        subsidy_figures.gemeentecode,
        subsidy_figures.jaar_van,
        subsidy_figures.jaar_tot,
        20 as volgorde,
        'Kernenbudget' as onderdeel,
        'kernenbudget_aanvragen' as figuur,
        'Aanvragen kernenbudget' as label,
        cast(subsidy_figures.kernenbudget_aanvragen as double) as waarde,
        cast(null as double) as noemer,
        'aantal' as eenheid,
        cast(null as varchar) as toelichting,
        subsidy_figures.bron,
        subsidy_figures.bron_datum,
        subsidy_figures.synthetisch
    from subsidy_figures
    union all
    select
        subsidy_figures.gemeentecode,
        subsidy_figures.jaar_van,
        subsidy_figures.jaar_tot,
        21 as volgorde,
        'Kernenbudget' as onderdeel,
        'kernenbudget_kernagenda' as figuur,
        'Toegekend en voert een kernagendapunt uit' as label,
        cast(subsidy_figures.kernenbudget_kernagenda as double) as waarde,
        cast(subsidy_figures.kernenbudget_aanvragen as double) as noemer,
        'aantal' as eenheid,
        cast(null as varchar) as toelichting,
        subsidy_figures.bron,
        subsidy_figures.bron_datum,
        subsidy_figures.synthetisch
    from subsidy_figures
    union all
    select
        subsidy_figures.gemeentecode,
        subsidy_figures.jaar_van,
        subsidy_figures.jaar_tot,
        30 as volgorde,
        'Platforms' as onderdeel,
        'platforms' as figuur,
        'Platforms met subsidie' as label,
        cast(subsidy_figures.platforms as double) as waarde,
        cast(null as double) as noemer,
        'aantal' as eenheid,
        cast(null as varchar) as toelichting,
        subsidy_figures.bron,
        subsidy_figures.bron_datum,
        subsidy_figures.synthetisch
    from subsidy_figures
    union all
    select
        subsidy_figures.gemeentecode,
        subsidy_figures.jaar_van,
        subsidy_figures.jaar_tot,
        31 as volgorde,
        'Platforms' as onderdeel,
        'platforms_bedrag' as figuur,
        'Toegekend aan platforms' as label,
        cast(subsidy_figures.platforms_bedrag as double) as waarde,
        cast(null as double) as noemer,
        'euro' as eenheid,
        cast(null as varchar) as toelichting,
        subsidy_figures.bron,
        subsidy_figures.bron_datum,
        subsidy_figures.synthetisch
    from subsidy_figures
    union all
    select
        agenda_figures.gemeentecode,
        agenda_figures.jaar_van,
        agenda_figures.jaar_tot,
        40 as volgorde,
        'Kernagenda' as onderdeel,
        'kernagenda_nieuw' as figuur,
        'Nieuwe actiepunten (opgenomen in de periode)' as label,
        cast(agenda_figures.nieuw as double) as waarde,
        cast(null as double) as noemer,
        'aantal' as eenheid,
        cast(null as varchar) as toelichting,
        agenda_figures.bron,
        agenda_figures.bron_datum,
        agenda_figures.synthetisch
    from agenda_figures
    union all
    select
        agenda_figures.gemeentecode,
        agenda_figures.jaar_van,
        agenda_figures.jaar_tot,
        41 as volgorde,
        'Kernagenda' as onderdeel,
        'kernagenda_gerealiseerd' as figuur,
        'Actiepunten gerealiseerd in de periode' as label,
        cast(agenda_figures.gerealiseerd as double) as waarde,
        cast(null as double) as noemer,
        'aantal' as eenheid,
        cast(null as varchar) as toelichting,
        agenda_figures.bron,
        agenda_figures.bron_datum,
        agenda_figures.synthetisch
    from agenda_figures
    union all
    select
        agenda_figures.gemeentecode,
        agenda_figures.jaar_van,
        agenda_figures.jaar_tot,
        42 as volgorde,
        'Kernagenda' as onderdeel,
        'kernagenda_lang_open' as figuur,
        'Actiepunten lang open (meer dan {{ var("kernagenda_max_open_years") }} jaar, op de peildatum)' as label,
        cast(agenda_figures.lang_open as double) as waarde,
        cast(null as double) as noemer,
        'aantal' as eenheid,
        cast(null as varchar) as toelichting,
        agenda_figures.bron,
        agenda_figures.bron_datum,
        agenda_figures.synthetisch
    from agenda_figures
    union all
    select
        budget_figures.gemeentecode,
        budget_figures.jaar_van,
        budget_figures.jaar_tot,
        50
        + case budget_figures.regeling when 'leefbaarheidsbudget' then 0 when 'kernenbudget' then 1 else 2 end
            as volgorde,
        'Budgetten' as onderdeel,
        'besteed_' || budget_figures.regeling as figuur,
        'Besteed uit ' || budget_figures.regeling as label,
        cast(budget_figures.besteed as double) as waarde,
        case when budget_figures.pot_elk_jaar then cast(budget_figures.pot as double) end as noemer,
        'euro' as eenheid,
        concat_ws(
            '; ',
            case
                when not budget_figures.pot_elk_jaar then 'geen jaarbudget bekend'
                when budget_figures.pot_aanname then 'budget: aanname'
            end,
            budget_figures.boven_maximum || ' toegekend boven '
            || case when budget_figures.maximum_aanname then 'een aangenomen maximum' else 'het maximum' end
            || ' van € '
            || replace(format('{:,}', cast(budget_figures.maximum_per_aanvraag as integer)), ',', '.')
            || ' per aanvraag'
            || case
                when budget_figures.maximum_aanname then ' (aanname: niet uit de stukken van de gemeente)' else ''
            end
        ) as toelichting,
        'subsidie-export; budgetten: dbt_project/seeds/regelingen.csv' as bron,
        budget_figures.bron_datum,
        budget_figures.synthetisch
    from budget_figures
    union all
    select
        subsidy_figures.gemeentecode,
        subsidy_figures.jaar_van,
        subsidy_figures.jaar_tot,
        60 as volgorde,
        'Doorlooptijd' as onderdeel,
        'doorlooptijd_mediaan' as figuur,
        'Doorlooptijd van aanvraag tot besluit (mediaan)' as label,
        cast(subsidy_figures.doorlooptijd_mediaan as double) as waarde,
        cast(null as double) as noemer,
        'dagen' as eenheid,
        cast(null as varchar) as toelichting,
        subsidy_figures.bron,
        subsidy_figures.bron_datum,
        subsidy_figures.synthetisch
    from subsidy_figures
    union all
    select
        subsidy_figures.gemeentecode,
        subsidy_figures.jaar_van,
        subsidy_figures.jaar_tot,
        61 as volgorde,
        'Doorlooptijd' as onderdeel,
        'doorlooptijd_langste' as figuur,
        'Doorlooptijd van aanvraag tot besluit (langste)' as label,
        cast(subsidy_figures.doorlooptijd_langste as double) as waarde,
        cast(null as double) as noemer,
        'dagen' as eenheid,
        cast(null as varchar) as toelichting,
        subsidy_figures.bron,
        subsidy_figures.bron_datum,
        subsidy_figures.synthetisch
    from subsidy_figures
    union all
    select
        goal_figures.gemeentecode,
        goal_figures.jaar_van,
        goal_figures.jaar_tot,
        70
        + case goal_figures.status when 'behaald' then 0 when 'op koers' then 1 when 'achter' then 2 else 3 end
            as volgorde,
        'Doelen' as onderdeel,
        'doelen_' || replace(goal_figures.status, ' ', '_') as figuur,
        'Doelen: ' || goal_figures.status as label,
        cast(goal_figures.doelen as double) as waarde,
        cast(null as double) as noemer,
        'aantal' as eenheid,
        'stand in ' || goal_figures.jaar_tot as toelichting,
        goal_figures.bron,
        cast(null as date) as bron_datum,
        goal_figures.synthetisch
    from goal_figures

),

final as (

    select
        gemeentecode,
        cast(jaar_van as integer) as jaar_van,
        cast(jaar_tot as integer) as jaar_tot,
        cast(volgorde as integer) as volgorde,
        onderdeel,
        figuur,
        label,
        waarde,
        noemer,
        eenheid,
        toelichting,
        bron,
        cast(bron_datum as date) as bron_datum,
        coalesce(synthetisch, false) as synthetisch
    from figures

)

select * from final
