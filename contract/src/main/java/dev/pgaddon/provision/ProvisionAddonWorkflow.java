package dev.pgaddon.provision;

import dev.pgaddon.operation.OperationWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

@WorkflowInterface
public interface ProvisionAddonWorkflow extends OperationWorkflow {
  @WorkflowMethod(name = "ProvisionAddon")
  ProvisionResult provision(ProvisionRequest request);
}
