import { describe, expect, it } from "vitest";
import { CredentialRefreshManager, InfraAuthenticationError, InfraConnectionError, type IssuedCredential } from "../src/index.js";

function setup(ttlSeconds = 3_600, refreshThresholdSeconds?: number) {
  let time = 0;
  let issued = 0;
  let failNext = false;
  const provider = async (): Promise<IssuedCredential<string>> => {
    await Promise.resolve();
    if (failNext) {
      failNext = false;
      throw new Error("vault sealed, token=hvs.CAESIJlV7ZrRtXfGcH8kQy0abcdefghij");
    }
    issued++;
    return { credential: `token-${issued}`, ttlSeconds };
  };
  const manager = new CredentialRefreshManager({ provider, refreshThresholdSeconds, now: () => time });
  return {
    manager,
    advanceSeconds: (s: number) => {
      time += s * 1000;
    },
    issued: () => issued,
    failNextRefresh: () => {
      failNext = true;
    },
  };
}

describe("CredentialRefreshManager.getValidCredential", () => {
  it("fetches on first use and reuses a fresh credential", async () => {
    const { manager, advanceSeconds, issued } = setup();
    expect(await manager.getValidCredential()).toBe("token-1");
    advanceSeconds(3_000);
    expect(await manager.getValidCredential()).toBe("token-1");
    expect(issued()).toBe(1);
  });

  it("refreshes before expiry, within the default threshold (min(300 s, 10% of TTL))", async () => {
    const { manager, advanceSeconds } = setup(3_600);
    await manager.getValidCredential();
    advanceSeconds(3_299);
    expect(await manager.getValidCredential()).toBe("token-1");
    advanceSeconds(1);
    expect(await manager.getValidCredential()).toBe("token-2");
  });

  it("uses 10% of a short TTL as the default threshold", async () => {
    const { manager, advanceSeconds } = setup(600);
    await manager.getValidCredential();
    advanceSeconds(539);
    expect(await manager.getValidCredential()).toBe("token-1");
    advanceSeconds(1);
    expect(await manager.getValidCredential()).toBe("token-2");
  });

  it("honours an explicit threshold, capped at half the TTL", async () => {
    const explicit = setup(3_600, 60);
    await explicit.manager.getValidCredential();
    explicit.advanceSeconds(3_539);
    expect(await explicit.manager.getValidCredential()).toBe("token-1");
    explicit.advanceSeconds(1);
    expect(await explicit.manager.getValidCredential()).toBe("token-2");
    const capped = setup(100, 300);
    await capped.manager.getValidCredential();
    capped.advanceSeconds(49);
    expect(await capped.manager.getValidCredential()).toBe("token-1");
  });

  it("concurrent callers share one refresh (single flight)", async () => {
    const { manager, issued } = setup();
    const all = await Promise.all(Array.from({ length: 50 }, () => manager.getValidCredential()));
    expect(new Set(all)).toEqual(new Set(["token-1"]));
    expect(issued()).toBe(1);
  });

  it("a failed refresh throws InfraAuthenticationError with the cause, sanitised, and the next call retries", async () => {
    const { manager, failNextRefresh } = setup();
    failNextRefresh();
    const error = (await manager.getValidCredential().catch((e: unknown) => e)) as InfraAuthenticationError;
    expect(error).toBeInstanceOf(InfraAuthenticationError);
    expect(error.cause).toBeInstanceOf(Error);
    expect(JSON.stringify(error.toJSON())).not.toContain("hvs.");
    expect(error.toJSON()).toMatchObject({ transportType: "vault", operation: "credential_refresh" });
    expect(await manager.getValidCredential()).toBe("token-1");
  });
});

describe("CredentialRefreshManager.callWithAuth", () => {
  it("refreshes once and retries once after a 401", async () => {
    const { manager, issued } = setup();
    const used: string[] = [];
    const result = await manager.callWithAuth((credential) => {
      used.push(credential);
      return used.length === 1 ? Promise.reject(Object.assign(new Error("permission denied"), { statusCode: 401 })) : Promise.resolve(`ok with ${credential}`);
    });
    expect(result).toBe("ok with token-2");
    expect(used).toEqual(["token-1", "token-2"]);
    expect(issued()).toBe(2);
  });

  it("retries after an InfraAuthenticationError and gives up after the second auth failure", async () => {
    const { manager, issued } = setup();
    let calls = 0;
    const error = await manager
      .callWithAuth(() => {
        calls++;
        return Promise.reject(Object.assign(new Error("forbidden"), { status: 403 }));
      })
      .catch((e: unknown) => e);
    expect(calls).toBe(2);
    expect(issued()).toBe(2);
    expect(error).toBeInstanceOf(InfraAuthenticationError);
    expect((error as InfraAuthenticationError).isRetryable).toBe(false);
  });

  it("passes other errors through without refreshing", async () => {
    const { manager, issued } = setup();
    const failure = new InfraConnectionError("vault unreachable");
    await expect(manager.callWithAuth(() => Promise.reject(failure))).rejects.toBe(failure);
    expect(issued()).toBe(1);
  });

  it("concurrent 401s on the same credential trigger a single refresh", async () => {
    const { manager, issued } = setup();
    await manager.getValidCredential();
    const results = await Promise.all(
      Array.from({ length: 10 }, () =>
        manager.callWithAuth((credential) =>
          credential === "token-1" ? Promise.reject(new InfraAuthenticationError("expired")) : Promise.resolve(credential),
        ),
      ),
    );
    expect(new Set(results)).toEqual(new Set(["token-2"]));
    expect(issued()).toBe(2);
  });
});
