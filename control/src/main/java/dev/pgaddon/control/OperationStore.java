package dev.pgaddon.control;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;

/** The operations table: a row per operation started through the API, closed by the workflow's last activity. */
public final class OperationStore {
  private static final String COLUMNS = "id, addon_id, app, kind, workflow_id, run_id, token_id, request::text AS request,"
      + " status, error_code, error_message, steps::text AS steps, result::text AS result, started_at, closed_at";

  private final Sql sql;

  OperationStore(ControlDatabase db) {
    this.sql = new Sql(db);
  }

  public void create(OperationRecord o) {
    insert(o, "");
  }

  /** The row of a workflow run, once: a retried activity finds it there and adds nothing. */
  public void createIfAbsent(OperationRecord o) {
    insert(o, " ON CONFLICT (run_id) DO NOTHING");
  }

  private void insert(OperationRecord o, String onConflict) {
    sql.update("record operation " + o.id(), "INSERT INTO operations (id, addon_id, app, kind, workflow_id, run_id, token_id,"
        + " request, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)" + onConflict, o.id(), o.addonId(), o.app(), o.kind(),
        o.workflowId(), o.runId(), o.tokenId(), new Sql.Json(o.requestJson() == null ? "{}" : o.requestJson()),
        OperationRecord.RUNNING);
  }

  public Optional<OperationRecord> find(String id) {
    return sql.one("read operation " + id, "SELECT " + COLUMNS + " FROM operations WHERE id = ?", OperationStore::map, id);
  }

  /** The operation still marked running on an addon, if any. */
  public Optional<OperationRecord> running(String addonId) {
    return sql.one("read running operation of " + addonId, "SELECT " + COLUMNS + " FROM operations WHERE addon_id = ?"
        + " AND status = 'running' ORDER BY started_at DESC LIMIT 1", OperationStore::map, addonId);
  }

  /** The operations still marked running on an app's addons, in one query. */
  public List<OperationRecord> runningOfApp(String app) {
    return sql.query("read running operations of " + app, "SELECT " + COLUMNS + " FROM operations WHERE app = ?"
        + " AND status = 'running' ORDER BY started_at", OperationStore::map, app);
  }

  /** Closes the operation of a workflow run once; a second close (a retried activity) changes nothing. */
  public boolean close(String runId, String status, String errorCode, String errorMessage, String stepsJson,
      String resultJson) {
    return sql.update("close operation of run " + runId, "UPDATE operations SET status = ?, error_code = ?, error_message = ?,"
        + " steps = coalesce(?, steps), result = ?, closed_at = now() WHERE run_id = ? AND status = 'running'",
        status, errorCode, errorMessage, new Sql.Json(stepsJson), new Sql.Json(resultJson), runId) == 1;
  }

  /** Newest first; {@code addonId} may be null for the whole app. */
  public List<OperationRecord> ofApp(String app, String addonId, int limit, int offset) {
    return sql.query("list operations of " + app, "SELECT " + COLUMNS + " FROM operations WHERE app = ?"
        + " AND (?::text IS NULL OR addon_id = ?) ORDER BY started_at DESC, id LIMIT ? OFFSET ?",
        OperationStore::map, app, addonId, addonId, limit, offset);
  }

  public int countOfApp(String app, String addonId) {
    return sql.one("count operations of " + app, "SELECT count(*) FROM operations WHERE app = ?"
        + " AND (?::text IS NULL OR addon_id = ?)", rs -> rs.getInt(1), app, addonId, addonId).orElse(0);
  }

  private static OperationRecord map(ResultSet rs) throws SQLException {
    return new OperationRecord(rs.getString("id"), rs.getString("addon_id"), rs.getString("app"), rs.getString("kind"),
        rs.getString("workflow_id"), rs.getString("run_id"), rs.getString("token_id"), rs.getString("request"),
        rs.getString("status"), rs.getString("error_code"), rs.getString("error_message"), rs.getString("steps"),
        rs.getString("result"), Sql.instant(rs, "started_at"), Sql.instant(rs, "closed_at"));
  }
}
