package dev.pgaddon.upgrade;

import dev.pgaddon.operation.OperationWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

@WorkflowInterface
public interface MinorUpgradeWorkflow extends OperationWorkflow {
  record UpgradeRequest(String addonId, String app, String version) {}

  record UpgradeResult(String addonId, String fromVersion, String toVersion, String primaryNode, String applicationNotified) {}

  @WorkflowMethod(name = "MinorUpgrade")
  UpgradeResult upgrade(UpgradeRequest request);
}
