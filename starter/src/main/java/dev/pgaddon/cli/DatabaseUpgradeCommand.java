package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.ArrayList;
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
      printVersions(out, api.get(path).path("database"));
      return 0;
    }
    Map<String, Object> request = new LinkedHashMap<>();
    request.put("version", to);
    request.put("check_only", check);
    ApiClient.Response accepted = api.send("POST", path + "/upgrade", request);
    JsonNode operation = accepted.body().path("operation");
    boolean major = operation.path("kind").asText().startsWith("major-upgrade");
    String target = operation.path("request").path("version").asText(to);
    if (!waitForIt && !check) {
      if (output.json) {
        output.printJson(out, operation);
      } else {
        out.println("-----> Addon " + addonId + " is being upgraded to PostgreSQL " + target + (major
            ? " (major: the database is unreachable during steps 1 to 3; follow it with 'operations' or the Web UI)" : ""));
      }
      return 0;
    }
    JsonNode result = OperationFollower.of(api, out, output.json).follow(accepted).path("result");
    if (output.json) {
      output.printJson(out, result);
      return 0;
    }
    if (major) {
      printMajor(out, addonId, result);
    } else {
      out.println("-----> Addon " + addonId + " has been upgraded from PostgreSQL " + result.path("fromVersion").asText()
          + " to " + result.path("toVersion").asText() + ", primary " + result.path("primaryNode").asText());
      out.println("       Application: " + result.path("applicationNotified").asText());
    }
    return 0;
  }

  /** The seed's six steps; --check runs the pre-flight only. */
  private void printMajor(PrintWriter out, String addonId, JsonNode result) {
    JsonNode report = result.path("check");
    JsonNode estimate = report.path("estimate");
    if (check) {
      out.println("-----> pg_upgrade --check: PostgreSQL " + result.path("fromVersion").asText() + " can be upgraded to "
          + result.path("toVersion").asText());
    } else {
      out.println("-----> Addon " + addonId + " has been upgraded from PostgreSQL " + result.path("fromVersion").asText()
          + " to " + result.path("toVersion").asText());
      out.printf("       Unreachable for %.1f s (steps 1 to 3), whole operation %.1f s%n",
          result.path("downtimeMillis").asLong() / 1000.0, result.path("totalMillis").asLong() / 1000.0);
    }
    out.printf("       Data: %d MiB, %d user relations; estimated downtime about %d s with pg_upgrade --link"
        + " (the seed's pessimistic estimate for copying it: %d min)%n", report.path("dataBytes").asLong() / (1024 * 1024),
        report.path("relations").asLong(), estimate.path("linkModeSeconds").asLong(),
        estimate.path("pessimisticSeconds").asLong() / 60);
    List<String> extensions = texts(check ? report.path("extensions") : result.path("extensions"));
    out.println("       Extensions: " + (extensions.isEmpty() ? "none" : String.join("; ", extensions)));
    if (!check) {
      out.println("       Base backup: " + result.path("backup").asText());
      out.println("       Application: " + result.path("applicationNotified").asText());
    }
  }

  private void printVersions(PrintWriter out, JsonNode database) {
    if (output.json) {
      output.printJson(out, database);
      return;
    }
    String current = database.path("version").asText(null);
    if (current == null) {
      throw new CliError(CliError.INVALID, "addon " + database.path("addon_id").asText() + " has no version yet: it is "
          + database.path("status").asText());
    }
    String next = database.path("next_version").asText(null);
    out.println("Current version: PostgreSQL " + current);
    if (next == null) {
      out.println("Next: none, this is the newest version offered");
    } else {
      String kind = !majorOf(current).equals(majorOf(next))
          ? "major (pg_upgrade: the database is unreachable for a while; estimate it with --check)"
          : "minor (business plans: only a switchover)";
      out.println("Next: PostgreSQL " + next + ", " + kind);
    }
    out.println("Offered: " + String.join(", ", texts(database.path("versions_offered"))));
  }

  /** "15" of "15.20". */
  static String majorOf(String version) {
    int dot = version.indexOf('.');
    return dot < 0 ? version : version.substring(0, dot);
  }

  private static List<String> texts(JsonNode array) {
    List<String> values = new ArrayList<>();
    array.forEach(v -> values.add(v.asText()));
    return values;
  }
}
