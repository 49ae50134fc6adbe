-- One row per region, year and Leefbaarometer field (kscore = class 1-9; afw, won, fys, vrz, soc, onv =
-- deviations from the national mean).
with source as (
    select * from {{ source('leefbaarometer', 'leefbaarometer') }}
),

unpivoted as (
    unpivot source
    on kscore, afw, won, fys, vrz, soc, onv
    into name field value score
),

final as (
    select
        region_code,
        region_level,
        cast(year as integer) as year,
        field,
        cast(score as double) as score
    from unpivoted
)

select * from final
