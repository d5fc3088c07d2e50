package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "addons-info", description = "Show an addon: plan, version, status and its nodes (role, state, replication lag)")
final class AddonsInfoCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "ADDON_ID")
  String addonId;

  @Option(names = "--show-url", description = "Also print the connection URL (it contains the password)")
  boolean showUrl;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    ApiClient api = ApiClient.of(spec);
    String path = ApiClient.addonPath(app, addonId);
    JsonNode addon = api.get(path).path("addon");
    JsonNode database = api.get(path + "/database").path("database");
    String url = showUrl ? api.get(path + "/connection").path("connection").path("url").asText() : null;
    PrintWriter out = spec.commandLine().getOut();
    if (output.json) {
      Map<String, Object> json = new LinkedHashMap<>();
      json.put("addon", addon);
      json.put("database", database);
      if (showUrl) {
        json.put("connection", Map.of("url", url));
      }
      output.printJson(out, json);
      return 0;
    }
    String next = database.path("next_version").asText(null);
    out.println("-----> Addon " + addon.path("id").asText(addonId) + " of app " + app);
    out.println("       Plan: " + addon.path("plan_id").asText());
    out.println("       Version: PostgreSQL " + database.path("version").asText("(not yet known)")
        + (next == null ? "" : " (next offered: " + next + ")"));
    out.println("       Status: " + addon.path("status").asText());
    String replication = database.path("replication").asText(null);
    if (replication != null) {
      out.println("       Replication: " + replication + ("synchronous".equals(replication)
          ? " (a commit returns once the follower has it)" : " (the follower is not streaming: commits do not wait for it)"));
    }
    JsonNode endpoint = database.path("endpoint");
    if (endpoint.isObject()) {
      out.println("       Database: " + database.path("database_name").asText("") + " on "
          + endpoint.path("host").asText() + ":" + endpoint.path("port").asText());
    }
    if (showUrl) {
      out.println("       Connection URL: " + url);
    } else {
      out.println("       Show the connection URL (it contains the password) with: pgaddon --app " + app
          + " addons-info " + addonId + " --show-url");
    }
    Table nodes = new Table("NODE", "ROLE", "STATE", "REPLICATION LAG");
    for (JsonNode n : database.path("nodes")) {
      nodes.row(n.path("name").asText(), n.path("role").asText(""), n.path("state").asText(""),
          lag(n.path("replication_lag_bytes")));
    }
    out.print(nodes.render());
    return 0;
  }

  /** Followers only; the primary (or a node that does not answer) has none. */
  static String lag(JsonNode bytes) {
    if (!bytes.isNumber()) {
      return "";
    }
    long b = bytes.asLong();
    if (b < 1024) {
      return b + " B";
    }
    return b < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", b / 1024.0)
        : String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
  }
}
