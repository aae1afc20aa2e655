-- Let PostgreSQL use an index for FerretDB's equality filters.
--
-- FerretDB v1 turns `{field: value}` into `_jsonb -> 'field' @> 'value'` and builds each MongoDB
-- index as a btree on `(_jsonb -> 'field')`. A btree cannot answer `@>`, so every lookup scanned the
-- table. For each such btree this trigger adds a GIN "twin" on the same expression, which can.
-- fastupdate is off so that lookups never wade through a pending list after bulk inserts.
-- Idempotent: deploy/infra.py runs it at every `up`; it also twins indexes created before it.

CREATE OR REPLACE FUNCTION helpdesk_twin_index(btree regclass) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
  definition text := pg_get_indexdef(btree);
  tbl regclass := (SELECT indrelid::regclass FROM pg_index WHERE indexrelid = btree);
  field text;
BEGIN
  IF definition NOT LIKE '% USING btree %' THEN
    RETURN;
  END IF;
  -- One twin per table and field, however many btrees (compound, unique) name the field.
  FOR field IN
    SELECT DISTINCT (regexp_matches(definition, '_jsonb -> ''([^'']+)''::text', 'g'))[1]
  LOOP
    EXECUTE format(
      'CREATE INDEX IF NOT EXISTS %I ON %s USING gin ((_jsonb -> %L)) WITH (fastupdate = off)',
      left(md5(tbl::text || '/' || field), 24) || '_gin',
      tbl,
      field
    );
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION helpdesk_twin_new_indexes() RETURNS event_trigger
LANGUAGE plpgsql AS $$
DECLARE
  created record;
BEGIN
  FOR created IN
    SELECT objid FROM pg_event_trigger_ddl_commands()
    WHERE command_tag = 'CREATE INDEX' AND object_type = 'index'
  LOOP
    PERFORM helpdesk_twin_index(created.objid::regclass);
  END LOOP;
END $$;

DROP EVENT TRIGGER IF EXISTS helpdesk_twin_new_indexes;
CREATE EVENT TRIGGER helpdesk_twin_new_indexes ON ddl_command_end
  WHEN TAG IN ('CREATE INDEX') EXECUTE FUNCTION helpdesk_twin_new_indexes();

SELECT helpdesk_twin_index(indexrelid::regclass)
FROM pg_index JOIN pg_class ON pg_class.oid = pg_index.indexrelid
JOIN pg_am ON pg_am.oid = pg_class.relam
WHERE pg_am.amname = 'btree' AND pg_get_indexdef(indexrelid) LIKE '%_jsonb -> %';
