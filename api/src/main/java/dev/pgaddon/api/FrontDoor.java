package dev.pgaddon.api;

import io.javalin.http.Context;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What every /v1 request passes before a handler runs, and before anything reads its body: the rate
 * limit, the credential, then the declared size of the body. A client without a valid credential
 * never gets a byte of its body read.
 *
 * <p>Buckets: one per credential (the hash of the secret as sent), one per remote address for
 * requests without one, and one per remote address for credentials that fail, checked before the
 * control database is asked, so guessing tokens is slowed down and costs no queries.
 */
final class FrontDoor {
  private static final int MAX_SECRET_LENGTH = 200;

  private final Credentials credentials;
  private final RateLimiter limiter;
  private final ApiSettings settings;

  FrontDoor(Credentials credentials, RateLimiter limiter, ApiSettings settings) {
    this.credentials = credentials;
    this.limiter = limiter;
    this.settings = settings;
  }

  void admit(Context ctx) {
    // Every answer under /v1 is for one token's eyes (connection URLs, hook secrets, passwords, backups).
    ctx.header("Cache-Control", "no-store");
    String secret = bearer(ctx);
    if (secret == null || ctx.path().equals(ApiServer.OPENAPI_PATH)) {
      limit(ctx, "anonymous " + ctx.ip(), "from this address without a token");
      if (ctx.path().equals(ApiServer.OPENAPI_PATH)) {
        return; // the API's description is public
      }
      throw ApiError.unauthorized();
    }
    String failures = "failed " + ctx.ip();
    if (limiter.exhausted(failures)) {
      limit(ctx, failures, "with invalid tokens from this address");
    }
    limit(ctx, "credential " + hash(secret), "with this token");
    Caller caller = credentials.check(secret).orElse(null);
    if (caller == null) {
      limiter.take(failures);
      throw ApiError.unauthorized();
    }
    Caller.set(ctx, caller);
    refuseLargeBody(ctx);
  }

  /** The secret of an {@code Authorization: Bearer} header, or null. */
  static String bearer(Context ctx) {
    String header = ctx.header("Authorization");
    if (header == null || !header.startsWith("Bearer ")) {
      return null;
    }
    String secret = header.substring("Bearer ".length()).trim();
    return secret.isEmpty() || secret.length() > MAX_SECRET_LENGTH ? null : secret;
  }

  private void limit(Context ctx, String key, String what) {
    long wait = limiter.take(key);
    if (wait > 0) {
      long seconds = RateLimiter.seconds(wait);
      ctx.header("Retry-After", Long.toString(seconds));
      throw new ApiError(429, "rate_limited", "too many requests " + what + ": at most "
          + rate(settings.ratePerSecond()) + " a second, in bursts of " + settings.rateBurst() + "; retry in " + seconds + " s");
    }
  }

  /**
   * A client still sending its body when the 413 comes back often sees a reset instead of the
   * answer: up to 1 MiB is read and dropped first (the minimum data rate bounds how long that
   * takes), so the refusal arrives; beyond, the connection closes.
   */
  private static void refuseLargeBody(Context ctx) {
    String length = ctx.header("Content-Length");
    if (length == null || !length.matches("\\d{1,18}") || Long.parseLong(length) <= ApiServer.MAX_BODY_BYTES) {
      return;
    }
    if (Long.parseLong(length) > 1024 * 1024) {
      ctx.header("Connection", "close");
    } else {
      try (InputStream in = ctx.req().getInputStream()) {
        in.transferTo(java.io.OutputStream.nullOutputStream());
      } catch (IOException | RuntimeException gone) {
        // the client went away or was too slow: nothing to answer
      }
    }
    throw new ApiError(413, "too_large", "the request body is larger than " + ApiServer.MAX_BODY_BYTES / 1024 + " KiB");
  }

  private static String rate(double perSecond) {
    return perSecond == Math.rint(perSecond) ? Long.toString((long) perSecond) : Double.toString(perSecond);
  }

  private static String hash(String secret) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(secret.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
