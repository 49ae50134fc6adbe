-- The sum over the kernen of a gemeente equals CBS's own gemeente figure for every count, except for what
-- CBS itself explains (its rounding of buurt counts, suppressed buurt cells): the rule and its margins are the
-- column `afwijking` of kern_reconciliatie (vars cbs_afronding_per_buurt, geheime_buurt_marge), which the
-- publish gate som_kernen_sluit_aan_op_cbs reads too.
with reconciliation as (
    select * from {{ ref('kern_reconciliatie') }}
),

final as (
    select *
    from reconciliation
    where afwijking is not null
)

select * from final
