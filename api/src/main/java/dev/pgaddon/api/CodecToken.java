package dev.pgaddon.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The operators' credential for the codec endpoints: PGADDON_CODEC_TOKEN, or the file codec.token
 * in the pgaddon home (mode 0600), made on first use.
 */
public final class CodecToken {
  static final String FILE = "codec.token";
  private final byte[] secret;

  private CodecToken(String secret) {
    // It becomes a cookie's value: no separators, no spaces.
    if (!secret.matches("[A-Za-z0-9._~+/=-]{16,200}")) {
      throw new IllegalArgumentException("a codec token is 16 to 200 letters, digits or -._~+/=");
    }
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
  }

  static CodecToken of(String secret) {
    return new CodecToken(secret.trim());
  }

  static CodecToken load(String fromEnvironment, Path home) {
    if (fromEnvironment != null && !fromEnvironment.isBlank()) {
      return of(fromEnvironment);
    }
    Path file = home.resolve(FILE);
    try {
      if (!Files.exists(file)) {
        create(file);
      }
      return of(Files.readString(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read or create the codec token " + file, e);
    }
  }

  boolean matches(String presented) {
    return presented != null
        && MessageDigest.isEqual(secret, presented.trim().getBytes(StandardCharsets.UTF_8));
  }

  private static synchronized void create(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    Path tmp = Files.createTempFile(file.getParent(), "codec-token", ".tmp",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    Files.writeString(tmp, Base64.getUrlEncoder().withoutPadding().encodeToString(bytes) + "\n");
    try {
      Files.move(tmp, file);
    } catch (FileAlreadyExistsException raced) {
      Files.delete(tmp);
    }
  }
}
