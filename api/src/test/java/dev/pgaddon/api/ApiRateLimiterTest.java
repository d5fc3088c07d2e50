package dev.pgaddon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class ApiRateLimiterTest {
  private final AtomicLong now = new AtomicLong(1_000);
  private final RateLimiter limiter = new RateLimiter(20, 100, now::get);

  @Test
  void aBurstThenTheRate() {
    for (int i = 0; i < 100; i++) {
      assertEquals(0, limiter.take("a"), "request " + i);
    }
    long wait = limiter.take("a");
    assertEquals(TimeUnit.MILLISECONDS.toNanos(50), wait);
    assertEquals(1, RateLimiter.seconds(wait));
    assertTrue(limiter.exhausted("a"));
    assertFalse(limiter.exhausted("b"), "each key has its own bucket");
    now.addAndGet(TimeUnit.MILLISECONDS.toNanos(50));
    assertEquals(0, limiter.take("a"), "one more after 1/20 s");
    assertTrue(limiter.take("a") > 0);
    now.addAndGet(TimeUnit.SECONDS.toNanos(60));
    for (int i = 0; i < 100; i++) {
      assertEquals(0, limiter.take("a"), "a full burst again, never more: " + i);
    }
    assertTrue(limiter.take("a") > 0);
  }

  @Test
  void retryAfterIsWholeSecondsRoundedUp() {
    assertEquals(1, RateLimiter.seconds(1));
    assertEquals(1, RateLimiter.seconds(TimeUnit.SECONDS.toNanos(1)));
    assertEquals(2, RateLimiter.seconds(TimeUnit.SECONDS.toNanos(1) + 1));
  }

  @Test
  void manyKeysMadeUpByAClientAreForgottenOnceFull() {
    for (int i = 0; i < 20_000; i++) {
      limiter.take("guess-" + i);
      now.addAndGet(TimeUnit.MILLISECONDS.toNanos(1));
    }
    // Refilled buckets were dropped as the map grew: it never holds much more than the threshold.
    assertTrue(limiter.size() <= 10_001, "buckets kept: " + limiter.size());
  }
}
