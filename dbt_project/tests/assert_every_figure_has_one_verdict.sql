-- Every figure of the kern profile has exactly one verdict, and no verdict is about a figure the profile lacks:
-- the pages join the two and must lose or double nothing.
with profiel as (
    select * from {{ ref('kern_profiel') }}
),

oordelen as (
    select * from {{ ref('kern_oordelen') }}
),

final as (
    select
        coalesce(profiel.gemeentecode, oordelen.gemeentecode) as gemeentecode,
        coalesce(profiel.kern, oordelen.kern) as kern,
        coalesce(profiel.indicator_id, oordelen.indicator_id) as indicator_id,
        case when profiel.kern is null then 'oordeel zonder cijfer' else 'cijfer zonder oordeel' end as probleem
    from profiel
    full outer join oordelen
        on
            profiel.gemeentecode = oordelen.gemeentecode
            and profiel.kern = oordelen.kern
            and profiel.indicator_id = oordelen.indicator_id
    where profiel.kern is null or oordelen.kern is null
)

select * from final
