"""Row validation with pydantic: one model per kind of export, every cell parsed by the parser its field names.

A row either becomes a typed model or fails with one or more (column, reason) pairs; pydantic collects all
problems of a row at once, so the user fixes a row in one go.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ValidationError, ValidationInfo, model_validator
from pydantic_core import PydanticCustomError

from ingest.exports_doelen import catalogue, parse_gemeente, parse_indicator, parse_number, parse_scope
from ingest.exports_eigen_cijfers import indicator_code, is_buurtcode, parse_buurt
from ingest.exports_eigen_cijfers import parse_area as parse_own_area
from ingest.exports_enquete import answer_value, parse_area, parse_buurtcode, parse_count, raw_answer
from ingest.exports_kernregister import parse_website, parse_werknaam
from ingest.exports_spec import (
    DOELEN,
    EIGEN_CIJFERS,
    ENQUETE,
    ENQUETE_RESULTATEN,
    FIELDS,
    GEMEENTE_SCOPE,
    KERNAGENDA,
    KERNREGISTER,
    SUBSIDIES,
    VALUES,
    FieldSpec,
    key,
)
from ingest.exports_values import (
    CellError,
    clean_text,
    display,
    dutch_date,
    euro,
    fuzzy_pick,
    is_empty,
    match_value,
    or_list,
    parse_amount,
    parse_date,
    parse_year,
)
from ingest.kernen import normalise_name


@dataclass
class RowContext:
    """What a row needs to know about its file: the gemeente, its kernen, the header names, the reference dates."""

    kind: str
    gemeentecode: str
    kernen: dict[str, dict[str, str]]  # gemeentecode -> normalised name -> official kern
    headers: dict[str, str]  # field -> header as written in the file
    today: date
    peildatum: date | None = None
    row: int = 0
    corrections: list[dict[str, Any]] = field(default_factory=list)
    # Goals only: named groups of kernen, gemeentecode -> normalised group name -> group name.
    groups: dict[str, dict[str, str]] = field(default_factory=dict)
    # Subsidies only: the loaded kernagenda of the file's gemeente, kern -> key of a point number -> the number as
    # the kernagenda writes it; None when no kernagenda was given (read_export without a warehouse), so a grant's
    # kernagendapunt is not checked.
    points: dict[str, dict[str, str]] | None = None
    # Surveys only: buurtcode -> kern, for a respondent whose kern follows from a buurtcode.
    buurten: dict[str, str] = field(default_factory=dict)
    # Own figures only: buurtcode -> (gemeentecode, kern) of every buurt in the kern mapping.
    buurt_gemeenten: dict[str, tuple[str, str]] = field(default_factory=dict)

    def header(self, name: str) -> str:
        return self.headers.get(name) or _spec(self.kind, name).label

    @property
    def reference_year(self) -> int:
        return (self.peildatum or self.today).year


_SPECS: dict[str, dict[str, FieldSpec]] = {kind: {s.name: s for s in specs} for kind, specs in FIELDS.items()}


def _spec(kind: str, name: str) -> FieldSpec:
    return _SPECS[kind][name]


def _fail(reason: str, column: str | None = None) -> PydanticCustomError:
    context = {"reason": reason}
    if column:
        context["field"] = column
    return PydanticCustomError("export_cell", "{reason}", context)


def _match_kern(value: object, ctx: RowContext, header: str) -> str | None:
    if is_empty(value):
        return None
    text = display(value)
    own = ctx.kernen.get(ctx.gemeentecode, {})
    word = normalise_name(text)
    if word in own:
        return own[word]
    for other, names in ctx.kernen.items():
        if other != ctx.gemeentecode and word in names:
            raise CellError(
                f"kern '{text}' hoort bij gemeente {other}, niet bij {ctx.gemeentecode} (de gemeente van dit bestand); "
                f"verwacht alleen kernen van {ctx.gemeentecode}"
            )
    pick, score, candidates = fuzzy_pick(word, own)
    if pick is not None:
        ctx.corrections.append({"row": ctx.row, "column": header, "value": text, "corrected": pick, "score": score})
        return pick
    hint = f"; bedoelde u {or_list(candidates)}?" if candidates else ""
    raise CellError(
        f"kern '{text}' is geen kern van gemeente {ctx.gemeentecode}{hint} "
        f"(verwacht de naam van een kern van {ctx.gemeentecode})"
    )


def _match_scope(value: object, ctx: RowContext, header: str) -> str | None:
    """A goal's scope: a kern of the file's gemeente, a group of its kernen, or 'gemeente'."""
    own = ctx.kernen.get(ctx.gemeentecode, {})
    try:
        scope, _, score = parse_scope(value, ctx.gemeentecode, own, ctx.groups.get(ctx.gemeentecode, {}))
    except CellError:
        word = normalise_name(display(value))
        for other, names in ctx.kernen.items():
            if other != ctx.gemeentecode and word in names:
                raise CellError(
                    f"kern '{display(value)}' hoort bij gemeente {other}, niet bij {ctx.gemeentecode} (de gemeente "
                    f"van dit bestand); verwacht alleen kernen van {ctx.gemeentecode}"
                ) from None
        raise
    if score is not None:
        ctx.corrections.append(
            {"row": ctx.row, "column": header, "value": display(value), "corrected": scope, "score": score}
        )
    return scope


def _parse_cell(value: object, info: ValidationInfo) -> Any:
    """The one entry point for every cell: the field's spec says how to read it."""
    ctx: RowContext = info.context
    spec = _spec(ctx.kind, info.field_name)
    header = ctx.header(spec.name)
    try:
        if spec.parse == "kern":
            parsed = _match_kern(value, ctx, header)
        elif spec.parse == "value":
            parsed, score = match_value(value, spec.domain, header, show_value=not spec.may_hold_names)
            if score is not None:
                shown = display(value) if not spec.may_hold_names else "(niet getoond)"
                ctx.corrections.append(
                    {"row": ctx.row, "column": header, "value": shown, "corrected": parsed, "score": score}
                )
        elif spec.parse == "amount":
            parsed = parse_amount(value)
        elif spec.parse == "date":
            parsed = parse_date(value, ctx.today)
        elif spec.parse == "year":
            parsed = parse_year(value, 2000, ctx.reference_year + spec.years_ahead, header)
        elif spec.parse == "number":
            parsed = parse_number(value, header)
        elif spec.parse == "gemeente":
            parsed = parse_gemeente(value)
        elif spec.parse == "indicator":
            parsed, score = parse_indicator(value)
            if score is not None:
                ctx.corrections.append(
                    {"row": ctx.row, "column": header, "value": display(value), "corrected": parsed, "score": score}
                )
        elif spec.parse == "scope":
            parsed = _match_scope(value, ctx, header)
        elif spec.parse == "answer":
            parsed = raw_answer(value)
        elif spec.parse == "count":
            parsed = parse_count(value, header)
        elif spec.parse == "buurtcode":
            parsed = parse_buurtcode(value, ctx.buurten, ctx.gemeentecode)
        elif spec.parse == "gebied":
            parsed = parse_area(value) or _match_kern(value, ctx, header)
        elif spec.parse == "eigen_gebied":
            if is_buurtcode(value):
                parsed = parse_buurt(value, ctx.buurt_gemeenten, ctx.gemeentecode)
            else:
                parsed = parse_own_area(value) or _match_kern(value, ctx, header)
        elif spec.parse == "eigen_indicator":
            parsed = indicator_code(value, header, frozenset(catalogue()))
        elif spec.parse == "werknaam":
            parsed = parse_werknaam(value, header)
        elif spec.parse == "website":
            parsed = parse_website(value, header)
        else:
            parsed = clean_text(value)
    except CellError as exc:
        raise _fail(str(exc)) from None
    if parsed is None and spec.filled:
        expected = spec.expect or (or_list(list(VALUES[spec.domain])) if spec.domain else "een waarde")
        raise _fail(f"{header} is leeg; verwacht {expected}")
    return parsed


