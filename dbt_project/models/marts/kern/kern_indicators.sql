-- One row per kern, year and catalogue indicator: value with its coverage, status (incl. synthetic), the
-- gemeente's own CBS figure, Nederland, the rank among the kernen of the gemeente, the previous year and the
-- source. Indicators without data for a kern and year are present with a status that says why.
with catalogue as (
    -- The seed and the gemeenten's own indicators (eigen cijfers).
    select * from {{ ref('int_indicator_catalogue') }}
),

kernen as (
    select
        gemeentecode,
        gemeentenaam,
        kern
    from {{ ref('kernen') }}
),

years as (
    select distinct year from {{ ref('int_kwb_harmonised') }}
    union
    select distinct year from {{ ref('int_kern_participation_computed') }}
    union
    select distinct year from {{ ref('int_kern_enquete_computed') }}
),

year_before as (
    select
        year,
        lag(year) over (order by year) as previous_year
    from years
),

-- Read where it is used rather than kept: with the grid's figures kept and read twice, DuckDB ran out of memory
-- under the ceiling on all of NL instead of spilling.
computed as not materialized (
    select * from {{ ref('int_kern_indicators_computed') }}
    union all by name
    select * from {{ ref('int_kern_participation_computed') }}
    union all by name
    select * from {{ ref('int_kern_enquete_computed') }}
),

tables as (
    select * from {{ ref('stg_cbs__kwb_tables') }}
),

-- Which survey questions a gemeente measured, and in which years: a kern without a survey figure then says
-- whether the year had no measurement or the kern had no respondents, not that no export was loaded.
survey_years as (
    select distinct
        gemeentecode,
        indicator_id,
        year
    from {{ ref('int_kern_enquete_computed') }}
),

survey_questions as (
    select distinct
        gemeentecode,
        indicator_id
    from survey_years
),

-- Which gemeenten delivered which own indicators (eigen cijfers): another gemeente's kernen do not list them.
own_delivered as (
    select distinct
        gemeentecode,
        indicator_id
    from {{ ref('stg_exports__eigen_cijfers') }}
),

-- Keys and what the status, rank and source need: the catalogue's texts and the gemeente's name are joined at the
-- end.
grid as not materialized (
    select
        kernen.gemeentecode,
        kernen.kern,
        years.year,
        catalogue.indicator_id,
        catalogue.berekening,
        catalogue.eigen_cijfer,
        catalogue.bron,
        catalogue.richting
    from kernen
    cross join years
    cross join catalogue
    left join own_delivered
        on kernen.gemeentecode = own_delivered.gemeentecode and catalogue.indicator_id = own_delivered.indicator_id
    where not catalogue.eigen_cijfer or own_delivered.indicator_id is not null
),

joined as (
    select
        grid.*,
        computed.value,
        computed.coverage,
        computed.synthetic,
        computed.buurten,
        computed.buurten_met_waarde,
        computed.gemeente_value,
        computed.gemeente_synthetic,
        computed.nederland_value,
        coalesce(
            computed.status,
            case
                when
                    grid.berekening = 'leefbaarometer'
                    then 'geen gegevens: Leefbaarometer niet beschikbaar voor dit jaar'
                when
                    grid.berekening = 'export_enquete' and survey_years.year is not null
                    then 'geen gegevens: geen respondenten in deze kern'
                when
                    grid.berekening = 'export_enquete' and survey_questions.indicator_id is not null
                    then 'geen gegevens: geen meting in dit jaar'
                when grid.eigen_cijfer then 'geen gegevens: geen eigen cijfer van de gemeente voor dit jaar'
                when grid.berekening like 'export%' then 'geen gegevens: geen export van de gemeente geladen'
                when grid.berekening = 'growth' then 'geen gegevens: geen vorig jaar'
                else 'geen gegevens: maat ontbreekt in de CBS-tabel van dit jaar'
            end
        ) as status,
        -- Without a computed value, a CBS indicator still names the table it was looked for in.
        coalesce(
            computed.bron_tabel, case when grid.bron like 'CBS%' and not grid.eigen_cijfer then tables.table_id end
        ) as bron_tabel,
        coalesce(
            computed.bron_revisie, case when grid.bron like 'CBS%' and not grid.eigen_cijfer then tables.revision end
        ) as bron_revisie
    from grid
    left join computed
        on
            grid.indicator_id = computed.indicator_id
            and grid.gemeentecode = computed.gemeentecode
            and grid.kern = computed.kern
            and grid.year = computed.year
    left join tables on grid.year = tables.year
    left join survey_years
        on
            grid.gemeentecode = survey_years.gemeentecode
            and grid.indicator_id = survey_years.indicator_id
            and grid.year = survey_years.year
    left join survey_questions
        on
            grid.gemeentecode = survey_questions.gemeentecode
            and grid.indicator_id = survey_questions.indicator_id
),

