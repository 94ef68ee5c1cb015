// Small helpers of the graceful drain.

/** Resolves `true` once `condition()` holds (checked every `everyMs`), or `false` when `deadline` (epoch ms) passed first. */
export async function waitUntil(condition: () => boolean, deadline: number, everyMs = 10): Promise<boolean> {
  while (!condition()) {
    if (Date.now() >= deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, Math.max(1, Math.min(everyMs, deadline - Date.now()))));
  }
  return true;
}