Cell = BeforeValidator(_parse_cell)


class SubsidieRow(BaseModel):
    """One subsidy application."""

    regeling: Annotated[str, Cell]
    kern: Annotated[str, Cell]
    dossiernummer: Annotated[str, Cell]
    omschrijving: Annotated[str | None, Cell] = None
    thema: Annotated[str | None, Cell] = None
    jaar: Annotated[int | None, Cell] = None
    datum_besluit: Annotated[date | None, Cell] = None
    datum_aanvraag: Annotated[date | None, Cell] = None
    bedrag_aangevraagd: Annotated[float | None, Cell] = None
    bedrag_toegekend: Annotated[float | None, Cell] = None
    status: Annotated[str, Cell]
    kernagendapunt: Annotated[str | None, Cell] = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> SubsidieRow:
        ctx: RowContext = info.context
        if self.kernagendapunt is not None and ctx.points is not None:
            self.kernagendapunt = _check_point(self.kernagendapunt, self.kern, ctx)
        year = self.jaar or (self.datum_besluit or self.datum_aanvraag or date.min).year
        if year == date.min.year:
            column = next(n for n in ("datum_besluit", "jaar", "datum_aanvraag") if n in ctx.headers)
            raise _fail(
                f"{ctx.header(column)} is leeg en er staat geen ander jaar of andere datum in de rij; "
                "verwacht de datum van het besluit, zoals 12-03-2023",
                column,
            )
        if self.status == "toegekend" and self.bedrag_toegekend is None:
            raise _fail(
                f"de status is toegekend maar {ctx.header('bedrag_toegekend')} is leeg; verwacht het toegekende bedrag",
                "bedrag_toegekend",
            )
        if self.status in ("afgewezen", "in behandeling") and (self.bedrag_toegekend or 0) > 0:
            raise _fail(
                f"de status is {self.status} maar er is {euro(self.bedrag_toegekend)} toegekend; "
                "verwacht 0 of leeg, of een andere status",
                "bedrag_toegekend",
            )
        if self.jaar is None:
            self.jaar = year
        return self


