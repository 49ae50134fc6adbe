-- The participation indicators fed by the gemeente's own exports, per kern and year, in the same shape as
-- int_kern_indicators_computed: initiatives and euros granted per 1.000 inhabitants (inhabitants of the
-- latest CBS year up to that year), and the kernagenda at the last peildatum of the year. The gemeente figure
-- is the gemeente total over CBS's own gemeente inhabitants. A figure made from an example export is synthetic
-- (the flag synthetisch of the export rows, set in staging).
with catalogue as (
    select * from {{ ref('indicators') }}
    where berekening in ('export_subsidie', 'export_kernagenda')
),

subsidies as (
    select * from {{ ref('int_kern_subsidies_summed') }}
),

kernagenda as (
    select * from {{ ref('int_kern_kernagenda_summarised') }}
),

inhabitants as (
    select * from {{ ref('int_kwb_kern_aggregated') }}
    where measure = 'inwoners'
),

gemeente_inhabitants as (
    select * from {{ ref('int_kwb_harmonised') }}
    where region_level = 'GM' and measure = 'inwoners'
),

subsidy_values as (
    select
        catalogue.indicator_id,
        subsidies.gemeentecode,
        subsidies.kern,
        subsidies.jaar as year,
        sum(
            case catalogue.noemer
                when 'toegekend_aantal' then subsidies.toegekend_aantal
                when 'toegekend_bedrag' then subsidies.toegekend_bedrag
            end
        ) as amount,
        cast(catalogue.factor as double) as factor,
        bool_or(subsidies.synthetisch) as export_synthetic
    from catalogue
    inner join subsidies on catalogue.teller = 'alle' or catalogue.teller = subsidies.regeling
    where catalogue.berekening = 'export_subsidie'
    group by catalogue.indicator_id, subsidies.gemeentecode, subsidies.kern, subsidies.jaar, catalogue.factor
),

-- The inhabitants of the latest CBS year at or before the subsidy year (else the earliest later one).
subsidy_base as (
    select
        subsidy_values.*,
        arg_min(
            inhabitants.value,
            case
                when inhabitants.year <= subsidy_values.year then subsidy_values.year - inhabitants.year
                else 100 + inhabitants.year - subsidy_values.year
            end
        ) as inwoners,
        arg_min(
            inhabitants.synthetic,
            case
                when inhabitants.year <= subsidy_values.year then subsidy_values.year - inhabitants.year
                else 100 + inhabitants.year - subsidy_values.year
            end
        ) as inwoners_synthetic
    from subsidy_values
    inner join inhabitants
        on subsidy_values.gemeentecode = inhabitants.gemeentecode and subsidy_values.kern = inhabitants.kern
    group by all
),

subsidy_gemeente as (
    select
        subsidy_base.indicator_id,
        subsidy_base.gemeentecode,
        subsidy_base.year,
        sum(subsidy_base.amount) / nullif(max(gemeente_inhabitants.value), 0) * max(subsidy_base.factor) as value,
        bool_or(subsidy_base.export_synthetic) as synthetic
    from subsidy_base
    left join gemeente_inhabitants
        on
            subsidy_base.gemeentecode = gemeente_inhabitants.gemeentecode
            and gemeente_inhabitants.year = (
                select max(g.year) from gemeente_inhabitants as g
                where g.gemeentecode = subsidy_base.gemeentecode and g.year <= subsidy_base.year
            )
    group by subsidy_base.indicator_id, subsidy_base.gemeentecode, subsidy_base.year
),

subsidy_final as (
    select
        subsidy_base.indicator_id,
        subsidy_base.gemeentecode,
        subsidy_base.kern,
        subsidy_base.year,
        subsidy_base.amount / nullif(subsidy_base.inwoners, 0) * subsidy_base.factor as value,
        subsidy_base.export_synthetic,
        subsidy_base.inwoners_synthetic as base_synthetic,
        subsidy_gemeente.value as gemeente_value,
        subsidy_gemeente.synthetic as gemeente_synthetic
    from subsidy_base
    left join subsidy_gemeente
        on
            subsidy_base.indicator_id = subsidy_gemeente.indicator_id
            and subsidy_base.gemeentecode = subsidy_gemeente.gemeentecode
            and subsidy_base.year = subsidy_gemeente.year
),

last_peildatum as (
    select
        gemeentecode,
        kern,
        extract(year from peildatum) as year,
        max(peildatum) as peildatum
    from kernagenda
    group by gemeentecode, kern, extract(year from peildatum)
),

kernagenda_final as (
    select
        catalogue.indicator_id,
        kernagenda.gemeentecode,
        kernagenda.kern,
        cast(last_peildatum.year as integer) as year,
        case catalogue.teller
            when 'punten_totaal' then kernagenda.punten_totaal
            when 'aandeel_gerealiseerd' then kernagenda.aandeel_gerealiseerd
        end * cast(catalogue.factor as double) as value,
        kernagenda.synthetisch as export_synthetic,
        false as base_synthetic,
        cast(null as double) as gemeente_value,
        kernagenda.synthetisch as gemeente_synthetic
    from catalogue
    cross join kernagenda
    inner join last_peildatum
        on
            kernagenda.gemeentecode = last_peildatum.gemeentecode
            and kernagenda.kern = last_peildatum.kern
            and kernagenda.peildatum = last_peildatum.peildatum
    where catalogue.berekening = 'export_kernagenda'
),

unioned as (
    select * from subsidy_final
    union all
    select * from kernagenda_final
),

final as (
    select
        unioned.indicator_id,
        unioned.gemeentecode,
        unioned.kern,
        unioned.year,
        unioned.value,
        cast(1 as double) as coverage,
        case when unioned.value is null then 'onvoldoende gegevens' else 'volledig' end as status,
        unioned.export_synthetic or unioned.base_synthetic as synthetic,
        cast(null as bigint) as buurten,
        cast(null as bigint) as buurten_met_waarde,
        'export van de gemeente' as bron_tabel,
        cast(null as varchar) as bron_revisie,
        unioned.gemeente_value,
        unioned.gemeente_synthetic,
        cast(null as double) as nederland_value,
        cast(null as boolean) as nederland_synthetic
    from unioned
)

select * from final
