package dev.pgaddon.users;

import dev.pgaddon.sql.SqlActivitiesImpl;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The login roles of an addon, read from PostgreSQL itself (the truth), as the spec's list shows them. */
public final class DatabaseUsers {
  public static final String READ_ONLY_COMMENT = "pgaddon:read-only";
  /** The platform's own roles: never listed, never touched. */
  private static final Set<String> PLATFORM = Set.of("postgres", "replicator", "pgbouncer_auth",
      dev.pgaddon.sql.MonitorRole.NAME);
  /** Login roles with their comment and verifier kind; also the body of the observer's pgaddon.login_roles(). */
  public static final String LOGIN_ROLES =
      // Qualified although the connection pins search_path (PostgresConnections): never the tenant's functions.
      "SELECT rolname, coalesce(pg_catalog.shobj_description(oid, 'pg_authid'::pg_catalog.name), '')::pg_catalog.text,"
          + " (CASE WHEN pg_catalog.starts_with(rolpassword, 'SCRAM-SHA-256$'::pg_catalog.text) THEN 'SCRAM-SHA-256'"
          + " WHEN pg_catalog.starts_with(rolpassword, 'md5'::pg_catalog.text) THEN 'MD5' ELSE '' END)::pg_catalog.text"
          + " FROM pg_catalog.pg_authid WHERE rolcanlogin AND NOT rolsuper ORDER BY rolname";

  /** @param passwordEncryption SCRAM-SHA-256 or MD5, from the stored verifier's prefix */
  public record User(String name, boolean readOnly, boolean protectedUser, String passwordEncryption) {}

  private final List<User> all;

  private DatabaseUsers(List<User> all) {
    this.all = all;
  }

  /** Needs a superuser: the verifier's kind is only in pg_authid. */
  public static DatabaseUsers read(Connection c) throws SQLException {
    return read(c, LOGIN_ROLES);
  }

  /** As the observer, through the platform's SECURITY DEFINER function (MonitorRole). */
  public static DatabaseUsers readAsMonitor(Connection c) throws SQLException {
    return read(c, "SELECT * FROM " + dev.pgaddon.sql.MonitorRole.LOGIN_ROLES_FUNCTION + "()");
  }

  private static DatabaseUsers read(Connection c, String query) throws SQLException {
    List<User> users = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
      while (rs.next()) {
        String comment = rs.getString(2);
        users.add(new User(rs.getString(1), READ_ONLY_COMMENT.equals(comment),
            SqlActivitiesImpl.PROTECTED_COMMENT.equals(comment), rs.getString(3)));
      }
    }
    return new DatabaseUsers(users);
  }

  /** The application's users: the protected default user and those made through the platform or by hand. */
  public List<User> application() {
    return all.stream().filter(u -> !PLATFORM.contains(u.name())).toList();
  }

  public User exactly(String name) {
    return all.stream().filter(u -> u.name().equals(name)).findFirst().orElse(null);
  }

  public User ignoringCase(String name) {
    return all.stream().filter(u -> u.name().toLowerCase(Locale.ROOT).equals(name.toLowerCase(Locale.ROOT)))
        .findFirst().orElse(null);
  }

  public boolean reserved(String name) {
    return PLATFORM.stream().anyMatch(p -> p.equalsIgnoreCase(name));
  }

  /** Roles whose new tables read-only users must be able to read: the default user and read-write users. */
  public List<String> writers(String defaultUser) {
    List<String> writers = new ArrayList<>(List.of(defaultUser));
    application().stream().filter(u -> !u.readOnly() && !u.name().equals(defaultUser)).forEach(u -> writers.add(u.name()));
    return writers;
  }

  public List<String> readOnly() {
    return application().stream().filter(User::readOnly).map(User::name).toList();
  }
}
