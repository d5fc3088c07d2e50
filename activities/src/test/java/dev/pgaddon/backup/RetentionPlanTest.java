package dev.pgaddon.backup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pgaddon.control.BackupRecord;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class RetentionPlanTest {
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");

  private static BackupRecord done(String id, int daysAgo, String system, String startWal) {
    Instant created = NOW.minusSeconds(daysAgo * 86_400L);
    return new BackupRecord(id, "ad-x", "periodic", BackupRecord.DONE, created, created.plusSeconds(60), 1L, "15.20", system,
        startWal, null);
  }

  @Test
  void olderBackupsGoExceptTheNewestOfThemAndTheWalStartsAtTheOldestKept() {
    List<BackupRecord> backups = List.of(done("bk-d", 1, "111", "000000030000000000000040"),
        done("bk-c", 6, "111", "000000020000000000000030"), done("bk-b", 9, "111", "000000010000000000000020"),
        done("bk-a", 10, "111", "000000010000000000000010"));
    RetentionPlan plan = RetentionPlan.of(backups, NOW.minusSeconds(7 * 86_400L));
    assertEquals(List.of("bk-a"), plan.deleted().stream().map(BackupRecord::id).toList());
    assertEquals(List.of("epoch-111/base/bk-a", "epoch-111/base/bk-a.partial"), plan.deletedPaths());
    assertEquals(List.of("epoch-111:000000010000000000000020"), plan.walKeptFrom(), "bk-b anchors the first day");
    assertEquals(List.of(), plan.deletedEpochs());
  }

  @Test
  void anEpochWithNoBackupLeftGoesWhole() {
    List<BackupRecord> backups = List.of(done("bk-new", 2, "222", "000000010000000000000005"),
        done("bk-mid", 8, "222", "000000010000000000000002"), done("bk-old", 20, "111", "000000010000000000000009"));
    RetentionPlan plan = RetentionPlan.of(backups, NOW.minusSeconds(7 * 86_400L));
    assertEquals(List.of("bk-old"), plan.deleted().stream().map(BackupRecord::id).toList());
    assertEquals(List.of("epoch-111"), plan.deletedEpochs());
    assertEquals(List.of("epoch-222:000000010000000000000002"), plan.walKeptFrom());
  }

  @Test
  void nothingIsDeletedWithinTheRetention() {
    RetentionPlan plan = RetentionPlan.of(List.of(done("bk-a", 1, "111", "000000010000000000000010")),
        NOW.minusSeconds(7 * 86_400L));
    assertEquals(List.of(), plan.deleted());
  }
}
