package dev.pgaddon.users;

import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.DescribeAddonInput;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.operation.StepOptions;
import dev.pgaddon.operation.Steps;
import dev.pgaddon.record.OperationRecorder;
import dev.pgaddon.users.UserActivities.UserInput;
import io.temporal.workflow.Workflow;
import java.util.List;

/** The spec's "Managing Users": one user created, its password changed, or deleted, on the primary. */
public class ManageUserWorkflowImpl implements ManageUserWorkflow {
  static final String DESCRIBE = "Check the addon";
  private final NodeActivities nodes = Steps.nodes();
  private final UserActivities users = Workflow.newActivityStub(UserActivities.class, StepOptions.SQL_DEFAULT);
  private ProgressTracker progress;

  @Override
  public UserResult manage(UserRequest request) {
    return OperationRecorder.record(request.addonId(), this::progress, () -> run(request));
  }

  private UserResult run(UserRequest request) {
    String step = switch (String.valueOf(request.action())) {
      case CREATE -> "Create user " + request.username() + (request.readOnly() ? " (read-only)" : "");
      case UPDATE_PASSWORD -> "Change the password of " + request.username();
      case DELETE -> "Delete user " + request.username();
      default -> throw Failures.invalid("unknown action '" + request.action() + "'");
    };
    // The API checked the same rules: checked again here, before anything changes.
    String problem = UserRules.usernameProblem(request.username());
    if (problem == null && !DELETE.equals(request.action())) {
      problem = UserRules.passwordProblem(request.password());
    }
    if (problem != null) {
      throw Failures.invalid(problem);
    }
    progress = new ProgressTracker("user-" + request.action(), request.addonId(), List.of(DESCRIBE, step));
    AddonState state = progress.run(DESCRIBE, () -> nodes.describeAddon(new DescribeAddonInput(request.addonId())));
    if (state.primary() == null) {
      throw Failures.invalid("addon " + request.addonId() + " has no running primary: its users cannot change now");
    }
    UserInput input = new UserInput(request.addonId(), state.primary().address(), state.database(), state.database(),
        request.username(), request.readOnly(), request.password());
    String detail = progress.run(step, () -> switch (request.action()) {
      case CREATE -> users.create(input).detail();
      case UPDATE_PASSWORD -> users.updatePassword(input).detail();
      default -> users.delete(input).detail();
    });
    progress.finish(detail);
    return new UserResult(request.addonId(), request.username(), request.action(), detail);
  }

  @Override
  public Progress progress() {
    return progress == null ? null : progress.snapshot();
  }
}
