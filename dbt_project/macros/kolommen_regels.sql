{#- The query of the generic test `kolommen` (tests/generic/kolommen.sql): one row per broken rule. -#}
{% macro kolommen_regels(model, gevuld, uniek) %}
{% for column in (gevuld + uniek) | unique %}
select
    '{{ column }}' as kolom,
    'leeg' as regel,
    null as waarde,
    count(*) as rijen
from {{ model }}
where {{ column }} is null
having count(*) > 0
union all
{% endfor %}
{% for column in uniek %}
select
    '{{ column }}' as kolom,
    'dubbel' as regel,
    cast({{ column }} as varchar) as waarde,
    count(*) as rijen
from {{ model }}
where {{ column }} is not null
group by {{ column }}
having count(*) > 1
union all
{% endfor %}
select
    null as kolom,
    null as regel,
    null as waarde,
    0 as rijen
where false
{% endmacro %}
