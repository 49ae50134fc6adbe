-- The "Opvallend" section of a kern profile: where a kern deviates most from its gemeente, or changed most.
-- Rule: z = (kern value - gemeente figure) / standard deviation of the kern values of that gemeente, for the
-- latest year; and for change, z of (latest - earliest year) against the changes of the other kernen. A signal
-- when |z| >= var signaal_drempel_z and the difference is material (at least var signaal_minimaal_verschil,
-- a fraction of the kern's own value), at most var signalen_per_kern per kern, strongest first. The judgement
-- follows the catalogue's direction: better = 'sterk', worse = 'aandacht', neutral = 'opvallend'.
with indicators as (
    select * from {{ ref('kern_indicators') }}
    where
        waarde is not null
        and status in ('volledig', 'gedeeltelijk', 'wijkcijfer')
        and indicator_id not in ('inwoners', 'huishoudens', 'woningvoorraad')
),

latest_year as (
    select
        indicator_id,
        max(jaar) as jaar,
        min(jaar) as eerste_jaar
    from indicators
    group by indicator_id
),

deviation as (
    select
        indicators.gemeentecode,
        indicators.kern,
        indicators.indicator_id,
        indicators.label,
        indicators.richting,
        indicators.eenheid,
        indicators.synthetisch,
        'afwijking' as soort,
        indicators.jaar,
        cast(null as integer) as vanaf_jaar,
        indicators.waarde,
        indicators.waarde as huidige_waarde,
        indicators.gemeente_waarde as referentie,
        (indicators.waarde - indicators.gemeente_waarde)
        / nullif(stddev_pop(indicators.waarde) over (partition by indicators.gemeentecode, indicators.indicator_id), 0)
            as z
    from indicators
    inner join latest_year
        on indicators.indicator_id = latest_year.indicator_id and indicators.jaar = latest_year.jaar
    where indicators.gemeente_waarde is not null
),

first_values as (
    select
        indicators.gemeentecode,
        indicators.kern,
        indicators.indicator_id,
        indicators.jaar,
        indicators.waarde
    from indicators
    inner join latest_year
        on
            indicators.indicator_id = latest_year.indicator_id
            and indicators.jaar = latest_year.eerste_jaar
            and latest_year.eerste_jaar < latest_year.jaar
),

changes as (
    select
        last_values.gemeentecode,
        last_values.kern,
        last_values.indicator_id,
        last_values.label,
        last_values.richting,
        last_values.eenheid,
        last_values.synthetisch,
        'verandering' as soort,
        last_values.jaar,
        first_values.jaar as vanaf_jaar,
        last_values.waarde - first_values.waarde as waarde,
        last_values.waarde as huidige_waarde,
        avg(last_values.waarde - first_values.waarde)
            over (partition by last_values.gemeentecode, last_values.indicator_id)
            as referentie
    from indicators as last_values
    inner join latest_year
        on last_values.indicator_id = latest_year.indicator_id and last_values.jaar = latest_year.jaar
    inner join first_values
        on
            last_values.gemeentecode = first_values.gemeentecode
            and last_values.kern = first_values.kern
            and last_values.indicator_id = first_values.indicator_id
),

change_scores as (
    select
        *,
        (waarde - referentie)
        / nullif(stddev_pop(waarde) over (partition by gemeentecode, indicator_id), 0) as z
    from changes
),

candidates as (
    select * from deviation
    union all
    select * from change_scores
),

ranked as (
    select
        *,
        -- Rounded: two indicators that tie on paper must not swap places between runs over float noise.
        row_number() over (partition by gemeentecode, kern order by round(abs(z), 9) desc, indicator_id) as rang
    from candidates
    where
        abs(z) >= {{ var('signaal_drempel_z') }}
        and abs(waarde - referentie) >= {{ var('signaal_minimaal_verschil') }} * abs(huidige_waarde)
),

final as (
    select
        gemeentecode,
        kern,
        rang,
        soort,
        indicator_id,
        label,
        eenheid,
        jaar,
        vanaf_jaar,
        waarde,
        referentie,
        z,
        case
            when richting = 'neutraal' then 'opvallend'
            when (richting = 'hoger_beter') = (z > 0) then 'sterk'
            else 'aandacht'
        end as oordeel,
        synthetisch
    from ranked
    where rang <= {{ var('signalen_per_kern') }}
)

select * from final
