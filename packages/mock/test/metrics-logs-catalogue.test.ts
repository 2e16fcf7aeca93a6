import { describe, expect, it } from 'vitest';
import { MONGO, OPENSEARCH, PG, useMock } from './helpers.js';

const { server, client } = useMock();

describe('metrics', () => {
  it('describes each database node of the database', async () => {
    const res = await client().call('GET', `/databases/${PG}/metrics`);
    expect(Object.keys(res.body.instances_metrics)).toEqual([
      'in-4c7e2a91-0b3d-4f6a-9e8c-1d5b7a3f2e60',
      'in-8e1b5d37-6f2a-4c9e-b0d4-7a3c9e5f1b28',
    ]);
    expect(res.body.database_stats).toHaveProperty('max_connections');
    const mongo = await client().as(MONGO).call('GET', `/databases/${MONGO}/metrics`);
    expect(mongo.body.database_stats).toHaveProperty('collections');
  });

  it('answers a series of `since` hours in 20-minute steps, or the last point', async () => {
    const day = await client().call('GET', `/databases/${PG}/metrics/memory?since=24`);
    expect(day.body).toHaveLength(72);
    const times = day.body.map((p: { time: string }) => Date.parse(p.time));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(await client().call('GET', `/databases/${PG}/metrics/cpu`)).toMatchObject({ body: { length: 9 } });
    expect((await client().call('GET', `/databases/${PG}/metrics/cpu?last=true`)).body).toHaveLength(1);
  });

  it('answers 404 naming the instance for one the database does not have', async () => {
    const res = await client().call('GET', `/databases/${PG}/instances/in-nope/metrics/cpu`);
    expect(res.body).toEqual({ resource: 'instance', error: 'not found' });
  });
});

describe('instances and health', () => {
  it('names a leader and followers among database nodes', async () => {
    const res = await client().call('GET', `/databases/${PG}/instances_status`);
    expect(res.body.map((i: { role: string }) => i.role)).toEqual(['leader', 'follower', '', '']);
  });

  it('answers health for OpenSearch, with string values, and 400 for other engines', async () => {
    const res = await client().as(OPENSEARCH).call('GET', `/databases/${OPENSEARCH}/health`);
    expect(res.body).toMatchObject({
      status: 'green',
      cluster: 'search_api_8686',
      shards: expect.any(String),
    });
    expect((await client().call('GET', `/databases/${PG}/health`)).status).toBe(400);
  });
});

describe('logs', () => {
  it('pages the archives by cursor until has_more is false', async () => {
    const seen: string[] = [];
    let cursor = '';
    for (let page = 0; page < 10; page++) {
      const res = await client().call(
        'GET',
        `/databases/${PG}/logs_archives${cursor ? `?cursor=${cursor}` : ''}`,
      );
      seen.push(...res.body.archives.map((a: { from: string }) => a.from));
      if (!res.body.has_more) break;
      cursor = res.body.next_cursor;
    }
    expect(seen).toHaveLength(5);
    expect(new Set(seen).size).toBe(5);
  });

  it('also pages by page number, and refuses a cursor it did not give', async () => {
    const second = await client().call('GET', `/databases/${PG}/logs_archives?page=2`);
    expect(second.body.archives).toHaveLength(2);
    expect((await client().call('GET', `/databases/${PG}/logs_archives?cursor=bogus`)).status).toBe(400);
  });

  it('gives a signed logs URL', async () => {
    const res = await client().call('GET', `/databases/${PG}/logs`);
    expect(new URL(res.body.url).searchParams.has('token')).toBe(true);
  });
});

describe('catalogue', () => {
  it('lists the database types of the spec example and finds each by id', async () => {
    const types = (await client().call('GET', '/database_types')).body.database_types;
    expect(types.map((t: { name: string }) => t.name)).toEqual(
      expect.arrayContaining(['postgresql', 'mysql', 'redis', 'mongodb', 'opensearch']),
    );
    const one = await client().call('GET', `/database_types/${types[1].id}`);
    expect(one.body.database_type).toEqual(types[1]);
  });

  it('serves the version and the plan of every seeded database', async () => {
    for (const { addonId } of server().databases()) {
      const database = (await client().as(addonId).call('GET', `/databases/${addonId}`)).body.database;
      const version = await client()
        .as(addonId)
        .call('GET', `/database_type_versions/${database.version_id}`);
      expect(version.status).toBe(200);
      const { major, minor, patch, build } = version.body.database_type_version;
      expect(`${major}.${minor}.${patch}-${build}`).toBe(database.readable_version);
      const plan = (await client().as(addonId).call('GET', `/databases/${addonId}/plan`)).body.plan;
      expect(plan.name).toBe(database.plan);
      const byId = await client().as(addonId).call('GET', `/plans/${plan.id}?type=${database.type_name}`);
      expect(byId.body.plan).toEqual(plan);
    }
  });

  it('answers 404 naming the plan for an unknown id', async () => {
    expect((await client().call('GET', '/plans/nope?type=redis')).body.resource).toBe('plan');
  });

  it('answers 422 naming type when it is not a database type of the catalogue', async () => {
    const res = await client().call('GET', '/plans/5d3c2b1a0f9e8d7c6b5a4f3e?type=cobol');
    expect(res.status).toBe(422);
    expect(res.body.errors.type[0]).toContain('database type');
  });
});
