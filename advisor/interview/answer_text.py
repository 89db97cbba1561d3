"""Typed text to answers and answers to text: numbers as people write them, volumes per day or month, text
lengths in words or pages, choices by number or name; and how each answer is shown back."""

from __future__ import annotations

import difflib
import re
from typing import Any

from pydantic import ValidationError

from advisor.interview.question_texts import INPUT_LENGTHS, OUTPUT_LENGTHS, TOKENS_PER_PAGE, TOKENS_PER_WORD
from advisor.interview.questions import Choice, Question


class InvalidAnswer(ValueError):
    """Typed text that does not fit its question; the message says what would."""


def parse(question: Question, text: str) -> Any:
    """The answer that `text` gives to `question`, validated like the answers file; or InvalidAnswer."""
    text = text.strip()
    unit = question.wording.unit
    value: Any
    if unit == "requests":
        value = parse_volume(text)
    elif unit in ("input", "output"):
        value = parse_length(text, INPUT_LENGTHS if unit == "input" else OUTPUT_LENGTHS)
    elif question.shape == "yes_no":
        value = parse_yes_no(text)
    elif question.shape in ("number", "integer"):
        value = parse_number(text)
        if question.shape == "integer":
            if value != int(value):
                raise InvalidAnswer(f"'{text}' is not a whole number")
            value = int(value)
    elif question.shape == "choice":
        value = match_choice(text, question.choices).value if question.choices else text
    elif question.shape == "choices":
        value = parse_many(text, question.choices, distinct=question.distinct)
    elif question.shape == "words":
        value = [] if text.casefold() in ("-", "none") else [w.strip() for w in text.split(",") if w.strip()]
    else:
        value = text
    return check(question, value)


def check(question: Question, value: Any) -> Any:
    """`value` validated as the field validates it, and against the question's choices when they are closed."""
    if question.closed and question.choices:
        allowed = {c.value for c in question.choices}
        values = value if isinstance(value, list) else [value]
        unknown = [v for v in values if v is not None and v not in allowed]
        if unknown:
            raise InvalidAnswer(f"'{unknown[0]}' is not one of the choices{_suggest(str(unknown[0]), sorted(allowed))}")
    if question.distinct and isinstance(value, list):
        repeated = [v for i, v in enumerate(value) if v in value[:i]]
        if repeated:
            raise InvalidAnswer(f"{repeated[0]} is there twice; name each once")
    try:
        return question.adapter.validate_python(value)
    except ValidationError as exc:
        error = exc.errors(include_url=False)[0]
        message = str(error["msg"])
        raise InvalidAnswer(message[:1].lower() + message[1:]) from None


def parse_yes_no(text: str) -> bool:
    word = text.casefold()
    if word in ("y", "yes", "true", "1"):
        return True
    if word in ("n", "no", "false", "0"):
        return False
    raise InvalidAnswer(f"'{text}': type y for yes or n for no")


_CURRENCY = re.compile(r"^(eur|usd|gbp|chf|fr\.?|[€$£])\s*|\s*(eur|usd|gbp|chf|fr\.?|[€$£])$")
_THOUSANDS = re.compile(r"^\d{1,3}(,\d{3})+(\.\d+)?$")
_DOTTED_THOUSANDS = re.compile(r"^\d{1,3}(\.\d{3})+$")


def parse_number(text: str) -> float:
    """3000, 3,000, 3 000, 3'000, 3k, 1.5m, EUR 3000; a comma is only a thousands separator."""
    raw = _CURRENCY.sub("", text.strip().casefold()).replace("_", "").replace(" ", "").replace("'", "")
    factor = 1.0
    if raw[-1:] in ("k", "m"):
        factor = 1_000.0 if raw[-1] == "k" else 1_000_000.0
        raw = raw[:-1]
    if _THOUSANDS.match(raw):
        raw = raw.replace(",", "")
    elif _DOTTED_THOUSANDS.match(raw) and raw.count(".") > 1:
        raw = raw.replace(".", "")
    elif _DOTTED_THOUSANDS.match(raw):  # 2.500 is 2500 in much of Europe and 2.5 elsewhere: ask, never guess
        plain, decimal = raw.replace(".", ""), f"{float(raw):g}"
        raise InvalidAnswer(f"'{text}' could mean {plain} or {decimal}; type {plain} or {decimal}")
    elif "," in raw:
        raise InvalidAnswer(f"'{text}': write decimals with a dot (2.5) and thousands as 3000 or 3,000")
    try:
        number = float(raw) * factor
    except ValueError:
        raise InvalidAnswer(f"'{text}' is not a number; type digits, e.g. 3000 or 3,000") from None
    if number != number or number in (float("inf"), float("-inf")):
        raise InvalidAnswer(f"'{text}' is not a number")
    return number


