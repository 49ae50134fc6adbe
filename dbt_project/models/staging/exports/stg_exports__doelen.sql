with

doelen as (

    select * from {{ source('exports', 'doelen') }}

),

files as (

    select * from {{ source('exports', 'export_files') }}

),

current_goals as (

    select * from doelen
    where is_current

),

final as (

    select
        current_goals.gemeentecode,
        current_goals.scope,
        current_goals.scope_soort,
        current_goals.indicator_id,
        current_goals.in_catalogus,
        current_goals.omschrijving,
        cast(current_goals.basisjaar as integer) as basisjaar,
        cast(current_goals.basiswaarde as double) as basiswaarde,
        cast(current_goals.streefwaarde as double) as streefwaarde,
        cast(current_goals.streefjaar as integer) as streefjaar,
        case when current_goals.richting = 'lager is beter' then 'lager_beter' else 'hoger_beter' end as richting,
        current_goals.eigenaar,
        current_goals.programma,
        current_goals.brondocument,
        current_goals.file_sha256 as bron_sha256,
        files.file_name as bron_bestand,
        -- The example goals that ship with kernmonitor (files named VOORBEELD_...) are fictional, and are shown
        -- with the label VOORBEELD wherever a user sees them.
        coalesce(lower(files.file_name) like 'voorbeeld%', false) as voorbeeld,
        files.loaded_at as geladen_op,
        current_goals.bronrij
    from current_goals
    left join files
        on current_goals.file_sha256 = files.file_sha256

)

select * from final
