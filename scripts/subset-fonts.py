"""Make the small font files shipped in analysis/formats/fonts/ from the full Noto fonts.

Run by hand when a script is added (decision 0014), with fonttools from
requirements-dev.txt and Debian's fonts-noto-core installed:

    .venv/bin/python scripts/subset-fonts.py /usr/share/fonts/truetype/noto

Each font keeps only the Unicode blocks the questionnaires' languages need, every
OpenType layout feature (joining, marks, conjuncts: shaping needs them) and no
hinting (print does not use it). The glyphs printed are subset again into each PDF.
"""

import sys
from pathlib import Path

from fontTools import subset

LATIN = ("U+0020-007E,U+00A0-024F,U+0259,U+02B0-02FF,U+0300-036F,U+1E00-1EFF,U+2000-206F,U+20AC,U+2122,"
         "U+2190-2193,U+25A1,U+25CB")
COMMON = "U+0020-0040,U+005B-0060,U+007B-007E,U+00A0,U+00AB,U+00BB,U+200B-200F,U+2010-2027,U+2030-203A,U+25CC"
SCRIPTS = {
    "NotoSans": LATIN,
    # Arabic, its supplement and presentation forms: Arabic, Farsi, Pashto, Sorani, Urdu.
    "NotoNaskhArabic": COMMON + ",U+0600-06FF,U+0750-077F,U+08A0-08FF,U+FB50-FDFF,U+FE70-FEFF",
    # Ethiopic syllables and extensions: Tigrinya, Amharic.
    "NotoSansEthiopic": COMMON + ",U+1200-139F,U+2D80-2DDF,U+AB00-AB2F",
    # Gurmukhi: Panjabi.
    "NotoSansGurmukhi": COMMON + ",U+0A00-0A7F",
}


def main(source: Path) -> None:
    out = Path(__file__).resolve().parent.parent / "analysis" / "formats" / "fonts"
    for family, unicodes in SCRIPTS.items():
        for weight in ("Regular", "Bold"):
            options = subset.Options()
            options.layout_features = ["*"]
            options.hinting = False
            options.name_IDs = ["*"]  # keep the copyright and licence entries
            options.notdef_outline = True
            font = subset.load_font(str(source / f"{family}-{weight}.ttf"), options)
            subsetter = subset.Subsetter(options)
            subsetter.populate(unicodes=subset.parse_unicodes(unicodes))
            subsetter.subset(font)
            subset.save_font(font, str(out / f"{family}-{weight}.ttf"), options)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
