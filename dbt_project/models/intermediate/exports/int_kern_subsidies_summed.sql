-- Applications and grants per kern per year per regeling. A kern without applications in a year that an
-- export covered for that regeling gets a row with zeros: no application is a fact, not a gap. Years no
-- export covered have no rows at all (unknown, not zero).

with

subsidies as (

    select * from {{ ref('stg_exports__subsidies') }}

),

kern_figures as (

    select * from {{ ref('int_kwb_kern_aggregated') }}

),

kernen as (

    select distinct
        gemeentecode,
        kern
    from kern_figures
    union
    select distinct
        gemeentecode,
        kern
    from subsidies

),

covered_slices as (

    select
        gemeentecode,
        regeling,
        jaar,
        -- A slice an example export covers is synthetic, its zeros included.
        bool_or(synthetisch) as synthetisch
    from subsidies
    group by gemeentecode, regeling, jaar

),

kern_slices as (

    select
        kernen.gemeentecode,
        kernen.kern,
        covered_slices.jaar,
        covered_slices.regeling,
        covered_slices.synthetisch
    from covered_slices
    inner join kernen
        on covered_slices.gemeentecode = kernen.gemeentecode

),

summed as (

    select
        gemeentecode,
        kern,
        jaar,
        regeling,
        count(*) as aanvragen,
        count(*) filter (where status = 'toegekend') as toegekend_aantal,
        sum(bedrag_toegekend) filter (where status = 'toegekend') as toegekend_bedrag
    from subsidies
    group by gemeentecode, kern, jaar, regeling

),

final as (

    select
        kern_slices.gemeentecode,
        kern_slices.kern,
        kern_slices.jaar,
        kern_slices.regeling,
        cast(coalesce(summed.aanvragen, 0) as bigint) as aanvragen,
        cast(coalesce(summed.toegekend_aantal, 0) as bigint) as toegekend_aantal,
        cast(coalesce(summed.toegekend_bedrag, 0) as decimal(14, 2)) as toegekend_bedrag,
        kern_slices.synthetisch
    from kern_slices
    left join summed
        on
            kern_slices.gemeentecode = summed.gemeentecode
            and kern_slices.kern = summed.kern
            and kern_slices.jaar = summed.jaar
            and kern_slices.regeling = summed.regeling

)

select * from final
