package dev.pgaddon.users;

import static dev.pgaddon.sql.Identifiers.literal;
import static dev.pgaddon.sql.Identifiers.quote;

import dev.pgaddon.operation.Failures;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.sql.PostgresRefusal;
import dev.pgaddon.sql.SqlActivitiesImpl;
import io.temporal.activity.Activity;
import io.temporal.failure.ApplicationFailure;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class UserActivitiesImpl implements UserActivities {
  private static final Logger log = LoggerFactory.getLogger(UserActivitiesImpl.class);

  private final PostgresConnections connections;

  public UserActivitiesImpl(PostgresConnections connections) {
    this.connections = connections;
  }

  @Override
  public UserChanged create(UserInput input) {
    try (Connection c = connections.superuser(input.addonId(), input.primary(), input.database());
        Statement s = c.createStatement()) {
      DatabaseUsers users = DatabaseUsers.read(c);
      DatabaseUsers.User existing = users.exactly(input.username());
      // A retry of a create whose answer was lost finds its own user: the statements below are idempotent.
      if (existing != null && firstAttempt() || existing == null && users.ignoringCase(input.username()) != null
          || users.reserved(input.username())) {
        throw refused(existing != null ? "user \"" + input.username() + "\" already exists"
            : users.reserved(input.username()) ? "\"" + input.username() + "\" is a role of the platform"
            : "user \"" + input.username() + "\" differs from the existing user \""
                + users.ignoringCase(input.username()).name() + "\" only by case");
      }
      SqlActivitiesImpl.ensureLoginRole(c, input.username(), "", input.password());
      String user = quote(input.username());
      String schema = " IN SCHEMA public ";
      if (input.readOnly()) {
        s.execute("COMMENT ON ROLE " + user + " IS " + literal(DatabaseUsers.READ_ONLY_COMMENT));
        s.execute("GRANT CONNECT ON DATABASE " + quote(input.database()) + " TO " + user);
        s.execute("GRANT USAGE ON SCHEMA public TO " + user);
        s.execute("GRANT SELECT ON ALL TABLES" + schema + "TO " + user);
        s.execute("GRANT SELECT ON ALL SEQUENCES" + schema + "TO " + user);
        // Tables are created later by the default user and by read-write users: readable as they come.
        for (String writer : users.writers(input.database())) {
          readableAsTheyCome(s, writer, input.username());
        }
      } else {
        for (String grant : SqlActivitiesImpl.seedGrants(input.database(), input.username())) {
          s.execute(grant);
        }
        for (String reader : users.readOnly()) {
          readableAsTheyCome(s, input.username(), reader);
        }
      }
    } catch (SQLException e) {
      throw new IllegalStateException("create user failed: " + e.getMessage(), e);
    }
    log.info("step create-user: {} on {} ({})", input.username(), input.addonId(), input.readOnly() ? "read-only" : "read-write");
    return new UserChanged(input.username(), "user \"" + input.username() + "\" created");
  }

  @Override
  public UserChanged updatePassword(UserInput input) {
    try (Connection c = connections.superuser(input.addonId(), input.primary(), input.database())) {
      DatabaseUsers.User user = requireApplicationUser(DatabaseUsers.read(c), input.username(),
          "its password is changed only with the addon's own credentials");
      c.unwrap(PGConnection.class).alterUserPassword(user.name(), input.password().toCharArray(), "scram-sha-256");
    } catch (SQLException e) {
      throw new IllegalStateException("update password failed: " + e.getMessage(), e);
    }
    log.info("step update-password: {} on {}", input.username(), input.addonId());
    return new UserChanged(input.username(), "password of \"" + input.username() + "\" changed");
  }

  @Override
  public UserChanged delete(UserInput input) {
    try (Connection c = connections.superuser(input.addonId(), input.primary(), input.database());
        Statement s = c.createStatement()) {
      DatabaseUsers users = DatabaseUsers.read(c);
      if (users.exactly(input.username()) == null && !firstAttempt()) {
        return new UserChanged(input.username(), "user \"" + input.username() + "\" deleted");
      }
      requireApplicationUser(users, input.username(), "cannot be deleted");
      String user = quote(input.username());
      // What it made stays, owned by the default user; then its privileges go, then the role. No tenant code runs:
      // ownership changes and drops fire no trigger (event triggers are a superuser's, and none is ours).
      s.execute("REASSIGN OWNED BY " + user + " TO " + quote(input.owner()));
      s.execute("DROP OWNED BY " + user);
      try (Connection postgres = connections.superuser(input.addonId(), input.primary(), "postgres");
          Statement p = postgres.createStatement()) {
        p.execute("DROP OWNED BY " + user);
        p.execute("DROP ROLE " + user);
      }
    } catch (SQLException e) {
      if (PostgresRefusal.is(e)) {
        // Objects elsewhere depend on the user, say: reported as it is.
        throw refused("user \"" + input.username() + "\" was not deleted: " + e.getMessage());
      }
      throw new IllegalStateException("delete user failed: " + e.getMessage(), e);
    }
    log.info("step delete-user: {} on {}", input.username(), input.addonId());
    return new UserChanged(input.username(), "user \"" + input.username() + "\" deleted");
  }

  private static void readableAsTheyCome(Statement s, String creator, String reader) throws SQLException {
    String tail = " IN SCHEMA public GRANT SELECT ON ";
    s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(creator) + tail + "TABLES TO " + quote(reader));
    s.execute("ALTER DEFAULT PRIVILEGES FOR ROLE " + quote(creator) + tail + "SEQUENCES TO " + quote(reader));
  }

  private static DatabaseUsers.User requireApplicationUser(DatabaseUsers users, String username, String ifProtected) {
    DatabaseUsers.User user = users.exactly(username);
    if (user == null) {
      throw refused("no user \"" + username + "\" on this database");
    }
    if (user.protectedUser()) {
      throw refused("Protected user is managed by the platform and " + ifProtected + ".");
    }
    return user;
  }

  private static boolean firstAttempt() {
    return Activity.getExecutionContext().getInfo().getAttempt() == 1;
  }

  private static ApplicationFailure refused(String message) {
    return Failures.invalid(message);
  }
}
