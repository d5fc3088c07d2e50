package dev.pgaddon.cli;

import dev.pgaddon.changeplan.ChangePlanWorkflow;
import dev.pgaddon.changeplan.ChangePlanWorkflow.ChangePlanRequest;
import dev.pgaddon.changeplan.ChangePlanWorkflow.ChangePlanResult;
import dev.pgaddon.inventory.AddonView;
import dev.pgaddon.plan.PlanCatalog;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowStub;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "addons-upgrade", description = "Change the plan of an addon (the seed's \\\"Scaling\\\")")
final class AddonsUpgradeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "ADDON_ID")
  String addonId;

  @Parameters(index = "1", paramLabel = "PLAN_ID")
  String planId;

  @Option(names = "--wait", description = "Follow the operation step by step until it is done")
  boolean waitForIt;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    if (PlanCatalog.find(planId).isEmpty()) {
      throw new CliError(CliError.INVALID, "unknown plan '" + planId + "'; run 'pgaddon addons-plans postgresql' to list the plans");
    }
    AddonView addon = AddonLookup.require(app, addonId);
    if (planId.equals(addon.planId())) {
      throw new CliError(CliError.INVALID, "addon " + addonId + " is already on plan " + planId);
    }
    WorkflowClient client = TemporalAccess.client();
    ChangePlanWorkflow workflow = client.newWorkflowStub(ChangePlanWorkflow.class, TemporalAccess.operationOptions(addonId, app, "change-plan"));
    try {
      WorkflowClient.start(workflow::changePlan, new ChangePlanRequest(addonId, app, planId));
    } catch (WorkflowExecutionAlreadyStarted busy) {
      throw AddonLookup.busy(addonId);
    }
    var out = spec.commandLine().getOut();
    if (!waitForIt) {
      printAccepted(out);
      return 0;
    }
    var follower = new OperationFollower(output.json ? new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()) : out);
    ChangePlanResult result = follower.follow(WorkflowStub.fromTyped(workflow), ChangePlanResult.class);
    if (output.json) {
      output.printJson(out, result);
      return 0;
    }
    printAccepted(out);
    out.println("       Plan: " + result.fromPlan() + " -> " + result.toPlan() + ", primary " + result.primaryNode());
    out.println("       Application: " + result.applicationNotified());
    return 0;
  }

  private void printAccepted(java.io.PrintWriter out) {
    out.println("-----> Addon " + addonId + " has been upgraded");
    out.println("       Message from addon provider: Database plan is being changed");
  }
}
