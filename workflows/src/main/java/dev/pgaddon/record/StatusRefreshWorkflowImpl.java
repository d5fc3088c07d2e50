package dev.pgaddon.record;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class StatusRefreshWorkflowImpl implements StatusRefreshWorkflow {
  /**
   * One attempt per tick: the next tick, seconds later, is the retry. It heartbeats per addon, so a
   * refresh stuck on one is given up in a minute rather than left running beside the next.
   */
  private final ControlActivities control = Workflow.newActivityStub(ControlActivities.class, ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(10))
      .setHeartbeatTimeout(Duration.ofMinutes(1))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
      .build());

  @Override
  public ControlActivities.Refreshed refresh() {
    return control.refreshAll();
  }
}
