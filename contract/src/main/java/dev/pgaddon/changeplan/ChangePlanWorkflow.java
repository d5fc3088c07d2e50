package dev.pgaddon.changeplan;

import dev.pgaddon.operation.OperationWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

@WorkflowInterface
public interface ChangePlanWorkflow extends OperationWorkflow {
  record ChangePlanRequest(String addonId, String app, String planId) {}

  /** @param applicationNotified the restart hook's outcome: reported, never fatal */
  record ChangePlanResult(String addonId, String fromPlan, String toPlan, String primaryNode, String applicationNotified) {}

  @WorkflowMethod(name = "ChangePlan")
  ChangePlanResult changePlan(ChangePlanRequest request);
}
