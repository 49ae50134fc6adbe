-- Every loaded municipal export file, for the beheerder's page (/beheer, beheerders only): when it was loaded
-- and how many of its rows were accepted, rejected or skipped. No path on the server and no personal data.

with

export_files as (

    select * from {{ source('exports', 'export_files') }}

)

select
    load_id,
    file_sha256,
    file_name as bestand,
    kind as soort,
    gemeentecode,
    peildatum,
    jaar_van,
    jaar_tot,
    rows_read as rijen,
    accepted as opgenomen,
    rejected as afgewezen,
    skipped as overgeslagen,
    corrected as verbeterd,
    loaded_at as geladen_op,
    superseded_by is not null as vervangen
from export_files
