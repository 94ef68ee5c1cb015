#!/usr/bin/env node
// The runtime process entry (`onex-runtime`): `onex runtime start` on embedded defaults unless the environment or
// runtime_config.yaml says otherwise. Accepts `--config <file>`.
import { runCli } from "./cli/cli-program.js";

const code = await runCli(["runtime", "start", ...process.argv.slice(2)]);
process.exit(code);
