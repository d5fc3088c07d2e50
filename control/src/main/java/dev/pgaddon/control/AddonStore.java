package dev.pgaddon.control;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The addons table: created by the API, kept current by the workers' activities and the status refresh. */
public final class AddonStore {
  public static final String REMOVED = "removed";
  public static final String LOST = "lost";
  private static final String COLUMNS = "id, app, provider_id, plan_id, version, status, restart_hook, nodes::text AS nodes,"
      + " endpoint_port, database_name, connection_url_enc, restart_hook_secret_enc, created_at, updated_at, observed_at, removed_at,"
      + " users::text AS users, extensions::text AS extensions";

  private final Sql sql;

  AddonStore(ControlDatabase db) {
    this.sql = new Sql(db);
  }

  public void create(String id, String app, String planId, String version, String status, String restartHook) {
    sql.update("record addon " + id, "INSERT INTO addons (id, app, plan_id, version, status, restart_hook)"
        + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO NOTHING", id, app, planId, version, status, restartHook);
  }

  /** An addon of this app that has not been removed. */
  public Optional<AddonRecord> find(String app, String id) {
    return sql.one("read addon " + id, "SELECT " + COLUMNS + " FROM addons WHERE id = ? AND app = ? AND removed_at IS NULL",
        AddonStore::map, id, app);
  }

  public Optional<AddonRecord> find(String id) {
    return sql.one("read addon " + id, "SELECT " + COLUMNS + " FROM addons WHERE id = ?", AddonStore::map, id);
  }

  public List<AddonRecord> ofApp(String app) {
    return sql.query("list addons of " + app, "SELECT " + COLUMNS + " FROM addons WHERE app = ? AND removed_at IS NULL"
        + " ORDER BY created_at, id", AddonStore::map, app);
  }

  /** How many addons of this app have not been removed (those provisioning count). */
  public int countLive(String app) {
    return sql.one("count the addons of " + app, "SELECT count(*) FROM addons WHERE app = ? AND removed_at IS NULL",
        rs -> rs.getInt(1), app).orElse(0);
  }

  public List<String> activeIds() {
    return sql.query("list addons", "SELECT id FROM addons WHERE removed_at IS NULL ORDER BY id", rs -> rs.getString(1));
  }

  /** What the nodes say now; the URL is kept when the observation has none (nodes down). */
  public void observe(String id, AddonRecord.Observation o) {
    sql.update("record what addon " + id + " runs", "UPDATE addons SET plan_id = coalesce(?, plan_id),"
        + " version = coalesce(?, version), status = ?, nodes = ?, endpoint_port = coalesce(?, endpoint_port),"
        + " database_name = coalesce(?, database_name), connection_url_enc = coalesce(?, connection_url_enc),"
        + " restart_hook_secret_enc = coalesce(?, restart_hook_secret_enc), users = coalesce(?, users),"
        + " extensions = coalesce(?, extensions), observed_at = now(),"
        + " updated_at = now() WHERE id = ? AND removed_at IS NULL",
        o.planId(), o.version(), o.status(), new Sql.Json(o.nodesJson()), o.endpointPort(), o.databaseName(),
        o.connectionUrlEnc(), o.restartHookSecretEnc(), new Sql.Json(o.usersJson()), new Sql.Json(o.extensionsJson()), id);
  }

  /**
   * Its nodes vanished with no removal (a host lost, containers and volumes deleted behind our back): the
   * row stays, so the addon can be restored into a new one from the object store's copy of its backups.
   */
  public void markLost(String id) {
    sql.update("record loss of " + id, "UPDATE addons SET status = '" + LOST + "', updated_at = now()"
        + " WHERE id = ? AND removed_at IS NULL", id);
  }

  public void markRemoved(String id) {
    sql.update("record removal of " + id, "UPDATE addons SET status = '" + REMOVED + "', removed_at = now(),"
        + " connection_url_enc = NULL, restart_hook_secret_enc = NULL, updated_at = now() WHERE id = ? AND removed_at IS NULL", id);
  }

  private static AddonRecord map(ResultSet rs) throws SQLException {
    int port = rs.getInt("endpoint_port");
    Integer endpointPort = rs.wasNull() ? null : port;
    return new AddonRecord(rs.getString("id"), rs.getString("app"), rs.getString("provider_id"), rs.getString("plan_id"),
        rs.getString("version"), rs.getString("status"), rs.getString("restart_hook"), rs.getString("nodes"),
        endpointPort, rs.getString("database_name"), rs.getBytes("connection_url_enc"),
        rs.getBytes("restart_hook_secret_enc"),        Sql.instant(rs, "created_at"), Sql.instant(rs, "updated_at"), Sql.instant(rs, "observed_at"),
        Sql.instant(rs, "removed_at"), rs.getString("users"), rs.getString("extensions"));
  }
}
