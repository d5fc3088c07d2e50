package dev.pgaddon.control;

import java.util.List;

/** The PostgreSQL versions the workers' engines hold images for: the version catalog the API offers. */
public final class VersionStore {
  private final Sql sql;

  VersionStore(ControlDatabase db) {
    this.sql = new Sql(db);
  }

  /** Records what a worker's engine offers now; versions no worker has seen for a day drop out. */
  public void report(List<String> versions) {
    for (String v : versions) {
      sql.update("record version " + v, "INSERT INTO offered_versions (version) VALUES (?)"
          + " ON CONFLICT (version) DO UPDATE SET seen_at = now()", v);
    }
    sql.update("expire versions", "DELETE FROM offered_versions WHERE seen_at < now() - interval '1 day'");
  }

  /** Oldest first, in version order. */
  public List<String> offered() {
    return sql.query("list versions", "SELECT version FROM offered_versions"
        + " ORDER BY string_to_array(version, '.')::int[]", rs -> rs.getString(1));
  }
}
