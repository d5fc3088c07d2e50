package dev.pgaddon.control;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The backups table and each addon's backup schedule (hour of the day, UTC, and retention). */
public final class BackupStore {
  private static final String COLUMNS = "id, addon_id, method, status, created_at, finished_at, size_bytes, version,"
      + " system_id, start_wal, error, stored_bytes, verification";

  /** When an addon's periodic backup runs and how long its backups are kept. */
  public record Schedule(int hourUtc, int retentionDays) {}

  private final Sql sql;

  BackupStore(ControlDatabase db) {
    this.sql = new Sql(db);
  }

  /** A backup that has started, or starts again (a retried step): running again unless it is done. */
  public void started(String id, String addonId, String method) {
    sql.update("record backup " + id, "INSERT INTO backups (id, addon_id, method, status) VALUES (?, ?, ?, 'running')"
        + " ON CONFLICT (id) DO UPDATE SET status = 'running', error = NULL, finished_at = NULL"
        + " WHERE backups.status IN ('running', 'failed')", id, addonId, method);
  }

  /** The epoch a backup's files go to, known once it starts (so retention finds what a failed one left). */
  public void located(String id, String systemId) {
    sql.update("record the epoch of backup " + id, "UPDATE backups SET system_id = ? WHERE id = ?", systemId, id);
  }

  /** Backups made on a history a restore in place abandoned (after its target, before it ran). */
  public int abandoned(String addonId, String systemId, Instant after, Instant before) {
    return sql.update("forget the abandoned backups of " + addonId, "UPDATE backups SET status = 'deleted', deleted_at = now(),"
        + " error = 'made on the history a restore abandoned' WHERE addon_id = ? AND system_id = ? AND status = 'done'"
        + " AND finished_at > ? AND created_at < ?", addonId, systemId, after, before);
  }

  public void finished(String id, long sizeBytes, String version, String systemId, String startWal) {
    sql.update("record backup " + id + " as done", "UPDATE backups SET status = 'done', finished_at = coalesce(finished_at, now()),"
        + " size_bytes = ?, version = ?, system_id = ?, start_wal = ?, error = NULL WHERE id = ?",
        sizeBytes, version, systemId, startWal, id);
  }

  /** The bytes its pgBackRest copy takes in the repository. */
  public void storedCopy(String id, long storedBytes) {
    sql.update("record the pgBackRest copy of backup " + id, "UPDATE backups SET stored_bytes = ? WHERE id = ?", storedBytes, id);
  }

  /** What verifying the object store's copy said. */
  public void verification(String id, String verification) {
    sql.update("record the verification of backup " + id, "UPDATE backups SET verification = ? WHERE id = ?", verification, id);
  }

  public void failed(String id, String error) {
    sql.update("record backup " + id + " as failed", "UPDATE backups SET status = 'failed', finished_at = now(), error = ?"
        + " WHERE id = ? AND status = 'running'", error, id);
  }

  public void deleted(String id) {
    sql.update("record backup " + id + " as deleted", "UPDATE backups SET status = 'deleted', deleted_at = now()"
        + " WHERE id = ?", id);
  }

  /** The addon's backups that were not deleted, newest first. */
  public List<BackupRecord> of(String addonId) {
    return sql.query("list the backups of " + addonId, "SELECT " + COLUMNS + " FROM backups WHERE addon_id = ?"
        + " AND status <> 'deleted' ORDER BY created_at DESC, id DESC", BackupStore::map, addonId);
  }

  /** How many backups of this method the addon keeps (running or done; failed and deleted ones hold nothing). */
  public int countKept(String addonId, String method) {
    return sql.one("count the " + method + " backups of " + addonId, "SELECT count(*) FROM backups WHERE addon_id = ?"
        + " AND method = ? AND status IN ('running', 'done')", rs -> rs.getInt(1), addonId, method).orElse(0);
  }

  public Optional<BackupRecord> find(String addonId, String id) {
    return sql.one("read backup " + id, "SELECT " + COLUMNS + " FROM backups WHERE addon_id = ? AND id = ?"
        + " AND status <> 'deleted'", BackupStore::map, addonId, id);
  }

  /** Whether the addon's repository directory was made ready for its nodes (by any worker). */
  public boolean repositoryPrepared(String addonId) {
    return sql.one("read the repository of " + addonId, "SELECT 1 FROM backup_repositories WHERE addon_id = ?",
        rs -> true, addonId).isPresent();
  }

  public void repositoryPrepared(String addonId, boolean prepared) {
    if (prepared) {
      sql.update("record the repository of " + addonId, "INSERT INTO backup_repositories (addon_id) VALUES (?)"
          + " ON CONFLICT DO NOTHING", addonId);
    } else {
      sql.update("forget the repository of " + addonId, "DELETE FROM backup_repositories WHERE addon_id = ?", addonId);
    }
  }

  /** Whether a restore reads the addon's backups now (in place, or into a new addon): retention then waits. */
  public boolean restoring(String addonId) {
    return sql.one("look for restores of " + addonId, "SELECT 1 FROM operations WHERE status = 'running'"
        + " AND kind = 'pitr-restore' AND (addon_id = ? OR request->>'source_addon_id' = ?) LIMIT 1",
        rs -> true, addonId, addonId).isPresent();
  }

  public Schedule schedule(String addonId) {
    return sql.one("read the backup schedule of " + addonId, "SELECT backup_hour, backup_retention_days FROM addons WHERE id = ?",
        rs -> new Schedule(rs.getInt(1), rs.getInt(2)), addonId).orElse(new Schedule(3, 7));
  }

  public void setSchedule(String addonId, Schedule schedule) {
    sql.update("set the backup schedule of " + addonId, "UPDATE addons SET backup_hour = ?, backup_retention_days = ?,"
        + " updated_at = now() WHERE id = ?", (short) schedule.hourUtc(), (short) schedule.retentionDays(), addonId);
  }

  /**
   * Addons whose periodic backup is due: live, scheduled at this hour, and with no backup started
   * (or running) in the last 20 hours.
   */
  public List<String> due(int hourUtc, Instant now) {
    return sql.query("list the addons due for a backup", "SELECT a.id FROM addons a WHERE a.removed_at IS NULL"
        + " AND a.status <> 'provisioning' AND a.backup_hour = ? AND NOT EXISTS (SELECT 1 FROM backups b"
        + " WHERE b.addon_id = a.id AND b.status IN ('running', 'done') AND b.created_at > ?) ORDER BY a.id",
        rs -> rs.getString(1), (short) hourUtc, now.minusSeconds(20 * 3600));
  }

  private static BackupRecord map(ResultSet rs) throws SQLException {
    long size = rs.getLong("size_bytes");
    Long sizeBytes = rs.wasNull() ? null : size;
    long stored = rs.getLong("stored_bytes");
    Long storedBytes = rs.wasNull() ? null : stored;
    return new BackupRecord(rs.getString("id"), rs.getString("addon_id"), rs.getString("method"), rs.getString("status"),
        Sql.instant(rs, "created_at"), Sql.instant(rs, "finished_at"), sizeBytes, rs.getString("version"),
        rs.getString("system_id"), rs.getString("start_wal"), rs.getString("error"), storedBytes, rs.getString("verification"));
  }
}
