package dev.pgaddon.control;

import java.util.List;

/** The apps the control plane knows: an app exists once a token or an addon names it. */
public final class Apps {
  private final Sql sql;

  Apps(ControlDatabase db) {
    this.sql = new Sql(db);
  }

  public void ensure(String app) {
    sql.update("record app " + app, "INSERT INTO apps (name) VALUES (?) ON CONFLICT (name) DO NOTHING", app);
  }

  public boolean exists(String app) {
    return sql.one("look up app " + app, "SELECT 1 FROM apps WHERE name = ?", rs -> true, app).isPresent();
  }

  public List<String> all() {
    return sql.query("list apps", "SELECT name FROM apps ORDER BY name", rs -> rs.getString(1));
  }
}
