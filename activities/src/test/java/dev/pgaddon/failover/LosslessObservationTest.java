package dev.pgaddon.failover;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class LosslessObservationTest {
  private static final Instant T = Instant.parse("2026-12-05T10:00:00Z");

  @Test
  void aSynchronousObservationAfterTheLastOperationHolds() {
    assertTrue(LosslessObservation.fresh(T.plusSeconds(1), T));
    assertTrue(LosslessObservation.fresh(T, null), "no operation ever ran");
  }

  @Test
  void anObservationFromBeforeTheLastOperationDoesNot() {
    // The operation made the primary asynchronous and ended; the primary died before the next check.
    assertFalse(LosslessObservation.fresh(T.minusMillis(500), T));
    assertFalse(LosslessObservation.fresh(T, T));
    assertFalse(LosslessObservation.fresh(null, null), "never seen synchronous");
  }
}
