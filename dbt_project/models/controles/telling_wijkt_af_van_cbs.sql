-- Counts whose sum over the kernen of a gemeente differs from CBS's own gemeente figure by more than CBS itself
-- explains (its rounding of buurt counts, suppressed buurt cells): the rule and its margins are the column
-- afwijking of kern_reconciliatie (vars cbs_afronding_per_buurt, geheime_buurt_marge).
-- Read by the dbt test (geen_rijen) and by the publish gate som_kernen_sluit_aan_op_cbs.
with reconciliation as (
    select * from {{ ref('kern_reconciliatie') }}
),

final as (
    select
        gemeentecode,
        jaar,
        maat,
        buurten,
        buurten_geheim,
        som_kernen,
        som_buurten,
        cbs_gemeente,
        verschil,
        afwijking as reden
    from reconciliation
    where afwijking is not null
)

select * from final
