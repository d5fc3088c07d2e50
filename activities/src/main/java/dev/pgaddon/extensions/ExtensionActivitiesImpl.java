package dev.pgaddon.extensions;

import static dev.pgaddon.sql.Identifiers.quote;

import dev.pgaddon.operation.Failures;
import dev.pgaddon.sql.PostgresConnections;
import dev.pgaddon.sql.PostgresRefusal;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
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
    run(input, "CREATE EXTENSION IF NOT EXISTS " + quote(input.name()), "enabled");
    return new ExtensionChanged(input.name(), "extension " + input.name() + " enabled");
  }

  @Override
  public ExtensionChanged disable(ExtensionInput input) {
    run(input, "DROP EXTENSION IF EXISTS " + quote(input.name()), "disabled");
    return new ExtensionChanged(input.name(), "extension " + input.name() + " disabled");
  }

  private void run(ExtensionInput input, String statement, String done) {
    // The rule again, at the last place before SQL: only the offered names ever reach a statement.
    String problem = ExtensionRules.nameProblem(input.name());
    if (problem != null) {
      throw Failures.invalid(problem);
    }
    try (Connection c = connections.superuser(input.addonId(), input.primary(), input.database());
        Statement s = c.createStatement()) {
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