-- The grid's figures that have a value, with the score they are ranked by (keys and numbers only: with all 3,2
-- million rows of all of NL ranked with their status and source texts this model took 13,6 s, with these 11 s, and
-- 8,4 s since they are kept, below). Ranked on the value
-- rounded to 9 decimals: sums of the same buurten in another order differ in the last bit (2,7 against
-- 2,6999999999999997), and kernen with the same figure share a rank whatever order DuckDB added in. (Figures that
-- are not whole numbers are far below 1e7, where 9 decimals are above the last bit; whole sums are exact.)
-- Kept: its 0,5 million narrow rows are read three times (ranks, counts, the previous year), and each reading joined
-- the grid with the figures again (1 s each on all of NL).
valued as materialized (
    select
        grid.gemeentecode,
        grid.kern,
        grid.year,
        grid.indicator_id,
        computed.value,
        round(case when grid.richting = 'lager_beter' then computed.value else -computed.value end, 9) as score
    from grid
    inner join computed
        on
            grid.indicator_id = computed.indicator_id
            and grid.gemeentecode = computed.gemeentecode
            and grid.kern = computed.kern
            and grid.year = computed.year
    where computed.value is not null
),

ranks as (
    select
        gemeentecode,
        kern,
        year,
        indicator_id,
        rank() over (partition by gemeentecode, year, indicator_id order by score) as rang
    from valued
),

counts as (
    select
        gemeentecode,
        year,
        indicator_id,
        count(*) as rang_van
    from valued
    group by gemeentecode, year, indicator_id
),

ranked as (
    select
        joined.*,
        ranks.rang,
        coalesce(counts.rang_van, 0) as rang_van,
        -- The figure of the year before (of the years this table holds), when the kern had one.
        previous.value as vorig_jaar_waarde
    from joined
    left join ranks
        on
            joined.gemeentecode = ranks.gemeentecode
            and joined.kern = ranks.kern
            and joined.year = ranks.year
            and joined.indicator_id = ranks.indicator_id
    left join counts
        on
            joined.gemeentecode = counts.gemeentecode
            and joined.year = counts.year
            and joined.indicator_id = counts.indicator_id
    left join year_before on joined.year = year_before.year
    left join valued as previous
        on
            joined.gemeentecode = previous.gemeentecode
            and joined.kern = previous.kern
            and joined.indicator_id = previous.indicator_id
            and year_before.previous_year = previous.year
),

final as (
    select
        ranked.gemeentecode,
        kernen.gemeentenaam,
        ranked.kern,
        ranked.year as jaar,
        ranked.indicator_id,
        catalogue.label,
        catalogue.thema,
        catalogue.programma,
        catalogue.eenheid,
        ranked.richting,
        cast(catalogue.decimalen as integer) as decimalen,
        ranked.value as waarde,
        ranked.coverage as dekking,
        ranked.status,
        coalesce(ranked.synthetic, false) as synthetisch,
        ranked.buurten,
        ranked.buurten_met_waarde,
        ranked.gemeente_value as gemeente_waarde,
        coalesce(ranked.gemeente_synthetic, false) as gemeente_synthetisch,
        ranked.nederland_value as nederland_waarde,
        ranked.rang,
        ranked.rang_van,
        ranked.vorig_jaar_waarde,
        ranked.bron,
        ranked.bron_tabel,
        ranked.bron_revisie
    from ranked
    inner join catalogue on ranked.indicator_id = catalogue.indicator_id
    inner join kernen on ranked.gemeentecode = kernen.gemeentecode and ranked.kern = kernen.kern
)

-- Stored in gemeente order (publish copies it as it is): the dashboard asks per gemeente, and DuckDB then reads
-- only that gemeente's row groups (all of NL: 1 of 26).
select * from final
order by gemeentecode
