"""`nlp-budget catalogs import FILE --from skypilot --id ID [--as-of DATE] [--cloud NAME] [--replace]`:
a SkyPilot vms.csv turned into a pricing catalog in the user's catalog folder."""

from __future__ import annotations

from nlp_budget.output import note
from planner.files.skypilot_catalog import import_skypilot, write_user_catalog
from planner.model.errors import RequestError


def import_catalog(args, catalogs) -> str:
    """The import's one-line summary; the file written is named on standard error."""
    if not args.file:
        raise RequestError(None, "catalogs import needs a FILE: a SkyPilot vms.csv "
                           "(catalogs/v7/<cloud>/vms.csv in skypilot-org/skypilot-catalog)")
    if args.source != "skypilot":
        raise RequestError(None, "catalogs import needs --from skypilot (the only format it reads)")
    if not args.id:
        raise RequestError("id", "is required: the id the new catalog gets (e.g. aws-skypilot-2026)")
    imported = import_skypilot(args.file, args.id, args.as_of, args.cloud, catalogs, args.source_text)
    target = write_user_catalog(imported, catalogs, replace=args.replace)
    note(f"wrote {target}")
    return "Imported " + imported.summary() + "\n"
