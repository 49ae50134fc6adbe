-- Subsidies per kern per year per regeling, also per 1,000 inhabitants. Inhabitants come from the CBS
-- figures of the latest year up to the subsidy year; when CBS has no such year yet for the kern, the
-- earliest later year is used. inwoners_jaar says which year it was.

with

summed as (

    select * from {{ ref('int_kern_subsidies_summed') }}

),

kern_figures as (

    select * from {{ ref('int_kwb_kern_aggregated') }}

),

inwoners as (

    select
        gemeentecode,
        kern,
        year as inwoners_jaar,
        value as inwoners
    from kern_figures
    where
        measure = 'inwoners'
        and value is not null

),

ranked_inwoners as (

    select
        summed.gemeentecode,
        summed.kern,
        summed.jaar,
        summed.regeling,
        inwoners.inwoners_jaar,
        inwoners.inwoners,
        row_number() over (
            partition by summed.gemeentecode, summed.kern, summed.jaar, summed.regeling
            order by
                inwoners.inwoners_jaar > summed.jaar,
                case
                    when inwoners.inwoners_jaar <= summed.jaar then -inwoners.inwoners_jaar
                    else inwoners.inwoners_jaar
                end
        ) as rang
    from summed
    inner join inwoners
        on
            summed.gemeentecode = inwoners.gemeentecode
            and summed.kern = inwoners.kern

),

chosen_inwoners as (

    select * from ranked_inwoners
    where rang = 1

),

final as (

    select
        summed.gemeentecode,
        summed.kern,
        summed.jaar,
        summed.regeling,
        summed.aanvragen,
        summed.toegekend_aantal,
        summed.toegekend_bedrag,
        case
            when summed.toegekend_aantal > 0
                then cast(summed.toegekend_bedrag / summed.toegekend_aantal as decimal(14, 2))
        end as gemiddeld_bedrag,
        cast(chosen_inwoners.inwoners as bigint) as inwoners,
        chosen_inwoners.inwoners_jaar,
        round(1000.0 * summed.aanvragen / nullif(chosen_inwoners.inwoners, 0), 2)
            as aanvragen_per_1000_inwoners,
        round(1000.0 * summed.toegekend_aantal / nullif(chosen_inwoners.inwoners, 0), 2)
            as toegekend_per_1000_inwoners,
        round(1000.0 * cast(summed.toegekend_bedrag as double) / nullif(chosen_inwoners.inwoners, 0), 2)
            as bedrag_per_1000_inwoners,
        summed.synthetisch
    from summed
    left join chosen_inwoners
        on
            summed.gemeentecode = chosen_inwoners.gemeentecode
            and summed.kern = chosen_inwoners.kern
            and summed.jaar = chosen_inwoners.jaar
            and summed.regeling = chosen_inwoners.regeling

)

select * from final
