import { EventEmitter } from 'node:events';
import { mkdir, open, readFile, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { NOTIFICATION_CHANNELS } from '../../core/plan/subscriptions';

/**
 * What the embedded runtime "sent": one entry per delivery (a Publish that
 * reaches Alice by email and by SMS is two entries), shown by the console and
 * printed by the CLI. With a data dir every entry is appended to
 * `<dataDir>/outbox.jsonl` and fsync'd before the Publish that caused it is
 * answered, so a page the workflow believes sent is never lost by a crash.
 */

export const DeliverySchema = z.object({
  id: z.string(),
  /** ISO 8601, from the runtime's clock (compressed in drills). */
  at: z.iso.datetime(),
  channel: z.enum(NOTIFICATION_CHANNELS),
  /** Contact id. */
  to: z.string(),
  /** The email address or phone number it went to. */
  address: z.string(),
  /** Email only. */
  subject: z.string().optional(),
  body: z.string(),
  incidentId: z.string().optional(),
  approvalId: z.string().optional(),
  /** The SNS MessageId of the Publish: two deliveries of one message share it. */
  messageId: z.string(),
});
export type Delivery = z.infer<typeof DeliverySchema>;

/** A published message that no subscription's filter policy admitted: delivered to nobody, which is not an error in SNS either. */
export const UndeliveredSchema = z.object({
  id: z.string(),
  at: z.iso.datetime(),
  messageId: z.string(),
  topicArn: z.string(),
  subject: z.string().optional(),
  body: z.string(),
  attributes: z.record(z.string(), z.string()),
  reason: z.string(),
});
export type Undelivered = z.infer<typeof UndeliveredSchema>;

const LineSchema = z.discriminatedUnion('kind', [
  DeliverySchema.extend({ kind: z.literal('delivery') }),
  UndeliveredSchema.extend({ kind: z.literal('undelivered') }),
]);

export interface OutboxQuery {
  /** Contact id. */
  readonly to?: string;
  readonly incidentId?: string;
  /** Entries at or after this instant (ISO 8601 or epoch ms). */
  readonly since?: string | number;
}

interface OutboxEvents {
  delivery: [Delivery];
  undelivered: [Undelivered];
}

/** What one Publish produced: written together, in one append and one fsync. */
export interface OutboxRecord {
  readonly deliveries: readonly Delivery[];
  readonly undelivered?: Undelivered;
}

/**
 * @example
 * const outbox = await Outbox.open({ dataDir: '.sirp' });
 * outbox.on('delivery', (d) => console.log(`${d.channel} to ${d.to}: ${d.subject ?? d.body}`));
 * outbox.list({ to: 'alice', since: '2026-11-01T00:00:00Z' });
 */
export class Outbox extends EventEmitter<OutboxEvents> {
  private readonly deliveries: Delivery[] = [];
  private readonly undeliveredEntries: Undelivered[] = [];
  private writes: Promise<void> = Promise.resolve();

  private constructor(
    private readonly file: FileHandle | undefined,
    /** Lines of the file that did not parse on load (a torn last line after a crash: never acknowledged). */
    readonly skippedLines: number,
  ) {
    super();
  }

  /** Opens (and reloads) `<dataDir>/outbox.jsonl`, or an in-memory outbox without a data dir. */
  static async open(options: { readonly dataDir?: string } = {}): Promise<Outbox> {
    if (options.dataDir === undefined) return new Outbox(undefined, 0);
    await mkdir(options.dataDir, { recursive: true });
    const path = join(options.dataDir, 'outbox.jsonl');
    const text = await readFile(path, 'utf8').catch((error: unknown) => {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return '';
      throw error;
    });
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    const parsed = lines.map((line) => {
      try {
        return LineSchema.safeParse(JSON.parse(line));
      } catch {
        return undefined;
      }
    });
    const file = await open(path, 'a', 0o600);
    // A crash mid-append leaves a torn last line without its newline: end it,
    // or the next entry would be glued to it and lost on the next reload.
    if (text !== '' && !text.endsWith('\n')) await file.appendFile('\n', 'utf8');
    const outbox = new Outbox(file, parsed.filter((p) => p?.success !== true).length);
    for (const result of parsed) {
      if (result?.success !== true) continue;
      const { kind, ...entry } = result.data;
      if (kind === 'delivery') outbox.deliveries.push(entry as Delivery);
      else outbox.undeliveredEntries.push(entry as Undelivered);
    }
    return outbox;
  }

  /**
   * Appends what one Publish produced; resolves once it is on disk (or in
   * memory), then emits `delivery` / `undelivered`. Appends are serialized, so
   * concurrent Publishes never interleave their lines.
   */
  record(entry: OutboxRecord): Promise<void> {
    const lines = [
      ...entry.deliveries.map((d) => JSON.stringify({ kind: 'delivery', ...d })),
      ...(entry.undelivered === undefined ? [] : [JSON.stringify({ kind: 'undelivered', ...entry.undelivered })]),
    ];
    const write = this.writes.then(async () => {
      if (this.file !== undefined && lines.length > 0) {
        await this.file.appendFile(`${lines.join('\n')}\n`, 'utf8');
        await this.file.datasync();
      }
      this.deliveries.push(...entry.deliveries);
      if (entry.undelivered !== undefined) this.undeliveredEntries.push(entry.undelivered);
    });
    // A failed write fails its own Publish, not every later one.
    this.writes = write.catch(() => undefined);
    return write.then(() => {
      const { undelivered } = entry;
      for (const delivery of entry.deliveries) announce(() => this.emit('delivery', delivery));
      if (undelivered !== undefined) announce(() => this.emit('undelivered', undelivered));
    });
  }

  /** Deliveries in the order they were recorded, optionally filtered. */
  list(query: OutboxQuery = {}): Delivery[] {
    const since = query.since === undefined ? undefined : new Date(query.since).getTime();
    return this.deliveries.filter((d) =>
      (query.to === undefined || d.to === query.to)
      && (query.incidentId === undefined || d.incidentId === query.incidentId)
      && (since === undefined || Date.parse(d.at) >= since));
  }

  /** Published messages that reached nobody, with the reason. */
  listUndelivered(): Undelivered[] {
    return [...this.undeliveredEntries];
  }

  /** Waits for pending appends and closes the file. */
  async close(): Promise<void> {
    await this.writes;
    await this.file?.close();
  }
}

/** A failing listener (the console's live view) must not fail a Publish that is already on disk. */
function announce(emit: () => void): void {
  try {
    emit();
  } catch (error) {
    process.emitWarning(`an outbox listener failed: ${error instanceof Error ? error.message : String(error)}`);
  }
}
