-- The survey indicators of the catalogue (berekening export_enquete: teller = the question id, noemer = the
-- measure, gemiddelde or aandeel) per kern and year, in the shape of int_kern_indicators_computed, so that
-- marts.kern_indicators, and everything that reads it, treats them like any other indicator. A hidden figure
-- (below enquete_min_n) has no value and says why in its status; the gemeente figure is the survey's own gemeente
-- figure, Nederland the benchmark when the file gave one. Of two measurements in one year the later counts.
-- A shown figure's status says whether it is gewogen (to the kern's CBS age and sex) or ongewogen, so every page
-- and export that shows the status shows the weighting; its 95% interval (ondergrens, bovengrens, in the
-- indicator's unit) lets kern_oordelen judge only differences larger than the margin.
with catalogue as (
    select * from {{ ref('indicators') }}
    where berekening = 'export_enquete'
),

results as (
    select * from {{ ref('int_enquete_resultaten') }}
    where categorie is null
),

latest as (
    select
        *,
        row_number() over (
            partition by gemeentecode, vraag_id, maat, gebied_soort, kern, jaar order by datum desc, meting desc
        ) as volgorde
    from results
),

picked as (
    select * from latest
    where volgorde = 1
),

kern_rows as (
    select
        catalogue.indicator_id,
        picked.gemeentecode,
        picked.kern,
        picked.jaar as year,
        picked.waarde * cast(catalogue.factor as double) as value,
        picked.ondergrens * cast(catalogue.factor as double) as ondergrens,
        picked.bovengrens * cast(catalogue.factor as double) as bovengrens,
        picked.gewogen,
        picked.verborgen,
        picked.reden,
        picked.voorbeeld,
        picked.meting
    from catalogue
    inner join picked
        on catalogue.teller = picked.vraag_id and catalogue.noemer = picked.maat
    where picked.gebied_soort = 'kern'
),

area_rows as (
    select
        catalogue.indicator_id,
        picked.gemeentecode,
        picked.gebied_soort,
        picked.jaar as year,
        picked.waarde * cast(catalogue.factor as double) as value,
        picked.voorbeeld
    from catalogue
    inner join picked
        on catalogue.teller = picked.vraag_id and catalogue.noemer = picked.maat
    where picked.gebied_soort in ('gemeente', 'nederland')
),

final as (
    select
        kern_rows.indicator_id,
        kern_rows.gemeentecode,
        kern_rows.kern,
        kern_rows.year,
        kern_rows.value,
        cast(1 as double) as coverage,
        case
            when kern_rows.verborgen then 'geen gegevens: ' || kern_rows.reden
            when kern_rows.value is null then 'onvoldoende gegevens'
            when kern_rows.gewogen then 'enquête, gewogen naar leeftijd en geslacht'
            else 'enquête, ongewogen'
        end as status,
        kern_rows.ondergrens,
        kern_rows.bovengrens,
        kern_rows.voorbeeld as synthetic,
        cast(null as bigint) as buurten,
        cast(null as bigint) as buurten_met_waarde,
        'enquête van de gemeente: ' || kern_rows.meting as bron_tabel,
        cast(null as varchar) as bron_revisie,
        gemeente.value as gemeente_value,
        coalesce(gemeente.voorbeeld, kern_rows.voorbeeld) as gemeente_synthetic,
        nederland.value as nederland_value,
        nederland.voorbeeld as nederland_synthetic
    from kern_rows
    left join area_rows as gemeente
        on
            kern_rows.indicator_id = gemeente.indicator_id
            and kern_rows.gemeentecode = gemeente.gemeentecode
            and kern_rows.year = gemeente.year
            and gemeente.gebied_soort = 'gemeente'
    left join area_rows as nederland
        on
            kern_rows.indicator_id = nederland.indicator_id
            and kern_rows.gemeentecode = nederland.gemeentecode
            and kern_rows.year = nederland.year
            and nederland.gebied_soort = 'nederland'
)

select * from final