def _check_point(point: str, kern: str, ctx: RowContext) -> str | None:
    """A grant that names a kernagenda point must name one of its own kern's points in the loaded kernagenda; the
    number is kept as the kernagenda writes it ("ka 3" -> "KA-3"), so the marts link the two by plain equality.

    When no kernagenda of the gemeente is loaded yet the number cannot be checked: the grant is kept with the link
    left empty and a note (file, row, column, the number) in the corrections, so that nothing is lost (a file is
    loaded once: reloading it later would do nothing)."""
    header = ctx.header("kernagendapunt")
    shown = point if len(point) <= 40 else point[:39] + "…"  # a long cell is named by its start
    if not ctx.points:
        ctx.corrections.append(
            {
                "row": ctx.row,
                "column": header,
                "value": shown,
                "corrected": f"niet gekoppeld: nog geen kernagenda van {ctx.gemeentecode} geladen",
                "score": None,
            }
        )
        return None
    own = ctx.points.get(kern, {})
    spelling = own.get(key(point))
    if spelling is None:
        numbers = or_list(sorted(own.values(), key=lambda n: (len(n), n))[:3]) if own else ""
        example = f", zoals {numbers}" if numbers else ""
        raise _fail(
            f"{header} '{shown}' staat niet op de kernagenda van {kern} ({ctx.gemeentecode}); verwacht het nummer "
            f"van een actiepunt van {kern} zoals de kernagenda-export het heeft{example}",
            "kernagendapunt",
        )
    return spelling


class KernagendaRow(BaseModel):
    """One action point of a kernagenda, at the peildatum of its export."""

    kern: Annotated[str, Cell]
    nummer: Annotated[str, Cell]
    actiepunt: Annotated[str, Cell]
    thema: Annotated[str | None, Cell] = None
    programma: Annotated[str | None, Cell] = None
    trekker: Annotated[str, Cell]
    status: Annotated[str, Cell]
    jaar_opgenomen: Annotated[int, Cell]
    jaar_gereed: Annotated[int | None, Cell] = None
    peildatum: Annotated[date | None, Cell] = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> KernagendaRow:
        ctx: RowContext = info.context
        if self.jaar_gereed is not None and self.jaar_gereed < self.jaar_opgenomen:
            raise _fail(
                f"{ctx.header('jaar_gereed')} ({self.jaar_gereed}) ligt voor {ctx.header('jaar_opgenomen')} "
                f"({self.jaar_opgenomen}); verwacht een jaar van {self.jaar_opgenomen} of later",
                "jaar_gereed",
            )
        if self.peildatum is not None and ctx.peildatum is not None and self.peildatum != ctx.peildatum:
            raise _fail(
                f"peildatum {dutch_date(self.peildatum)} wijkt af van de peildatum van het bestand "
                f"({dutch_date(ctx.peildatum)}); verwacht één peildatum per export",
                "peildatum",
            )
        return self


