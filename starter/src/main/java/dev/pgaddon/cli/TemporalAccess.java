package dev.pgaddon.cli;

import dev.pgaddon.operation.WorkflowIds;
import dev.pgaddon.temporal.CodecKey;
import dev.pgaddon.temporal.PgaddonHome;
import dev.pgaddon.temporal.TemporalClients;
import dev.pgaddon.temporal.TemporalSettings;
import io.temporal.api.enums.v1.WorkflowExecutionStatus;
import io.temporal.api.enums.v1.WorkflowIdConflictPolicy;
import io.temporal.api.enums.v1.WorkflowIdReusePolicy;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionMetadata;
import io.temporal.client.WorkflowOptions;
import io.temporal.common.SearchAttributeKey;
import io.temporal.common.SearchAttributes;
import io.temporal.serviceclient.WorkflowServiceStubs;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/** The CLI's Temporal client, made on first use, with a clear message when the service is down. */
final class TemporalAccess {
  private static WorkflowClient client;
  private static TemporalSettings clientSettings;

  private TemporalAccess() {}

  static synchronized WorkflowClient client() {
    TemporalSettings settings = TemporalSettings.fromEnvironment();
    if (client == null || !settings.equals(clientSettings)) {
      if (!answers(settings.address())) {
        throw new CliError(CliError.UNAVAILABLE, "Temporal service not reachable at " + settings.address()
            + ": start the worker (see README) or set TEMPORAL_ADDRESS");
      }
      WorkflowServiceStubs stubs = TemporalClients.serviceStubs(settings);
      client = TemporalClients.client(stubs, settings, CodecKey.load(PgaddonHome.fromEnvironment()));
      clientSettings = settings;
    }
    return client;
  }

  /**
   * One operation per addon: the shared workflow id is refused while another operation runs. The
   * search attributes let the Web UI and `pgaddon operations` find every operation of an addon or app.
   */
  static WorkflowOptions operationOptions(String addonId, String app, String operation) {
    return WorkflowOptions.newBuilder()
        .setWorkflowId(WorkflowIds.forAddon(addonId))
        .setTaskQueue(WorkflowIds.taskQueue())
        .setWorkflowIdReusePolicy(WorkflowIdReusePolicy.WORKFLOW_ID_REUSE_POLICY_ALLOW_DUPLICATE)
        .setWorkflowIdConflictPolicy(WorkflowIdConflictPolicy.WORKFLOW_ID_CONFLICT_POLICY_FAIL)
        .setTypedSearchAttributes(SearchAttributes.newBuilder()
            .set(SearchAttributeKey.forKeyword(WorkflowIds.ADDON_ID_ATTRIBUTE), addonId)
            .set(SearchAttributeKey.forKeyword(WorkflowIds.APP_NAME_ATTRIBUTE), app)
            .set(SearchAttributeKey.forKeyword(WorkflowIds.OPERATION_ATTRIBUTE), operation)
            .build())
        .build();
  }

  /** The workflow type of the operation running on an addon; null if none runs or Temporal is down. */
  static String runningOperationIfReachable(String addonId) {
    try {
      WorkflowExecutionMetadata d = client().newUntypedWorkflowStub(WorkflowIds.forAddon(addonId)).describe();
      return d.getStatus() == WorkflowExecutionStatus.WORKFLOW_EXECUTION_STATUS_RUNNING ? d.getWorkflowType() : null;
    } catch (RuntimeException notFoundOrDown) {
      return null;
    }
  }

  private static boolean answers(String address) {
    int colon = address.lastIndexOf(':');
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))), 2000);
      return true;
    } catch (IOException | RuntimeException e) {
      return false;
    }
  }
}
