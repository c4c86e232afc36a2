"""The Rules screen of a Spanish app describes the active programme in Spanish — its words,
money ("1,00 €"), counts ("1.000 puntos", "1 punto") and dates — with the store's own names
as written; `pos-loyalty rules show` prints the same programme in English."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from pos_loyalty.cli import main as cli
from pos_loyalty.services import rules_sync
from pos_loyalty.ui import i18n
from pos_loyalty.ui.rules_screen import RulesScreen

from ..conftest import ensure_manager
from .test_manager_screens import show_active
from .test_spanish import spanish  # noqa: F401

pytestmark = pytest.mark.gui

MESSAGE = {"subject": "Un regalo", "text": "Hola {{ customer_name }}"}
BUNDLE = {
    "format": 1, "version": "2027.1-es", "name": "Café de la Esquina",
    "settings": {"currency": "EUR", "points_total_includes": {"discounts": True, "taxes": True, "shipping": False},
                 "award_on": "fulfilled", "points_expire_on": "2099-12-31"},
    "earning_rules": [
        {"id": "gasto", "name": "Por compra", "mode": "per_amount", "points": 1, "per_amount": "1.00"},
        {"id": "granos", "name": "Granos", "mode": "per_amount", "points": 5, "per_amount": "10.00",
         "applies_to": {"kind": "collections", "collections": ["granos"]}, "frequency": "daily"},
        {"id": "tarta", "name": "Tarta", "mode": "fixed", "points": 1000, "minimum_order": "1250.50",
         "applies_to": {"kind": "products", "skus": ["TARTA"]}, "frequency": "first_order", "active": False},
    ],
    "rewards": [
        {"type": "points", "id": "pagar", "name": "Pagar con puntos", "conversion_factor": "0.05", "min_points": 1},
        {"type": "discount", "id": "diez", "name": "Diez por ciento", "points_cost": 200, "discount": "percent", "value": "10",
         "apply_to": "order", "max_amount": "15.00"},
        {"type": "discount", "id": "envio", "name": "Envío gratis", "points_cost": 1, "discount": "percent", "value": "100", "apply_to": "shipping"},
        {"type": "discount", "id": "tarta-menos", "name": "Tarta más barata", "points_cost": 50, "discount": "fixed", "value": "2.50",
         "apply_to": "product", "sku": "TARTA"},
        {"type": "product", "id": "cafe", "name": "Café gratis", "points_cost": 120, "sku": "CAFE", "product_name": "Café de filtro", "value": "2.80"},
        {"type": "product", "id": "latte", "name": "Latte grande", "points_cost": 60, "mode": "replace", "sku": "LATTE-L",
         "product_name": "Latte grande", "value": "4.20", "replaces_sku": "CAFE"},
    ],
    "tiers": [{"name": "Bronce"}, {"name": "Plata", "min_orders": 10, "min_spent": "1200.00", "period_days": 1, "earn_multiplier": "1.25"}],
    "triggers": [
        {"id": "tercero", "name": "Tercera tarta", "products": ["TARTA"], "criterion": {"kind": "bogo", "orders": 3}, "repeat_every": 1,
         "reward": {"reward_id": "cafe"}, "send_to": "opted_in", "message": MESSAGE},
        {"id": "media", "name": "Buenos clientes", "criterion": {"kind": "average_spent", "amount": "20", "min_orders": 3},
         "reward": {"points": 1}, "message": MESSAGE},
    ],
    "actions": [
        {"id": "alta", "kind": "sign_up", "name": "Alta", "points": 100},
        {"id": "resena", "kind": "review", "name": "Reseña", "points": 1, "frequency": "weekly"},
        {"id": "cumple", "kind": "birthday", "name": "Cumpleaños", "points": 200},
    ],
}

SPANISH = [
    "Los puntos se cuentan sobre el total del pedido (después de descuentos, con impuestos) y se abonan cuando el pedido está entregado.",
    "Los puntos caducan el 31/12/2099.",
    "Acumulación de puntos:",
    "  • Por compra: 1 punto por cada 1,00 € gastados en todos los productos, en cada pedido",
    "  • Granos: 5 puntos por cada 10,00 € gastados en granos, una vez al día",
    "  • Tarta: 1.000 puntos por pedido en TARTA, solo en el primer pedido, en pedidos desde 1.250,50 € (en pausa)",
    "Recompensas:",
    "  • Pagar con puntos: cada punto vale 0,05 € (desde 1 punto)",
    "  • Diez por ciento: 200 puntos por 10 % de descuento en el pedido, como máximo 15,00 €",
    "  • Envío gratis: 1 punto por 100 % de descuento en el envío",
    "  • Tarta más barata: 50 puntos por 2,50 € de descuento en TARTA",
    "  • Café gratis: 120 puntos por Café de filtro gratis",
    "  • Latte grande: 60 puntos por Latte grande en lugar de CAFE",
    "Recompensas automáticas para clientes:",
    "  • Tercera tarta: al llegar a 3 pedidos distintos con TARTA, y de nuevo cada 1 pedido más → un cupón de cafe y un correo"
    " (solo a clientes que aceptan publicidad)",
    "  • Buenos clientes: al llegar a 20,00 € de media en al menos 3 pedidos → 1 punto extra y un correo",
    "Niveles:",
    "  • Bronce: todos los clientes; gana ×1",
    "  • Plata: desde 10 pedidos o 1.200,00 € gastados en 1 día; gana ×1,25",
    "Puntos por acciones:",
    "  • Alta: 100 puntos al dar de alta al cliente",
    "  • Reseña: 1 punto cada vez que se registra en caja, como máximo una vez a la semana",
    "  • Cumpleaños: 200 puntos el día de su cumpleaños",
]

ENGLISH = [
    "Points are counted on the order total after discounts, with taxes, awarded when the order is fulfilled.",
    "Points expire on 2099-12-31.",
    "Earning:",
    "  • Por compra: 1 point per 1.00 EUR spent on all products, on every order",
    "  • Granos: 5 points per 10.00 EUR spent on granos, once a day",
    "  • Tarta: 1,000 points per order on TARTA, on the first order only, orders from 1250.50 EUR (switched off)",
    "Rewards:",
    "  • Pagar con puntos: each point is worth 0.05 EUR (from 1 point)",
    "  • Diez por ciento: 200 points for 10% off the order, at most 15.00 EUR",
    "  • Envío gratis: 1 point for 100% off shipping",
    "  • Tarta más barata: 50 points for 2.50 EUR off TARTA",
    "  • Café gratis: 120 points for a free Café de filtro",
    "  • Latte grande: 60 points for Latte grande instead of CAFE",
    "Customer-reward triggers:",
    "  • Tercera tarta: at 3 separate orders with TARTA, again every 1 more order → a coupon for cafe and an e-mail (opted-in customers only)",
    "  • Buenos clientes: at 20.00 EUR on average over at least 3 orders → 1 bonus point and an e-mail",
    "Tiers:",
    "  • Bronce: everyone; earns ×1",
    "  • Plata: from 10 orders or 1200.00 EUR spent in 1 day; earns ×1.25",
    "Points for actions:",
    "  • Alta: 100 points when the customer is enrolled",
    "  • Reseña: 1 point recorded at the till, at most once a week",
    "  • Cumpleaños: 200 points on the birthday",
]


def test_the_rules_screen_describes_the_programme_in_spanish_and_rules_show_in_english(qtbot, store, spanish, tmp_path: Path,
                                                                                     capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "es.json"
    path.write_text(json.dumps(BUNDLE), encoding="utf-8")
    rules_sync.import_file(path, manager_pin=ensure_manager())
    screen = RulesScreen()
    show_active(qtbot, screen)
    assert screen.description.toPlainText().splitlines() == SPANISH

    i18n.install("en")  # the command line is its own process: no translation, the default formats
    assert cli(["--db", str(store), "rules", "show"]) == 0
    shown = capsys.readouterr().out.splitlines()
    assert shown[0].startswith("Café de la Esquina — version 2027.1-es")
    assert shown[1:] == ENGLISH
