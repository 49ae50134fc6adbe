with

kernregister as (

    select * from {{ source('exports', 'kernregister') }}

),

files as (

    select * from {{ source('exports', 'export_files') }}

),

current_rows as (

    select * from kernregister
    where is_current

),

final as (

    select
        current_rows.gemeentecode,
        current_rows.kern,
        current_rows.functie,
        current_rows.werknaam,
        current_rows.platform,
        current_rows.platformvorm,
        cast(current_rows.jaar_kernagenda as integer) as jaar_kernagenda,
        current_rows.website,
        current_rows.file_sha256 as bron_sha256,
        files.file_name as bron_bestand,
        -- The example registers that ship with kernmonitor (files named VOORBEELD_...) are fictional.
        coalesce(lower(files.file_name) like 'voorbeeld%', false) as voorbeeld,
        files.loaded_at as geladen_op,
        current_rows.bronrij
    from current_rows
    left join files
        on current_rows.file_sha256 = files.file_sha256

)

select * from final
