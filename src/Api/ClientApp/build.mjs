// Bundles the browser pages into ../wwwroot/assets with content-hashed names, writes
// manifest.json (page -> the files its HTML must reference) and a .gz and .br copy of each
// file so the server sends compressed bytes without compressing per request.
// Run by the MSBuild target in DashboardFactory.Api.csproj; `node build.mjs` by hand works too.
import * as esbuild from "esbuild";
import { mkdir, readdir, rm, writeFile, readFile } from "node:fs/promises";
import { join, relative } from "node:path";
import { brotliCompressSync, gzipSync, constants } from "node:zlib";
import { createHash } from "node:crypto";

const here = import.meta.dirname;
const out = join(here, "..", "wwwroot", "assets");

// Every page is one entry: a TypeScript module and (optionally) a stylesheet that imports its own.
const pages = {
  cockpit: "src/cockpit/main.ts",
  login: "src/login/main.ts",
  admin: "src/admin/main.ts",
  ops: "src/admin/ops.ts", // the only page that loads the graph library (cytoscape, dagre)
};

await rm(out, { recursive: true, force: true });
await mkdir(out, { recursive: true });

const result = await esbuild.build({
  absWorkingDir: here,
  entryPoints: Object.entries(pages).map(([name, file]) => ({ in: file, out: name })),
  bundle: true,
  splitting: true, // customize mode (gridstack) loads only when an operator opens it
  format: "esm",
  platform: "browser",
  target: ["chrome110", "firefox115", "safari16"],
  minify: true,
  sourcemap: "linked",
  legalComments: "linked",
  entryNames: "[name]-[hash]",
  chunkNames: "chunks/[name]-[hash]",
  assetNames: "media/[name]-[hash]",
  outdir: out,
  metafile: true,
  logLevel: "warning",
  // @microsoft/signalr reaches for these only when it runs in Node.js.
  external: ["ws", "node-fetch", "fetch-cookie", "eventsource", "tough-cookie", "abort-controller"],
});

const manifest = {};
for (const [file, info] of Object.entries(result.metafile.outputs)) {
  if (!info.entryPoint) continue;
  const page = Object.entries(pages).find(([, entry]) => entry === info.entryPoint)?.[0];
  if (!page) continue;
  manifest[page] = {
    js: "/assets/" + relative(out, join(here, file)).replaceAll("\\", "/"),
    css: info.cssBundle ? "/assets/" + relative(out, join(here, info.cssBundle)).replaceAll("\\", "/") : null,
    // The chunks the entry imports statically: the page names them as modulepreload links so the browser fetches
    // them with the entry instead of after parsing it (one round of the waterfall, ~100 ms on a cold open).
    preload: info.imports.filter((i) => i.kind === "import-statement").map((i) => "/assets/" + relative(out, join(here, i.path)).replaceAll("\\", "/")),
  };
}

for (const page of Object.keys(pages)) {
  if (!manifest[page]) throw new Error(`esbuild produced no entry output for ${page}`);
}

// The icon every page links to, content-hashed like the rest.
const icon = await readFile(join(here, "src", "shared", "favicon.svg"));
const iconName = `favicon-${createHash("sha256").update(icon).digest("hex").slice(0, 8)}.svg`;
await writeFile(join(out, iconName), icon);

await writeFile(join(out, "manifest.json"), JSON.stringify({ icon: "/assets/" + iconName, pages: manifest }, null, 2) + "\n");

const gzipped = new Map();
for (const file of await walk(out)) {
  if (!/\.(js|css|svg|json)$/.test(file)) continue;
  const bytes = await readFile(file);
  const gz = gzipSync(bytes, { level: 9 });
  gzipped.set("/assets/" + relative(out, file).replaceAll("\\", "/"), gz.length);
  await writeFile(file + ".gz", gz);
  await writeFile(file + ".br", brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
}

// What a page costs on first load: its script, its stylesheet and the chunks its script imports statically
// (lazy chunks, such as customize mode, load only when used).
for (const [page, files] of Object.entries(manifest)) {
  const bytes = [files.js, files.css, ...files.preload].filter(Boolean).reduce((sum, f) => sum + (gzipped.get(f) ?? 0), 0);
  console.log(`client: ${page} -> ${files.js}${files.css ? " + " + files.css : ""} (first load ${(bytes / 1024).toFixed(1)} KB gzipped)`);
}

async function walk(dir) {
  const entries = await readdir(dir, { withFileTypes: true });
  const files = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await walk(path)));
    else files.push(path);
  }
  return files;
}
