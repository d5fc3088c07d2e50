package dev.pgaddon.api;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Token buckets, one per key (a credential's hash, or a remote address): {@code burst} requests at
 * once, then {@code perSecond}. Full buckets are forgotten when there are many, so keys made up by a
 * client (random tokens) cost memory only while they are being refilled.
 */
final class RateLimiter {
  private static final int PRUNE_ABOVE = 10_000;
  private static final long NANOS = 1_000_000_000L;

  private final double perNano;
  private final int burst;
  private final LongSupplier nanoTime;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();

  RateLimiter(double perSecond, int burst, LongSupplier nanoTime) {
    this.perNano = perSecond / NANOS;
    this.burst = burst;
    this.nanoTime = nanoTime;
  }

  /** @return 0 when a request was taken from the key's bucket, otherwise the nanoseconds until one can be */
  long take(String key) {
    long now = nanoTime.getAsLong();
    if (buckets.size() > PRUNE_ABOVE) {
      buckets.values().removeIf(b -> b.full(now));
    }
    return buckets.computeIfAbsent(key, k -> new Bucket(now)).take(now);
  }

  /** Whether the key's bucket is empty now (nothing is taken). */
  boolean exhausted(String key) {
    Bucket b = buckets.get(key);
    return b != null && b.waitFor(nanoTime.getAsLong()) > 0;
  }

  int size() {
    return buckets.size();
  }

  /** Whole seconds to wait, for a Retry-After header: at least 1. */
  static long seconds(long nanos) {
    return Math.max(1, (nanos + NANOS - 1) / NANOS);
  }

  private final class Bucket {
    private double tokens = burst;
    private long updated;

    Bucket(long now) {
      this.updated = now;
    }

    synchronized long take(long now) {
      long wait = waitFor(now);
      if (wait == 0) {
        tokens -= 1;
      }
      return wait;
    }

    synchronized long waitFor(long now) {
      refill(now);
      return tokens >= 1 ? 0 : (long) Math.ceil((1 - tokens) / perNano);
    }

    synchronized boolean full(long now) {
      refill(now);
      return tokens >= burst;
    }

    private void refill(long now) {
      if (now > updated) {
        tokens = Math.min(burst, tokens + (now - updated) * perNano);
        updated = now;
      }
    }
  }
}
