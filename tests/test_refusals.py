"""Every refusal raised in planner/ carries a registered code, and its message renders.

The registry (planner/refusals.py) is what the catalogs translate; a refusal raised with
a message written in place, or with a code the registry does not know, would reach a
French or Arabic reader in English. These tests read the source, so a raise site added on
another branch fails here at merge, before any reader sees it.
"""

import ast
import re
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path

import pytest

import planner
from planner.errors import PlannerError, ValidationError
from planner.i18n import LOCALES, translations
from planner.refusals import FIELD_NAMES, REFUSALS

SOURCE = Path(planner.__file__).parent
PLACEHOLDER = re.compile(r"%\((\w+)\)[sr]")


def modules() -> Iterator[tuple[Path, ast.Module]]:
    for path in sorted(SOURCE.rglob("*.py")):
        yield path, ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


def refusal_classes() -> tuple[set[str], set[str]]:
    """Names of PlannerError and its subclasses, and of those that render their own text
    (a refusal made of other refusals: several problems of a CSV row or file)."""
    family, composite = {"PlannerError"}, set()
    classes = [node for _path, tree in modules() for node in ast.walk(tree)]
    classes = [node for node in classes if isinstance(node, ast.ClassDef)]
    grown = True
    while grown:
        grown = False
        for node in classes:
            bases = {base.id for base in node.bases if isinstance(base, ast.Name)}
            if node.name not in family and bases & family:
                family.add(node.name)
                grown = True
    for node in classes:
        methods = {item.name for item in node.body if isinstance(item, ast.FunctionDef)}
        if node.name in family and ("text" in methods or _codes_itself(node)):
            composite.add(node.name)
    return family, composite


def _codes_itself(node: ast.ClassDef) -> bool:
    """The class passes its own code to ``super().__init__`` (checked as a raise site)."""
    return any(_is_super_init(call) for call in ast.walk(node) if isinstance(call, ast.Call))


def _is_super_init(call: ast.Call) -> bool:
    return (
        isinstance(call.func, ast.Attribute)
        and call.func.attr == "__init__"
        and isinstance(call.func.value, ast.Call)
        and isinstance(call.func.value.func, ast.Name)
        and call.func.value.func.id == "super"
        and any(keyword.arg == "code" for keyword in call.keywords)
    )


def code_literals(node: ast.expr) -> list[str]:
    """The codes an expression can give: a literal, or either branch of ``a if c else b``."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [node.value]
    if isinstance(node, ast.IfExp):
        return code_literals(node.body) + code_literals(node.orelse)
    return []  # a variable: its literals are checked by the next test


def raise_sites() -> Iterator[tuple[str, ast.Call]]:
    family, composite = refusal_classes()
    for path, tree in modules():
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name | ast.Attribute):
                name = node.func.id if isinstance(node.func, ast.Name) else node.func.attr
                if name in family - composite or _is_super_init(node):
                    yield f"{path.relative_to(SOURCE.parent)}:{node.lineno}", node


def placeholders(message: str | tuple[str, str]) -> set[str]:
    texts = message if isinstance(message, tuple) else (message,)
    return {name for text in texts for name in PLACEHOLDER.findall(text)}


def test_the_walk_finds_the_raise_sites():
    sites = list(raise_sites())
    assert len(sites) > 100
    assert any(site.startswith("planner/finance/money.py") for site, _call in sites)


def test_every_refusal_has_a_registered_code_and_its_parameters():
    problems = []
    for site, call in raise_sites():
        keywords = {keyword.arg: keyword.value for keyword in call.keywords}
        code = keywords.get("code", call.args[2] if len(call.args) > 2 else None)
        if code is None:
            problems.append(f"{site}: no code")
            continue
        for literal in code_literals(code):
            if literal not in REFUSALS:
                problems.append(f"{site}: code {literal!r} is not in planner.refusals")
            elif any(keyword.arg is None for keyword in call.keywords):
                continue  # parameters passed on with **
            elif missing := placeholders(REFUSALS[literal]) - set(keywords):
                problems.append(f"{site}: {literal} needs {sorted(missing)}")
    assert not problems, "\n".join(problems)


def test_every_code_written_in_planner_is_registered_and_every_message_is_used():
    """Codes passed through a variable (``code=code``) are string literals elsewhere."""
    prefixes = {code.split(".")[0] for code in REFUSALS}
    files = "toml|py|md|txt|html|csv|json|xlsx|ics"
    shape = re.compile(rf"^(?:{'|'.join(prefixes)})\.(?!(?:{files})$)[a-z0-9_]+$")
    written = {
        node.value
        for path, tree in modules()
        if path.name not in ("refusals.py", "i18n.py")
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if shape.match(node.value)
    }
    written -= {"text.language"}  # a matplotlib setting (planner/finance/charts.py), not a code
    assert written - set(REFUSALS) == set()
    assert set(REFUSALS) - written == set()


@pytest.mark.parametrize("code", sorted(REFUSALS))
def test_no_message_names_a_command_line_flag(code):
    message = REFUSALS[code]
    for text in message if isinstance(message, tuple) else (message,):
        assert not re.search(r"(^|\s)-{1,2}[a-z]", text), text


@pytest.mark.parametrize("locale", [locale for locale in LOCALES if locale != "en"])
def test_every_message_and_field_name_is_translated_with_its_placeholders(locale):
    """(Some field names are the same word in French: budget, date, zone...)"""
    catalog = translations(locale)
    for code, message in REFUSALS.items():
        english = message if isinstance(message, tuple) else (message,)
        if isinstance(message, tuple):
            forms = {catalog.ngettext(*message, count) for count in (0, 1, 2, 5, 11, 100)}
        else:
            forms = {catalog.gettext(message)}
        for form in forms:
            assert form not in english, f"{code} is not translated into {locale}"
            assert placeholders(form) == placeholders(message), f"{code} in {locale}: {form}"
    same = {"budget", "contact", "date", "note", "occurrence", "source", "zone", "locale"}
    for name in FIELD_NAMES.values():
        assert catalog.gettext(name) != name or name in same, f"{name!r} not in {locale}"


def test_a_refusal_renders_in_the_readers_language_and_in_english_for_logs():
    error = ValidationError(field="amount", code="amount.not_positive", value=Decimal("-1.5"))
    assert str(error) == "amount: must be greater than zero, got -1.5"
    assert error.text("fr") == translations("fr").gettext(REFUSALS["amount.not_positive"]) % {
        "value": "-1,5"
    }
    assert error.text("fr") != error.text()


def test_a_message_written_in_place_still_works():
    """The signature other branches use; the registry test above catches it at merge."""
    error = ValidationError("is not what we expected", field="rate", code="rate.unknown_code")
    assert str(error) == "rate: is not what we expected"
    assert error.text("zh") == "is not what we expected"
    assert (error.field, error.code, error.params) == ("rate", "rate.unknown_code", {})


def test_lists_and_counts_follow_the_language():
    error = ValidationError(field="kind", code="choice.unknown", value="x", choices=("a", "b", "c"))
    assert str(error) == "kind: 'x' must be one of a, b, or c"
    assert "a、b或c" in error.text("zh")
    assert "أو" in error.text("ar")
    assert isinstance(error, PlannerError)
