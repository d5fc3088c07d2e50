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

  /**
   * The process's environment with its system properties pgaddon.database.schema, pgaddon.database.url
   * and pgaddon.control.port over it: the one place the control settings are read from the process.
   */
  public static ControlSettings fromEnvironment() {
    java.util.Map<String, String> overrides = new java.util.HashMap<>();
    for (String name : java.util.List.of("pgaddon.database.schema", "pgaddon.database.url", "pgaddon.control.port",
        "user.home")) {
      String value = System.getProperty(name);
      if (value != null) {
        overrides.put(name, value);
      }
    }
    return from(System.getenv(), overrides);
  }

  /**
   * From {@code environment} (PGADDON_DATABASE_SCHEMA, PGADDON_DATABASE_URL, PGADDON_CONTROL_PORT,
   * PGADDON_HOME for the bootstrap's password file) and {@code overrides} (pgaddon.database.schema,
   * pgaddon.database.url, pgaddon.control.port; user.home for the default home), which win.
   * Tests that want their own schema or database give them here, or use {@link #fromUrl}.
   */
  public static ControlSettings from(java.util.Map<String, String> environment, java.util.Map<String, String> overrides) {
    String schema = setting(environment, overrides, "pgaddon.database.schema", "PGADDON_DATABASE_SCHEMA", "pgaddon");
    String url = setting(environment, overrides, "pgaddon.database.url", "PGADDON_DATABASE_URL", null);
    if (url != null) {
      return fromUrl(url, schema);
    }
    String port = setting(environment, overrides, "pgaddon.control.port", "PGADDON_CONTROL_PORT", String.valueOf(DEFAULT_PORT));
    try {
      int n = Integer.parseInt(port.trim());
      if (n < 1 || n > 65535) {
        throw new NumberFormatException();
      }
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("PGADDON_CONTROL_PORT: expected a port from 1 to 65535, got '" + port + "'");
    }
    return new ControlSettings("jdbc:postgresql://127.0.0.1:" + port.trim() + "/pgaddon", "pgaddon",
        readPassword(controlHome(environment, overrides)), schema);
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

  private static String readPassword(Path home) {
    Path file = home.resolve("control-db.password");
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new UncheckedIOException("no control database password at " + file
          + ": run scripts/bootstrap.sh (it starts pgaddon-control) or set PGADDON_DATABASE_URL", e);
    }
  }

  /** The bootstrap's home, not a test's temporary pgaddon.home: the control database is the machine's. */
  private static Path controlHome(java.util.Map<String, String> environment, java.util.Map<String, String> overrides) {
    String env = environment.get("PGADDON_HOME");
    String userHome = overrides.getOrDefault("user.home", environment.getOrDefault("HOME", ""));
    return env != null && !env.isBlank() ? Path.of(env) : Path.of(userHome, ".pgaddon");
  }

  private static String setting(java.util.Map<String, String> environment, java.util.Map<String, String> overrides,
      String property, String env, String fallback) {
    String value = overrides.get(property);
    if (value == null || value.isBlank()) {
      value = environment.get(env);
    }
    return value == null || value.isBlank() ? fallback : value;
  }
}
