package dev.pgaddon.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/**
 * Where the pgaddon API is and which token to show it: system property, then environment, then the
 * credentials file `pgaddon login` wrote, then (URL only) the local default.
 */
final class ApiConfig {
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  private ApiConfig() {}

  static String url() {
    return first(System.getProperty("pgaddon.api.url"), System.getenv("PGADDON_API_URL"),
        saved().getProperty("api_url"), DEFAULT_URL);
  }

  /** Null when none is configured: the API then answers 401, which the CLI explains. */
  static String token() {
    return first(System.getProperty("pgaddon.api.token"), System.getenv("PGADDON_API_TOKEN"),
        saved().getProperty("token"), null);
  }

  /** $XDG_CONFIG_HOME/pgaddon/credentials, else ~/.config/pgaddon/credentials. */
  static Path credentialsFile() {
    return credentialsFile(System.getenv("XDG_CONFIG_HOME"), System.getProperty("user.home"));
  }

  static Path credentialsFile(String xdgConfigHome, String home) {
    Path config = xdgConfigHome != null && !xdgConfigHome.isBlank() ? Path.of(xdgConfigHome) : Path.of(home, ".config");
    return config.resolve("pgaddon").resolve("credentials");
  }

  static Properties read(Path file) {
    Properties p = new Properties();
    if (Files.isRegularFile(file)) {
      try (Reader r = Files.newBufferedReader(file)) {
        p.load(r);
      } catch (IOException unreadable) {
        // as if there were none: the API's 401 then says what to do
      }
    }
    return p;
  }

  /**
   * Writes the file with mode 0600 from its creation: a temporary file made with those permissions
   * in the same directory, then renamed over the old one, so the token is never readable by others.
   */
  static void write(Path file, String url, String token) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    Path tmp = Files.createTempFile(dir, ".credentials-", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    try {
      Properties p = new Properties();
      p.setProperty("api_url", url);
      p.setProperty("token", token);
      try (Writer w = Files.newBufferedWriter(tmp)) {
        p.store(w, "pgaddon login");
      }
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private static Properties saved() {
    return read(credentialsFile());
  }

  private static String first(String... values) {
    for (String v : values) {
      if (v != null && !v.isBlank()) {
        return v.strip();
      }
    }
    return null;
  }
}
