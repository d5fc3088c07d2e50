package dev.pgaddon.record;

import io.temporal.activity.ActivityOptions;
import io.temporal.common.RetryOptions;
import io.temporal.workflow.Workflow;
import java.time.Duration;

public class StatusRefreshWorkflowImpl implements StatusRefreshWorkflow {
  /** One attempt per tick: the next tick, seconds later, is the retry. */
  private final ControlActivities control = Workflow.newActivityStub(ControlActivities.class, ActivityOptions.newBuilder()
      .setStartToCloseTimeout(Duration.ofMinutes(2))
      .setRetryOptions(RetryOptions.newBuilder().setMaximumAttempts(1).build())
      .build());

  @Override
  public ControlActivities.Refreshed refresh() {
    return control.refreshAll();
  }
}
