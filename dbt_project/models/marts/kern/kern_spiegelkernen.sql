-- For every kern the k most similar kernen ("spiegelkernen", as in the Buren pilot) across all configured
-- gemeenten. Method: the structural indicators of the catalogue (structureel = true), latest year with a
-- value; counts on a log scale (size matters relatively); each indicator standardised over all kernen
-- (z-score); distance = root mean square of the z differences over the indicators both kernen have.
-- k is the var spiegelkernen_k.
with profiel as (
    select * from {{ ref('kern_profiel') }}
),

catalogue as (
    select * from {{ ref('indicators') }}
    where structureel
),

values_used as (
    select
        profiel.gemeentecode,
        profiel.gemeentenaam,
        profiel.kern,
        profiel.indicator_id,
        profiel.synthetisch,
        case when catalogue.eenheid = 'aantal' then ln(greatest(profiel.waarde, 1)) else profiel.waarde end as x
    from profiel
    inner join catalogue on profiel.indicator_id = catalogue.indicator_id
    where profiel.waarde is not null
),

standardised as (
    select
        *,
        (x - avg(x) over (partition by indicator_id))
        / nullif(stddev_pop(x) over (partition by indicator_id), 0) as z
    from values_used
),

distances as (
    select
        a.gemeentecode,
        a.kern,
        b.gemeentecode as spiegel_gemeentecode,
        b.gemeentenaam as spiegel_gemeentenaam,
        b.kern as spiegelkern,
        sqrt(avg(power(a.z - b.z, 2))) as afstand,
        count(*) as indicatoren,
        bool_or(a.synthetisch or b.synthetisch) as synthetisch
    from standardised as a
    inner join standardised as b
        on
            a.indicator_id = b.indicator_id
            and (a.gemeentecode != b.gemeentecode or a.kern != b.kern)
    where a.z is not null and b.z is not null
    group by a.gemeentecode, a.kern, b.gemeentecode, b.gemeentenaam, b.kern
),

ranked as (
    select
        *,
        row_number() over (partition by gemeentecode, kern order by afstand, spiegelkern) as rang
    from distances
),

final as (
    select
        gemeentecode,
        kern,
        rang,
        spiegelkern,
        spiegel_gemeentecode,
        spiegel_gemeentenaam,
        afstand,
        indicatoren,
        synthetisch
    from ranked
    where rang <= {{ var('spiegelkernen_k') }}
)

select * from final
