package dev.pgaddon.operation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.pgaddon.node.NodeActivities;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class StepOptionsTest {
  /**
   * These steps stop a node before their first heartbeat. A heartbeat timeout shorter than the stop
   * timeout lets Temporal start a second attempt on the container the first one is still stopping.
   */
  @Test
  void stepsThatStopANodeWaitLongerThanTheStopForTheirFirstHeartbeat() {
    Duration stop = Duration.ofSeconds(NodeActivities.STOP_TIMEOUT_SECONDS);
    for (String step : List.of("RecreateNodeWithPlan", "RejoinAsFollower")) {
      Duration heartbeat = StepOptions.NODE_PER_METHOD.get(step).getHeartbeatTimeout();
      assertTrue(heartbeat.compareTo(stop.plusSeconds(10)) > 0, step + ": heartbeat timeout " + heartbeat + " vs stop " + stop);
    }
  }
}
