package dev.pgaddon.cli;

import dev.pgaddon.docker.DockerEngine;
import dev.pgaddon.operation.AddonNames;
import dev.pgaddon.plan.PlanCatalog;
import dev.pgaddon.provision.ProvisionAddonWorkflow;
import dev.pgaddon.provision.ProvisionRequest;
import dev.pgaddon.provision.ProvisionResult;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowStub;
import dev.pgaddon.node.ImageCatalog;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "addons-add", description = "Provision an addon for an app and wait until it is running")
final class AddonsAddCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "PROVIDER", description = "Addon provider (postgresql)")
  String provider;

  @Parameters(index = "1", paramLabel = "PLAN_ID", description = "Plan id, see addons-plans")
  String planId;

  @Option(names = "--version", paramLabel = "VERSION", description = "PostgreSQL version (default: the newest offered)")
  String version;

  @Option(names = "--restart-hook", paramLabel = "URL|COMMAND",
      description = "Run after each operation to restart the application: an http(s) URL (POSTed to) or a shell command")
  String restartHook;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    if (!PlanCatalog.PROVIDER.equals(provider)) {
      throw new CliError(CliError.INVALID, "unknown addon provider '" + provider + "'; the only provider is 'postgresql'");
    }
    if (PlanCatalog.find(planId).isEmpty()) {
      throw new CliError(CliError.INVALID, "unknown plan '" + planId + "'; run 'pgaddon addons-plans postgresql' to list the plans");
    }
    if (version != null) {
      List<String> offered = new ImageCatalog(DockerEngine.connectOrExplain()).versions();
      if (!offered.contains(version)) {
        throw new CliError(CliError.INVALID, "PostgreSQL " + version + " is not offered; available: " + String.join(", ", offered));
      }
    } else {
      DockerEngine.requireReachable();
    }
    String addonId = AddonNames.newAddonId(UUID.randomUUID());
    WorkflowClient client = TemporalAccess.client();
    ProvisionAddonWorkflow workflow = client.newWorkflowStub(ProvisionAddonWorkflow.class,
        TemporalAccess.operationOptions(addonId, app, "provision"));
    var out = spec.commandLine().getOut();
    WorkflowClient.start(workflow::provision, new ProvisionRequest(addonId, app, planId, version, restartHook));
    if (!output.json) {
      out.println("-----> Provisioning addon " + addonId + " (" + planId + ") for app " + app);
      out.flush();
    }
    ProvisionResult result = new OperationFollower(output.json ? new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()) : out)
        .follow(WorkflowStub.fromTyped(workflow), ProvisionResult.class);
    if (output.json) {
      output.printJson(out, result);
      return 0;
    }
    out.println("-----> Addon postgresql has been provisioned");
    out.println("       ID: " + result.addonId());
    out.println("       Plan: " + result.planId() + ", PostgreSQL " + result.version());
    out.println("       Database: " + result.database() + ", user " + result.username() + " (protected)");
    out.println("       Connection URL: " + result.url());
    out.println("       Message from addon provider: Database provisioned");
    return 0;
  }
}
