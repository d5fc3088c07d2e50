package dev.pgaddon.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class ArchiveLagTest {
  private static final String SIXTEEN_MIB = "16777216";

  @Test
  void theWalPastTheLastArchivedSegmentIsTheLag() {
    // segment 3 of timeline 1 ends at 0/4000000; the primary is 0x1234 bytes into segment 4
    assertEquals(0x1234L, AddonObserver.archiveLagBytes("0/4001234", "000000010000000000000003", SIXTEEN_MIB));
    assertEquals(0L, AddonObserver.archiveLagBytes("0/4000000", "000000010000000000000003", SIXTEEN_MIB), "right after a switch");
    // the high word of the LSN is the segment name's middle part: segment 1/FF ends at 2/0
    assertEquals(0x10L, AddonObserver.archiveLagBytes("2/10", "0000000300000001000000FF", SIXTEEN_MIB));
    assertEquals(0L, AddonObserver.archiveLagBytes("0/3FFFFFF", "000000010000000000000003", SIXTEEN_MIB),
        "a segment archived ahead of the LSN read (read in another order) is no negative lag");
  }

  @Test
  void unknownWhenTheLastArchivedFileIsNotAWholeSegment() {
    assertNull(AddonObserver.archiveLagBytes("0/4001234", null, SIXTEEN_MIB));
    assertNull(AddonObserver.archiveLagBytes("0/4001234", "00000002.history", SIXTEEN_MIB));
    assertNull(AddonObserver.archiveLagBytes("0/4001234", "000000010000000000000003.partial", SIXTEEN_MIB));
    assertNull(AddonObserver.archiveLagBytes("0/4001234", "000000010000000000000003", null));
  }
}
