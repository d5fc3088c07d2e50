package dev.pgaddon.cli;

import dev.pgaddon.remove.RemoveAddonWorkflow;
import dev.pgaddon.remove.RemoveAddonWorkflow.RemoveRequest;
import dev.pgaddon.remove.RemoveAddonWorkflow.RemoveResult;
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

@Command(name = "addons-remove", description = "Remove an addon: its nodes, its data and its credentials")
final class AddonsRemoveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "ADDON_ID")
  String addonId;

  @Option(names = {"-y", "--yes"}, description = "Confirm: the addon's data is deleted")
  boolean confirmed;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    AddonLookup.require(app, addonId);
    if (!confirmed) {
      throw new CliError(CliError.INVALID, "removing " + addonId + " deletes its data: add --yes to confirm");
    }
    WorkflowClient client = TemporalAccess.client();
    RemoveAddonWorkflow workflow = client.newWorkflowStub(RemoveAddonWorkflow.class, TemporalAccess.operationOptions(addonId, app, "remove"));
    try {
      WorkflowClient.start(workflow::remove, new RemoveRequest(addonId, app));
    } catch (WorkflowExecutionAlreadyStarted busy) {
      throw AddonLookup.busy(addonId);
    }
    RemoveResult result = WorkflowStub.fromTyped(workflow).getResult(RemoveResult.class);
    if (output.json) {
      output.printJson(spec.commandLine().getOut(), result);
    } else {
      spec.commandLine().getOut().println("-----> Addon " + addonId + " has been removed ("
          + result.containers() + " containers, " + result.volumes() + " volumes)");
    }
    return 0;
  }
}
