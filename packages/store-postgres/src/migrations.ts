/**
 * Versioned schema migrations, applied on start in one transaction that first takes a transaction-scoped
 * advisory lock for the schema (`pg_advisory_xact_lock`): a second process starting at the same time waits,
 * then finds them applied. Running them twice is a no-op.
 */
import type { Pool } from 'pg'
import { qualified } from './schema.js'

export interface Migration {
  readonly version: number
  readonly name: string
  /** The SQL for one schema (already quoted). */
  readonly sql: (schema: string) => string
}

/**
 * `append_events` does a whole append in one call, in one of three modes:
 * - 'plain': no projection row (streams no projection follows);
 * - 'predicted': the caller computed the projection row from a state it believes current (stream version
 *   and the row's `xmin`); the function checks that belief, and writes events and row together, or returns
 *   `retry` with the actual state and writes nothing;
 * - 'locked': returns the previous row with the stream locked; the caller writes the new row and commits in
 *   the same transaction (the fallback when predictions keep failing).
 * Its first write is the critical section that makes `readAll` safe (see read.ts): the transaction id and
 * the positions are taken together under a session advisory lock held for microseconds, so a transaction
 * with a lower id always has lower positions. (No exception block around it, it would cost a
 * subtransaction per append: the caller drops any connection whose call failed, which ends the session
 * and its locks.) The expected version is then enforced by the conditional write of the stream's row.
 * Written for the common case of one new event: one read statement up front, simple expressions, one
 * INSERT per table.
 */
