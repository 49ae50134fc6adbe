with

subsidies as (

    select * from {{ source('exports', 'subsidies') }}

),

files as (

    select * from {{ source('exports', 'export_files') }}

),

current_subsidies as (

    select * from subsidies
    where is_current

),

final as (

    select
        current_subsidies.gemeentecode,
        current_subsidies.kern,
        current_subsidies.regeling,
        current_subsidies.regeling_bron,
        current_subsidies.dossiernummer,
        current_subsidies.omschrijving,
        current_subsidies.thema,
        cast(current_subsidies.jaar as integer) as jaar,
        current_subsidies.datum_besluit,
        current_subsidies.datum_aanvraag,
        cast(current_subsidies.bedrag_aangevraagd as decimal(12, 2)) as bedrag_aangevraagd,
        cast(current_subsidies.bedrag_toegekend as decimal(12, 2)) as bedrag_toegekend,
        current_subsidies.status,
        -- The kernagenda point (its number in the kern's kernagenda) the grant carries out; checked when loaded.
        current_subsidies.kernagendapunt,
        current_subsidies.file_sha256 as bron_sha256,
        files.file_name as bron_bestand,
        -- The example exports that ship with kernmonitor (files named VOORBEELD_...) are fictional: every row
        -- of theirs, and every figure made from one, is synthetic.
        coalesce(lower(files.file_name) like 'voorbeeld%', false) as synthetisch,
        files.loaded_at as geladen_op,
        current_subsidies.bronrij
    from current_subsidies
    left join files
        on current_subsidies.file_sha256 = files.file_sha256

)

select * from final
