-- The one verdict per figure: for every kern and indicator of kern_profiel (the latest year with a value), is it a
-- 'sterk punt', an 'aandachtspunt', 'opvallend', 'in lijn met de gemeente' or 'geen oordeel', and why (in Dutch).
-- The kern profile, the Kansenkaart page and PDF, the raad briefing and the XLSX all show this verdict, so they
-- never disagree. The rule is the one shown to raadsleden (its Dutch text: dashboards/oordeel.py):
-- - compare with the gemeente's own CBS figure (relative difference) and with the other kernen of the gemeente
--   (rang of rang_van: 1 = best for directional indicators, highest for neutral ones);
-- - directional: better than the gemeente and at least drempel_procent % apart or in the best kwart of the kernen
--   (rounded up, at least one kern) = 'sterk punt'; worse and far apart or in the worst kwart = 'aandachtspunt';
-- - neutral: at least drempel_opvallend % apart, or the highest or lowest kern = 'opvallend' (never good or bad);
-- - growth rates and Leefbaarometer scores hover around zero, so a percentage of them means nothing: rank only;
-- - counts (eenheid 'aantal') say how big a kern is, not how it is doing: no verdict, as without a value or
--   without a gemeente figure;
-- - survey figures (berekening export_enquete) rest on a sample: a verdict only when the kern's 95% interval
--   (int_kern_enquete_computed, as in kern_enquete) excludes the gemeente figure, else no verdict.
-- The thresholds come from oordeel_regel (the vars oordeel_*), published beside this mart.
with profiel as (
    select * from {{ ref('kern_profiel') }}
),

catalogue as (
    select * from {{ ref('indicator_catalogus') }}
),

regel as (
    select * from {{ ref('oordeel_regel') }}
),

marge as (
    select
        gemeentecode,
        kern,
        indicator_id,
        year,
        ondergrens,
        bovengrens
    from {{ ref('int_kern_enquete_computed') }}
),

inputs as (
    select
        profiel.gemeentecode,
        profiel.kern,
        profiel.indicator_id,
        profiel.jaar,
        profiel.richting,
        profiel.waarde,
        profiel.gemeente_waarde,
        profiel.rang,
        profiel.rang_van,
        regel.drempel_procent,
        regel.drempel_opvallend,
        profiel.richting in ('hoger_beter', 'lager_beter') as heeft_richting,
        coalesce(profiel.eenheid = 'aantal', false) as is_aantal,
        coalesce(catalogue.berekening = 'growth' or profiel.eenheid = 'score', false) as is_verschilmaat,
        coalesce(catalogue.berekening = 'export_enquete', false) as is_enquete,
        -- A survey figure differs from the gemeente only when its interval excludes it (no interval: not known).
        coalesce(marge.ondergrens > profiel.gemeente_waarde or marge.bovengrens < profiel.gemeente_waarde, false)
            as buiten_marge,
        -- A rank among fewer than two kernen says nothing.
        case when profiel.rang_van >= 2 then profiel.rang end as bruikbare_rang,
        greatest(1, ceil(profiel.rang_van * regel.kwart)) as kwart_kernen
    from profiel
    left join catalogue on profiel.indicator_id = catalogue.indicator_id
    left join marge
        on
            profiel.gemeentecode = marge.gemeentecode
            and profiel.kern = marge.kern
            and profiel.indicator_id = marge.indicator_id
            and profiel.jaar = marge.year
    cross join regel
),

compared as (
    select
        *,
        case
            when not is_aantal and not is_verschilmaat and gemeente_waarde <> 0
                then (waarde - gemeente_waarde) / abs(gemeente_waarde) * 100
        end as afwijking_pct,
        case
            when richting = 'hoger_beter' then waarde > gemeente_waarde
            when richting = 'lager_beter' then waarde < gemeente_waarde
        end as is_beter,
        case
            when richting = 'hoger_beter' then waarde < gemeente_waarde
            when richting = 'lager_beter' then waarde > gemeente_waarde
        end as is_slechter,
        coalesce(bruikbare_rang <= kwart_kernen, false) as in_beste_kwart,
        coalesce(bruikbare_rang > rang_van - kwart_kernen, false) as in_slechtste_kwart,
        coalesce(bruikbare_rang = 1, false) as is_hoogste,
        coalesce(bruikbare_rang = rang_van, false) as is_laagste
    from inputs
),

judged as (
    select
        *,
        case
            when waarde is null or is_aantal or gemeente_waarde is null then 'geen oordeel'
            when is_enquete and not buiten_marge then 'geen oordeel'
            when heeft_richting and is_beter and (abs(afwijking_pct) >= drempel_procent or in_beste_kwart)
                then 'sterk punt'
            when heeft_richting and is_slechter and (abs(afwijking_pct) >= drempel_procent or in_slechtste_kwart)
                then 'aandachtspunt'
            when heeft_richting then 'in lijn met de gemeente'
            when abs(afwijking_pct) >= drempel_opvallend or is_hoogste or is_laagste then 'opvallend'
            else 'in lijn met de gemeente'
        end as oordeel,
        -- Whole percents in Dutch notation (1.234): the thousands separator becomes a point.
        replace(format('{:,.0f}', abs(afwijking_pct)), ',', '.') as afwijking_tekst,
        case
            when heeft_richting and is_beter then 'beter'
            when heeft_richting then 'slechter'
            when afwijking_pct > 0 then 'hoger'
            else 'lager'
        end as verschil_woord
    from compared
),

explained as (
    select
        *,
        case
            when afwijking_pct is null then null
            when afwijking_tekst = '0' then 'vrijwel gelijk aan de gemeente'
            else afwijking_tekst || '% ' || verschil_woord || ' dan de gemeente'
        end as verschil_reden,
        case
            when bruikbare_rang is null then null
            when heeft_richting then 'rang ' || bruikbare_rang || ' van ' || rang_van || ' kernen'
            when is_hoogste then 'hoogste van de ' || rang_van || ' kernen'
            when is_laagste then 'laagste van de ' || rang_van || ' kernen'
            else 'plaats ' || bruikbare_rang || ' van ' || rang_van || ' kernen'
        end as rang_reden
    from judged
),

final as (
    select
        gemeentecode,
        kern,
        indicator_id,
        jaar,
        richting,
        waarde,
        gemeente_waarde,
        rang,
        rang_van,
        afwijking_pct,
        oordeel,
        case
            when waarde is null then 'geen waarde'
            when is_aantal then 'een aantal: niet te vergelijken met de hele gemeente'
            when gemeente_waarde is null then 'geen gemeentecijfer om mee te vergelijken'
            when is_enquete and not buiten_marge
                then concat_ws('; ', 'het verschil met de gemeente valt binnen de foutmarge van de enquête', rang_reden)
            else nullif(concat_ws('; ', verschil_reden, rang_reden), '')
        end as reden,
        -- The kern's figures with the same verdict, largest difference first (rank-only ones last): which
        -- strengths or attention points a short list shows.
        row_number() over (
            partition by gemeentecode, kern, oordeel
            order by abs(afwijking_pct) desc nulls last, indicator_id
        ) as volgorde
    from explained
)

-- Stored in gemeente order (publish copies it as it is): the dashboard asks per gemeente, and DuckDB then reads
-- only that gemeente's row groups (all of NL: 1 of 26).
select * from final
order by gemeentecode
