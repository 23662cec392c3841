"""The shipped 2019 rule set, read straight from its file: the pure computation needs no DB."""

import pytest
import yaml

from tuntas.catalog.index_rules import IndexRules
from tuntas.catalog.loaders import DATA_DIR


@pytest.fixture(scope="session")
def rules() -> IndexRules:
    data = yaml.safe_load((DATA_DIR / "index-rules" / "2019.yaml").read_text())
    return IndexRules.from_json(data["valid_from"], data)
