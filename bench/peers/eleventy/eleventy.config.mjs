// Peer benchmark: the minimal Eleventy site that matches ours. bench/build.py copies site/ into
// the generated project's src/ and runs Eleventy with this config; photos go through
// @11ty/eleventy-img (sharp): WebP + JPEG at 4 widths, as an Eleventy site would do it.
import path from "node:path";
import Image from "@11ty/eleventy-img";

const WIDTHS = [368, 736, 1152, 1840];

export default function (eleventyConfig) {
  eleventyConfig.addAsyncShortcode("photo", async function (src, alt) {
    const stats = await Image(path.join(path.dirname(this.page.inputPath), src), {
      widths: WIDTHS,
      formats: ["webp", "jpeg"],
      outputDir: path.join(eleventyConfig.directories.output, "img"),
      urlPath: "/img/",
      sharpWebpOptions: { quality: 84 },
      sharpJpegOptions: { quality: 68, progressive: true },
    });
    return Image.generateHTML(stats, { alt, sizes: "100vw", loading: "lazy", decoding: "async" });
  });
  const stories = (api) => api.getFilteredByTag("story");
  eleventyConfig.addCollection("featured",
    (api) => stories(api).filter((s) => s.data.featured).reverse().slice(0, 3));
  eleventyConfig.addCollection("outcomes", (api) => {
    const groups = new Map();
    for (const s of stories(api).reverse()) {
      if (!groups.has(s.data.outcome)) {
        groups.set(s.data.outcome, { slug: s.data.outcome, label: s.data.outcome_label, stories: [] });
      }
      groups.get(s.data.outcome).stories.push(s);
    }
    return [...groups.values()];
  });
  eleventyConfig.addFilter("day", (date) => date.toISOString().slice(0, 10));
}
