"""What the benchmarks feed the product: a 50-rule programme, a product catalogue, people's
names, and the orders a till sends. Pure data and deterministic (seeded); no database.
"""

from __future__ import annotations

import json
import random

from pos_loyalty.domain.order import OrderRequest, parse_order
from pos_loyalty.domain.rules import RulesBundle, parse_bundle

CURRENCY = "EUR"
COLLECTIONS = ["drinks", "beans", "bakery", "deli", "dairy", "fruit", "snacks", "household", "frozen", "gifts"]
SKU_COUNT = 200


def catalogue() -> list[dict]:
    """SKU-000 … SKU-199: name, collection and shelf price (text, as the till sends it)."""
    rng = random.Random(7)
    items = []
    for i in range(SKU_COUNT):
        collection = COLLECTIONS[i % len(COLLECTIONS)]
        cents = rng.randrange(80, 4_000)
        items.append({"sku": f"SKU-{i:03d}", "name": f"{collection.title()} item {i}", "collection": collection,
                      "unit_price": f"{cents // 100}.{cents % 100:02d}"})
    return items


_ALWAYS = {"starts": "2020-01-01", "ends": "2099-12-31"}


def trigger_dicts(count: int, skus: list[str]) -> list[dict]:
    """`count` customer-reward triggers (seed 002) of every criterion, watching catalogue products."""
    shapes = [
        lambda i: {"products": [skus[(i * 17) % len(skus)]], "criterion": {"kind": "bogo", "orders": 3}, "repeat_every": 3},
        lambda i: {"products": [skus[(i * 5 + k) % len(skus)] for k in range(3)], "criterion": {"kind": "bogo", "orders": 4}},
        lambda i: {"criterion": {"kind": "order_count", "orders": 5 + i}},
        lambda i: {"criterion": {"kind": "total_spent", "amount": f"{200 + i * 50}.00"}},
        lambda i: {"criterion": {"kind": "average_spent", "amount": f"{40 + i}.00", "min_orders": 3}},
        lambda i: {"criterion": {"kind": "order_spent", "amount": f"{120 + i}.00"}},
        lambda i: {"products": [skus[(i * 3 + k) % len(skus)] for k in range(5)], "criterion": {"kind": "product_units", "units": 10 + i}},
    ]
    triggers = []
    for i in range(count):
        reward = {"points": 50 + i} if i % 2 else {"reward_id": f"reward-{i % 6:02d}"}
        triggers.append({"id": f"trigger-{i:02d}", "name": f"Campaign {i}", **shapes[i % len(shapes)](i), "reward": reward,
                         **({"coupon_valid_days": 30} if "reward_id" in reward else {}),
                         "message": {"subject": "Thank you, {{ customer_name }}", "text": "{{ reward_name }} {{ coupon_code }} {{ points }}",
                                     "html": "<p>{{ reward_name }}</p>"}})
    return triggers


