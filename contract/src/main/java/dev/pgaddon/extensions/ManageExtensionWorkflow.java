package dev.pgaddon.extensions;

import dev.pgaddon.operation.OperationWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

@WorkflowInterface
public interface ManageExtensionWorkflow extends OperationWorkflow {
  String ENABLE = "enable";
  String DISABLE = "disable";

  record ExtensionRequest(String addonId, String app, String action, String name) {}

  record ExtensionResult(String addonId, String name, String action, String detail) {}

  @WorkflowMethod(name = "ManageDatabaseExtension")
  ExtensionResult manage(ExtensionRequest request);
}
