package dev.pgaddon.backup;

import dev.pgaddon.backup.BackupWorkflow.BackupRequest;
import dev.pgaddon.operation.WorkflowIds;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowOptions;

/** Starts an addon's backup (the API's manual ones, the daily sweep's): one at a time per addon. */
public final class BackupStarter {
  private BackupStarter() {}

  /** @throws WorkflowExecutionAlreadyStarted while another backup of the addon runs */
  public static void start(WorkflowClient temporal, String addonId, String backupId, String method) {
    WorkflowOptions options = WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.backupOf(addonId))
        .setTaskQueue(WorkflowIds.taskQueue())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .build();
    WorkflowClient.start(temporal.newWorkflowStub(BackupWorkflow.class, options)::backup,
        new BackupRequest(addonId, backupId, method));
  }
}
