package dev.pgaddon.sql;

import static dev.pgaddon.sql.Identifiers.quote;

import dev.pgaddon.users.DatabaseUsers;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The role the status refresh observes an addon as, every 30 seconds: no superuser, so nothing it
 * runs in a tenant's database can lend a tenant's object a superuser's power. It is a member of
 * pg_monitor (replication, archiver and activity views, every setting) and may execute one
 * function of the platform's schema, which reads the login roles' verifier kinds from pg_authid.
 */
public final class MonitorRole {
  public static final String NAME = "pgaddon_monitor";
  public static final String LOGIN_ROLES_FUNCTION = PlatformSchemas.PGADDON + ".login_roles";

  private MonitorRole() {}

  /** On the primary, as superuser, in the {@code postgres} database: the role, with the stored password. */
  public static void ensureRole(Connection postgres, String password) throws SQLException {
    SqlActivitiesImpl.ensureLoginRole(postgres, NAME, " NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION", password);
    try (Statement s = postgres.createStatement()) {
      s.execute("GRANT pg_monitor TO " + quote(NAME));
    }
  }

  /** On the primary, as superuser, in the application's database: the one function the observer may call. */
  public static void ensureFunction(Connection database) throws SQLException {
    PlatformSchemas.ensure(database, PlatformSchemas.PGADDON);
    try (Statement s = database.createStatement()) {
      s.execute("CREATE OR REPLACE FUNCTION " + LOGIN_ROLES_FUNCTION + "(OUT rolname pg_catalog.name, OUT comment pg_catalog.text,"
          + " OUT encryption pg_catalog.text) RETURNS SETOF record LANGUAGE sql STABLE SECURITY DEFINER"
          + " SET search_path = pg_catalog AS $$ " + DatabaseUsers.LOGIN_ROLES + " $$");
      s.execute("REVOKE ALL ON FUNCTION " + LOGIN_ROLES_FUNCTION + "() FROM PUBLIC");
      s.execute("GRANT USAGE ON SCHEMA " + PlatformSchemas.PGADDON + " TO " + quote(NAME));
      s.execute("GRANT EXECUTE ON FUNCTION " + LOGIN_ROLES_FUNCTION + "() TO " + quote(NAME));
    }
  }
}