class DoelRow(BaseModel):
    """One goal: an indicator for a kern, a group of kernen or the gemeente, from a baseline to a target year."""

    scope: Annotated[str, Cell]
    gemeente: Annotated[str | None, Cell] = None
    indicator: Annotated[str, Cell]
    omschrijving: Annotated[str | None, Cell] = None
    basisjaar: Annotated[int, Cell]
    basiswaarde: Annotated[float | None, Cell] = None
    streefwaarde: Annotated[float, Cell]
    streefjaar: Annotated[int, Cell]
    richting: Annotated[str | None, Cell] = None
    eigenaar: Annotated[str | None, Cell] = None
    programma: Annotated[str | None, Cell] = None
    brondocument: Annotated[str | None, Cell] = None
    # Set here, not read: the kind of scope, the indicator's code, whether the catalogue holds it.
    scope_soort: str = ""
    indicator_id: str = ""
    in_catalogus: bool = True

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> DoelRow:
        ctx: RowContext = info.context
        if self.gemeente is not None and self.gemeente != ctx.gemeentecode:
            raise _fail(
                f"gemeente {self.gemeente} wijkt af van de gemeente van dit bestand ({ctx.gemeentecode}); "
                "verwacht één gemeente per doelenbestand",
                "gemeente",
            )
        if self.streefjaar <= self.basisjaar:
            raise _fail(
                f"{ctx.header('streefjaar')} ({self.streefjaar}) ligt niet na {ctx.header('basisjaar')} "
                f"({self.basisjaar}); verwacht een streefjaar na het basisjaar",
                "streefjaar",
            )
        if self.scope == GEMEENTE_SCOPE:
            self.scope_soort = "gemeente"
        elif self.scope in ctx.kernen.get(ctx.gemeentecode, {}).values():
            self.scope_soort = "kern"
        else:
            self.scope_soort = "groep"
        self.indicator_id = self.indicator
        row = catalogue().get(self.indicator)
        self.in_catalogus = row is not None
        if row is None:
            if self.basiswaarde is None:
                raise _fail(
                    f"indicator '{self.indicator}' staat (nog) niet in de catalogus van kernmonitor, en "
                    f"{ctx.header('basiswaarde')} is leeg; verwacht een indicator uit de catalogus, of bij een "
                    "indicator die kernmonitor nog niet heeft (zoals een enquêtecijfer) een ingevulde basiswaarde",
                    "basiswaarde",
                )
            if self.richting is None:
                raise _fail(
                    f"indicator '{self.indicator}' staat niet in de catalogus, dus de richting is onbekend en "
                    f"{ctx.header('richting')} is leeg; verwacht hoger is beter of lager is beter",
                    "richting",
                )
        elif self.richting is None:
            if row["richting"] not in ("hoger_beter", "lager_beter"):
                raise _fail(
                    f"de catalogus geeft indicator '{self.indicator}' geen richting (hoger of lager is niet "
                    f"vanzelf beter) en {ctx.header('richting')} is leeg; verwacht hoger is beter of lager is beter",
                    "richting",
                )
            self.richting = "hoger is beter" if row["richting"] == "hoger_beter" else "lager is beter"
        return self


