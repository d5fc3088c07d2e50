package dev.pgaddon.temporal;

import java.nio.file.Path;

/** The control plane's own files (codec key, secrets): PGADDON_HOME, or ~/.pgaddon. */
public record PgaddonHome(Path path) {
  public static PgaddonHome fromEnvironment() {
    String env = System.getenv("PGADDON_HOME");
    String override = System.getProperty("pgaddon.home");
    if (override != null && !override.isBlank()) {
      return new PgaddonHome(Path.of(override));
    }
    if (env != null && !env.isBlank()) {
      return new PgaddonHome(Path.of(env));
    }
    return new PgaddonHome(Path.of(System.getProperty("user.home"), ".pgaddon"));
  }
}
