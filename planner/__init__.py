"""NLP Budget Planner's domain: scenarios, catalogs and the cost engine. Never imports Qt.

The stages, each importing only those before it (an import-linter contract checks it):
model (scenario, values, bounds, errors) -> files (read, validate, save; catalogs) -> engine (resolve,
the vectorised core, sampling, summary) -> analysis (sensitivity, offers, plan, compare, edits) ->
present (text, Markdown, CSV and report content). This module is the public face.
"""

from planner.engine.summary import Summary, summarize
from planner.files.catalogs import Catalogs, load_catalogs
from planner.files.scenario_load import load, parse, validate
from planner.files.scenario_save import save, to_text
from planner.model.errors import (
           CatalogError,
           ComputeError,
           PlannerError,
           RequestError,
           ScenarioError,
)
from planner.model.scenario import Scenario

__all__ = ["load", "parse", "validate", "save", "to_text", "summarize", "Summary", "load_catalogs", "Catalogs",
           "Scenario", "PlannerError", "ScenarioError", "CatalogError", "RequestError", "ComputeError"]
__version__ = "0.1.0"