class KernregisterRow(BaseModel):
    """One kern and one of its platforms (or none), with the public role that works for the kern."""

    kern: Annotated[str, Cell]
    functie: Annotated[str | None, Cell] = None
    werknaam: Annotated[str, Cell]
    platform: Annotated[str | None, Cell] = None
    platformvorm: Annotated[str | None, Cell] = None
    jaar_kernagenda: Annotated[int | None, Cell] = None
    website: Annotated[str | None, Cell] = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> KernregisterRow:
        ctx: RowContext = info.context
        if self.functie is None:  # no Functie column (or an empty cell): a column 'Kernambtenaar' says which
            self.functie = "kernambtenaar" if "ambtenaar" in ctx.header("werknaam").lower() else "gebiedsmakelaar"
        if self.platform is not None and self.platformvorm is None:
            raise _fail(
                f"{ctx.header('platformvorm')} is leeg bij platform '{self.platform}'; verwacht "
                f"{or_list(list(VALUES['platformvorm']))}",
                "platformvorm",
            )
        if self.platform is None and self.platformvorm is not None:
            raise _fail(
                f"{ctx.header('platform')} is leeg maar de vorm is {self.platformvorm}; verwacht de naam van het "
                "platform, of laat de vorm leeg bij een kern zonder platform",
                "platform",
            )
        return self


class _MeasurementRow(BaseModel):
    """What both shapes of a resident survey share: the measurement and the question with its scale."""

    meting: Annotated[str, Cell]
    datum: Annotated[date | None, Cell] = None
    jaar: Annotated[int | None, Cell] = None
    vraag_id: Annotated[str, Cell]
    vraag: Annotated[str | None, Cell] = None
    thema: Annotated[str | None, Cell] = None
    schaal: Annotated[str, Cell]

    def _year(self, ctx: RowContext) -> None:
        if self.jaar is None and self.datum is None:
            column = "datum" if "datum" in ctx.headers else "jaar"
            raise _fail(f"{ctx.header(column)} is leeg; verwacht de datum of het jaar van de meting", column)
        if self.jaar is None:
            self.jaar = self.datum.year
        elif self.datum is not None and self.datum.year != self.jaar:
            raise _fail(
                f"{ctx.header('jaar')} ({self.jaar}) past niet bij {ctx.header('datum')} ({dutch_date(self.datum)}); "
                "verwacht het jaar van de datum",
                "jaar",
            )


class EnqueteRow(_MeasurementRow):
    """One answer of one (anonymous) respondent; free text is dropped, a buurtcode only gives the kern."""

    respondent: Annotated[str, Cell]
    kern: Annotated[str | None, Cell] = None
    buurtcode: Annotated[str | None, Cell] = None
    antwoord: Annotated[str | None, Cell] = None
    leeftijdsgroep: Annotated[str | None, Cell] = None
    geslacht: Annotated[str | None, Cell] = None
    antwoord_getal: float | None = None
    antwoord_keuze: str | None = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> EnqueteRow:
        ctx: RowContext = info.context
        self._year(ctx)
        if self.kern is None:
            self.kern = self.buurtcode
        elif self.buurtcode is not None and self.buurtcode != self.kern:
            raise _fail(
                f"de buurtcode hoort bij kern {self.buurtcode}, niet bij {self.kern}; verwacht een buurt van de kern",
                "buurtcode",
            )
        if self.kern is None:
            column = "kern" if "kern" in ctx.headers else "buurtcode"
            raise _fail(f"{ctx.header(column)} is leeg; verwacht de kern (of buurtcode) van de respondent", column)
        try:
            self.antwoord_getal, self.antwoord_keuze = answer_value(self.schaal, self.antwoord)
        except CellError as exc:
            raise _fail(str(exc), "antwoord") from None
        self.antwoord = None  # never kept as written (it may be free text)
        return self


class EnqueteResultaatRow(_MeasurementRow):
    """The result of one question for one kern (or the gemeente, or Nederland as a benchmark)."""

    gebied: Annotated[str, Cell]
    n: Annotated[int, Cell]
    gemiddelde: Annotated[float | None, Cell] = None
    standaardafwijking: Annotated[float | None, Cell] = None
    aandeel: Annotated[float | None, Cell] = None

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> EnqueteResultaatRow:
        ctx: RowContext = info.context
        self._year(ctx)
        if self.gemiddelde is None and self.aandeel is None:
            raise _fail(
                f"{ctx.header('gemiddelde')} en {ctx.header('aandeel')} zijn leeg; verwacht een gemiddelde of een "
                "aandeel (in procenten)",
                "gemiddelde" if "gemiddelde" in ctx.headers else "aandeel",
            )
        if self.aandeel is not None and not 0 <= self.aandeel <= 100:
            raise _fail(f"aandeel {self.aandeel} ligt niet tussen 0 en 100; verwacht een percentage", "aandeel")
        if self.gemiddelde is not None and self.schaal == "rapportcijfer" and not 1 <= self.gemiddelde <= 10:
            raise _fail(
                f"gemiddelde {self.gemiddelde} ligt niet tussen 1 en 10; verwacht een rapportcijfer", "gemiddelde"
            )
        return self


