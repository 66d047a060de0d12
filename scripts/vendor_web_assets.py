"""Vendor the web pages' JavaScript/CSS libraries from the npm registry into the package.

The web view must work with no internet (no CDN), so every library is copied from its npm
package into ``src/eventcoder/serve/static/vendor/`` and served by the app itself. Source-map
comments are stripped so browsers with devtools open do not ask for files we do not ship.
The geometry package (world-atlas) is handled by ``scripts/build_geo.py``.

Usage (needs ``npm`` and the npm registry)::

    python3 scripts/vendor_web_assets.py
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tarfile
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VENDOR = REPO / "src" / "eventcoder" / "serve" / "static" / "vendor"

#: npm package → (files to copy from the package, licence file)
PACKAGES: dict[str, tuple[list[str], str]] = {
    "leaflet@1.9.4": (
        [
            "dist/leaflet.js",
            "dist/leaflet.css",
            "dist/images/marker-icon.png",
            "dist/images/marker-icon-2x.png",
            "dist/images/marker-shadow.png",
            "dist/images/layers.png",
            "dist/images/layers-2x.png",
        ],
        "LICENSE",
    ),
    "leaflet.markercluster@1.5.3": (
        [
            "dist/leaflet.markercluster.js",
            "dist/MarkerCluster.css",
            "dist/MarkerCluster.Default.css",
        ],
        "MIT-LICENCE.txt",
    ),
    "d3@7.9.2": (["dist/d3.min.js"], "LICENSE"),
    "swagger-ui-dist@5.35.0": (["swagger-ui-bundle.js", "swagger-ui.css"], "LICENSE"),
}

SOURCE_MAP = re.compile(rb"\n?/[/*][#@] sourceMappingURL=\S+?(\s*\*/)?\s*$")


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        for spec, (files, licence) in PACKAGES.items():
            name = spec.rsplit("@", 1)[0]
            tarball = (
                subprocess.run(
                    ["npm", "pack", spec, "--silent"],
                    cwd=tmp,
                    check=True,
                    capture_output=True,
                    text=True,
                )
                .stdout.strip()
                .splitlines()[-1]
            )
            unpacked = Path(tmp) / name
            with tarfile.open(Path(tmp) / tarball) as archive:
                archive.extractall(unpacked, filter="data")
            target = VENDOR / name
            shutil.rmtree(target, ignore_errors=True)
            for relative in [*files, licence]:
                source = unpacked / "package" / relative
                destination = target / Path(relative).relative_to(
                    "dist" if relative.startswith("dist/") else "."
                )
                destination.parent.mkdir(parents=True, exist_ok=True)
                data = source.read_bytes()
                if destination.suffix in {".js", ".css"}:
                    data = SOURCE_MAP.sub(b"\n", data)
                destination.write_bytes(data)
            print(f"{spec}: {len(files)} files → {target.relative_to(REPO)}")


if __name__ == "__main__":
    main()
