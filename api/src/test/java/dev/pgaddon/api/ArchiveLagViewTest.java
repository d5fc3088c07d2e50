package dev.pgaddon.api;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.pgaddon.control.AddonRecord;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ArchiveLagViewTest {
  private static final Instant OBSERVED = Instant.parse("2026-12-06T03:00:00Z");

  private static AddonRecord withNodes(String nodesJson, Instant observedAt) {
    return new AddonRecord("ad-1", "app", null, "postgresql-business-512", "17.12", "running", null, nodesJson, null, null,
        null, null, OBSERVED, OBSERVED, observedAt, null, null, null);
  }

  @Test
  void thePrimarysLagInBytesAndSecondsSinceItsLastArchive() {
    String nodes = "[{\"name\":\"node1\",\"role\":\"follower\",\"archive_lag_bytes\":null},"
        + "{\"name\":\"node2\",\"role\":\"primary\",\"archive_lag_bytes\":4096,\"archived_at\":\"2026-12-06T02:58:30Z\"}]";
    assertEquals(new BackupRoutes.ArchiveLag(4096L, 90L), BackupRoutes.archiveLag(withNodes(nodes, OBSERVED)));
  }

  @Test
  void nothingUnarchivedIsNoLagHoweverOldTheLastArchive() {
    String nodes = "[{\"name\":\"node1\",\"role\":\"primary\",\"archive_lag_bytes\":0,\"archived_at\":\"2026-12-01T00:00:00Z\"}]";
    assertEquals(new BackupRoutes.ArchiveLag(0L, 0L), BackupRoutes.archiveLag(withNodes(nodes, OBSERVED)));
  }

  @Test
  void unknownWithoutAPrimaryThatSaidOrBeforeAnyRefresh() {
    assertEquals(new BackupRoutes.ArchiveLag(null, null), BackupRoutes.archiveLag(withNodes(
        "[{\"name\":\"node1\",\"role\":\"primary\",\"archiving\":\"ok\"}]", OBSERVED)), "a worker of an earlier version");
    assertEquals(new BackupRoutes.ArchiveLag(null, null), BackupRoutes.archiveLag(withNodes(
        "[{\"name\":\"node1\",\"role\":\"primary\",\"archive_lag_bytes\":10}]", null)));
  }
}
