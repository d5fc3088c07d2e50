package dev.pgaddon.extensions;

import static dev.pgaddon.sql.Identifiers.quote;

import dev.pgaddon.operation.Failures;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.sql.PostgresRefusal;
import java.sql.Connection;
import java.sql.SQLException;
import dev.pgaddon.sql.PlatformSchemas;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

public final class ExtensionActivitiesImpl implements ExtensionActivities {
  private static final Logger log = LoggerFactory.getLogger(ExtensionActivitiesImpl.class);

  private final PostgresConnections connections;

  public ExtensionActivitiesImpl(PostgresConnections connections) {
    this.connections = connections;
  }

  @Override
  public ExtensionChanged enable(ExtensionInput input) {
    run(input, c -> {
      // Its script runs as superuser with search_path = its schema: never one application users create in.
      String fixed = fixedSchema(c, input.name());
      if (fixed == null) {
        PlatformSchemas.ensure(c, PlatformSchemas.EXTENSIONS);
        PlatformSchemas.putExtensionsOnTheDefaultPath(c, input.database());
      } else {
        PlatformSchemas.requirePlatformOwned(c, fixed);
      }
      return "CREATE EXTENSION IF NOT EXISTS " + quote(input.name())
          + (fixed == null ? " SCHEMA " + quote(PlatformSchemas.EXTENSIONS) : "");
    }, "enabled");
    return new ExtensionChanged(input.name(), "extension " + input.name() + " enabled");
  }

  @Override
  public ExtensionChanged disable(ExtensionInput input) {
    run(input, c -> "DROP EXTENSION IF EXISTS " + quote(input.name()), "disabled");
    return new ExtensionChanged(input.name(), "extension " + input.name() + " disabled");
  }

  private interface Statement {
    String prepare(Connection c) throws SQLException;
  }

  /** The schema an extension's control file names (postgis_topology: topology), or null if it may go anywhere. */
  private static String fixedSchema(Connection c, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("SELECT schema FROM pg_catalog.pg_available_extension_versions"
        + " WHERE name OPERATOR(pg_catalog.=) ?::pg_catalog.name AND schema IS NOT NULL LIMIT 1")) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getString(1) : null;
      }
    }
  }

  private void run(ExtensionInput input, Statement prepared, String done) {
    // The rule again, at the last place before SQL: only the offered names ever reach a statement.
    String problem = ExtensionRules.nameProblem(input.name());
    if (problem != null) {
      throw Failures.invalid(problem);
    }
    String statement = "extension " + input.name();
    try (Connection c = connections.superuser(input.addonId(), input.primary(), input.database());
        java.sql.Statement s = c.createStatement()) {
      statement = prepared.prepare(c);
      s.execute(statement);
    } catch (SQLException e) {
      if (PostgresRefusal.is(e)) {
        throw Failures.invalid("PostgreSQL refused: " + e.getMessage());
      }
      throw new IllegalStateException(statement + " failed: " + e.getMessage(), e);
    }
    log.info("step extension: {} {} in {} of {}", input.name(), done, input.database(), input.addonId());
  }
}
