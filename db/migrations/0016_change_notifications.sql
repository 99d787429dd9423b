-- Every portal process keeps API keys and pass-through links in memory (lib/data/change-cache.ts)
-- and drops them when these tables change. The change is announced by the database itself, at
-- commit, on channel koppeling_changed with the table's name, so a change made anywhere (another
-- process, a script, psql) reaches every process. Counters and call bookkeeping that the cached
-- reads do not show are left out, so busy keys and administrations do not empty the caches.
CREATE OR REPLACE FUNCTION koppeling_announce_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('koppeling_changed', TG_TABLE_NAME);
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER api_keys_changed AFTER INSERT OR DELETE OR TRUNCATE ON api_keys
  FOR EACH STATEMENT EXECUTE FUNCTION koppeling_announce_change();
--> statement-breakpoint
CREATE TRIGGER api_keys_changed_row AFTER UPDATE ON api_keys FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'call_count' - 'last_used_at' - 'refused_count' - 'last_refused_at')
    IS DISTINCT FROM (to_jsonb(NEW) - 'call_count' - 'last_used_at' - 'refused_count' - 'last_refused_at'))
  EXECUTE FUNCTION koppeling_announce_change();
--> statement-breakpoint
CREATE TRIGGER administrations_changed AFTER INSERT OR DELETE OR TRUNCATE ON administrations
  FOR EACH STATEMENT EXECUTE FUNCTION koppeling_announce_change();
--> statement-breakpoint
CREATE TRIGGER administrations_changed_row AFTER UPDATE ON administrations FOR EACH ROW
  WHEN ((to_jsonb(OLD) - 'last_call_at' - 'last_call_ok' - 'last_call_error' - 'last_call_error_values' - 'last_call_ok_at')
    IS DISTINCT FROM (to_jsonb(NEW) - 'last_call_at' - 'last_call_ok' - 'last_call_error' - 'last_call_error_values' - 'last_call_ok_at'))
  EXECUTE FUNCTION koppeling_announce_change();
--> statement-breakpoint
CREATE TRIGGER oauth_logins_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON oauth_logins
  FOR EACH STATEMENT EXECUTE FUNCTION koppeling_announce_change();
--> statement-breakpoint
CREATE TRIGGER divisions_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON divisions
  FOR EACH STATEMENT EXECUTE FUNCTION koppeling_announce_change();
--> statement-breakpoint
CREATE TRIGGER users_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON users
  FOR EACH STATEMENT EXECUTE FUNCTION koppeling_announce_change();
