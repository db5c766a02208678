"""What the look skill says about a product it recognised: what it is, its price, its
reviews, its allergens, ingredients, nutrition grade and diet labels. Pure functions of the
catalog's Product (and the store whose offer counts)."""

from __future__ import annotations

from glasses.events import Intent
from glasses.look import speech
from glasses.products.catalog import Product
from glasses.skills.base import Meaning
from glasses.skills.spoken import join


def identify(p: Product, store: str) -> str:
    offer = speech.pick_offer(p, store)
    first = speech.sentence(speech.title(p), speech.quantity(p.quantity) if p.quantity else "")
    second = speech.sentence(speech.price_sentence(offer), speech.rating_sentence(offer))
    return " ".join(x for x in (first, second) if x)

def price(p: Product, store: str) -> str:
    offer = speech.pick_offer(p, store)
    if offer is None or offer.price is None:
        return f"I don't have a price for {speech.title(p)}."
    qty = f", {speech.quantity(p.quantity)}" if p.quantity else ""
    return f"{speech.short_name(p)}{qty}: {speech.price_sentence(offer)}."

def reviews(p: Product, store: str) -> str:
    offer = speech.pick_offer(p, store)
    if offer is None or offer.rating is None:
        return f"I have no reviews for {speech.title(p)}."
    text = f"{speech.short_name(p)} is {speech.rating_sentence(offer)}"
    if offer.review_summary:
        text += f". People say: {offer.review_summary}"
    return speech.sentence(text)

def details(p: Product, intent: Intent) -> str:
    slots = intent.slots
    name = speech.short_name(p)
    allergens = _split(p.allergens)
    traces = _split(p.traces)
    if "allergen" in slots:
        a = slots["allergen"]
        if a in ("sugar", "palm oil"):
            if a == "palm oil" and "palm oil free" in _split(p.analysis):
                return f"No, {name} has no palm oil."
            found = a in p.ingredients.lower()
            if not p.ingredients:
                return f"I don't know the ingredients of {name}."
            return f"Yes, the ingredients list {a}." if found else f"No {a} in the ingredients."
        hit = [x for x in allergens if _same_allergen(a, x)]
        trace = [x for x in traces if _same_allergen(a, x)]
        if hit:
            return f"Yes, {name} contains {join(hit)}."
        if trace:
            return f"It may contain traces of {join(trace)}."
        if not p.allergens and not p.ingredients:
            return f"I don't have allergen information for {name}."
        return f"No {a} listed for {name}." + (" No traces listed either." if p.traces or
                                               p.allergens else "")
    if "diet" in slots:
        return diet(p, slots["diet"])
    detail = slots.get("detail", "allergens")
    if detail == "ingredients":
        return f"Ingredients: {p.ingredients}" if p.ingredients else \
            f"I don't have the ingredients of {name}."
    if detail == "nutrition":
        if not p.nutriscore:
            return f"I don't have a nutrition grade for {name}."
        meaning = {"a": "very good", "b": "good", "c": "average", "d": "poor", "e": "bad"}[p.nutriscore]
        return f"{name} has nutrition grade {p.nutriscore.upper()}, which is {meaning}."
    if allergens:
        text = f"{name} contains {join(allergens)}."
    else:
        text = f"No allergens listed for {name}."
    if traces:
        text += f" May contain traces of {join(traces)}."
    return text

def diet(p: Product, diet: str) -> str:
    name = speech.short_name(p)
    labels = _split(p.labels)
    analysis = _split(p.analysis)
    allergens = _split(p.allergens)
    if diet in ("vegan", "vegetarian"):
        if diet in labels or diet in analysis:
            return f"Yes, {name} is {diet}."
        if f"non {diet}" in analysis:
            return f"No, {name} is not {diet}."
        if f"maybe {diet}" in analysis or f"{diet} status unknown" in analysis:
            return f"Maybe: some ingredients of {name} may not be {diet}."
        return f"I don't know whether {name} is {diet}."
    if diet == "organic":
        return f"Yes, {name} is organic." if "organic" in labels else f"It isn't labelled organic."
    if diet.endswith(" free"):
        what = diet.removesuffix(" free")
        if diet in labels:
            return f"Yes, {name} is labelled {diet}."
        hit = [x for x in allergens if _same_allergen(what, x)]
        if hit:
            return f"No, {name} contains {join(hit)}."
        if what == "sugar":
            return f"It isn't labelled sugar free."
        return f"No {what} listed for {name}." if p.allergens or p.ingredients else \
            f"I don't have allergen information for {name}."
    return f"I don't know whether {name} is {diet}."


