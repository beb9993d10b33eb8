"""The example's hero images: campaign red fading into a flat dark area under the text box.

Used by draw_example_images.py (which reads the pages' front matter and
saves the files); see its docstring.
"""

from __future__ import annotations

import math
import random

from PIL import Image, ImageDraw

from example_art import CAMPAIGN_RED, GOLD, HERO_DARK, SEED, SS, WHITE, draw_appliance, draw_phone, font, mix, shade

HERO_SIZE = (1125, 800)       # wider than a 2x phone screen (750 px)
PLAIN_MARGIN = 0.05          # the flat dark area reaches this far beyond the text box


def draw_hero(text_box: list[float], motif: str, seed: str) -> Image.Image:
    """Campaign red fading into a flat dark area under ``text_box``.

    The dark area is the text box grown by PLAIN_MARGIN on every side; nothing
    is drawn on it, so white text over it has contrast above 15 everywhere.
    Decorations go only where they stay clear of it."""
    W, H = HERO_SIZE
    bx, by, bw, bh = text_box
    plain = (max(0.0, bx - PLAIN_MARGIN) * W, max(0.0, by - PLAIN_MARGIN) * H,
             min(1.0, bx + bw + PLAIN_MARGIN) * W, min(1.0, by + bh + PLAIN_MARGIN) * H)
    # the gradient, computed small and scaled up: it is smooth anyway
    step = 5
    small = Image.new("RGB", (W // step, H // step))
    pixels = small.load()
    fall = 0.32 * H
    for j in range(small.height):
        for i in range(small.width):
            x, y = (i + 0.5) * step, (j + 0.5) * step
            dx = max(plain[0] - x, 0, x - plain[2])
            dy = max(plain[1] - y, 0, y - plain[3])
            t = min(1.0, math.hypot(dx, dy) / fall)
            pixels[i, j] = mix(HERO_DARK, CAMPAIGN_RED, t * t * (3 - 2 * t))
    image = small.resize((W * SS, H * SS), Image.BILINEAR)
    d = ImageDraw.Draw(image)
    keep_out = [v * SS for v in (plain[0] - 20, plain[1] - 20, plain[2] + 20, plain[3] + 20)]
    rng = random.Random(f"{SEED}-hero-{seed}")

    def clear(x0, y0, x1, y1):
        return (x1 < keep_out[0] or x0 > keep_out[2] or y1 < keep_out[1] or y0 > keep_out[3]) \
            and x0 > 0 and y0 > 0 and x1 < W * SS and y1 < H * SS

    placed = 0
    for _ in range(2000):                               # confetti and rings
        if placed >= 46:
            break
        r = rng.uniform(6, 22) * SS
        x, y = rng.uniform(0, W * SS), rng.uniform(0, H * SS)
        if not clear(x - r, y - r, x + r, y + r):
            continue
        colour = rng.choice([GOLD, GOLD, WHITE, (255, 140, 120)])
        if rng.random() < 0.3:
            d.ellipse((x - r, y - r, x + r, y + r), outline=colour, width=3 * SS)
        else:
            a = rng.uniform(0, math.pi)
            pts = [(x + r * math.cos(a + k * math.pi / 2) * (1 if k % 2 else 0.45),
                    y + r * math.sin(a + k * math.pi / 2) * (1 if k % 2 else 0.45)) for k in range(4)]
            d.polygon(pts, fill=colour)
        placed += 1
    free = largest_free_strip(plain, W, H)
    MOTIFS.get(motif, lambda *a: None)(d, [v * SS for v in free], rng)
    return image



def largest_free_strip(plain, W, H):
    """The biggest rectangle beside the plain area: above, below, left or right."""
    gap = 30
    strips = [(0, 0, W, plain[1] - gap), (0, plain[3] + gap, W, H),
              (0, 0, plain[0] - gap, H), (plain[2] + gap, 0, W, H)]
    return max(strips, key=lambda s: max(0, s[2] - s[0]) * max(0, s[3] - s[1]))


def motif_digits(d, area, rng):
    """"11.11" in gold across the free strip, with a glow ring behind."""
    x0, y0, x1, y1 = area
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    size = min((y1 - y0) * 0.62, (x1 - x0) * 0.2) / SS
    r = (y1 - y0) * 0.46
    d.ellipse((cx - r * 2.2, cy - r, cx + r * 2.2, cy + r), outline=shade(GOLD, -0.1), width=4 * SS)
    fnt = font(round(size))
    if fnt:
        d.text((cx, cy), "11.11", font=fnt, fill=GOLD, anchor="mm")


def motif_devices(d, area, rng):
    """A phone and a small appliance in light colours: side by side in a wide
    strip, the phone above the appliance in a tall one."""
    x0, y0, x1, y1 = area
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    phone, appliance = (255, 214, 40), (250, 236, 230)
    if y1 - y0 > x1 - x0:
        h = min((y1 - y0) / 2.0, (x1 - x0) / 0.9)
        draw_phone(d, (cx - h * 0.5, cy - h * 0.95, cx + h * 0.5, cy - h * 0.05), phone, False, rng)
        draw_appliance(d, (cx - h * 0.4, cy + h * 0.1, cx + h * 0.4, cy + h * 0.9), appliance, False, rng)
        return
    h = min((x1 - x0) / 1.7, (y1 - y0) / 1.4)     # the pair is 1.5 h wide, 1.1 h tall
    draw_appliance(d, (cx - h * 0.15, cy - h * 0.35, cx + h * 0.75, cy + h * 0.55), appliance, False, rng)
    draw_phone(d, (cx - h * 0.75, cy - h * 0.55, cx - h * 0.05, cy + h * 0.45), phone, False, rng)


def motif_tags(d, area, rng):
    """Price tags hanging in a row, in gold and white."""
    x0, y0, x1, y1 = area
    count = 5
    slot = (x1 - x0) / count
    tag_h = (y1 - y0) * 0.62
    labels = ["清仓", "6折", "甩卖", "特价", "捡漏"]
    for k in range(count):
        cx = x0 + slot * (k + 0.5)
        top = y0 + (y1 - y0) * (0.12 + 0.12 * (k % 2))
        w = slot * 0.62
        colour = GOLD if k % 2 == 0 else WHITE
        d.line((cx, y0, cx, top + w * 0.2), fill=(255, 230, 160), width=3 * SS)
        d.polygon([(cx, top), (cx + w / 2, top + w * 0.35), (cx + w / 2, top + tag_h),
                   (cx - w / 2, top + tag_h), (cx - w / 2, top + w * 0.35)], fill=colour)
        d.ellipse((cx - w * 0.08, top + w * 0.2, cx + w * 0.08, top + w * 0.36), fill=HERO_DARK)
        fnt = font(round(w * 0.3 / SS))
        if fnt:
            d.text((cx, top + tag_h * 0.62), labels[k % len(labels)], font=fnt, fill=CAMPAIGN_RED, anchor="mm")


MOTIFS = {"digits": motif_digits, "devices": motif_devices, "tags": motif_tags}
VENUE_MOTIFS = {"index": "digits", "smart-life": "devices", "clearance": "tags"}