PER_MONTH = {"day": 30.0, "week": 52 / 12, "month": 1.0, "year": 1 / 12}
PERIOD_WORDS = {
    "d": "day",
    "daily": "day",
    "wk": "week",
    "weekly": "week",
    "mo": "month",
    "monthly": "month",
    "yr": "year",
    "yearly": "year",
    "annually": "year",
    "annum": "year",
}
_VOLUME = re.compile(
    r"(?P<number>[\d.,' _]+[km]?)\s*(?:(?:/|an?\s|per\s|each\s|every\s|in\s+an?\s)\s*(?P<period>[a-z]+)|(?P<adverb>[a-z]+))?"
)


def parse_volume(text: str) -> int:
    """Requests per month from '3000', '3k', '100/day', '100 a day', '500 per week', '20k monthly'."""
    words = re.sub(
        r"\b(requests?|calls?|times|about|around|roughly|approx\.?|approximately|some|circa|ca\.)(?=\W|$)|~",
        " ",
        text.casefold(),
    )
    match = _VOLUME.fullmatch(re.sub(r"\s+", " ", words).strip())
    period = (match.group("period") or match.group("adverb") or "month") if match else ""
    period = PERIOD_WORDS.get(period, period.removesuffix("s"))
    if match is None or period not in PER_MONTH:
        raise InvalidAnswer(f"'{text}': type a number of requests per month, or per day or week: 3000, 100/day")
    return round(parse_number(match.group("number")) * PER_MONTH[period])


def parse_length(text: str, presets: dict[str, tuple[int, str]]) -> int:
    """Tokens per request from short/medium/long, or a number of tokens, words or pages."""
    word = text.casefold().strip()
    named = [name for name in presets if name.startswith(word)] if word.isalpha() else []
    if len(named) == 1:
        return presets[named[0]][0]
    match = re.fullmatch(r"(?P<number>[^a-z]*[km]?)\s*(?P<unit>tokens?|words?|pages?)?", word)
    if match is None or not match.group("number").strip():
        names = ", ".join(presets)
        raise InvalidAnswer(f"'{text}': type {names}, or a number of tokens, words or pages (2000 words, 3 pages)")
    number = parse_number(match.group("number"))
    unit = (match.group("unit") or "tokens").rstrip("s")
    factor = {"token": 1.0, "word": TOKENS_PER_WORD, "page": float(TOKENS_PER_PAGE)}[unit]
    return max(1, round(number * factor)) if number > 0 else 0


def match_choice(text: str, choices: tuple[Choice, ...]) -> Choice:
    """A choice by its number, its value or its title, or the start of one of them."""
    word = text.strip().casefold()
    if word.isdigit():
        index = int(word)
        if 1 <= index <= len(choices):
            return choices[index - 1]
        raise InvalidAnswer(f"there is no choice {index}; type a number from 1 to {len(choices)}")
    keys = [(c, {c.value.casefold(), c.shown.casefold(), c.value.casefold().replace("_", " ")}) for c in choices]
    exact = [c for c, names in keys if word in names]
    if exact:
        return exact[0]
    starts = [c for c, names in keys if any(n.startswith(word) for n in names)] if word else []
    if len(starts) == 1:
        return starts[0]
    if starts:
        raise InvalidAnswer(f"'{text}' could be {' or '.join(c.value for c in starts)}; type more of it")
    values = [c.value for c in choices]
    listed = f" ({', '.join(values)})" if len(values) <= 6 else ""
    raise InvalidAnswer(f"'{text}' is not one of the choices{listed}{_suggest(word, values)}")


