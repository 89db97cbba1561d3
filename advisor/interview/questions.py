"""The interview's questions, derived from the answers model.

Every field of `Answers` (and of the models inside it) becomes one question, in the model's order: the
field's type gives the question's shape (text, number, yes/no, one choice, several), a Literal gives the
choices, the field's default is the question's default and its description the help. WORDING adds the plain
words a business leader needs (the question as asked, examples per choice); a field without wording is still
asked, labelled from its name. A field the interview leaves to the answers file is named in NOT_ASKED with
the reason. No terminal here: `advisor.interview.questionnaire` asks, `advisor.interview.answer_text` reads and shows answers.
"""

from __future__ import annotations

import dataclasses
import types
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, Any, Literal, Union, get_args, get_origin

from pydantic import Field, TypeAdapter

from advisor.interview.question_texts import WORDING, Wording
from advisor.records import fields_of, is_record

if TYPE_CHECKING:
    from advisor.catalog.schema import Catalog

Shape = Literal["text", "number", "integer", "yes_no", "choice", "choices", "words"]


@dataclass(frozen=True)
class Choice:
    value: str
    title: str = ""  # how it is shown when not as its value (a use-case kind's name)
    text: str = ""  # what it means, in plain words

    @property
    def shown(self) -> str:
        return self.title or self.value


@dataclass(frozen=True, eq=False)
class Question:
    location: tuple[str, ...]  # keys from the answers' root, or from a list item for a list's own questions
    path: str  # dotted field names without list indexes: "use_cases.kind"
    wording: Wording
    description: str
    shape: Shape
    choices: tuple[Choice, ...]
    default: Any
    required: bool
    nullable: bool
    adapter: TypeAdapter[Any]
    closed: bool = False  # only the listed choices are valid (a Literal, or catalog ids)
    distinct: bool = True  # several choices may not repeat
    when: Callable[[dict[str, Any]], bool] | None = None  # a follow-up: asked at the end, when this holds

    @property
    def key(self) -> str:
        return self.location[-1]


@dataclass(frozen=True, eq=False)
class Repeated:
    """A list of sub-answers (the use cases): started by picking several `entry` choices at once."""

    location: tuple[str, ...]
    path: str
    wording: Wording
    item: tuple[Question, ...]
    entry: str

    @property
    def key(self) -> str:
        return self.location[-1]

    def question(self, key: str) -> Question:
        return next(q for q in self.item if q.key == key)

    def pick(self) -> Question:
        """The entry question as several choices at once, repeats allowed (two content use cases)."""
        entry = self.question(self.entry)
        return Question(
            self.location,
            self.path,
            self.wording,
            entry.description,
            "choices",
            entry.choices,
            None,
            True,
            False,
            TypeAdapter(Annotated[list[str], Field(min_length=1)]),
            closed=entry.closed,
            distinct=False,
        )


@dataclass(frozen=True)
class Spec:
    entries: tuple[Question | Repeated, ...]
    fixed: dict[tuple[str, ...], Any]  # fields with one possible value (schema_version)

    @property
    def questions(self) -> list[Question]:
        """The questions always asked, in order (follow-ups are not numbered among them)."""
        return [e for e in self.entries if isinstance(e, Question) and e.when is None]

    @property
    def follow_ups(self) -> list[Question]:
        return [e for e in self.entries if isinstance(e, Question) and e.when is not None]

    @property
    def lists(self) -> list[Repeated]:
        return [e for e in self.entries if isinstance(e, Repeated)]


def _handles_regulated_data(data: dict[str, Any]) -> bool:
    """Whether any use case's data is regulated, its own answer or the organisation's default."""
    default = data.get("data_sensitivity")
    cases = data.get("use_cases")
    if not isinstance(cases, list):
        return default == "regulated"
    return any(isinstance(u, dict) and u.get("data_sensitivity", default) == "regulated" for u in cases)


# follow-ups: asked after everything else, only when the answers so far make them matter
ASKED_WHEN: dict[str, Callable[[dict[str, Any]], bool]] = {
    "constraints.regulated_via_api": _handles_regulated_data,
}
NOT_ASKED = {
    "organisation.serves_eu": "whether an organisation outside the EU offers its systems there; set it in the answers "
    "file (the report marks the AI Act's duties as conditional until it is)",
    "use_cases.system": "whether a use case is built in-house or bought; in-house is assumed, which gives the "
    "provider's duties for high-risk uses; set it in the answers file",
    "use_cases.unit": "what one request produces (a letter, a claim); the kind names it unless the answers file does",
    "use_cases.cached_input_share": "the share of a use case's input read from a prompt cache; none is assumed; "
    "set it in the answers file when a long fixed prompt repeats from request to request",
    "weights": "explicit weights per priority, an expert's alternative to the ranking; set them in the answers file",
}
ENTRY = {"use_cases": "kind"}


