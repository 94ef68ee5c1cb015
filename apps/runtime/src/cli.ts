#!/usr/bin/env node
// The `onex` command line.
import { runCli } from "./cli/cli-program.js";

const code = await runCli(process.argv.slice(2));
// Exit explicitly: a client library may keep a timer alive after the command finished.
process.exit(code);
