// The `onex` command line: runtime, contracts, codegen and hub clients. Exit codes follow the core error codes
// (BSD sysexits): 64 usage, 65 invalid data/contracts, 69 hub unreachable, 78 bad configuration.
import { Command, CommanderError, InvalidArgumentError, Option } from "commander";
import { runRuntimeProcess } from "../host/runtime-process.js";
import { codegenContracts, lintContracts } from "./command-contracts.js";
import { defaultHubUrl, getFromHub, replayDlq, sendCommand, type HubTarget } from "./command-hub.js";
import { CONFIG_ENV_BINDINGS } from "../config/util-config-env.js";
import { EXIT_USAGE, processIo, type CliIo } from "./util-cli-io.js";

const VERSION = "0.1.0";

function positiveInt(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1) throw new InvalidArgumentError("must be a positive integer");
  return Number(value);
}

interface HubFlags {
  readonly url: string;
  readonly timeout: number;
}

function hubOptions(command: Command, io: CliIo): Command {
  return command
    .addOption(new Option("--url <url>", "hub URL (env ONEX_HUB_URL)").default(defaultHubUrl(io.env)))
    .addOption(new Option("--timeout <ms>", "HTTP timeout in milliseconds").argParser(positiveInt).default(10_000));
}

function target(flags: HubFlags): HubTarget {
  return { url: flags.url, timeoutMs: flags.timeout };
}

const ENV_WIDTH = Math.max(...CONFIG_ENV_BINDINGS.map((b) => b.env.length));
const ENV_HELP = `\nEnvironment (wins over the config file):\n${CONFIG_ENV_BINDINGS.map((b) => `  ${b.env.padEnd(ENV_WIDTH)}  ${b.description}`).join("\n")}
Backends (embedded defaults when unset):
  KAFKA_BOOTSTRAP_SERVERS  Kafka brokers host:port,... (else the in-memory bus)
  DATABASE_URL, POSTGRES_HOST/PORT/DB/USER/PASSWORD  PostgreSQL (else embedded PGlite)
  CONSUL_HTTP_ADDR [+ CONSUL_HTTP_TOKEN]  Consul (else in-process discovery)
  VAULT_ADDR [+ VAULT_TOKEN]  Vault (else environment/file secrets)
  VALKEY_URL  Valkey (else in-process cache)`;

/** Builds the program; `setExit` receives each action's exit code. */
export function createCliProgram(io: CliIo, setExit: (code: number) => void): Command {
  const program = new Command("onex")
    .description("ONEX runtime, contracts and infrastructure hub")
    .version(VERSION)
    .exitOverride()
    .configureOutput({ writeOut: io.stdout, writeErr: io.stderr })
    .showHelpAfterError("(run with --help for usage)");

  const runtime = program.command("runtime").description("run the ONEX runtime host");
  runtime
    .command("start")
    .description("start the runtime (hub on 127.0.0.1:8085) and run until SIGTERM/SIGINT")
    .option("-c, --config <file>", "runtime_config.yaml to read (env ONEX_CONFIG; default ./runtime_config.yaml when present)")
    .addHelpText("after", ENV_HELP)
    .action(async (options: { config?: string }) => {
      setExit(await runRuntimeProcess({ configPath: options.config, env: io.env, cwd: io.cwd, stderr: io.stderr }));
    });

  const contracts = program.command("contracts").description("work with node contracts");
  contracts
    .command("lint")
    .description("check every contract.yaml under <dir>; prints file:line:col path: message; exit 65 on errors")
    .argument("<dir>", "folder (or contract.yaml) to check")
    .action(async (dir: string) => {
      setExit(await lintContracts(io, dir));
    });

  program
    .command("codegen")
    .description("generate models/model-*.ts from the definitions of every contract.yaml under <dir>")
    .argument("[dir]", "folder to search", ".")
    .option("--check", "write nothing; exit 65 listing stale, missing or extra generated files")
    .action(async (dir: string, options: { check?: boolean }) => {
      setExit(await codegenContracts(io, dir, options.check === true));
    });

  hubOptions(
    program
      .command("send")
      .description("submit a command envelope through the hub and print the answer")
      .argument("<operation>", "dotted operation, e.g. db.query")
      .requiredOption("-p, --payload <json>", "operation payload as a JSON object")
      .option("-w, --wait", "wait for the response envelope and print it")
      .option("--correlation-id <id>", "correlation id to propagate")
      .option("--envelope-id <uuid>", "envelope id (a retry with the same id is processed once)")
      .addOption(new Option("--wait-timeout <ms>", "longest wait for the response").argParser(positiveInt)),
    io,
  ).action(async (operation: string, options: HubFlags & { payload: string; wait?: boolean; correlationId?: string; envelopeId?: string; waitTimeout?: number }) => {
    setExit(
      await sendCommand(io, target(options), operation, {
        payload: options.payload,
        wait: options.wait === true,
        timeoutMs: options.waitTimeout,
        correlationId: options.correlationId,
        envelopeId: options.envelopeId,
      }),
    );
  });

  hubOptions(program.command("nodes").description("list registered nodes and their registration state"), io).action(async (options: HubFlags) => {
    setExit(await getFromHub(io, target(options), "/api/v1/nodes"));
  });

  const dlq = program.command("dlq").description("inspect and replay dead-letter entries");
  hubOptions(dlq.command("list").description("list dead-letter entries, newest first").addOption(new Option("--limit <n>", "most entries").argParser(positiveInt)), io).action(
    async (options: HubFlags & { limit?: number }) => {
      setExit(await getFromHub(io, target(options), `/api/v1/dlq${options.limit === undefined ? "" : `?limit=${options.limit}`}`));
    },
  );
  hubOptions(dlq.command("replay").description("write a dead-letter entry back to its original topic").argument("<id>", "entry id").option("--target-topic <topic>", "replay to this topic instead"), io).action(
    async (id: string, options: HubFlags & { targetTopic?: string }) => {
      setExit(await replayDlq(io, target(options), id, options.targetTopic));
    },
  );
  return program;
}

/** Runs the CLI with `argv` (without node and script) and resolves with the exit code. */
export async function runCli(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode = 0;
  const program = createCliProgram(io, (code) => {
    exitCode = code;
  });
  if (argv.length === 0) {
    program.outputHelp();
    return EXIT_USAGE;
  }
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") return 0;
      return EXIT_USAGE;
    }
    io.stderr(`onex: ${error instanceof Error ? error.message : String(error)}\n`);
    return 70;
  }
  return exitCode;
}
