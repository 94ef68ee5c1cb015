// Where the Consul handler suites run: the in-process ConsulApiServer by default, or a real agent when
// CONSUL_HTTP_ADDR is set (CONSUL_HTTP_TOKEN as its ACL token). Tests needing fault injection or clock control
// skip themselves against a real agent.
import { ConsulApiServer, type ConsulApiServerOptions } from "../../src/testing/consul-api-server.js";

const realAddress = process.env.CONSUL_HTTP_ADDR?.trim() ?? "";

/** True when the suites run against a real Consul agent. */
export const realConsul = realAddress !== "";

/** A Consul endpoint for one test. */
export interface ConsulTarget {
  /** `http(s)://host:port`. */
  readonly address: string;
  readonly token: string | undefined;
  /** The in-process server, or undefined against a real agent. */
  readonly server: ConsulApiServer | undefined;
  close(): Promise<void>;
}

function normalize(address: string): string {
  if (/^https?:\/\//.test(address)) return address.replace(/\/+$/, "");
  return `${process.env.CONSUL_HTTP_SSL === "true" ? "https" : "http"}://${address}`;
}

/** Starts an in-process Consul API server (or points at the real agent). */
export async function consulTarget(options: ConsulApiServerOptions = {}): Promise<ConsulTarget> {
  if (realConsul) {
    return { address: normalize(realAddress), token: process.env.CONSUL_HTTP_TOKEN, server: undefined, close: () => Promise.resolve() };
  }
  const server = new ConsulApiServer(options);
  const { url } = await server.listen();
  return { address: url, token: options.aclToken, server, close: () => server.close() };
}

/** Resolves once `condition` holds (polls every 2 ms; the test timeout bounds it). */
export async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 2));
}
