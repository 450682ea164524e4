// Compiles ICASE's stylesheet from nhsuk-frontend's Sass and copies the library's script and
// icons into icase/static/, so every asset is served by the site itself (no CDN, no web fonts).
import { compile } from "sass";
import { cpSync, mkdirSync, writeFileSync } from "node:fs";

const out = "icase/static";
mkdirSync(`${out}/css`, { recursive: true });
mkdirSync(`${out}/vendor`, { recursive: true });

const css = compile("icase/static_src/icase.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/css/icase.css`, css.css);

const nhsuk = "node_modules/nhsuk-frontend/dist/nhsuk";
cpSync(`${nhsuk}/nhsuk-frontend.min.js`, `${out}/vendor/nhsuk-frontend.min.js`);
cpSync(`${nhsuk}/assets`, `${out}/vendor/nhsuk-assets`, { recursive: true });
console.log("Built icase/static/css/icase.css and copied nhsuk-frontend assets.");
