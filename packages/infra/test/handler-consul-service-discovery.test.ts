import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ProtocolServiceDiscoveryInstance } from "@onex/spi";
import { afterEach, describe, expect, it } from "vitest";
import { HandlerConsul } from "../src/handlers/handler-consul.js";
import { ServiceDiscoveryConsul, type DiscoveryRegistration } from "../src/handlers/service-discovery-consul.js";
import { ServiceDiscoveryInmemory } from "../src/handlers/service-discovery-inmemory.js";
import { consulTarget, realConsul } from "./support/consul-target.js";
import { uniqueName } from "./support/test-services.js";

interface Subject {
  readonly discovery: ServiceDiscoveryConsul | ServiceDiscoveryInmemory;
  /** Moves the clock and applies TTL expiry; undefined when the clock cannot be controlled. */
  readonly advance: ((ms: number) => void) | undefined;
  heartbeat(serviceId: string, status?: "passing" | "warning" | "critical"): Promise<void>;
}

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

const implementations: Record<string, { real: boolean; create: () => Promise<Subject> }> = {
  consul: {
    real: realConsul,
    async create() {
      let clock = Date.parse("2030-01-01T00:00:00Z");
      const target = await consulTarget({ now: () => clock });
      cleanups.push(() => target.close());
      const handler = new HandlerConsul();
      await handler.initialize({ address: target.address, ...(target.token === undefined ? {} : { token: target.token }) });
      cleanups.push(() => handler.shutdown());
      const discovery = new ServiceDiscoveryConsul(handler, { watchWaitSeconds: 30 });
      const server = target.server;
      return {
        discovery,
        advance: server === undefined ? undefined : (ms) => ((clock += ms), server.expireChecks()),
        heartbeat: (serviceId, status) => discovery.updateCheck(serviceId, status),
      };
    },
  },
  inmemory: {
    real: false,
    create() {
      let clock = Date.parse("2030-01-01T00:00:00Z");
      const discovery = new ServiceDiscoveryInmemory({ now: () => clock });
      cleanups.push(() => Promise.resolve(discovery.close()));
      return Promise.resolve({
        discovery,
        advance: (ms: number) => ((clock += ms), discovery.expireChecks()),
        heartbeat: (serviceId: string, status?: "passing" | "warning" | "critical") => Promise.resolve(void discovery.updateCheck(serviceId, status)),
      });
    },
  },
};

async function until(condition: () => Promise<boolean> | boolean): Promise<void> {
  while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 5));
}

const ids = (instances: readonly ProtocolServiceDiscoveryInstance[]): string[] => instances.map((instance) => instance.serviceId);

