// The collections a seeded database holds, described once: the spec schema of their items (the
// seed schema), the field that must be unique among them, whether each item carries the
// database's id, the list operation whose examples seed them by default, and the key of the
// database's state that holds them once loaded.
import type { DatabaseState } from './state.js';

interface Collection {
  schema: string;
  unique: string;
  ownedByDatabase: boolean;
  listedBy: string | undefined;
  state: keyof DatabaseState;
}

export const SEED_COLLECTIONS = {
  users: {
    schema: 'DatabaseUser',
    unique: 'name',
    ownedByDatabase: false,
    listedBy: 'listDatabaseUsers',
    state: 'users',
  },
  backups: {
    schema: 'Backup',
    unique: 'id',
    ownedByDatabase: true,
    listedBy: 'listBackups',
    state: 'backups',
  },
  maintenance: {
    schema: 'Maintenance',
    unique: 'id',
    ownedByDatabase: true,
    listedBy: 'listMaintenance',
    state: 'maintenance',
  },
  firewall_rules: {
    schema: 'FirewallRule',
    unique: 'id',
    ownedByDatabase: true,
    listedBy: 'listFirewallRules',
    state: 'firewallRules',
  },
  operations: {
    schema: 'Operation',
    unique: 'id',
    ownedByDatabase: false,
    listedBy: undefined,
    state: 'operations',
  },
  backup_restorations: {
    schema: 'BackupRestoration',
    unique: 'id',
    ownedByDatabase: true,
    listedBy: undefined,
    state: 'restorations',
  },
} as const satisfies Record<string, Collection>;

/** The key of a collection in a seeded database (`users`, `firewall_rules`…). */
export type SeedCollection = keyof typeof SEED_COLLECTIONS;

/** Each collection with its description, in the order of the table. */
export const seedCollections = Object.entries(SEED_COLLECTIONS) as [SeedCollection, Collection][];