class EigenCijferRow(BaseModel):
    """One own figure: an area (buurt, kern, or gemeente / Nederland as reference), an indicator, a year, a value,
    and (on the first row of an indicator at least) the indicator's definition. See docs/eigen-cijfers.md."""

    gebied: Annotated[str, Cell]
    indicator: Annotated[str, Cell]
    jaar: Annotated[int, Cell]
    waarde: Annotated[float | None, Cell] = None
    noemer: Annotated[float | None, Cell] = None
    label: Annotated[str | None, Cell] = None
    uitleg: Annotated[str | None, Cell] = None
    eenheid: Annotated[str | None, Cell] = None
    rekenregel: Annotated[str | None, Cell] = None
    richting: Annotated[str | None, Cell] = None
    programma: Annotated[str | None, Cell] = None
    thema: Annotated[str | None, Cell] = None
    bron: Annotated[str | None, Cell] = None
    factor: Annotated[float | None, Cell] = None
    decimalen: Annotated[float | None, Cell] = None
    # Set here, not read: what kind of area, the buurt or kern, the indicator's stored code.
    gebied_soort: str = ""
    buurtcode: str | None = None
    kern: str | None = None
    indicator_id: str = ""

    @model_validator(mode="after")
    def _consistent(self, info: ValidationInfo) -> EigenCijferRow:
        ctx: RowContext = info.context
        if self.gebied in ("gemeente", "Nederland"):
            self.gebied_soort = self.gebied.lower()
        elif is_buurtcode(self.gebied):
            self.gebied_soort, self.buurtcode = "buurt", self.gebied
            self.kern = ctx.buurt_gemeenten[self.gebied][1]
        else:
            self.gebied_soort, self.kern = "kern", self.gebied
        self.indicator_id = self.indicator
        if self.decimalen is not None and (self.decimalen != int(self.decimalen) or not 0 <= self.decimalen <= 4):
            raise _fail(
                f"{ctx.header('decimalen')} {self.decimalen:g} is geen aantal decimalen; verwacht 0 tot en met 4",
                "decimalen",
            )
        if self.factor is not None and self.factor <= 0:
            raise _fail(
                f"{ctx.header('factor')} {self.factor:g} is niet groter dan 0; verwacht bijvoorbeeld 100 voor een "
                "percentage of 1000 voor een cijfer per 1.000",
                "factor",
            )
        if self.noemer is not None and self.noemer < 0:
            raise _fail(f"{ctx.header('noemer')} {self.noemer:g} is negatief; verwacht 0 of meer", "noemer")
        return self


MODELS: dict[str, type[BaseModel]] = {
    SUBSIDIES: SubsidieRow,
    KERNAGENDA: KernagendaRow,
    DOELEN: DoelRow,
    KERNREGISTER: KernregisterRow,
    ENQUETE: EnqueteRow,
    ENQUETE_RESULTATEN: EnqueteResultaatRow,
    EIGEN_CIJFERS: EigenCijferRow,
}


def validate_row(values: dict[str, object], ctx: RowContext) -> tuple[dict[str, Any] | None, list[tuple[str, str]]]:
    """(typed row, []) or (None, [(field, reason), ...])."""
    try:
        model = MODELS[ctx.kind].model_validate(values, context=ctx)
    except ValidationError as exc:
        problems = []
        for error in exc.errors():
            extra = error.get("ctx") or {}
            column = extra.get("field") or (str(error["loc"][0]) if error["loc"] else "")
            problems.append((column, extra.get("reason", error["msg"])))
        return None, problems
    return model.model_dump(), []
