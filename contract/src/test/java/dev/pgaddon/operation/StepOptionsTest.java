package dev.pgaddon.operation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.temporal.activity.ActivityOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class StepOptionsTest {
  /**
   * A lost worker's step moves to another worker after the heartbeat timeout, whatever the step:
   * none may fall back to its start-to-close timeout (hours for some). Steps blocked in one long
   * call (docker stop) stay alive through the worker's background heartbeats (LivenessHeartbeatsTest).
   */
  @Test
  void everyStepHasTheHeartbeatTimeoutThatDetectsALostWorker() {
    List<ActivityOptions> all = new ArrayList<>(List.of(StepOptions.NODE_DEFAULT, StepOptions.SQL_DEFAULT,
        StepOptions.ENDPOINT_DEFAULT, StepOptions.UPGRADE_DEFAULT));
    for (Map<String, ActivityOptions> perMethod : List.of(StepOptions.NODE_PER_METHOD, StepOptions.SQL_PER_METHOD,
        StepOptions.ENDPOINT_PER_METHOD, StepOptions.UPGRADE_PER_METHOD)) {
      all.addAll(perMethod.values());
      all.addAll(StepOptions.forwardOnly(perMethod).values());
    }
    for (ActivityOptions options : all) {
      assertNotNull(options.getHeartbeatTimeout(), options.toString());
      assertEquals(StepOptions.HEARTBEAT, options.getHeartbeatTimeout(), options.toString());
    }
  }
}
