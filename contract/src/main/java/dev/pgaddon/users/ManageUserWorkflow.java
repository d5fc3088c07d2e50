package dev.pgaddon.users;

import dev.pgaddon.operation.OperationWorkflow;
import io.temporal.workflow.WorkflowInterface;
import io.temporal.workflow.WorkflowMethod;

@WorkflowInterface
public interface ManageUserWorkflow extends OperationWorkflow {
  String CREATE = "create";
  String UPDATE_PASSWORD = "update-password";
  String DELETE = "delete";

  /** @param password null when deleting; encrypted in the history by the payload codec, never in a result */
  record UserRequest(String addonId, String app, String action, String username, boolean readOnly, String password) {
    /** The request as the audit trail keeps it: without the password. */
    public UserRequest withoutPassword() {
      return new UserRequest(addonId, app, action, username, readOnly, null);
    }
  }

  record UserResult(String addonId, String username, String action, String detail) {}

  @WorkflowMethod(name = "ManageDatabaseUser")
  UserResult manage(UserRequest request);
}
