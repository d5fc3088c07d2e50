package dev.pgaddon.remove;

import dev.pgaddon.operation.OperationWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

@WorkflowInterface
public interface RemoveAddonWorkflow extends OperationWorkflow {
  record RemoveRequest(String addonId, String app) {}

  record RemoveResult(String addonId, int containers, int volumes) {}

  @WorkflowMethod(name = "RemoveAddon")
  RemoveResult remove(RemoveRequest request);
}
