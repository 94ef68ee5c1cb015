import { runPlaceholder } from "./util-run-placeholder.js";

process.exitCode = await runPlaceholder((line) => {
  process.stdout.write(`${line}\n`);
});
