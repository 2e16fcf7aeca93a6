// The little the spec has no example of, for the default data set. The spec's examples describe
// every database, but give users, backups, maintenance, firewall rules and a plan only for the
// PostgreSQL one; these complete the other engines so that every list has something in it.
// Keyed by engine (`type_name`); `database_id` fields are filled in from the database.
// Everything here is validated against the spec's schemas with the rest of the seed.
import type { components } from '@scalingo-db-api/openapi/types';

type S = components['schemas'];
type Without<T, K extends keyof T> = Omit<T, K>;

export interface EngineExtras {
  plan?: S['Plan'];
  users?: S['DatabaseUser'][];
  backups?: Without<S['Backup'], 'database_id'>[];
  maintenance?: Without<S['Maintenance'], 'database_id'>[];
  firewall_rules?: Without<S['FirewallRule'], 'database_id'>[];
}

export const FALLBACK_EXTRAS: Record<string, EngineExtras> = {
  mysql: {
    plan: {
      id: '5d3c2b1a0f9e8d7c6b5a4f40',
      name: 'mysql-starter-512',
      backup: true,
      disk: 10240,
      memory: 512,
      manual_backups_count: 5,
      daily_scheduled_backups: 7,
      weekly_scheduled_backups: 4,
      monthly_scheduled_backups: 0,
      pitr_backup_days: 0,
    },
    users: [{ name: 'blog-editor', read_only: false, protected: false }],
    backups: [
      {
        id: '65f4a0b1c2d3e4f5a6b7c8e1',
        name: '20261126010000_blog_stag_1717',
        size: 52428800,
        status: 'done',
        method: 'periodic',
        created_at: '2026-11-26T02:00:00.412+01:00',
        started_at: '2026-11-26T02:00:03.118+01:00',
        type: 'mysql',
      },
    ],
    maintenance: [
      {
        id: '65f8a1b2c3d4e5f6a7b8c9e2',
        type: 'instance-migration',
        status: 'notified',
        started_at: null,
        ended_at: null,
      },
    ],
  },
  redis: {
    plan: {
      id: '5d3c2b1a0f9e8d7c6b5a4f41',
      name: 'redis-starter-256',
      backup: true,
      disk: 1024,
      memory: 256,
      manual_backups_count: 5,
      daily_scheduled_backups: 7,
      weekly_scheduled_backups: 0,
      monthly_scheduled_backups: 0,
      pitr_backup_days: 0,
    },
    backups: [
      {
        id: '65f4a0b1c2d3e4f5a6b7c8e2',
        name: '20261126030000_shop_prod_5151',
        size: 3145728,
        status: 'done',
        method: 'periodic',
        created_at: '2026-11-26T04:00:00.907+01:00',
        started_at: '2026-11-26T04:00:01.660+01:00',
        type: 'redis',
      },
    ],
  },
  mongodb: {
    plan: {
      id: '5d3c2b1a0f9e8d7c6b5a4f42',
      name: 'mongo-business-1024',
      backup: true,
      disk: 20480,
      memory: 1024,
      manual_backups_count: 10,
      daily_scheduled_backups: 7,
      weekly_scheduled_backups: 4,
      monthly_scheduled_backups: 12,
      pitr_backup_days: 0,
      gateway_nodes: 0,
    },
    users: [{ name: 'etl-reader', read_only: true, protected: false }],
    backups: [
      {
        id: '65f4a0b1c2d3e4f5a6b7c8e3',
        name: '20261126010000_analytics_2323',
        size: 734003200,
        status: 'done',
        method: 'periodic',
        created_at: '2026-11-26T02:00:00.150+01:00',
        started_at: '2026-11-26T02:00:02.871+01:00',
        type: 'mongodb',
      },
      {
        id: '65f4a0b1c2d3e4f5a6b7c8e4',
        name: '20261125010000_analytics_2323',
        size: 0,
        status: 'error',
        method: 'periodic',
        created_at: '2026-11-25T02:00:00.033+01:00',
        started_at: '2026-11-25T02:00:01.505+01:00',
        type: 'mongodb',
      },
    ],
    firewall_rules: [
      {
        id: '660a1b2c3d4e5f6a7b8c9e20',
        type: 'custom_range',
        cidr: '198.51.100.0/24',
        label: 'BI workstation',
        created_at: '2026-10-14T16:20:41.009+02:00',
        updated_at: '2026-10-14T16:20:41.009+02:00',
      },
    ],
  },
  opensearch: {
    plan: {
      id: '5d3c2b1a0f9e8d7c6b5a4f43',
      name: 'opensearch-starter-1024',
      backup: true,
      disk: 20480,
      memory: 1024,
      manual_backups_count: 5,
      daily_scheduled_backups: 7,
      weekly_scheduled_backups: 0,
      monthly_scheduled_backups: 0,
      pitr_backup_days: 0,
    },
    maintenance: [
      {
        id: '65f8a1b2c3d4e5f6a7b8c9e3',
        type: 'no-op',
        status: 'done',
        started_at: '2026-11-18T04:00:02.540+01:00',
        ended_at: '2026-11-18T04:00:09.117+01:00',
      },
    ],
  },
  influxdb: {
    plan: {
      id: '5d3c2b1a0f9e8d7c6b5a4f44',
      name: 'influxdb-starter-512',
      backup: true,
      disk: 10240,
      memory: 512,
      manual_backups_count: 5,
      daily_scheduled_backups: 7,
      weekly_scheduled_backups: 0,
      monthly_scheduled_backups: 0,
      pitr_backup_days: 0,
    },
  },
};
