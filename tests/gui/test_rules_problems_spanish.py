"""The problems of a refused rules bundle, listed by the Rules screen of a Spanish app: each
"what is wrong" in Spanish — pydantic's errors read by their type and values, the bundle's own
checks by their shapes — with the bundle's names and values as written; the command line
keeps the English (BundleInvalid.errors)."""

from __future__ import annotations

import ast
import json
import re
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog

from pos_loyalty.domain import rule_problems, rules
from pos_loyalty.domain.rules import BundleInvalid
from pos_loyalty.resources import resource_path
from pos_loyalty.services import rules_sync
from pos_loyalty.ui import programme_texts
from pos_loyalty.ui.rules_screen import RulesScreen

from .test_manager_screens import show_active
from .test_spanish import COMMON_ENGLISH, SAME_IN_BOTH, _data_words, _sources_and_translations, english_words, spanish  # noqa: F401

pytestmark = pytest.mark.gui


def _bad_bundle(tmp_path: Path) -> Path:
    """The demo rules with one of many kinds of problem: pydantic's (a bound, a type, a choice, a
    length, an unknown field, a missing one) and the bundle's own (a currency, an id used twice,
    tiers out of order, a milestone step not higher, a trigger's unknown reward)."""
    bundle = json.loads(resource_path("demo_rules.json").read_text())
    bundle["version"] = "2027.1-roto"
    bundle["settings"].update(currency="EURO", award_on="later", oops=1)
    bundle["earning_rules"][0]["points"] = -3
    bundle["earning_rules"][1]["id"] = bundle["earning_rules"][0]["id"]
    bundle["rewards"][1]["points_cost"] = "lots"
    bundle["rewards"][2]["name"] = "x" * 130
    del bundle["rewards"][3]["name"]
    bundle["tiers"] = [{"name": "Bronce"}, {"name": "Plata", "min_orders": 10}, {"name": "Oro", "min_orders": 5}]
    bundle["milestones"] = [{"id": "m", "name": "Club", "kind": "orders", "steps": [{"requirement": 5, "points": 10}, {"requirement": 5, "points": 20}]}]
    bundle["triggers"] = [{"id": "t", "name": "T", "criterion": {"kind": "order_count", "orders": 3}, "reward": {"reward_id": "nope"},
                           "message": {"subject": "Hola", "text": "Hola"}}]
    path = tmp_path / "roto.json"
    path.write_text(json.dumps(bundle), encoding="utf-8")
    return path


def test_the_problems_of_a_refused_bundle_are_listed_in_spanish(qtbot, monkeypatch, store, tmp_path, spanish):
    bad = _bad_bundle(tmp_path)
    with pytest.raises(BundleInvalid) as refused:
        rules_sync.read_bundle_file(bad)
    english = dict(refused.value.errors)
    assert english["settings.award_on"] == "must be 'paid' or 'fulfilled', got \"later\"", "the CLI's words are unchanged"
    screen = RulesScreen()
    show_active(qtbot, screen)
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(lambda *args, **kwargs: (str(bad), "")))
    qtbot.keyClick(screen, Qt.Key.Key_O, Qt.KeyboardModifier.ControlModifier)
    listed = screen.listed_errors()
    assert [where for where, _ in listed] == [where for where, _ in refused.value.errors]
    shown = dict(listed)
    ids = bundle_ids(bad)
    assert shown["settings.currency"] == "'EURO' no es un código de moneda ISO 4217 (como EUR, GBP, USD)"
    assert shown["settings.award_on"] == "debe ser 'paid' o 'fulfilled', pero es \"later\""
    assert shown["settings.oops"] == "no es un campo conocido aquí (¿una errata?)"
    assert shown["earning_rules[0].points"] == "debe ser un número entero mayor que 0, pero es -3"
    assert shown["earning_rules[1].id"] == f"'{ids[0]}' ya es el id de earning_rules[0]; cada id debe ser distinto"
    assert shown["rewards[1].points_cost"] == "debe ser un número entero, pero es \"lots\""
    assert shown["rewards[2].name"].startswith("admite como máximo 120 caracteres, pero es \"xxx")
    assert shown["rewards[3].name"] == "es obligatorio"
    assert shown["tiers[2].min_orders"].startswith("el nivel 'Oro' pide 5 (pedidos), pero 'Plata', por debajo, ya pide 10")
    assert shown["milestones[0].steps[1].requirement"] == "debe ser mayor que el del escalón anterior, 5 (los requisitos deben crecer)"
    assert shown["triggers[0].reward.reward_id"] == "'nope' no es el id de ninguna recompensa de este paquete"
    vocabulary_en, vocabulary_es, _ = _sources_and_translations()
    vocabulary = (vocabulary_en | COMMON_ENGLISH) - vocabulary_es - SAME_IN_BOTH
    quoted = re.compile(r"'[^']*'|\"[^\"]*\"|\w+\[\d+\]")  # values and names as the bundle wrote them; places in it
    assert [(what, words) for what in shown.values() if (words := english_words(quoted.sub("", what), vocabulary, _data_words()))] == []
    assert "rechaz" in screen.error.text()


def bundle_ids(path: Path) -> list[str]:
    return [rule["id"] for rule in json.loads(path.read_text(encoding="utf-8"))["earning_rules"]]


def _messages_in(source: Path) -> list[str]:
    """The constant messages the bundle's checks raise or list: ValueError("…"), refuse("…"),
    problem(where, "…"), Problem(where, "…")."""
    found = []
    for node in ast.walk(ast.parse(source.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Name):
            continue
        position = {"ValueError": 0, "refuse": 0, "problem": 1, "Problem": 1}.get(node.func.id)
        if position is None or len(node.args) <= position:
            continue
        arg = node.args[position]
        if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            found.append(arg.value)
    return found


def test_every_shape_a_problem_can_have_is_offered_for_translation():
    """A new check's message must be added to ui/programme_texts.RULE_SHAPES, or it shows in English."""
    fixed = _messages_in(Path(rules.__file__))
    assert len(fixed) > 20, "the checks' messages are found"
    offered = set(programme_texts.RULE_SHAPES)
    missing = [shape for shape in (*fixed, *rule_problems.OWN_SHAPES, *rule_problems.PYDANTIC_SHAPES) if shape not in offered]
    assert missing == [], missing
