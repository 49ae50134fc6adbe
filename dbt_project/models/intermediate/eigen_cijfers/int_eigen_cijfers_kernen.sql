-- Own figures (eigen cijfers) delivered per kern, in the shape of int_kern_indicators_computed: taken as they
-- are (coverage 1, status 'eigen cijfer'; a ratio: value / denominator x factor). numerator and denominator are
-- kept for the gemeente figure (int_eigen_cijfers_referenties).
with own as (
    select * from {{ ref('stg_exports__eigen_cijfers') }}
    where gebied_soort = 'kern'
),

definitions as (
    select * from {{ ref('int_eigen_cijfers_definities') }}
),

final as (
    select
        definitions.indicator_id,
        own.gemeentecode,
        own.kern,
        own.jaar as year,
        case
            when definitions.berekening = 'ratio' then own.waarde / nullif(own.noemer, 0) * definitions.factor
            else own.waarde
        end as value,
        cast(1 as double) as coverage,
        case when own.waarde is null then 'geen gegevens: de gemeente leverde geen waarde' else 'eigen cijfer' end
            as status,
        own.voorbeeld as synthetic,
        cast(null as bigint) as buurten,
        cast(null as bigint) as buurten_met_waarde,
        own.bron_bestand as bron_tabel,
        cast(null as varchar) as bron_revisie,
        own.waarde as numerator,
        own.noemer as denominator
    from own
    inner join definitions on own.indicator_id = definitions.indicator_id
)

select * from final
