"""The plain words of the interview: each question as a person reads it, what each choice means, and the
text lengths a business leader can pick instead of token counts. Keyed by the answers model's field paths;
`advisor.interview.questions` asks a field without an entry here too, labelled from its name."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

Unit = Literal["requests", "input", "output"]


@dataclass(frozen=True)
class Wording:
    label: str  # a few words, for the heading and the review table
    ask: str  # the question as a person reads it
    more: str = ""  # extra help on `?`
    choices: dict[str, str] = field(default_factory=dict)  # plain words per choice
    ranked: bool = False  # the order of several choices matters
    unit: Unit | None = None  # accepts volumes or text lengths in plain terms
    inherits: str | None = None  # when left out, this top-level answer applies
    kind_default: str | None = None  # when left out, this attribute of the use-case kind applies
    suggest_entry: bool = False  # suggest the entry choice's title (a use case's kind name) as the default


SENSITIVITY = {
    "public": "Published or meant to be: marketing copy, product pages, press releases.",
    "internal": "Everyday business data: internal emails, meeting notes, plans.",
    "confidential": "Would hurt if it leaked: contracts, customer lists, prices, source code.",
    "regulated": "Protected by law: health records, HR and payroll files, bank or card data.",
}
INPUT_LENGTHS = {
    "short": (400, "an email or a question"),
    "medium": (3000, "a few pages"),
    "long": (15000, "a long report, some 20 pages"),
}
OUTPUT_LENGTHS = {"short": (150, "a few sentences"), "medium": (700, "about a page"), "long": (3000, "several pages")}
TOKENS_PER_WORD = 4 / 3
TOKENS_PER_PAGE = 650  # a page of some 500 words

WORDING: dict[str, Wording] = {
    "organisation.name": Wording("Organisation", "What is your organisation called?"),
    "organisation.jurisdiction": Wording(
        "Jurisdiction",
        "Where must your data be processed, as a rule?",
        "Sensitive data is kept to providers that process it there.",
        {
            "eu": "European Union or EEA (GDPR)",
            "uk": "United Kingdom",
            "us": "United States",
            "ch": "Switzerland",
            "other": "Somewhere else",
        },
    ),
    "organisation.industry": Wording("Industry", "Which industry are you in? (optional)"),
    "budget.monthly": Wording(
        "Monthly budget",
        "How much may all the use cases together cost per month? A number, e.g. 3000.",
        "Running cost: API fees, or GPUs and the staff time to run them. The report says whether the stack fits.",
    ),
    "budget.currency": Wording(
        "Currency",
        "In which currency?",
        choices={"EUR": "euro", "USD": "US dollar", "GBP": "pound sterling", "CHF": "Swiss franc"},
    ),
    "expertise": Wording(
        "Expertise",
        "Who could run AI systems for you?",
        "none keeps you to services that others run; some also allows open models on GPUs in your cloud "
        "account; strong also allows your own hardware.",
    ),
    "data_sensitivity": Wording(
        "Data sensitivity",
        "How sensitive is your data, as a rule? Each use case can differ later.",
        "The more sensitive, the more control a deployment must give you.",
        SENSITIVITY,
    ),
    "priorities": Wording(
        "Priorities",
        "What matters most? Rank them, most important first, e.g. 3,1,2.",
        "The ranking becomes the weights of the scores; any you leave out tie last.",
        {
            "quality": "The best answers for the task",
            "cost": "A low monthly bill",
            "privacy": "Your data with the fewest parties, under your control",
            "lock_in": "Free to switch vendor later: open weights, standard APIs",
            "speed": "Fast answers",
        },
        ranked=True,
    ),
    "constraints.open_weights_only": Wording(
        "Open weights only", "Use only models whose weights are published (open-weight models)?"
    ),
    "constraints.exclude_providers": Wording(
        "Excluded providers",
        "Any companies you never want to use? Their ids, or Enter for none (? lists them).",
    ),
    "constraints.regulated_via_api": Wording(
        "Regulated data on an API",
        "Some of your work handles regulated data. By default it stays under your own control: a single-tenant "
        "deployment or your own GPUs. May it instead use a shared API processed in your jurisdiction, with zero "
        "data retention, no training on it and a data processing agreement? (The report shows the cost of both.)",
        "Answer no unless your data protection officer has agreed: the relaxed rule needs a data processing "
        "agreement, zero retention confirmed in writing and a data protection impact assessment. Every report "
        "shows what it would cost as option C, so you can decide after reading it and set "
        "constraints.regulated_via_api in the answers file.",
    ),
    "use_cases": Wording(
        "Use cases",
        "What will you use AI for? Pick the kinds of work, several at once, e.g. 1,4,6.",
        "Pick a kind twice for two use cases of that kind. You name each one next.",
    ),
    "use_cases.name": Wording("Name", "A short name for this use case?", suggest_entry=True),
    "use_cases.kind": Wording("Kind", "What kind of work is it?"),
    "use_cases.data_sensitivity": Wording(
        "Data sensitivity",
        "How sensitive is the data in this use case?",
        choices=SENSITIVITY,
        inherits="data_sensitivity",
    ),
    "use_cases.requests_per_month": Wording(
        "Volume",
        "How often will it be used? Per month, or say per day: 3000, 100/day.",
        "One request is one call to the model: a question answered, a document read, a draft written. "
        "A day counts as 1/30 of a month, a week as 52/12.",
        unit="requests",
    ),
    "use_cases.input_tokens": Wording(
        "Reads",
        "How much does the model read per request? short, medium, long, or a number of tokens.",
        unit="input",
        kind_default="input_tokens",
    ),
    "use_cases.output_tokens": Wording(
        "Writes",
        "How much does it write per request? short, medium, long, or a number of tokens.",
        unit="output",
        kind_default="output_tokens",
    ),
    "use_cases.needs": Wording(
        "Needs",
        "Does it need any of these? Pick several, e.g. 1,6, or Enter for none.",
        "Models that lack a need are left out, so pick only what the use case cannot do without.",
        {
            "vision": "Reads images, scans or photos",
            "long_context": "Takes very long documents in one go (200,000 tokens, some 300 pages)",
            "tool_use": "Calls your systems: search, CRM, tickets",
            "coding": "Writes or reviews code",
            "reasoning": "Hard multi-step thinking: analysis, maths, plans",
            "multilingual": "Works in languages other than English",
            "low_latency": "Answers within a second or two: live chat, voice",
        },
    ),
    "use_cases.decides_about_people": Wording(
        "Decisions about people",
        "Does it make or support decisions about people? Enter for none.",
        "The EU AI Act treats these as high-risk (Annex III), whatever the kind of work is called, and GDPR "
        "Art. 22 applies to decisions with legal or similar effect.",
        {
            "none": "No decisions about people",
            "employment": "Hiring, promotion, termination, task allocation, monitoring workers",
            "credit": "Creditworthiness or credit scores of people",
            "insurance": "Risk or pricing of life and health insurance",
            "education": "Admission, grading, exam proctoring",
            "essential_services": "Access to public benefits and essential services",
        },
    ),
}