const appendFunction = (schema: string): string => {
  const t = (name: string) => qualified(schema, name)
  const lockKey = `hashtextextended('boleto.positions:${schema}', 0)`
  const holds = (version: string) => `(CASE p_expected
      WHEN 'any' THEN true
      WHEN 'no_stream' THEN ${version} = 0
      WHEN 'stream_exists' THEN ${version} > 0
      ELSE p_expected::integer = ${version} END)`
  const currentRow = `(SELECT json_build_object('row', row_to_json(b), 'xmin', b.xmin::text)
      FROM ${t('streams')} AS s JOIN ${t('bank_slips')} AS b ON b.bank_slip_key = s.slip_key
      WHERE s.stream_id = p_stream_id)`
  const retry = `json_build_object('retry', true, 'version', v_current, 'duplicates', v_dups, 'row', ${currentRow})`
  return `
CREATE FUNCTION ${t('append_events')}(
  p_stream_id text, p_expected text,
  -- One array per column, never one JSON document: data goes in and out as untouched json text (PostgreSQL
  -- refuses to de-escape \\u0000, which any JSON processing of the batch would do).
  p_ids text[], p_types text[], p_data json[], p_metadata json[], p_recorded_at timestamptz,
  p_mode text,
  -- 'predicted': what the caller believes, and the row it computed from that.
  p_predicted_version integer, p_predicted_row_xmin xid, p_known_duplicates text[],
  p_key text, p_status text, p_reported_status text, p_row_version integer, p_anomaly_count integer,
  p_updated_at timestamptz, p_state json)
RETURNS json LANGUAGE plpgsql AS $fn$
DECLARE
  v_total integer := cardinality(p_ids);
  v_dup_ids text[];
  v_dups json;
  v_fresh integer;
  v_current integer;
  v_slip_key text;
  v_row_xmin xid;
  v_version integer;
  v_positions bigint[];
  v_xid xid8;
  v_unlocked boolean;
BEGIN
  -- What the append must know first: plain reads (no transaction id yet), each a lookup by a unique key so
  -- that its cached generic plan is as good as a custom one (a statement whose custom plans look cheaper
  -- is planned again on every call, which would cost more than the whole append).
  IF v_total = 1 THEN
    SELECT json_build_array(json_build_array(id, position, stream_version)) INTO v_dups
      FROM ${t('events')} WHERE id = p_ids[1];
    v_dup_ids := CASE WHEN v_dups IS NULL THEN '{}' ELSE p_ids END;
    v_dups := coalesce(v_dups, '[]');
  ELSE
    SELECT coalesce(array_agg(id), '{}'), coalesce(json_agg(json_build_array(id, position, stream_version)), '[]')
      INTO v_dup_ids, v_dups
      FROM ${t('events')} WHERE id = ANY (p_ids);
  END IF;
  SELECT version, slip_key INTO v_current, v_slip_key FROM ${t('streams')} WHERE stream_id = p_stream_id;
  v_current := coalesce(v_current, 0);
  IF v_slip_key IS NOT NULL THEN
    SELECT b.xmin INTO v_row_xmin FROM ${t('bank_slips')} AS b WHERE b.bank_slip_key = v_slip_key;
  END IF;
  v_fresh := v_total - cardinality(v_dup_ids);

  IF v_fresh = 0 THEN
    -- Only retries of stored events (no version check) or an empty batch (check only); nothing written.
    -- (parenthesised: PL/pgSQL ends an IF condition at the first THEN outside parentheses)
    IF v_total = 0 AND NOT ${holds('v_current')} THEN
      RETURN json_build_object('wrong_expected_version', v_current);
    END IF;
    RETURN json_build_object('version', v_current, 'duplicates', v_dups);
  END IF;

  IF p_mode = 'predicted' THEN
    IF v_current <> p_predicted_version OR v_row_xmin IS DISTINCT FROM p_predicted_row_xmin
       OR NOT (v_dup_ids @> p_known_duplicates AND p_known_duplicates @> v_dup_ids) THEN
      RETURN ${retry};
    END IF;
    IF NOT ${holds('p_predicted_version')} THEN
      RETURN json_build_object('wrong_expected_version', p_predicted_version);
    END IF;
  END IF;

  -- Critical section: the first write of the transaction. See read.ts for why.
  PERFORM pg_advisory_lock(${lockKey});
  v_xid := pg_current_xact_id();
  IF v_fresh = 1 THEN
    v_positions := ARRAY[nextval('${schema}.events_position_seq')];
  ELSE
    SELECT array_agg(p ORDER BY p) INTO v_positions
      FROM (SELECT nextval('${schema}.events_position_seq') AS p FROM generate_series(1, v_fresh)) AS s;
  END IF;
  v_unlocked := pg_advisory_unlock(${lockKey});

  -- The expectation, enforced by the write itself (no row returned = it did not hold).
  IF p_mode = 'predicted' THEN
    IF p_predicted_version = 0 THEN
      INSERT INTO ${t('streams')} (stream_id, version, slip_key) VALUES (p_stream_id, v_fresh, p_key)
        ON CONFLICT DO NOTHING RETURNING version INTO v_version;
    ELSE
      UPDATE ${t('streams')} SET version = p_predicted_version + v_fresh, slip_key = p_key
        WHERE stream_id = p_stream_id AND version = p_predicted_version
        RETURNING version INTO v_version;
    END IF;
    IF v_version IS NULL THEN
      -- Another writer got there between the check and the write.
      SELECT coalesce(max(version), 0) INTO v_current FROM ${t('streams')} WHERE stream_id = p_stream_id;
      RETURN ${retry};
    END IF;
  ELSIF p_expected = 'any' THEN
    INSERT INTO ${t('streams')} AS s (stream_id, version) VALUES (p_stream_id, v_fresh)
      ON CONFLICT (stream_id) DO UPDATE SET version = s.version + excluded.version
      RETURNING version INTO v_version;
  ELSIF p_expected = 'no_stream' OR p_expected = '0' THEN
    INSERT INTO ${t('streams')} (stream_id, version) VALUES (p_stream_id, v_fresh)
      ON CONFLICT DO NOTHING RETURNING version INTO v_version;
  ELSIF p_expected = 'stream_exists' THEN
    UPDATE ${t('streams')} SET version = version + v_fresh WHERE stream_id = p_stream_id
      RETURNING version INTO v_version;
  ELSE
    UPDATE ${t('streams')} SET version = p_expected::integer + v_fresh
      WHERE stream_id = p_stream_id AND version = p_expected::integer
      RETURNING version INTO v_version;
  END IF;
  IF v_version IS NULL THEN
    SELECT coalesce(max(version), 0) INTO v_current FROM ${t('streams')} WHERE stream_id = p_stream_id;
    RETURN json_build_object('wrong_expected_version', v_current);
  END IF;

  IF v_total = 1 AND v_fresh = 1 THEN
    INSERT INTO ${t('events')} (position, transaction_id, stream_id, stream_version, id, type, data, metadata, recorded_at)
      VALUES (v_positions[1], v_xid, p_stream_id, v_version, p_ids[1], p_types[1], p_data[1], p_metadata[1],
              p_recorded_at);
  ELSIF v_fresh = v_total THEN
    INSERT INTO ${t('events')} (position, transaction_id, stream_id, stream_version, id, type, data, metadata, recorded_at)
    SELECT v_positions[u.o], v_xid, p_stream_id, v_version - v_fresh + u.o::integer, u.id, u.type, u.data,
           u.metadata, p_recorded_at
      FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS u(id, type, data, metadata, o);
  ELSE
    INSERT INTO ${t('events')} (position, transaction_id, stream_id, stream_version, id, type, data, metadata, recorded_at)
    SELECT v_positions[f.n], v_xid, p_stream_id, v_version - v_fresh + f.n::integer, f.id, f.type, f.data,
           f.metadata, p_recorded_at
      FROM (SELECT u.*, row_number() OVER (ORDER BY u.o) AS n
              FROM unnest(p_ids, p_types, p_data, p_metadata) WITH ORDINALITY AS u(id, type, data, metadata, o)
             WHERE NOT (u.id = ANY (v_dup_ids))) AS f;
  END IF;

  IF p_mode = 'predicted' THEN
    IF v_row_xmin IS NOT NULL AND v_slip_key = p_key THEN
      UPDATE ${t('bank_slips')} AS b SET stream_id = p_stream_id, status = p_status,
          reported_status = p_reported_status, version = p_row_version, anomaly_count = p_anomaly_count,
          updated_at = p_updated_at, state = p_state
        WHERE bank_slip_key = p_key RETURNING b.xmin INTO v_row_xmin;
    ELSE
      -- A new row, or a projection that moved the stream's row to another key.
      IF v_slip_key IS NOT NULL THEN
        DELETE FROM ${t('bank_slips')} WHERE bank_slip_key = v_slip_key;
      END IF;
      INSERT INTO ${t('bank_slips')} AS b
          (bank_slip_key, stream_id, status, reported_status, version, anomaly_count, updated_at, state)
        VALUES (p_key, p_stream_id, p_status, p_reported_status, p_row_version, p_anomaly_count, p_updated_at,
                p_state)
        ON CONFLICT (bank_slip_key) DO UPDATE SET
          stream_id = excluded.stream_id, status = excluded.status, reported_status = excluded.reported_status,
          version = excluded.version, anomaly_count = excluded.anomaly_count, updated_at = excluded.updated_at,
          state = excluded.state
        RETURNING b.xmin INTO v_row_xmin;
    END IF;
  END IF;

  RETURN json_build_object(
    'version', v_version,
    'duplicates', v_dups,
    'positions', v_positions,
    'row_xmin', v_row_xmin::text,
    'row', CASE WHEN p_mode = 'locked' THEN ${currentRow} END);
END
$fn$;`
}

