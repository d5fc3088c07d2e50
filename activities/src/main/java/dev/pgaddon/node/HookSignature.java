package dev.pgaddon.node;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature of a restart hook request: {@code sha256=<hex HMAC-SHA256 of "<timestamp>.<body>">}
 * keyed with the addon's {@code restart-hook} secret, sent in the X-Pgaddon-Signature header with
 * the timestamp (unix seconds) in X-Pgaddon-Timestamp. An application checks it with {@link #verify}
 * and should also refuse timestamps too far from its own clock.
 */
public final class HookSignature {
  public static final String SIGNATURE_HEADER = "X-Pgaddon-Signature";
  public static final String TIMESTAMP_HEADER = "X-Pgaddon-Timestamp";
  private static final String PREFIX = "sha256=";

  private HookSignature() {}

  /** The header value, e.g. "sha256=5f1c...". */
  public static String sign(String secret, long timestamp, String body) {
    return PREFIX + HexFormat.of().formatHex(hmac(secret, timestamp + "." + body));
  }

  /** True when the signature header is the one {@link #sign} gives; compared in constant time. */
  public static boolean verify(String secret, long timestamp, String body, String signature) {
    if (secret == null || body == null || signature == null) {
      return false;
    }
    byte[] expected = sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8);
    return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(String secret, String message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
