import type { HistoryEvent, HistoryEventType } from '@aws-sdk/client-sfn';
import type { StateMachine } from 'aws-local-stepfunctions';
import type { Clock } from '../../core/time/clock';

/** An event of the interpreter's own log (not exported by the library under a name). */
export type InterpreterEvent = ReturnType<StateMachine['run']>['eventLogs'] extends AsyncGenerator<infer E> ? E : never;

/** The details part of an AWS history event (`taskScheduledEventDetails`...). */
export type HistoryDetails = Omit<HistoryEvent, 'id' | 'previousEventId' | 'timestamp' | 'type'>;

export interface ExecutionHistoryOptions {
  readonly clock: Clock;
  /** The type the state has in the ASL (Waits run as Tasks). */
  readonly stateTypeOf: (stateName: string) => string | undefined;
  /** Removes task tokens from every string that goes into the history. */
  readonly redact: (text: string) => string;
  /** Called once per recorded event, in order. */
  readonly emit: (event: HistoryEvent) => void;
}

/** Events of one Task state entry, recorded by the engine as the task runs. */
export interface TaskEntry {
  add(type: HistoryEventType, details: HistoryDetails): void;
}

interface BufferedEntry extends TaskEntry {
  flushed: boolean;
  readonly buffer: { type: HistoryEventType; details: HistoryDetails; at: number }[];
}

/**
 * The AWS-shaped history of one execution (ids from 1, `previousEventId`,
 * clock timestamps). Two sources feed it: the interpreter's event log, which
 * arrives asynchronously (state entered/exited, Map iterations), and the
 * engine's task runner, which knows task events (scheduled, submitted,
 * succeeded...) the moment they happen, before the interpreter's matching
 * "state entered" has been read. Task events therefore wait in a per-state
 * FIFO until their `TaskStateEntered` is recorded, keeping AWS's order.
 */
export class ExecutionHistory {
  readonly events: HistoryEvent[] = [];
  private readonly waiting = new Map<string, BufferedEntry[]>();
  private lastTimestamp = 0;

  constructor(private readonly options: ExecutionHistoryOptions) {}

  add(type: HistoryEventType, details: HistoryDetails = {}, at: number = this.options.clock.now()): void {
    this.lastTimestamp = Math.max(this.lastTimestamp, at);
    const id = this.events.length + 1;
    const event: HistoryEvent = {
      ...(redactDeep(details, this.options.redact) as HistoryDetails),
      id,
      previousEventId: id - 1,
      timestamp: new Date(this.lastTimestamp),
      type,
    };
    this.events.push(event);
    this.options.emit(event);
  }

  /** Opens the events of a Task entry; they show up after the entry's `TaskStateEntered`. */
  openTaskEntry(stateName: string): TaskEntry {
    const entry: BufferedEntry = {
      flushed: false,
      buffer: [],
      add: (type, details) => {
        if (entry.flushed) this.add(type, details);
        else entry.buffer.push({ type, details, at: this.options.clock.now() });
      },
    };
    const queue = this.waiting.get(stateName) ?? [];
    queue.push(entry);
    this.waiting.set(stateName, queue);
    return entry;
  }

  /** Maps one interpreter event to AWS history events. */
  record(event: InterpreterEvent): void {
    switch (event.type) {
      case 'StateEntered': {
        const { name } = event.state;
        const type = this.options.stateTypeOf(name) ?? event.state.type;
        this.add(`${type}StateEntered` as HistoryEventType, {
          stateEnteredEventDetails: { name, input: json(event.state.input), inputDetails: { truncated: false } },
        });
        if (type === 'Task') this.flushEntry(name);
        if (type === 'Parallel') this.add('ParallelStateStarted');
        if (type === 'Map') this.add('MapStateStarted', { mapStateStartedEventDetails: {} });
        break;
      }
      case 'StateExited': {
        const { name } = event.state;
        const type = this.options.stateTypeOf(name) ?? event.state.type;
        if (type === 'Parallel') this.add('ParallelStateSucceeded');
        if (type === 'Map') this.add('MapStateSucceeded');
        this.add(`${type}StateExited` as HistoryEventType, {
          stateExitedEventDetails: { name, output: json(event.state.output), outputDetails: { truncated: false } },
        });
        break;
      }
      case 'StateFailed': {
        const type = this.options.stateTypeOf(event.state.name) ?? event.state.type;
        if (type === 'Parallel') this.add('ParallelStateFailed');
        if (type === 'Map') this.add('MapStateFailed');
        break;
      }
      case 'MapIterationStarted':
        this.add('MapIterationStarted', { mapIterationStartedEventDetails: { name: event.parentState.name, index: event.index } });
        break;
      case 'MapIterationSucceeded':
        this.add('MapIterationSucceeded', { mapIterationSucceededEventDetails: { name: event.parentState.name, index: event.index } });
        break;
      case 'MapIterationFailed':
        this.add('MapIterationFailed', { mapIterationFailedEventDetails: { name: event.parentState.name, index: event.index } });
        break;
      default:
        // Execution-level events are recorded by the engine itself (with clock
        // time and AWS's error/cause); branch starts, retries and catches have
        // no AWS history event of their own.
        break;
    }
  }

  private flushEntry(stateName: string): void {
    const entry = this.waiting.get(stateName)?.shift();
    if (entry === undefined || entry.flushed) return;
    entry.flushed = true;
    for (const { type, details, at } of entry.buffer.splice(0)) this.add(type, details, at);
  }
}

/** JSON text of a state's data, as AWS puts it in history events. */
export const json = (value: unknown): string => JSON.stringify(value ?? null);

function redactDeep(value: unknown, redact: (text: string) => string): unknown {
  if (typeof value === 'string') return redact(value);
  if (Array.isArray(value)) return value.map((item) => redactDeep(item, redact));
  if (typeof value === 'object' && value !== null && !(value instanceof Date)) {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactDeep(item, redact)]));
  }
  return value;
}
