// Where the Vault handler suites run: the in-process VaultApiServer by default, or a real Vault/OpenBao when
// VAULT_ADDR (+ VAULT_TOKEN) is set, using its KV v2 mount `secret/` as a dev server has it. Tests needing fault
// injection, clock control, AppRole or database roles skip themselves against a real server.
import { VaultApiServer, type VaultApiServerOptions } from "../../src/testing/vault-api-server.js";

const realAddress = process.env.VAULT_ADDR?.trim() ?? "";

/** True when the suites run against a real Vault. */
export const realVault = realAddress !== "";

/** A Vault endpoint for one test. */
export interface VaultTarget {
  readonly address: string;
  /** A token that may read and write `secret/`. */
  readonly token: string;
  /** The in-process server, or undefined against a real Vault. */
  readonly server: VaultApiServer | undefined;
  close(): Promise<void>;
}

/** Starts an in-process Vault API server (or points at the real one). */
export async function vaultTarget(options: VaultApiServerOptions = {}): Promise<VaultTarget> {
  if (realVault) return { address: realAddress.replace(/\/+$/, ""), token: process.env.VAULT_TOKEN ?? "", server: undefined, close: () => Promise.resolve() };
  const server = new VaultApiServer(options);
  const { url } = await server.listen();
  return { address: url, token: server.rootToken, server, close: () => server.close() };
}
