-- One row per own indicator (eigen cijfers, docs/eigen-cijfers.md) in the shape of the indicators seed, with the
-- aggregation rule in the shape of the kwb_measures seed: the buurt values enter the KWB path as measures
-- 'eigen__<indicator>' (and 'eigen__<indicator>__noemer' for a ratio), so int_kern_indicators_computed
-- aggregates them by the same code as CBS's buurt figures. An indicator code is one definition for all gemeenten:
-- the loader refuses a code another gemeente delivered with another rule, unit, direction or factor, so only its
-- label, programme and source can differ; of those the most recently loaded file's count. A code the seed catalogue
-- holds is never an own indicator (the loader rejects it; the seed wins should it appear there later).
with own as (
    select * from {{ ref('stg_exports__eigen_cijfers') }}
),

seed as (
    select indicator_id from {{ ref('indicators') }}
),

ranked as (
    select
        *,
        row_number() over (
            partition by indicator_id order by geladen_op desc, gemeentecode asc, bronrij asc
        ) as volgorde,
        bool_or(gebied_soort = 'nederland') over (partition by indicator_id) as heeft_nederland
    from own
),

final as (
    select
        ranked.indicator_id,
        ranked.label,
        -- Without a Nederland figure in the file the reference stays empty ("–"); the explanation says why.
        rtrim(
            coalesce(ranked.uitleg, ranked.label || ': eigen cijfer van de gemeente (' || ranked.rekenregel || ')'),
            '.'
        )
        || case
            when ranked.heeft_nederland then '.'
            else '. Geen cijfer voor Nederland: een eigen cijfer van de gemeente, niet landelijk gemeten.'
        end as uitleg,
        ranked.thema,
        ranked.programma,
        coalesce(ranked.eenheid, '') as eenheid,
        case when ranked.rekenregel = 'verhouding' then 'ratio' else 'measure' end as berekening,
        'eigen__' || ranked.indicator_id as teller,
        case when ranked.rekenregel = 'verhouding' then 'eigen__' || ranked.indicator_id || '__noemer' end as noemer,
        cast(ranked.factor as double) as factor,
        ranked.richting,
        -- An example (VOORBEELD_ file) says so in its source, wherever the source is shown: when the file that
        -- gives the definition is one (the values of each file carry their own synthetic flag).
        case
            when ranked.voorbeeld and ranked.bron not ilike '%voorbeeld%'
                then ranked.bron || ' (VOORBEELD, synthetisch)'
            else ranked.bron
        end as bron,
        cast(ranked.decimalen as integer) as decimalen,
        false as structureel,
        ranked.rekenregel,
        -- The rule as kwb_measures spells it (ingest/exports_eigen_cijfers.RULES names the same weights).
        case
            when ranked.rekenregel = 'som' then 'sum'
            when ranked.rekenregel = 'verhouding' then 'ratio'
            else 'weighted_mean'
        end as aggregation,
        case
            when ranked.rekenregel = 'gemiddelde gewogen naar inwoners' then 'inwoners'
            when ranked.rekenregel = 'gemiddelde gewogen naar woningen' then 'woningvoorraad'
            when ranked.rekenregel = 'gemiddelde gewogen naar oppervlakte' then 'oppervlakte_totaal_ha'
        end as weight
    from ranked
    where ranked.volgorde = 1 and ranked.indicator_id not in (select seed.indicator_id from seed)
)

select * from final