def _catalog_kinds(catalog: Catalog) -> tuple[Choice, ...]:
    return tuple(Choice(k.id, k.name, k.description) for k in catalog.use_case_kinds.values())


def _catalog_providers(catalog: Catalog) -> tuple[Choice, ...]:
    return tuple(Choice(p.id, "", p.name) for p in sorted(catalog.providers.values(), key=lambda p: p.id))


CATALOG_CHOICES: dict[str, Callable[[Catalog], tuple[Choice, ...]]] = {
    "use_cases.kind": _catalog_kinds,
    "constraints.exclude_providers": _catalog_providers,
}


def build_spec(model: type[Any], catalog: Catalog | None = None) -> Spec:
    """The questions for `model`'s fields, in order; `catalog` gives the choices of catalog-valued fields."""
    entries: list[Question | Repeated] = []
    fixed: dict[tuple[str, ...], Any] = {}
    _walk(model, (), "", entries, fixed, catalog)
    return Spec(tuple(entries), fixed)


def _walk(
    model: type[Any],
    location: tuple[str, ...],
    prefix: str,
    entries: list[Question | Repeated],
    fixed: dict[tuple[str, ...], Any],
    catalog: Catalog | None,
) -> None:
    for name, info in fields_of(model).items():
        path, loc = prefix + name, (*location, name)
        if path in NOT_ASKED:
            continue
        inner, nullable = _unwrap_optional(info.annotation)
        if get_origin(inner) is Literal and len(get_args(inner)) == 1:
            fixed[loc] = get_args(inner)[0]
        elif is_record(inner):
            _walk(inner, loc, path + ".", entries, fixed, catalog)
        elif get_origin(inner) is list and is_record(get_args(inner)[0]):
            item: list[Question | Repeated] = []
            _walk(get_args(inner)[0], (), path + ".", item, {}, catalog)
            questions = tuple(q for q in item if isinstance(q, Question))
            if len(questions) != len(item) or name not in ENTRY:
                raise TypeError(f"the interview cannot ask {path}: a list needs an ENTRY field and flat items")
            entries.append(Repeated(loc, path, _wording(path, info.description), questions, ENTRY[name]))
        else:
            question = _question(path, loc, info, inner, nullable, catalog)
            if path in ASKED_WHEN:
                question = dataclasses.replace(question, when=ASKED_WHEN[path])
            entries.append(question)


def _question(
    path: str, loc: tuple[str, ...], info: Any, inner: Any, nullable: bool, catalog: Catalog | None
) -> Question:
    wording = _wording(path, info.description)
    description = info.description or ""
    from_catalog = CATALOG_CHOICES[path](catalog) if catalog is not None and path in CATALOG_CHOICES else ()
    origin, args = get_origin(inner), get_args(inner)
    element = args[0] if origin is list and args else None
    shape: Shape
    choices: tuple[Choice, ...] = from_catalog
    if inner is bool:
        shape = "yes_no"
    elif inner is int:
        shape = "integer"
    elif inner is float:
        shape = "number"
    elif inner is str:
        shape = "choice" if from_catalog else "text"
    elif origin is Literal:
        shape, choices = "choice", _literal_choices(args, wording, description)
    elif element is str:
        shape = "choices" if from_catalog else "words"
    elif element is not None and get_origin(element) is Literal:
        shape, choices = "choices", _literal_choices(get_args(element), wording, description)
    else:
        raise TypeError(f"the interview cannot ask {path} ({inner}); name it in NOT_ASKED or give it a shape")
    annotation: Any = Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
    required = bool(info.is_required())
    default = None if required else info.get_default(call_default_factory=True)
    return Question(
        loc,
        path,
        wording,
        description,
        shape,
        choices,
        default,
        required,
        nullable,
        TypeAdapter(annotation),
        closed=bool(choices),
    )


def _wording(path: str, description: str | None) -> Wording:
    if path in WORDING:
        return WORDING[path]
    label = path.rsplit(".", 1)[-1].replace("_", " ").capitalize()
    return Wording(label, description or f"{label}?")


def _literal_choices(values: tuple[Any, ...], wording: Wording, description: str) -> tuple[Choice, ...]:
    """Plain words per value from the wording, or from a description of the form 'a: ...; b: ...'."""
    described = dict(
        (part.split(":", 1)[0].strip(), part.split(":", 1)[1].strip()) for part in description.split(";") if ":" in part
    )
    return tuple(Choice(str(v), "", wording.choices.get(str(v)) or described.get(str(v), "")) for v in values)


def _unwrap_optional(annotation: Any) -> tuple[Any, bool]:
    if get_origin(annotation) in (Union, types.UnionType):
        args = [a for a in get_args(annotation) if a is not type(None)]
        if len(args) == 1:
            return args[0], len(args) < len(get_args(annotation))
    return annotation, False
