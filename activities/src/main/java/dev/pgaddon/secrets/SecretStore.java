package dev.pgaddon.secrets;

import dev.pgaddon.control.SecretVault;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.temporal.PgaddonHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Optional;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The credentials of each addon (superuser, replication, default user...), sealed in the control
 * database under the workers' shared key: any worker reads what another one created. They never
 * travel through workflow inputs, outputs, logs or container environments.
 * Opened secrets are kept in memory (they never change), so a worker reaches its nodes even while
 * the control database does not answer.
 * Workers of earlier versions kept them in files under PGADDON_HOME/secrets: a worker moves them
 * into the control database when it starts ({@link #importLegacyFiles}), before it takes any step.
 */
public final class SecretStore {
  public static final String SUPERUSER = "superuser";
  public static final String REPLICATION = "replication";
  public static final String DEFAULT_USER = "default-user";
  /** PgBouncer's auth_user, which looks up application users' SCRAM secrets. */
  public static final String ENDPOINT_AUTH = "endpoint-auth";
  /** PgBouncer's admin console user (PAUSE, RESUME, RELOAD). */
  public static final String ENDPOINT_ADMIN = "endpoint-admin";
  /** The key restart hook requests are signed with (HMAC-SHA256), so the application can check them. */
  public static final String RESTART_HOOK_SECRET = "restart-hook";
  /** The status refresh's role (MonitorRole): pg_monitor, never a superuser. */
  public static final String MONITOR = "monitor";
  /** The addon's pgBackRest repository key (aes-256-cbc): its nodes and backup tasks get it as a file. */
  public static final String REPOSITORY_KEY = "repository-key";

  private static final Set<String> NAMES = Set.of(SUPERUSER, REPLICATION, DEFAULT_USER, ENDPOINT_AUTH, ENDPOINT_ADMIN,
      RESTART_HOOK_SECRET, MONITOR, REPOSITORY_KEY);

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(SecretStore.class);

  private final SecretVault vault;
  private final Path legacyRoot;
  private final java.util.Map<String, String> opened = new java.util.concurrent.ConcurrentHashMap<>();

  public SecretStore(SecretVault vault, PgaddonHome home) {
    this.vault = vault;
    this.legacyRoot = home.path().resolve("secrets").toAbsolutePath().normalize();
  }

  /** A 64-character password of letters, digits and '_', as the seed's generated passwords look. */
  public static String generatePassword() {
    StringBuilder sb = new StringBuilder(64);
    for (int i = 0; i < 64; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /** The stored secret, made and stored first when absent (so a retried step, on any worker, reuses it). */
  public String getOrCreate(String addonId, String name) {
    return remembered(addonId, name, legacy -> vault.getOrCreate(addonId, name,
        () -> readLegacy(legacy).orElseGet(SecretStore::generatePassword)));
  }

  public String require(String addonId, String name) {
    return remembered(addonId, name, legacy -> vault.find(addonId, name)
        .or(() -> readLegacy(legacy).map(old -> vault.getOrCreate(addonId, name, () -> old)))
        .orElseThrow(() -> new IllegalStateException("no " + name + " credential is stored for " + addonId)));
  }

  /**
   * A restored copy of {@code source} holds its roles with their passwords: the copy's addon gets
   * the same secrets for them (its own endpoint admin and hook secret stay its own). A value the
   * target holds already is kept, so a retried step changes nothing.
   */
  public void copyDatabaseRoles(String source, String target) {
    for (String name : List.of(SUPERUSER, REPLICATION, DEFAULT_USER, ENDPOINT_AUTH)) {
      String value = require(source, name);
      opened.put(key(target, name), vault.getOrCreate(target, name, () -> value));
    }
  }

  /** The secret this worker opened already, else loaded (given its old file's path), then remembered. */
  private String remembered(String addonId, String name, java.util.function.Function<Path, String> load) {
    Path legacy = legacyFile(addonId, name);
    String cached = opened.get(key(addonId, name));
    if (cached != null) {
      return cached;
    }
    String value = load.apply(legacy);
    forgetIfStored(legacy, value);
    opened.put(key(addonId, name), value);
    return value;
  }

  /**
   * Moves the secret files of an earlier worker into the control database. A file whose value
   * differs from the one stored already is kept, and logged, never deleted: it may be the only
   * copy of a password a node still uses.
   *
   * @return how many were imported
   */
  public int importLegacyFiles() {
    if (!Files.isDirectory(legacyRoot)) {
      return 0;
    }
    int imported = 0;
    try (Stream<Path> addons = Files.list(legacyRoot)) {
      for (Path dir : addons.filter(Files::isDirectory).toList()) {
        String addonId = dir.getFileName().toString();
        if (!AddonNames.isAddonId(addonId)) {
          continue;
        }
        for (String name : NAMES) {
          Path file = legacyFile(addonId, name);
          Optional<String> old = readLegacy(file);
          if (old.isPresent()) {
            forgetIfStored(file, vault.getOrCreate(addonId, name, old::get));
            imported++;
          }
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list the old secret files in " + legacyRoot, e);
    }
    if (imported > 0) {
      log.info("moved {} secret files of an earlier worker into the control database", imported);
    }
    return imported;
  }

  public void deleteAll(String addonId) {
    Path dir = legacyDir(addonId);
    vault.deleteAll(addonId);
    opened.keySet().removeIf(k -> k.startsWith(addonId + "/"));
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the old secret files of " + addonId, e);
    }
  }

  private static String key(String addonId, String name) {
    return addonId + "/" + name;
  }

  private static Optional<String> readLegacy(Path file) {
    try {
      return Files.exists(file) ? Optional.of(Files.readString(file)) : Optional.empty();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the old secret file " + file, e);
    }
  }

  /** The old file goes once the control database holds its very value; a different value keeps it. */
  private static void forgetIfStored(Path legacy, String stored) {
    Optional<String> old = readLegacy(legacy);
    if (old.isEmpty()) {
      return;
    }
    if (!old.get().equals(stored)) {
      log.warn("the old secret file {} differs from the secret stored in the control database: kept", legacy);
      return;
    }
    try {
      Files.deleteIfExists(legacy);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the old secret file " + legacy, e);
    }
  }

  private Path legacyDir(String addonId) {
    return underRoot(legacyRoot.resolve(AddonNames.requireAddonId(addonId)));
  }

  /** Validates both names before anything is read, written or deleted. */
  private Path legacyFile(String addonId, String name) {
    if (name == null || !NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown secret name '" + name + "'; known: " + NAMES);
    }
    return underRoot(legacyDir(addonId).resolve(name));
  }

  /** A second guard behind the validation: nothing outside the old secrets directory is ever touched. */
  private Path underRoot(Path path) {
    Path normalized = path.normalize();
    if (!normalized.startsWith(legacyRoot) || normalized.equals(legacyRoot)) {
      throw new IllegalArgumentException("secret path " + normalized + " is outside " + legacyRoot);
    }
    return normalized;
  }
}
