package dev.pgaddon.upgrade;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class UpgradeEstimateTest {
  private static final long GIB = 1L << 30;

  @Test
  void theSeedsPessimisticFigureIsOneMinutePerTenGibStartedAndAtLeastOneMinute() {
    assertEquals(60, UpgradeEstimate.of(0, 0).pessimisticSeconds());
    assertEquals(60, UpgradeEstimate.of(10 * GIB, 0).pessimisticSeconds());
    assertEquals(120, UpgradeEstimate.of(10 * GIB + 1, 0).pessimisticSeconds());
    assertEquals(600, UpgradeEstimate.of(100 * GIB, 0).pessimisticSeconds());
  }

  @Test
  void linkModeDependsOnTheRelationsNotOnTheBytes() {
    assertEquals(UpgradeEstimate.of(GIB, 10).linkModeSeconds(), UpgradeEstimate.of(1000 * GIB, 10).linkModeSeconds());
    assertEquals(10, UpgradeEstimate.of(GIB, 0).linkModeSeconds());
    assertEquals(25, UpgradeEstimate.of(GIB, 20_000).linkModeSeconds());
  }
}
