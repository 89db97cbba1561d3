"""Write a synthetic catalog overlay of N models (clones of the shipped ones with their offers) for benchmarks.

python scripts/synthetic_catalog.py OUT_DIR [N]
"""

from __future__ import annotations

import sys
from pathlib import Path

import yaml

from advisor.catalog.load import load_catalog
from advisor.records import plain


def write_synthetic(out: Path, n: int) -> Path:
    catalog = load_catalog()
    base_models = list(catalog.models.values())
    models, offers = [], []
    for i in range(n - len(base_models)):
        model = base_models[i % len(base_models)]
        clone_id = f"{model.id}-syn{i}"
        data = plain(model, drop_none=True)
        data["id"] = clone_id
        data["name"] = f"{model.name} (synthetic {i})"
        models.append(data)
        for offer in catalog.offers_of(model.id):
            od = plain(offer, drop_none=True)
            od["model"] = clone_id
            offers.append(od)
    folder = out / "models"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "synthetic.yaml").write_text(yaml.safe_dump({"models": models, "offers": offers}, sort_keys=False))
    return out


if __name__ == "__main__":
    target = write_synthetic(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 5000)
    print(target)
