-- For every kern the k most similar kernen ("spiegelkernen", as in the Buren pilot) across all configured
-- gemeenten. Method: the structural indicators of the catalogue (structureel = true), latest year with a
-- value; counts on a log scale (size matters relatively); each indicator standardised over all kernen
-- (z-score); distance = root mean square of the z differences over the indicators both kernen have.
-- k is the var spiegelkernen_k.
-- Computed without a kernen x kernen x indicators join (quadratic: 166 million rows for all of NL): every kern
-- is one row of vectors in catalogue order, a missing value 0 with mask 0, so the sums over "the indicators both
-- kernen have" are inner products (sum (za - zb)^2 = z2a.mb + ma.z2b - 2 za.zb; shared count = ma.mb), and the
-- k nearest come from arg_min(..., k).
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

kernen as (
    select distinct
        gemeentecode,
        gemeentenaam,
        kern
    from values_used
),

kern_ids as (
    -- numbered by name, so that ordering pairs by (distance, id) breaks ties by the name of the other kern
    select
        row_number() over (order by kern, gemeentecode) as kern_id,
        gemeentecode,
        gemeentenaam,
        kern
    from kernen
),

vectors as materialized (
    select
        kern_ids.kern_id,
        list(coalesce(standardised.z, 0) order by catalogue.indicator_id) as z,
        list(coalesce(standardised.z * standardised.z, 0) order by catalogue.indicator_id) as z2,
        list(cast(standardised.z is not null as double) order by catalogue.indicator_id) as m,
        list(
            cast(standardised.z is not null and coalesce(standardised.synthetisch, false) as double)
            order by catalogue.indicator_id
        ) as s
    from kern_ids
    cross join catalogue
    left join standardised
        on
            kern_ids.gemeentecode = standardised.gemeentecode
            and kern_ids.kern = standardised.kern
            and catalogue.indicator_id = standardised.indicator_id
    group by kern_ids.kern_id
),

pairs as (
    select
        a.kern_id,
        b.kern_id as spiegel_id,
        list_inner_product(a.m, b.m) as indicatoren,
        sqrt(
            greatest(
                list_inner_product(a.z2, b.m) + list_inner_product(a.m, b.z2) - 2 * list_inner_product(a.z, b.z), 0
            )
            / list_inner_product(a.m, b.m)
        ) as afstand,
        list_inner_product(a.s, b.m) + list_inner_product(a.m, b.s) > 0 as synthetisch
    from vectors as a
    inner join vectors as b on a.kern_id != b.kern_id
    where list_inner_product(a.m, b.m) > 0
),

nearest as (
    select
        kern_id,
        arg_min(
            { 'spiegel_id': spiegel_id, 'afstand': afstand, 'indicatoren': indicatoren, 'synthetisch': synthetisch },
            { 'afstand': afstand, 'spiegel_id': spiegel_id },
            {{ var('spiegelkernen_k') }}
        ) as hits
    from pairs
    group by kern_id
),

ranked as (
    select
        kern_id,
        unnest(hits) as hit,
        generate_subscripts(hits, 1) as rang
    from nearest
),

final as (
    select
        kern.gemeentecode,
        kern.kern,
        ranked.rang,
        spiegel.kern as spiegelkern,
        spiegel.gemeentecode as spiegel_gemeentecode,
        spiegel.gemeentenaam as spiegel_gemeentenaam,
        ranked.hit.afstand,
        cast(ranked.hit.indicatoren as bigint) as indicatoren,
        ranked.hit.synthetisch
    from ranked
    inner join kern_ids as kern on ranked.kern_id = kern.kern_id
    inner join kern_ids as spiegel on ranked.hit.spiegel_id = spiegel.kern_id
)

select * from final
