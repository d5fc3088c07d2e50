package dev.pgaddon.cli;

import dev.pgaddon.api.body.AddonBody;
import dev.pgaddon.api.body.ConnectionBody;
import dev.pgaddon.api.body.DatabaseBody;
import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
    AddonBody addon = api.get(path, AddonBody.One.class).addon();
    DatabaseBody database = api.get(path + "/database", DatabaseBody.One.class).database();
    String url = showUrl ? api.get(path + "/connection", ConnectionBody.One.class).connection().url() : null;
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
    String next = database.nextVersion();
    out.println("-----> Addon " + (addon.id() == null ? addonId : addon.id()) + " of app " + app);
    out.println("       Plan: " + addon.planId());
    out.println("       Version: PostgreSQL " + (database.version() == null ? "(not yet known)" : database.version())
        + (next == null ? "" : " (next offered: " + next + ")"));
    out.println("       Status: " + addon.status());
    String replication = database.replication();
    if (replication != null) {
      out.println("       Replication: " + replication + ("synchronous".equals(replication)
          ? " (a commit returns once the follower has it)" : " (the follower is not streaming: commits do not wait for it)"));
    }
    DatabaseBody.Endpoint endpoint = database.endpoint();
    if (endpoint != null) {
      out.println("       Database: " + Objects.toString(database.databaseName(), "") + " on " + endpoint.host() + ":"
          + endpoint.port());
    }
    if (showUrl) {
      out.println("       Connection URL: " + url);
    } else {
      out.println("       Show the connection URL (it contains the password) with: pgaddon --app " + app
          + " addons-info " + addonId + " --show-url");
    }
    Table nodes = new Table("NODE", "ROLE", "STATE", "REPLICATION LAG");
    for (DatabaseBody.Node n : ApiClient.readList(database.nodes(), DatabaseBody.Node.class)) {
      nodes.row(n.name(), Objects.toString(n.role(), ""), Objects.toString(n.state(), ""), lag(n.replicationLagBytes()));
    }
    out.print(nodes.render());
    return 0;
  }

  /** Followers only; the primary (or a node that does not answer) has none. */
  static String lag(Long bytes) {
    if (bytes == null) {
      return "";
    }
    long b = bytes;
    if (b < 1024) {
      return b + " B";
    }
    return b < 1024 * 1024 ? String.format(Locale.ROOT, "%.1f KiB", b / 1024.0)
        : String.format(Locale.ROOT, "%.1f MiB", b / (1024.0 * 1024));
  }
}
