package dev.pgaddon.backup;

import dev.pgaddon.operation.AddonNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * The S3 store holding the platform's copy of every addon's pgBackRest repository (made by the shipper of
 * scripts/objectstore.sh), as a restore task reaches it: over the Docker network {@code network}, which no
 * node joins. Its keys and CA are files of {@code credentials} ($PGADDON_HOME/objectstore); a task gets them
 * as secret files, never in its environment.
 */
public record ObjectStore(String endpoint, int port, String bucket, String region, String network, Path credentials) {
  public static final String KEY = "PGADDON_S3_KEY";
  public static final String KEY_SECRET = "PGADDON_S3_KEY_SECRET";
  public static final String CA = "PGADDON_S3_CA";
  public static final String CIPHER_PASS = "PGADDON_STORE_CIPHER_PASS";

  public ObjectStore {
    require(endpoint, "[A-Za-z0-9][A-Za-z0-9.-]{0,252}", "PGADDON_S3_ENDPOINT", "a host name");
    require(bucket, "[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]", "PGADDON_S3_BUCKET", "an S3 bucket name");
    require(region, "[a-z0-9-]{1,40}", "PGADDON_S3_REGION", "a region name");
    require(network, "[A-Za-z0-9][A-Za-z0-9_.-]{0,62}", "PGADDON_S3_NETWORK", "a Docker network name");
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("PGADDON_S3_PORT must be a port number, not " + port);
    }
  }

  /** The variables scripts/objectstore.sh reads too, with the same defaults. */
  public static ObjectStore fromEnvironment(Path home, UnaryOperator<String> env) {
    String port = orDefault(env.apply("PGADDON_S3_PORT"), "8333");
    if (!port.matches("[0-9]{1,5}")) {
      throw new IllegalArgumentException("PGADDON_S3_PORT must be a port number, not '" + port + "'");
    }
    return new ObjectStore(orDefault(env.apply("PGADDON_S3_ENDPOINT"), "pgaddon-objectstore"), Integer.parseInt(port),
        orDefault(env.apply("PGADDON_S3_BUCKET"), "pgaddon-backups"), orDefault(env.apply("PGADDON_S3_REGION"), "us-east-1"),
        orDefault(env.apply("PGADDON_S3_NETWORK"), "pgaddon-store"), home.resolve("objectstore"));
  }

  /** The keys and CA are there: scripts/objectstore.sh made them, or an operator put another store's. */
  public boolean configured() {
    return Files.isReadable(credentials.resolve("access-key")) && Files.isReadable(credentials.resolve("secret-key"))
        && Files.isReadable(credentials.resolve("ca.crt"));
  }

  /** Where the copy of the addon's repository is, and the store's settings (none of them secret). */
  public List<String> environment(String addonId) {
    return List.of("PGADDON_S3_ENDPOINT=" + endpoint, "PGADDON_S3_PORT=" + port, "PGADDON_S3_BUCKET=" + bucket,
        "PGADDON_S3_REGION=" + region, "PGADDON_S3_PATH=/" + AddonNames.requireAddonId(addonId) + "/pgbackrest");
  }

  /** The store's keys and CA, as a task's secret files. */
  public Map<String, String> credentialFiles() {
    return Map.of(KEY, read("access-key"), KEY_SECRET, read("secret-key"), CA, read("ca.crt"));
  }

  /** @param repositoryKey the key of the addon whose repository is read */
  public Map<String, String> secrets(String repositoryKey) {
    Map<String, String> all = new java.util.HashMap<>(credentialFiles());
    all.put(CIPHER_PASS, repositoryKey);
    return Map.copyOf(all);
  }

  private String read(String file) {
    try {
      return Files.readString(credentials.resolve(file)).strip() + (file.endsWith(".crt") ? "\n" : "");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the object store's " + file + " in " + credentials, e);
    }
  }

  private static String orDefault(String value, String fallback) {
    return value == null || value.isBlank() ? fallback : value.strip();
  }

  private static void require(String value, String pattern, String variable, String what) {
    if (value == null || !value.matches(pattern)) {
      throw new IllegalArgumentException(variable + " must be " + what + ", not '" + value + "'");
    }
  }
}
