"""One long copy file read on its own (dacu.model.long_copy), as a rebuild after its edit reads it."""

import subprocess
import sys

from sitekit import REPO_ROOT

SCRIPT = """
import sys
from pathlib import Path
from zoneinfo import ZoneInfo
from dacu.core import Findings
from dacu.model.entities import Product
from dacu.model.long_copy import read_long_copy

root = Path(sys.argv[1])
product = Product(sku="100012", title="t", brand="b", price=1, source="products.csv")
findings = Findings()
copy = read_long_copy(root, root / "content/products/100012.md", product, ZoneInfo("Asia/Shanghai"), findings)
print(copy.keys, repr(product.why_now), product.copy_source, [f.rule for f in findings],
      "dacu.model.products" in sys.modules)
"""


def _read(tmp_path, text):
    (tmp_path / "content/products").mkdir(parents=True, exist_ok=True)
    (tmp_path / "content/products/100012.md").write_text(text, encoding="utf-8")
    return subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=REPO_ROOT, capture_output=True,
                          text=True, check=True, env={"PYTHONPATH": str(REPO_ROOT), "PATH": "/usr/bin:/bin"}
                          ).stdout.strip()


def test_a_copy_without_front_matter_is_read_without_the_sheets_loader(tmp_path):
    assert _read(tmp_path, "## 细节\n好用\n") == "() '' content/products/100012.md [] False"


def test_a_copy_whose_front_matter_sets_fields_reads_them_as_the_sheet_does(tmp_path):
    out = _read(tmp_path, "---\nwhy_now: 今晚截止\nsku: 1\ncolour: red\n---\n## 细节\n好用\n")
    assert out == "('why_now',) '今晚截止' content/products/100012.md ['front-matter', 'front-matter'] True"
