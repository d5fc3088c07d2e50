package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.pgaddon.api.body.DatabaseBody;
import dev.pgaddon.api.body.OperationBody;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The API checks the version rules (same sentences as before) and picks minor or major; this prints. */
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

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    String addonId = addonOptions.requireAddon();
    ApiClient api = ApiClient.of(spec);
    PrintWriter out = spec.commandLine().getOut();
    String path = ApiClient.addonPath(app, addonId) + "/database";
    if (list) {
      printVersions(out, api.get(path, DatabaseBody.One.class).database());
      return 0;
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("version", to);
    request.put("check_only", check);
    ApiClient.Response accepted = api.send("POST", path + "/upgrade", request);
    OperationBody operation = accepted.as(OperationBody.One.class).operation();
    boolean major = operation.kind().startsWith("major-upgrade");
    String target = ApiClient.read(operation.request(), Requested.class).version();
    target = target == null ? to : target;
    if (!waitForIt && !check) {
      if (output.json) {
        output.printJson(out, operation);
      } else {
        out.println("-----> Addon " + addonId + " is being upgraded to PostgreSQL " + target + (major
            ? " (major: the database is unreachable during steps 1 to 3; follow it with 'operations' or the Web UI)" : ""));
      }
      return 0;
    }
    JsonNode result = OperationFollower.of(api, out, output.json).follow(accepted).result();
    if (output.json) {
      output.printJson(out, result);
      return 0;
    }
    if (major) {
      printMajor(out, addonId, ApiClient.read(result, MajorUpgraded.class));
    } else {
      MinorUpgraded done = ApiClient.read(result, MinorUpgraded.class);
      out.println("-----> Addon " + addonId + " has been upgraded from PostgreSQL " + done.fromVersion()
          + " to " + done.toVersion() + ", primary " + done.primaryNode());
      out.println("       Application: " + done.applicationNotified());
    }
    return 0;
  }

  /** The seed's six steps; --check runs the pre-flight only. */
  private void printMajor(PrintWriter out, String addonId, MajorUpgraded result) {
    Check report = result.check() == null ? new Check(0, 0, null, null) : result.check();
    Estimate estimate = report.estimate() == null ? new Estimate(0, 0) : report.estimate();
    if (check) {
      out.println("-----> pg_upgrade --check: PostgreSQL " + result.fromVersion() + " can be upgraded to " + result.toVersion());
    } else {
      out.println("-----> Addon " + addonId + " has been upgraded from PostgreSQL " + result.fromVersion()
          + " to " + result.toVersion());
      out.printf("       Unreachable for %.1f s (steps 1 to 3), whole operation %.1f s%n",
          result.downtimeMillis() / 1000.0, result.totalMillis() / 1000.0);
    }
    out.printf("       Data: %d MiB, %d user relations; estimated downtime about %d s with pg_upgrade --link"
        + " (the seed's pessimistic estimate for copying it: %d min)%n", report.dataBytes() / (1024 * 1024),
        report.relations(), estimate.linkModeSeconds(), estimate.pessimisticSeconds() / 60);
    List<String> extensions = check ? report.extensions() : result.extensions();
    out.println("       Extensions: " + (extensions == null || extensions.isEmpty() ? "none" : String.join("; ", extensions)));
    if (!check) {
      out.println("       Base backup: " + result.backup());
      out.println("       Application: " + result.applicationNotified());
    }
  }

  private void printVersions(PrintWriter out, DatabaseBody database) {
    if (output.json) {
      output.printJson(out, database);
      return;
    }
    String current = database.version();
    if (current == null) {
      throw new CliError(CliError.INVALID, "addon " + database.addonId() + " has no version yet: it is " + database.status());
    }
    String next = database.nextVersion();
    out.println("Current version: PostgreSQL " + current);
    if (next == null) {
      out.println("Next: none, this is the newest version offered");
    } else {
      String kind = !majorOf(current).equals(majorOf(next))
          ? "major (pg_upgrade: the database is unreachable for a while; estimate it with --check)"
          : "minor (business plans: only a switchover)";
      out.println("Next: PostgreSQL " + next + ", " + kind);
    }
    out.println("Offered: " + String.join(", ", database.versionsOffered() == null ? List.of() : database.versionsOffered()));
  }

  /** "15" of "15.20". */
  static String majorOf(String version) {
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }

  /** What the upgrade was asked, as the audit trail keeps it. */
  record Requested(String version) {}

  /** The fields of the minor upgrade workflow's result this command prints. */
  record MinorUpgraded(String fromVersion, String toVersion, String primaryNode, String applicationNotified) {}

  /** The fields of the major upgrade workflow's result (and its pre-flight report) this command prints. */
  record MajorUpgraded(String fromVersion, String toVersion, Check check, long downtimeMillis, long totalMillis,
      List<String> extensions, String backup, String applicationNotified) {}

  record Check(long dataBytes, long relations, List<String> extensions, Estimate estimate) {}

  record Estimate(long linkModeSeconds, long pessimisticSeconds) {}
}
