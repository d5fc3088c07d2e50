package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "addons", description = "List the addons of an app, with their status")
final class AddonsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    JsonNode addons = ApiClient.of(spec).get(ApiClient.appPath(app) + "/addons").path("addons");
    if (addons.isEmpty()) {
      throw new CliError(CliError.INVALID, "unknown app '" + app + "': no addon is attached to it");
    }
    output.printRows(spec.commandLine().getOut(), addons, new Table("ADDON", "ID", "PLAN", "VERSION", "STATUS"),
        a -> new Object[] {"PostgreSQL", a.path("id").asText(), a.path("plan_id").asText(), a.path("version").asText(""),
            a.path("status").asText()});
    return 0;
  }
}
