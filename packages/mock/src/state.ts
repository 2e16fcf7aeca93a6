// The in-memory state of the mock: the seeded databases with their users, backups, maintenance,
// firewall rules and operations, the catalogue, the tokens, and the clock that moves the
// asynchronous work (backups, features, upgrades, restores) through its statuses.
import type { components } from '@scalingo-db-api/openapi/types';
import type { Catalogue, SeedDatabase, SeedFile } from './seed.js';
import { type SEED_COLLECTIONS, type SeedCollection, seedCollections } from './seed-collections.js';

type Schemas = components['schemas'];
/** The generated types mark server-set fields `readonly`; the server is the one setting them. */
export type Writable<T> = { -readonly [K in keyof T]: T[K] };

export type Database = Writable<Schemas['Database']>;
export type DatabaseUser = Writable<Schemas['DatabaseUser']>;
export type Backup = Writable<Schemas['Backup']>;
export type BackupRestoration = Writable<Schemas['BackupRestoration']>;
export type Maintenance = Writable<Schemas['Maintenance']>;
export type FirewallRule = Writable<Schemas['FirewallRule']>;
export type Operation = Writable<Schemas['Operation']>;
export type Plan = Writable<Schemas['Plan']>;
export type RecoveryWindow = Writable<Schemas['RecoveryWindow']>;
export type DatabaseTypeVersion = Writable<Schemas['DatabaseTypeVersion']>;

/** How long each asynchronous step lasts when time moves by itself. */
export interface Timings {
  /** A new backup stays `scheduled` this long, then `running` for `backupRunningMs`, then is `done`. */
  backupScheduledMs: number;
  backupRunningMs: number;
  /** A feature stays `PENDING_TO_ACTIVATE` / `PENDING_TO_REMOVE` this long. */
  featurePendingMs: number;
  /** An operation (upgrade, point-in-time restore) stays `pending`, then `running`, this long each. */
  operationPendingMs: number;
  operationRunningMs: number;
  /** A backup restoration stays `scheduled`, then `running`, this long each. */
  restorationStepMs: number;
}

export const DEFAULT_TIMINGS: Timings = {
  backupScheduledMs: 1_000,
  backupRunningMs: 3_000,
  featurePendingMs: 2_000,
  operationPendingMs: 1_000,
  operationRunningMs: 4_000,
  restorationStepMs: 2_000,
};

/** A step still to happen at a given time. */
interface Timer {
  at: number;
  run: () => void;
  /** What the timer moves, for `settle({ only })`. */
  kind: 'backup' | 'feature' | 'operation' | 'restoration';
}

export interface ActionState {
  logicalDatabases: { name: string; protected: boolean }[];
  sqlMode: string;
  extensions: { name: string; version: string }[];
  queries: Record<string, unknown>[];
  statStatementsEnabled: boolean;
  statStatements: Record<string, unknown>[];
  retentionPolicies: { name: string; duration: string; default: boolean }[];
}

export interface DatabaseState {
  addonId: string;
  token: string;
  database: Database;
  users: DatabaseUser[];
  backups: Backup[];
  restorations: BackupRestoration[];
  maintenance: Maintenance[];
  firewallRules: FirewallRule[];
  operations: Operation[];
  /** The seed's plan, if it gives one (otherwise the catalogue's plan of that name). */
  plan: Plan | undefined;
  /** The seed's recovery window, if it gives one (otherwise derived from the engine and plan). */
  recoveryWindow: RecoveryWindow | undefined;
  actions: ActionState;
}

export interface TokenGrant {
  /** The add-on the token opens. */
  addonId: string;
  /** Epoch ms after which the token answers 401, or undefined for no expiry. */
  expiresAt: number | undefined;
}

/** The token the mock gives a seeded database that has none in its seed: stable across runs. */
export function defaultToken(addonId: string): string {
  return `mock-${[1, 2, 3, 4].map((round) => fnv1a(`scalingo-db-api-mock:${round}:${addonId}`).toString(16).padStart(8, '0')).join('')}`;
}

/** FNV-1a, 32 bits: a small stable hash for ids, tokens and generated figures (not for security). */
export function fnv1a(text: string): number {
  let hash = 2166136261;
  for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 16777619) >>> 0;
  return hash;
}

function randomBytes(count: number): Uint8Array {
  return globalThis.crypto.getRandomValues(new Uint8Array(count));
}

