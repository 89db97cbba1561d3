"""The conversation of the interview: one question at a time, help on `?`, the review table and its changes.

It reads through the `read` function it is given (`advisor.interview.questionnaire` gives it the terminal's) and keeps
the answers as the answers file holds them, so that what it has can be saved at any moment.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from advisor.errors import AdvisorError
from advisor.interview.answer_text import InvalidAnswer, conversion, hint, only_lists_choices, parse, show
from advisor.interview.questions import Question, Repeated, Spec
from advisor.interview.saved_answers import UNSET, get, put

if TYPE_CHECKING:
    from rich.console import Console

    from advisor.answers.model import Answers
    from advisor.catalog.schema import Catalog

Reader = Callable[[str], str]
INLINE_CHOICES = 12  # longer lists are shown on `?`


def escape(text: Any) -> str:
    from rich.markup import escape

    return escape(str(text))


class Interview:
    """The questions of `spec` asked through `read`, the answers kept in `data` as the answers file holds them."""

    def __init__(self, console: Console, read: Reader, spec: Spec, catalog: Catalog, data: dict[str, Any]) -> None:
        self.console, self.read, self.spec, self.catalog = console, read, spec, catalog
        self.data: dict[str, Any] = {}
        self.load(data)

    def load(self, data: dict[str, Any]) -> None:
        self.data = data
        for location, value in self.spec.fixed.items():
            put(self.data, location, value)

    # --- one question ---------------------------------------------------------------------------------------

    def ask(self, q: Question, heading: str, current: Any = UNSET, item: dict[str, Any] | None = None) -> Any:
        """Ask until the answer fits; Enter keeps `current` (or the default), `-` clears an optional answer."""
        c = self.console
        c.print()
        c.print(f"[bold]{escape(heading)}[/bold]")
        if q.choices and len(q.choices) <= INLINE_CHOICES:
            c.print(self.choice_grid(q))
        c.print(escape(q.wording.ask))  # after the choices, so that it stays in sight above the prompt
        keep = current if current is not UNSET else self.suggestion(q, item)
        prompt = "> " if keep is UNSET else f"[{self.shown(q, keep, item)}] > "
        while True:
            text = self.read(prompt).strip()
            if text == "?":
                self.help(q, keep, item)
                continue
            if not text:
                if keep is not UNSET:
                    return keep
                self.refuse("an answer is needed here.")
                continue
            if text == "-" and q.nullable:
                return None
            try:
                value = parse(q, text)
                self.check_unique(q, value, item)
            except InvalidAnswer as exc:
                self.refuse(str(exc))
                continue
            understood = conversion(q, text, value)
            if understood:
                c.print(f"  = {escape(understood)}")
            return value

    def suggestion(self, q: Question, item: dict[str, Any] | None) -> Any:
        """What Enter gives when there is no answer yet: the model's default, or a name from the kind."""
        if q.wording.suggest_entry and item is not None:
            rep = self.spec.lists[0]
            kind = next((c for c in rep.question(rep.entry).choices if c.value == item.get(rep.entry)), None)
            if kind is not None:
                return self.unique_name(kind.shown, item)
        return UNSET if q.required else q.default

    def shown(self, q: Question, value: Any, item: dict[str, Any] | None = None) -> str:
        """An answer in words; a left-out one says what applies instead."""
        if value is None and q.wording.inherits:
            inherited = self.data.get(q.wording.inherits)
            return f"{inherited} (as usual)" if isinstance(inherited, str) else "as usual"
        if value is None and q.wording.kind_default and item is not None:
            kind = self.catalog.use_case_kinds.get(str(item.get(self.spec.lists[0].entry)))
            typical = getattr(kind, q.wording.kind_default, None) if kind else None
            return f"{typical:,} tokens (typical)" if isinstance(typical, int) else "typical"
        return show(q, value)

    def choice_grid(self, q: Question) -> Any:
        """Numbered choices with their plain words; long titles (use-case kinds) get the words below them."""
        from rich.table import Table

        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        stacked = max(len(c.shown) for c in q.choices) > 14
        if not stacked:
            grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for i, choice in enumerate(q.choices, 1):
            if stacked:
                grid.add_row(f" {i}", f"[bold]{escape(choice.shown)}[/bold]: {escape(choice.text)}")
            else:
                grid.add_row(f" {i}", escape(choice.shown), escape(choice.text))
        return grid

    def help(self, q: Question, keep: Any, item: dict[str, Any] | None) -> None:
        """The field's description and plain words, the choices when they are not shown, how to answer."""
        lines = [q.description] if q.description and not only_lists_choices(q) else []
        lines += [q.wording.more] if q.wording.more else []
        lines.append(hint(q))
        if keep is not UNSET:
            lines.append(f"Enter keeps: {self.shown(q, keep, item)}.")
        if q.nullable and keep is not None:
            lines.append("Type - to leave it out" + (f": {self.shown(q, None, item)}." if item else "."))
        lines.append("Ctrl-C stops; you can save the answers so far.")
        self.console.print(f"[cyan]Help:[/cyan] {escape(lines[0])}")
        if len(q.choices) > INLINE_CHOICES:
            self.console.print(self.choice_grid(q))
        for line in lines[1:]:
            self.console.print(escape(line))

    def confirm(self, question: str) -> bool:
        """A yes/no question whose Enter means yes."""
        from advisor.interview.answer_text import parse_yes_no

        self.console.print(escape(question))
        while True:
            text = self.read("[Y/n] > ").strip()
            try:
                return parse_yes_no(text) if text else True
            except InvalidAnswer as exc:
                self.refuse(str(exc))

    def refuse(self, message: str) -> None:
        message = message if message.endswith((".", "?", "!")) else message + "."
        self.console.print(f"[red]Not accepted:[/red] {escape(message)} Type ? for help.")

    def siblings(self, item: dict[str, Any]) -> list[dict[str, Any]]:
        """The other items of the list that holds `item` (the other use cases)."""
        return [other for rep in self.spec.lists for other in self.data.get(rep.key, []) if other is not item]

    def check_unique(self, q: Question, value: Any, item: dict[str, Any] | None) -> None:
        """Names (an item's first field) must differ; the model checks it too, but only at the end."""
        if item is None or q is not self.spec.lists[0].item[0]:
            return
        if str(value).casefold() in {str(other.get(q.key, "")).casefold() for other in self.siblings(item)}:
            raise InvalidAnswer(f"another use case is already called '{value}'; give this one its own name")

    def unique_name(self, name: str, item: dict[str, Any]) -> str:
        key = self.spec.lists[0].item[0].key
        taken = {str(other.get(key, "")).casefold() for other in self.siblings(item)}
        candidate, n = name, 1
        while candidate.casefold() in taken:
            n += 1
            candidate = f"{name} {n}"
        return candidate

    # --- the whole interview --------------------------------------------------------------------------------

    def fill(self) -> None:
        """Ask every question not yet answered, in the model's order."""
        numbered = self.spec.questions
        for entry in self.spec.entries:
            if isinstance(entry, Repeated):
                self.fill_list(entry)
            elif entry.when is None and get(self.data, entry.location) is UNSET:
                n = numbered.index(entry) + 1
                put(self.data, entry.location, self.ask(entry, f"{n}/{len(numbered)} {entry.wording.label}"))
        for q in self.spec.follow_ups:  # once the use cases are known
            if q.when is not None and q.when(self.data) and get(self.data, q.location) is UNSET:
                put(self.data, q.location, self.ask(q, f"One more: {q.wording.label}"))

    def fill_list(self, rep: Repeated) -> None:
        items = self.data.get(rep.key)
        if not isinstance(items, list) or not items:
            self.add_items(rep)
            return
        for index in range(len(items)):
            self.fill_item(rep, index)

    def add_items(self, rep: Repeated) -> None:
        pick = rep.pick()
        picked = self.ask(pick, rep.wording.label)
        items = self.data.setdefault(rep.key, [])
        start = len(items)
        items.extend({rep.entry: value} for value in picked)
        for index in range(start, len(items)):
            self.fill_item(rep, index)

    def fill_item(self, rep: Repeated, index: int) -> None:
        """Ask one item's unanswered questions."""
        items = self.data[rep.key]
        item = items[index]
        todo = [q for q in rep.item if q.key not in item]
        if not todo:
            return
        kind = next((c.shown for c in rep.question(rep.entry).choices if c.value == item.get(rep.entry)), "")
        self.console.print()
        self.console.rule(escape(f"Use case {index + 1} of {len(items)}" + (f": {kind}" if kind else "")))
        for n, q in enumerate(todo, 1):
            item[q.key] = self.ask(q, f"{n}/{len(todo)} {q.wording.label}", item.get(q.key, UNSET), item)

    def rows(self) -> list[tuple[str, str, Question | tuple[Repeated, int]]]:
        """The review table: label, answer in words, and what changing the row asks again."""
        out: list[tuple[str, str, Question | tuple[Repeated, int]]] = []
        for entry in self.spec.entries:
            if isinstance(entry, Question):
                asked = entry.when is None or entry.when(self.data) or get(self.data, entry.location) is not UNSET
                if asked:
                    out.append((entry.wording.label, self.shown(entry, get(self.data, entry.location)), entry))
                continue
            title, entry_q = entry.item[0], entry.question(entry.entry)
            for index, item in enumerate(self.data.get(entry.key, [])):
                name, kind = str(item.get(title.key, "?")), self.shown(entry_q, item.get(entry_q.key))
                head = name if kind.casefold() == name.casefold() else f"{name} ({kind})"
                parts = [
                    f"{q.wording.label.lower()}: {self.shown(q, item.get(q.key), item)}"
                    for q in entry.item
                    if q not in (title, entry_q)
                ]
                out.append((f"Use case {index + 1}", head + "\n" + "; ".join(parts), (entry, index)))
        return out

    def print_review(self, rows: list[tuple[str, str, Any]]) -> None:
        from rich import box
        from rich.table import Table

        table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, title_justify="left")
        table.add_column("#", justify="right", no_wrap=True)
        table.add_column("Your answers", overflow="fold", max_width=18)
        table.add_column("", overflow="fold")
        for n, (label, answer, _) in enumerate(rows, 1):
            table.add_row(str(n), escape(label), escape(answer))
        self.console.print()
        self.console.print(table)
        asked = {e.location[0] for e in self.spec.entries} | {loc[0] for loc in self.spec.fixed}
        kept = [key for key, value in self.data.items() if key not in asked and value is not None]
        if kept:
            self.console.print(escape(f"Also kept from the file, not asked here: {', '.join(kept)}."))
        self.console.print(
            "Type a number to change that answer, add for another use case, remove N to drop use case N, ? for help."
        )

    def review(self) -> Answers:
        """Show every answer; change any until the person presses Enter on valid answers."""
        from advisor.answers.load import validate_answers

        rep = self.spec.lists[0]
        changed = True
        while True:
            rows = self.rows()
            if changed:
                self.print_review(rows)
            changed = False
            command = self.read("[Enter: write the report] > ").strip().casefold()
            words = command.split()
            if not command:
                try:
                    return validate_answers(self.data, "your answers", set(self.catalog.use_case_kinds))
                except AdvisorError as exc:
                    for problem in exc.problems or [str(exc)]:
                        self.console.print(
                            f"[red]Not yet:[/red] {escape(problem.removeprefix('(top level): ').replace('Value error, ', ''))}"
                        )
                    self.console.print("Change the answer it names, then press Enter again.")
                    continue
            if command == "?":
                self.console.print(
                    "Type a row's number to answer it again (for a use case, then the number of its answer), add to "
                    "pick more use cases, remove N to drop the use case in row N, or Enter to save the answers and "
                    "write the report."
                )
            elif command in ("add", "a"):
                self.add_items(rep)
                changed = True
            elif len(words) == 2 and words[0] in ("remove", "rm", "delete", "del") and words[1].isdigit():
                changed = self.remove(rows, int(words[1]))
            elif command.isdigit() and 1 <= int(command) <= len(rows):
                self.change(rows[int(command) - 1])
                changed = True
            else:
                self.refuse(f"'{command}': type a row number from 1 to {len(rows)}, add, remove N, or Enter.")

    def change(self, row: tuple[str, str, Question | tuple[Repeated, int]]) -> None:
        target = row[2]
        if isinstance(target, Question):
            current = get(self.data, target.location)
            put(self.data, target.location, self.ask(target, f"Change: {target.wording.label}", current))
        else:
            self.change_item(*target)

    def change_item(self, rep: Repeated, index: int) -> None:
        """One use case's answers, numbered; the one picked is asked again."""
        from rich.table import Table

        item = self.data[rep.key][index]
        grid = Table.grid(padding=(0, 1))
        grid.add_column(justify="right", no_wrap=True)
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")
        for n, q in enumerate(rep.item, 1):
            grid.add_row(f" {n}", escape(q.wording.label), escape(self.shown(q, item.get(q.key), item)))
        self.console.print()
        self.console.print(f"[bold]Use case {index + 1}[/bold]")
        self.console.print(grid)
        self.console.print("Which answer do you want to change?")
        while True:
            text = self.read("[Enter: back to the review] > ").strip()
            if not text:
                return
            if text.isdigit() and 1 <= int(text) <= len(rep.item):
                q = rep.item[int(text) - 1]
                item[q.key] = self.ask(q, f"Change: {q.wording.label}", item.get(q.key, UNSET), item)
                return
            self.refuse(f"'{text}': type a number from 1 to {len(rep.item)}, or Enter to go back.")

    def remove(self, rows: list[tuple[str, str, Any]], number: int) -> bool:
        """Drop the use case in row `number`; whether it did."""
        target = rows[number - 1][2] if 1 <= number <= len(rows) else None
        if not isinstance(target, tuple):
            self.refuse(f"row {number} is not a use case; remove takes a use case's row number.")
            return False
        rep, index = target
        items = self.data[rep.key]
        if len(items) == 1:
            self.refuse("at least one use case is needed; add another first.")
            return False
        removed = items.pop(index)
        self.console.print(f"Removed {escape(removed.get('name', 'the use case'))}.")
        return True

    def answered(self) -> int:
        count = sum(get(self.data, q.location) is not UNSET for q in self.spec.questions)
        for rep in self.spec.lists:
            count += sum(len(item) for item in self.data.get(rep.key, []) if isinstance(item, dict))
        return count
