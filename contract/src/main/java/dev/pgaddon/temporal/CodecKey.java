package dev.pgaddon.temporal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;

/**
 * The payload encryption key shared by the worker and the CLI: PGADDON_CODEC_KEY (base64 of 32
 * bytes) when set, otherwise the file codec.key under the pgaddon home, made on first use.
 */
public record CodecKey(SecretKey key, String id) {

  public static CodecKey fromBase64(String base64) {
    byte[] bytes = Base64.getDecoder().decode(base64.trim());
    if (bytes.length != 32) {
      throw new IllegalArgumentException("a codec key is 32 bytes, base64-encoded; got " + bytes.length + " bytes");
    }
    return new CodecKey(new SecretKeySpec(bytes, "AES"), fingerprint(bytes));
  }

  public static CodecKey load(PgaddonHome home) {
    return load(home, dev.pgaddon.settings.PlatformSettings.current().codecKey(), "codec.key");
  }

  /**
   * The key the addons' secrets are sealed with in the control database: the workers' alone (the
   * API never loads it), PGADDON_SECRETS_KEY or the file secrets.key under the pgaddon home. Workers
   * on other hosts are given the same one.
   */
  public static CodecKey workerSecrets(PgaddonHome home) {
    return load(home, dev.pgaddon.settings.PlatformSettings.current().secretsKey(), "secrets.key");
  }

  /** {@code fromEnv} (base64) when set, else the file {@code fileName} under the home, made on first use. */
  private static CodecKey load(PgaddonHome home, String fromEnv, String fileName) {
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromBase64(fromEnv);
    }
    Path file = home.path().resolve(fileName);
    try {
      if (!Files.exists(file)) {
        createKeyFile(file);
      }
      return fromBase64(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the key " + file, e);
    }
  }

  private static synchronized void createKeyFile(Path file) throws IOException {
    if (Files.exists(file)) {
      return;
    }
    Files.createDirectories(file.getParent());
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    Path tmp = Files.createTempFile(file.getParent(), "codec", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, Base64.getEncoder().encodeToString(bytes));
    try {
      Files.move(tmp, file);
    } catch (java.nio.file.FileAlreadyExistsException raced) {
      Files.delete(tmp);
    }
  }

  private static String fingerprint(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes), 0, 4);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
