"""Regenerate the README's screenshots from the demo data: ``python screenshots/make.py``.

Writes ``screenshots/<scene>.svg`` (120×40) for every scene in ``screenshots/scenes.py``,
or only those named: ``python screenshots/make.py catalog offline``. ``--size 80x24`` picks
another terminal size. The run uses throwaway config/cache/state directories, so your own
theme, recent ids and cache never show up in the pictures.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def isolate(root: Path) -> None:
    """Point every per-user directory the app uses at ``root``."""
    for var in ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_STATE_HOME", "XDG_DATA_HOME",
                "XDG_DOWNLOAD_DIR"):
        path = root / var.lower()
        path.mkdir()
        os.environ[var] = str(path)
    for var in ("ITWIN_ACCESS_TOKEN", "ITWIN_TUI_CACHE_MAX_MB", "ITWIN_TUI_CACHE_TTL_HOURS",
                "NO_COLOR"):
        os.environ.pop(var, None)


def parse_size(text: str) -> tuple[int, int]:
    try:
        width, height = (int(n) for n in text.lower().split("x"))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected WIDTHxHEIGHT, got {text!r}") from None
    return width, height


def main(argv: list[str] | None = None) -> int:
    sys.path[:0] = [str(ROOT), str(HERE)]
    from scenes import SCENES, SCENES_BY_NAME, drive, fixed_time_zone

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("scenes", nargs="*", metavar="SCENE",
                        help=f"scenes to render (default: all): {', '.join(SCENES_BY_NAME)}")
    parser.add_argument("--size", type=parse_size, default=(120, 40), metavar="WxH")
    parser.add_argument("--out", type=Path, default=HERE, metavar="DIR")
    args = parser.parse_args(argv)
    unknown = [name for name in args.scenes if name not in SCENES_BY_NAME]
    if unknown:
        parser.error(f"unknown scene(s): {', '.join(unknown)}")
    chosen = [SCENES_BY_NAME[n] for n in args.scenes] if args.scenes else list(SCENES)

    with tempfile.TemporaryDirectory(prefix="itwin-tui-shots-") as tmp, fixed_time_zone():
        isolate(Path(tmp))
        for n, scene in enumerate(chosen):
            scratch = Path(tmp) / f"scene-{n}"
            scratch.mkdir()
            app = scene.build(scratch)  # outside the event loop: some scenes warm a cache

            async def shoot(app=app, scene=scene) -> str:
                async with app.run_test(size=args.size) as pilot:
                    await drive(scene, pilot)
                    return app.export_screenshot(title="itwin-tui")

            target = args.out / f"{scene.name}.svg"
            target.write_text(asyncio.run(shoot()), encoding="utf-8")
            print(f"{target}  {scene.caption}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
