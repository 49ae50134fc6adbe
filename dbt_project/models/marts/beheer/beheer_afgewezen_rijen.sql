-- Every problem with a rejected row of a loaded export (row number as Excel shows it, column, value, reason), for
-- the beheerder's page (/beheer, beheerders only). A value that may be a name is already hidden by the loader.

with

export_rejects as (

    select * from {{ source('exports', 'export_rejects') }}

)

select
    file_sha256,
    file_name as bestand,
    row_number as rij,
    column_name as kolom,
    value as waarde,
    reason as reden
from export_rejects
