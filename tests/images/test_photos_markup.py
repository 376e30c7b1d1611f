"""The markup contract: the picture macro prints formats, widths, sizes, lazy or eager loading."""

from __future__ import annotations

import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader
from photo_helpers import request, settings, upright_quadrants

from clemency.images import Picture, Source, build_pictures

THEME = Path(__file__).resolve().parents[2] / "theme" / "templates"
ENV = Environment(loader=FileSystemLoader(THEME), autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render(pic: Picture, call: str = "picture(pic)") -> str:
    template = ENV.from_string('{% from "macros/picture.html" import picture %}{{ ' + call + " }}")
    return template.render(pic=pic)


PIC = Picture(
    sources=(
        Source("image/avif", "/media/a-656.avif 656w, /media/b-328.avif 328w"),
        Source("image/webp", "/media/c-656.webp 656w, /media/d-328.webp 328w"),
    ),
    src="/media/e-656.jpg",
    srcset="/media/e-656.jpg 656w, /media/f-328.jpg 328w",
    sizes="(min-width: 74rem) 72rem, calc(100vw - 2rem)",
    width=656,
    height=437,
    alt='Mara "at home" & smiling',
    tone_class="photos-tone--sand",
)


def test_the_macro_prints_avif_then_webp_then_the_jpeg_img():
    html = render(PIC)
    assert html == (
        '<picture class="photos-picture">\n'
        '  <source type="image/avif" srcset="/media/a-656.avif 656w, /media/b-328.avif 328w" '
        'sizes="(min-width: 74rem) 72rem, calc(100vw - 2rem)">\n'
        '  <source type="image/webp" srcset="/media/c-656.webp 656w, /media/d-328.webp 328w" '
        'sizes="(min-width: 74rem) 72rem, calc(100vw - 2rem)">\n'
        '  <img src="/media/e-656.jpg" srcset="/media/e-656.jpg 656w, /media/f-328.jpg 328w" '
        'sizes="(min-width: 74rem) 72rem, calc(100vw - 2rem)" width="656" height="437" '
        'alt="Mara &#34;at home&#34; &amp; smiling" class="photos-tone--sand" loading="lazy" '
        'decoding="async">\n'
        "</picture>"
    )
    assert "style=" not in html


def test_the_hero_loads_eagerly_with_high_priority():
    html = render(PIC, 'picture(pic, class_="scp-story__picture", eager=True)')
    assert (
        'class="scp-story__picture photos-tone--sand" loading="eager" fetchpriority="high" decoding="async"'
    ) in html
    assert 'loading="lazy"' not in html


def test_a_decorative_image_keeps_an_empty_alt():
    html = render(Picture((), "/m/x.jpg", "/m/x.jpg 10w", "100vw", 10, 7, alt=""))
    assert 'alt=""' in html and "<source" not in html


def test_pictures_from_the_pipeline_list_every_width_in_every_format(tmp_path):
    source = tmp_path / "photo.jpg"
    upright_quadrants((300, 200)).save(source)
    report = build_pictures([request(source)], settings(tmp_path), output=tmp_path / "site")
    pictures = next(iter(report.pictures.values()))
    assert set(pictures) == {"hero", "card", "social"}
    for slot in ("hero", "card"):
        html = render(pictures[slot])
        for kind, ext in (("image/avif", "avif"), ("image/webp", "webp")):
            (srcset,) = re.findall(rf'type="{kind}" srcset="([^"]+)"', html)
            assert re.findall(r"(\d+)w", srcset) == ["128", "96", "64", "48"]
            assert all(url.endswith(f".{ext}") for url in re.findall(r"(\S+) \d+w", srcset))
        assert 'width="128" height="85"' in html
        assert re.search(r'<img [^>]*class="photos-tone--\w+"', html)
    assert 'sizes="(min-width: 74rem) 23rem,' in render(pictures["card"])
    social = pictures["social"]
    assert (social.width, social.height, social.sources) == (120, 63, ())
    assert social.url == social.src and social.src.endswith("-120.jpg")


def test_urls_carry_the_sites_path_and_social_is_absolute(tmp_path):
    source = tmp_path / "photo.jpg"
    upright_quadrants().save(source)
    report = build_pictures(
        [request(source)],
        settings(tmp_path),
        output=None,
        base_url="/site",
        absolute_url="https://example.org/site",
    )
    pictures = next(iter(report.pictures.values()))
    assert pictures["hero"].src.startswith("/site/media/")
    assert pictures["social"].url.startswith("https://example.org/site/media/")
