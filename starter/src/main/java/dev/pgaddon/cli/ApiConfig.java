package dev.pgaddon.cli;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Properties;

/** The credentials file `pgaddon login` writes ({@link CliSettings} says where the API and token come from). */
final class ApiConfig {
  static final String DEFAULT_URL = "http://127.0.0.1:8080";

  private ApiConfig() {}

  /** $XDG_CONFIG_HOME/pgaddon/credentials, else ~/.config/pgaddon/credentials. */
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

}
