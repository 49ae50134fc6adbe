-- The sum over the kernen of a gemeente equals CBS's own gemeente figure for every count, except for what
-- CBS itself explains: buurt and wijk counts are rounded to multiples of 5 (at most 2.5 per buurt) and
-- suppressed buurt cells are missing. Anything beyond that is an error in our aggregation or mapping.
with reconciliation as (
    select * from {{ ref('kern_reconciliatie') }}
),

final as (
    select *
    from reconciliation
    where
        buurten_geheim = 0
        and cbs_gemeente is not null
        and abs(verschil) > 2.5 * buurten
)

select * from final