for (const [name, implementation] of Object.entries(implementations)) {
  describe(`ServiceDiscovery (${name})`, () => {
    const registration = (service: string, suffix: string, extra: Partial<DiscoveryRegistration> = {}): DiscoveryRegistration => ({
      serviceId: `${service}-${suffix}`,
      serviceName: service,
      address: "10.1.2.3",
      port: 9000,
      tags: ["v1"],
      metadata: { version: "1.0.0" },
      ...extra,
    });

    it("returns unchecked instances, hides TTL-checked ones until they heartbeat, and filters by tag", async () => {
      const { discovery, heartbeat } = await implementation.create();
      const service = uniqueName("disc");
      await discovery.register(registration(service, "plain"));
      await discovery.register(registration(service, "ttl", { tags: ["v2"], healthCheck: { ttlSeconds: 60 } }));
      cleanups.push(async () => {
        await discovery.deregister(`${service}-plain`);
        await discovery.deregister(`${service}-ttl`);
      });
      expect(await discovery.discover(service)).toEqual([
        { serviceId: `${service}-plain`, serviceName: service, address: "10.1.2.3", port: 9000, tags: ["v1"], metadata: { version: "1.0.0" }, healthy: true },
      ]);
      expect(ids(await discovery.discover(service, { includeUnhealthy: true }))).toEqual([`${service}-plain`, `${service}-ttl`]);
      await heartbeat(`${service}-ttl`);
      expect(ids(await discovery.discover(service))).toEqual([`${service}-plain`, `${service}-ttl`]);
      expect(ids(await discovery.discover(service, { tag: "v2" }))).toEqual([`${service}-ttl`]);
      await heartbeat(`${service}-ttl`, "warning");
      expect(ids(await discovery.discover(service))).toEqual([`${service}-plain`]);
      await discovery.deregister(`${service}-plain`);
      await discovery.deregister(`${service}-unknown`);
      expect(ids(await discovery.discover(service, { includeUnhealthy: true }))).toEqual([`${service}-ttl`]);
    });

    it.skipIf(implementation.real)("turns an instance critical when its TTL passes without a heartbeat, and reaps it after deregisterAfterSeconds", async () => {
      const { discovery, advance, heartbeat } = await implementation.create();
      await discovery.register(registration("svc", "a", { healthCheck: { ttlSeconds: 10, initialStatus: "passing", deregisterAfterSeconds: 60 } }));
      advance?.(9_000);
      await heartbeat("svc-a");
      advance?.(9_000);
      expect(ids(await discovery.discover("svc"))).toEqual(["svc-a"]);
      advance?.(2_000);
      expect(ids(await discovery.discover("svc"))).toEqual([]);
      expect(ids(await discovery.discover("svc", { includeUnhealthy: true }))).toEqual(["svc-a"]);
      advance?.(61_000);
      expect(await discovery.discover("svc", { includeUnhealthy: true })).toEqual([]);
    });

    it("tells a watcher the current instances, then every change, until stopped", async () => {
      const { discovery, heartbeat } = await implementation.create();
      const service = uniqueName("watch");
      const seen: string[][] = [];
      const stop = await discovery.watch(service, (instances) => seen.push(ids(instances)));
      expect(seen).toEqual([[]]);
      await discovery.register(registration(service, "a", { healthCheck: { ttlSeconds: 60 } }));
      cleanups.push(() => discovery.deregister(`${service}-a`));
      await heartbeat(`${service}-a`);
      await until(() => seen.length === 2);
      expect(seen[1]).toEqual([`${service}-a`]);
      await heartbeat(`${service}-a`, "critical");
      await until(() => seen.length === 3);
      expect(seen[2]).toEqual([]);
      await stop();
      await heartbeat(`${service}-a`);
      expect(seen).toHaveLength(3);
    });

    it.skipIf(implementation.real)("probes HTTP checks: healthy while the endpoint answers 2xx, hidden when it fails", async () => {
      let status = 200;
      const endpoint: Server = createServer((_req, res) => res.writeHead(status).end());
      await new Promise<void>((resolve) => endpoint.listen(0, "127.0.0.1", resolve));
      cleanups.push(() => new Promise((resolve) => endpoint.close(() => resolve())));
      const url = `http://127.0.0.1:${(endpoint.address() as AddressInfo).port}/health`;
      const { discovery } = await implementation.create();
      await discovery.register(registration("web", "1", { healthCheck: { httpUrl: url, intervalSeconds: 0.02, timeoutSeconds: 1 } }));
      await until(async () => ids(await discovery.discover("web")).length === 1);
      status = 500;
      await until(async () => ids(await discovery.discover("web")).length === 0);
      expect(ids(await discovery.discover("web", { includeUnhealthy: true }))).toEqual(["web-1"]);
      await discovery.deregister("web-1");
    });

    it("reports health", async () => {
      const { discovery } = await implementation.create();
      expect((await discovery.health()).healthy).toBe(true);
    });
  });
}

describe("ServiceDiscoveryInmemory validation", () => {
  it("rejects a registration without exactly one check kind, naming the field", async () => {
    const discovery = new ServiceDiscoveryInmemory();
    await expect(discovery.register({ serviceId: "a", serviceName: "a", address: "h", port: 0 })).rejects.toThrow(/port/);
    await expect(discovery.register({ serviceId: "a", serviceName: "a", address: "h", port: 1, healthCheck: { intervalSeconds: 1 } })).rejects.toThrow(/healthCheck/);
    discovery.close();
  });
});
