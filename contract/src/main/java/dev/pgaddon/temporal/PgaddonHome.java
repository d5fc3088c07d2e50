package dev.pgaddon.temporal;

import java.nio.file.Path;

/** The control plane's own files (codec key, secrets): PGADDON_HOME, or ~/.pgaddon. */
public record PgaddonHome(Path path) {
  /** The process's settings' ({@link dev.pgaddon.settings.PlatformSettings#current()}). */
  public static PgaddonHome fromEnvironment() {
    return new PgaddonHome(dev.pgaddon.settings.PlatformSettings.current().home());
  }
}
