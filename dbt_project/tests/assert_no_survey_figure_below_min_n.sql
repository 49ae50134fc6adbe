-- Privacy (docs/enquetes.md): no survey figure of a kern or gemeente below enquete_min_n holds a value, and no
-- hidden figure holds a value, an interval or a previous value. Returns the rows that break it.
select *
from {{ ref('kern_enquete') }}
where
    gebied_soort in ('kern', 'gemeente')
    and (
        (n < min_n and not verborgen)
        or (verborgen and (waarde is not null or ondergrens is not null or bovengrens is not null))
        or (verborgen and vorige_waarde is not null)
    )
