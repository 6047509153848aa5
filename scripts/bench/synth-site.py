#!/usr/bin/env python3
"""A synthetic built site of FILES files, the same site for the same arguments (fixed seed).

    scripts/bench/synth-site.py OUT [FILES]      (FILES defaults to 100000)

Proportions (issue 17, "Scale"): 2% pages, 20% JS modules, 5% stylesheets, about 70% small
images, 3% fonts/JSON/other and a few large files (two 3 MB bundles, one 8 MB vendor file,
four 1-4 MB images). The JS modules form import graphs the way a code-split app's chunks do:
each page's entry imports a few shared modules, modules import from lower-numbered modules
(no cycles), one in eight imports lazily; stylesheets @import each other and use images by
url(); pages load an entry module, 1-3 stylesheets and 5-40 images, some in srcset. Images are
valid PNGs (8x8 to 48x48) with distinct pixels, so nothing is a duplicate by accident.
"""
import os
import random
import struct
import sys
import zlib


def png(width, height, rng):
    rows = b"".join(b"\x00" + rng.randbytes(width * 3) for _ in range(height))

    def chunk(kind, data):
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(rows, 6)) + chunk(b"IEND", b""))


WORDS = ("render state props value items index count result error config options handler "
         "element node child parent list map filter reduce update create remove select").split()


def js_body(rng, lines):
    out = []
    for i in range(lines):
        a, b = rng.choice(WORDS), rng.choice(WORDS)
        out.append(f"function {a}{i}({b}){{const {a}=({b}||[]).map(x=>x*{i}+1);return {a}.length>{i % 7}?{a}:null}}")
    return "\n".join(out)


def main():
    out = sys.argv[1]
    files = int(sys.argv[2]) if len(sys.argv) > 2 else 100000
    rng = random.Random(files)
    pages = max(1, files * 2 // 100)
    modules = max(2, files * 20 // 100)
    styles = max(1, files * 5 // 100)
    other = max(1, files * 3 // 100)
    large = 7
    images = max(1, files - pages - modules - styles - other - large)
    os.makedirs(out, exist_ok=True)
    for sub in ("assets/js", "assets/css", "img", "fonts", "data"):
        os.makedirs(os.path.join(out, sub), exist_ok=True)

    def write(rel, data):
        with open(os.path.join(out, rel), "wb") as f:
            f.write(data if isinstance(data, bytes) else data.encode())

    # Images first: the names the pages and stylesheets use.
    img_names = []
    for i in range(images):
        name = f"img/p{i:06d}.png"
        side = rng.choice((8, 16, 16, 24, 32, 48))
        write(name, png(side, side, rng))
        img_names.append(name)
    for i, mb in enumerate((1, 2, 3, 4)):  # large images: raw pixels, so they stay big
        side = int((mb * 1024 * 1024 / 3) ** 0.5)
        write(f"img/large{i}.png", png(side, side, random.Random(i)))
        img_names.append(f"img/large{i}.png")

    # Fonts, JSON and other assets (fetched by pages through <link> and by CSS).
    font_names = []
    for i in range(other):
        if i % 3 == 0:
            name = f"fonts/f{i:05d}.woff2"
            write(name, b"wOF2" + rng.randbytes(2000 + rng.randrange(20000)))
            font_names.append(name)
        elif i % 3 == 1:
            write(f"data/d{i:05d}.json", '{"items":[' + ",".join(str(rng.randrange(1000)) for _ in range(200)) + "]}")
        else:
            write(f"data/t{i:05d}.txt", " ".join(rng.choice(WORDS) for _ in range(300)))

    # JS modules: module k imports up to 4 modules below it; one import in eight is lazy.
    for k in range(modules):
        lines = []
        for _ in range(min(k, rng.choice((0, 1, 2, 2, 3, 4)))):
            j = rng.randrange(max(0, k - 500), k)
            if rng.random() < 0.125:
                lines.append(f"const m{j}=()=>import('./m{j:05d}.js');")
            else:
                lines.append(f"import {{ render as r{j} }} from './m{j:05d}.js';")
        if rng.random() < 0.05:
            lines.append(f"const icon=new URL('../../{rng.choice(img_names)}', import.meta.url);")
        lines.append(f"export function render(x){{return x+{k}}}")
        lines.append(js_body(rng, rng.randrange(5, 60)))
        write(f"assets/js/m{k:05d}.js", "\n".join(lines) + "\n")
    vendor = js_body(random.Random(7), 60000)  # about 8 MB
    write("assets/js/vendor.js", vendor + "\nexport function render(x){return x}\n")
    for i in range(2):  # two 3 MB bundles that import the vendor file
        write(f"assets/js/bundle{i}.js", "import { render } from './vendor.js';\n" + js_body(random.Random(10 + i), 22000) + "\n")

    # Stylesheets: @import of a lower-numbered one, images and fonts by url().
    for s in range(styles):
        css = []
        if s and rng.random() < 0.3:
            css.append(f'@import "s{rng.randrange(s):05d}.css";')
        if font_names and rng.random() < 0.1:
            css.append(f'@font-face{{font-family:f{s};src:url("../../{rng.choice(font_names)}") format("woff2");font-display:swap}}')
        for r in range(rng.randrange(3, 30)):
            rule = f".c{s}-{r}{{margin:{r}px;padding:{r % 5}px {r % 3}em;color:#{rng.randrange(0xffffff):06x}"
            if rng.random() < 0.15:
                rule += f';background:url("../../{rng.choice(img_names)}")'
            css.append(rule + "}")
        write(f"assets/css/s{s:05d}.css", "\n".join(css) + "\n")

    # Pages: an entry module, 1-3 stylesheets, 5-40 images (some as srcset), links to pages.
    for p in range(pages):
        entry = rng.randrange(modules)
        head = [f'<link rel="stylesheet" href="/assets/css/s{rng.randrange(styles):05d}.css">' for _ in range(rng.randrange(1, 4))]
        head.append(f'<script type="module" src="/assets/js/m{entry:05d}.js"></script>')
        if p % 100 == 0:
            head.append(f'<script type="module" src="/assets/js/bundle{p // 100 % 2}.js"></script>')
        body = []
        for _ in range(rng.randrange(5, 41)):
            a, b = rng.choice(img_names), rng.choice(img_names)
            if rng.random() < 0.2:
                body.append(f'<img src="/{a}" srcset="/{a} 1x, /{b} 2x" alt="">')
            else:
                body.append(f'<img src="/{a}" alt="">')
        body.append(f'<a href="/page{rng.randrange(pages):05d}.html">next</a>')
        name = "index.html" if p == 0 else f"page{p:05d}.html"
        write(name, "<!doctype html><html><head><meta charset=utf-8><title>p</title>" + "".join(head)
              + "</head><body>" + "\n".join(body) + "</body></html>\n")


if __name__ == "__main__":
    main()
