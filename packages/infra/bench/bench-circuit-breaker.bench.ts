// Closed-path cost of a circuit breaker per call, against a bare async call and against opossum 9 and cockatiel 3,
// all measured in one run. Each task awaits BATCH sequential calls per sample (a single call is too close to the
// timer's resolution). Prints a markdown table and writes it into the "Circuit breaker (closed path)" section of
// BENCHMARKS.md at the repository root. No assertions on timings.
import { readFileSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConsecutiveBreaker, circuitBreaker, handleAll } from "cockatiel";
import Opossum from "opossum";
import { Bench } from "tinybench";
import { expect, it } from "vitest";
import { CircuitBreaker } from "../src/index.js";

const BATCH = 1_000;
const SECTION = "Circuit breaker (closed path)";
const START = "<!-- bench:circuit-breaker:start -->";
const END = "<!-- bench:circuit-breaker:end -->";
const BENCHMARKS_MD = path.resolve(import.meta.dirname, "../../../BENCHMARKS.md");

const payload = { ok: true };
// eslint-disable-next-line @typescript-eslint/require-await -- the baseline is exactly a bare `async () => value`
const backend = async (): Promise<typeof payload> => payload;

const ours = new CircuitBreaker({ name: "bench", failureThreshold: 5, resetTimeoutMs: 30_000 });
// opossum's default 10 s per-call timeout arms a timer on every fire(); ours and cockatiel's have none, so the
// like-for-like row disables it. The defaults row shows what an unconfigured opossum costs.
const opossum = new Opossum(backend, { timeout: false, resetTimeout: 30_000 });
const opossumDefaults = new Opossum(backend, { resetTimeout: 30_000 });
const cockatiel = circuitBreaker(handleAll, { halfOpenAfter: 30_000, breaker: new ConsecutiveBreaker(5) });

type Target = () => Promise<unknown>;
const targets: readonly (readonly [string, Target])[] = [
  ["bare async call (baseline)", backend],
  ["@onex/infra CircuitBreaker.execute", () => ours.execute(backend)],
  ["opossum 9 fire (timeout: false)", () => opossum.fire()],
  ["opossum 9 fire (defaults: 10 s timeout)", () => opossumDefaults.fire()],
  ["cockatiel 3 circuitBreaker.execute (ConsecutiveBreaker 5)", () => cockatiel.execute(backend)],
];

interface Row {
  readonly name: string;
  readonly nsPerOp: number;
  readonly rme: number;
}

async function measure(): Promise<Row[]> {
  const bench = new Bench({ time: 1_500, warmupTime: 300 });
  for (const [name, target] of targets) {
    bench.add(name, async () => {
      for (let i = 0; i < BATCH; i++) await target();
    });
  }
  await bench.run();
  return bench.tasks.map((task) => {
    const result = task.result;
    if (result.state !== "completed") throw new Error(`benchmark task ${task.name} did not complete (${result.state})`);
    return { name: task.name, nsPerOp: (result.latency.mean * 1e6) / BATCH, rme: result.latency.rme };
  });
}

function table(rows: readonly Row[]): string {
  const bare = rows[0]?.nsPerOp ?? Number.NaN;
  const reference = rows.find((row) => row.name.startsWith("opossum 9 fire (timeout: false)"))?.nsPerOp ?? Number.NaN;
  const lines = [
    "| implementation | ns/op | ops/s | ± | vs bare | vs opossum |",
    "|---|---:|---:|---:|---:|---:|",
    ...rows.map(
      (row) =>
        `| ${row.name} | ${row.nsPerOp.toFixed(1)} | ${Math.round(1e9 / row.nsPerOp).toLocaleString("en-US")} | ${row.rme.toFixed(1)}% | ` +
        `${(row.nsPerOp / bare).toFixed(2)}x | ${(row.nsPerOp / reference).toFixed(2)}x |`,
    ),
  ];
  return lines.join("\n");
}

function section(markdown: string): string {
  const cpu = os.cpus()[0]?.model.trim() ?? "unknown CPU";
  return [
    START,
    `## ${SECTION}`,
    "",
    `Run ${new Date().toISOString().slice(0, 10)} on Node ${process.version}, ${os.platform()}/${os.arch()}, ${os.cpus().length} cores (${cpu}).`,
    `Each sample awaits ${BATCH.toLocaleString("en-US")} sequential calls of \`async () => value\` through the implementation; ns/op is the`,
    "mean per call, ± the relative margin of error of the sample mean. Lower is better; ratios are against the bare call",
    "and against opossum with its per-call timeout disabled (the like-for-like configuration). Source:",
    "`packages/infra/bench/bench-circuit-breaker.bench.ts`.",
    "",
    markdown,
    END,
  ].join("\n");
}

function writeSection(content: string): void {
  const current = existsSync(BENCHMARKS_MD)
    ? readFileSync(BENCHMARKS_MD, "utf8")
    : "# Benchmarks\n\nRun them with `pnpm --filter @onex/infra bench`.\n";
  const start = current.indexOf(START);
  const end = current.indexOf(END);
  const next =
    start >= 0 && end > start ? `${current.slice(0, start)}${content}${current.slice(end + END.length)}` : `${current.trimEnd()}\n\n${content}\n`;
  writeFileSync(BENCHMARKS_MD, next);
}

it("measures the closed-path cost of circuit breakers", async () => {
  const rows = await measure();
  const markdown = table(rows);
  console.log(`\n${SECTION}\n\n${markdown}\n`);
  writeSection(section(markdown));
  expect(rows).toHaveLength(targets.length);
});
