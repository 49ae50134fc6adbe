-- Every published survey figure (docs/enquetes.md): per gemeente, measurement, question (and choice item),
-- measure and area (kern, gemeente, Nederland as a benchmark): n, the value with its 95% interval, gewogen or
-- ongewogen, the change since the previous measurement. A figure below enquete_min_n has no value, interval or
-- previous value, only its n and the reason ("te weinig respondenten (n = 7)"); no respondent row is here.
with

results as (

    select * from {{ ref('int_enquete_resultaten') }}

),

gemeenten as (

    select distinct
        gemeentecode,
        gemeentenaam
    from {{ ref('kernen') }}

),

final as (

    select
        results.gemeentecode,
        gemeenten.gemeentenaam,
        results.meting,
        cast(results.datum as date) as datum,
        cast(results.jaar as integer) as jaar,
        results.vraag_id,
        results.vraag,
        results.thema,
        results.schaal,
        results.categorie,
        results.maat,
        results.gebied_soort,
        results.kern,
        cast(results.n as integer) as n,
        results.n_effectief,
        results.waarde,
        results.ondergrens,
        results.bovengrens,
        results.gewogen,
        coalesce(results.verborgen, false) as verborgen,
        results.reden,
        results.vorige_meting,
        cast(results.vorige_jaar as integer) as vorige_jaar,
        cast(results.vorige_n as integer) as vorige_n,
        results.vorige_waarde,
        results.verandering,
        results.vorm,
        results.voorbeeld,
        cast(results.min_n as integer) as min_n
    from results
    left join gemeenten
        on results.gemeentecode = gemeenten.gemeentecode

)

select * from final
