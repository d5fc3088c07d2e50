package dev.pgaddon.control;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecoveryWindowsTest {
  private static final Instant T0 = Instant.parse("2026-11-20T00:00:00Z");
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private static BackupRecord done(String id, int day, String system, String version) {
    Instant created = T0.plusSeconds(day * 86_400L);
    return new BackupRecord(id, "ad-x", "manual", BackupRecord.DONE, created, created.plusSeconds(60), 1L, version, system,
        "000000010000000000000001", null);
  }

  private static final List<BackupRecord> TWO_EPOCHS = List.of(
      done("bk-c", 6, "222", "17.12"), done("bk-b", 2, "111", "15.20"), done("bk-a", 1, "111", "15.20"),
      new BackupRecord("bk-f", "ad-x", "manual", BackupRecord.FAILED, T0.plusSeconds(7 * 86_400L), null, null, null, null,
          null, "lost"));

  @Test
  void theNewestBackupFinishedBeforeTheTargetIsChosen() {
    RecoveryWindows w = RecoveryWindows.of("ad-x", 15, TWO_EPOCHS.subList(1, 3), NOW);
    assertEquals("bk-a", w.choose(T0.plusSeconds(86_400L + 3600), NOW, true).backup().id());
    assertEquals("bk-b", w.choose(T0.plusSeconds(3 * 86_400L), NOW, true).backup().id());
    assertEquals(T0.plusSeconds(86_400L + 60), w.current().orElseThrow().earliest());
  }

  @Test
  void aTimeBeforeTheUpgradeIsRefusedInPlaceAndOfferedIntoANewAddon() {
    RecoveryWindows w = RecoveryWindows.of("ad-x", 17, TWO_EPOCHS, NOW);
    assertEquals(2, w.epochs().size());
    assertFalse(w.epochs().get(0).current());
    assertEquals(T0.plusSeconds(6 * 86_400L), w.epochs().get(0).latest(), "the old epoch ends where the new one begins");
    Instant beforeUpgrade = T0.plusSeconds(3 * 86_400L);
    IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> w.choose(beforeUpgrade, NOW, true));
    assertTrue(refused.getMessage().contains("before the upgrade to PostgreSQL 17")
        && refused.getMessage().contains("into a new addon on PostgreSQL 15 with --new-addon"), refused.getMessage());
    RecoveryWindows.Choice copy = w.choose(beforeUpgrade, NOW, false);
    assertEquals("bk-b", copy.backup().id());
    assertFalse(copy.epoch().current());
    assertTrue(w.choose(NOW.minusSeconds(5), NOW, true).epoch().current());
  }

  @Test
  void badTargetsGetOneClearLine() {
    RecoveryWindows w = RecoveryWindows.of("ad-x", 17, TWO_EPOCHS, NOW);
    assertTrue(assertThrows(IllegalArgumentException.class, () -> w.choose(NOW.plusSeconds(60), NOW, true))
        .getMessage().contains("is in the future"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> w.choose(T0, NOW, false))
        .getMessage().contains("outside the recovery window"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RecoveryWindows.parseTarget("yesterday"))
        .getMessage().contains("not an RFC 3339 time"));
    assertTrue(assertThrows(IllegalArgumentException.class, () -> RecoveryWindows.parseTarget("2026-11-29T10:00:00"))
        .getMessage().contains("with its offset"), "a time without its offset is ambiguous");
    assertEquals(Instant.parse("2026-11-29T09:15:00Z"), RecoveryWindows.parseTarget("2026-11-29T10:15:00+01:00"));
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> RecoveryWindows.of("ad-x", 15, List.of(), NOW).choose(T0, NOW, true)).getMessage().contains("no finished base backup"));
  }
}
