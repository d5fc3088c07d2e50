package dev.pgaddon.api;

import java.time.Duration;
import java.util.Map;

/**
 * The front door's limits, read from the environment here and nowhere else:
 * PGADDON_API_IDLE_TIMEOUT_SECONDS (10), PGADDON_API_MIN_DATA_RATE_BYTES (1024 a second, both ways),
 * PGADDON_API_RATE_PER_SECOND (20) and PGADDON_API_RATE_BURST (100) per token, and the quotas.
 */
record ApiSettings(Duration idleTimeout, long minDataRateBytesPerSecond, double ratePerSecond, int rateBurst,
    Quotas quotas) {

  ApiSettings {
    if (idleTimeout.isNegative() || idleTimeout.isZero() || ratePerSecond <= 0 || rateBurst < 1
        || minDataRateBytesPerSecond < 0) {
      throw new IllegalArgumentException("invalid API limits: " + idleTimeout + ", " + ratePerSecond + "/s, burst "
          + rateBurst + ", " + minDataRateBytesPerSecond + " B/s");
    }
  }

  static ApiSettings defaults() {
    return fromEnvironment(Map.of());
  }

  static ApiSettings fromEnvironment() {
    return fromEnvironment(dev.pgaddon.settings.PlatformSettings.current().environment());
  }

  static ApiSettings fromEnvironment(Map<String, String> env) {
    return new ApiSettings(
        Duration.ofSeconds(number(env, "PGADDON_API_IDLE_TIMEOUT_SECONDS", 10)),
        number(env, "PGADDON_API_MIN_DATA_RATE_BYTES", 1024),
        number(env, "PGADDON_API_RATE_PER_SECOND", 20),
        (int) number(env, "PGADDON_API_RATE_BURST", 100),
        new Quotas(
            (int) number(env, Quotas.ADDONS, 10),
            (int) number(env, Quotas.MANUAL_BACKUPS, 50),
            (int) number(env, Quotas.SESSIONS, 20)));
  }

  ApiSettings withRate(double perSecond, int burst) {
    return new ApiSettings(idleTimeout, minDataRateBytesPerSecond, perSecond, burst, quotas);
  }

  ApiSettings withIdleTimeout(Duration timeout, long minBytesPerSecond) {
    return new ApiSettings(timeout, minBytesPerSecond, ratePerSecond, rateBurst, quotas);
  }

  private static long number(Map<String, String> env, String name, long fallback) {
    String value = env.get(name);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    try {
      long n = Long.parseLong(value.trim());
      if (n >= 0 && n <= Integer.MAX_VALUE) {
        return n;
      }
    } catch (NumberFormatException e) {
      // refused below
    }
    throw new IllegalArgumentException(name + " must be a whole number from 0 to " + Integer.MAX_VALUE + ", not '" + value + "'");
  }
}
