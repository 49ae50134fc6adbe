-- The current survey results delivered per kern (gebied: a kern, 'gemeente' or 'Nederland').
with

results as (

    select * from {{ source('exports', 'enquete_resultaten') }}

),

files as (

    select * from {{ source('exports', 'export_files') }}

),

final as (

    select
        results.gemeentecode,
        results.meting,
        results.datum,
        results.jaar,
        results.vraag_id,
        results.vraag,
        results.thema,
        results.schaal,
        results.gebied,
        results.n,
        results.gemiddelde,
        results.standaardafwijking,
        results.aandeel,
        files.file_name as bron_bestand,
        coalesce(lower(files.file_name) like 'voorbeeld%', false) as voorbeeld
    from results
    left join files
        on results.file_sha256 = files.file_sha256
    where results.is_current

)

select * from final
