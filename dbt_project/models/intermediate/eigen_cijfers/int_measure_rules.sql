-- How every measure aggregates from buurten to a kern: the kwb_measures seed (CBS) and the own indicators'
-- rules (eigen cijfers: sum, or a mean weighted by inhabitants, dwellings or area; a ratio is a catalogue
-- calculation over two measures and needs no rule here).
with seed as (
    select
        measure,
        aggregation,
        weight
    from {{ ref('kwb_measures') }}
),

own as (
    select * from {{ ref('int_eigen_cijfers_definities') }}
),

final as (
    select * from seed
    union all
    select
        teller as measure,
        aggregation,
        weight
    from own
    where aggregation in ('sum', 'weighted_mean')
)

select * from final
