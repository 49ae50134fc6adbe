-- One row per kern in the current kernregister of its gemeente: who works for the kern (the gebiedsmakelaar or
-- kernambtenaar, a public role) and its platforms, listed in one text and counted. The platforms one by one are
-- in marts.kern_platforms.

with

register as (

    select * from {{ ref('stg_exports__kernregister') }}

),

final as (

    select
        gemeentecode,
        kern,
        -- One official per kern (the reader rejects a second); any_value takes the one there is.
        any_value(functie) as functie,
        any_value(werknaam) as gebiedsmakelaar,
        min(jaar_kernagenda) as jaar_kernagenda,
        min(website) as website,
        string_agg(platform || ' (' || platformvorm || ')', '; ' order by platform)
        filter (where platform is not null) as platforms,
        count(platform) as aantal_platforms,
        any_value(bron_bestand) as bron_bestand,
        any_value(voorbeeld) as voorbeeld,
        max(geladen_op) as geladen_op
    from register
    group by gemeentecode, kern

)

select * from final
