// Copies non-TypeScript assets that ship with a package (node contracts) from src/ into dist/, keeping paths,
// so a node can read `new URL("./contract.yaml", import.meta.url)` from its built module.
import { copyFileSync, mkdirSync, readdirSync } from "node:fs";
import path from "node:path";

const [srcDir = "src", outDir = "dist", ...names] = process.argv.slice(2);
const wanted = new Set(names.length > 0 ? names : ["contract.yaml"]);
let copied = 0;

function walk(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) walk(full);
    else if (wanted.has(entry.name)) {
      const target = path.join(outDir, path.relative(srcDir, full));
      mkdirSync(path.dirname(target), { recursive: true });
      copyFileSync(full, target);
      copied += 1;
    }
  }
}

walk(srcDir);
if (process.env.ONEX_VERBOSE) console.log(`copied ${copied} asset(s) from ${srcDir} to ${outDir}`);
