package dev.pgaddon.failover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.google.protobuf.ByteString;
import dev.pgaddon.temporal.TemporalClients;
import io.temporal.api.common.v1.Payload;
import org.junit.jupiter.api.Test;

class WatchMemoryTest {
  @Test
  void detailsAnotherWorkerVersionWroteAreStillRead() {
    // A worker of an earlier version heartbeated a field this one does not have: every attempt of
    // the watch failed on it after the upgrade (seen on this machine: attempt 245 and counting).
    Payload earlier = Payload.newBuilder()
        .putMetadata("encoding", ByteString.copyFromUtf8("json/plain"))
        .setData(ByteString.copyFromUtf8("{\"primary\":\"node2\",\"lossless\":true}"))
        .build();
    WatchMemory memory = TemporalClients.payloadConverter().fromPayload(earlier, WatchMemory.class, WatchMemory.class);
    assertEquals("node2", memory.primary());
  }
}
