package dev.pgaddon.sql;

/** SQL quoting: identifiers are always quoted, literals escaped. */
public final class Identifiers {
  private Identifiers() {}

  public static String quote(String identifier) {
    return '"' + identifier.replace("\"", "\"\"") + '"';
  }

  public static String literal(String value) {
    return "'" + value.replace("'", "''") + "'";
  }
}
