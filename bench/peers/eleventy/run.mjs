// Peer benchmark: the corpus through @11ty/eleventy-img (sharp), as an Eleventy site would.
// Usage: node run.mjs '{"photos": [...], "widths": [...], "out": "...", "quality": {...}}'
import Image from "@11ty/eleventy-img";

const spec = JSON.parse(process.argv[2]);
const started = performance.now();
await Promise.all(spec.photos.map((src) => Image(src, {
  widths: spec.widths,
  formats: ["webp", "jpeg"],
  outputDir: spec.out,
  sharpWebpOptions: { quality: spec.quality.webp },
  sharpJpegOptions: { quality: spec.quality.jpeg, progressive: true },
})));
console.log(JSON.stringify({ seconds: (performance.now() - started) / 1000 }));
