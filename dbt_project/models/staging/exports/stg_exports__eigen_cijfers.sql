-- The current own figures (eigen cijfers) of every gemeente: one row per area (buurt, kern, gemeente, nederland),
-- indicator and year, with the indicator's definition as the file gave it (docs/eigen-cijfers.md).
with

eigen_cijfers as (

    select * from {{ source('exports', 'eigen_cijfers') }}

),

files as (

    select * from {{ source('exports', 'export_files') }}

),

current_rows as (

    select * from eigen_cijfers
    where is_current

),

final as (

    select
        current_rows.gemeentecode,
        current_rows.gebied_soort,
        current_rows.buurtcode,
        current_rows.kern,
        current_rows.indicator_id,
        cast(current_rows.jaar as integer) as jaar,
        current_rows.waarde,
        current_rows.noemer,
        current_rows.label,
        current_rows.uitleg,
        current_rows.eenheid,
        current_rows.rekenregel,
        current_rows.richting,
        current_rows.programma,
        current_rows.thema,
        current_rows.bron,
        current_rows.factor,
        cast(current_rows.decimalen as integer) as decimalen,
        current_rows.file_sha256 as bron_sha256,
        files.file_name as bron_bestand,
        files.loaded_at as geladen_op,
        -- The example figures that ship with kernmonitor (files named VOORBEELD_...) are synthetic.
        coalesce(lower(files.file_name) like 'voorbeeld%', false) as voorbeeld,
        current_rows.bronrij
    from current_rows
    left join files
        on current_rows.file_sha256 = files.file_sha256

)

select * from final
