{#- A rule written as a view of the rows that break it (models/controles): the test fails on any row. -#}
{% test geen_rijen(model) %}

select * from {{ model }}

{% endtest %}
