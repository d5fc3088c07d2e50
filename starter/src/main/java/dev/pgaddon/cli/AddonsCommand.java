package dev.pgaddon.cli;

import dev.pgaddon.api.body.AddonBody;
import java.util.List;
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
    List<AddonBody> addons = ApiClient.of(spec).get(ApiClient.appPath(app) + "/addons", AddonBody.Many.class).addons();
    if (addons.isEmpty()) {
      throw new CliError(CliError.INVALID, "unknown app '" + app + "': no addon is attached to it");
    }
    output.printRows(spec.commandLine().getOut(), addons, new Table("ADDON", "ID", "PLAN", "VERSION", "STATUS"),
        a -> new Object[] {"PostgreSQL", a.id(), a.planId(), a.version() == null ? "" : a.version(), a.status()});
    return 0;
  }
}
