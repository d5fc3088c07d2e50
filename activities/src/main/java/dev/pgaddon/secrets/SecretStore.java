package dev.pgaddon.secrets;

import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.temporal.PgaddonHome;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Comparator;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The worker's credentials for each addon (superuser, replication, default user), in files only
 * the worker's user can read. They never travel through workflow inputs, outputs or logs.
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

  private static final Set<String> NAMES = Set.of(SUPERUSER, REPLICATION, DEFAULT_USER, ENDPOINT_AUTH, ENDPOINT_ADMIN,
      RESTART_HOOK_SECRET);

  private static final String ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Path root;

  public SecretStore(PgaddonHome home) {
    this.root = home.path().resolve("secrets").toAbsolutePath().normalize();
  }

  /** A 64-character password of letters, digits and '_', as the seed's generated passwords look. */
  public static String generatePassword() {
    StringBuilder sb = new StringBuilder(64);
    for (int i = 0; i < 64; i++) {
      sb.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return sb.toString();
  }

  /** The stored secret, made and stored first when absent (so a retried step reuses it). */
  public synchronized String getOrCreate(String addonId, String name) {
    Path file = file(addonId, name);
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.getParent());
        Path tmp = Files.createTempFile(file.getParent(), name, ".tmp",
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tmp, generatePassword());
        Files.move(tmp, file);
      }
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or write secret " + name + " of " + addonId, e);
    }
  }

  public synchronized String require(String addonId, String name) {
    Path file = file(addonId, name);
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("no " + name + " credential is stored for " + addonId, e);
    }
  }

  public synchronized void deleteAll(String addonId) {
    Path dir = addonDir(addonId);
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot delete the secrets of " + addonId, e);
    }
  }

  private Path addonDir(String addonId) {
    return underRoot(root.resolve(AddonNames.requireAddonId(addonId)));
  }

  private Path file(String addonId, String name) {
    if (name == null || !NAMES.contains(name)) {
      throw new IllegalArgumentException("unknown secret name '" + name + "'; known: " + NAMES);
    }
    return underRoot(addonDir(addonId).resolve(name));
  }

  /** A second guard behind the validation: nothing outside the secrets directory is ever touched. */
  private Path underRoot(Path path) {
    Path normalized = path.normalize();
    if (!normalized.startsWith(root) || normalized.equals(root)) {
      throw new IllegalArgumentException("secret path " + normalized + " is outside " + root);
    }
    return normalized;
  }
}
