import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const dist = path.resolve(import.meta.dirname, "../dist");

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return jsFiles(full);
    return entry.name.endsWith(".js") ? [full] : [];
  });
}

/** What a file holds once comments, source-map lines and the empty `export {}` are removed. */
function runtimeCode(text: string): string {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, "")
    .replace(/^\s*\/\/.*$/gm, "")
    .replace(/export\s*\{\s*\};?/g, "")
    .trim();
}

describe("@onex/spi build output", () => {
  it("is protocol types only: every emitted .js file is an empty module", () => {
    const files = jsFiles(dist);
    expect(files.length).toBeGreaterThan(0);
    const withCode = files.filter((file) => runtimeCode(readFileSync(file, "utf8")) !== "");
    expect(withCode).toEqual([]);
  });

  it("ships a declaration file beside each module", () => {
    for (const file of jsFiles(dist)) {
      expect(readdirSync(path.dirname(file))).toContain(path.basename(file).replace(/\.js$/, ".d.ts"));
    }
  });
});