function hex(bytes: Uint8Array): string {
  return [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function isoDate(ms: number): string {
  return new Date(ms).toISOString();
}

export class Clock {
  private offset = 0;
  constructor(private readonly source: () => number = Date.now) {}
  now(): number {
    return this.source() + this.offset;
  }
  advance(ms: number): void {
    this.offset += ms;
  }
}

export class Store {
  databases = new Map<string, DatabaseState>();
  catalogue!: Catalogue;
  tokens = new Map<string, TokenGrant>();
  private timers: Timer[] = [];
  private counter = 0;
  /**
   * While a step runs: the time it fell due (or now, when a hook forces it early). The step's
   * timestamps and the steps it schedules count from there, so a backup read long after it was
   * created has gone all the way through, as if time had moved without waiting for a request.
   */
  private stepTime: number | undefined;

  constructor(
    private readonly seed: SeedFile,
    private readonly catalogueSeed: Catalogue,
    readonly clock: Clock,
    readonly timings: Timings,
    readonly actionDefaults: (db: SeedDatabase) => ActionState,
    /** Runs after each load (start and reset), e.g. to set seeded work in progress on its way. */
    private readonly onLoad?: (store: Store) => void,
  ) {
    this.load();
  }

  /** Puts the state back to the seed. */
  load(): void {
    const copy = structuredClone(this.seed);
    this.catalogue = structuredClone(this.catalogueSeed);
    this.databases.clear();
    this.tokens.clear();
    this.timers = [];
    this.counter = 0;
    for (const entry of copy.databases) {
      const database = entry.database as Database;
      const state: DatabaseState = {
        addonId: entry.addon_id,
        token: entry.token ?? defaultToken(entry.addon_id),
        database,
        ...(Object.fromEntries(seedCollections.map(([key, { state }]) => [state, entry[key] ?? []])) as Pick<
          DatabaseState,
          (typeof SEED_COLLECTIONS)[SeedCollection]['state']
        >),
        plan: entry.plan as Plan | undefined,
        recoveryWindow: entry.recovery_window as RecoveryWindow | undefined,
        actions: this.actionDefaults(entry),
      };
      this.databases.set(entry.addon_id, state);
      this.tokens.set(state.token, { addonId: entry.addon_id, expiresAt: undefined });
    }
    this.onLoad?.(this);
  }

  now(): number {
    return this.stepTime ?? this.clock.now();
  }

  /** A new 24-hex id, like the ids the API uses; deterministic within a run. */
  newId(): string {
    this.counter += 1;
    return `6a${this.counter.toString(16).padStart(22, '0')}`;
  }

  newPassword(): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789';
    return [...randomBytes(28)].map((b) => alphabet[b % alphabet.length]).join('');
  }

  schedule(kind: Timer['kind'], delayMs: number, run: () => void): void {
    this.timers.push({ at: this.now() + delayMs, run, kind });
  }

  private runStep(timer: Timer): void {
    this.stepTime = Math.min(timer.at, this.clock.now());
    try {
      timer.run();
    } finally {
      this.stepTime = undefined;
    }
  }

  /** Runs the steps whose time has come (called before each request). */
  tick(): void {
    const now = this.now();
    for (;;) {
      this.timers.sort((a, b) => a.at - b.at);
      const next = this.timers[0];
      if (!next || next.at > now) return;
      this.timers.shift();
      this.runStep(next);
    }
  }

  /** Runs every pending step now (of one kind, or all), including the steps those steps schedule. */
  settle(only?: Timer['kind']): void {
    for (let guard = 0; guard < 10_000; guard++) {
      this.timers.sort((a, b) => a.at - b.at);
      const index = this.timers.findIndex((t) => !only || t.kind === only);
      if (index < 0) return;
      const [timer] = this.timers.splice(index, 1);
      if (timer) this.runStep(timer);
    }
  }

  /** Runs, for each in-flight item of a kind, only its next step. */
  step(kind: Timer['kind']): void {
    const due = this.timers.filter((t) => t.kind === kind);
    this.timers = this.timers.filter((t) => t.kind !== kind);
    for (const timer of due.sort((a, b) => a.at - b.at)) this.runStep(timer);
  }

  get pendingSteps(): number {
    return this.timers.length;
  }

  issueToken(addonId: string, ttlMs?: number): string {
    if (!this.databases.has(addonId)) throw new Error(`no seeded database has the addon_id ${addonId}`);
    const token = `mock-${hex(randomBytes(16))}`;
    this.tokens.set(token, { addonId, expiresAt: ttlMs === undefined ? undefined : this.now() + ttlMs });
    return token;
  }

  findBackup(id: string): { db: DatabaseState; backup: Backup } | undefined {
    for (const db of this.databases.values()) {
      const backup = db.backups.find((b) => b.id === id);
      if (backup) return { db, backup };
    }
    return undefined;
  }

  findOperation(id: string): { db: DatabaseState; operation: Operation } | undefined {
    for (const db of this.databases.values()) {
      const operation = db.operations.find((o) => o.id === id);
      if (operation) return { db, operation };
    }
    return undefined;
  }

  /** A deep, JSON-only copy of everything a request can change (for tests). */
  snapshot(): unknown {
    return structuredClone({
      databases: [...this.databases.values()],
      catalogue: this.catalogue,
      timers: this.timers.map((t) => ({ at: t.at, kind: t.kind })),
    });
  }
}
