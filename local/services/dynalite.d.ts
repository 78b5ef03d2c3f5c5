/**
 * Types for the parts of dynalite 4 that sirp uses (the package ships none).
 * Options as documented in dynalite's index.js.
 */
declare module 'dynalite' {
  import type { Server } from 'node:http';

  interface DynaliteOptions {
    /** LevelDB directory; in memory when absent. */
    path?: string;
    /** How long a table stays CREATING (default 500 ms). */
    createTableMs?: number;
    deleteTableMs?: number;
    updateTableMs?: number;
    maxItemSizeKb?: number;
    verbose?: boolean;
    debug?: boolean;
  }

  /** Returns an unstarted HTTP server; its `close` also closes the LevelDB store. */
  function dynalite(options?: DynaliteOptions): Server;

  export = dynalite;
}
