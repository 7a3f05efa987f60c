// Copy GOV.UK Frontend and MOJ Frontend from node_modules into static/vendor/ (git-ignored).
//
// Run with `npm run build` after `npm ci`. The packages' compiled CSS refers to fonts and images by the
// absolute path /assets/..., which neither Django's /static/ prefix nor the manifest storage's hashed names
// can serve. We copy each package's assets next to its CSS and rewrite those URLs to relative ones, so
// collectstatic can hash them. Because that rewrite shifts positions in the CSS, its source map would lie,
// so we drop the CSS sourceMappingURL comment; the JavaScript is copied untouched, with its map.

import { cpSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const root = resolve(dirname(fileURLToPath(import.meta.url)), "..");
const vendor = join(root, "static", "vendor");

const packages = [
  {
    name: "govuk-frontend",
    packageDir: join(root, "node_modules", "govuk-frontend"),
    source: join(root, "node_modules", "govuk-frontend", "dist", "govuk"),
    target: join(vendor, "govuk-frontend"),
    css: "govuk-frontend.min.css",
    js: "govuk-frontend.min.js",
    // fonts/, images/ (favicons, crest, app icons) and manifest.json
    assets: "assets",
  },
  {
    name: "@ministryofjustice/frontend",
    packageDir: join(root, "node_modules", "@ministryofjustice", "frontend"),
    source: join(root, "node_modules", "@ministryofjustice", "frontend", "moj"),
    target: join(vendor, "moj-frontend"),
    css: "moj-frontend.min.css",
    js: "moj-frontend.min.js",
    assets: "assets",
  },
  {
    // GOV.UK's accessible autocomplete: a progressive enhancement of the "which school?" search.
    name: "accessible-autocomplete",
    packageDir: join(root, "node_modules", "accessible-autocomplete"),
    source: join(root, "node_modules", "accessible-autocomplete", "dist"),
    target: join(vendor, "accessible-autocomplete"),
    css: "accessible-autocomplete.min.css",
    js: "accessible-autocomplete.min.js",
    assets: null, // no fonts or images
  },
];

const ABSOLUTE_ASSET_URL = /url\((["']?)\/assets\//g;
const CSS_SOURCE_MAP_COMMENT = /\/\*# sourceMappingURL=[^*]*\*\/\s*$/;
const CSS_URL = /url\((["']?)([^"')]+)\1\)/g;

function versionOf(packageDir) {
  return JSON.parse(readFileSync(join(packageDir, "package.json"), "utf8")).version;
}

function copyPackage({ name, packageDir, source, target, css, js, assets }) {
  if (!existsSync(source)) {
    throw new Error(`${source} is missing: run "npm ci" first`);
  }
  rmSync(target, { recursive: true, force: true });
  mkdirSync(target, { recursive: true });

  if (assets) {
    cpSync(join(source, assets), join(target, "assets"), { recursive: true });
  }
  for (const file of [js, `${js}.map`]) {
    cpSync(join(source, file), join(target, file));
  }

  const stylesheet = readFileSync(join(source, css), "utf8")
    .replace(ABSOLUTE_ASSET_URL, "url($1assets/")
    .replace(CSS_SOURCE_MAP_COMMENT, "");
  for (const [, , url] of stylesheet.matchAll(CSS_URL)) {
    if (url.startsWith("data:") || url.startsWith("#")) continue;
    if (!existsSync(join(target, url))) {
      throw new Error(`${name}: ${css} refers to ${url}, which was not copied`);
    }
  }
  writeFileSync(join(target, css), stylesheet);

  console.log(`${name} ${versionOf(packageDir)} -> ${target.slice(root.length + 1)}`);
}

packages.forEach(copyPackage);
