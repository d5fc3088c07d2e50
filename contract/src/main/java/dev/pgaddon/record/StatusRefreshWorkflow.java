package dev.pgaddon.record;

import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

/** Run by a Temporal Schedule: every addon's observed status, from its nodes, into the control database. */
@WorkflowInterface
public interface StatusRefreshWorkflow {
  @WorkflowMethod(name = "RefreshStatus")
  ControlActivities.Refreshed refresh();
}
