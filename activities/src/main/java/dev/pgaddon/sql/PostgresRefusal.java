package dev.pgaddon.sql;

import java.sql.SQLException;
import java.util.List;

/**
 * PostgreSQL's own refusal of a statement (objects depend on it, an invalid name or value, a file
 * that is not there), as opposed to a node that does not answer: reported with its reason, not retried.
 */
public final class PostgresRefusal {
  /** SQLSTATE classes: dependent objects, object state, syntax or access rule, feature, system error, data. */
  private static final List<String> CLASSES = List.of("2B", "55", "42", "0A", "58", "22");

  private PostgresRefusal() {}

  public static boolean is(SQLException e) {
    String state = String.valueOf(e.getSQLState());
    return CLASSES.stream().anyMatch(state::startsWith);
  }
}
