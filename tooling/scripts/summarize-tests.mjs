// Adds up the vitest JSON reports of every workspace package into one closing line: "N passed, N failed".
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "../..");
let passed = 0;
let failed = 0;
let skipped = 0;
let reports = 0;
for (const group of ["packages", "apps", "tooling"]) {
  for (const pkg of readdirSync(path.join(root, group))) {
    const file = path.join(root, group, pkg, ".vitest", "report.json");
    if (!existsSync(file)) continue;
    const report = JSON.parse(readFileSync(file, "utf8"));
    reports += 1;
    passed += report.numPassedTests;
    failed += report.numFailedTests;
    skipped += report.numPendingTests + report.numTodoTests;
    if (report.numFailedTests > 0) console.log(`failures in ${group}/${pkg}`);
  }
}
if (reports === 0) {
  console.log("no test reports found");
  process.exit(1);
}
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 || passed === 0 ? 1 : 0);
