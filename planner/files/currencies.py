"""ISO 4217 currency codes a pricing catalog may state.

A catalog's currency is printed next to every figure and goes into Markdown, CSV and the window, so
it is checked against the real codes, not merely three letters. Source: ISO 4217 "List one: Current
currency & funds code list" (SIX Financial Information, maintenance agency), as published in 2024.
Left out on purpose: precious metals (XAU, XAG, XPD, XPT), bond-market units (XBA-XBD), XDR, XSU,
XUA and the testing and "no currency" codes (XTS, XXX): none prices cloud hardware.
"""

from __future__ import annotations

import re

ISO_4217 = frozenset("""
AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BHD BIF BMD BND BOB BOV BRL BSD BTN BWP BYN
BZD CAD CDF CHE CHF CHW CLF CLP CNY COP COU CRC CUC CUP CVE CZK DJF DKK DOP DZD EGP ERN ETB EUR FJD
FKP GBP GEL GHS GIP GMD GNF GTQ GYD HKD HNL HTG HUF IDR ILS INR IQD IRR ISK JMD JOD JPY KES KGS KHR
KMF KPW KRW KWD KYD KZT LAK LBP LKR LRD LSL LYD MAD MDL MGA MKD MMK MNT MOP MRU MUR MVR MWK MXN MXV
MYR MZN NAD NGN NIO NOK NPR NZD OMR PAB PEN PGK PHP PKR PLN PYG QAR RON RSD RUB RWF SAR SBD SCR SDG
SEK SGD SHP SLE SLL SOS SRD SSP STN SVC SYP SZL THB TJS TMT TND TOP TRY TTD TWD TZS UAH UGX USD USN
UYI UYU UYW UZS VED VES VND VUV WST XAF XCD XCG XOF XPF YER ZAR ZMW ZWG ZWL
""".split())


def currency_refusal(code) -> str | None:
    """Why `code` is not a currency a catalog may give, or None when it is one."""
    if not isinstance(code, str) or not re.fullmatch(r"[A-Z]{3}", code):
        return "expected an ISO 4217 currency code: three capital letters such as USD or EUR"
    if code not in ISO_4217:
        return "expected an ISO 4217 currency code (USD, EUR, GBP, JPY, CNY, ...); this one is not in the list"
    return None
