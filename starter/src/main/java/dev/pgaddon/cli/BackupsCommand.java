package dev.pgaddon.cli;

import dev.pgaddon.api.body.BackupBody;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

@Command(name = "backups", description = "List the backups of an addon, newest first")
final class BackupsCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin AppOptions appOptions;
  @Mixin AddonOptions addonOptions;
  @Mixin OutputOptions output;

  @Override
  public Integer call() {
    String app = appOptions.requireApp();
    String addonId = addonOptions.requireAddon();
    List<BackupBody> backups = ApiClient.of(spec).get(Backups.path(app, addonId), BackupBody.Many.class).backups();
    PrintWriter out = spec.commandLine().getOut();
    if (backups.isEmpty() && !output.json) {
      out.println("Addon " + addonId + " has no backup yet: the daily one runs at the hour backups-config shows,"
          + " or make one now with backups-create");
      return 0;
    }
    output.printRows(out, backups, new Table("ID", "CREATED AT", "SIZE", "STORED", "STATUS", "METHOD", "VERIFIED"), Backups::row);
    return 0;
  }
}
