package dev.pgaddon.extensions;

import dev.pgaddon.extensions.ExtensionActivities.ExtensionInput;
import dev.pgaddon.node.AddonState;
import dev.pgaddon.node.NodeActivities;
import dev.pgaddon.node.NodeActivities.DescribeAddonInput;
import dev.pgaddon.operation.Failures;
import dev.pgaddon.operation.Progress;
import dev.pgaddon.operation.ProgressTracker;
import dev.pgaddon.operation.StepOptions;
import dev.pgaddon.operation.Steps;
import dev.pgaddon.record.OperationRecorder;
import io.temporal.workflow.Workflow;
import java.util.List;

/** One extension enabled or disabled in the application's database, on the primary. */
public class ManageExtensionWorkflowImpl implements ManageExtensionWorkflow {
  static final String DESCRIBE = "Check the addon";
  private final NodeActivities nodes = Steps.nodes();
  private final ExtensionActivities extensions = Workflow.newActivityStub(ExtensionActivities.class, StepOptions.SQL_DEFAULT);
  private ProgressTracker progress;

  @Override
  public ExtensionResult manage(ExtensionRequest request) {
    return OperationRecorder.record(request.addonId(), this::progress, () -> run(request));
  }

  private ExtensionResult run(ExtensionRequest request) {
    boolean enable = ENABLE.equals(request.action());
    if (!enable && !DISABLE.equals(request.action())) {
      throw Failures.invalid("unknown action '" + request.action() + "'");
    }
    String problem = ExtensionRules.nameProblem(request.name());
    if (problem != null) {
      throw Failures.invalid(problem);
    }
    String step = (enable ? "Enable extension " : "Disable extension ") + request.name();
    progress = new ProgressTracker("extension-" + request.action(), request.addonId(), List.of(DESCRIBE, step));
    AddonState state = progress.run(DESCRIBE, () -> nodes.describeAddon(new DescribeAddonInput(request.addonId())));
    if (state.primary() == null) {
      throw Failures.invalid("addon " + request.addonId() + " has no running primary: its extensions cannot change now");
    }
    ExtensionInput input = new ExtensionInput(request.addonId(), state.primary().address(), state.database(), request.name());
    String detail = progress.run(step, () -> (enable ? extensions.enable(input) : extensions.disable(input)).detail());
    progress.finish(detail);
    return new ExtensionResult(request.addonId(), request.name(), request.action(), detail);
  }

  @Override
  public Progress progress() {
    return progress == null ? null : progress.snapshot();
  }
}
