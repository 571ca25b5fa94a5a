"""Draw the program's icon (resources/icons/workbench.png and .ico): a blue tile with 审 in the
shipped font. Run again only to change the icon; the files are committed."""
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

ROOT = Path(__file__).resolve().parent.parent
SIZES = [16, 24, 32, 48, 64, 128, 256]


def draw(size: int = 256) -> Image.Image:
    img = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    d = ImageDraw.Draw(img)
    d.rounded_rectangle([0, 0, size - 1, size - 1], radius=size // 6, fill=(22, 93, 170, 255))
    d.rounded_rectangle([size // 12, size * 5 // 6, size * 11 // 12, size * 8 // 9],
                        radius=size // 40, fill=(245, 190, 40, 255))
    font = ImageFont.truetype(str(ROOT / "resources" / "fonts" / "wqy-microhei.ttc"), int(size * 0.66))
    d.text((size / 2, size * 0.43), "审", font=font, fill=(255, 255, 255, 255), anchor="mm")
    return img


if __name__ == "__main__":
    out = ROOT / "resources" / "icons"
    out.mkdir(parents=True, exist_ok=True)
    big = draw()
    big.save(out / "workbench.png")
    big.save(out / "workbench.ico", sizes=[(s, s) for s in SIZES])
    print(out)
