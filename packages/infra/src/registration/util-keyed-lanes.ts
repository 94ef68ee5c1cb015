// One lane per key: work for the same key runs one after another, work for different keys side by side. The
// registration workflow reads a node's projection, reduces and writes it back; two runs for one node must not
// interleave, or the later write would be computed from a stale read.

/** Serialises async work per key. */
export class KeyedLanes {
  readonly #tails = new Map<string, Promise<void>>();

  /** Runs `work` after every earlier work of `key` settled; resolves or rejects with its result. */
  run<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.#tails.get(key) ?? Promise.resolve();
    const result = previous.then(work);
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.#tails.set(key, tail);
    void tail.then(() => {
      if (this.#tails.get(key) === tail) this.#tails.delete(key);
    });
    return result;
  }

  /** Keys with work queued or running. */
  get size(): number {
    return this.#tails.size;
  }
}
