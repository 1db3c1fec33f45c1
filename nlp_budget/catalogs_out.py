"""`nlp-budget catalogs`: the pricing catalogs, their offers, and the accelerators, as text or JSON."""

from __future__ import annotations


def catalogs_json(catalogs) -> dict:
    return {
        "pricing": [{"id": c.id, "name": c.name, "as_of": c.as_of, "currency": c.currency, "source": c.source,
                     "bundled": c.bundled, "path": c.path,
                     "prices": {a: c.offers_for(a) for a in c.accelerators()}} for c in catalogs.pricing.values()],
        "accelerators": [{"id": a.id, "name": a.name, "peak_tflops": a.peak_tflops, "memory_gb": a.memory_gb,
                          "tdp_watts": a.tdp_watts, "source": a.source, "estimate": a.estimate}
                         for a in catalogs.accelerators.values()],
        "problems": list(catalogs.problems),
    }


def catalogs_text(catalogs) -> str:
    lines = ["Pricing catalogs", "----------------"]
    for c in sorted(catalogs.pricing.values(), key=lambda c: c.id):
        origin = "" if c.bundled else f"  (user: {c.path})"
        lines.append(f"{c.id:<16} as of {c.as_of}  {c.currency}  {c.name}{origin}")
        lines.append(f"{'':<16} source: {c.source}")
        for acc in c.accelerators():
            offers = []
            for offer in c.offers_for(acc):
                try:
                    price = c.price(acc, offer, None)
                except LookupError:
                    continue
                value = price.value
                shown = f"{value.low:.3g}-{value.high:.3g}" if hasattr(value, "low") else f"{value:.4g}"
                offers.append(f"{offer} {shown}" + ("*" if price.estimate else ""))
            lines.append(f"{'':<18}{acc:<11} " + ", ".join(offers))
    lines += ["", "(prices per accelerator-hour; * an estimate or derived)", "", "Accelerators", "------------"]
    for a in catalogs.accelerators.values():
        peaks = ", ".join(f"{k} {v:g}" for k, v in a.peak_tflops.items())
        mem = f"{a.memory_gb:g} GB" if a.memory_gb else "? GB"
        power = f"{a.tdp_watts:g} W" if a.tdp_watts else "power n/a"
        lines.append(f"{a.id:<11} {a.name:<32} {mem:>7}  {power:>9}  dense TFLOP/s: {peaks}"
                     + ("  [estimate]" if a.estimate else ""))
    return "\n".join(lines)
