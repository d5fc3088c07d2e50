package dev.pgaddon.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The CLI's settings, built once in {@link Pgaddon#main} and handed to every command: the API's URL
 * and token when given (-Dpgaddon.api.url, else PGADDON_API_URL; -Dpgaddon.api.token, else
 * PGADDON_API_TOKEN), and the credentials file `pgaddon login` writes and the others fall back to
 * ($XDG_CONFIG_HOME/pgaddon/credentials, else ~/.config/pgaddon/credentials). Tests build their own.
 *
 * @param apiUrl the API's URL when given, or null for the saved one, else {@link ApiConfig#DEFAULT_URL}
 * @param apiToken the token when given, or null for the saved one
 * @param credentialsFile where login saves and the commands read the URL and token
 */
public record CliSettings(String apiUrl, String apiToken, Path credentialsFile) {
  public CliSettings {
    apiUrl = blankToNull(apiUrl);
    apiToken = blankToNull(apiToken);
    java.util.Objects.requireNonNull(credentialsFile, "credentialsFile");
  }

  /** The process's system properties, environment and home: the one place the CLI reads them. */
  public static CliSettings fromEnvironment() {
    return from(System.getenv(), Map.of(
        "pgaddon.api.url", String.valueOf(System.getProperty("pgaddon.api.url", "")),
        "pgaddon.api.token", String.valueOf(System.getProperty("pgaddon.api.token", "")),
        "user.home", String.valueOf(System.getProperty("user.home", ""))));
  }

  /** From {@code environment} and {@code properties} (pgaddon.api.url, pgaddon.api.token, user.home), which win. */
  public static CliSettings from(Map<String, String> environment, Map<String, String> properties) {
    return new CliSettings(
        first(properties.get("pgaddon.api.url"), environment.get("PGADDON_API_URL")),
        first(properties.get("pgaddon.api.token"), environment.get("PGADDON_API_TOKEN")),
        ApiConfig.credentialsFile(environment.get("XDG_CONFIG_HOME"),
            first(properties.get("user.home"), environment.get("HOME"), "")));
  }

  /** An API at this URL with this token (tests, the integration tests' CLI); saved credentials under {@code home}. */
  public static CliSettings of(String apiUrl, String apiToken, Path home) {
    return new CliSettings(apiUrl, apiToken, ApiConfig.credentialsFile(null, home.toString()));
  }

  /** The API's URL: given, else saved by login, else the local default. */
  String url() {
    return first(apiUrl, saved().getProperty("api_url"), ApiConfig.DEFAULT_URL);
  }

  /** Null when none is configured: the API then answers 401, which the CLI explains. */
  String token() {
    return first(apiToken, saved().getProperty("token"));
  }

  /** The settings of the command line this command runs in (its top command's). */
  static CliSettings of(CommandSpec spec) {
    Object top = spec.root().userObject();
    if (top instanceof Pgaddon pgaddon) {
      return pgaddon.settings;
    }
    throw new IllegalStateException("a pgaddon command runs under the pgaddon command line (Pgaddon.commandLine)");
  }

  private Properties saved() {
    return ApiConfig.read(credentialsFile);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
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
