-- One row per named group of kernen and kern (a pilot, its spiegelkernen, ...), from sources.kern_groepen. The
-- loader has checked every kern against the mapping in force (ingest/kerngroepen.py). omschrijving: the first
-- description given for the group.
with groepen as (
    select * from {{ ref('stg_kernen__kern_groepen') }}
),

omschrijving as (
    select
        gemeentecode,
        groep,
        min(omschrijving) as omschrijving
    from groepen
    group by gemeentecode, groep
),

final as (
    select
        groepen.gemeentecode,
        groepen.groep,
        groepen.kern,
        omschrijving.omschrijving
    from groepen
    left join omschrijving
        on groepen.gemeentecode = omschrijving.gemeentecode and groepen.groep = omschrijving.groep
)

select * from final
