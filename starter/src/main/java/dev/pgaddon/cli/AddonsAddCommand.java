package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.pgaddon.api.body.AddonBody;
import dev.pgaddon.api.body.ConnectionBody;
import java.util.LinkedHashMap;
import java.util.Map;
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

  @Option(names = "--restart-hook", paramLabel = "URL",
      description = "An http(s) URL that is POSTed a signed JSON body after each operation (to restart the application)")
  String restartHook;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    AddonsPlansCommand.requireProvider(provider);
    Map<String, Object> addon = new LinkedHashMap<>();
    addon.put("provider_id", provider);
    addon.put("plan_id", planId);
    addon.put("version", version);
    addon.put("restart_hook", restartHook);
    ApiClient api = ApiClient.of(spec);
    ApiClient.Response accepted = api.send("POST", ApiClient.appPath(app) + "/addons", Map.of("addon", addon));
    String addonId = accepted.as(AddonBody.Accepted.class).addon().id();
    var out = spec.commandLine().getOut();
    if (!output.json) {
      out.println("-----> Provisioning addon " + addonId + " (" + planId + ") for app " + app);
      out.flush();
    }
    JsonNode result = OperationFollower.of(api, out, output.json).follow(accepted).result();
    // The operation's result leaves the password out: only this route hands the URL out.
    String url = api.get(ApiClient.addonPath(app, addonId) + "/connection", ConnectionBody.One.class).connection().url();
    if (output.json) {
      ObjectNode json = result != null && result.isObject() ? ((ObjectNode) result).deepCopy() : JsonNodeFactory.instance.objectNode();
      output.printJson(out, json.put("url", url));
      return 0;
    }
    Provisioned done = ApiClient.read(result, Provisioned.class);
    out.println("-----> Addon postgresql has been provisioned");
    out.println("       ID: " + addonId);
    out.println("       Plan: " + (done.planId() == null ? planId : done.planId()) + ", PostgreSQL " + done.version());
    out.println("       Database: " + done.database() + ", user " + (done.username() == null ? done.database() : done.username())
        + " (protected)");
    out.println("       Connection URL: " + url);
    out.println("       Message from addon provider: Database provisioned");
    return 0;
  }

  /** The fields of the provisioning workflow's result this command prints. */
  record Provisioned(String database, String planId, String version, String username) {}
}