/**
 * `append_group` (migration 2): the appends of one group commit in one call, one transaction, one WAL flush
 * (append.ts collects them). Each append runs the steps of `append_events` in modes 'plain' and
 * 'predicted' and gets its own outcome; none of them raises in the normal course of things (a broken
 * expectation, a missed prediction or a duplicate is an answer, written before anything of that append is),
 * so one append's failure never undoes the others without a subtransaction per append. An error that does
 * abort the group (a race with another process on a new event id, a deadlock) rolls all of it back, and the
 * caller sends each append again on its own.
 * The critical section of `append_events` runs once, at the group's first write, and takes positions for
 * every event from there to the end of the group: one transaction id, all its positions taken with it, so
 * `readAll` stays safe (positions of appends that end up not writing are gaps).
 * The caller sends at most one append per stream per group, so no append depends on another's write.
 */
const appendGroupFunction = (schema: string): string => {
  const t = (name: string) => qualified(schema, name)
  const lockKey = `hashtextextended('boleto.positions:${schema}', 0)`
  const holds = (version: string) => `(CASE v_expected
      WHEN 'any' THEN true
      WHEN 'no_stream' THEN ${version} = 0
      WHEN 'stream_exists' THEN ${version} > 0
      ELSE v_expected::integer = ${version} END)`
  const currentRow = `(SELECT json_build_object('row', row_to_json(b), 'xmin', b.xmin::text)
      FROM ${t('streams')} AS s JOIN ${t('bank_slips')} AS b ON b.bank_slip_key = s.slip_key
      WHERE s.stream_id = v_stream)`
  const retry = `json_build_object('retry', true, 'version', v_current, 'duplicates', v_dups, 'row', ${currentRow})`
  return `
CREATE FUNCTION ${t('append_group')}(
  -- One element per append.
  p_stream_ids text[], p_expected text[], p_counts integer[], p_recorded_at timestamptz[], p_modes text[],
  -- The events of every append, one after the other (p_counts says how many each); arrays, never one JSON
  -- document, so data stays untouched json text (see append_events).
  p_ids text[], p_types text[], p_data json[], p_metadata json[],
  -- 'predicted': what the caller believes of each stream, and the row it computed from that.
  p_predicted_versions integer[], p_predicted_row_xmins xid[],
  p_known_counts integer[], p_known_duplicates text[],
  p_keys text[], p_statuses text[], p_reported_statuses text[], p_row_versions integer[],
  p_anomaly_counts integer[], p_updated_at timestamptz[], p_states json[])
RETURNS json LANGUAGE plpgsql AS $fn$
DECLARE
  v_next integer := 1;
  v_known_next integer := 1;
  v_first integer;
  v_last integer;
  v_stream text;
  v_expected text;
  v_mode text;
  v_predicted integer;
  v_total integer;
  v_ids text[];
  v_known text[];
  v_dup_ids text[];
  v_dups json;
  v_fresh integer;
  v_current integer;
  v_slip_key text;
  v_row_xmin xid;
  v_version integer;
  v_positions bigint[];
  v_used integer := 0;
  v_mine bigint[];
  v_xid xid8;
  v_unlocked boolean;
  v_out json[] := '{}';
BEGIN
  FOR i IN 1 .. cardinality(p_stream_ids) LOOP
    -- Offsets first: every branch below may CONTINUE.
    v_total := p_counts[i];
    v_first := v_next;
    v_last := v_next + v_total - 1;
    v_next := v_next + v_total;
    v_known := p_known_duplicates[v_known_next : v_known_next + p_known_counts[i] - 1];
    v_known_next := v_known_next + p_known_counts[i];
    v_stream := p_stream_ids[i];
    v_expected := p_expected[i];
    v_mode := p_modes[i];
    v_predicted := p_predicted_versions[i];
    v_row_xmin := NULL;

    IF v_total = 1 THEN
      SELECT json_build_array(json_build_array(id, position, stream_version)) INTO v_dups
        FROM ${t('events')} WHERE id = p_ids[v_first];
      v_dup_ids := CASE WHEN v_dups IS NULL THEN '{}' ELSE ARRAY[p_ids[v_first]] END;
      v_dups := coalesce(v_dups, '[]');
    ELSE
      v_ids := p_ids[v_first : v_last];
      SELECT coalesce(array_agg(id), '{}'), coalesce(json_agg(json_build_array(id, position, stream_version)), '[]')
        INTO v_dup_ids, v_dups
        FROM ${t('events')} WHERE id = ANY (v_ids);
    END IF;
    SELECT version, slip_key INTO v_current, v_slip_key FROM ${t('streams')} WHERE stream_id = v_stream;
    v_current := coalesce(v_current, 0);
    IF v_slip_key IS NOT NULL THEN
      SELECT b.xmin INTO v_row_xmin FROM ${t('bank_slips')} AS b WHERE b.bank_slip_key = v_slip_key;
    END IF;
    v_fresh := v_total - cardinality(v_dup_ids);

    IF v_fresh = 0 THEN
      IF v_total = 0 AND NOT ${holds('v_current')} THEN
        v_out := v_out || json_build_object('wrong_expected_version', v_current);
      ELSE
        v_out := v_out || json_build_object('version', v_current, 'duplicates', v_dups);
      END IF;
      CONTINUE;
    END IF;

    IF v_mode = 'predicted' THEN
      IF v_current <> v_predicted OR v_row_xmin IS DISTINCT FROM p_predicted_row_xmins[i]
         OR NOT (v_dup_ids @> v_known AND v_known @> v_dup_ids) THEN
        v_out := v_out || ${retry};
        CONTINUE;
      END IF;
      IF NOT ${holds('v_predicted')} THEN
        v_out := v_out || json_build_object('wrong_expected_version', v_predicted);
        CONTINUE;
      END IF;
    END IF;

    IF v_positions IS NULL THEN
      -- Critical section (read.ts), once per group, as its first write: positions for every event left.
      PERFORM pg_advisory_lock(${lockKey});
      v_xid := pg_current_xact_id();
      IF cardinality(p_ids) - v_first = 0 THEN
        v_positions := ARRAY[nextval('${schema}.events_position_seq')];
      ELSE
        SELECT array_agg(p ORDER BY p) INTO v_positions
          FROM (SELECT nextval('${schema}.events_position_seq') AS p
                  FROM generate_series(v_first, cardinality(p_ids))) AS s;
      END IF;
      v_unlocked := pg_advisory_unlock(${lockKey});
    END IF;

    -- The expectation, enforced by the write itself (no row returned = it did not hold).
    IF v_mode = 'predicted' THEN
      IF v_predicted = 0 THEN
        INSERT INTO ${t('streams')} (stream_id, version, slip_key) VALUES (v_stream, v_fresh, p_keys[i])
          ON CONFLICT DO NOTHING RETURNING version INTO v_version;
      ELSE
        UPDATE ${t('streams')} SET version = v_predicted + v_fresh, slip_key = p_keys[i]
          WHERE stream_id = v_stream AND version = v_predicted
          RETURNING version INTO v_version;
      END IF;
      IF v_version IS NULL THEN
        -- Another writer got there between the check and the write.
        SELECT coalesce(max(version), 0) INTO v_current FROM ${t('streams')} WHERE stream_id = v_stream;
        v_out := v_out || ${retry};
        CONTINUE;
      END IF;
    ELSIF v_expected = 'any' THEN
      INSERT INTO ${t('streams')} AS s (stream_id, version) VALUES (v_stream, v_fresh)
        ON CONFLICT (stream_id) DO UPDATE SET version = s.version + excluded.version
        RETURNING version INTO v_version;
    ELSIF v_expected = 'no_stream' OR v_expected = '0' THEN
      INSERT INTO ${t('streams')} (stream_id, version) VALUES (v_stream, v_fresh)
        ON CONFLICT DO NOTHING RETURNING version INTO v_version;
    ELSIF v_expected = 'stream_exists' THEN
      UPDATE ${t('streams')} SET version = version + v_fresh WHERE stream_id = v_stream
        RETURNING version INTO v_version;
    ELSE
      UPDATE ${t('streams')} SET version = v_expected::integer + v_fresh
        WHERE stream_id = v_stream AND version = v_expected::integer
        RETURNING version INTO v_version;
    END IF;
    IF v_version IS NULL THEN
      SELECT coalesce(max(version), 0) INTO v_current FROM ${t('streams')} WHERE stream_id = v_stream;
      v_out := v_out || json_build_object('wrong_expected_version', v_current);
      CONTINUE;
    END IF;

    v_mine := v_positions[v_used + 1 : v_used + v_fresh];
    v_used := v_used + v_fresh;
    IF v_total = 1 THEN
      INSERT INTO ${t('events')} (position, transaction_id, stream_id, stream_version, id, type, data, metadata, recorded_at)
        VALUES (v_mine[1], v_xid, v_stream, v_version, p_ids[v_first], p_types[v_first], p_data[v_first],
                p_metadata[v_first], p_recorded_at[i]);
    ELSIF v_fresh = v_total THEN
      INSERT INTO ${t('events')} (position, transaction_id, stream_id, stream_version, id, type, data, metadata, recorded_at)
      SELECT v_mine[u.o], v_xid, v_stream, v_version - v_fresh + u.o::integer, u.id, u.type, u.data,
             u.metadata, p_recorded_at[i]
        FROM unnest(v_ids, p_types[v_first : v_last], p_data[v_first : v_last], p_metadata[v_first : v_last])
             WITH ORDINALITY AS u(id, type, data, metadata, o);
    ELSE
      INSERT INTO ${t('events')} (position, transaction_id, stream_id, stream_version, id, type, data, metadata, recorded_at)
      SELECT v_mine[f.n], v_xid, v_stream, v_version - v_fresh + f.n::integer, f.id, f.type, f.data,
             f.metadata, p_recorded_at[i]
        FROM (SELECT u.*, row_number() OVER (ORDER BY u.o) AS n
                FROM unnest(v_ids, p_types[v_first : v_last], p_data[v_first : v_last],
                            p_metadata[v_first : v_last]) WITH ORDINALITY AS u(id, type, data, metadata, o)
               WHERE NOT (u.id = ANY (v_dup_ids))) AS f;
    END IF;

    IF v_mode = 'predicted' THEN
      IF v_row_xmin IS NOT NULL AND v_slip_key = p_keys[i] THEN
        UPDATE ${t('bank_slips')} AS b SET stream_id = v_stream, status = p_statuses[i],
            reported_status = p_reported_statuses[i], version = p_row_versions[i],
            anomaly_count = p_anomaly_counts[i], updated_at = p_updated_at[i], state = p_states[i]
          WHERE bank_slip_key = p_keys[i] RETURNING b.xmin INTO v_row_xmin;
      ELSE
        -- A new row, or a projection that moved the stream's row to another key.
        IF v_slip_key IS NOT NULL THEN
          DELETE FROM ${t('bank_slips')} WHERE bank_slip_key = v_slip_key;
        END IF;
        INSERT INTO ${t('bank_slips')} AS b
            (bank_slip_key, stream_id, status, reported_status, version, anomaly_count, updated_at, state)
          VALUES (p_keys[i], v_stream, p_statuses[i], p_reported_statuses[i], p_row_versions[i],
                  p_anomaly_counts[i], p_updated_at[i], p_states[i])
          ON CONFLICT (bank_slip_key) DO UPDATE SET
            stream_id = excluded.stream_id, status = excluded.status, reported_status = excluded.reported_status,
            version = excluded.version, anomaly_count = excluded.anomaly_count, updated_at = excluded.updated_at,
            state = excluded.state
          RETURNING b.xmin INTO v_row_xmin;
      END IF;
    END IF;

    v_out := v_out || json_build_object(
      'version', v_version, 'duplicates', v_dups, 'positions', v_mine, 'row_xmin', v_row_xmin::text);
  END LOOP;
  RETURN array_to_json(v_out);
END
$fn$;`
}

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events, streams, bank_slips, checkpoints, append_events',
    sql: (schema) => {
      const t = (name: string) => qualified(schema, name)
      return `
CREATE TABLE ${t('events')} (
  position       bigint      PRIMARY KEY,
  -- The writing transaction: readAll only returns rows of transactions older than every running one.
  transaction_id xid8        NOT NULL,
  stream_id      text        COLLATE "C" NOT NULL,
  stream_version integer     NOT NULL,
  id             text        COLLATE "C" NOT NULL UNIQUE,
  type           text        NOT NULL,
  -- json, not jsonb: the body exactly as received (key order, number spelling, \\u0000 included).
  data           json        NOT NULL,
  metadata       json,
  recorded_at    timestamptz NOT NULL,
  UNIQUE (stream_id, stream_version)
);
CREATE SEQUENCE ${t('events_position_seq')} AS bigint OWNED BY ${t('events')}.position;
CREATE TABLE ${t('streams')} (
  stream_id text    COLLATE "C" PRIMARY KEY,
  version   integer NOT NULL CHECK (version > 0),
  -- The key of the stream's projection row: looked up through here, so bank_slips needs no stream index.
  slip_key  text    COLLATE "C"
);
CREATE TABLE ${t('bank_slips')} (
  bank_slip_key   text        COLLATE "C" PRIMARY KEY,
  stream_id       text        COLLATE "C" NOT NULL,
  status          text        NOT NULL,
  reported_status text,
  version         integer     NOT NULL,
  anomaly_count   integer     NOT NULL,
  updated_at      timestamptz NOT NULL,
  state           json        NOT NULL
);
-- Every append rewrites a ~3 KB state: lz4 compresses it several times faster than the default pglz
-- (kept as pglz where the server was built without lz4).
DO $lz4$ BEGIN
  ALTER TABLE ${t('bank_slips')} ALTER COLUMN state SET COMPRESSION lz4;
EXCEPTION WHEN OTHERS THEN NULL;
END $lz4$;
CREATE INDEX bank_slips_by_update ON ${t('bank_slips')} (updated_at, bank_slip_key);
CREATE INDEX bank_slips_by_status ON ${t('bank_slips')} (status, updated_at, bank_slip_key);
CREATE TABLE ${t('checkpoints')} (
  consumer   text        COLLATE "C" PRIMARY KEY,
  position   bigint      NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now()
);
${appendFunction(schema)}`
    },
  },
  {
    version: 2,
    name: 'append_group',
    sql: appendGroupFunction,
  },
]

/** Creates the schema if needed and applies what is missing; returns the versions applied by this call. */
export const migrate = async (
  pool: Pool,
  schema: string,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<number[]> => {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query('SELECT pg_advisory_xact_lock(hashtextextended($1, 0))', [
      `boleto.migrations:${schema}`,
    ])
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`)
    await client.query(`CREATE TABLE IF NOT EXISTS ${qualified(schema, 'schema_migrations')} (
      version    integer     PRIMARY KEY,
      name       text        NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`)
    const applied = new Set(
      (
        await client.query<{ version: number }>(
          `SELECT version FROM ${qualified(schema, 'schema_migrations')}`,
        )
      ).rows.map((r) => r.version),
    )
    const done: number[] = []
    for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
      if (applied.has(m.version)) continue
      await client.query(m.sql(schema))
      await client.query(
        `INSERT INTO ${qualified(schema, 'schema_migrations')} (version, name) VALUES ($1, $2)`,
        [m.version, m.name],
      )
      done.push(m.version)
    }
    await client.query('COMMIT')
    return done
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined)
    throw error
  } finally {
    client.release()
  }
}
