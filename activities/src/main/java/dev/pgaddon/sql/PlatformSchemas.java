package dev.pgaddon.sql;

import static dev.pgaddon.sql.Identifiers.quote;

import dev.pgaddon.operation.Failures;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The schemas of a tenant's database that hold what the platform installs as superuser: only a
 * superuser may own them or create in them, so nothing a tenant writes is on the search_path of an
 * extension script or of PgBouncer's auth function.
 *
 * <p>The tenant has CREATE on its database (the seed's grants), so it may have made a schema of
 * that name first: then nothing is installed there, and the refusal says what to do.
 */
public final class PlatformSchemas {
  /** Extensions enabled through the platform (never public, where application users create). */
  public static final String EXTENSIONS = "extensions";
  /** PgBouncer's auth function. */
  public static final String PGADDON = "pgaddon";

  private PlatformSchemas() {}

  /** Creates the schema if absent, then refuses unless a superuser owns it; usable by all, writable by none. */
  public static void ensure(Connection c, String schema) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE SCHEMA IF NOT EXISTS " + quote(schema));
      requirePlatformOwned(c, schema);
      s.execute("REVOKE ALL ON SCHEMA " + quote(schema) + " FROM PUBLIC");
      if (EXTENSIONS.equals(schema)) {
        s.execute("GRANT USAGE ON SCHEMA " + quote(schema) + " TO PUBLIC");
      }
    }
  }

  /** Refuses a schema that a role other than a superuser owns (no-op when it does not exist). */
  public static void requirePlatformOwned(Connection c, String schema) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT r.rolname, r.rolsuper FROM pg_catalog.pg_namespace n"
        + " JOIN pg_catalog.pg_roles r ON r.oid OPERATOR(pg_catalog.=) n.nspowner"
        + " WHERE n.nspname OPERATOR(pg_catalog.=) ?::pg_catalog.name")) {
      ps.setString(1, schema);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next() && !rs.getBoolean(2)) {
          throw Failures.invalid("schema \"" + schema + "\" belongs to role \"" + rs.getString(1) + "\", not to the"
              + " platform, which installs there as superuser: rename it (ALTER SCHEMA \"" + schema + "\" RENAME TO ...)"
              + " and try again");
        }
      }
    }
  }

  /**
   * The application's sessions find the extensions without qualifying them: a default for the
   * database, which a session or role of the tenant may still override for itself.
   */
  public static void putExtensionsOnTheDefaultPath(Connection c, String database) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("ALTER DATABASE " + quote(database) + " SET search_path = \"$user\", public, " + EXTENSIONS);
    }
  }
}
