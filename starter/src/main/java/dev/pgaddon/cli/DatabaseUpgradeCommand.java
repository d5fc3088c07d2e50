package dev.pgaddon.cli;

import com.github.dockerjava.api.DockerClient;
import dev.pgaddon.docker.DockerEngine;
import dev.pgaddon.inventory.AddonView;
import dev.pgaddon.node.ImageCatalog;
import dev.pgaddon.upgrade.MajorUpgradeWorkflow;
import dev.pgaddon.upgrade.MajorUpgradeWorkflow.MajorUpgradeRequest;
import dev.pgaddon.upgrade.MajorUpgradeWorkflow.MajorUpgradeResult;
import dev.pgaddon.upgrade.MinorUpgradeWorkflow;
import dev.pgaddon.upgrade.UpgradeActivities.CheckReport;
import dev.pgaddon.upgrade.UpgradeEstimate;
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

@Command(name = "database-upgrade", description = "Show, check or run the next PostgreSQL upgrade of an addon (minor: rolling; major: pg_upgrade)")
final class DatabaseUpgradeCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Option(names = "--list", description = "Show the current version and what is available next")
  boolean list;

  @Option(names = "--to", paramLabel = "VERSION", description = "Target version (default: the next one offered)")
  String to;

  @Option(names = "--check", description = "Major upgrades: run only the pre-flight (pg_upgrade --check, duration estimate); nothing is stopped")
  boolean check;

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
    boolean major = VersionRules.isMajor(addon.version(), target);
    if (check && !major) {
      throw new CliError(CliError.INVALID, "PostgreSQL " + target + " is a minor upgrade of " + addon.version()
          + ": it keeps the data directory, so there is no pg_upgrade to check");
    }
    WorkflowClient client = TemporalAccess.client();
    return major ? runMajor(client, out, app, addonId, target) : runMinor(client, out, app, addonId, target);
  }

  private int runMinor(WorkflowClient client, PrintWriter out, String app, String addonId, String target) {
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
    UpgradeResult result = follower(out).follow(WorkflowStub.fromTyped(workflow), UpgradeResult.class);
    if (output.json) {
      output.printJson(out, result);
      return 0;
    }
    out.println("-----> Addon " + addonId + " has been upgraded from PostgreSQL " + result.fromVersion()
        + " to " + result.toVersion() + ", primary " + result.primaryNode());
    out.println("       Application: " + result.applicationNotified());
    return 0;
  }

  /** The seed's six steps; --check runs the pre-flight only, and always waits for its answer. */
  private int runMajor(WorkflowClient client, PrintWriter out, String app, String addonId, String target) {
    MajorUpgradeWorkflow workflow = client.newWorkflowStub(MajorUpgradeWorkflow.class,
        TemporalAccess.operationOptions(addonId, app, check ? "major-upgrade-check" : "major-upgrade"));
    try {
      WorkflowClient.start(workflow::upgrade, new MajorUpgradeRequest(addonId, app, target, check));
    } catch (WorkflowExecutionAlreadyStarted busy) {
      throw AddonLookup.busy(addonId);
    }
    if (!waitForIt && !check) {
      out.println("-----> Addon " + addonId + " is being upgraded to PostgreSQL " + target
          + " (major: the database is unreachable during steps 1 to 3; follow it with 'operations' or the Web UI)");
      return 0;
    }
    MajorUpgradeResult result = follower(out).follow(WorkflowStub.fromTyped(workflow), MajorUpgradeResult.class);
    if (output.json) {
      output.printJson(out, result);
      return 0;
    }
    CheckReport report = result.check();
    UpgradeEstimate estimate = report.estimate();
    if (check) {
      out.println("-----> pg_upgrade --check: PostgreSQL " + result.fromVersion() + " can be upgraded to " + result.toVersion());
    } else {
      out.println("-----> Addon " + addonId + " has been upgraded from PostgreSQL " + result.fromVersion() + " to "
          + result.toVersion());
      out.printf("       Unreachable for %.1f s (steps 1 to 3), whole operation %.1f s%n",
          result.downtimeMillis() / 1000.0, result.totalMillis() / 1000.0);
    }
    out.printf("       Data: %d MiB, %d user relations; estimated downtime about %d s with pg_upgrade --link"
        + " (the seed's pessimistic estimate for copying it: %d min)%n", report.dataBytes() / (1024 * 1024),
        report.relations(), estimate.linkModeSeconds(), estimate.pessimisticSeconds() / 60);
    List<String> extensions = check ? report.extensions() : result.extensions();
    out.println("       Extensions: " + (extensions.isEmpty() ? "none" : String.join("; ", extensions)));
    if (!check) {
      out.println("       Base backup: " + result.backup());
      out.println("       Application: " + result.applicationNotified());
    }
    return 0;
  }

  private OperationFollower follower(PrintWriter out) {
    return new OperationFollower(output.json ? new PrintWriter(OutputStream.nullOutputStream()) : out);
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
      String kind = VersionRules.isMajor(versions.current(), versions.next())
          ? "major (pg_upgrade: the database is unreachable for a while; estimate it with --check)"
          : "minor (business plans: only a switchover)";
      out.println("Next: PostgreSQL " + versions.next() + ", " + kind);
    }
    out.println("Offered: " + String.join(", ", versions.offered()));
  }
}
