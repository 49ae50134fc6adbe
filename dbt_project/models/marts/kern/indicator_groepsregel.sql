-- How the value of a group of kernen (marts.kern_groepen, the Effectmeting page) is made from the kern values of
-- marts.kern_indicators, one row per catalogue indicator, derived from the catalogue and kwb_measures alone (no
-- indicator is named here):
--   som      counts (a summed KWB measure, a kernagenda count): the sum over the kernen;
--   gewogen  shares, rates and averages: the mean of the kern values weighted by their base, the count indicator
--            in gewicht_indicator (the ratio's denominator, or the measure's weight in kwb_measures). Exact
--            (gewicht_exact) when that base is the one the kern value was computed on: sum(p_k * N_k) / sum(N_k)
--            is then sum(T_k) / sum(N_k). Without such a count in the catalogue: weighted by inhabitants, stated;
--   groei    growth of a count: weighted by the count of the previous year, which is exactly the growth of the
--            summed count;
--   mediaan  classes (urbanity): the inhabitant-weighted median of the kern classes (not averaged).
-- afrondingsruis: the value rests on CBS buurt counts that CBS rounds to multiples of afronding_stap (5); the page
-- propagates that rounding as noise (uniform +-2,5 per buurt count). Otherwise the margin is unknown.
with catalogue as (
    select * from {{ ref('int_indicator_catalogue') }}
),

measures as (
    select * from {{ ref('int_measure_rules') }}
),

-- The count indicators: their teller is the measure they count.
counts as (
    select
        catalogue.indicator_id,
        catalogue.teller,
        catalogue.berekening
    from catalogue
    left join measures on catalogue.teller = measures.measure
    where
        (catalogue.berekening = 'measure' and measures.aggregation = 'sum')
        or (catalogue.berekening like 'export%' and catalogue.eenheid = 'aantal')
),

classified as (
    select
        catalogue.indicator_id,
        catalogue.berekening,
        catalogue.bron,
        cast(catalogue.factor as double) as factor,
        measures.aggregation,
        case
            when catalogue.indicator_id in (select counts.indicator_id from counts) then 'som'
            when catalogue.berekening = 'growth' then 'groei'
            when measures.aggregation = 'weighted_median' then 'mediaan'
            else 'gewogen'
        end as regel,
        case
            when catalogue.berekening = 'ratio' then catalogue.noemer
            when catalogue.berekening = 'growth' then catalogue.teller
            when catalogue.berekening = 'measure' then measures.weight
        end as gewicht_maat,
        -- Shares of an export (kernagenda) weigh by that export's own count.
        (
            select min(counts.indicator_id) from counts
            where counts.berekening = catalogue.berekening and catalogue.berekening like 'export%'
        ) as export_telling
    from catalogue
    left join measures on catalogue.teller = measures.measure
),

count_by_measure as (
    select
        teller,
        min(indicator_id) as indicator_id
    from counts
    group by teller
),

weighted as (
    select
        classified.*,
        case
            when classified.regel = 'som' then null
            -- A kern's Leefbaarometer score is itself the inhabitant-weighted mean of its buurten.
            when classified.berekening = 'leefbaarometer' then 'inwoners'
            else coalesce(count_by_measure.indicator_id, classified.export_telling)
        end as gevonden_gewicht
    from classified
    left join count_by_measure on classified.gewicht_maat = count_by_measure.teller
),

final as (
    select
        indicator_id,
        regel,
        case when regel = 'som' then null else coalesce(gevonden_gewicht, 'inwoners') end as gewicht_indicator,
        regel = 'som' or gevonden_gewicht is not null as gewicht_exact,
        -- CBS counts (summed, or both sides of a ratio or growth): rounded to fives per buurt.
        bron like 'CBS%'
        and (
            regel = 'som'
            or regel = 'groei'
            or (berekening = 'ratio' and gevonden_gewicht is not null)
        ) as afrondingsruis,
        -- The ratio's factor (100 for a percentage, 1.000 per 1.000 inhabitants): the margin of a share needs it.
        factor,
        cast(5 as double) as afronding_stap
    from weighted
)

select * from final