def _split(v: str) -> list[str]:
    return [x.strip() for x in v.split(",") if x.strip()]


_ALLERGEN_GROUPS = {"nuts": ("nuts", "tree nuts", "almonds", "hazelnuts", "walnuts", "cashews",
                             "pecans", "pistachios", "macadamia"),
                    "milk": ("milk", "lactose", "dairy"), "gluten": ("gluten", "wheat", "barley", "rye"),
                    "eggs": ("eggs", "egg"), "soybeans": ("soybeans", "soy", "soya"),
                    "sesame seeds": ("sesame seeds", "sesame"), "fish": ("fish", "crustaceans", "molluscs")}


def _same_allergen(asked: str, listed: str) -> bool:
    listed = listed.lower()
    return listed in _ALLERGEN_GROUPS.get(asked, (asked,)) or listed == asked


# --- the same answers as data (glasses/replies.py says them in assistant.language) -------------
def title_meaning(p: Product) -> Meaning:
    """The product's name (and brand) as the catalogue has them."""
    name = p.name or p.generic_name
    if name and p.brand and p.brand.lower() not in name.lower():
        return Meaning("product.by", {"name": name, "brand": p.brand})
    return Meaning("product.name", {"name": name or p.brand}) if (name or p.brand) else Meaning("product.this")


def _quantity(q: str) -> Meaning | None:
    found = speech.quantity_parts(q)
    if found is None:
        return None
    amount, unit = found
    return Meaning("product.quantity", {"amount": amount.replace(".", ","), "qty_unit": unit + ("_one" if amount == "1" else "")})


def _money(offer) -> Meaning | None:
    if offer is None or offer.price is None:
        return None
    return Meaning("product.price", {"amount": f"{offer.price:.2f}".replace(".", ","), "currency": offer.currency.lower()})


def _rating(offer) -> Meaning | None:
    if offer is None or offer.rating is None:
        return None
    rating = f"{offer.rating:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    if offer.review_count:
        return Meaning("product.rated_by", {"rating": rating, "count": offer.review_count})
    return Meaning("product.rated", {"rating": rating})


def _card_slots(p: Product, offer) -> dict:
    """What the product card shows (look.skill._card), for the card in the language."""
    return {"card_title": title_meaning(p), "card_qty": p.quantity, "card_price": _money(offer),
            "card_rating": _rating(offer),
            "card_allergens": Meaning("product.allergens", {"allergens": p.allergens}) if p.allergens else None,
            "card_nutri": Meaning("product.nutri", {"grade": p.nutriscore.upper()}) if p.nutriscore else None}


def identify_meaning(p: Product, store: str) -> Meaning:
    offer = speech.pick_offer(p, store)
    price, rating = _money(offer), _rating(offer)
    parts = {"price": price, "rating": rating}
    said = Meaning("identify_product.price_rating", parts) if price and rating else \
        Meaning("identify_product.price", parts) if price else Meaning("identify_product.rating", parts) if rating else None
    return Meaning("identify_product.is", {"title": title_meaning(p), "quantity": _quantity(p.quantity),
                                           "offer": said, **_card_slots(p, offer)})


def price_meaning(p: Product, store: str) -> Meaning:
    offer = speech.pick_offer(p, store)
    if offer is None or offer.price is None:
        return Meaning("product_price.none", {"title": title_meaning(p)})
    return Meaning("product_price.is", {"name": speech.short_name(p), "quantity": _quantity(p.quantity),
                                        "price": _money(offer), **_card_slots(p, offer)})


def reviews_meaning(p: Product, store: str) -> Meaning:
    """The rating; the catalogue's review summary is English text, so the other languages leave it out."""
    offer = speech.pick_offer(p, store)
    if offer is None or offer.rating is None:
        return Meaning("product_reviews.none", {"title": title_meaning(p)})
    return Meaning("product_reviews.is", {"name": speech.short_name(p), "rating": _rating(offer),
                                          **_card_slots(p, offer)})