def parse_many(text: str, choices: tuple[Choice, ...], *, distinct: bool = True) -> list[str]:
    """Several choices separated by commas (or numbers by spaces), in the order typed."""
    if text.strip().casefold() in ("-", "none") and "none" not in {c.value for c in choices}:
        return []
    picked: list[str] = []
    for part in filter(None, (p.strip() for p in re.split(r"[,;]", text))):
        try:
            picked.append(match_choice(part, choices).value)
        except InvalidAnswer:
            if " " not in part:
                raise
            picked.extend(match_choice(word, choices).value for word in part.split())  # 1 3, or cost quality
    repeated = [v for i, v in enumerate(picked) if v in picked[:i]]
    if distinct and repeated:
        raise InvalidAnswer(f"{repeated[0]} is there twice; name each once")
    return picked


def _suggest(word: str, allowed: list[str]) -> str:
    close = difflib.get_close_matches(word, allowed, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else "; type its number or its name"


# --- answers to text -----------------------------------------------------------------------------------------


def show(question: Question, value: Any) -> str:
    """An answer as the review and the prompt's default show it."""
    if value is None:
        return "none"
    if question.shape == "yes_no":
        return "yes" if value else "no"
    titles = {c.value: c.shown for c in question.choices}
    if isinstance(value, list):
        if not value:
            return "none"
        return (" > " if question.wording.ranked else ", ").join(titles.get(v, str(v)) for v in value)
    if question.wording.unit == "requests":
        return f"{value:,} a month"
    if question.wording.unit in ("input", "output"):
        return f"{value:,} tokens"
    if isinstance(value, float):
        return f"{value:,.0f}" if value == int(value) else f"{value:,.2f}"
    if isinstance(value, int):
        return f"{value:,}"
    return titles.get(str(value), str(value))


def conversion(question: Question, text: str, value: Any) -> str | None:
    """How typed plain terms were understood, when they were not the stored value itself."""
    unit = question.wording.unit
    if question.shape in ("choice", "choices") and question.choices:
        typed = [part.strip().casefold() for part in re.split(r"[,;]", text)]
        if typed == [str(v).casefold() for v in (value if isinstance(value, list) else [value])]:
            return None
        rest = [c.value for c in question.choices if c.value not in value] if question.wording.ranked else []
        return show(question, value) + (f" ({', '.join(rest)} tie last)" if rest and value else "")
    if question.shape not in ("number", "integer") or re.fullmatch(r"\d+", text.strip()):
        return None
    if unit is None:
        return show(question, value)
    if unit == "requests":
        return f"{value:,} requests a month"
    presets = INPUT_LENGTHS if unit == "input" else OUTPUT_LENGTHS
    named = next((f" ({name}: {what})" for name, (n, what) in presets.items() if n == value and text.isalpha()), "")
    return f"{value:,} tokens{named}"


def hint(question: Question) -> str:
    """How to type an answer to this question."""
    unit = question.wording.unit
    if unit == "requests":
        return "Per month unless you say otherwise: 3000, 3k, 100/day, 500/week."
    if unit in ("input", "output"):
        presets = INPUT_LENGTHS if unit == "input" else OUTPUT_LENGTHS
        named = "; ".join(f"{name}: {what} (~{n:,} tokens)" for name, (n, what) in presets.items())
        return f"{named}. Or a number of tokens, words or pages: 5000, 2000 words, 3 pages."
    return {
        "yes_no": "Type y or n.",
        "number": "A number: 3000, 3,000 and 3k all work.",
        "integer": "A whole number: 3000, 3,000 and 3k all work.",
        "choice": "Type its number or its name; the start of the name is enough.",
        "choices": "Type numbers or names, separated by commas: 1,3 or 1 3"
        + (", most important first." if question.wording.ranked else "; none for none."),
        "words": "Separate several with commas; none for none.",
        "text": "Free text.",
    }[question.shape]


def only_lists_choices(q: Question) -> bool:
    """Whether the field's description says no more than the choices shown with their words."""
    if not q.choices:
        return False
    if all(choice.text and choice.text in q.description for choice in q.choices):
        return True
    rest = q.description
    for choice in q.choices:
        rest = rest.replace(choice.value, "")
    return not re.sub(r"\b(or|and)\b|[\s,;.]", "", rest)
