-- Every current subsidy application with what the rules of its regeling say about it: above the maximum per
-- application (seed regelingen), the processing time from application to decision in days, and the kernagenda
-- point it carries out (its number in the kern's kernagenda, with the point's text at the latest peildatum).

with

subsidies as (

    select * from {{ ref('stg_exports__subsidies') }}

),

regelingen as (

    select * from {{ ref('regelingen') }}

),

rules as (

    -- Buren's platformsubsidie has two fixed amounts (dorpsbelangen, signaleringsgroep): the highest is the maximum.
    select
        gemeentecode,
        regeling,
        max(maximum_per_aanvraag) as maximum_per_aanvraag,
        bool_or(maximum_aanname) as maximum_aanname
    from regelingen
    group by gemeentecode, regeling

),

points as (

    select * from {{ ref('kern_kernagenda') }}

),

final as (

    select
        subsidies.gemeentecode,
        subsidies.kern,
        subsidies.jaar,
        subsidies.regeling,
        subsidies.regeling_bron,
        subsidies.dossiernummer,
        subsidies.omschrijving,
        subsidies.status,
        subsidies.datum_aanvraag,
        subsidies.datum_besluit,
        subsidies.bedrag_aangevraagd,
        subsidies.bedrag_toegekend,
        cast(rules.maximum_per_aanvraag as decimal(12, 2)) as maximum_per_aanvraag,
        coalesce(rules.maximum_aanname, false) as maximum_is_aanname,
        coalesce(
            subsidies.status = 'toegekend' and subsidies.bedrag_toegekend > rules.maximum_per_aanvraag, false
        ) as boven_maximum,
        case
            when subsidies.datum_besluit >= subsidies.datum_aanvraag
                then cast(datediff('day', subsidies.datum_aanvraag, subsidies.datum_besluit) as integer)
        end as doorlooptijd_dagen,
        subsidies.kernagendapunt,
        points.actiepunt as kernagenda_actiepunt,
        points.status as kernagenda_status,
        -- The loader accepted the number only when the point was on a loaded kernagenda of the kern.
        subsidies.status = 'toegekend' and subsidies.kernagendapunt is not null as voert_kernagendapunt_uit,
        subsidies.bron_bestand,
        subsidies.geladen_op,
        subsidies.synthetisch
    from subsidies
    left join rules
        on
            subsidies.gemeentecode = rules.gemeentecode
            and subsidies.regeling = rules.regeling
    left join points
        on
            subsidies.gemeentecode = points.gemeentecode
            and subsidies.kern = points.kern
            and subsidies.kernagendapunt = points.nummer

)

select * from final
