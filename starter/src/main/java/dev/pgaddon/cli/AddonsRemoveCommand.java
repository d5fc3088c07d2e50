package dev.pgaddon.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

@Command(name = "addons-remove", description = "Remove an addon: its nodes, its data and its credentials")
final class AddonsRemoveCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin OutputOptions output;

  @Parameters(index = "0", paramLabel = "ADDON_ID")
  String addonId;

  @Option(names = {"-y", "--yes"}, description = "Confirm: the addon's data is deleted")
  boolean confirmed;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    if (!confirmed) {
      throw new CliError(CliError.INVALID, "removing " + addonId + " deletes its data: add --yes to confirm");
    }
    ApiClient api = ApiClient.of(spec);
    ApiClient.Response accepted = api.send("DELETE", ApiClient.addonPath(app, addonId), null);
    var out = spec.commandLine().getOut();
    JsonNode result = OperationFollower.of(api, out, output.json).follow(accepted).result();
    if (output.json) {
      output.printJson(out, result);
    } else {
      Removed removed = ApiClient.read(result, Removed.class);
      out.println("-----> Addon " + addonId + " has been removed (" + removed.containers() + " containers, "
          + removed.volumes() + " volumes)");
    }
    return 0;
  }

  /** The fields of the removal workflow's result this command prints. */
  record Removed(int containers, int volumes) {}
}
