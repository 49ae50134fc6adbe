-- Per gemeente, year and regeling: the spend against the yearly pot (seed regelingen; pot_aanname and
-- maximum_aanname say when the pot or the maximum is assumed rather than taken from the gemeente's documents), the
-- grants above the maximum per application, the processing time from application to decision (median and slowest,
-- in days), and the kernen that received no grant of the regeling that year. Only years an export covered for the
-- regeling have rows.

with

applications as (

    select * from {{ ref('subsidie_aanvragen') }}

),

regelingen as (

    select * from {{ ref('regelingen') }}

),

kernen as (

    select
        gemeentecode,
        kern
    from {{ ref('kernen') }}

),

rules as (

    select
        gemeentecode,
        regeling,
        sum(pot_per_jaar) as pot_per_jaar,
        max(maximum_per_aanvraag) as maximum_per_aanvraag,
        string_agg(distinct cast(cast(vast_bedrag as integer) as varchar), '|') as vaste_bedragen,
        bool_or(pot_aanname) as pot_aanname,
        bool_or(maximum_aanname) as maximum_aanname,
        string_agg(distinct bron, '; ') as regel_bron
    from regelingen
    group by gemeentecode, regeling

),

per_year as (

    select
        gemeentecode,
        jaar,
        regeling,
        count(*) as aanvragen,
        count(*) filter (where status = 'toegekend') as toegekend_aantal,
        coalesce(sum(bedrag_toegekend) filter (where status = 'toegekend'), 0) as besteed,
        count(*) filter (where boven_maximum) as boven_maximum,
        median(doorlooptijd_dagen) as doorlooptijd_mediaan_dagen,
        max(doorlooptijd_dagen) as doorlooptijd_langste_dagen,
        arg_max(dossiernummer, doorlooptijd_dagen) as langste_dossier,
        string_agg(distinct bron_bestand, ', ') as bron_bestand,
        cast(max(geladen_op) as date) as bron_datum,
        bool_or(synthetisch) as synthetisch
    from applications
    group by gemeentecode, jaar, regeling

),

unused as (

    select
        per_year.gemeentecode,
        per_year.jaar,
        per_year.regeling,
        count(*) as kernen_zonder_gebruik,
        string_agg(kernen.kern, ', ' order by kernen.kern) as kernen_zonder_gebruik_namen
    from per_year
    inner join kernen
        on per_year.gemeentecode = kernen.gemeentecode
    where
        not exists (
            select 1
            from applications
            where
                applications.gemeentecode = per_year.gemeentecode
                and applications.jaar = per_year.jaar
                and applications.regeling = per_year.regeling
                and applications.kern = kernen.kern
                and applications.status = 'toegekend'
        )
    group by per_year.gemeentecode, per_year.jaar, per_year.regeling

),

final as (

    select
        per_year.gemeentecode,
        per_year.jaar,
        per_year.regeling,
        cast(per_year.aanvragen as bigint) as aanvragen,
        cast(per_year.toegekend_aantal as bigint) as toegekend_aantal,
        cast(per_year.besteed as decimal(14, 2)) as besteed,
        cast(rules.pot_per_jaar as decimal(14, 2)) as pot,
        case when rules.pot_per_jaar > 0 then cast(per_year.besteed as double) / rules.pot_per_jaar end
            as aandeel_besteed,
        cast(rules.maximum_per_aanvraag as decimal(12, 2)) as maximum_per_aanvraag,
        rules.vaste_bedragen,
        coalesce(rules.pot_aanname, false) as pot_aanname,
        coalesce(rules.maximum_aanname, false) as maximum_aanname,
        rules.regel_bron,
        cast(per_year.boven_maximum as bigint) as boven_maximum,
        per_year.doorlooptijd_mediaan_dagen,
        per_year.doorlooptijd_langste_dagen,
        per_year.langste_dossier,
        cast(coalesce(unused.kernen_zonder_gebruik, 0) as bigint) as kernen_zonder_gebruik,
        unused.kernen_zonder_gebruik_namen,
        per_year.bron_bestand,
        per_year.bron_datum,
        per_year.synthetisch
    from per_year
    left join rules
        on
            per_year.gemeentecode = rules.gemeentecode
            and per_year.regeling = rules.regeling
    left join unused
        on
            per_year.gemeentecode = unused.gemeentecode
            and per_year.jaar = unused.jaar
            and per_year.regeling = unused.regeling

)

select * from final
