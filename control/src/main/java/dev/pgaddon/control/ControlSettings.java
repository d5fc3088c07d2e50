package dev.pgaddon.control;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where the control database is: PGADDON_DATABASE_URL (postgres://user:password@host:port/db), or
 * the bootstrap's container (pgaddon-control on 127.0.0.1:PGADDON_CONTROL_PORT, default 5433) with
 * the password it generated into PGADDON_HOME. The schema (PGADDON_DATABASE_SCHEMA, default
 * "pgaddon") lets tests keep their records apart.
 */
public record ControlSettings(String jdbcUrl, String user, String password, String schema) {
  public static final int DEFAULT_PORT = 5433;
  private static final java.util.regex.Pattern SCHEMA = java.util.regex.Pattern.compile("[a-z][a-z0-9_]{0,62}");

  public ControlSettings {
    if (!SCHEMA.matcher(schema).matches()) {
      throw new IllegalArgumentException("invalid control database schema '" + schema + "'");
    }
  }

  public static ControlSettings fromEnvironment() {
    String schema = setting("pgaddon.database.schema", "PGADDON_DATABASE_SCHEMA", "pgaddon");
    String url = setting("pgaddon.database.url", "PGADDON_DATABASE_URL", null);
    if (url != null) {
      return fromUrl(url, schema);
    }
    String port = setting("pgaddon.control.port", "PGADDON_CONTROL_PORT", String.valueOf(DEFAULT_PORT));
    return new ControlSettings("jdbc:postgresql://127.0.0.1:" + port + "/pgaddon", "pgaddon", readPassword(), schema);
  }

  /** A postgres:// URL with its credentials, or a jdbc:postgresql: URL whose credentials are parameters. */
  public static ControlSettings fromUrl(String url, String schema) {
    if (url.startsWith("jdbc:postgresql:")) {
      return new ControlSettings(url, null, null, schema);
    }
    URI uri = URI.create(url);
    if (!"postgres".equals(uri.getScheme()) && !"postgresql".equals(uri.getScheme())) {
      throw new IllegalArgumentException("PGADDON_DATABASE_URL must be a postgres:// or jdbc:postgresql: URL");
    }
    String user = null;
    String password = null;
    if (uri.getRawUserInfo() != null) {
      String[] parts = uri.getRawUserInfo().split(":", 2);
      user = URLDecoder.decode(parts[0], StandardCharsets.UTF_8);
      password = parts.length > 1 ? URLDecoder.decode(parts[1], StandardCharsets.UTF_8) : null;
    }
    int port = uri.getPort() > 0 ? uri.getPort() : 5432;
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    return new ControlSettings("jdbc:postgresql://" + uri.getHost() + ":" + port + uri.getRawPath() + query, user, password, schema);
  }

  public ControlSettings withSchema(String newSchema) {
    return new ControlSettings(jdbcUrl, user, password, newSchema);
  }

  @Override
  public String toString() {
    return "ControlSettings[" + jdbcUrl + ", user " + user + ", schema " + schema + "]"; // never the password
  }

  private static String readPassword() {
    Path file = controlHome().resolve("control-db.password");
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("no control database password at " + file
          + ": run scripts/bootstrap.sh (it starts pgaddon-control) or set PGADDON_DATABASE_URL", e);
    }
  }

  /** The bootstrap's home, not a test's temporary pgaddon.home: the control database is the machine's. */
  private static Path controlHome() {
    String env = System.getenv("PGADDON_HOME");
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".pgaddon");
  }

  private static String setting(String property, String env, String fallback) {
    String value = System.getProperty(property);
    if (value == null || value.isBlank()) {
      value = System.getenv(env);
    }
    return value == null || value.isBlank() ? fallback : value;
  }
}
