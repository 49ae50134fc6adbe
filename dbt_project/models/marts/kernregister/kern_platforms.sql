-- One row per platform of a kern in the current kernregister (dorpsplatform, dorpstafel, dorpsraad, werkgroep,
-- dorpsbelangenorganisatie, signaleringsgroep), with the kern's gebiedsmakelaar or kernambtenaar.

with

register as (

    select * from {{ ref('stg_exports__kernregister') }}

),

final as (

    select
        gemeentecode,
        kern,
        platform,
        platformvorm,
        website,
        functie,
        werknaam as gebiedsmakelaar,
        bron_bestand,
        voorbeeld,
        geladen_op
    from register
    where platform is not null

)

select * from final
