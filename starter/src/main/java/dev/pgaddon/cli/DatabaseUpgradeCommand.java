package dev.pgaddon.cli;

import com.github.dockerjava.api.DockerClient;
import dev.pgaddon.docker.DockerEngine;
import dev.pgaddon.inventory.AddonView;
import dev.pgaddon.node.ImageCatalog;
import dev.pgaddon.upgrade.MinorUpgradeWorkflow;
import dev.pgaddon.upgrade.MinorUpgradeWorkflow.UpgradeRequest;
import dev.pgaddon.upgrade.MinorUpgradeWorkflow.UpgradeResult;
import dev.pgaddon.upgrade.VersionRules;
import io.temporal.client.WorkflowClient;
import io.temporal.client.WorkflowExecutionAlreadyStarted;
import io.temporal.client.WorkflowStub;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(name = "database-upgrade", description = "Show or run the next PostgreSQL upgrade of an addon (minor versions)")
final class DatabaseUpgradeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Option(names = "--list", description = "Show the current version and what is available next")
  boolean list;

  @Option(names = "--to", paramLabel = "VERSION", description = "Target version (default: the next one offered)")
  String to;

  @Option(names = "--wait", description = "Follow the upgrade step by step until it is done")
  boolean waitForIt;

  record Versions(String current, String next, List<String> offered) {}

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    String addonId = addonOptions.requireAddon();
    DockerClient docker = DockerEngine.connectOrExplain();
    AddonView addon = AddonLookup.require(docker, app, addonId);
    List<String> offered = new ImageCatalog(docker).versions();
    String next = VersionRules.next(addon.version(), offered).orElse(null);
    PrintWriter out = spec.commandLine().getOut();
    if (list) {
      printVersions(out, new Versions(addon.version(), next, offered));
      return 0;
    }
    String target = to != null ? to : next;
    if (target == null) {
      throw new CliError(CliError.INVALID, "PostgreSQL " + addon.version() + " is the newest version offered: nothing to upgrade");
    }
    String problem = VersionRules.problem(addon.version(), target, offered);
    if (problem != null) {
      throw new CliError(CliError.INVALID, problem);
    }
    if (VersionRules.isMajor(addon.version(), target)) {
      throw new CliError(CliError.INVALID, "PostgreSQL " + target + " is a major upgrade, which this platform does not run yet");
    }
    WorkflowClient client = TemporalAccess.client();
    MinorUpgradeWorkflow workflow = client.newWorkflowStub(MinorUpgradeWorkflow.class,
        TemporalAccess.operationOptions(addonId, app, "minor-upgrade"));
    try {
      WorkflowClient.start(workflow::upgrade, new UpgradeRequest(addonId, app, target));
    } catch (WorkflowExecutionAlreadyStarted busy) {
      throw AddonLookup.busy(addonId);
    }
    if (!waitForIt) {
      out.println("-----> Addon " + addonId + " is being upgraded to PostgreSQL " + target);
      return 0;
    }
    UpgradeResult result = new OperationFollower(output.json ? new PrintWriter(OutputStream.nullOutputStream()) : out)
        .follow(WorkflowStub.fromTyped(workflow), UpgradeResult.class);
    if (output.json) {
      output.printJson(out, result);
      return 0;
    }
    out.println("-----> Addon " + addonId + " has been upgraded from PostgreSQL " + result.fromVersion()
        + " to " + result.toVersion() + ", primary " + result.primaryNode());
    out.println("       Application: " + result.applicationNotified());
    return 0;
  }

  private void printVersions(PrintWriter out, Versions versions) {
    if (output.json) {
      output.printJson(out, versions);
      return;
    }
    out.println("Current version: PostgreSQL " + versions.current());
    if (versions.next() == null) {
      out.println("Next: none, this is the newest version offered");
    } else {
      String kind = VersionRules.isMajor(versions.current(), versions.next()) ? "major (not run by this platform yet)"
          : "minor (business plans: only a switchover)";
      out.println("Next: PostgreSQL " + versions.next() + ", " + kind);
    }
    out.println("Offered: " + String.join(", ", versions.offered()));
  }
}
