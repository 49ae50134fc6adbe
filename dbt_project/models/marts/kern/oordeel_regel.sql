-- The thresholds of the verdict rule as one row. kern_oordelen reads them from here, and the publication carries
-- them, so the rule's text on the Kansenkaart and on Bronnen en methode states the numbers its verdicts were made
-- with. The numbers themselves are the vars oordeel_* in dbt_project.yml.
with final as (
    select
        cast({{ var('oordeel_drempel_procent') }} as double) as drempel_procent,
        cast({{ var('oordeel_drempel_opvallend') }} as double) as drempel_opvallend,
        cast({{ var('oordeel_kwart') }} as double) as kwart
)

select * from final