def bundle_dict(rules: int = 50, triggers: int = 20) -> dict:
    """A programme with `rules` active earning rules and rewards (3 earning rules for every 2
    rewards), covering every mode, scope, frequency, reward type and condition the engine knows."""
    earning_count = rules * 3 // 5
    reward_count = rules - earning_count
    skus = [item["sku"] for item in catalogue()]
    earning: list[dict] = [{"id": "spend", "name": "1 point per 1.00 spent", "mode": "per_amount", "points": 1, "per_amount": "1.00"}]
    kinds = ["collection", "products", "fixed-min", "frequency", "first", "dated"]
    frequencies = ["daily", "weekly", "monthly", "yearly"]
    i = 0
    while len(earning) < earning_count:
        kind = kinds[i % len(kinds)]
        rid = f"earn-{i:02d}"
        if kind == "collection":
            cols = [COLLECTIONS[i % len(COLLECTIONS)], COLLECTIONS[(i + 3) % len(COLLECTIONS)]]
            earning.append({"id": rid, "name": f"Bonus on {' and '.join(cols)}", "mode": "per_amount", "points": 2 + i % 5,
                            "per_amount": "5.00", "applies_to": {"kind": "collections", "collections": cols}})
        elif kind == "products":
            chosen = [skus[(i * 7 + k * 13) % len(skus)] for k in range(5)]
            earning.append({"id": rid, "name": f"Featured products {i}", "mode": "fixed", "points": 10 + i,
                            "applies_to": {"kind": "products", "skus": chosen}})
        elif kind == "fixed-min":
            earning.append({"id": rid, "name": f"Big basket {i}", "mode": "fixed", "points": 25 + i, "minimum_order": f"{20 + i * 2}.00"})
        elif kind == "frequency":
            freq = frequencies[(i // len(kinds)) % len(frequencies)]
            earning.append({"id": rid, "name": f"{freq.title()} visit", "mode": "fixed", "points": 5 + i,
                            "minimum_order": "10.00", "frequency": freq})
        elif kind == "first":
            earning.append({"id": rid, "name": f"Welcome {i}", "mode": "fixed", "points": 50, "minimum_order": "5.00", "frequency": "first_order"})
        else:
            earning.append({"id": rid, "name": f"Season {i}", "mode": "per_amount", "points": 3, "per_amount": "10.00", **_ALWAYS})
        i += 1
    rewards: list[dict] = [
        {"type": "points", "id": "pay-with-points", "name": "Pay with points", "conversion_factor": "0.05", "min_points": 100},
        {"type": "points", "id": "big-spender", "name": "Points at a better rate", "conversion_factor": "0.08", "min_points": 1000,
         "max_points": 5000, "conditions": {"tiers": ["Gold"]}},
    ]
    j = 0
    while len(rewards) < reward_count:
        rid = f"reward-{j:02d}"
        sku = skus[(j * 11) % len(skus)]
        shape = j % 6
        if shape == 0:
            rewards.append({"type": "discount", "id": rid, "name": f"{5 + j}% off", "points_cost": 150 + j * 10, "discount": "percent",
                            "value": str(5 + j), "apply_to": "order", "max_amount": "15.00"})
        elif shape == 1:
            rewards.append({"type": "discount", "id": rid, "name": f"5.00 off orders over {30 + j}", "points_cost": 200, "discount": "fixed",
                            "value": "5.00", "conditions": {"minimum_order": f"{30 + j}.00"}})
        elif shape == 2:
            rewards.append({"type": "discount", "id": rid, "name": f"Half price {sku}", "points_cost": 80, "discount": "percent",
                            "value": "50", "apply_to": "product", "sku": sku})
        elif shape == 3:
            rewards.append({"type": "product", "id": rid, "name": f"Free {sku}", "points_cost": 120 + j, "mode": "add", "sku": sku,
                            "product_name": f"Free item {sku}", "value": "2.80"})
        elif shape == 4:
            other = skus[(j * 11 + 1) % len(skus)]
            rewards.append({"type": "product", "id": rid, "name": f"Upgrade {sku}", "points_cost": 60, "mode": "replace", "sku": other,
                            "product_name": f"Upgraded {other}", "value": "4.20", "replaces_sku": sku,
                            "conditions": {"required_skus": [sku]}})
        else:
            rewards.append({"type": "discount", "id": rid, "name": "Free delivery", "points_cost": 150, "discount": "percent",
                            "value": "100", "apply_to": "shipping", "conditions": {"tiers": ["Silver", "Gold"]}, **_ALWAYS})
        j += 1
    return {
        "format": 1,
        "version": f"bench-{rules}",
        "name": f"Benchmark programme ({rules} rules)",
        "settings": {"currency": CURRENCY, "award_on": "paid", "points_expire_after_days": 365},
        "earning_rules": earning,
        "rewards": rewards,
        "milestones": milestone_rules(rewards),
        "actions": actions(),
        "tiers": [
            {"name": "Bronze"},
            {"name": "Silver", "min_orders": 10, "min_spent": "200.00", "period_days": 365, "earn_multiplier": "1.25"},
            {"name": "Gold", "min_orders": 30, "min_spent": "600.00", "period_days": 365, "earn_multiplier": "1.5"},
        ],
        "triggers": trigger_dicts(triggers, skus),
    }


def milestone_rules(rewards: list[dict]) -> list[dict]:
    """Ten milestone rules, two of each kind (one dated), with bonus points and free products:
    every quote and commit of the benchmark runs with them active."""
    product = next((r["id"] for r in rewards if r["type"] == "product"), None)
    steps = {"orders": [5, 20, 30, 50, 100], "amount_spent": ["100.00", "250.00", "500.00", "1000.00"], "points_earned": [100, 500, 1000, 5000],
             "reviews": [1, 5, 10], "inactivity": [30, 60, 90]}
    rules = []
    for kind, requirements in steps.items():
        for copy in range(2):
            gifts = [{"points": 50 * (k + 1)} for k in range(len(requirements))]
            if product is not None and kind != "inactivity":
                gifts[-1] = {"reward_id": product}
            rules.append({"id": f"ms-{kind}-{copy}", "name": f"{kind.replace('_', ' ').title()} milestones {copy + 1}", "kind": kind,
                          **(_ALWAYS if copy else {}), "coupon_valid_days": 90,
                          "steps": [{"requirement": r, **g} for r, g in zip(requirements, gifts)]})
    return rules


def actions() -> list[dict]:
    """Ten points-for-actions rules (seed 004): the four built-in kinds and six of a store's own."""
    built_in = [{"id": "signup", "kind": "sign_up", "name": "Created an account", "points": 100},
                {"id": "review", "kind": "review", "name": "Wrote a review", "points": 50, "frequency": "daily"},
                {"id": "share", "kind": "social_share", "name": "Shared on social media", "points": 100, "frequency": "weekly"},
                {"id": "birthday", "kind": "birthday", "name": "Happy birthday", "points": 200}]
    own = [{"id": f"custom-{n}", "kind": "custom", "name": f"Store action {n + 1}", "points": 5 * (n + 1), "frequency": frequency}
           for n, frequency in enumerate(("daily", "weekly", "monthly", "yearly", "once", "daily"))]
    return built_in + own


def bundle(rules: int = 50, triggers: int = 20) -> RulesBundle:
    """The programme, validated exactly as `rules import` validates a file."""
    data = bundle_dict(rules, triggers)
    if not triggers:
        data["version"] += "-no-triggers"
    return parse_bundle(json.dumps(data))


def order_request(rng: random.Random, order_id: str, card: str | None, lines: int = 30,
                  rewards: list[dict] | None = None) -> OrderRequest:
    """A till's order of `lines` different products, parsed as the CLI and GUI parse one."""
    items = rng.sample(catalogue(), lines)
    raw = [{**item, "quantity": rng.randint(1, 3)} for item in items]
    return parse_order({"order_id": order_id, "card": card, "lines": raw, "rewards": rewards or []})


FIRST_NAMES = """
Ann Anna Annabel Annie Alice Amelia Amir Aisha Adam Alex Ben Bella Beth Bob Carla Carlos Charlotte Chloe Chris Clara
Daniel David Diana Dylan Ella Emily Emma Eric Eva Fatima Felix Fiona Freya George Grace Hannah Harry Helen Henry
Isaac Isla Ivy Jack Jacob James Jane Jasmine Jessica Joe John Jonas Julia Kai Karen Kate Kevin Laura Leo Liam Lily
Lucas Lucy Luis Maria Mark Martha Mary Maya Mia Michael Mohammed Molly Nadia Nathan Noah Nora Oliver Olivia Omar Oscar
Paul Peter Philip Priya Rachel Rebecca Richard Robert Rosa Ruby Ryan Sam Sara Sarah Sean Sofia Sophie Stefan Susan Tariq
Thomas Tom Una Victor Victoria William Yara Yusuf Zara Zoe
""".split()

LAST_NAMES = """
Smith Jones Taylor Brown Williams Wilson Johnson Davies Robinson Wright Thompson Evans Walker White Roberts Green Hall
Wood Jackson Clarke Patel Khan Lewis James Phillips Mason Mitchell Rose Davis Rodriguez Cox Alexander Garden Campbell
Johnston Moore Smyth Oneill Doherty Stewart Quinn Murphy Graham Mclaughlin Hamilton Murray Hughes Robertson Thomson Scott
Macdonald Reid Clark Ross Young Watson Paterson Morrison Kelly Anderson Morgan Edwards Martin Cooper Harris King Lee Baker
Turner Hill Ward Hughes Harrison Allen Carter Parker Bennett Shaw Cook Richardson Bailey Collins Fernandez Garcia Lopez
Martinez Gonzalez Muller Schmidt Schneider Fischer Weber Becker Hoffmann Rossi Russo Ferrari Esposito Bianchi Romano Dubois
Moreau Laurent Lefebvre Nowak Kowalski Novak Horvat Jensen Nielsen Hansen Larsen Andersen Berg Lindqvist Virtanen Ahmed
Ali Hussain Singh Kaur Sharma Gupta Nguyen Tran Chen Wang Li Zhang Liu Kim Park Sato Suzuki Tanaka Okafor Mensah Silva
""".split()

EMAIL_DOMAINS = ["gmail.com", "outlook.com", "yahoo.co.uk", "icloud.com", "hotmail.com", "btinternet.com", "proton.me",
                 "example.org", "web.de", "orange.fr"]


BENCH_MANAGER_PIN = "135790"


def manager_pin() -> str:
    """The PIN of the benchmark store's manager (created on first use): importing the
    benchmark programme is a manager's action like any other."""
    from pos_loyalty.services import auth, users

    if not auth.managers_exist():
        users.add_user("Bench", "manager", BENCH_MANAGER_PIN)
    return BENCH_MANAGER_PIN
