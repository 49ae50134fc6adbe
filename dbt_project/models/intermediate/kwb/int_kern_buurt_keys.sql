-- The kern mapping in force with small integer keys for a kern and a buurt: the models over all buurt values (9
-- million rows on all of NL) join and group on these instead of on their names, which made DuckDB spill to disk
-- under the memory ceiling. One place defines them, so every model that reads int_buurt_kern_values means the same
-- kern by the same key.
with kern_buurt as (
    select * from {{ ref('stg_kernen__kern_buurt') }}
),

final as (
    select
        gemeentecode,
        kern,
        wijkcode,
        buurtcode,
        dense_rank() over (order by gemeentecode, kern) as kern_key,
        dense_rank() over (order by buurtcode) as buurt_key
    from kern_buurt
)

select * from final
