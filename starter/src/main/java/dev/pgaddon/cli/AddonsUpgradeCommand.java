package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.Map;
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
    ApiClient api = ApiClient.of(spec);
    ApiClient.Response accepted = api.send("PATCH", ApiClient.addonPath(app, addonId),
        Map.of("addon", Map.of("plan_id", planId)));
    PrintWriter out = spec.commandLine().getOut();
    if (!waitForIt) {
      if (output.json) {
        output.printJson(out, accepted.body());
      } else {
        printAccepted(out);
      }
      return 0;
    }
    JsonNode result = OperationFollower.of(api, out, output.json).follow(accepted).result();
    if (output.json) {
      output.printJson(out, result);
      return 0;
    }
    PlanChanged changed = ApiClient.read(result, PlanChanged.class);
    printAccepted(out);
    out.println("       Plan: " + changed.fromPlan() + " -> " + (changed.toPlan() == null ? planId : changed.toPlan())
        + ", primary " + changed.primaryNode());
    out.println("       Application: " + changed.applicationNotified());
    return 0;
  }

  private void printAccepted(PrintWriter out) {
    out.println("-----> Addon " + addonId + " has been upgraded");
    out.println("       Message from addon provider: Database plan is being changed");
  }

  /** The fields of the plan change workflow's result this command prints. */
  record PlanChanged(String fromPlan, String toPlan, String primaryNode, String applicationNotified) {}
}
