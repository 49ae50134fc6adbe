with

kernagenda as (

    select * from {{ source('exports', 'kernagenda') }}

),

files as (

    select * from {{ source('exports', 'export_files') }}

),

current_points as (

    select * from kernagenda
    where is_current

),

final as (

    select
        current_points.gemeentecode,
        current_points.kern,
        current_points.peildatum,
        current_points.nummer,
        current_points.actiepunt,
        current_points.thema,
        current_points.programma,
        current_points.trekker,
        current_points.status,
        cast(current_points.jaar_opgenomen as integer) as jaar_opgenomen,
        cast(current_points.jaar_gereed as integer) as jaar_gereed,
        current_points.file_sha256 as bron_sha256,
        files.file_name as bron_bestand,
        -- The example exports that ship with kernmonitor (files named VOORBEELD_...) are fictional: every row
        -- of theirs, and every figure made from one, is synthetic.
        coalesce(lower(files.file_name) like 'voorbeeld%', false) as synthetisch,
        files.loaded_at as geladen_op,
        current_points.bronrij
    from current_points
    left join files
        on current_points.file_sha256 = files.file_sha256

)

select * from final
