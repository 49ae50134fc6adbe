{#- The column rules of one model in one query: every column in `gevuld` is filled in every row, every column
    in `uniek` is filled and unique on its own (a key). One test per model instead of a not_null and a unique test
    per column: each dbt test is a node with its own start-up cost, and a refresh ran 130 of them (issue 19).
    A failing row names the column, the rule (leeg or dubbel) and, for a duplicate, the value. -#}
{% test kolommen(model, gevuld=[], uniek=[]) %}

select *
from ({{ kolommen_regels(model, gevuld, uniek) }}) as regels

{% endtest %}
