-- The current answers of resident surveys per respondent: the rows of the most recently loaded file of each
-- measurement. Stays in staging/intermediate: only int_enquete_resultaten's aggregates reach the marts.
with

answers as (

    select * from {{ source('exports', 'enquete') }}

),

files as (

    select * from {{ source('exports', 'export_files') }}

),

final as (

    select
        answers.gemeentecode,
        answers.meting,
        answers.datum,
        answers.jaar,
        answers.vraag_id,
        answers.vraag,
        answers.thema,
        answers.schaal,
        answers.respondent,
        answers.kern,
        answers.antwoord_getal,
        answers.antwoord_keuze,
        answers.leeftijdsgroep,
        answers.geslacht,
        files.file_name as bron_bestand,
        -- The example surveys (files named VOORBEELD_...) are fictional: labelled VOORBEELD wherever shown.
        coalesce(lower(files.file_name) like 'voorbeeld%', false) as voorbeeld
    from answers
    left join files
        on answers.file_sha256 = files.file_sha256
    where answers.is_current

)

select * from final
