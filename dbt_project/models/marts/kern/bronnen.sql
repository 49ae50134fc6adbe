-- One row per source table loaded: what the Bronnen page and every export cite.
with tables as (
    select * from {{ ref('stg_cbs__kwb_tables') }}
),

final as (
    select
        'CBS Kerncijfers wijken en buurten' as bron,
        table_id as tabel,
        year as jaar,
        title as titel,
        revision as revisie,
        source_kind as soort,
        missing_measures as ontbrekende_maten,
        loaded_at as geladen_op
    from tables
)

select * from final
