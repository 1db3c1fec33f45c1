"""NLP Budget Planner's domain: scenarios, catalogs and the cost engine. Never imports Qt."""

from .catalogs import Catalogs, load_catalogs
from .errors import CatalogError, ScenarioError
from .scenario import Scenario
from .scenario_load import load, parse, validate
from .scenario_save import save, to_text
from .summary import summarize

__all__ = ["load", "parse", "validate", "save", "to_text", "summarize", "load_catalogs", "Catalogs", "Scenario",
           "ScenarioError", "CatalogError"]
__version__ = "0.1.0"
