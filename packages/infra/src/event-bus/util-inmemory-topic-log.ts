// One topic of the in-memory bus: an append-only log with monotonically increasing offsets that keeps at most
// `maxMessages` entries (the oldest are dropped; offsets are never reused).

/** A message as stored by the in-memory bus. */
export interface InmemoryBusMessage {
  readonly offset: number;
  readonly key: string | null;
  readonly value: Buffer;
  readonly headers: Readonly<Record<string, string>>;
  /** Append time, epoch milliseconds. */
  readonly timestamp: number;
}

const COMPACT_AT = 1024;

export class InmemoryTopicLog {
  private items: (InmemoryBusMessage | undefined)[] = [];
  private head = 0;
  private next = 0;

  constructor(private readonly maxMessages: number) {}

  /** Offset the next appended message gets (Kafka's log-end offset). */
  get nextOffset(): number {
    return this.next;
  }

  /** Offset of the oldest retained message (equals `nextOffset` when nothing is retained). */
  get firstOffset(): number {
    return this.next - this.size;
  }

  get size(): number {
    return this.items.length - this.head;
  }

  append(key: string | null, value: Buffer, headers: Readonly<Record<string, string>>, timestamp: number): InmemoryBusMessage {
    const message: InmemoryBusMessage = { offset: this.next, key, value, headers, timestamp };
    this.items.push(message);
    this.next += 1;
    if (this.size > this.maxMessages) {
      this.items[this.head] = undefined;
      this.head += 1;
      // Drop the dead prefix now and then, so dropping stays O(1) amortised.
      if (this.head >= COMPACT_AT && this.head * 2 >= this.items.length) {
        this.items = this.items.slice(this.head);
        this.head = 0;
      }
    }
    return message;
  }

  /** The retained message at `offset`, if any. */
  at(offset: number): InmemoryBusMessage | undefined {
    if (offset < this.firstOffset || offset >= this.next) return undefined;
    return this.items[this.head + (offset - this.firstOffset)];
  }

  /** Retained messages, oldest first. */
  all(): InmemoryBusMessage[] {
    return this.items.slice(this.head).filter((m): m is InmemoryBusMessage => m !== undefined);
  }
}
